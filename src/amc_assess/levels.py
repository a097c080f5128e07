"""What a score means against the rubric: its maturity level, the gaps to the next level and
to the target, and progress to target in level steps. The one level rule for every caller."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

PROGRESS_DEFINITION = "level steps"


def progress_explanation(top: int = 5) -> str:
    """How progress to target is counted, with an example that fits ``top`` levels."""
    target = max(2, min(4, top))
    done, need = target - 2, target - 1
    shown = math.floor(100 * done / need)
    return (
        "Progress to target counts maturity levels, not score points. A dimension's progress is "
        "the number of levels completed toward its target level over the number of levels "
        "needed to reach it from level 1: (min(level, target) - 1) / (target - 1). The overall "
        "progress adds up the levels completed and the levels needed over the dimensions with a "
        f"score. A firm at level {target - 1} with target level {target} has completed {done} "
        f"of {need} step{'s' * (need != 1)} (shown as {shown}%: progress is always rounded "
        "down), and progress is 100% only once every target level is reached. This differs "
        "from the percent to target of OWASP's SAMM (OWASP n.d.), which divides the current "
        "maturity score by the target score: we count completed levels, because a score inside "
        "a level band does not mean that any practice of the next level is in place. The gap "
        "to target stays in score points: the target level's threshold minus the score."
    )


PROGRESS_EXPLANATION = progress_explanation()  # for the bundled rubric's five levels
EPS = 1e-6  # a score within this below a threshold reaches it


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


def overall_index(
    score: np.ndarray, weights: Sequence[float] | np.ndarray, require_all: bool
) -> np.ndarray:
    """The overall index of dimension score rows (n x d) by the engine's rule: the weighted
    mean of the scores (rounded to six decimals), summed in whole millionths in dimension order
    as the engine sums them; NaN without a score, or (``require_all``) where one is missing.

    A firm's overall index is this function of its mean dimension scores, so it always lies
    among them (a mean of its respondents' own indexes could lie above every dimension when
    some respondent had none)."""
    score = np.atleast_2d(np.asarray(score, dtype=float))
    ok = ~np.isnan(score)
    total = np.zeros(score.shape[0])
    weight = np.zeros(score.shape[0])
    for k, w in enumerate(np.asarray(weights, dtype=float)):
        total += np.where(ok[:, k], np.rint(np.where(ok[:, k], score[:, k], 0.0) * 1e6) * w, 0.0)
        weight += np.where(ok[:, k], w, 0.0)
    missing = ~ok.all(axis=1) if require_all else ~ok.any(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.rint(total / np.where(weight > 0, weight, 1.0)) / 1e6
    return np.where(missing, np.nan, index)


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
