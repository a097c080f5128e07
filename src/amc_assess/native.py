"""The engine's kernels in C (``kernels.c``), compiled once per machine and loaded by ctypes.

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
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

from amc_assess.cachedir import UID, cache_dir, private, private_folder

SOURCE = Path(__file__).with_name("kernels.c")
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
    source = SOURCE.read_bytes()
    compiler = os.environ.get("CC", "cc")
    key = hashlib.sha256(
        b"\0".join([source, compiler.encode(), " ".join(FLAGS).encode(),
                    platform.platform().encode(), sys.implementation.cache_tag.encode(),
                    _processor()])
    ).hexdigest()[:16]  # fmt: skip
    for folder in (cache_dir(), Path(tempfile.gettempdir()) / f"amc-assess-{UID}"):
        path = folder / f"kernels-{key}.so"
        if (path.exists() or _compile(compiler, folder, path)) and private(folder):
            try:
                return _bind(ctypes.CDLL(str(path)))
            except OSError:
                continue
    return None


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
    try:
        fd, partial = tempfile.mkstemp(dir=folder, suffix=".so.partial")
        os.close(fd)
    except OSError:
        return False
    try:
        done = subprocess.run(
            [compiler, str(SOURCE), "-o", partial, *FLAGS],
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
    lib.put_where.restype = None
    lib.put_where.argtypes = [_ptr, _int, _i64, _ptr, ctypes.c_int32]
    lib.take_codes.restype = None
    lib.take_codes.argtypes = [_ptr, _int, _i64, _ptr, _i64, _ptr, _int]
    lib.aggregate_rows.restype = None
    lib.aggregate_rows.argtypes = [
        _ptr, _i64, _i64, _ptr, _ptr, _ptr, _ptr, _ptr, _i64, _ptr, _i64, _ptr, _i64, _i64,
        _ptr, _f64, _int, _f64, *[_ptr] * 11,
    ]  # fmt: skip
    return lib


def _address(array: np.ndarray, dtype: type, name: str) -> int:
    """The data address of ``array``, which must be C-contiguous of ``dtype``."""
    if array.dtype != dtype or not array.flags.c_contiguous:
        raise TypeError(f"{name}: expected a C-contiguous {np.dtype(dtype).name} array")
    address: int = array.ctypes.data
    return address


def numeric_options(
    lib: ctypes.CDLL,
    v: np.ndarray,
    low: float,
    high: float,
    integer: bool,
    points: np.ndarray,
    edges: np.ndarray,
    bands: np.ndarray,
    out: np.ndarray,
) -> int:
    """:func:`amc_assess.kernels.numeric_options` in C (same arguments after ``lib``)."""
    if out.dtype not in (np.int16, np.int8):
        raise TypeError("out: expected int16 options or int8 codes")
    points16 = np.ascontiguousarray(points, dtype=np.int16)
    bands16 = np.ascontiguousarray(bands, dtype=np.int16)
    edges64 = np.ascontiguousarray(edges, dtype=np.float64)
    values = np.ascontiguousarray(v, dtype=np.float64)
    bad: int = lib.numeric_options(
        _address(values, np.float64, "v"), len(values), float(low), float(high), int(integer),
        points16.ctypes.data, len(points16), edges64.ctypes.data, len(edges64),
        bands16.ctypes.data, _address(out, out.dtype.type, "out"), int(out.dtype == np.int16),
    )  # fmt: skip
    return bad


def put_where(lib: ctypes.CDLL, out: np.ndarray, rows: np.ndarray, value: int) -> None:
    """:func:`amc_assess.kernels.put_where` in C (same arguments after ``lib``)."""
    if out.dtype not in (np.int8, np.int16) or rows.dtype != np.bool_ or len(rows) != len(out):
        raise TypeError("put_where: an int8 or int16 out, a bool mask of the same length")
    mask = np.ascontiguousarray(rows)
    lib.put_where(_address(out, out.dtype.type, "out"), out.itemsize, len(out), mask.ctypes.data,
                  int(value))  # fmt: skip


def take_codes(lib: ctypes.CDLL, codes: np.ndarray, table: np.ndarray, out: np.ndarray) -> None:
    """:func:`amc_assess.kernels.take_codes` in C (same arguments after ``lib``)."""
    if codes.dtype.kind != "i" or out.dtype not in (np.int8, np.int16) or len(out) != len(codes):
        raise TypeError("take_codes: integer codes, an int8 or int16 out of the same length")
    codes = np.ascontiguousarray(codes)
    wide = np.ascontiguousarray(table, dtype=np.int16)
    lib.take_codes(
        codes.ctypes.data, codes.itemsize, len(codes), wide.ctypes.data, len(wide),
        _address(out, out.dtype.type, "out"), out.itemsize,
    )  # fmt: skip


def aggregate_rows(lib: ctypes.CDLL, *args: object) -> None:
    """:func:`amc_assess.kernels.aggregate_rows` in C (same arguments after ``lib``)."""
    (codes, scores, direct, members, weights, starts, thresholds, targets, dim_weights,
     min_share, require_all, eps, *outputs) = args  # fmt: skip
    assert isinstance(codes, np.ndarray) and isinstance(targets, np.ndarray)
    m, n = codes.shape
    t8 = np.asarray(targets, dtype=np.int8)
    if t8.shape != (n, len(starts) - 1):  # type: ignore[arg-type]
        raise ValueError("targets: expected n x d levels")
    t_row, t_col = (stride // t8.itemsize for stride in t8.strides)
    typed = [
        (codes, np.int8), (scores, np.float64), (direct, np.bool_), (members, np.int64),
        (weights, np.float64), (starts, np.int64), (thresholds, np.float64),
        (dim_weights, np.float64),
    ]  # fmt: skip
    address = [_address(a, t, "input") for a, t in typed]  # type: ignore[arg-type]
    kinds = [np.float64, np.int8, np.int16, np.int16, *[np.float64] * 4, np.float64, np.int8,
             np.float64]  # fmt: skip
    out = [_address(a, t, "output") for a, t in zip(outputs, kinds, strict=True)]  # type: ignore[arg-type]
    lib.aggregate_rows(
        address[0], m, n, address[1], address[2], address[3], address[4], address[5],
        len(starts) - 1, address[6], len(thresholds), t8.ctypes.data, t_row, t_col,  # type: ignore[arg-type]
        address[7], float(min_share), int(bool(require_all)), float(eps), *out,  # type: ignore[arg-type]
    )  # fmt: skip


def dependencies(
    lib: ctypes.CDLL,
    indptr: np.ndarray,
    indices: np.ndarray,
    lengths: np.ndarray,
    sources: np.ndarray,
    out: np.ndarray,
    wide: bool = False,
) -> None:
    """:func:`amc_assess.network.brandes.dependencies` in C (same arguments after ``lib``), on
    :func:`threads` threads (the same figures to the bit on any number); ``wide``: ties in 64
    bits even where 32 hold them (tests)."""
    typed = [(indptr, np.int64), (indices, np.int32), (lengths, np.int64), (sources, np.int64)]
    a, b, c, d = (np.ascontiguousarray(x, dtype=t) for x, t in typed)
    if len(b) != len(c) or len(out) != len(a) - 1:
        raise ValueError("dependencies: ties and lengths differ, or out is not one per person")
    failed = lib.dependencies(
        a.ctypes.data, len(a) - 1, b.ctypes.data, c.ctypes.data, len(c), d.ctypes.data, len(d),
        _address(out, np.float64, "out"), threads(), int(wide),
    )  # fmt: skip
    if failed:
        raise MemoryError("dependencies: no memory for the work arrays")


THREADS_ENV = "AMC_NETWORK_THREADS"


def threads() -> int:
    """Threads for the betweenness kernel: ``$AMC_NETWORK_THREADS``, else the cores this
    process may run on, at most 2."""
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
