"""The engine's C kernels (``kernels.c``, compiled and loaded by :mod:`amc_assess.clib`) over
numpy arrays: each function takes the library, then the arguments of the Python kernel of the
same name (:mod:`amc_assess.kernels`).
"""

from __future__ import annotations

import ctypes

import numpy as np

from amc_assess.clib import THREADS_ENV, library, threads


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


def clause_rows(
    lib: ctypes.CDLL,
    values: np.ndarray,
    known: np.ndarray,
    op: int,
    x: float,
    table: np.ndarray,
    negate: bool,
    out: np.ndarray,
    combine: int,
) -> None:
    """:func:`amc_assess.kernels.clause_rows` in C (same arguments after ``lib``)."""
    kind = values.dtype.kind
    if not (values.dtype == np.float64 or kind == "i") or len(known) != len(values):
        raise TypeError("clause_rows: float64 or integer values, a known mask of their length")
    if out.dtype != np.bool_ or len(out) != len(values) or known.dtype != np.bool_:
        raise TypeError("clause_rows: bool known and out of the values' length")
    data = np.ascontiguousarray(values)
    mask = np.ascontiguousarray(known)
    hits = np.ascontiguousarray(table, dtype=np.uint8)
    lib.clause_rows(
        data.ctypes.data, data.itemsize, int(kind == "f"), len(data), mask.ctypes.data, int(op),
        float(x), hits.ctypes.data, len(hits), int(bool(negate)),
        _address(out, np.bool_, "out"), int(combine),
    )  # fmt: skip


def aggregate_rows(lib: ctypes.CDLL, *args: object) -> None:
    """:func:`amc_assess.kernels.aggregate_rows` in C (same arguments after ``lib``), a large
    batch on :func:`threads` threads (the same figures to the bit on any number); the gap and
    progress outputs may be None (not computed: a third less to write)."""
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
    gaps = outputs[5:8]  # gap to next, gap to target, progress: None, all three, if not asked
    if any(a is None for a in gaps) and not all(a is None for a in gaps):
        raise ValueError("aggregate_rows: the three gap outputs are given or left out together")
    out = [0 if a is None and 5 <= k < 8 else _address(a, t, "output")  # type: ignore[arg-type]
           for k, (a, t) in enumerate(zip(outputs, kinds, strict=True))]  # fmt: skip
    lib.aggregate_rows(
        address[0], m, n, address[1], address[2], address[3], address[4], address[5],
        len(starts) - 1, address[6], len(thresholds), t8.ctypes.data, t_row, t_col,  # type: ignore[arg-type]
        address[7], float(min_share), int(bool(require_all)), float(eps), *out,  # type: ignore[arg-type]
        threads(),
    )  # fmt: skip


def line_scan(lib: ctypes.CDLL, data: np.ndarray) -> tuple[np.ndarray, int, bool, int]:
    """The offsets of the ``\\n`` bytes of ``data`` (uint8), its number of ``\\r`` bytes,
    whether one is not followed by ``\\n``, and the offset of its first ``"`` (-1: none)."""
    address = _address(data, np.uint8, "data")
    found = np.zeros(3, np.int64)
    pointer = ctypes.c_void_p()
    count = lib.line_scan(address, len(data), ctypes.byref(pointer), found.ctypes.data)
    if count < 0 or pointer.value is None:
        raise MemoryError("line_scan: no memory for the line ends")
    try:
        ends = np.zeros(0, np.int64)
        if count:
            held = ctypes.cast(pointer, ctypes.POINTER(ctypes.c_int64))
            ends = np.ctypeslib.as_array(held, shape=(count,)).copy()
    finally:
        lib.line_free(pointer)
    return ends, int(found[0]), bool(found[1]), int(found[2])


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


__all__ = [
    "THREADS_ENV",
    "aggregate_rows",
    "clause_rows",
    "dependencies",
    "library",
    "line_scan",
    "numeric_options",
    "put_where",
    "take_codes",
    "threads",
]
