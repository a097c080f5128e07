"""The engine's kernels in C (``kernels.c``), compiled once per machine and loaded by ctypes
(no numpy: the relationship audit runs its kernel without it; the array wrappers are in
:mod:`amc_assess.native`).

The C source ships in the package. On first use it is compiled by the system C compiler
(``$CC``, else ``cc``) into a shared library in the user's cache folder
(:mod:`amc_assess.cachedir`), named by a hash of the source, the flags, the platform and the
processor, and written atomically; later processes load it in about a millisecond. Where no
compiler works, :func:`library` returns None and the engine compiles its Python kernels with
numba instead (:mod:`amc_assess.kernels`).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import platform
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from amc_assess.cachedir import UID, cache_dir, private, private_folder

SOURCE = Path(__file__).with_name("kernels.c")
SOURCES = [SOURCE, Path(__file__).with_name("csvscan.c")]  # one library
# -march=native: the library is for this machine's processor (its flags are in the name's
# hash); no -ffast-math, no contraction into fused multiply-adds: results stay bit-exact.
FLAGS = ["-O3", "-march=native", "-shared", "-fPIC", "-ffp-contract=off", "-fno-trapping-math"]
FLAGS += ["-lm", "-pthread"]  # -pthread: the betweenness kernel's threads
_state: dict[str, ctypes.CDLL | None] = {}
_lock = threading.Lock()
_i64, _f64, _int, _ptr = ctypes.c_int64, ctypes.c_double, ctypes.c_int, ctypes.c_void_p


def library() -> ctypes.CDLL | None:
    """The compiled kernels (compiled now if this machine has none yet), or None."""
    with _lock:  # one compile, even when a warm-up thread asks at the same time
        if "lib" not in _state:
            _state["lib"] = _load()
        return _state["lib"]


def _load() -> ctypes.CDLL | None:
    source = b"\0".join(path.read_bytes() for path in SOURCES)
    compiler = os.environ.get("CC", "cc")
    key = hashlib.sha256(
        b"\0".join([source, compiler.encode(), " ".join(FLAGS).encode(),
                    _system(), sys.implementation.cache_tag.encode(),
                    _processor()])
    ).hexdigest()[:16]  # fmt: skip
    for folder in _folders():
        path = folder / f"kernels-{key}.so"
        if (path.exists() or _compile(compiler, folder, path)) and private(folder):
            try:
                return _bind(ctypes.CDLL(str(path)))
            except OSError:
                continue
    return None


def _folders() -> Iterator[Path]:
    """Where the library is kept: the cache folder, else one in the temporary folder."""
    yield cache_dir()
    import tempfile  # lazy: only where the cache folder is of no use (the audit's start)

    yield Path(tempfile.gettempdir()) / f"amc-assess-{UID}"


def _system() -> bytes:
    """The system and its C library: ``platform.platform()`` but the processor, which it asks
    ``uname -p`` for (a process started before every audit's kernel; _processor() is in the
    key)."""
    return "-".join([platform.system(), platform.release(), platform.machine(),
                     *platform.libc_ver()]).encode()  # fmt: skip


def _processor() -> bytes:
    """What identifies this processor's instruction set (a cache folder may be shared)."""
    try:
        with open("/proc/cpuinfo", "rb") as info:
            return b"".join(sorted({ln for ln in info if ln.startswith((b"flags", b"model"))}))
    except OSError:
        return platform.processor().encode()


def _compile(compiler: str, folder: Path, path: Path) -> bool:
    """Compile the source into ``path`` (through a temporary file: never a half-written
    library); False where the folder or the compiler fails."""
    if private_folder(folder) is None:
        return False
    import subprocess  # lazy: a compiler runs once per machine, not in every audit
    import tempfile  # lazy: as subprocess

    try:
        fd, partial = tempfile.mkstemp(dir=folder, suffix=".so.partial")
        os.close(fd)
    except OSError:
        return False
    try:
        done = subprocess.run(
            [compiler, *map(str, SOURCES), "-o", partial, *FLAGS],
            capture_output=True,
            timeout=120,
        )
        if done.returncode != 0:
            return False
        os.replace(partial, path)
        for stale in folder.glob("kernels-*.so"):  # an earlier version's: never loaded again
            if stale != path:
                stale.unlink(missing_ok=True)
        return True
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def _bind(lib: ctypes.CDLL) -> ctypes.CDLL:
    lib.numeric_options.restype = _i64
    lib.numeric_options.argtypes = [_ptr, _i64, _f64, _f64, _int, _ptr, _i64, _ptr, _i64, _ptr,
                                    _ptr, _int]  # fmt: skip
    lib.dependencies.restype = _int
    lib.dependencies.argtypes = [_ptr, _i64, _ptr, _ptr, _i64, _ptr, _i64, _ptr, _int, _int]
    lib.clause_rows.restype = None
    lib.clause_rows.argtypes = [_ptr, _int, _int, _i64, _ptr, _int, _f64, _ptr, _i64, _int, _ptr,
                                _int]  # fmt: skip
    lib.put_where.restype = None
    lib.put_where.argtypes = [_ptr, _int, _i64, _ptr, ctypes.c_int32]
    lib.take_codes.restype = None
    lib.take_codes.argtypes = [_ptr, _int, _i64, _ptr, _i64, _ptr, _int]
    lib.tie_merge.restype = _i64
    lib.tie_merge.argtypes = [_i64, _i64, *[_ptr] * 6, _i64, *[_ptr] * 8]
    lib.line_scan.restype = _i64
    lib.line_scan.argtypes = [_ptr, _i64, ctypes.POINTER(_ptr), _ptr]
    lib.text_codes.restype = _i64
    lib.text_codes.argtypes = [_i64, _ptr, _ptr, _i64, _ptr, _ptr, _ptr]
    lib.texts_distinct.restype = _i64
    lib.texts_distinct.argtypes = [_i64, _ptr, _i64]
    lib.line_free.restype = None
    lib.line_free.argtypes = [_ptr]
    lib.csv_skip.restype = _i64
    lib.csv_skip.argtypes = [_ptr, _i64, _i64, ctypes.c_uint8]
    lib.csv_plan.restype = _ptr
    lib.csv_plan.argtypes = [_ptr, _i64, _i64, ctypes.c_int32, ctypes.c_int32, _ptr]
    lib.csv_scan.restype = ctypes.c_int32
    lib.csv_scan.argtypes = [_ptr, _ptr, ctypes.c_uint8, ctypes.c_uint8, _ptr, _ptr, _ptr, _i64,
                             _ptr, _ptr]  # fmt: skip
    lib.csv_high.restype = ctypes.c_int32
    lib.csv_high.argtypes = [_ptr]
    lib.csv_had.restype = ctypes.c_int32
    lib.csv_had.argtypes = [_ptr, ctypes.c_int32]
    lib.csv_merge.restype = _i64
    lib.csv_merge.argtypes = [_ptr, _ptr, ctypes.c_int32, _ptr, ctypes.c_int32, _ptr]
    lib.csv_texts.restype = None
    lib.csv_texts.argtypes = [_ptr, _ptr, ctypes.c_int32, _ptr, _ptr]
    lib.csv_span_bytes.restype = _i64
    lib.csv_span_bytes.argtypes = [_ptr, _i64]
    lib.csv_spans.restype = None
    lib.csv_spans.argtypes = [_ptr, _ptr, _ptr, _i64, _ptr, _ptr]
    lib.csv_parts.restype = ctypes.c_int32
    lib.csv_parts.argtypes = [_ptr]
    lib.csv_part_row0.restype = _i64
    lib.csv_part_row0.argtypes = [_ptr, ctypes.c_int32]
    lib.text_plain.restype = ctypes.c_int32
    lib.text_plain.argtypes = [_ptr, ctypes.c_int32, _i64, _ptr]
    lib.csv_free.restype = None
    lib.csv_free.argtypes = [_ptr]
    lib.aggregate_rows.restype = None
    lib.aggregate_rows.argtypes = [
        _ptr, _i64, _i64, _ptr, _ptr, _ptr, _ptr, _ptr, _i64, _ptr, _i64, _ptr, _i64, _i64,
        _ptr, _f64, _int, _f64, *[_ptr] * 11, ctypes.c_int32,
    ]  # fmt: skip
    return lib


THREADS_ENV = "AMC_NETWORK_THREADS"


def threads() -> int:
    """Threads for the betweenness and scoring kernels: ``$AMC_NETWORK_THREADS``, else the
    cores this process may run on, at most 2."""
    given = os.environ.get(THREADS_ENV, "").strip()
    if given:
        try:
            return max(1, int(given))
        except ValueError:
            raise ValueError(f"{THREADS_ENV}={given!r}: expected a whole number") from None
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return min(2, cores)
