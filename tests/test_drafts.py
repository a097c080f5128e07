"""Unfinished work is marked (issue 15): a warning on `amc score`, a DRAFT strip on every report
page and in the record, and no report of a file where no dimension can be scored unless asked."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pypdf import PdfReader

from conftest import REPO, invoke

MID = REPO / "examples" / "mid_maturity.yaml"
WHO = "Lumora Medical Inc. (fictional), Dana Whitfield"


def draft(
    tmp_path: Path, keep: int, name: str = "draft.yaml", respondent: str | None = None
) -> Path:
    data = yaml.safe_load(MID.read_text(encoding="utf-8"))
    data["answers"] = dict(list(data["answers"].items())[:keep])
    data["completed"] = False
    if respondent:
        data["respondent"]["name"] = respondent
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_score_warns_of_a_draft_and_not_of_a_finished_file(tmp_path: Path):
    path = draft(tmp_path, 47)
    result = invoke("score", path)
    assert result.exit_code == 0
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"warning: {WHO}: a draft, not a finished assessment (47 of ")
    assert line.endswith(" questions answered; the interview was not finished)")
    assert invoke("score", MID).stderr == ""


def test_a_draft_report_is_marked_on_every_page_and_in_its_record(tmp_path: Path):
    path = draft(tmp_path, 47)
    result = invoke("report", path, "-o", tmp_path / "d.pdf")
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert record["draft"]["respondents"] == 1 and record["draft"]["drafts"] == 1
    detail = record["draft"]["detail"]
    assert detail.startswith("47 of ") and detail.endswith("the interview was not finished")
    pages = PdfReader(tmp_path / "d.pdf").pages
    assert all(f"DRAFT: incomplete ({detail})" in p.extract_text() for p in pages)
    assert result.stderr == f"warning: {path}: a draft report, every page is marked ({detail})\n"
    finished = invoke("report", MID, "-o", tmp_path / "f.pdf")
    assert finished.exit_code == 0 and finished.stderr == ""
    assert not any("DRAFT" in p.extract_text() for p in PdfReader(tmp_path / "f.pdf").pages)
    assert json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["draft"] is None


def test_a_firm_with_one_unfinished_respondent_of_two_says_so(tmp_path: Path):
    path = draft(tmp_path, 47, respondent="Sam Lee")
    result = invoke("report", MID, path, "-o", tmp_path / "two.pdf")
    assert result.exit_code == 0, result.stderr
    text = PdfReader(tmp_path / "two.pdf").pages[1].extract_text()
    assert "DRAFT: incomplete (1 of 2 respondents did not finish)" in text


def test_no_report_of_pages_of_dashes_unless_asked(tmp_path: Path):
    path = draft(tmp_path, 2)
    result = invoke("report", path, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1 and not (tmp_path / "x.pdf").exists()
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}: no dimension has enough answers to score (2 of ")
    assert line.endswith("give --allow-incomplete to write the report anyway")
    allowed = invoke("report", path, "-o", tmp_path / "x.pdf", "--allow-incomplete")
    assert allowed.exit_code == 0 and (tmp_path / "x.pdf").exists()
