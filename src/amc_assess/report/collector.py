"""The cyclic garbage collector paused while one report is made.

Making a one-firm report creates some 10^5 objects (reportlab's, pydantic's, the modules it
imports), few of them garbage, and a collection of the oldest generation walks every live
object, the imported modules' too: about 30-50 ms of collections that free next to nothing.
:func:`paused_gc` holds collections back for the block and leaves the collector as it found it
(what the block made is collected as usual after it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while the block runs, restored after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
