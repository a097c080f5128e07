"""Every dimension's and the overall figures of N responses' item score codes, in one pass
of the compiled kernel (:func:`amc_assess.kernels.aggregate_rows`): scores, levels, status,
answered shares and counts, gaps to the next level and to the target, progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np

from amc_assess.kernels import aggregate_rows, in_c, kernel
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


LATER = ("gap_to_next", "gap_to_target", "percent_to_target")  # made when first asked for


class Figures(Mapping[str, np.ndarray]):
    """Every figure by name, in the rubric's order. Each dimension's gaps and progress
    (:data:`LATER`), a third of what the kernel writes and read by few (a report, a rule on
    a gap), are made for all dimensions the first time one of them is asked for, by the same
    kernel (:func:`aggregate`); ``amc batch`` writes none of them."""

    def __init__(
        self, names: list[str], made: dict[str, np.ndarray],
        later: Callable[[], dict[str, np.ndarray]] | None,
    ) -> None:  # fmt: skip
        self._names, self._made, self._later = names, made, later

    def __getitem__(self, name: str) -> np.ndarray:
        found = self._made.get(name)
        if found is None and self._later is not None and name in self._names:
            self._made.update(self._later())
            self._later = None
            found = self._made.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def aggregate(
    codes: np.ndarray,
    tables: Sequence[np.ndarray | None],
    item_ids: list[str],
    rubric: Rubric,
    targets: np.ndarray,
) -> Figures:
    """Every dimension and overall figure of item score ``codes`` (n x items), in one pass
    (the gaps and progress in a second one, where the C kernel leaves them out and they are
    asked for: :class:`Figures`)."""
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
    direct = np.array([t is None for t in tables], dtype=np.bool_)  # codes are the scores
    run = kernel(aggregate_rows, n)

    def figures(gaps: bool) -> dict[str, np.ndarray]:
        score, share = np.empty((d, n)), np.empty((d, n))  # one contiguous row per dimension
        level = np.empty((d, n), np.int8)
        answered, applicable = np.empty((d, n), np.int16), np.empty((d, n), np.int16)
        later = [np.empty((d, n)) if gaps else None for _ in LATER]
        overall, overall_progress_ = np.empty(n), np.empty(n)
        overall_level = np.empty(n, np.int8)
        run(
            by_item, scores, direct, members, weights, starts,
            np.asarray(rubric.thresholds(), dtype=float), np.asarray(targets, dtype=np.int8),
            np.array([dim.weight for dim in dims], dtype=float),
            float(rubric.missing.min_answered_share), bool(rubric.overall.require_all_dimensions),
            EPS, score, level, answered, applicable, share, *later,
            overall, overall_level, overall_progress_,
        )  # fmt: skip
        per: dict[str, np.ndarray] = {
            "score": score, "level": level, "status": level > 0, "answered_share": share,
            "answered": answered, "applicable": applicable,
            "target": np.asarray(targets, dtype=np.int8).T,
            **{metric: array for metric, array in zip(LATER, later, strict=True)
               if array is not None},
        }  # fmt: skip
        out = {f"{dim_id}_{metric}": np.ascontiguousarray(per[metric][k])
               for k, dim_id in enumerate(rubric.dimensions) for metric in METRICS
               if metric in per}  # fmt: skip
        out["overall_score"] = overall
        out["overall_level"] = overall_level
        out["overall_status"] = overall_level > 0
        out["overall_percent_to_target"] = overall_progress_
        return out

    names = [f"{dim_id}_{metric}" for dim_id in rubric.dimensions for metric in METRICS]
    names += [f"overall_{m}" for m in ("score", "level", "status", "percent_to_target")]
    if not in_c(run):  # the Python and numba kernels write every figure
        return Figures(names, figures(True), None)

    later = {f"{dim_id}_{metric}" for dim_id in rubric.dimensions for metric in LATER}

    def gaps() -> dict[str, np.ndarray]:
        return {k: v for k, v in figures(True).items() if k in later}

    return Figures(names, figures(False), gaps)
