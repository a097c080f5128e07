"""Worker processes end with their parent.

A process pool's workers outlive a parent killed with SIGKILL (nothing runs in the parent to
stop them) and would go on rendering for nobody. :func:`die_with_parent`, run first in each
worker, asks Linux to send the worker SIGKILL when its parent ends (``prctl``
``PR_SET_PDEATHSIG``) and, on every system, starts a thread that ends the worker once its
parent process has gone (it is then adopted by another process: ``getppid`` changes).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """End this process when process ``parent`` (its parent) ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl here: the watching thread below still ends the worker
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="amc-parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
