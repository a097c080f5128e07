"""NaN and infinity are never answers: in YAML, JSON and CSV each is an error at its cell.

YAML ``.nan`` and JSON ``NaN`` used to read as "not answered" and move the score.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import MINI, invoke

Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
WHY = "is not a number: answer with a number, dont_know or not_applicable"


def response(**answers: object) -> dict:
    data = yaml.safe_load((MINI / "response.yaml").read_text(encoding="utf-8"))
    data["answers"].update(answers)
    return data


@pytest.mark.parametrize(
    ("written", "shown"),
    [(".nan", "nan"), (".NaN", "nan"), (".inf", "inf"), ("-.inf", "-inf"),
     ("{value: .nan, note: from the form}", "nan")],
)  # fmt: skip
def test_yaml_nan_and_infinity_are_errors_at_their_field(tmp_path, monkeypatch, written, shown):
    monkeypatch.chdir(tmp_path)
    text = (MINI / "response.yaml").read_text(encoding="utf-8")
    (tmp_path / "r.yaml").write_text(text.replace("  b_count: 7\n", f"  b_count: {written}\n"))
    result = invoke("score", "-q", Q, "-r", R, "r.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"r.yaml: answers.b_count: {shown} {WHY}\n"


def test_json_nan_and_infinity_are_errors_at_their_fields(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = response(a_agree1=float("nan"), b_count=float("inf"), ctx_repeat_share=float("-inf"))
    text = json.dumps(data, default=str)
    assert "NaN" in text and "-Infinity" in text  # as JSON writers put them
    (tmp_path / "r.json").write_text(text)
    result = invoke("score", "-q", Q, "-r", R, "r.json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"r.json: answers.ctx_repeat_share: -inf {WHY}",
        f"r.json: answers.a_agree1: nan {WHY}",
        f"r.json: answers.b_count: inf {WHY}",
        "3 problems found",
    ]


def test_a_nan_response_in_a_batch_is_an_error_not_an_unanswered_item(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.json").write_text(json.dumps(response(a_agree1=float("nan")), default=str))
    result = invoke("batch", "-q", Q, "-r", R, "r.json", "-o", "o.csv")
    assert result.exit_code == 1
    assert f"r.json: answers.a_agree1: nan {WHY}" in result.stderr.splitlines()
    errors = (tmp_path / "o.errors.csv").read_text(encoding="utf-8")
    assert f"nan {WHY}" in errors


def test_csv_nan_and_infinity_are_errors_naming_the_cell(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    texts = ["NaN", "nan", ".nan", "inf", "-inf", "Infinity", ".inf"]
    rows = "".join(f"Firm {k},{v},{v},yes,3\n" for k, v in enumerate(texts))
    (tmp_path / "n.csv").write_text("firm,a_agree1,ctx_repeat_share,b_exists,b_count\n" + rows)
    result = invoke("batch", "-q", Q, "-r", R, "n.csv", "-o", "o.csv")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for k, v in enumerate(texts, start=2):
        agree = "unknown label (expected 1..5 or one of: Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)"
        assert f"n.csv: row {k}: a_agree1: {v!r}: {agree}" in lines
        assert f"n.csv: row {k}: ctx_repeat_share: {v!r}: not a number" in lines


@pytest.mark.parametrize(
    ("written", "where", "why"),
    [("[7]", "b_count", "a list answers a contacts item only"),
     ("[7, 8]", "b_count", "a list answers a contacts item only"),
     ("{value: [7], note: two forms}", "b_count.value", "a list answers a contacts item only"),
     ("{value: {n: 7}}", "b_count.value", "expected a number, text or choice, found a mapping")],
)  # fmt: skip
def test_a_list_or_mapping_for_a_plain_item_is_one_line_at_its_field(
    tmp_path, monkeypatch, written, where, why
):
    """Not pydantic's union of four messages, nor one naming its roster class."""
    monkeypatch.chdir(tmp_path)
    text = (MINI / "response.yaml").read_text(encoding="utf-8")
    (tmp_path / "r.yaml").write_text(text.replace("  b_count: 7\n", f"  b_count: {written}\n"))
    result = invoke("score", "-q", Q, "-r", R, "r.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"r.yaml: answers.{where}: {why}")
    assert result.stderr.count("\n") == 1 and "Contact" not in result.stderr


def test_an_answer_or_weight_given_twice_is_refused_naming_both_lines(tmp_path, monkeypatch):
    """The last of two values was kept without a word (a trial: an answer given 3 then 5
    moved the score, exit 0; a second weight: under a dimension printed OK)."""
    monkeypatch.chdir(tmp_path)
    text = (MINI / "response.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = lines.index("  b_count: 7\n")
    (tmp_path / "r.yaml").write_text(
        "".join([*lines[: at + 1], "  b_count: 9\n", *lines[at + 1 :]])
    )
    result = invoke("score", "-q", Q, "-r", R, "r.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"r.yaml: line {at + 2}: duplicate key 'b_count' (given first at line {at + 1}); "
        "give each key once\n"
    )
    rubric = R.read_text(encoding="utf-8")
    first = rubric.index("weight:")
    doubled = rubric[:first] + rubric[first:].replace("weight:", "weight: 3\n    weight:", 1)
    (tmp_path / "rub.yaml").write_text(doubled, encoding="utf-8")
    checked = invoke("validate", "-q", Q, "-r", "rub.yaml")
    assert checked.exit_code == 1 and checked.stderr.count("\n") == 1
    assert (
        checked.stderr.startswith("rub.yaml: line ") and "duplicate key 'weight'" in checked.stderr
    )
