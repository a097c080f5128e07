"""Internal consistency of a scale's items, as R psych's ``alpha()`` reports it.

Everything comes from one covariance matrix of the items (``C``, k x k):

* raw alpha ``k / (k - 1) * (1 - tr(C) / sum(C))`` (Cronbach 1951);
* standardized alpha ``k * r / (1 + (k - 1) * r)`` from the mean inter-item correlation ``r``;
* Guttman's lambda-6 ``1 - sum(e_j^2) / V_x``: ``e_j^2`` is the residual variance of item j
  regressed on all the others, ``(1 - SMC_j) * C_jj`` = ``1 / (C^-1)_jj``, ``V_x = sum(C)``.
  ``lambda6_std`` is the same on the correlation matrix (psych's "G6(smc)");
* per item: answered count, missing share, mean, sd, the correlation of the item with the
  sum of the other items (psych's ``r.drop``) and alpha with the item dropped;
* Feldt's interval ``1 - (1 - alpha) * F`` with F on (n - 1, (n - 1)(k - 1)) degrees of
  freedom (Feldt, Woodruff & Salih 1987), and optionally a percentile bootstrap interval.

Missing answers (NaN):

* ``pairwise``: each covariance over the respondents who answered both items (psych's
  default ``use="pairwise"``, pingouin's ``nan_policy="pairwise"``), and each correlation
  (standardized alpha, mean r, ``lambda6_std``) over them too, with both items' variances
  taken there, as R's ``cor(use="pairwise")`` and so psych do;
* ``listwise``: only respondents who answered every item;
* ``median``: each item's missing answers filled with the item's median (psych's
  ``impute="median"``).

Rows with no answer to any of the items are left out (they are not respondents of the scale);
``n`` counts the rest (listwise: the complete rows). Items answered fewer than twice or
without variance are dropped from the statistics and named, as psych does.

The covariances come from one Gram matrix of the (shifted) answers and their answered-flags
(:mod:`amc_assess.covariances`), so the pairwise case costs one matrix product, not a loop
over item pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from amc_assess import covariances
from amc_assess.covariances import Moments, as_matrix, medians, subset

MISSING_POLICIES = ("pairwise", "listwise", "median")
ITEM_COLUMNS = ("item", "n", "missing_share", "mean", "sd", "r_drop", "alpha_if_dropped")
SCALE_COLUMNS = (
    "items",
    "n",
    "alpha",
    "alpha_std",
    "lambda6",
    "lambda6_std",
    "average_r",
    "ci_low",
    "ci_high",
)
BOOT_COLUMNS = ("boot_low", "boot_high")
EIGEN_TOLERANCE = 1e-9  # a negative eigenvalue this small beside the largest is rounding


@dataclass
class ScaleReliability:
    """Reliability figures of one scale (one dimension's items over one group of rows)."""

    alpha: float
    alpha_std: float
    lambda6: float
    lambda6_std: float
    average_r: float
    n: int
    items: int  # items used (answered at least twice, with variance)
    ci_low: float
    ci_high: float
    item_stats: pd.DataFrame  # ITEM_COLUMNS, one row per item given
    dropped: list[str] = field(default_factory=list)  # no variance or answered < twice
    boot_low: float = float("nan")
    boot_high: float = float("nan")
    boot_n: int = 0
    missing: str = "pairwise"
    level: float = 0.95

    def record(self) -> dict[str, object]:
        """The scale row: SCALE_COLUMNS (and BOOT_COLUMNS when bootstrapped)."""
        row: dict[str, object] = {name: getattr(self, name) for name in SCALE_COLUMNS}
        if self.boot_n:
            row.update({name: getattr(self, name) for name in BOOT_COLUMNS})
        return row


def check_missing(missing: str) -> None:
    if missing not in MISSING_POLICIES:
        raise ValueError(f"missing must be 'pairwise' or 'listwise' or 'median', not {missing!r}")


def scale_reliability(
    items: pd.DataFrame,
    missing: str = "pairwise",
    level: float = 0.95,
    bootstrap: int = 0,
    seed: int | None = 0,
    asked: pd.DataFrame | None = None,
) -> ScaleReliability:
    """Alpha, standardized alpha, lambda-6, mean inter-item r and item statistics of the
    ``items`` columns (numbers, NaN for missing), with the Feldt interval at ``level`` and,
    with ``bootstrap`` resamples, a percentile bootstrap interval. ``asked``: where each
    question was asked (skip logic; same shape): a question not asked is no missing answer,
    counts in no missing share and is never filled with a median."""
    check_missing(missing)
    policy = missing  # as asked for (median: where asked, see above)
    given = names = [str(c) for c in items.columns]
    x = as_matrix(items)
    answered = ~np.isnan(x)
    put = np.ones_like(answered) if asked is None else asked.to_numpy(dtype=bool) | answered
    any_answer = answered.any(axis=1)
    if not any_answer.all():
        x, answered, put = x[any_answer], answered[any_answer], put[any_answer]
    rows = len(x)
    counts = answered.sum(axis=0)
    original = x
    if missing == "median" and not put.all():  # medians where asked; the rest pair by pair
        gaps = put & ~answered
        x = np.where(gaps, medians(x, answered)[None, :], x)
        answered = answered | gaps
        missing = "pairwise"
    used = [n for n, c in zip(names, counts, strict=True) if c >= 2]
    moments = Moments(np.empty((0, 0)), np.empty(0), np.empty(0, dtype=int), rows)
    while len(used) >= 2 and rows >= 2:
        x, answered = subset(x, answered, np.isin(names, used))
        moments = covariances.moments(x, answered, missing)
        spread = np.diag(moments.cov) > 0
        if spread.all():
            break
        # items without variance are dropped, and the others taken again (as psych does)
        names = used
        used = [n for n, k in zip(used, spread, strict=True) if k]
    if len(used) < 2 or rows < 2:
        used = []
    figures = _figures(moments.cov, moments.corr) if used and moments.n >= 2 else None
    stats = _item_table(given, used, counts, put.sum(axis=0), moments, figures)
    for j, name in enumerate(given):
        if name not in used and counts[j]:  # its own mean and sd, though left out
            values = original[:, j][~np.isnan(original[:, j])]
            stats.loc[j, "mean"] = values.mean()
            stats.loc[j, "sd"] = values.std(ddof=1) if len(values) > 1 else np.nan
    result = ScaleReliability(
        alpha=figures.alpha if figures else float("nan"),
        alpha_std=figures.alpha_std if figures else float("nan"),
        lambda6=figures.lambda6 if figures else float("nan"),
        lambda6_std=figures.lambda6_std if figures else float("nan"),
        average_r=figures.average_r if figures else float("nan"),
        n=moments.n,
        items=len(used),
        ci_low=float("nan"),
        ci_high=float("nan"),
        item_stats=stats,
        dropped=[n for n in given if n not in used],
        missing=policy,
        level=level,
    )
    if figures is not None:
        result.ci_low, result.ci_high = feldt(figures.alpha, moments.n, len(used), level)
        if bootstrap > 0 and len(used) >= 2:
            result.boot_low, result.boot_high = _bootstrap(
                x, answered, missing, bootstrap, level, seed
            )
            result.boot_n = bootstrap
    return result


def feldt(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's interval for alpha from n respondents and k items."""
    from scipy.stats import f  # lazy: scipy loads only when a statistic is computed

    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    low = 1 - (1 - alpha) * f.isf(tail, df1, df2)
    high = 1 - (1 - alpha) * f.isf(1 - tail, df1, df2)
    return float(low), float(high)


# ---------------------------------------------------------------- figures


@dataclass
class _Figures:
    alpha: float
    alpha_std: float
    lambda6: float
    lambda6_std: float
    average_r: float
    r_drop: np.ndarray
    alpha_if_dropped: np.ndarray


def raw_alpha(cov: np.ndarray) -> float:
    k = cov.shape[0]
    total = cov.sum()
    if k < 2 or not total > 0:
        return float("nan")
    return float(k / (k - 1) * (1 - np.trace(cov) / total))


def _figures(cov: np.ndarray, corr: np.ndarray | None = None) -> _Figures:
    """The scale's figures from its covariances (raw alpha, lambda-6, r.drop, alpha if
    dropped) and correlations (standardized alpha, mean r, lambda-6 on correlations): with
    pairwise missing values each correlation is taken over the pair's own respondents, as
    R's cor(use="pairwise") and so psych do; else the covariances scaled. A covariance is
    missing where two items were answered together fewer than twice, a correlation also
    where an item does not vary among the respondents answering both: the figures resting on
    it are then missing too."""
    k = cov.shape[0]
    nan, none = float("nan"), np.full(k, np.nan)
    variances = np.diag(cov)
    if corr is None:
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.sqrt(variances)
            corr = cov / np.outer(sd, sd)
    alpha, lambda6, r_drop, dropped = nan, nan, none, none.copy()
    if np.isfinite(cov).all():
        total = cov.sum()
        alpha = raw_alpha(cov)
        if total > 0 and not _indefinite(cov):
            lambda6 = float(1 - _residual_variances(cov).sum() / total)  # (1 - SMC_j) var_j
        column = cov.sum(axis=0)
        rest = total - 2 * column + variances  # variance of the sum of the other items
        with np.errstate(invalid="ignore", divide="ignore"):
            r_drop = (column - variances) / np.sqrt(variances * rest)
            if k > 2:
                dropped = (k - 1) / (k - 2) * (1 - (np.trace(cov) - variances) / rest)
    alpha_std, average_r, lambda6_std = nan, nan, nan
    if np.isfinite(corr).all():
        total_r = corr.sum()
        average_r = float((total_r - k) / (k * (k - 1)))
        if total_r > 0:
            alpha_std = float(k / (k - 1) * (1 - k / total_r))
        if total_r > 0 and not _indefinite(corr):
            lambda6_std = float(1 - _residual_variances(corr).sum() / total_r)  # 1 - SMC_j
    return _Figures(alpha, alpha_std, lambda6, lambda6_std, average_r, r_drop, dropped)


def _indefinite(cov: np.ndarray) -> bool:
    """Whether a (pairwise) covariance or correlation matrix has a negative eigenvalue, so
    that it is the covariance matrix of no data: regressions on it leave residual variances
    below 0, clipped to 0, and lambda-6 came out as 1.000 beside an alpha of 0.73 (a trial).
    Lambda-6 is then not given."""
    eigen = np.linalg.eigvalsh(cov)
    return bool(eigen[0] < -EIGEN_TOLERANCE * max(abs(eigen[-1]), 1e-300))


def _residual_variances(cov: np.ndarray) -> np.ndarray:
    """Each item's variance left after regressing it on all the others: C_jj - c' C_-j^+ c
    (least squares through the pseudo-inverse, so a singular matrix, e.g. fewer respondents
    than items, still gives the regression's residual), kept within 0 and C_jj (an
    indefinite pairwise matrix can push it out, as psych's smc() also guards against)."""
    k = cov.shape[0]
    out = np.empty(k)
    for j in range(k):
        others = np.arange(k) != j
        c = cov[others, j]
        inner = np.linalg.pinv(cov[np.ix_(others, others)], rcond=1e-10, hermitian=True)
        out[j] = cov[j, j] - c @ inner @ c
    return np.clip(out, 0.0, np.diag(cov))


def _item_table(
    names: list[str],
    used: list[str],
    counts: np.ndarray,
    asked: np.ndarray,
    moments: Moments,
    figures: _Figures | None,
) -> pd.DataFrame:
    """Each item's row; ``asked``: per item, the rows that asked it (its missing share's
    denominator)."""
    position = {name: j for j, name in enumerate(used)}
    sd = np.sqrt(np.diag(moments.cov)) if len(used) else np.array([])
    out: dict[str, list[object]] = {c: [] for c in ITEM_COLUMNS}
    for name, answered, rows in zip(names, counts, asked, strict=True):
        j = position.get(name)
        out["item"].append(name)
        out["n"].append(int(moments.count[j]) if j is not None else int(answered))
        out["missing_share"].append(1 - answered / rows if rows else float("nan"))
        out["mean"].append(float(moments.mean[j]) if j is not None else float("nan"))
        out["sd"].append(float(sd[j]) if j is not None else float("nan"))
        out["r_drop"].append(float(figures.r_drop[j]) if figures and j is not None else np.nan)
        out["alpha_if_dropped"].append(
            float(figures.alpha_if_dropped[j]) if figures and j is not None else np.nan
        )
    return pd.DataFrame(out).astype({"n": "int64"})


def _bootstrap(
    x: np.ndarray,
    answered: np.ndarray,
    missing: str,
    resamples: int,
    level: float,
    seed: int | None,
) -> tuple[float, float]:
    """Percentile interval of raw alpha over ``resamples`` resamples of the rows (drawn as
    multinomial row weights, so each resample is one weighted Gram matrix)."""
    rng = np.random.default_rng(seed)
    if missing == "median" and not answered.all():
        x = np.where(answered, x, medians(x, answered))
        answered = np.ones_like(answered)
    n = len(x)
    values = np.empty(resamples)
    for b in range(resamples):
        weights = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)
        values[b] = raw_alpha(covariances.moments(x, answered, missing, weights).cov)
    tail = (1 - level) / 2
    low, high = np.nanquantile(values, [tail, 1 - tail])
    return float(low), float(high)


# ---------------------------------------------------------------- many scales, many groups


def reliability_tables(
    items: pd.DataFrame,
    scales: dict[str, list[str]],
    groups: pd.Series | None = None,
    missing: str = "pairwise",
    level: float = 0.95,
    bootstrap: int = 0,
    seed: int | None = 0,
    asked: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each scale's figures (``scales``: name -> item columns of ``items``) over the whole
    sample, or over each value of ``groups`` (aligned with ``items``' rows; missing values
    form a group of their own). Returns the scale table (``dimension``, SCALE_COLUMNS,
    ``dropped``) and the item table (``dimension``, ITEM_COLUMNS), each led by a ``group``
    column when grouped. ``asked``: where each question was asked (as ``items``)."""
    check_missing(missing)
    if groups is None:
        parts: list[tuple[object, pd.DataFrame]] = [(None, items)]
    else:
        keys = pd.Series(groups.to_numpy(), index=items.index)
        parts = [
            (key, items.loc[index])
            for key, index in keys.groupby(keys, sort=True, dropna=False).groups.items()
        ]
    scale_rows: list[dict[str, object]] = []
    item_parts: list[pd.DataFrame] = []
    for key, frame in parts:
        lead = {} if groups is None else {"group": key}
        for name, members in scales.items():
            where = None if asked is None else asked.loc[frame.index, members]
            result = scale_reliability(frame[members], missing, level, bootstrap, seed, where)
            row = {**lead, "dimension": name, **result.record()}
            row["dropped"] = ";".join(result.dropped)
            scale_rows.append(row)
            stats = result.item_stats.copy()
            stats.insert(0, "dimension", name)
            if groups is not None:
                stats.insert(0, "group", [key] * len(stats))
            item_parts.append(stats)
    lead_columns = [] if groups is None else ["group"]
    scale_columns = [*lead_columns, "dimension", *SCALE_COLUMNS]
    if bootstrap:
        scale_columns += list(BOOT_COLUMNS)
    scale_table = pd.DataFrame(scale_rows, columns=[*scale_columns, "dropped"])
    item_columns = [*lead_columns, "dimension", *ITEM_COLUMNS]
    item_table = (
        pd.concat(item_parts, ignore_index=True)[item_columns]
        if item_parts
        else pd.DataFrame(columns=item_columns)
    )
    return scale_table, item_table
