"""Ctrl-C held back while a call runs that an interrupt would crash.

pandas 3.1 reads a UTF-8 CSV file on every core: a KeyboardInterrupt raised in the main
thread while its reader threads still parse made the process die of a segmentation fault
(exit 139, no message; a trial hit it in 8 of 110 interrupts of ``amc batch``). Such a call
runs under :func:`held`: a Ctrl-C is noted, and raised once the call has returned, so that
amc stops as it always does ("Interrupted", exit 130), a moment later.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

T = TypeVar("T")


def held(call: Callable[[], T]) -> T:
    """``call()``, with a Ctrl-C during it raised as KeyboardInterrupt when it returns (on
    the main thread; elsewhere, or under a handler not set from Python, as it is)."""
    if threading.current_thread() is not threading.main_thread():
        return call()
    before = signal.getsignal(signal.SIGINT)
    if before is None:  # a handler Python did not set: it cannot be put back
        return call()
    caught: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    signal.signal(signal.SIGINT, note)
    try:
        result = call()
    finally:
        signal.signal(signal.SIGINT, before)
    if caught:
        raise KeyboardInterrupt
    return result
