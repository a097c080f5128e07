"""Every dimension's and the overall figures of N responses' item score codes, in one pass
of the compiled kernel (:func:`amc_assess.kernels.aggregate_rows`): scores, levels, status,
answered shares and counts, gaps to the next level and to the target, progress."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from amc_assess.kernels import aggregate_rows, kernel
from amc_assess.levels import EPS
from amc_assess.models import Rubric

METRICS = (
    "score", "level", "status", "answered_share", "answered", "applicable",
    "gap_to_next", "target", "gap_to_target", "percent_to_target",
)  # fmt: skip


def row_targets(rubric: Rubric, n: int, targets: np.ndarray | None = None) -> np.ndarray:
    """Target levels as an n x d integer array: ``targets`` checked, or the rubric's."""
    default = np.array([dim.target for dim in rubric.dimensions.values()], dtype=np.int8)
    if targets is None:
        return np.broadcast_to(default, (n, len(default)))
    out = np.asarray(targets)
    if out.shape != (n, len(default)):
        raise ValueError(f"targets: expected {n} x {len(default)} levels, got {out.shape}")
    kind = out.dtype.kind
    whole = kind in "iu" or (kind == "f" and bool(np.all(np.floor(out) == out)))
    if out.size and (not whole or out.min() < 1 or out.max() > len(rubric.levels)):
        raise ValueError(f"targets: every level must be 1..{len(rubric.levels)}")
    return out.astype(np.int8)


def aggregate(
    codes: np.ndarray,
    tables: Sequence[np.ndarray | None],
    item_ids: list[str],
    rubric: Rubric,
    targets: np.ndarray,
) -> dict[str, np.ndarray]:
    """Every dimension and overall figure of item score ``codes`` (n x items), in one pass."""
    n = codes.shape[0]
    by_item = np.ascontiguousarray(codes.T)  # one row per item (no copy of the engine's own)
    dims = list(rubric.dimensions.values())
    d = len(dims)
    position = {item_id: j for j, item_id in enumerate(item_ids)}
    members = np.array([position[ri.item] for dim in dims for ri in dim.items], dtype=np.int64)
    weights = np.array([ri.weight for dim in dims for ri in dim.items], dtype=float)
    starts = np.cumsum([0, *(len(dim.items) for dim in dims)]).astype(np.int64)
    scores = np.tile(np.arange(128, dtype=float), (max(len(item_ids), 1), 1))
    for j, table in enumerate(tables):
        if table is not None:
            scores[j, : len(table)] = table
    f8 = [np.empty((d, n)) for _ in range(5)]  # one contiguous row per dimension
    level = np.empty((d, n), np.int8)
    answered, applicable = np.empty((d, n), np.int16), np.empty((d, n), np.int16)
    overall, overall_progress_ = np.empty(n), np.empty(n)
    overall_level = np.empty(n, np.int8)
    score, share, gap_next, gap_target, progress = f8
    direct = np.array([t is None for t in tables], dtype=np.bool_)  # codes are the scores
    kernel(aggregate_rows, n)(
        by_item, scores, direct, members, weights, starts,
        np.asarray(rubric.thresholds(), dtype=float), np.asarray(targets, dtype=np.int8),
        np.array([dim.weight for dim in dims], dtype=float),
        float(rubric.missing.min_answered_share), bool(rubric.overall.require_all_dimensions),
        EPS, score, level, answered, applicable, share, gap_next, gap_target, progress,
        overall, overall_level, overall_progress_,
    )  # fmt: skip
    out: dict[str, np.ndarray] = {}
    targets8 = np.asarray(targets, dtype=np.int8).T
    status = level > 0
    for k, dim_id in enumerate(rubric.dimensions):
        per: dict[str, np.ndarray] = {
            "score": score, "level": level, "status": status, "answered_share": share,
            "answered": answered, "applicable": applicable, "gap_to_next": gap_next,
            "target": targets8, "gap_to_target": gap_target, "percent_to_target": progress,
        }  # fmt: skip
        for metric in METRICS:
            out[f"{dim_id}_{metric}"] = np.ascontiguousarray(per[metric][k])
    out["overall_score"] = overall
    out["overall_level"] = overall_level
    out["overall_status"] = overall_level > 0
    out["overall_percent_to_target"] = overall_progress_
    return out
