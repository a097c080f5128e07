"""The interview under faults: an answer is saved before it is shown, and rendering the
report never replaces the response file (issue 17, items 4 and 8)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from amc_assess.loading import load_response
from test_interview import MINI_ARGS, MINI_SCRIPT, Terminal, here  # noqa: F401 - fixture

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("item", [0, 2, 6])
def test_an_answer_shown_is_already_saved(here: Path, item: int) -> None:  # noqa: F811
    """SIGKILL the moment ``→ answer`` appears: the file already holds that answer."""
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS)
    term.respondent()
    term.answer(MINI_SCRIPT[:item])
    item_id, progress, steps = MINI_SCRIPT[item]
    term.expect(progress)
    for keys, then in steps:
        term.type(keys, then)  # the last one waits for "→ <the answer>"
    term.child.kill(signal.SIGKILL)
    term.child.close()
    saved = load_response(here / "r.yaml")
    assert item_id in saved.answers
    assert len(saved.answers) == item + 1


def test_rendering_after_an_interview_saved_as_json_keeps_the_answers(
    here: Path,  # noqa: F811
) -> None:
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.json", *MINI_ARGS, timeout=30)
    term.respondent()
    term.answer(MINI_SCRIPT)
    term.to_scores()
    assert term.finish(report=True) == 0
    assert "Wrote r.report.pdf" in term.seen
    saved = load_response(here / "r.json")  # still the response file, answers and all
    assert saved.completed and len(saved.answers) == len(MINI_SCRIPT)
    assert (here / "r.report.pdf").read_bytes().startswith(b"%PDF")
    assert '"report": "r.report.pdf"' in (here / "r.report.json").read_text(encoding="utf-8")


def test_a_read_only_folder_stops_the_interview_with_one_line(here: Path) -> None:  # noqa: F811
    from mounts import read_only_folder

    with read_only_folder(here / "ro"):
        term = Terminal(here, "--firm", "Mini Corp", "--out", "ro/r.yaml", *MINI_ARGS)
        term.expect("Respondent's name")
        term.child.send("Pat\r")  # the file is made with the name: the folder fails at once
        status = term.finish()
    assert status == 1
    assert "ro/r.yaml: cannot write: the folder is read-only" in term.seen
    assert "Traceback" not in term.seen and "Error" not in term.seen


def test_resuming_a_missing_file_is_one_line(here: Path) -> None:  # noqa: F811
    term = Terminal(here, "--resume", "gone.yaml", *MINI_ARGS)
    assert term.finish() == 1
    assert term.seen.strip() == "gone.yaml: file not found (nothing to resume)"


def test_the_answer_is_saved_before_it_is_echoed(here: Path, monkeypatch) -> None:  # noqa: F811
    """The order itself, without a terminal: save, then ``→ answer``."""
    from amc_assess import api
    from amc_assess.interview import app, widgets
    from amc_assess.interview.session import new_response
    from amc_assess.models import Answer, Respondent

    q, r = api.instrument(here / "questionnaire.yaml", here / "rubric.yaml")
    response = new_response(q, "Mini Corp", Respondent(name="Pat", level="senior", side="own"))
    interview = app.Interview(q, r, response, here / "r.yaml", "amc assess --resume r.yaml")
    events: list[str] = []
    monkeypatch.setattr(widgets, "ask_item", lambda *args: Answer(value=70))
    monkeypatch.setattr(app, "save", lambda *args: events.append("saved"))
    monkeypatch.setattr(widgets, "say", lambda text="", **kw: events.append(f"said {text}"))
    interview._ask("ctx_repeat_share", can_go_back=False)
    shown = [k for k, e in enumerate(events) if e.startswith("said ") and "→ 70" in e]
    assert events.count("saved") == 1 and shown
    assert events.index("saved") < shown[0]
