"""Aggregation figures against hand-computed values and pingouin's published alphas."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from amc_assess.aggregate import (
    compare,
    cronbach_alpha,
    icc,
    null_variances,
    reliability,
    rwg_j,
)
from amc_assess.batch import score_batch
from amc_assess.scored.firm import group_table
from conftest import FIXTURES, MINI

RELIABILITY = FIXTURES / "exports" / "reliability"
Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"


# ---------------------------------------------------------------- Cronbach's alpha


def test_alpha_reproduces_pingouin_published_0_592_with_its_interval():
    long = pd.read_csv(RELIABILITY / "cronbach_alpha.csv")
    wide = long.pivot(index="Subj", columns="Items", values="Scores")
    result = cronbach_alpha(wide)
    assert round(result.alpha, 3) == 0.592
    assert (round(result.ci_low, 3), round(result.ci_high, 3)) == (0.195, 0.840)
    assert (result.n, result.items) == (15, 10)


def test_alpha_with_missing_values_pairwise_0_733_listwise_0_802():
    wide = pd.read_csv(RELIABILITY / "cronbach_wide_missing.csv", encoding="utf-8-sig")
    assert wide.isna().sum().sum() == 4
    pairwise = cronbach_alpha(wide, "pairwise")
    listwise = cronbach_alpha(wide, "listwise")
    assert round(pairwise.alpha, 3) == 0.733 and pairwise.n == 12
    assert round(listwise.alpha, 3) == 0.802 and listwise.n == 9
    filled = cronbach_alpha(wide.fillna(wide.median()), "listwise")
    assert round(filled.alpha, 3) == 0.738  # the third published figure: median imputation


def test_alpha_needs_two_items_and_two_rows():
    assert math.isnan(cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]})).alpha)
    with pytest.raises(ValueError, match="missing must be 'pairwise' or 'listwise'"):
        cronbach_alpha(pd.DataFrame({"a": [1, 2], "b": [2, 1]}), "mean")


# ---------------------------------------------------------------- rwg(j) and ICC


def test_rwg_j_against_hand_computed_values():
    # group g1: item variances 0.5, 0.5, 0, 2 -> mean 0.75, ratio 0.375 against sigma2_EU = 2,
    #   rwg(4) = 4 * 0.625 / (4 * 0.625 + 0.375) = 2.5 / 2.875 = 0.869565
    # group g2: variances 8 and 0.5 (item c answered once) -> mean 4.25 > 2: truncated to 0
    # group g3: identical answers -> 1
    items = pd.DataFrame(
        {
            "a": [4, 5, 1, 5, 3, 3],
            "b": [4, 5, 2, 1, 3, 3],
            "c": [5, 5, 4, np.nan, 3, 3],
            "d": [3, 5, np.nan, np.nan, 3, 3],
        }
    )
    items.loc[2:3, "a"] = [1, 5]
    items.loc[2:3, "b"] = [2, 1]
    groups = pd.Series(["g1", "g1", "g2", "g2", "g3", "g3"])
    five = {m: 2.0 for m in "abcd"}  # (5^2 - 1) / 12: five-point items
    value = rwg_j(items.astype(float), groups, ["a", "b", "c", "d"], five)
    assert round(value["g1"], 6) == 0.869565
    assert value["g2"] == 0.0
    assert value["g3"] == 1.0


def test_icc1_icc2_against_hand_computed_anova():
    # scores 4.2, 5.0 | 1.5, 2.6: MSB = 6.5025, MSW = 0.925 / 2 = 0.4625, k0 = 2
    # ICC(1) = 6.04 / 6.965 = 0.867193; ICC(2) = 6.04 / 6.5025 = 0.928874
    out = icc(pd.Series([4.2, 5.0, 1.5, 2.6]), pd.Series(["Acme", "Acme", "Beta", "Beta"]))
    assert round(out["icc1"], 6) == 0.867193
    assert round(out["icc2"], 6) == 0.928874
    assert round(out["f"], 4) == round(6.5025 / 0.4625, 4)
    assert (out["groups"], out["n"]) == (2, 4)


def test_icc_with_unequal_groups_uses_k0():
    # groups of 3 and 1: k0 = (4 - 10/4) / 1 = 1.5; scores 1, 2, 3 | 5
    # grand mean 2.75; SSB = 3 * 0.5625 + 1 * 5.0625 = 6.75; SSW = 2; MSW = 2 / 2 = 1
    # ICC(1) = (6.75 - 1) / (6.75 + 0.5 * 1) = 5.75 / 7.25
    out = icc(pd.Series([1.0, 2.0, 3.0, 5.0]), pd.Series(["a", "a", "a", "b"]))
    assert round(out["icc1"], 6) == round(5.75 / 7.25, 6)
    assert round(out["icc2"], 6) == round(5.75 / 6.75, 6)


# ---------------------------------------------------------------- on a scored batch


@pytest.fixture
def qualtrics_batch(monkeypatch):
    monkeypatch.chdir(FIXTURES / "exports")
    result = score_batch(["qualtrics/mini_qualtrics.csv"], Q, R)
    items = result.scored.item_frame().astype(float).reset_index(drop=True)
    return result, items


def test_group_table_means_agreement_and_caution(qualtrics_batch):
    result, items = qualtrics_batch
    null = null_variances(result.questionnaire, result.rubric)
    groups = group_table(result.table, items, result.rubric, ["firm"], null)
    acme, beta = (groups.iloc[k] for k in range(2))
    assert list(groups["firm"]) == ["Acme", "Beta"]
    assert list(groups["respondents"]) == [2, 2]
    # alpha scores Acme 4.2, 5.0; Beta 1.5, 2.6
    assert round(acme["alpha_mean"], 4) == 4.6 and round(beta["alpha_mean"], 4) == 2.05
    assert round(acme["alpha_sd"], 6) == round(math.sqrt(0.32), 6)
    assert acme["alpha_level"] == 5 and beta["alpha_level"] == 2
    # Uniform nulls, each item's own: agreement 5 points on 1..5 -> 2; yesno scores {1, 5} ->
    # 4; a_choice scores {1, 3, 5} -> 8/3; b_count's five bands 1..5 -> 2.
    assert null == {"a_agree1": 2, "a_agree2": 2, "a_yes": 4, "a_choice": pytest.approx(8 / 3),
                    "b_exists": 4, "b_count": 2, "b_budget": pytest.approx(8 / 3),
                    "b_agree": 2}  # fmt: skip

    def rwg(j: int, observed: float, expected: float) -> float:
        ratio = observed / expected
        return j * (1 - ratio) / (j * (1 - ratio) + ratio)

    # Acme alpha items (4,5) (4,5) (5,5) (3,5): variances 0.5 0.5 0 2, nulls 2 2 4 8/3
    assert acme["alpha_rwg_j"] == pytest.approx(rwg(4, 3 / 4, (2 + 2 + 4 + 8 / 3) / 4))
    # Acme beta: b_exists (5,5), b_count bands (3,4): J = 2, variances 0 and 0.5, nulls 4, 2
    assert acme["beta_rwg_j"] == pytest.approx(rwg(2, 0.25, 3))
    # Beta alpha: a_agree1 (3,4), a_yes (1,1), a_choice (1,3); a_agree2 answered once
    assert beta["alpha_rwg_j"] == pytest.approx(rwg(3, 2.5 / 3, (2 + 4 + 8 / 3) / 3))
    # Beta beta: b_exists (1,5) variance 8 > 4 -> truncated to 0: flagged, not averaged
    assert beta["beta_rwg_j"] == 0.0
    assert list(groups["status"]) == ["ok", "aggregate with caution"]
    assert list(groups["low_agreement"]) == ["", "beta"]


def test_reliability_per_dimension_over_the_batch(qualtrics_batch):
    result, items = qualtrics_batch
    table = reliability(result.table, items, result.rubric, ["firm"])
    alpha = table.set_index("dimension").loc["alpha"]
    assert round(alpha["icc1"], 6) == 0.867193 and round(alpha["icc2"], 6) == 0.928874
    members = ["a_agree1", "a_agree2", "a_yes", "a_choice"]
    assert alpha["alpha_pairwise"] == pytest.approx(cronbach_alpha(items[members]).alpha)
    assert alpha["alpha_listwise_n"] == 3  # row 6 lacks a_agree2 (its cell was bad)


def welch_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "firm": ["A"] * 6 + ["B"] * 3,
            "side": ["own", "own", "own", "partner", "partner", "partner", "own", "own", "partner"],
            "alpha_score": [4.0, 5.0, 4.5, 2.0, 3.0, 2.5, 3.0, 3.2, 3.1],
            "beta_score": [3.0, 3.5, 4.0, 3.0, 4.0, 3.5, 2.0, 2.0, np.nan],
            "overall_score": [3.7, 4.5, 4.3, 2.3, 3.3, 2.8, 2.7, 2.8, np.nan],
        }
    )


def test_compare_gap_with_welch_interval_against_hand_values_and_scipy():
    from amc_assess.validation import load_pair

    rubric = load_pair(Q, R)[1]
    table = welch_table()
    out = compare(table[table["firm"] == "A"], rubric, "side")
    alpha = out.set_index("dimension").loc["alpha"]
    # own 4, 5, 4.5 vs partner 2, 3, 2.5: gap 2, se = sqrt(0.25/3 * 2) = 0.408248, df = 4,
    # t(0.975, 4) = 2.776445, half-width 1.133479 -> [0.866521, 3.133479]
    assert (alpha["group_a"], alpha["group_b"]) == ("own", "partner")
    assert (alpha["n_a"], alpha["n_b"]) == (3, 3)
    assert round(alpha["gap"], 6) == 2.0
    assert (round(alpha["ci_low"], 6), round(alpha["ci_high"], 6)) == (0.866521, 3.133479)
    reference = stats.ttest_ind([4.0, 5.0, 4.5], [2.0, 3.0, 2.5], equal_var=False)
    assert alpha["p_value"] == pytest.approx(reference.pvalue)
    interval = reference.confidence_interval(0.95)
    assert (alpha["ci_low"], alpha["ci_high"]) == pytest.approx((interval.low, interval.high))
    assert alpha["verdict"] == "gap beyond noise"
    assert out.set_index("dimension").loc["beta", "verdict"] == "within noise"


def test_compare_within_each_firm_and_too_few_respondents():
    from amc_assess.validation import load_pair

    rubric = load_pair(Q, R)[1]
    out = compare(welch_table(), rubric, "side", ["firm"])
    assert list(out["firm"]) == ["A", "A", "A", "B", "B", "B"]
    assert list(out[out["firm"] == "B"]["verdict"]) == ["too few respondents"] * 3
    b_alpha = out[(out["firm"] == "B") & (out["dimension"] == "alpha")].iloc[0]
    assert round(b_alpha["gap"], 6) == 0.0 and (b_alpha["n_a"], b_alpha["n_b"]) == (2, 1)
