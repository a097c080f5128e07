"""Covariances, means and counts of a scale's items under a missing-value policy
(:mod:`amc_assess.reliability` turns them into its figures).

They come from one Gram matrix of the (shifted) answers and their answered-flags per block of
rows, so the pairwise case costs one matrix product, not a loop over item pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Moments:
    cov: np.ndarray  # k x k
    mean: np.ndarray  # k
    count: np.ndarray  # k: answers each item's mean and sd rest on
    n: int  # respondents of the scale under the policy
    corr: np.ndarray | None = None  # pairwise: each pair's correlation over its own rows


def as_matrix(items: pd.DataFrame) -> np.ndarray:
    if all(dtype == np.float64 for dtype in items.dtypes):
        return items.to_numpy(dtype=np.float64, copy=False)
    return items.astype("float64").to_numpy(dtype=np.float64, na_value=np.nan)


def subset(x: np.ndarray, answered: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``keep`` columns, and of the rows only those answering at least one of them."""
    if keep.all():
        return x, answered
    x, answered = x[:, keep], answered[:, keep]
    some = answered.any(axis=1)
    return (x, answered) if some.all() else (x[some], answered[some])


def moments(
    x: np.ndarray, answered: np.ndarray, missing: str, weights: np.ndarray | None = None
) -> Moments:
    """Covariances, means and counts of the items under the missing-value policy (with row
    weights: a bootstrap resample)."""
    fill = medians(x, answered) if missing == "median" and not answered.all() else None
    return _accumulate(x, answered, missing, fill, weights)


def medians(x: np.ndarray, answered: np.ndarray) -> np.ndarray:
    """Each column's median over its answers (one scratch buffer, partitioned in place)."""
    n, k = x.shape
    scratch = np.empty(n)
    medians = np.full(k, np.nan)
    for j in range(k):
        count = int(np.count_nonzero(answered[:, j]))
        if not count:
            continue
        values = scratch[:count]
        np.compress(answered[:, j], x[:, j], out=values)
        middle = count // 2
        if count % 2:
            values.partition(middle)
            medians[j] = values[middle]
        else:
            values.partition([middle - 1, middle])
            medians[j] = (values[middle - 1] + values[middle]) / 2
    return medians


BLOCK_WORK = 200_000  # multiply-adds of one block's Gram matrix (rows x width^2)


def _block_rows(width: int) -> int:
    """Rows per block: few enough that BLAS keeps the small product on one thread (OpenBLAS
    does below 262,144 multiply-adds; threads cost more than they give here, and stall on a
    busy machine), enough that numpy's per-call overhead stays small. One buffer, reused."""
    return max(64, BLOCK_WORK // (width * width))


def _accumulate(
    x: np.ndarray,
    answered: np.ndarray,
    missing: str,
    fill: np.ndarray | None,
    weights: np.ndarray | None,
) -> Moments:
    """Sums of the shifted answers and their cross-products, block by block, as one Gram
    matrix per block.

    Pairwise, a block holds the answers (0 where missing) beside the answered flags, so the
    Gram matrix adds up every pair's count, sums and products at once. Otherwise (complete,
    listwise or median-filled rows) it holds the answers beside a column of ones, whose
    products are the sums and the row count."""
    n, k = x.shape
    complete = bool(answered.all())
    pairwise = missing == "pairwise" and not complete
    if missing == "listwise" and not complete:
        full = answered.all(axis=1)
        x = x[full]
        weights = None if weights is None else weights[full]
        n = len(x)
        shift = x[0].copy() if n else np.zeros(k)
    else:  # each item's first answer (any shift gives the same covariances, this one
        # keeps the products small)
        shift = x[answered.argmax(axis=0), np.arange(k)] if n else np.zeros(k)
        shift = np.where(np.isnan(shift), 0.0, shift)
    width = 2 * k if pairwise else k + 1
    chunk = _block_rows(width)
    block = np.empty((min(n, chunk), width), order="F")
    if not pairwise:
        block[:, k] = 1.0
    gram = np.zeros((width, width))
    if pairwise:  # squares of the answers summed over the rows where the other item is answered
        squares = np.empty((len(block), k), order="F")
        square_sums = np.zeros((k, k))
    gap = None if fill is None else fill - shift
    for start in range(0, n, chunk):
        xs = x[start : start + chunk]
        b = block[: len(xs)]
        np.subtract(xs, shift, out=b[:, :k])
        if pairwise:
            flags = answered[start : start + chunk]
            np.copyto(b[:, :k], 0.0, where=~flags)
            b[:, k:] = flags
        elif gap is not None:
            np.copyto(b[:, :k], gap, where=~answered[start : start + chunk])
        bw = b if weights is None else b * weights[start : start + chunk, None]
        gram += bw.T @ b
        if pairwise:
            sq = squares[: len(xs)]
            np.multiply(bw[:, :k], b[:, :k], out=sq)
            square_sums += sq.T @ b[:, k:]
    with np.errstate(invalid="ignore", divide="ignore"):
        if pairwise:
            products, cross, pairs = gram[:k, :k], gram[:k, k:], gram[k:, k:]
            cov = (products - cross * cross.T / pairs) / (pairs - 1)
            count = np.diag(pairs)
            mean = np.diag(cross) / count + shift
            rows = n if weights is None else float(weights.sum())  # each has an answer
            # each item's variance over the rows where the other item is answered too
            own = (square_sums - cross * cross / pairs) / (pairs - 1)
            corr = cov / np.sqrt(own * own.T)
            return Moments(cov, mean, count.astype(int), int(rows), corr)
        sums, total = gram[k, :k], float(gram[k, k])
        cov = (gram[:k, :k] - np.outer(sums, sums) / total) / (total - 1)
        mean = sums / total + shift
    if total < 2:
        cov = np.full((k, k), np.nan)
    return Moments(cov, mean, np.full(k, int(total)), int(total))
