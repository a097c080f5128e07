"""Get the compiled kernels ready while a batch's inputs are read, on a thread of its own.

A large batch is scored by compiled kernels (:mod:`amc_assess.kernels`): the C library, which
loads in a millisecond but is compiled on a machine's first large batch (about a second), or,
where no C compiler works, numba, whose import and CPU target cost 0.5-0.9 s in every process.
None of that depends on the answers, and reading a large CSV or Parquet file leaves a core free
(pandas' parser and Arrow's readers release the GIL), so :func:`load_compiler` starts it at
once and the engine finds it done. Small inputs are scored in plain Python and load nothing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

WARM_FROM_BYTES = 1 << 20  # tabular input; a 1 MiB CSV export holds some thousands of rows
TABULAR = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq")


def load_compiler(paths: Sequence[str | Path]) -> threading.Thread | None:
    """Start loading numba when ``paths`` are large enough to be scored by its kernels;
    the thread (join it once the engine has run), or None."""
    if os.environ.get("AMC_KERNELS", "") == "python":
        return None
    size = 0
    for raw in paths:
        path = Path(raw)
        if path.suffix.lower() in TABULAR and path.is_file():
            size += path.stat().st_size
    if size < WARM_FROM_BYTES:
        return None
    thread = threading.Thread(target=_load, name="amc-load-kernels", daemon=True)
    thread.start()
    return thread


def _load() -> None:
    from amc_assess import native  # lazy: ctypes and the compiler for large inputs only

    if os.environ.get("AMC_KERNELS", "") != "numba" and native.library() is not None:
        return  # the C kernels are loaded (compiled first, on a machine's first large batch)
    try:
        # lazy: numba is loaded for large inputs only, on this thread
        from numba.core.compiler_lock import global_compiler_lock
        from numba.core.registry import cpu_target

        with global_compiler_lock:  # as numba's own first compile or cache load holds it
            cpu_target.target_context.refresh()
    except Exception:  # noqa: BLE001, S110 - the engine loads numba again and reports it
        pass
