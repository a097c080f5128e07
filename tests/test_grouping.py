"""Grouping by any column of the inputs (``amc reliability --by``, ``amc batch --group-by``):
psych's bfi agreeableness items with the respondents' gender and education, as published,
recomputed with pandas and numpy; SurveyMonkey's own columns; the one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from amc_assess.aggregate import icc
from amc_assess.cli import cli
from amc_assess.names import shown
from conftest import FIXTURES

DATA = FIXTURES / "reliability"
BFI = DATA / "bfi_agreeableness_demographics.csv"
BFI_ARGS = ["-q", str(DATA / "bfi_questionnaire.yaml"), "-r", str(DATA / "bfi_rubric.yaml"),
            "--map", str(DATA / "bfi_map.yaml")]  # fmt: skip
ITEMS = ["A1", "A2", "A3", "A4", "A5"]


def amc(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def bfi() -> pd.DataFrame:
    """The published data, A1 reversed as 7 - A1 (psych's keys)."""
    data = pd.read_csv(BFI)
    data["A1"] = 7 - data["A1"]
    return data


def pandas_alpha(frame: pd.DataFrame) -> float:
    """Raw alpha from pandas' pairwise covariances (each over the rows answering both)."""
    cov = frame.astype(float).cov().to_numpy()
    k = cov.shape[0]
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def numpy_alpha(x: np.ndarray) -> float:
    cov = np.cov(x, rowvar=False)
    return x.shape[1] / (x.shape[1] - 1) * (1 - np.trace(cov) / cov.sum())


@pytest.mark.parametrize("spelling", ["gender", "Gender", "GENDER "])
def test_reliability_by_a_column_no_item_or_metadata_takes(spelling: str):
    out = amc("reliability", str(BFI), *BFI_ARGS, "--by", spelling, "-f", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["by"] == spelling
    scales = {s[spelling]: s for s in data["scales"]}
    published = bfi()
    sizes = published.groupby("gender").size()
    assert sorted(scales) == ["1", "2"]  # psych: 1 = male, 2 = female
    for value, rows in published.groupby("gender"):
        scale = scales[str(value)]
        assert scale["n"] == sizes[value] == len(rows)  # 919 and 1,881
        assert scale["alpha"] == pytest.approx(pandas_alpha(rows[ITEMS]), abs=1e-9)
        answered = [int(rows[item].notna().sum()) for item in ITEMS]
        assert [i["n"] for i in scale["item_stats"]] == answered
    assert "kept for grouping" in out.stderr  # the column is not reported as unmatched


def test_listwise_alphas_per_group_against_numpy():
    out = amc("reliability", str(BFI), *BFI_ARGS, "--by", "education", "--missing",
              "listwise", "-f", "json", "--allow-errors")  # fmt: skip
    assert "gender: column matches no item" in out.stderr  # not asked for here
    assert out.exit_code == 0, out.stderr
    scales = json.loads(out.stdout)["scales"]
    published = bfi()
    expected = {}
    for value, rows in published.groupby("education", dropna=False):
        complete = rows[ITEMS].dropna().to_numpy(dtype=float)
        key = None if pd.isna(value) else str(int(value))
        expected[key] = (len(complete), numpy_alpha(complete))
    got = {s["education"]: (s["n"], s["alpha"]) for s in scales}
    assert set(got) == set(expected) and None in got  # 223 respondents gave no education
    for key, (n, alpha) in expected.items():
        assert got[key][0] == n
        assert got[key][1] == pytest.approx(alpha, abs=1e-9)


def test_batch_groups_by_two_input_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    out = amc("batch", str(BFI), *BFI_ARGS, "-o", "out.csv", "-g", "gender,education")
    assert out.exit_code == 0, out.stderr
    groups = pd.read_csv("out.groups.csv")
    published = pd.read_csv(BFI)
    sizes = published.groupby(["gender", "education"], dropna=False).size()
    got = groups.set_index(["gender", "education"])["respondents"]
    assert len(got) == len(sizes) == 12
    for (gender, education), size in sizes.items():
        assert got.loc[(gender, education)] == size
    assert set(groups["status"]) == {"not checked"}  # gender groups are not firms or teams
    assert "aggregate with caution" not in out.stdout
    scored = pd.read_csv("out.csv")
    assert list(scored["gender"]) == list(published["gender"])  # kept in the scored table


def test_a_surveymonkey_column_of_its_own(tmp_path: Path):
    """SurveyMonkey's "Custom Data 1" (a collector variable, skipped as a tool column) and
    "Collector ID", named loosely."""
    path = FIXTURES / "exports" / "surveymonkey" / "mini_surveymonkey_utf8.csv"
    raw = pd.read_csv(path, skiprows=[1], dtype=str)
    for name, column in (("custom data 1", "Custom Data 1"), ("collector_id", "Collector ID")):
        out = amc("reliability", str(path), "--by", name, "-f", "json", "--allow-errors",
                  "-q", str(FIXTURES / "mini" / "questionnaire.yaml"),
                  "-r", str(FIXTURES / "mini" / "rubric.yaml"))  # fmt: skip
        assert out.exit_code == 0, out.stderr
        scales = json.loads(out.stdout)["scales"]
        got = {s[name]: s["n"] for s in scales if s["dimension"] == "beta"}
        assert got == raw.groupby(column).size().to_dict()


def test_a_column_absent_from_one_input_names_that_file():
    out = amc("reliability", str(BFI), str(DATA / "bfi_agreeableness.csv"), *BFI_ARGS,
              "--by", "gendr")  # fmt: skip
    assert out.exit_code == 1
    assert out.stderr == (
        f"{shown(BFI)}: --by: no column 'gendr' (near: 'gender'); group by a column of every "
        "input, metadata (respondent), source_file or an item id\n"
    )
    out = amc("reliability", str(BFI), str(DATA / "bfi_agreeableness.csv"), *BFI_ARGS,
              "--by", "gender")  # fmt: skip
    assert out.exit_code == 1
    assert out.stderr == (
        f"{shown(DATA / 'bfi_agreeableness.csv')}: --by: no column 'gender'; group by a column "
        "of every input, metadata (respondent), source_file or an item id\n"
    )


def test_two_loose_matches_are_ambiguous(tmp_path: Path):
    data = pd.read_csv(BFI).head(20)
    data["Gender "] = data["gender"]
    data.to_csv(tmp_path / "two.csv", index=False)
    out = amc("batch", str(tmp_path / "two.csv"), *BFI_ARGS, "-o", str(tmp_path / "o.csv"),
              "-g", "GENDER")  # fmt: skip
    assert out.exit_code == 1
    assert out.stderr == (
        f"{shown(tmp_path / 'two.csv')}: --group-by: columns 'gender' and 'Gender ' all match "
        "'GENDER' (case, spaces and punctuation ignored); give the exact header\n"
    )
    exact = amc("batch", str(tmp_path / "two.csv"), *BFI_ARGS, "-o", str(tmp_path / "o.csv"),
                "-g", "gender", "--allow-errors")  # fmt: skip
    assert exact.exit_code == 0  # the exact header wins


def _plain(answers: dict) -> dict:
    return {k: v.get("value") if isinstance(v, dict) else v for k, v in answers.items()}


def test_rows_without_a_firm_are_scored_but_form_no_group(tmp_path: Path):
    """Respondents whose firm is blank are strangers, not one firm: each is scored, none is
    grouped (they made a group 'nan' with its own agreement figures), and a line says so."""
    examples = FIXTURES.parent.parent / "examples"
    answers = {
        name: _plain(yaml.safe_load((examples / f"{name}_maturity.yaml").read_text())["answers"])
        for name in ("low", "mid", "high")
    }
    firms = ["Alpha", "Alpha", "Beta", None, "Beta", None]
    levels = ["mid", "high", "mid", "low", "low", "high"]
    rows = [{"firm": f, "respondent": f"r{k}", **answers[lv]}
            for k, (f, lv) in enumerate(zip(firms, levels, strict=True))]  # fmt: skip
    source = tmp_path / "answers.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    out = tmp_path / "scored.csv"
    result = amc("batch", str(source), "--out", str(out), "--group-by", "firm")
    assert result.exit_code == 0, result.output
    groups = pd.read_csv(tmp_path / "scored.groups.csv")
    assert groups["firm"].tolist() == ["Alpha", "Beta"]
    assert groups["respondents"].tolist() == [2, 2]
    scored = pd.read_csv(out)
    assert len(scored) == 6 and scored["overall_score"].notna().all()
    assert f"2 rows with no firm ({source} row 5, {source} row 7): scored, but in no group" in (
        result.output
    )
    reliability = pd.read_csv(tmp_path / "scored.reliability.csv")
    named = scored[scored["firm"].notna()]
    expected = icc(named["structure_score"], [named["firm"]])["icc1"]
    got = reliability.set_index("dimension").loc["structure", "icc1"]
    assert got == pytest.approx(expected, abs=1e-9)


def test_a_firm_answering_in_different_years_is_said_to_be_averaged(tmp_path: Path):
    """Alpha's answers from 2025 and 2026 form one group by firm, as one assessment: a line
    names it and its years (there was none); by firm and year there is no such line, and the
    groups split; a row without a date counts for no year."""
    mid = _plain(yaml.safe_load((FIXTURES.parent.parent / "examples/mid_maturity.yaml")
                                .read_text())["answers"])  # fmt: skip
    dated = [("Alpha", "2025-03-01"), ("Alpha", "2026-03-02"), ("Beta", "2026-01-05"),
             ("Beta", "2026-11-30"), ("Gamma", None), ("Gamma", "2024-02-02")]  # fmt: skip
    rows = [{"firm": f, "respondent": f"r{k}", "date": d, **mid}
            for k, (f, d) in enumerate(dated)]  # fmt: skip
    source = tmp_path / "answers.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    out = tmp_path / "scored.csv"
    by_firm = amc("batch", str(source), "--out", str(out), "--group-by", "firm")
    assert by_firm.exit_code == 0, by_firm.output
    assert (
        "1 group with answers from different years (Alpha: 2025-2026): each averaged as one "
        "assessment; --group-by firm,year keeps the years apart"
    ) in by_firm.output.splitlines()
    by_year = amc("batch", str(source), "--out", str(out), "--group-by", "firm,year")
    assert by_year.exit_code == 0, by_year.output
    assert "different years" not in by_year.output
    assert len(pd.read_csv(tmp_path / "scored.groups.csv")) == 5


def test_a_groups_mean_is_its_result_score_to_six_decimals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The groups table carried the unrounded mean (3.718853047 beside a level read from
    3.718853): it holds the group's result score, the respondents' mean to six decimals, as
    a report of the group gives it."""
    monkeypatch.chdir(tmp_path)
    out = amc("batch", str(BFI), *BFI_ARGS, "-o", "out.csv", "-g", "gender,education")
    assert out.exit_code == 0, out.stderr
    keys = ["gender", "education"]
    groups = pd.read_csv("out.groups.csv").groupby(keys, dropna=False)
    means = pd.read_csv("out.csv").groupby(keys, dropna=False)["agreeableness_score"].mean()
    assert len(means) == 12
    for column in ("agreeableness_mean", "overall_mean"):  # one dimension: the same figure
        pd.testing.assert_series_equal(
            groups[column].first(), means.round(6), check_names=False, check_exact=True
        )
    assert any(round(m, 6) != m for m in means)  # the rounding is seen
