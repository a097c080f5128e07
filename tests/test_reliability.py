"""Scale reliability (``amc reliability``): published figures, and every statistic recomputed
with plain numpy on the same data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from amc_assess import reliability
from amc_assess.reliability import feldt, scale_reliability
from conftest import FIXTURES

DATA = FIXTURES / "reliability"


def pingouin_long() -> pd.DataFrame:
    long = pd.read_csv(DATA / "cronbach_alpha.csv")
    return long.pivot(index="Subj", columns="Items", values="Scores")


def pingouin_missing() -> pd.DataFrame:
    return pd.read_csv(DATA / "cronbach_wide_missing.csv", encoding="utf-8-sig")


def triple(low: float, high: float) -> tuple[float, float]:
    return round(low, 3), round(high, 3)


# ---------------------------------------------------------------- published figures


def test_pingouin_long_format_alpha_0_592_with_its_interval():
    result = scale_reliability(pingouin_long())
    assert round(result.alpha, 3) == 0.592
    assert triple(result.ci_low, result.ci_high) == (0.195, 0.840)
    assert (result.n, result.items) == (15, 10)


def test_pingouin_missing_values_pairwise_listwise_and_median_filled():
    wide = pingouin_missing()
    assert int(wide.isna().sum().sum()) == 4
    pairwise = scale_reliability(wide, "pairwise")
    assert round(pairwise.alpha, 3) == 0.733 and pairwise.n == 12
    assert triple(pairwise.ci_low, pairwise.ci_high) == (0.435, 0.909)
    listwise = scale_reliability(wide, "listwise")
    assert round(listwise.alpha, 3) == 0.802 and listwise.n == 9
    # pingouin publishes [0.581, 0.933]: the Feldt interval with n = 12, all rows; ours
    # rests on the 9 complete rows the listwise alpha is computed from
    assert triple(*feldt(listwise.alpha, 12, 11)) == (0.581, 0.933)
    assert (listwise.ci_low, listwise.ci_high) == pytest.approx(feldt(listwise.alpha, 9, 11))
    median = scale_reliability(wide, "median")
    assert round(median.alpha, 3) == 0.738 and median.n == 12
    assert triple(median.ci_low, median.ci_high) == (0.447, 0.911)


# ---------------------------------------------------------------- against numpy


def numpy_alpha(x: np.ndarray) -> float:
    k = x.shape[1]
    cov = np.cov(x, rowvar=False)
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def residual_variances(x: np.ndarray) -> np.ndarray:
    """Variance of each column left after least squares on all the others (and a constant):
    (1 - SMC_j) times the column's variance."""
    n, k = x.shape
    out = np.empty(k)
    for j in range(k):
        others = np.column_stack([np.ones(n), np.delete(x, j, axis=1)])
        coef, *_ = np.linalg.lstsq(others, x[:, j], rcond=None)
        out[j] = ((x[:, j] - others @ coef) ** 2).sum() / (n - 1)
    return out


@pytest.mark.parametrize("data", ["long", "complete rows of the binary items"])
def test_every_statistic_recomputed_with_numpy(data):
    frame = pingouin_long() if data == "long" else pingouin_missing().dropna()
    x = frame.to_numpy(dtype=float)
    n, k = x.shape
    result = scale_reliability(frame)
    cov = np.cov(x, rowvar=False)
    corr = np.corrcoef(x, rowvar=False)
    mean_r = corr[~np.eye(k, dtype=bool)].mean()
    assert result.alpha == pytest.approx(numpy_alpha(x), abs=1e-12)
    assert result.average_r == pytest.approx(mean_r, abs=1e-12)
    assert result.alpha_std == pytest.approx(k * mean_r / (1 + (k - 1) * mean_r), abs=1e-12)
    # Guttman's lambda-6 = 1 - sum(e_j^2) / V_x, e_j^2 from regressing item j on the others
    assert result.lambda6 == pytest.approx(1 - residual_variances(x).sum() / cov.sum(), abs=1e-9)
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    assert result.lambda6_std == pytest.approx(
        1 - residual_variances(z).sum() / corr.sum(), abs=1e-9
    )
    stats = result.item_stats.set_index("item")
    for j, item in enumerate(frame.columns):
        rest = np.delete(x, j, axis=1)
        row = stats.loc[str(item)]
        assert row["n"] == n and row["missing_share"] == 0
        assert row["mean"] == pytest.approx(x[:, j].mean())
        assert row["sd"] == pytest.approx(x[:, j].std(ddof=1))
        assert row["r_drop"] == pytest.approx(np.corrcoef(x[:, j], rest.sum(axis=1))[0, 1])
        assert row["alpha_if_dropped"] == pytest.approx(numpy_alpha(rest))
    low, high = feldt(result.alpha, n, k)
    assert (result.ci_low, result.ci_high) == (low, high)


def test_pairwise_covariances_are_pandas_pairwise_ones():
    wide = pingouin_missing()
    result = scale_reliability(wide, "pairwise")
    cov = wide.cov().to_numpy()  # pandas: each pair over the rows answering both
    k = cov.shape[0]
    assert result.alpha == pytest.approx(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))
    stats = result.item_stats.set_index("item")
    assert list(stats["n"]) == list(wide.notna().sum())
    assert list(stats["missing_share"]) == pytest.approx(list(wide.isna().mean()))
    assert list(stats["mean"]) == pytest.approx(list(wide.mean()))
    assert list(stats["sd"]) == pytest.approx(list(wide.std()))


def test_median_fill_is_the_complete_data_computation_on_filled_items():
    wide = pingouin_missing()
    filled = wide.fillna(wide.median())
    median, complete = scale_reliability(wide, "median"), scale_reliability(filled)
    assert median.record() == pytest.approx(complete.record())
    # the missing share still tells how many answers were filled in
    assert list(median.item_stats["missing_share"]) == pytest.approx(list(wide.isna().mean()))


@pytest.mark.parametrize("missing", ["pairwise", "listwise", "median"])
def test_blocks_add_up_to_the_whole(monkeypatch, missing):
    wide = pingouin_missing()
    whole = scale_reliability(wide, missing)
    monkeypatch.setattr(reliability, "CHUNK", 5)  # 12 rows: blocks of 5, 5 and 2
    blocked = scale_reliability(wide, missing)
    assert blocked.record() == pytest.approx(whole.record())


@pytest.mark.parametrize("missing", ["pairwise", "listwise"])
def test_row_weights_are_repeated_rows(missing):
    wide = pingouin_missing()
    x = wide.to_numpy(dtype=float)
    weights = np.array([2, 0, 1, 3, 1, 1, 0, 2, 1, 1, 2, 1], dtype=float)
    weighted = reliability._moments(x, ~np.isnan(x), missing, weights)
    repeated = np.repeat(x, weights.astype(int), axis=0)
    plain = reliability._moments(repeated, ~np.isnan(repeated), missing)
    assert weighted.n == plain.n
    np.testing.assert_allclose(weighted.cov, plain.cov, atol=1e-12)
    np.testing.assert_allclose(weighted.mean, plain.mean, atol=1e-12)


def test_bootstrap_interval_is_reproducible_and_surrounds_alpha():
    frame = pingouin_long()
    first = scale_reliability(frame, bootstrap=300, seed=7)
    again = scale_reliability(frame, bootstrap=300, seed=7)
    assert (first.boot_low, first.boot_high) == (again.boot_low, again.boot_high)
    assert first.boot_low < first.alpha < first.boot_high
    assert first.boot_n == 300 and "boot_low" in first.record()
    assert "boot_low" not in scale_reliability(frame).record()


# ---------------------------------------------------------------- edge cases


def test_items_without_variance_are_dropped_and_named_as_psych_does():
    frame = pingouin_long().astype(float)
    frame["constant"] = 3.0
    frame["once"] = [4.0] + [np.nan] * (len(frame) - 1)
    result = scale_reliability(frame)
    assert result.dropped == ["constant", "once"]
    assert result.items == 10
    assert result.alpha == pytest.approx(scale_reliability(pingouin_long()).alpha)
    stats = result.item_stats.set_index("item")
    assert stats.loc["once", "n"] == 1 and math.isnan(stats.loc["once", "r_drop"])


def test_rows_without_any_answer_are_not_respondents():
    frame = pingouin_long().astype(float).reset_index(drop=True)
    padded = pd.concat([frame, pd.DataFrame(np.nan, index=[100, 101], columns=frame.columns)])
    for missing in ("pairwise", "listwise", "median"):
        assert scale_reliability(padded, missing).record() == pytest.approx(
            scale_reliability(frame, missing).record()
        )


def test_too_few_items_or_rows_give_no_figures():
    one_item = scale_reliability(pd.DataFrame({"a": [1.0, 2.0, 3.0]}))
    assert math.isnan(one_item.alpha) and one_item.items == 0
    one_row = scale_reliability(pd.DataFrame({"a": [1.0], "b": [2.0]}))
    assert math.isnan(one_row.alpha) and math.isnan(one_row.ci_low)
    with pytest.raises(ValueError, match="missing must be 'pairwise' or 'listwise' or 'median'"):
        scale_reliability(pingouin_long(), "mean")


def test_a_pair_never_answered_together_leaves_the_scale_without_figures():
    frame = pd.DataFrame(
        {"a": [1.0, 2.0, 3.0, 4.0], "b": [2.0, 3.0, np.nan, np.nan], "c": [np.nan, np.nan, 1, 3]}
    )
    result = scale_reliability(frame)  # b and c share no respondent: no covariance
    assert math.isnan(result.alpha) and math.isnan(result.lambda6)
    assert result.items == 3 and result.n == 4
    assert list(result.item_stats["mean"]) == [2.5, 2.5, 2.0]
    assert result.item_stats["r_drop"].isna().all()
