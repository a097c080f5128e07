"""Scale reliability (``amc reliability``): published figures, and every statistic recomputed
with plain numpy on the same data."""

from __future__ import annotations

import json
import math
import random
import re

import numpy as np
import pandas as pd
import pytest

from amc_assess import covariances
from amc_assess.reliability import feldt, scale_reliability
from conftest import FIXTURES, REPO

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


def test_psych_alpha_of_bfi_agreeableness_as_printed_with_pairwise_missing_answers():
    """psych::alpha() on the bfi agreeableness items (A1 reversed as 7 - A1), 91 of 2,800
    respondents missing an answer: the output printed in the notebook named in PROVENANCE.md,
    to the digits printed there."""
    bfi = pd.read_csv(DATA / "bfi_agreeableness.csv", index_col="rownames").astype(float)
    bfi["A1"] = 7 - bfi["A1"]
    result = scale_reliability(bfi)  # pairwise: psych's default
    figures = (result.alpha, result.alpha_std, result.lambda6_std, result.average_r)
    assert [round(v, 2) for v in figures] == [0.70, 0.71, 0.68, 0.33]  # G6(smc): lambda6_std
    assert triple(result.ci_low, result.ci_high) == (0.685, 0.720)  # printed 0.69, 0.72
    assert result.n == 2800
    stats = result.item_stats.set_index("item")
    # describe(): n, mean, sd
    assert list(stats["n"]) == [2784, 2773, 2774, 2781, 2784]
    assert list(stats["mean"].round(6)) == [4.586566, 4.802380, 4.603821, 4.699748, 4.560345]
    assert list(stats["sd"].round(7)) == [1.4077372, 1.1720199, 1.3018336, 1.4796327, 1.2585121]
    # item statistics and "reliability if an item is dropped"
    assert list(stats["r_drop"].round(2)) == [0.31, 0.56, 0.59, 0.39, 0.49]
    assert list(stats["alpha_if_dropped"].round(2)) == [0.72, 0.62, 0.60, 0.69, 0.64]
    rest = [scale_reliability(bfi.drop(columns=item)) for item in bfi.columns]
    assert [round(r.alpha_std, 3) for r in rest] == [0.725, 0.625, 0.613, 0.693, 0.655]
    assert [round(r.lambda6_std, 2) for r in rest] == [0.67, 0.58, 0.56, 0.65, 0.60]
    assert [round(r.average_r, 2) for r in rest] == [0.40, 0.29, 0.28, 0.36, 0.32]


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
    # correlations as R's cor(use="pairwise"): each over the pair's own respondents
    corr = wide.corr().to_numpy()
    assert result.average_r == pytest.approx(corr[~np.eye(k, dtype=bool)].mean())
    assert result.alpha_std == pytest.approx(k / (k - 1) * (1 - k / corr.sum()))


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
    monkeypatch.setattr(covariances, "_block_rows", lambda width: 5)  # 12 rows: 5, 5 and 2
    blocked = scale_reliability(wide, missing)
    assert blocked.record() == pytest.approx(whole.record(), nan_ok=True)


@pytest.mark.parametrize("missing", ["pairwise", "listwise"])
def test_row_weights_are_repeated_rows(missing):
    wide = pingouin_missing()
    x = wide.to_numpy(dtype=float)
    weights = np.array([2, 0, 1, 3, 1, 1, 0, 2, 1, 1, 2, 1], dtype=float)
    weighted = covariances.moments(x, ~np.isnan(x), missing, weights)
    repeated = np.repeat(x, weights.astype(int), axis=0)
    plain = covariances.moments(repeated, ~np.isnan(repeated), missing)
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


# ---------------------------------------------------------------- amc reliability


EXPORTS = FIXTURES / "exports"
MINI_ARGS = ["-q", str(FIXTURES / "mini" / "questionnaire.yaml")]
MINI_ARGS += ["-r", str(FIXTURES / "mini" / "rubric.yaml")]
QUALTRICS = str(EXPORTS / "qualtrics" / "mini_qualtrics.csv")


def amc(*args: str):
    from click.testing import CliRunner

    from amc_assess.cli import cli

    return CliRunner().invoke(cli, ["reliability", *MINI_ARGS, *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def scored():
    """The mini Qualtrics export scored as amc batch scores it, and its item scores."""
    from amc_assess.batch import score_batch

    result = score_batch([QUALTRICS], FIXTURES / "mini" / "questionnaire.yaml",
                         FIXTURES / "mini" / "rubric.yaml")  # fmt: skip
    return result, result.scored.item_frame().astype(float).reset_index(drop=True)


ALPHA_ITEMS = ["a_agree1", "a_agree2", "a_yes", "a_choice"]  # a_agree2 reverse-keyed


def test_json_figures_are_the_library_figures_of_the_engine_item_scores(scored):
    import json

    result, items = scored
    out = amc(QUALTRICS, "--format", "json", "--allow-errors", "--missing", "listwise")
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    assert (data["by"], data["missing"], data["level"]) == (None, "listwise", 0.95)
    alpha = next(s for s in data["scales"] if s["dimension"] == "alpha")
    expected = scale_reliability(items[ALPHA_ITEMS], "listwise")
    assert alpha["alpha"] == pytest.approx(expected.alpha)
    assert alpha["lambda6"] == pytest.approx(expected.lambda6)
    assert alpha["n"] == expected.n == 3  # one respondent's a_agree2 cell was bad
    assert [i["item"] for i in alpha["item_stats"]] == ALPHA_ITEMS
    # the engine's item scores: "Disagree" (2) to the reverse-worded a_agree2 scores 4
    assert items.loc[0, "a_agree2"] == 4.0
    assert alpha["item_stats"][1]["mean"] == pytest.approx(items["a_agree2"].iloc[[0, 1, 3]].mean())


def test_table_on_stdout_reading_notes_on_stderr_and_no_group_agreement_lines():
    out = amc(QUALTRICS)
    assert out.exit_code == 1  # two bad cells, as amc batch says
    assert "2 problems in the inputs; the bad cells were left out" in out.stderr
    assert "Read 4 rows from 1 file; scored 4" in out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Reliability of the dimensions of rubric mini 0.1 over the whole sample"
    assert "alpha: 4 items, n = 4" in lines
    assert "beta: 4 items, n = 4" in lines
    at = lines.index("alpha: 4 items, n = 4")
    assert lines[at + 2] == (  # 4 respondents for 4 items: no figure means anything
        "  (no more respondents than items, 4 for 4: the item covariances cannot be told from "
        "chance, so alpha and lambda-6 can take any value; read none of these figures)"
    )
    assert "item" in lines[at + 3]
    # nor does it then say which item pulls alpha down (a trial: "would rise from -5.754 to
    # 19.479" below "read none of these figures")
    assert not [line for line in lines if line.startswith("  (without ")]
    assert "aggregate with caution" not in out.stdout + out.stderr
    assert "rwg" not in out.stdout + out.stderr
    assert amc(QUALTRICS, "--allow-errors").exit_code == 0


def test_csv_has_a_scale_row_then_its_item_rows():
    import csv
    import io

    out = amc(QUALTRICS, "--format", "csv", "--allow-errors", "--bootstrap", "20")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == [
        "dimension", "item", "items", "n", "alpha", "alpha_std", "lambda6", "lambda6_std",
        "average_r", "ci_low", "ci_high", "boot_low", "boot_high", "dropped", "missing_share",
        "mean", "sd", "r_drop", "alpha_if_dropped",
    ]  # fmt: skip
    assert [(r["dimension"], r["item"]) for r in rows[:5]] == [
        ("alpha", ""),
        *(("alpha", item) for item in ALPHA_ITEMS),
    ]
    assert rows[0]["alpha"] and rows[0]["boot_low"] and not rows[1]["alpha"]
    assert rows[2]["missing_share"] == "0.25"


def test_by_a_metadata_column_a_derived_year_and_a_source_header(scored):
    import json

    result, items = scored
    out = amc(QUALTRICS, "--by", "firm", "--format", "json", "--allow-errors")
    scales = json.loads(out.stdout)["scales"]
    assert [(s["firm"], s["dimension"]) for s in scales] == [
        ("Acme", "alpha"), ("Acme", "beta"), ("Beta", "alpha"), ("Beta", "beta")
    ]  # fmt: skip
    acme = items[(result.table["firm"] == "Acme").to_numpy()]
    assert scales[0]["alpha"] == pytest.approx(scale_reliability(acme[ALPHA_ITEMS]).alpha)
    assert scales[0]["dropped"] == ["a_yes"]  # both Acme respondents said yes
    table = amc(QUALTRICS, "--by", "firm", "--allow-errors").stdout
    assert "over each value of firm (2 groups)" in table and "firm = Beta" in table
    years = json.loads(amc(QUALTRICS, "--by", "year", "-f", "json", "--allow-errors").stdout)
    assert {s["year"] for s in years["scales"]} == {2026}
    # "Q3_1" is the export's column for item a_agree1
    header = json.loads(amc(QUALTRICS, "--by", "Q3_1", "-f", "json", "--allow-errors").stdout)
    by_id = json.loads(amc(QUALTRICS, "--by", "a_agree1", "-f", "json", "--allow-errors").stdout)
    assert [s["Q3_1"] for s in header["scales"]] == [s["a_agree1"] for s in by_id["scales"]]
    loose = json.loads(amc(QUALTRICS, "--by", "q3 1", "-f", "json", "--allow-errors").stdout)
    assert [s["q3 1"] for s in loose["scales"]] == [s["a_agree1"] for s in by_id["scales"]]


def test_by_an_unknown_column_names_the_file_and_the_near_headers():
    from amc_assess.names import shown

    out = amc(QUALTRICS, "--by", "UserLanguge")
    assert out.exit_code == 1
    assert out.stderr == (
        f"{shown(QUALTRICS)}: --by: no column 'UserLanguge' (near: 'UserLanguage'); group by a column "
        "of every input, metadata (firm, respondent, date), source_file or an item id\n"
    )


def test_batch_group_reliability_is_the_same_computation(scored):
    from amc_assess.aggregate import reliability as batch_reliability

    result, items = scored
    table = batch_reliability(result.table, items, result.rubric, ["firm"])
    row = table.set_index("dimension").loc["alpha"]
    pair = scale_reliability(items[ALPHA_ITEMS], "pairwise")
    whole = scale_reliability(items[ALPHA_ITEMS], "listwise")
    assert (row["alpha_pairwise"], row["alpha_pairwise_n"]) == (pair.alpha, pair.n)
    assert (row["alpha_listwise"], row["alpha_listwise_n"]) == (whole.alpha, whole.n)
    assert (row["alpha_listwise_ci_low"], row["alpha_listwise_ci_high"]) == (
        whole.ci_low,
        whole.ci_high,
    )


def test_an_item_flat_among_a_pair_s_respondents_leaves_only_the_standardized_figures_out():
    frame = pd.DataFrame(
        {
            "a": [1.0, 2.0, 3.0, 4.0, 5.0],
            "b": [2.0, 3.0, 3.0, 5.0, np.nan],
            "c": [np.nan, np.nan, 2.0, 2.0, 4.0],  # flat where b is answered too
        }
    )
    result = scale_reliability(frame)
    cov = frame.cov().to_numpy()  # pairwise
    assert result.alpha == pytest.approx(3 / 2 * (1 - np.trace(cov) / cov.sum()))
    assert not math.isnan(result.lambda6)
    assert math.isnan(result.alpha_std) and math.isnan(result.average_r)
    assert math.isnan(result.lambda6_std)


def test_an_r_drop_beyond_one_is_explained_where_it_is_printed():
    """psych's pairwise r.drop can pass 1 when few respondents answered item pairs together
    (a trial saw 1.04 and 1.11 at n = 4): the figure stays as psych gives it, with a note."""
    from types import SimpleNamespace

    import pandas as pd

    from amc_assess.reliability_report import _block

    row = {
        "dimension": "daf",
        "items": 2,
        "n": 40,
        "dropped": "",
        "alpha": 0.5,
        "ci_low": 0.1,
        "ci_high": 0.7,
        "alpha_std": 0.5,
        "lambda6": 0.5,
        "average_r": 0.3,
    }
    members = pd.DataFrame({
        "item": ["a", "b"], "n": [40, 38], "missing_share": [0.0, 0.05], "mean": [3.0, 2.0],
        "sd": [1.0, 1.1], "r_drop": [1.04, 0.62], "alpha_if_dropped": [float("nan")] * 2,
    })  # fmt: skip
    lines = _block(row, members, SimpleNamespace(level=0.95, bootstrap=False))
    notes = [line for line in lines if line.startswith("  (")]
    assert notes == [
        "  (r.drop beyond ±1 for a: with pairwise missing answers the covariances come from "
        "different respondents, and too few answered together)"
    ]
    members.loc[0, "r_drop"] = 1.0005  # flagged: never printed as 1.00 beside the flag
    table = _block(row, members, SimpleNamespace(level=0.95, bootstrap=False))
    assert [line.split()[5] for line in table if line.startswith("  a ")] == ["1.001"]
    assert [line.split()[5] for line in table if line.startswith("  b ")] == ["0.62"]
    members.loc[0, "r_drop"] = 0.9
    assert not [line for line in _block(row, members, SimpleNamespace(level=0.95,
                                                                       bootstrap=False))
                if line.startswith("  (")]  # fmt: skip


def test_a_negative_alpha_says_what_usually_causes_it(tmp_path):
    """Answers entered already reversed for an item the questionnaire reverses: the two agree
    items go against each other; the note points at the reverse_worded: mark. Both lambda-6
    figures are shown, labelled (the raw one read as psych's G6(smc), which is the other)."""
    rng = random.Random(3)
    rows = ["firm,respondent,a_agree1,a_agree2"]
    for k in range(30):
        v = rng.randint(1, 5)
        rows.append(f"F{k},r{k},{v},{min(5, max(1, v + rng.choice([-1, 0, 0, 1])))}")
    path = tmp_path / "reversed.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lines = amc(str(path)).stdout.splitlines()
    at = lines.index("alpha: 2 items, n = 30 (left out, without variance or answered less than "
                     "twice: a_yes, a_choice)")  # fmt: skip
    assert re.fullmatch(
        r"  alpha -\d+\.\d{3} .*, lambda-6 -\d\.\d{3} \(standardized -\d\.\d{3}, psych's "
        r"G6\(smc\)\), mean inter-item r -\d\.\d{3}",
        lines[at + 1],
    )
    assert lines[at + 2].startswith("  (negative alpha: the items go against each other")


def test_network_measures_no_row_holds_are_left_out_and_said(tmp_path):
    """The bundled rubric scores coordination partly from a relationship audit's measures;
    survey answers hold none of them. They were listed as items 100% missing; now they are
    no item of the scale, and one line names them (the JSON too)."""
    from click.testing import CliRunner

    from amc_assess.cli import cli
    from amc_assess.loading import load_rubric

    rubric = load_rubric(REPO / "rubrics" / "amc.yaml")
    measures = [ri.item for d in rubric.dimensions.values() for ri in d.items if ri.metric]
    assert measures  # the test needs a rubric that scores some
    files = [str(p) for p in sorted((REPO / "examples").glob("*_maturity.yaml"))]
    table = CliRunner().invoke(cli, ["reliability", *files], catch_exceptions=False).stdout
    assert (
        f"Left out: network measures {', '.join(measures)} (they come from a relationship audit, "
        "amc network, and no row holds one)."
    ) in table.splitlines()
    assert not [line for line in table.splitlines() if line.lstrip().startswith("network_")]
    data = json.loads(
        CliRunner()
        .invoke(cli, ["reliability", *files, "-f", "json"], catch_exceptions=False)
        .stdout
    )
    assert data["left_out_network_measures"] == measures
    listed = {item["item"] for scale in data["scales"] for item in scale["item_stats"]}
    assert listed and not listed & set(measures)
    out = tmp_path / "b.csv"
    batch = CliRunner().invoke(cli, ["batch", *files, "-o", str(out), "--group-by", "firm"])
    assert batch.exit_code == 0, batch.output
    frame = pd.read_csv(tmp_path / "b.reliability.csv", keep_default_na=False)
    frame = frame.set_index("dimension")
    said = {scale["dimension"]: scale for scale in data["scales"]}
    for name, dim in rubric.dimensions.items():  # batch's reliability table counts the same
        survey = {ri.item for ri in dim.items} - set(measures)
        left = [i for i in str(frame.loc[name, "items_left_out"]).split(";") if i]
        assert frame.loc[name, "items"] + len(left) == len(survey)
        # the items alpha is over, as amc reliability counts them (a trial saw 13 beside 8)
        assert frame.loc[name, "items"] == said[name]["items"], name
        assert sorted(left) == sorted(said[name]["dropped"]), name


@pytest.mark.parametrize("missing", ["pairwise", "median"])
def test_questions_skip_logic_did_not_ask_are_not_missing_answers(tmp_path, missing):
    """DAF questions not asked of firms without a DAF counted as missing (25% where one of
    16 asked said "don't know"), and the median filled them in (n 20 where 15 answered)."""
    from amc_assess import reliability_report

    mini = FIXTURES / "mini"
    lines = ["firm,respondent,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_count,b_agree"]
    rows = [("yes", "10", 4), ("yes", "20", 5), ("yes", "30", 4), ("yes", "40", 2),
            ("yes", "", 3), ("no", "", 2), ("no", "", 1), ("no", "", 3)]  # fmt: skip
    for k, (exists, count, agree) in enumerate(rows):
        lines.append(f"F{k},r{k},{1 + k % 5},{5 - k % 5},yes,some,{exists},{count},{agree}")
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = reliability_report.run(
        [path], questionnaire=mini / "questionnaire.yaml", rubric=mini / "rubric.yaml",
        missing=missing,
    )  # fmt: skip
    table = report.items.set_index("item")
    if "b_count" not in table.index:
        pytest.skip("b_count scores no dimension of the mini rubric")
    assert table.loc["b_count", "missing_share"] == pytest.approx(1 / 5)  # of the 5 asked
    assert table.loc["b_count", "n"] == (5 if missing == "median" else 4)


def test_the_table_says_how_to_read_it_and_names_the_item_pulling_alpha_down():
    """psych's alpha() of the bfi agreeableness items: a1 (r.drop 0.31) is the one whose
    removal would raise alpha (0.719 against 0.703); the table says so, and of no other item."""
    out = amc(
        str(DATA / "bfi_agreeableness.csv"), "-q", str(DATA / "bfi_questionnaire.yaml"),
        "-r", str(DATA / "bfi_rubric.yaml"), "--map", str(DATA / "bfi_map.yaml"),
    )  # fmt: skip
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[2].startswith("Reading: the closer alpha is to 1, the more the items")
    assert lines[2].endswith("An item's mean and sd are of the scores the rubric gives its "
                             "answers, not of the answers as coded.")  # fmt: skip
    flagged = [x for x in lines if x.startswith("  (without ")]
    assert flagged == [
        "  (without a1, alpha would rise from 0.703 to 0.719: check its wording and its "
        "reverse_worded: mark before leaving it out)"
    ]


def test_no_lambda_6_from_an_indefinite_pairwise_matrix():
    """pingouin's wide data with missing answers, pairwise: the covariance matrix has a
    negative eigenvalue, the residual variances clipped to 0 gave lambda-6 = 1.000 beside an
    alpha of 0.733 (a trial). It is not given, and the text says why; alpha stays."""
    from amc_assess.reliability import _indefinite

    wide = pingouin_missing()
    pairwise = scale_reliability(wide, "pairwise")
    assert round(pairwise.alpha, 3) == 0.733
    assert math.isnan(pairwise.lambda6) and math.isnan(pairwise.lambda6_std)
    cov = wide.cov().to_numpy()  # pandas' pairwise covariances, as ours are
    assert np.linalg.eigvalsh(cov)[0] < -1e-3 and _indefinite(cov)
    listwise = scale_reliability(wide, "listwise")  # a true covariance matrix: lambda-6 given
    assert not math.isnan(listwise.lambda6) and listwise.lambda6 < 1
    assert not _indefinite(wide.dropna().cov().to_numpy())


def test_batch_group_reliability_names_the_listwise_alphas_own_items(scored):
    """An item with variance only in incomplete rows is in the pairwise alpha and not the
    listwise one: the table's ``items`` (14) stood beside a listwise alpha over 13 (a trial)."""
    from amc_assess.aggregate import reliability as batch_reliability

    result, items = scored
    rng = np.random.default_rng(5)
    made = pd.DataFrame(rng.integers(1, 6, (12, len(items.columns))).astype(float),
                        columns=items.columns)  # fmt: skip
    first, second = ALPHA_ITEMS[0], ALPHA_ITEMS[1]
    made.loc[:3, second] = np.nan  # rows 0-3 incomplete: there the first item varies
    made.loc[:3, first] = [1.0, 5.0, 2.0, 4.0]
    made.loc[4:, first] = 3.0  # and is flat in every complete row
    row = batch_reliability(result.table, made, result.rubric, None).set_index("dimension")
    whole = scale_reliability(made[ALPHA_ITEMS], "listwise")
    assert first in whole.dropped
    alpha = row.loc["alpha"]
    assert first not in str(alpha["items_left_out"]) and alpha["items"] == len(ALPHA_ITEMS)
    assert alpha["alpha_listwise_items"] == whole.items == len(ALPHA_ITEMS) - 1
    assert alpha["alpha_listwise_left_out"] == first
    assert alpha["alpha_listwise"] == whole.alpha
