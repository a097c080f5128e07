"""SurveyMonkey "All responses data" exports: two header rows, in UTF-8 and cp1252.

The fixtures in tests/fixtures/exports/surveymonkey/ are described in its README.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from amc_assess.batch import score_batch
from conftest import FIXTURES, MINI, answer_column

EXPORTS = FIXTURES / "exports"
Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
MAP = "surveymonkey/mini_surveymonkey_map.yaml"
FILES = [("mini_surveymonkey_utf8.csv", "utf-8"), ("mini_surveymonkey_cp1252.csv", "cp1252")]


@pytest.fixture(autouse=True)
def _in_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXPORTS)


@pytest.mark.parametrize("name, encoding", FILES)
def test_two_header_rows_become_one_name_per_column(name: str, encoding: str):
    path = f"surveymonkey/{name}"
    result = score_batch([path], Q, R, map_path=MAP)
    data = pd.read_csv(path, header=[0, 1], encoding=encoding)  # the data part
    assert result.ingested.rows_read == len(data) == 4  # the second header row is no row
    assert result.summary().startswith("Read 4 rows from 1 file; scored 4; 1 row with errors")
    assert result.ingested.notes[0] == (
        f"{path}: surveymonkey layout (SurveyMonkey: 2 header rows (question, then answer option "
        f"or 'Response'); CSV, {encoding}, ','-separated), 4 rows; 10 item columns, 3 metadata, "
        "ignored: 6 SurveyMonkey fields, 1 in the map's ignore list"
    )
    assert list(result.table["source_row"]) == [3, 4, 5, 6]
    assert list(result.table["respondent"]) == [
        "114226311845", "114226398112", "114228840571", "114231107263",
    ]  # fmt: skip
    assert list(result.table["firm"]) == ["Acme", "Acme", "Café Nord", "Café Nord"]
    assert list(result.table["date"]) == ["2026-03-02", "2026-03-02", "2026-03-03", "2026-03-04"]
    columns = result.ingested.columns[path]
    assert columns["a_agree1"] == "How far do you agree with these statements? - We do A."
    assert columns["a_agree2"] == "How far do you agree with these statements? - We rarely do A."
    assert columns["a_choice"] == "How much A?"  # a "Response" column: named by its question
    assert columns["ctx_repeat_share"] == "Repeat partner share"  # "Open-Ended Response"
    assert answer_column(result, "a_agree1") == [4.0, 5.0, 3.0, 4.0]
    assert answer_column(result, "a_agree2") == [2.0, 1.0, 5.0, 2.0]
    assert answer_column(result, "a_choice") == ["some", "full", "none", None]
    assert answer_column(result, "b_agree") == [None, 4.0, 2.0, 1.0]  # "Don’t know" (U+2019)
    assert answer_column(result, "b_budget") == ["not_applicable", 2.5, None, 0.4]
    assert answer_column(result, "ctx_comment") == [
        "Playbook, in draft",
        None,
        "Rien à ajouter",
        None,
    ]
    assert result.error_lines() == [
        f"{path}: row 6: B headcount (b_count): 'about 5': not a number"
    ]


def test_the_blank_header_column_has_a_name_a_map_can_address():
    path = "surveymonkey/mini_surveymonkey_utf8.csv"
    result = score_batch([path], Q, R)
    assert result.error_lines() == [
        f"{path}: How much A? - Other (please specify): column matches no item (map it, or list "
        "it under ignore: in a --map file)",
        f"{path}: row 6: B headcount (b_count): 'about 5': not a number",
    ]


def test_surveymonkey_is_detected():
    from amc_assess.ingest.profiles import detect
    from amc_assess.ingest.readers import open_sheet
    from amc_assess.validation import load_pair

    q, _ = load_pair(Q, R)
    for name, _ in FILES:
        sheet = open_sheet(Path("surveymonkey") / name, name)
        layout = detect(sheet.head, "auto", q, None, None)
        assert layout is not None and (layout.profile, layout.header_rows) == ("surveymonkey", 2)
