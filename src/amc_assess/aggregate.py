"""Many respondents per firm: group means, agreement (rwg(j), ICC), reliability, group gaps.

* rwg(j) (James, Demaree & Wolf 1984) per group and dimension, against a uniform null: each
  item's expected variance sigma2_EU is the variance of its scores when each of its A answer
  options (non-answers excluded) is equally likely, which for A options placed evenly on the
  score range is (A^2 - 1) / 12 in steps of the scale (2 for a five-point item on 1..5, 4 for
  a seven-point item in its own steps). Items of different scales in one dimension: rwg(j)
  compares the mean observed variance with the mean of the items' own sigma2_EU, over the
  items the group's respondents answered (at least two each); when the ratio exceeds 1,
  rwg(j) is set to 0. The observed variances are those of the engine's item scores.
  Agreement justifies aggregating individual answers into a unit's score, so the "aggregate
  with caution" verdict is given only for groups of firms or teams (:data:`UNITS`).
* ICC(1) and ICC(2) per dimension over the batch, from a one-way ANOVA of respondent scores
  on groups (Bliese 2000), with k0 = (N - sum(n_g^2) / N) / (G - 1) for unequal groups.
* Cronbach's alpha per dimension over the batch, with missing item scores handled pairwise
  (covariances over the respondents who answered both items) or listwise (complete rows),
  with the F-distribution 95% interval: :mod:`amc_assess.reliability`, which ``amc
  reliability`` reports in full.
* Group comparison: Welch's t-interval for the gap between two groups' mean scores.

A firm's (or any group's) result from its respondents is :mod:`amc_assess.scored.firm`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt
import pandas as pd

from amc_assess.models import Questionnaire, Rubric
from amc_assess.reliability import scale_reliability
from amc_assess.scoring import possible_scores

UNITS = frozenset({"firm", "team"})  # groupings whose members' answers a score aggregates


@dataclass
class Alpha:
    alpha: float
    n: int
    items: int
    ci_low: float
    ci_high: float


def cronbach_alpha(items: pd.DataFrame, missing: str = "pairwise", ci: float = 0.95) -> Alpha:
    """Cronbach's alpha of item columns with its Feldt interval; ``missing`` is ``pairwise``,
    ``listwise`` or ``median`` (:func:`amc_assess.reliability.scale_reliability`)."""
    result = scale_reliability(items, missing, ci)
    return Alpha(result.alpha, result.n, result.items, result.ci_low, result.ci_high)


def dimension_items(rubric: Rubric) -> dict[str, list[str]]:
    return {
        d: list(dict.fromkeys(ri.item for ri in dim.items)) for d, dim in rubric.dimensions.items()
    }


def unaudited(rubric: Rubric, items: pd.DataFrame) -> list[str]:
    """The network measures (from a relationship audit, ``amc network``) that no row of
    ``items`` holds: survey answers carry none, so they are no item of a scale."""
    return [
        ri.item for dim in rubric.dimensions.values() for ri in dim.items
        if ri.metric is not None and ri.item in items and items[ri.item].isna().all()
    ]  # fmt: skip


def scale_items(
    rubric: Rubric, items: pd.DataFrame, absent: list[str] | None = None
) -> dict[str, list[str]]:
    """Each dimension's items for its reliability over ``items``: the rubric's, less the
    network measures no row holds (``absent``, when the caller has them)."""
    absent = unaudited(rubric, items) if absent is None else absent
    return {d: [i for i in members if i not in absent]
            for d, members in dimension_items(rubric).items()}  # fmt: skip


def null_variances(q: Questionnaire | None, rubric: Rubric) -> dict[str, float]:
    """sigma2_EU of every rubric item: the population variance of the scores of its answer
    options, each equally likely (NaN for an item with fewer than two options). Without the
    questionnaire: five points evenly on the score range."""
    low, high = rubric.score_range
    five = float(np.var(np.linspace(low, high, 5)))
    if q is None:
        return {ri.item: five for dim in rubric.dimensions.values() for ri in dim.items}
    return {
        item: float(np.var(scores)) if len(scores) > 1 else np.nan
        for item, scores in possible_scores(q, rubric).items()
    }


def is_unit(keys: list[str]) -> bool:
    """Whether groups by ``keys`` are firms or teams, whose scores aggregate their members'."""
    return any(key.strip().casefold() in UNITS for key in keys)


def named_rows(table: pd.DataFrame, keys: list[str]) -> npt.NDArray[np.bool_]:
    """Rows that give every firm or team among ``keys`` (every row where none is a unit):
    respondents without one are strangers to each other, not a group."""
    units = [k for k in keys if k.strip().casefold() in UNITS]
    if not units:
        return np.ones(len(table), dtype=bool)
    given: npt.NDArray[np.bool_] = table[units].notna().all(axis=1).to_numpy(dtype=bool)
    return given


def rwg_j(
    items: pd.DataFrame,
    groups: pd.Series | list[pd.Series],
    members: list[str],
    null: dict[str, float],
) -> pd.Series:
    """rwg(j) per group over the ``members`` item columns (item scores, NaN missing), each
    item against its own uniform-null variance ``null[item]`` (:func:`null_variances`)."""
    variances = items[members].astype(float).groupby(groups, sort=True, dropna=False).var(ddof=1)
    expected = pd.Series([null[m] for m in members], index=members, dtype=float)
    usable = (expected > 0).to_numpy()  # an item with no spread of scores has no null
    variances = variances.where(np.broadcast_to(usable, variances.shape))
    j = variances.notna().sum(axis=1)
    mean_expected = variances.notna().mul(expected.fillna(0), axis=1).sum(axis=1) / j
    ratio = variances.mean(axis=1, skipna=True) / mean_expected
    agree = j * (1 - ratio)
    value = agree / (agree + ratio)
    return value.where(ratio < 1, 0.0).where(j > 0)


def icc(scores: pd.Series, groups: pd.Series | list[pd.Series]) -> dict[str, float]:
    """ICC(1), ICC(2), F and p of a one-way ANOVA of ``scores`` on ``groups``."""
    from scipy.stats import f  # lazy: scipy loads only when a statistic is computed

    data = scores.astype(float)
    ok = data.notna()
    stats = data[ok].groupby(_subset(groups, ok), sort=False, dropna=False).agg(["count", "mean"])
    n_total, g = int(stats["count"].sum()), len(stats)
    nan = {"icc1": np.nan, "icc2": np.nan, "f": np.nan, "p": np.nan, "groups": g, "n": n_total}
    if g < 2 or n_total <= g:
        return nan
    grand = data[ok].mean()
    ssb = float((stats["count"] * (stats["mean"] - grand) ** 2).sum())
    group_means = data[ok].groupby(_subset(groups, ok), sort=False, dropna=False).transform("mean")
    ssw = float(((data[ok] - group_means) ** 2).sum())
    msb, msw = ssb / (g - 1), ssw / (n_total - g)
    k0 = (n_total - float((stats["count"] ** 2).sum()) / n_total) / (g - 1)
    if msb == 0:
        return nan
    fvalue = msb / msw if msw > 0 else np.inf
    return {
        "icc1": (msb - msw) / (msb + (k0 - 1) * msw),
        "icc2": (msb - msw) / msb,
        "f": fvalue,
        "p": float(f.sf(fvalue, g - 1, n_total - g)),
        "groups": g,
        "n": n_total,
    }


def _subset(groups: pd.Series | list[pd.Series], mask: pd.Series) -> pd.Series | list[pd.Series]:
    if isinstance(groups, list):
        return [g[mask] for g in groups]
    return groups[mask]


NEGATIVE_ICC = (
    "below 0: the groups differ less than their members do within them, as chance alone "
    "would make them; read as no agreement within groups (0)"
)


def reliability(
    table: pd.DataFrame,
    items: pd.DataFrame,
    rubric: Rubric,
    by: list[str] | None,
    grouped: npt.NDArray[np.bool_] | None = None,
) -> pd.DataFrame:
    """Per dimension over the batch: alpha (pairwise and listwise) and, with groups, ICCs
    (over the ``grouped`` rows only, where given: those the group figures count); ``items``:
    those alpha is over, ``items_left_out``: the others (no variance, or answered fewer than
    twice); ``icc_note`` says what an ICC below 0 means."""
    rows = []
    for dim, members in scale_items(rubric, items).items():
        pair = scale_reliability(items[members], "pairwise")
        whole = scale_reliability(items[members], "listwise")
        row: dict[str, object] = {
            "dimension": dim,
            "items": pair.items,  # those alpha is over: answered twice or more, with variance
            "items_left_out": ";".join(pair.dropped),
            "alpha_pairwise": pair.alpha,
            "alpha_pairwise_n": pair.n,
            "alpha_listwise": whole.alpha,
            "alpha_listwise_items": whole.items,  # fewer where complete rows leave no variance
            "alpha_listwise_left_out": ";".join(whole.dropped),
            "alpha_listwise_n": whole.n,
            "alpha_listwise_ci_low": whole.ci_low,
            "alpha_listwise_ci_high": whole.ci_high,
        }
        if by:
            kept = table if grouped is None else table[grouped]
            stats = icc(kept[f"{dim}_score"], [kept[k] for k in by])
            row.update({f"icc_{k}" if k in ("f", "p") else k: v for k, v in stats.items()})
            row["icc_note"] = NEGATIVE_ICC if float(stats["icc1"]) < 0 else ""
        rows.append(row)
    frame = pd.DataFrame(rows)
    return frame.rename(
        columns={"icc1": "icc1", "icc2": "icc2", "icc_f": "anova_f", "icc_p": "anova_p"}
    )


VERDICTS = ("gap beyond noise", "within noise", "no spread", "too few respondents")


def compare(
    table: pd.DataFrame,
    rubric: Rubric,
    attribute: str,
    within: list[str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Gaps in mean score between the values of ``attribute``, per dimension (Welch t-interval).

    A gap is "beyond noise" when its interval excludes zero. With ``within`` (e.g.
    ``["firm"]``) the groups are compared inside each firm; ``attribute`` among ``within``
    (``--group-by firm,side --compare side``) is compared inside the other keys' groups.
    """
    within = [key for key in within or [] if key != attribute]
    scores = [f"{d}_score" for d in rubric.dimensions] + ["overall_score"]
    data = table[within + [attribute] + scores].dropna(subset=[attribute])
    values = sorted(data[attribute].unique().tolist(), key=str)
    parts = []
    for score in scores:
        stats = data.groupby(within + [attribute], sort=True, dropna=False)[score].agg(
            ["count", "mean", "var"]
        )
        wide = stats.unstack(attribute) if within else stats.unstack().to_frame().T
        for a, b in combinations(values, 2):
            if (("count", a) not in wide.columns) or (("count", b) not in wide.columns):
                continue
            part = _welch(wide, a, b, level)
            part.insert(0, "dimension", score.removesuffix("_score"))
            parts.append(part.reset_index(drop=not within))
    columns = within + [
        "dimension",
        "group_a",
        "group_b",
        "n_a",
        "n_b",
        "mean_a",
        "mean_b",
        "gap",
        "ci_low",
        "ci_high",
        "p_value",
        "verdict",
    ]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)[columns]
    out = out.sort_values(within + ["group_a", "group_b"], kind="stable", ignore_index=True)
    return out.astype({"verdict": "string"})


def _welch(wide: pd.DataFrame, a: object, b: object, level: float) -> pd.DataFrame:
    """Welch's interval for mean_a - mean_b, row by row (vectorized over groups)."""
    from scipy.stats import t  # lazy: scipy loads only when a statistic is computed

    na = wide[("count", a)].fillna(0).to_numpy(dtype=float)
    nb = wide[("count", b)].fillna(0).to_numpy(dtype=float)
    ma, mb = wide[("mean", a)].to_numpy(dtype=float), wide[("mean", b)].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        va = wide[("var", a)].to_numpy(dtype=float) / na
        vb = wide[("var", b)].to_numpy(dtype=float) / nb
        se = np.sqrt(va + vb)
        df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
        gap = ma - mb
        half = t.ppf(1 - (1 - level) / 2, df) * se
        p = 2 * t.sf(np.abs(gap) / se, df)
    few = (na < 2) | (nb < 2)
    flat = ~few & (se == 0)
    ok = ~few & ~flat
    low = np.where(ok, gap - half, np.nan)
    high = np.where(ok, gap + half, np.nan)
    beyond = ok & ((low > 0) | (high < 0)) | flat & (gap != 0)
    beyond_noise, within, no_spread, too_few = VERDICTS
    verdict = np.where(
        few, too_few, np.where(beyond, beyond_noise, np.where(flat, no_spread, within))
    )
    return pd.DataFrame(
        {
            "group_a": a,
            "group_b": b,
            "n_a": na.astype(int),
            "n_b": nb.astype(int),
            "mean_a": ma,
            "mean_b": mb,
            "gap": gap,
            "ci_low": low,
            "ci_high": high,
            "p_value": np.where(ok, p, np.nan),
            "verdict": verdict,
        },
        index=wide.index,
    )
