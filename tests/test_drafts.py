"""Unfinished work is marked (issue 15): a warning on `amc score`, a DRAFT strip on every report
page and in the record, and no report of a file where no dimension can be scored unless asked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from pypdf import PdfReader

from amc_assess.names import shown
from conftest import REPO, invoke

MID = REPO / "examples" / "mid_maturity.yaml"


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
    answers = list(yaml.safe_load(path.read_text(encoding="utf-8"))["answers"].values())
    unsure = sum(a == "dont_know" or (isinstance(a, dict) and a.get("value") == "dont_know")
                 for a in answers)  # fmt: skip
    assert unsure >= 1  # the example answers one practice "don't know"
    # a don't-know is counted apart from the answers (a trial read "54 of 54 answered" on a
    # file too short of answers to score)
    assert line.startswith(
        f"warning: {shown(path)}: a draft, not a finished assessment ({47 - unsure} of "
    )
    assert line.endswith(
        f' questions answered, {unsure} more "don\'t know"; the interview was not finished)'
    )
    assert invoke("score", MID).stderr == ""


def test_a_draft_report_is_marked_on_every_page_and_in_its_record(tmp_path: Path):
    path = draft(tmp_path, 47)
    result = invoke("report", path, "-o", tmp_path / "d.pdf")
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert record["draft"]["respondents"] == 1 and record["draft"]["drafts"] == 1
    detail = record["draft"]["detail"]
    assert detail.startswith("46 of ") and detail.endswith("the interview was not finished")  # 1 dk
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


def unsure(tmp_path: Path, keep: int) -> Path:
    """A finished interview (``completed: true``) whose answers after the first ``keep`` are
    all "don't know"."""
    data = yaml.safe_load(MID.read_text(encoding="utf-8"))
    for k, item in enumerate(list(data["answers"])):
        if k >= keep:
            data["answers"][item] = "dont_know"
    data["completed"] = True
    path = tmp_path / "unsure.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_finished_interview_of_dont_knows_is_no_finished_assessment(tmp_path: Path):
    """A don't-know counts as missing in the answered share, so answering the rest "don't
    know" and finishing gives a draft, not a report of dashes that calls itself finished."""
    path = unsure(tmp_path, 12)
    scored = invoke("score", path)
    (line,) = scored.stderr.splitlines()
    assert line.startswith(f"warning: {shown(path)}: a draft, not a finished assessment (")
    assert line.endswith(' more "don\'t know")') and "not finished" not in line
    refused = invoke("report", path, "-o", tmp_path / "u.pdf")
    assert refused.exit_code == 1 and not (tmp_path / "u.pdf").exists()
    (why,) = refused.stderr.splitlines()
    assert why.startswith(f"{path}: no dimension has enough answers to score (")
    assert ' more "don\'t know");' in why
    allowed = invoke("report", path, "-o", tmp_path / "u.pdf", "--allow-incomplete")
    assert allowed.exit_code == 0, allowed.stderr
    record = json.loads((tmp_path / "u.json").read_text(encoding="utf-8"))
    assert record["draft"] is not None and "don't know" in record["draft"]["detail"]
    pages = PdfReader(tmp_path / "u.pdf").pages
    assert all("DRAFT: incomplete (" in p.extract_text() for p in pages)
    summary = " ".join(pages[1].extract_text().split())
    assert "Structure, Coordination, Learning and Dedicated alliance function" in summary
    # one count of the unknowns: a "don't know" kept for a follow-up its gate ("don't know")
    # left out is no open question (a trial read 42 on the strip and 50 in the summary)
    strip = int(re.search(r'(\d+) more "don\'t know"', record["draft"]["detail"])[1])
    said = int(re.search(r'(\d+) practices were answered "don\'t know"', summary)[1])
    assert said == strip
    steps = [r for r in record["recommendations"] if r["group"] == "check"]
    assert len(steps) <= strip and not any(i["id"] == "daf_reporting_line"
                                            for r in steps for i in r["items"])  # fmt: skip
    assert "No dimension could be scored, so this report shows the answers" in summary
    for claim in ("could be scored are shown below", "rest on the practices that were answered",
                  "The shaded shape is"):  # fmt: skip
        assert claim not in " ".join(" ".join(p.extract_text().split()) for p in pages), claim
