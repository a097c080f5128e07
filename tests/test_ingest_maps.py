"""Map files: entries naming absent columns are errors; ``non_answers:`` for the whole file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from amc_assess.batch import score_batch
from amc_assess.cli import cli
from amc_assess.loading import InvalidInput
from conftest import FIXTURES, MINI, answer_column

Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
N2 = FIXTURES / "exports" / "limesurvey" / "n2_dummy_data_codeonly_textanswers.csv"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def n2_map(extra: str) -> str:
    text = (FIXTURES / "exports" / "limesurvey" / "n2_map.yaml").read_text(encoding="utf-8")
    Path("map.yaml").write_text(text.replace("values:", extra + "values:"), encoding="utf-8")
    return "map.yaml"


def test_map_entry_naming_an_absent_column_is_an_error_with_its_line():
    shutil.copy(N2, "n2.csv")
    mapping = n2_map('  "C1[SQ099]": a_agree2     # a question the export does not have\n')
    assert Path(mapping).read_text(encoding="utf-8").splitlines()[7].startswith('  "C1[SQ099]"')
    with pytest.raises(InvalidInput) as caught:
        score_batch(["n2.csv"], Q, R, map_path=mapping)  # unmatched: ignore, all the same
    assert caught.value.errors == [
        "map.yaml: line 8: columns.C1[SQ099]: no input has a column 'C1[SQ099]' (check the "
        "export's header)"
    ]


def test_absent_map_column_exits_1_on_the_command_line():
    shutil.copy(N2, "n2.csv")
    mapping = n2_map('  "C1[SQ099]": a_agree2\n')
    args = ["batch", "-q", str(Q), "-r", str(R), "n2.csv", "--map", mapping, "--out", "s.csv"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "map.yaml: line 8: columns.C1[SQ099]: no input has a column 'C1[SQ099]' (check the "
        "export's header)"
    )
    assert not Path("s.csv").exists()


def test_map_meta_naming_an_absent_column_is_an_error():
    Path("r.csv").write_text("Company,a_agree1\nAcme,4\n", encoding="utf-8")
    Path("map.yaml").write_text("meta:\n  firm: company\n  respondent: Name\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        score_batch(["r.csv"], Q, R, map_path="map.yaml")
    assert caught.value.errors == [  # "company" is Company: meta names ignore case
        "map.yaml: line 3: meta.respondent: no input has a column 'Name' (check the export's "
        "header)"
    ]


def test_a_column_in_one_of_several_inputs_is_enough():
    Path("a.csv").write_text("Q1,a_agree2\n4,2\n", encoding="utf-8")
    Path("b.csv").write_text("Q2,a_agree2\n5,1\n", encoding="utf-8")
    Path("map.yaml").write_text("columns: {Q1: a_agree1, Q2: b_agree}\n", encoding="utf-8")
    result = score_batch(["a.csv", "b.csv"], Q, R, map_path="map.yaml")
    assert answer_column(result, "a_agree1") == [4.0, None]
    assert answer_column(result, "b_agree") == [None, 5.0]
    assert result.errors.empty


NON_ANSWERS = """\
non_answers: {dont_know: ["Unfamiliar (N/A)"], not_applicable: [-2]}
"""
ROWS = """\
firm,a_agree1,b_budget,b_exists
Acme,4,-2,yes
Acme,Unfamiliar (N/A),1.5,yes
Beta,unfamiliar (n/a),-2,yes
"""


def test_non_answers_declares_labels_and_codes_for_every_column():
    Path("r.csv").write_text(ROWS, encoding="utf-8")
    Path("map.yaml").write_text(NON_ANSWERS, encoding="utf-8")
    result = score_batch(["r.csv"], Q, R, map_path="map.yaml")
    assert result.ingested.rows_read == len(pd.read_csv("r.csv")) == 3
    assert answer_column(result, "a_agree1") == [4.0, None, None]  # label: case does not matter
    assert answer_column(result, "b_budget") == ["not_applicable", 1.5, "not_applicable"]  # code -2
    assert result.ingested.non_answers == {"dont_know": 2, "not_applicable": 2}
    assert result.errors.empty
    assert result.summary().splitlines()[1] == (
        "Non-answer labels and negative codes read as: 2 don't know, 2 not applicable"
    )


def test_without_non_answers_the_same_cells_are_errors():
    Path("r.csv").write_text(ROWS, encoding="utf-8")
    result = score_batch(["r.csv"], Q, R)
    assert result.error_lines() == [
        "r.csv: row 2: b_budget: '-2': expected a number from 0 to 10",
        "r.csv: row 3: a_agree1: 'Unfamiliar (N/A)': unknown label (expected 1..5 or one of: "
        "Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)",
        "r.csv: row 4: a_agree1: 'unfamiliar (n/a)': unknown label (expected 1..5 or one of: "
        "Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)",
        "r.csv: row 4: b_budget: '-2': expected a number from 0 to 10",
    ]


def test_non_answers_that_clash_are_invalid():
    Path("map.yaml").write_text(
        "values: {Unsure: 3}\nnon_answers: {dont_know: [unsure, 99], not_applicable: [99]}\n",
        encoding="utf-8",
    )
    Path("r.csv").write_text("a_agree1\n4\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        score_batch(["r.csv"], Q, R, map_path="map.yaml")
    assert caught.value.errors == [
        "map.yaml: non_answers: '99' is both dont_know and not_applicable",
        "map.yaml: non_answers.dont_know: 'unsure' is also under values:",
    ]


def test_a_column_value_its_item_does_not_take_is_the_map_s_error_not_the_data_s():
    """A typo in the map's codes is found when the map loads, naming the map's field, instead
    of as an unknown label in every row of the export that uses it."""
    Path("map.yaml").write_text(
        "columns:\n"
        "  Q1: {item: a_choice, values: {1: none, 2: sum, 3: Full}}\n"
        "  Q2: {item: a_agree1, values: {A: 4, B: dont_know, C: 9}}\n",
        encoding="utf-8",
    )
    Path("r.csv").write_text("Q1,Q2\n2,A\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        score_batch(["r.csv"], Q, R, map_path="map.yaml")
    assert caught.value.errors == [
        "map.yaml: columns.Q1.values.2: 'sum' is not an answer to a_choice: unknown label "
        "(expected one of: None, Some, Full)",
        "map.yaml: columns.Q2.values.C: 9 is not an answer to a_agree1: expected a whole "
        "number 1..5",
    ]


def test_a_misspelt_field_of_a_column_entry_is_one_line_at_its_path():
    Path("map.yaml").write_text("columns:\n  Q1: {item: a_choice, valeus: {1: none}}\n")
    Path("r.csv").write_text("Q1\n1\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        score_batch(["r.csv"], Q, R, map_path="map.yaml")
    assert caught.value.errors == [
        "map.yaml: columns.Q1.valeus: unknown field (did you mean 'values'?)"
    ]


def test_a_not_applicable_its_item_refuses_is_not_counted_as_read_without_saying_so():
    """Two "N/A" cells of an item that takes no not-applicable were refused as errors, and
    the summary said "read as: 2 not applicable" (a trial)."""
    Path("na.csv").write_text(
        "firm,respondent,a_agree1,b_budget\nAcme,R1,N/A,N/A\nAcme,R2,4,N/A\n", encoding="utf-8"
    )
    result = score_batch(["na.csv"], Q, R)
    refused = result.errors[result.errors["error"].str.contains("not allowed")]
    assert refused["item"].tolist() == ["a_agree1"]
    assert result.summary().splitlines()[1] == (
        "Non-answer labels and negative codes read as: 3 not applicable (1 of them refused: "
        "their items take none)"
    )
