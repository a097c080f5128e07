"""The scoring engine: a frame of N responses in, every score and level out.

One engine for everything: the interview, ``score``, ``batch``, benchmarks and
reports all call :func:`score_frame`. A single response is a batch of one.
Work is vectorized per item column and per row chunk; there is no per-row loop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from amc_assess.encoding import (
    ANSWERED,
    LEFT_OUT,
    MISSING,
    Column,
    answer_scores,
    item_scores,
    normalize,
)
from amc_assess.evaluate import Lookup, evaluate
from amc_assess.metrics import rubric_metrics, scored_items
from amc_assess.models import Item, Questionnaire, Rubric, Scale
from amc_assess.models.conditions import clauses

PROGRESS_DEFINITION = "level steps"
PROGRESS_EXPLANATION = (
    "Progress to target counts maturity levels, not score points. A dimension's progress is "
    "the number of levels completed toward its target level over the number of levels "
    "needed to reach it from level 1: (min(level, target) - 1) / (target - 1). The overall "
    "progress adds up the levels completed and the levels needed over the dimensions with a "
    "score. A firm at level 3 with target level 4 has completed 2 of 3 steps (two thirds, "
    "shown as 66%: progress is always rounded down), and progress is 100% only once every "
    "target level is reached. This differs from OWASP "
    "SAMM's percent to target, which divides the current maturity score by the target "
    "score: we count completed levels, because a score inside a level band does not mean "
    "that any practice of the next level is in place. The gap to target stays in score "
    "points: the target level's threshold minus the score."
)
CHUNK_ROWS = 8192
EPS = 1e-6  # a score on a threshold counts as reaching it (float32 sums)
FLOAT = np.float32  # exact for sums of whole scores times binary-fraction weights
EXACT = np.float64  # for item scores that are not all whole numbers
METRICS = (
    "score", "level", "status", "answered_share", "answered", "applicable",
    "gap_to_next", "target", "gap_to_target", "percent_to_target",
)  # fmt: skip


@dataclass
class Scored:
    """The engine's output for N responses (rows keep the input frame's index)."""

    rubric: Rubric
    questionnaire: Questionnaire
    index: pd.Index
    items: list[str]
    codes: np.ndarray  # int8 N x items: positive scored, 0 missing, -1 left out
    dimensions: pd.DataFrame  # columns "<dimension>_<metric>" and "overall_*"
    rules: pd.DataFrame  # bool, one column per rule id
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)  # row, item, value, reason
    tables: list[np.ndarray | None] | None = None  # per item: the scores its codes stand for

    def item_frame(self) -> pd.DataFrame:
        """Item scores as a nullable frame (<NA> where not scored): integers when every code
        is its own score (the bundled rubric), else floats."""
        if not any(t is not None for t in self.tables or []):
            frame = pd.DataFrame(self.codes, index=self.index, columns=self.items).astype("Int8")
            return frame.mask(frame <= 0)
        scores = item_values(self.codes, self.tables or [])
        return pd.DataFrame(scores, index=self.index, columns=self.items).astype("Float64")

    def fired(self, row: int) -> list[str]:
        """Ids of the rules that fired for the row at position ``row``."""
        flags = self.rules.iloc[row]
        return [rule for rule, hit in flags.items() if hit]


def score_frame(
    answers: pd.DataFrame,
    questionnaire: Questionnaire,
    rubric: Rubric,
    targets: np.ndarray | None = None,
) -> Scored:
    """Score every row of ``answers`` (columns are item ids) with ``rubric``.

    ``targets``: each row's target level per dimension (n x d, the rubric's dimension order);
    by default the rubric's targets for every row.
    """
    n = len(answers)
    item_defs = scored_items(questionnaire, rubric)
    metrics = rubric_metrics(rubric)
    referenced = _condition_items(questionnaire, rubric)
    cache: dict[str, Column] = {}  # only the items that conditions refer to

    def column(item_id: str) -> Column:
        col = cache.get(item_id)
        if col is None:
            raw = answers[item_id] if item_id in answers.columns else None
            item = item_defs[item_id]
            col = normalize(raw, item, n, _scale(questionnaire, item))
            if item_id in referenced:
                cache[item_id] = col
        return col

    def item_lookup(kind: str, name: str) -> tuple[pd.Series, np.ndarray]:
        col = column(name)
        return col.values, col.state == ANSWERED

    skipped = skipped_items(questionnaire, item_lookup, n)
    for item_id, col in cache.items():  # skipped answers never feed rules
        if item_id in skipped:
            _leave_out(col, skipped[item_id])
    rubric_items = {ri.item: ri for dim in rubric.dimensions.values() for ri in dim.items}
    item_ids = list(rubric_items)
    by_item = np.empty((len(item_ids), n), dtype=np.int8)  # one contiguous row per item
    tables: list[np.ndarray | None] = [None] * len(item_ids)
    position = {item_id: j for j, item_id in enumerate(item_ids)}
    problems = []
    for item in [*questionnaire.items(), *metrics.values()]:
        if item.id not in answers.columns and item.id not in position:
            continue
        col = column(item.id)
        if item.id in skipped:
            _leave_out(col, skipped[item.id])
        if item.id in metrics:  # no audit data: the measure is left out, not missing
            absent = (col.state == MISSING) & ~col.invalid
            col.state = np.where(absent, LEFT_OUT, col.state).astype(np.int8)
        if item.id in position:
            j = position[item.id]
            coded = item_scores(
                col, item, rubric_items[item.id], _scale(questionnaire, item), rubric.score_range
            )
            by_item[j], tables[j] = coded.codes, coded.table
        if col.reasons is not None and col.invalid.any():
            problems.append(_problems(answers, item.id, col))
        del col  # one column at a time: memory stays near the code matrix
    codes = by_item.T  # responses x items, column-major

    dims = _aggregate(codes, tables, item_ids, rubric, n, row_targets(rubric, n, targets))
    dims.index = answers.index

    def lookup(kind: str, name: str) -> tuple[pd.Series, np.ndarray]:
        if kind == "item":
            return item_lookup(kind, name)
        values = dims[f"{name}_{kind}"].reset_index(drop=True)
        return values, values.notna().to_numpy(dtype=bool)

    rules = pd.DataFrame(
        {rule.id: evaluate(rule.when, lookup, n) for rule in rubric.rules},
        index=answers.index,
        dtype=bool,
    )
    problem_frame = (
        pd.concat(problems, ignore_index=True)
        if problems
        else pd.DataFrame(columns=["row", "item", "value", "reason"])
    )
    return Scored(
        rubric, questionnaire, answers.index, item_ids, codes, dims, rules, problem_frame, tables
    )


def _scale(questionnaire: Questionnaire, item: Item) -> Scale | None:
    """The scale of an agreement item (None for other items and network measures)."""
    return questionnaire.scale_of(item) if item.type == "agreement" else None


def whole_scored(questionnaire: Questionnaire, rubric: Rubric) -> set[str]:
    """The rubric items whose every possible score is a whole number (all of the bundled
    rubric's are)."""
    items = scored_items(questionnaire, rubric)
    out = set()
    for dim in rubric.dimensions.values():
        for ri in dim.items:
            item = items[ri.item]
            scores = answer_scores(item, ri, _scale(questionnaire, item), rubric.score_range)
            if all(float(score).is_integer() for score in scores):
                out.add(ri.item)
    return out


def item_values(codes: np.ndarray, tables: Sequence[np.ndarray | None]) -> np.ndarray:
    """Item scores (float, NaN where not scored) of score codes (responses x items)."""
    out = np.where(codes > 0, codes, np.nan).astype(float)
    for j, table in enumerate(tables):
        if table is not None:
            out[:, j] = np.where(codes[:, j] > 0, table[np.maximum(codes[:, j], 0)], np.nan)
    return out


def skipped_items(questionnaire: Questionnaire, lookup: Lookup, n: int) -> dict[str, np.ndarray]:
    """Per item with ``when:``, the rows where it was not asked.

    An item whose condition refers to a skipped item is skipped too, because
    a skipped answer never satisfies a comparison.
    """
    skipped: dict[str, np.ndarray] = {}

    def masked_lookup(kind: str, name: str) -> tuple[pd.Series, np.ndarray]:
        values, answered = lookup(kind, name)
        if name in skipped:
            answered = answered & ~skipped[name]
        return values, answered

    for item in questionnaire.items():
        if item.when is not None:
            skipped[item.id] = ~evaluate(item.when, masked_lookup, n)
    return skipped


def row_targets(rubric: Rubric, n: int, targets: np.ndarray | None = None) -> np.ndarray:
    """Target levels as an n x d integer array: ``targets`` checked, or the rubric's."""
    default = np.array([dim.target for dim in rubric.dimensions.values()], dtype=np.int8)
    if targets is None:
        return np.broadcast_to(default, (n, len(default)))
    out = np.asarray(targets)
    if out.shape != (n, len(default)):
        raise ValueError(f"targets: expected {n} x {len(default)} levels, got {out.shape}")
    if not np.isin(out, np.arange(1, len(rubric.levels) + 1)).all():
        raise ValueError(f"targets: every level must be 1..{len(rubric.levels)}")
    return out.astype(np.int8)


def _aggregate(
    codes: np.ndarray,
    tables: Sequence[np.ndarray | None],
    item_ids: list[str],
    rubric: Rubric,
    n: int,
    targets: np.ndarray,
) -> pd.DataFrame:
    """Dimension and overall metrics from the item score codes, in row chunks.

    Codes that are their own scores are summed as float32 (exact for whole scores); items
    whose codes stand for other scores (``tables``) are looked up, and summed as float64."""
    dim_ids = list(rubric.dimensions)
    d = len(dim_ids)
    weights = np.zeros((len(item_ids), d))
    member = np.zeros((len(item_ids), d))
    position = {item_id: j for j, item_id in enumerate(item_ids)}
    for k, dim in enumerate(rubric.dimensions.values()):
        for ri in dim.items:
            weights[position[ri.item], k] += ri.weight
            member[position[ri.item], k] = 1.0
    looked_up = [(j, t) for j, t in enumerate(tables) if t is not None]
    dtype: type[np.floating] = EXACT if looked_up else FLOAT
    both = np.hstack([weights, member]).astype(dtype)
    weights32, member32 = weights.astype(dtype), member.astype(dtype)
    num = np.empty((n, d), dtype)
    den_cnt = np.empty((n, 2 * d), dtype)
    left_out = np.empty((n, d), dtype)
    for start in range(0, n, CHUNK_ROWS):
        rows = slice(start, start + CHUNK_ROWS)
        chunk = codes[rows]
        block: np.ndarray = chunk.astype(dtype, order="C")
        answered_block = (chunk > 0).astype(dtype)
        for j, table in looked_up:  # codes that stand for other scores: their scores
            block[:, j] = table[np.maximum(chunk[:, j], 0)]
        np.matmul(block * answered_block, weights32, out=num[rows])
        np.matmul(answered_block, both, out=den_cnt[rows])
        np.matmul((chunk < 0).astype(dtype), member32, out=left_out[rows])
    num = num.astype(np.float64)
    applicable = member.sum(axis=0) - left_out
    den, answered = den_cnt[:, :d].astype(np.float64), den_cnt[:, d:]
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.round(num / den, 6)  # float32 sums: six decimals are exact
        share = np.where(applicable > 0, answered / applicable, 0.0)
    enough = (applicable > 0) & (share + EPS >= rubric.missing.min_answered_share)
    score = np.where(enough, score, np.nan)

    thresholds = rubric.thresholds()
    fig = figures(score, thresholds, targets)
    level, gap_next, gap_target, pct = fig.level, fig.gap_to_next, fig.gap_to_target, fig.progress

    out: dict[str, object] = {}
    for k, dim_id in enumerate(dim_ids):
        out[f"{dim_id}_score"] = score[:, k]
        out[f"{dim_id}_level"] = pd.array(level[:, k], dtype="Int8")
        out[f"{dim_id}_status"] = _status(enough[:, k])
        out[f"{dim_id}_answered_share"] = share[:, k]
        out[f"{dim_id}_answered"] = answered[:, k].astype(np.int32)
        out[f"{dim_id}_applicable"] = applicable[:, k].astype(np.int32)
        out[f"{dim_id}_gap_to_next"] = gap_next[:, k]
        out[f"{dim_id}_target"] = pd.array(targets[:, k], dtype="Int8")
        out[f"{dim_id}_gap_to_target"] = gap_target[:, k]
        out[f"{dim_id}_percent_to_target"] = pct[:, k]

    dim_w = np.array([dim.weight for dim in rubric.dimensions.values()])
    ok = ~np.isnan(score)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(ok, score, 0.0) @ dim_w / (ok @ dim_w)
    incomplete = ~ok.all(axis=1) if rubric.overall.require_all_dimensions else ~ok.any(axis=1)
    overall = np.where(incomplete, np.nan, np.round(overall, 6))  # six decimals, like dimensions
    overall_pct = np.where(incomplete, np.nan, overall_progress(score, thresholds, targets))
    out["overall_score"] = overall
    out["overall_level"] = pd.array(levels(overall, thresholds), dtype="Int8")
    out["overall_status"] = _status(~incomplete)
    out["overall_percent_to_target"] = overall_pct
    return pd.DataFrame(out, copy=False)


def _status(ok: np.ndarray | np.bool_) -> pd.Categorical:
    return pd.Categorical.from_codes(np.where(ok, 0, 1), categories=["ok", "insufficient data"])


@dataclass
class Figures:
    """What a dimension score means against the rubric: level, gaps and progress (arrays)."""

    level: np.ndarray  # float, NaN where no score
    gap_to_next: np.ndarray  # score points to the next level; 0 at the top level
    gap_to_target: np.ndarray  # score points short of the target level's threshold
    progress: np.ndarray  # progress to target in level steps, 0..1 (PROGRESS_DEFINITION)


def levels(score: np.ndarray, thresholds: Sequence[float] | np.ndarray) -> np.ndarray:
    """The maturity level of each score: the number of thresholds it reaches (at least 1).

    The one level rule: a score within ``EPS`` below a threshold counts as reaching it
    (float32 sums). NaN where there is no score.
    """
    t = np.asarray(thresholds, dtype=float)
    score = np.asarray(score, dtype=float)
    level = np.searchsorted(t, score + EPS, side="right").astype(float)
    return np.where(np.isnan(score), np.nan, np.clip(level, 1, len(t)))


def level_of(score: float | None, thresholds: Sequence[float] | np.ndarray) -> int | None:
    """The maturity level of one score (None without a score), by :func:`levels`."""
    if score is None or math.isnan(score):
        return None
    return int(levels(np.array([score]), thresholds)[0])


def figures(
    score: np.ndarray, thresholds: Sequence[float] | np.ndarray, targets: np.ndarray
) -> Figures:
    """Levels, gaps and progress to target of scores (n x d) with target levels (d or n x d).

    Progress counts level steps (:data:`PROGRESS_DEFINITION`): the levels completed toward
    the target over the levels needed, ``(min(level, target) - 1) / (target - 1)``; a target
    of level 1 is reached by any score. NaN where there is no score.
    """
    t = np.asarray(thresholds, dtype=float)
    top = len(t)
    level = levels(score, t)
    nxt = np.append(t[1:], np.nan)
    gap_next = np.where(
        level >= top, 0.0, nxt[np.clip(np.nan_to_num(level), 1, top).astype(int) - 1]
    )
    gap_next = np.where(np.isnan(level), np.nan, np.maximum(gap_next - score, 0.0))
    target = np.asarray(targets, dtype=int)
    target_score = t[target - 1]
    gap_target = np.maximum(target_score - score, 0.0)
    done, need = _steps(level, target)
    with np.errstate(invalid="ignore", divide="ignore"):
        progress = np.where(need > 0, done / np.where(need > 0, need, 1.0), 1.0)
    return Figures(level, gap_next, gap_target, np.where(np.isnan(level), np.nan, progress))


def _steps(level: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Level steps completed toward the target, and steps needed (NaN where no level)."""
    need = np.broadcast_to(target - 1.0, np.shape(level))
    return np.minimum(level, target) - 1.0, need


def overall_progress(
    score: np.ndarray, thresholds: Sequence[float] | np.ndarray, targets: np.ndarray
) -> np.ndarray:
    """Overall progress to target of score rows (n x d), in level steps: the levels completed
    toward the targets over the levels needed, summed over the dimensions with a score,
    ``sum(min(level, target) - 1) / sum(target - 1)`` (1.0 when every target is level 1).

    A firm's overall progress is this function of its mean dimension scores."""
    t = np.asarray(thresholds, dtype=float)
    score = np.atleast_2d(np.asarray(score, dtype=float))
    level = levels(score, t)
    ok = ~np.isnan(level)
    done, need = _steps(level, np.asarray(targets, dtype=int))
    done_sum = np.where(ok, done, 0.0).sum(axis=1)
    need_sum = np.where(ok, need, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        progress = np.where(need_sum > 0, done_sum / np.where(need_sum > 0, need_sum, 1.0), 1.0)
    return np.where(ok.any(axis=1), progress, np.nan)


def _problems(answers: pd.DataFrame, item_id: str, col: Column) -> pd.DataFrame:
    where = np.flatnonzero(col.invalid)
    assert col.reasons is not None
    return pd.DataFrame(
        {
            "row": answers.index[where],
            "item": item_id,
            "value": answers[item_id].iloc[where].to_numpy(dtype=object),
            "reason": col.reasons.iloc[where].to_numpy(dtype=object),
        }
    )


def _leave_out(col: Column, mask: np.ndarray) -> None:
    """Mark rows where the item was not asked: left out, no value, no error."""
    col.state = np.where(mask, LEFT_OUT, col.state).astype(np.int8)
    col.values = col.values.mask(mask)
    col.invalid = col.invalid & ~mask
    if col.code_index is not None:
        col.code_index = np.where(mask, -1, col.code_index)


def _condition_items(questionnaire: Questionnaire, rubric: Rubric) -> set[str]:
    conditions = [item.when for item in questionnaire.items() if item.when is not None]
    conditions += [rule.when for rule in rubric.rules]
    return {c.subject[1] for cond in conditions for c in clauses(cond) if c.item is not None}


def asked(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Boolean frame: True where an item is asked, given the answers so far (skip logic)."""
    n = len(answers)
    item_defs = questionnaire.item_map()

    def lookup(kind: str, name: str) -> tuple[pd.Series, np.ndarray]:
        raw = answers[name] if name in answers.columns else None
        item = item_defs[name]
        col = normalize(raw, item, n, _scale(questionnaire, item))
        return col.values, col.state == ANSWERED

    skipped = skipped_items(questionnaire, lookup, n)
    ids = [item.id for item in questionnaire.items()]
    return pd.DataFrame(
        {i: ~skipped[i] if i in skipped else np.ones(n, bool) for i in ids}, index=answers.index
    )
