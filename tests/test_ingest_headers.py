"""Headers matched to item ids ignoring case, spaces and punctuation; ambiguity is an error.

Also: a tool's system-column patterns (LimeSurvey ``…Time`` timings) never take a column that
matches an item id.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from amc_assess.batch import score_batch
from conftest import MINI, answer_column

Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"


def csv(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_headers_match_item_ids_ignoring_case_spaces_and_punctuation(tmp_path: Path):
    name = csv(
        tmp_path,
        "loose.csv",
        "Firm,A_AGREE1,a agree2,A-Yes,a.choice,B Exists,b_agree\n"
        "Acme,4,2,yes,some,no,5\n"
        "Beta,5,1,no,full,yes,3\n",
    )
    result = score_batch([name], Q, R)
    assert result.ingested.notes[0] == (
        "loose.csv: items layout (item ids: item id headers; CSV, utf-8, ','-separated), 2 rows; "
        "6 item columns, 1 metadata"
    )
    assert result.ingested.rows_read == len(pd.read_csv(tmp_path / name)) == 2
    assert answer_column(result, "a_agree1") == [4.0, 5.0]
    assert answer_column(result, "a_agree2") == [2.0, 1.0]
    assert answer_column(result, "a_yes") == ["yes", "no"]
    assert answer_column(result, "a_choice") == ["some", "full"]
    assert result.ingested.columns["loose.csv"]["a_agree2"] == "a agree2"
    assert result.errors.empty


def test_exact_header_wins_over_a_loose_one(tmp_path: Path):
    name = csv(tmp_path, "both.csv", "A_AGREE1,a_agree1,b_agree\n1,4,5\n2,5,3\n")
    result = score_batch([name], Q, R)
    assert answer_column(result, "a_agree1") == [
        4.0,
        5.0,
    ]  # the exact column, though it comes second
    assert result.error_lines() == [
        "both.csv: A_AGREE1: column skipped: a_agree1 is already read from column 'a_agree1' "
        "(column B; this one is column A)"
    ]


def test_two_loose_headers_for_one_item_are_an_error_naming_both(tmp_path: Path):
    name = csv(tmp_path, "two.csv", "A_AGREE1,a agree 1,b_agree\n1,4,5\n2,5,3\n")
    result = score_batch([name], Q, R)
    message = (
        "column skipped: columns 'A_AGREE1' and 'a agree 1' both match item a_agree1 "
        "(ignoring case, spaces and punctuation); map one of them in a --map file"
    )
    assert result.error_lines() == [
        f"two.csv: A_AGREE1: {message}",
        f"two.csv: a agree 1: {message}",
    ]
    assert "a_agree1" not in result.ingested.answers.columns  # neither is read
    assert answer_column(result, "b_agree") == [5.0, 3.0]


def test_one_header_matching_two_items_is_an_error_naming_both(write, mini_q: dict):
    mini_q["sections"][0]["items"] += [
        {"id": "ctx_a1", "type": "text", "text": "A1?", "help": "h", "source": "test"},
        {"id": "ctx_a_1", "type": "text", "text": "A 1?", "help": "h", "source": "test"},
    ]
    q = write("q.yaml", mini_q)
    Path("two_items.csv").write_text("a_agree1,CTX A1,ctx_a_1\n4,x,y\n", encoding="utf-8")
    result = score_batch(["two_items.csv"], q, R)
    assert result.error_lines() == [
        "two_items.csv: CTX A1: column skipped: matches items ctx_a1 and ctx_a_1 (ignoring case, "
        "spaces and punctuation); map it in a --map file"
    ]
    assert answer_column(result, "ctx_a_1") == ["y"]  # the exact header is unambiguous


def test_system_pattern_never_takes_a_column_that_matches_an_item(write, mini_q: dict):
    mini_q["sections"][0]["items"].append(
        {"id": "quit_time", "type": "number", "min": 0, "max": 100, "text": "Minutes to quit?",
         "help": "h", "source": "test"}
    )  # fmt: skip
    q = write("q.yaml", mini_q)
    Path("lime.csv").write_text(
        "id,submitdate,lastpage,startlanguage,aagree1,QuitTime,groupTime12,aagree1Time\n"
        "1,2026-03-02 09:14:41,3,en,4,15,31.2,3.5\n"
        "2,2026-03-02 10:21:10,3,en,5,,12.0,4.1\n",
        encoding="utf-8",
    )
    result = score_batch(["lime.csv"], q, R)
    assert result.ingested.notes[0].endswith(
        "2 rows; 2 item columns, 2 metadata, ignored: 4 LimeSurvey fields"
    )
    assert answer_column(result, "quit_time") == [15.0, None]  # QuitTime, not a LimeSurvey timing
    assert result.ingested.columns["lime.csv"]["quit_time"] == "QuitTime"
    assert result.errors.empty


def test_two_columns_of_one_header_are_told_apart_by_their_letters(tmp_path: Path):
    """Two columns headed alike were named by that same header only: which one to delete?"""
    header = ",".join(["firm", *[f"x{k}" for k in range(26)], "a_agree1", "a_agree1"])
    name = csv(tmp_path, "dup.csv", header + "\n" + ",".join(["Acme", *["" for _ in range(26)],
                                                               "4", "5"]) + "\n")  # fmt: skip
    result = score_batch([name], Q, R)
    skipped = [line for line in result.error_lines() if "already read" in line]
    assert skipped == [
        "dup.csv: a_agree1: column skipped: a_agree1 is already read from column 'a_agree1' "
        "(column AB; this one is column AC)"
    ]
    assert answer_column(result, "a_agree1") == [4.0]
