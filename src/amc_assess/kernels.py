"""The engine's inner loops, written as plain Python over numpy arrays for a handful of
responses, and run compiled for large frames: as C (``kernels.c``, compiled once per machine
by :mod:`amc_assess.native`), or, where no C compiler works, by numba (imported only then,
compile cached on disk).

Each kernel is one pass over its input with no temporaries, so the engine's time stays near
the cost of reading the answers once (issue 14). :func:`kernel` picks the implementation:
compiled from :data:`COMPILE_FROM` rows on, or as ``AMC_KERNELS`` says (``python``, ``c`` or
``numba``; tests compare the three on the same data).
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from typing import Any

import numpy as np

COMPILE_FROM = 4096  # rows; below, the Python loops cost less than a compiled call
_compiled: dict[str, Callable[..., Any]] = {}


def kernel(fn: Callable[..., Any], rows: int) -> Callable[..., Any]:
    """``fn`` compiled when ``rows`` is large (or as ``AMC_KERNELS`` says), else as is."""
    mode = os.environ.get("AMC_KERNELS", "")
    if mode == "python" or (mode not in ("numba", "c") and rows < COMPILE_FROM):
        return fn
    key = f"{fn.__name__}:{mode}"
    found = _compiled.get(key)
    if found is None:
        found = _native(fn, mode == "c") if mode != "numba" else None
        if found is None:
            import numba  # lazy: no C compiler here; light commands never load numba

            found = numba.njit(cache=True, nogil=True)(fn)
        _compiled[key] = found
    return found


def in_c(run: Callable[..., Any]) -> bool:
    """Whether ``run`` (from :func:`kernel`) is the C version of its kernel."""
    return isinstance(run, functools.partial)


def _native(fn: Callable[..., Any], required: bool) -> Callable[..., Any] | None:
    """The C version of kernel ``fn`` (None where it cannot be compiled, unless
    ``required``)."""
    from amc_assess import native  # lazy: ctypes and the compiler only for large frames

    lib = native.library()
    if lib is None:
        if required:
            raise RuntimeError("AMC_KERNELS=c: the C kernels could not be compiled here")
        return None
    c_fn = getattr(native, fn.__name__)
    return functools.partial(c_fn, lib)


def numeric_options(
    v: np.ndarray,
    low: float,
    high: float,
    integer: bool,
    points: np.ndarray,
    edges: np.ndarray,
    bands: np.ndarray,
    out: np.ndarray,
) -> int:
    """Numbers (NaN: not answered) -> answer options in ``out`` (int16): 0 not answered or
    invalid, k >= 1 the k-th option; returns how many cells were invalid.

    An agreement item's option is ``points[x - low]`` (0 where ``x`` is not one of its codes);
    a number item's is ``bands[k]``, ``k`` the number of ``edges`` (its bands' lower bounds
    but the first) that ``x`` reaches. A number outside ``low..high``, or not whole when
    ``integer``, is invalid. ``points`` and ``bands`` may give score codes instead (int8
    ``out``): options and codes come out of the same pass."""
    bad = 0
    for i in range(v.shape[0]):
        x = v[i]
        if x != x:
            out[i] = 0
            continue
        if x < low or x > high or (integer and x != math.floor(x)):
            out[i] = 0
            bad += 1
            continue
        if points.shape[0] > 0:
            option = points[int(x - low)]
            if option == 0:
                bad += 1
            out[i] = option
        else:
            k = 0
            while k < edges.shape[0] and x >= edges[k]:
                k += 1
            out[i] = bands[k]
    return bad


def take(codes: np.ndarray, table: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``table[codes]`` (-1: the last entry) into ``out`` (default: a new array of the table's
    type): numpy's ``take`` for a few rows, the compiled :func:`take_codes` for many."""
    out = np.empty(len(codes), table.dtype) if out is None else out
    run = kernel(take_codes, len(codes))
    if run is take_codes:  # plain Python: numpy's take is the fast loop for a few rows
        np.take(table, codes, out=out, mode="wrap")
    else:
        run(codes, table, out)
    return out


def put(out: np.ndarray, rows: np.ndarray, value: int) -> None:
    """``out[rows] = value`` (``rows`` bool): numpy's ``putmask`` for a few rows, the compiled
    :func:`put_where` for many."""
    run = kernel(put_where, len(out))
    if run is put_where:  # plain Python: numpy's putmask is the fast loop for a few rows
        np.putmask(out, rows, value)
    else:
        run(out, rows, value)


def put_where(out: np.ndarray, rows: np.ndarray, value: int) -> None:
    """``out[i] = value`` where ``rows[i]``, one pass."""
    for i in range(out.shape[0]):
        if rows[i]:
            out[i] = value


def clause_rows(
    values: np.ndarray,
    known: np.ndarray,
    op: int,
    x: float,
    table: np.ndarray,
    negate: bool,
    out: np.ndarray,
    combine: int,
) -> None:
    """One condition clause over many rows, in one pass: ``hit`` is ``values[i] <op> x``
    (op 0..4: eq, gt, gte, lt, lte) or, op 5, ``table[values[i]]`` (a code; -1, or any code
    the table does not hold, picks its last entry); ``r = known[i] and hit != negate``;
    ``out[i]`` becomes ``r`` (combine 0), ``out[i] and r`` (1) or ``out[i] or r`` (2)."""
    last = table.shape[0] - 1
    for i in range(values.shape[0]):
        v = values[i]
        if op == 0:
            hit = v == x
        elif op == 1:
            hit = v > x
        elif op == 2:
            hit = v >= x
        elif op == 3:
            hit = v < x
        elif op == 4:
            hit = v <= x
        else:
            c = int(v)
            hit = table[c if 0 <= c < last else last] != 0
        r = bool(known[i]) and (bool(hit) != negate)
        if combine == 0:
            out[i] = r
        elif combine == 1:
            out[i] = out[i] and r
        else:
            out[i] = out[i] or r


def take_codes(codes: np.ndarray, table: np.ndarray, out: np.ndarray) -> None:
    """``out[i] = table[codes[i]]``, code -1 picking the table's last entry (as numpy's
    ``take(mode="wrap")``): a categorical's codes into options, or options into score
    codes, with no index copy."""
    last = table.shape[0] - 1
    for i in range(codes.shape[0]):
        c = codes[i]
        out[i] = table[c if c >= 0 else last]


def aggregate_rows(
    codes: np.ndarray,
    scores: np.ndarray,
    direct: np.ndarray,
    members: np.ndarray,
    weights: np.ndarray,
    starts: np.ndarray,
    thresholds: np.ndarray,
    targets: np.ndarray,
    dim_weights: np.ndarray,
    min_share: float,
    require_all: bool,
    eps: float,
    score: np.ndarray,
    level: np.ndarray,
    answered: np.ndarray,
    applicable: np.ndarray,
    share: np.ndarray,
    gap_next: np.ndarray,
    gap_target: np.ndarray,
    progress: np.ndarray,
    overall: np.ndarray,
    overall_level: np.ndarray,
    overall_progress: np.ndarray,
) -> None:
    """Every dimension and overall figure of item score ``codes`` (m x n int8, one row per
    item: positive scored, 0 missing, -1 left out), in one pass over blocks of responses.

    ``scores[j, c]``: the score code ``c`` of item ``j`` stands for (``direct[j]``: the code
    itself). Dimension ``k`` holds the
    items ``members[starts[k]:starts[k + 1]]`` with ``weights`` alike. Levels count the
    ``thresholds`` a score reaches within ``eps``; progress counts level steps toward the
    row's ``targets`` (n x d). Dimension figures are written d x n. Scores are rounded to six
    decimals as numpy rounds; the overall score is the weighted mean of the rounded dimension
    scores summed in whole millionths, so it does not depend on the order of the sum (ties
    round half to even). Level 0 and NaN mark a figure without a score."""
    n = codes.shape[1]
    d = starts.shape[0] - 1
    top = thresholds.shape[0]
    block = 1024
    num = np.zeros(block)
    den = np.zeros(block)
    n_answered = np.zeros(block, np.int64)
    n_left_out = np.zeros(block, np.int64)
    total = np.zeros(block)
    total_weight = np.zeros(block)
    done_sum = np.zeros(block)
    need_sum = np.zeros(block)
    scored = np.zeros(block, np.int64)
    for b0 in range(0, n, block):
        b1 = min(n, b0 + block)
        total[:] = 0.0
        total_weight[:] = 0.0
        done_sum[:] = 0.0
        need_sum[:] = 0.0
        scored[:] = 0
        for k in range(d):
            num[:] = 0.0
            den[:] = 0.0
            n_answered[:] = 0
            n_left_out[:] = 0
            for p in range(starts[k], starts[k + 1]):
                j = members[p]
                w = weights[p]
                table = scores[j]
                column = codes[j]
                if direct[j]:  # the codes are the scores: no lookup
                    for i in range(b0, b1):  # one item's column: contiguous; no branches
                        c = column[i]
                        given = c > 0
                        num[i - b0] += w * (c if given else 0)
                        den[i - b0] += w * given
                        n_answered[i - b0] += given
                        n_left_out[i - b0] += c < 0
                else:
                    for i in range(b0, b1):
                        c = column[i]
                        given = c > 0
                        num[i - b0] += w * table[c if given else 0]  # table[0] is 0
                        den[i - b0] += w * given
                        n_answered[i - b0] += given
                        n_left_out[i - b0] += c < 0
            size = starts[k + 1] - starts[k]
            for i in range(b0, b1):
                r = i - b0
                n_applicable = size - n_left_out[r]
                answered[k, i] = n_answered[r]
                applicable[k, i] = n_applicable
                ratio = n_answered[r] / n_applicable if n_applicable > 0 else 0.0
                share[k, i] = ratio
                target = targets[i, k]
                if n_applicable > 0 and ratio + eps >= min_share and den[r] > 0:
                    s = np.rint(num[r] / den[r] * 1e6) / 1e6
                    lv = 1
                    while lv < top and s + eps >= thresholds[lv]:
                        lv += 1
                    score[k, i] = s
                    level[k, i] = lv
                    gap_next[k, i] = 0.0 if lv >= top else max(thresholds[lv] - s, 0.0)
                    gap_target[k, i] = max(thresholds[target - 1] - s, 0.0)
                    done = min(lv, target) - 1.0
                    progress[k, i] = done / (target - 1.0) if target > 1 else 1.0
                    total[r] += np.rint(s * 1e6) * dim_weights[k]  # whole millionths: exact
                    total_weight[r] += dim_weights[k]
                    done_sum[r] += done
                    need_sum[r] += target - 1.0
                    scored[r] += 1
                else:
                    score[k, i] = np.nan
                    level[k, i] = 0
                    gap_next[k, i] = np.nan
                    gap_target[k, i] = np.nan
                    progress[k, i] = np.nan
        for i in range(b0, b1):
            r = i - b0
            if scored[r] == 0 or (require_all and scored[r] < d):
                overall[i] = np.nan
                overall_level[i] = 0
                overall_progress[i] = np.nan
            else:
                s = np.rint(total[r] / total_weight[r]) / 1e6
                lv = 1
                while lv < top and s + eps >= thresholds[lv]:
                    lv += 1
                overall[i] = s
                overall_level[i] = lv
                overall_progress[i] = done_sum[r] / need_sum[r] if need_sum[r] > 0 else 1.0
