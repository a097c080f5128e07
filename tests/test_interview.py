"""`amc assess` driven through a real pseudo-terminal (pexpect), as a person would use it.

Each test types keys into ``python -m amc_assess assess`` and waits for text on screen.
The progress line (``Alpha · 2/4 · overall 4/10``) is printed before every question, so
it marks the moment a prompt is about to read keys.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest
import yaml

from amc_assess import api
from amc_assess.interview.flow import Flow, answer_label
from amc_assess.interview.session import new_response, save
from amc_assess.loading import load_response
from amc_assess.models import Answer, Item, Respondent, TargetsBlock
from conftest import MINI

pytestmark = pytest.mark.slow

DOWN, CTRL_C = "\x1b[B", "\x03"
MINI_ARGS = ["-q", "questionnaire.yaml", "-r", "rubric.yaml"]

# What the respondent types, item by item: the progress line to wait for, then
# (keys, text to wait for afterwards) steps. Together they reproduce
# tests/fixtures/mini/response.yaml (plus an empty comment), through every widget.
MINI_SCRIPT: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("ctx_repeat_share", "Context · 1/2 · overall 1/10", [("70\r", "→ 70%")]),
    ("ctx_comment", "Context · 2/2 · overall 2/10", [("\r", "→ No answer")]),
    ("a_agree1", "Alpha · 1/4 · overall 3/10", [("4\r", "→ 4 Agree")]),
    ("a_agree2", "Alpha · 2/4 · overall 4/10", [
        ("a\r", "Note (what you were told or shown"),
        ("seen the playbook\r", "Evidence reference"),
        ("DOC-12\r", "Note kept"),
        ("2\r", "→ 2 Disagree (with note)"),
    ]),
    ("a_yes", "Alpha · 3/4 · overall 5/10", [("1\r", "→ Yes")]),
    ("a_choice", "Alpha · 4/4 · overall 6/10", [(DOWN * 2 + "\r", "→ Some")]),
    ("b_exists", "Beta · 1/4 · overall 7/10", [("1\r", "→ Yes")]),
    ("b_count", "Beta · 2/4 · overall 8/10", [("7\r", "→ 7 FTE")]),
    ("b_budget", "Beta · 3/4 · overall 9/10", [("na\r", "→ Not applicable")]),
    ("b_agree", "Beta · 4/4 · overall 10/10", [("d\r", "→ Don't know")]),
]  # fmt: skip
MINI_TITLES = ["Alpha", "Beta"]
EXPECTED = {
    **load_response(MINI / "response.yaml").model_dump()["answers"],
    "ctx_comment": {"value": None, "state": "dont_know", "note": None, "evidence": None},
}


class Terminal:
    """One ``amc assess`` process on a pseudo-terminal (40x120 unless told).

    Keys are sent as soon as the text before a prompt is on screen, so the prompts' settling
    time (keys in a prompt's first 150 ms are ignored) is off unless ``settle_ms`` is given.
    """

    def __init__(self, cwd: Path, *args: str, timeout: float = 10, columns: int = 120,
                 settle_ms: int = 0):  # fmt: skip
        env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS=str(columns),
                   LINES="40", AMC_ASSESS_SETTLE_MS=str(settle_ms))  # fmt: skip
        self.child = pexpect.spawn(
            sys.executable, ["-m", "amc_assess", "assess", *args], cwd=str(cwd), env=env,
            dimensions=(40, columns), encoding="utf-8", codec_errors="replace", timeout=timeout,
        )  # fmt: skip
        self.seen = ""
        self.columns = columns

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)
        self.seen += (self.child.before or "") + text

    def type(self, keys: str, then: str) -> None:
        self.child.send(keys)
        self.expect(then)

    def screen(self) -> list[str]:
        """The lines on the terminal's screen now, as a terminal draws what was seen so far
        (trailing blanks dropped)."""
        shown = pyte.Screen(self.columns, 40)
        pyte.Stream(shown).feed(self.seen)
        return [line.rstrip() for line in shown.display]

    def finish(self, report: bool = False) -> int:
        """Answer the offer of a PDF report if made, wait for the end; return the exit status."""
        if self.child.expect_exact(["Render the PDF report now?", pexpect.EOF]) == 0:
            self.seen += (self.child.before or "") + "Render the PDF report now?"
            self.child.send("y" if report else "n")
            self.child.expect(pexpect.EOF)
        self.seen += self.child.before or ""
        self.child.close()
        return self.child.exitstatus

    def respondent(self) -> None:
        self.expect("Respondent's name")
        for keys, then in [
            ("Pat\r", "Role or job title"),
            ("Alliance lead\r", "Level in the organization"),
            ("1\r", "Works for"),
            ("1\r", "Function"),
            ("BD\r", "after every question"),
        ]:
            self.type(keys, then)

    def agree_targets(
        self,
        titles: list[str] = MINI_TITLES,
        keys: dict[str, str] | None = None,
        agreed_by: str = "\r",
    ) -> None:
        """Agree the target levels after "Finish": Enter keeps the offered level (or ``keys``
        per dimension title), then who agreed them (Enter: the offered name)."""
        for title in titles:
            self.expect(f"Target level for {title}:")
            self.type((keys or {}).get(title, "\r"), f"→ {title}: level")
        self.expect("Targets agreed by")
        self.type(agreed_by, "→ agreed by")

    def to_scores(self) -> None:
        """From the review: Finish, agree the offered targets, wait for the scores table."""
        self.expect("Review your answers")
        self.type("f\r", "Before the scores: agree with the firm")
        self.agree_targets()
        self.expect("Overall index")

    def answer(self, script: list[tuple[str, str, list[tuple[str, str]]]]) -> None:
        for _, progress, steps in script:
            self.expect(progress)
            for keys, then in steps:
                self.type(keys, then)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with the mini instrument copied in (short paths on screen)."""
    for name in ("questionnaire.yaml", "rubric.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def prepared(here: Path, answers: dict[str, object], name: str = "r.yaml") -> Path:
    """A response file part-way through the mini interview (as an earlier session left it)."""
    q, _ = api.instrument(here / "questionnaire.yaml", here / "rubric.yaml")
    response = new_response(q, "Mini Corp", Respondent(name="Pat", level="senior", side="own"))
    response.answers = {k: Answer.model_validate(v) for k, v in answers.items()}
    save(here / name, response, q)
    return here / name


def test_finished_interview_offers_the_pdf_report(here):
    from pypdf import PdfReader

    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS, timeout=30)
    term.respondent()
    term.answer(MINI_SCRIPT)
    term.to_scores()
    assert term.finish(report=True) == 0
    assert "Wrote r.pdf" in term.seen
    text = "".join(page.extract_text() for page in PdfReader(here / "r.pdf").pages)
    assert "Mini Corp" in text and "4.02" in text  # the same overall index as the table
    assert (here / "r.json").exists()


def mini_scores(path: Path) -> list:
    return api.score_files([path], MINI / "questionnaire.yaml", MINI / "rubric.yaml")


def figures_of(result) -> list:
    """A result's dimension figures, without where the targets come from."""
    return [d.model_dump(exclude={"target_source"}) for d in result.dimensions]


def test_full_interview_answers_saves_and_scores(here):
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS)
    term.respondent()
    term.answer(MINI_SCRIPT)
    term.to_scores()
    assert term.finish() == 0
    saved = load_response(here / "r.yaml")
    assert saved.completed is True
    assert saved.model_dump()["answers"] == EXPECTED
    assert saved.respondent == Respondent(
        name="Pat", role="Alliance lead", level="senior", side="own", function="BD"
    )
    assert saved.assessment.instrument_version == "0.1"
    assert saved.assessment.date == dt.date.today()
    # the file scores exactly as the fixture with the same answers, through the one engine
    (result,) = mini_scores(here / "r.yaml")
    (fixture,) = mini_scores(MINI / "response.yaml")
    assert figures_of(result) == figures_of(fixture)
    assert result.overall_score == fixture.overall_score
    # the offered targets (the rubric's: alpha 4, beta 3) kept, now agreed, by the respondent
    assert saved.targets == TargetsBlock(
        levels={"alpha": 4, "beta": 3}, agreed_on=dt.date.today(), agreed_by="Pat"
    )
    assert [(d.target, d.target_source) for d in result.dimensions] == [
        (4, "agreed"), (3, "agreed")
    ]  # fmt: skip
    assert [(d.target, d.target_source) for d in fixture.dimensions] == [
        (4, "rubric default"), (3, "rubric default")
    ]  # fmt: skip
    assert "Targets: agreed on" in term.seen
    assert [d.score for d in result.dimensions] == [pytest.approx(4.2), pytest.approx(11 / 3)]
    # and the table on screen shows those scores
    assert re.search(r"Alpha\s+│\s+4\.20 │ 5 Optimizing │\s+4/4", term.seen)
    assert re.search(r"Beta\s+│\s+3\.67 │ 4 Managed\s+│\s+2/3", term.seen)
    assert re.search(rf"Overall index │\s+{result.overall_score:.2f} │ 4 Managed", term.seen)
    assert "[caution] Formal B with repeat partners" in term.seen
    own = here.resolve()  # an instrument of one's own is named by its absolute path
    assert (
        f"amc score {own / 'r.yaml'} --questionnaire {own / 'questionnaire.yaml'} --rubric "
        f"{own / 'rubric.yaml'}" in term.seen
    )


def test_ctrl_c_saves_and_resume_ends_with_the_same_answers(here):
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS)
    term.respondent()
    term.answer(MINI_SCRIPT[:3])
    term.expect(MINI_SCRIPT[3][1])
    term.child.send(CTRL_C)
    term.expect("Stopped. Saved 3 of 10 answers in r.yaml.")
    own = here.resolve()  # the command works from any folder
    term.expect(
        f"amc assess --resume {own / 'r.yaml'} --questionnaire {own / 'questionnaire.yaml'} "
        f"--rubric "
        f"{own / 'rubric.yaml'}"
    )
    assert term.finish() == 130
    partial = load_response(here / "r.yaml")
    assert list(partial.answers) == ["ctx_repeat_share", "ctx_comment", "a_agree1"]
    assert partial.completed is False

    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Resuming r.yaml (Mini Corp · Pat): 3 of 10 questions answered.")
    term.answer(MINI_SCRIPT[3:])
    term.to_scores()
    assert term.finish() == 0
    saved = load_response(here / "r.yaml")
    assert saved.model_dump()["answers"] == EXPECTED
    assert saved.completed is True
    assert figures_of(mini_scores(here / "r.yaml")[0]) == figures_of(
        mini_scores(MINI / "response.yaml")[0]
    )


@pytest.mark.parametrize("pause", [0.0, 0.02, 0.2])
def test_sigkill_leaves_a_file_that_parses_and_resumes(here, pause):
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS)
    term.respondent()
    term.answer(MINI_SCRIPT[:5])
    term.expect(MINI_SCRIPT[5][1])
    term.child.send(DOWN * 2 + "\r")  # answer a_choice, and kill while it is being saved
    time.sleep(pause)
    term.child.kill(signal.SIGKILL)
    term.child.close()
    assert term.child.signalstatus == signal.SIGKILL
    saved = load_response(here / "r.yaml")  # parses: the write is atomic
    done = len(saved.answers)
    assert done in (5, 6)
    assert list(saved.answers) == [item for item, _, _ in MINI_SCRIPT[:done]]

    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect(f"{done} of 10 questions answered")
    term.answer(MINI_SCRIPT[done:])
    term.to_scores()
    assert term.finish() == 0
    assert load_response(here / "r.yaml").model_dump()["answers"] == EXPECTED


def test_a_share_below_one_percent_typed_with_its_sign_is_kept_so_and_not_warned_of(here):
    """0.65% typed with its sign at a share out of 100% is what was meant; the file kept
    0.65 and amc report warned on every run that 65% was probably meant (a trial). The file
    keeps "0.65%", and amc score reads it as 0.65% without a warning."""
    prepared(here, {})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("overall 1/10")
    term.type("0.65\r", "0.65 would be 0.65%")
    term.type("%\r", "→ 0.65%")  # the refused text stays to be mended: its sign added
    term.expect("overall 2/10")
    term.child.send(CTRL_C)
    assert term.finish() == 130
    assert "→ 0.65%%" not in term.seen
    saved = load_response(here / "r.yaml")
    assert saved.answers["ctx_repeat_share"].value == "0.65%"
    from click.testing import CliRunner

    from amc_assess.cli import cli

    out = CliRunner().invoke(cli, ["score", "r.yaml", *MINI_ARGS, "-f", "json"])
    assert "between 0 and 1" not in out.stderr
    assert json.loads(out.stdout)[0]["item_scores"].get("ctx_repeat_share") is None  # context


def test_a_long_answer_echo_wraps_under_itself_on_a_narrow_terminal(here):
    """The echo of a long answer continued at the left edge, under the question's text."""
    prepared(here, {"ctx_repeat_share": 70})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS, columns=60)
    term.expect("overall 2/10")
    words = ("the alliance office was set up in spring and reports to the chief strategy officer "
             "who chairs the portfolio review twice a year")  # fmt: skip
    term.type(words + "\r", "Alpha · 1/4")
    echo = term.seen[term.seen.rindex("→ the alliance") :]
    plain = re.sub(r"\x1b\[[0-9;]*m", "", echo.replace("\r", ""))
    lines = [line.rstrip() for line in plain.split("\n")]
    body = lines[: next(k for k, line in enumerate(lines) if "Alpha" in line)]
    body = [line for line in body if line.strip()]
    assert len(body) >= 3  # 129 characters on 60 columns
    assert all(line.startswith("    ") and len(line) < 60 for line in body[1:]), body
    assert " ".join(line.strip() for line in body).removeprefix("→ ") == words
    term.child.terminate(force=True)


def test_invalid_numbers_reprompt_with_the_reason(here):
    prepared(here, {"ctx_repeat_share": 70, "ctx_comment": "x", "a_agree1": 4, "a_agree2": 2,
                    "a_yes": "yes", "a_choice": "some", "b_exists": "yes"})  # fmt: skip
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Beta · 2/4 · overall 8/10")
    term.expect("Type a whole number from 0 to 100 (FTE)")
    # a refused number stays on the prompt to be mended: Ctrl-U (\x15) clears it
    term.type("lots\r", "✗ 'lots' is not a number: type digits, e.g. 12")
    term.type("\x152.5\r", "✗ 2.5 has decimals: type a whole number from 0 to 100 (FTE)")
    term.type("\x15250\r", "✗ 250 is out of range: type a whole number from 0 to 100 (FTE)")
    term.type(
        "\x15n\r", "✗ 'Not applicable' is not offered for this question: it applies to every firm"
    )
    term.type("h\r", "Help: h")  # the same letters as in the select lists
    term.type("12 FTE\r", "→ 12 FTE")
    term.expect("Beta · 3/4 · overall 9/10")
    term.type("11\r", "✗ 11 is out of range: type a number from 0 to 10 (%)")
    term.type("\b.75\r", "→ 1.75%")  # mended: "11" less its last digit, then ".75"
    term.expect("Beta · 4/4")
    term.child.send(CTRL_C)
    assert term.finish() == 130
    answers = load_response(here / "r.yaml").answers
    assert answers["b_count"] == Answer(value=12)
    assert answers["b_budget"] == Answer(value=1.75)
    assert "b_agree" not in answers


def test_a_refused_number_shows_one_reason_at_a_time_and_none_once_taken(here):
    """The screen as a terminal draws it (pyte), 60 columns wide: the reasons for refused
    entries piled up above the prompt, one more line or two at each, and stayed after the
    answer was taken."""
    prepared(here, {"ctx_repeat_share": 70, "ctx_comment": "x", "a_agree1": 4, "a_agree2": 2,
                    "a_yes": "yes", "a_choice": "some", "b_exists": "yes"})  # fmt: skip
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS, columns=60)
    term.expect("Beta · 2/4 · overall 8/10")
    term.type("lots\r", "is not a number")
    term.type("\x15n\r", "applies to every firm")  # a reason of two lines at 60 columns
    term.type("\x15250\r", "is out of range")
    term.child.expect(r"B headcount (\x1b\[[0-9;]*m)*250")  # the prompt again, with the entry
    term.seen += term.child.before + term.child.after
    screen = term.screen()
    assert [line for line in screen if "✗" in line] == [
        "  ✗ 250 is out of range: type a whole number from 0 to"
    ]
    at = screen.index("  ✗ 250 is out of range: type a whole number from 0 to")
    assert screen[at + 1] == "    100 (FTE)" and screen[at + 2].startswith("? B headcount")
    assert "every firm" not in "\n".join(screen)  # the longer reason before it is gone
    assert any(line.endswith("? 250") or line.endswith(" 250") for line in screen), screen
    term.type("\x1512\r", "Beta · 3/4 · overall 9/10")
    screen = term.screen()
    assert not [line for line in screen if "✗" in line or "out of range" in line], screen
    assert "  → 12 FTE" in screen
    term.child.send(CTRL_C)
    assert term.finish() == 130


def test_back_returns_to_the_previous_question_and_changes_it(here):
    prepared(here, {"ctx_repeat_share": 70})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Context · 2/2")
    term.type("<\r", "← back to the previous question")
    term.expect("Context · 1/2")
    term.expect("Current answer: 70%")
    term.expect("Enter alone keeps the current answer")
    # typed afresh: the prompt is empty (digits typed after a pre-filled 15 made 1520)
    term.type("55\r", "→ 55%")
    term.type("\r", "Alpha · 1/4")  # the comment: no answer
    term.type("4\r", "Alpha · 2/4")
    term.type("b\r", "Current answer: 4 Agree")  # select widget: b) Back
    term.type("3\r", "→ 3 Neither agree nor disagree")
    term.expect("Alpha · 2/4")  # onwards again to the next question
    term.type("b\r", "Alpha · 1/4")
    term.type("b\r", "Context · 2/2")
    term.type("<\r", "Context · 1/2")
    term.expect("Current answer: 55%")
    term.type("b\r", "There is no previous question to go back to from here")
    term.type("56a\r", "✗ '56a' is not a number")  # a new answer is read as typed
    term.type("\x15" + "\r", "✗")  # after a refusal, Enter alone is no answer
    term.type("\x15" + "b\r", "There is no previous question")
    term.child.send(CTRL_C)
    assert term.finish() == 130
    answers = load_response(here / "r.yaml").answers
    assert answers["ctx_repeat_share"] == Answer(value=55)
    # Enter alone keeps the answer
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Alpha · 2/4")
    term.type("b\r", "Alpha · 1/4")
    term.type("b\r", "Context · 2/2")
    term.type("<\r", "Context · 1/2")
    term.type("\r", "→ 55%")
    term.child.send(CTRL_C)
    assert term.finish() == 130
    assert load_response(here / "r.yaml").answers["ctx_repeat_share"] == Answer(value=55)
    assert answers["a_agree1"] == Answer(value=3)
    assert "a_agree2" not in answers


def test_skip_logic_hides_follow_ups_and_review_can_reopen_them(here):
    prepared(here, {"ctx_repeat_share": 70, "ctx_comment": "x", "a_agree1": 4, "a_agree2": 2,
                    "a_yes": "yes", "a_choice": "some"})  # fmt: skip
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Beta · 1/4 · overall 7/10")
    term.type("2\r", "→ No")
    term.expect("(2 follow-up questions do not apply and are skipped)")
    term.expect("Beta · 2/2 · overall 8/8")  # b_count and b_budget are not asked
    term.type("5\r", "→ 5 Strongly agree")
    term.expect("Review your answers")
    term.expect("What next?")
    assert "B headcount" not in term.seen and "B budget" not in term.seen
    assert load_response(here / "r.yaml").answers.keys() == {
        "ctx_repeat_share", "ctx_comment", "a_agree1", "a_agree2", "a_yes", "a_choice",
        "b_exists", "b_agree",
    }  # fmt: skip
    # change b_exists from the review: its follow-ups are asked, then the review returns
    term.type("c\r", "Number of the answer to change (1-8")
    term.type("9\r", "✗ '9' is not a number from the review list (1-8)")
    term.child.send("7\r")
    term.expect("Beta · 1/2 · overall 7/8")
    term.expect("Current answer: No")
    term.type("1\r", "→ Yes")
    term.expect("Beta · 2/4 · overall 8/10")
    term.type("3\r", "→ 3 FTE")
    term.expect("Beta · 3/4 · overall 9/10")
    term.type("dk\r", "→ Don't know")
    term.to_scores()
    assert term.finish() == 0
    saved = load_response(here / "r.yaml")
    assert saved.answers["b_count"] == Answer(value=3)
    assert saved.answers["b_budget"] == Answer(state="dont_know")
    assert saved.completed is True


def test_save_and_stop_says_whether_the_file_stays_finished(here):
    """A finished file reopened, unchanged, stays finished; changed and saved without
    finishing again it is a draft, and the interview says so (it said nothing)."""
    full = {"ctx_repeat_share": 70, "ctx_comment": "x", "a_agree1": 4, "a_agree2": 2,
            "a_yes": "yes", "a_choice": "some", "b_exists": "no", "b_agree": 5}  # fmt: skip
    path = prepared(here, full)
    response = load_response(path)
    response.completed = True
    save(path, response, api.instrument(here / "questionnaire.yaml", here / "rubric.yaml")[0])
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("This interview was finished")
    term.expect("What next?")
    term.type("s\r", "still finished. To review it later:")
    assert term.finish() == 0 and load_response(path).completed is True
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("What next?")
    term.type("c\r", "Number of the answer to change (1-8")
    term.child.send("3\r")
    term.expect("Current answer:")
    term.type("5\r", "→ 5")
    term.expect("What next?")
    term.type("s\r", "as a draft: amc score and amc report mark it so until it is finished.")
    assert term.finish() == 0 and load_response(path).completed is False


def test_ctrl_c_keeps_a_new_note_with_the_answer_or_until_there_is_one(here):
    """'Note kept' promises the note goes with the answer: Ctrl-C before answering saves it
    with the question's earlier answer, or (no answer yet) in the file until the question is
    answered; a trial had to type it again."""
    path = prepared(here, {"ctx_repeat_share": 70, "ctx_comment": "x", "a_agree1": 4})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Alpha · 2/4 · overall 4/10")
    for keys, then in [("a\r", "Note (what you were told or shown"),
                       ("asked twice\r", "Evidence reference"), ("\r", "Note kept")]:  # fmt: skip
        term.type(keys, then)
    term.type(CTRL_C, "The note typed for the last question was saved; it is attached to the "
                      "answer once the question is answered.")  # fmt: skip
    assert term.finish() == 130
    stopped = load_response(path)
    assert "a_agree2" not in stopped.answers
    assert stopped.pending_notes["a_agree2"].note == "asked twice"
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Alpha · 2/4 · overall 4/10")
    term.type("b\r", "Current answer: 4 Agree")
    for keys, then in [("a\r", "Note (what you were told or shown"),
                       ("from the minutes\r", "Evidence reference"),
                       ("MIN-3\r", "Note kept")]:  # fmt: skip
        term.type(keys, then)
    term.type(CTRL_C, "The note typed for the last question was saved with its answer.")
    assert term.finish() == 130
    saved = load_response(path).answers["a_agree1"]
    assert (saved.value, saved.note, saved.evidence) == (4, "from the minutes", "MIN-3")
    # resumed: the kept note is shown, and goes with the answer once given
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Alpha · 2/4 · overall 4/10")
    term.expect("Note typed before the stop, kept for your answer (note: asked twice)")
    term.type("2\r", "→ ")
    term.child.send(CTRL_C)
    term.expect("Stopped.")
    assert term.finish() == 130
    answered = load_response(path)
    assert answered.answers["a_agree2"].note == "asked twice" and not answered.pending_notes
    assert "pending_notes" not in (here / "r.yaml").read_text()


def test_stdin_not_a_terminal_points_to_score_and_batch(here):
    result = subprocess.run(
        [sys.executable, "-m", "amc_assess", "assess", "--firm", "X", *MINI_ARGS],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=here,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "amc assess is an interactive interview and needs a terminal (stdin is not a TTY); "
        "to score answers already in a file use `amc score FILE`, or `amc batch` for many files\n"
    )


def test_resume_with_another_instrument_version_is_explained(here):
    path = prepared(here, {"ctx_repeat_share": 70})
    path.write_text(
        path.read_text().replace("instrument_version: '0.1'", "instrument_version: '0.0'")
    )
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    assert term.finish() == 1
    lines = [line for line in term.seen.replace("\r", "").splitlines() if line.strip()]
    assert lines == [
        "r.yaml was answered with mini version 0.0, but this questionnaire is version 0.1; "
        "questions may have changed, so it cannot be resumed with it: use the questionnaire "
        "file of version 0.0 (--questionnaire) and its rubric (--rubric), or start a new "
        "interview"
    ]


def test_existing_out_file_is_never_overwritten(here):
    path = prepared(here, {"ctx_repeat_share": 70})
    before = path.read_text()
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS)
    assert term.finish() == 1
    own = here.resolve()  # an instrument of one's own: the whole command works anywhere
    assert f"r.yaml already exists: continue it with `amc assess --resume {own / 'r.yaml'}" in (
        term.seen.replace("\r\n", "")
    )
    assert path.read_text() == before


def test_ctrl_c_before_the_first_question_saves_nothing(here):
    term = Terminal(here, "--firm", "Mini Corp", *MINI_ARGS)
    term.expect("Respondent's name")
    term.child.send(CTRL_C)
    term.expect("nothing was saved")
    assert term.finish() == 130
    assert sorted(p.name for p in here.iterdir()) == ["questionnaire.yaml", "rubric.yaml"]


def test_a_long_answer_left_on_screen_wraps_on_words_under_the_question(here):
    """60 columns: "? Level in the organization: Middle management (alliance or business-unit
    managers)" was broken by the terminal at its edge, mid-word and flush left."""
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS, columns=60)
    term.expect("Respondent's name")
    term.type("Pat Lee\r", "Role or job title")
    term.type("Alliance lead\r", "Level in the organization")
    term.type("2\r", "Works for")
    screen = term.screen()
    at = next(k for k, line in enumerate(screen) if line.startswith("? Level in the"))
    assert screen[at : at + 2] == [
        "? Level in the organization: Middle management (alliance or",
        "  business-unit managers)",
    ]
    term.child.send(CTRL_C)
    assert term.finish() == 130


def test_a_firm_named_with_a_bracket_gets_no_second_one(here):
    """A trial with --firm "Firm (fictional)" read "Firm (fictional) (the firm being
    assessed)"."""
    term = Terminal(here, "--firm", "Acme (fictional)", "--out", "r.yaml", *MINI_ARGS)
    term.expect("Respondent's name")
    term.type("Pat Lee\r", "Role or job title")
    term.type("Alliance lead\r", "Level in the organization")
    term.type("2\r", "Works for")
    term.expect("A partner of Acme (fictional)")
    assert "Acme (fictional), the firm being assessed" in term.seen
    assert ") (" not in term.seen
    term.child.send(CTRL_C)
    assert term.finish() == 130


def test_ctrl_c_in_the_respondent_details_keeps_those_given_and_resume_asks_the_rest(here):
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS)
    term.expect("Respondent's name")
    term.type("Pat Lee\r", "Role or job title")
    term.type("Alliance lead\r", "Level in the organization")
    term.child.send(CTRL_C)
    term.expect("Stopped. Saved the respondent's details given so far in r.yaml.")
    assert term.finish() == 130
    kept = load_response(here / "r.yaml")
    assert (kept.respondent.name, kept.respondent.role) == ("Pat Lee", "Alliance lead")
    assert (kept.respondent.level, kept.respondent.side, kept.answers) == (None, None, {})

    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("the respondent's details are not complete yet")
    term.expect("Level in the organization")  # name and role are not asked again
    assert "Respondent's name" not in term.seen and "Role or job title" not in term.seen
    term.type("2\r", "Works for")
    term.child.send(CTRL_C)  # stopped again: the level is kept too
    term.expect("Stopped. Saved the respondent's details given so far in r.yaml.")
    assert term.finish() == 130
    assert load_response(here / "r.yaml").respondent.level == "middle"

    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Works for")
    term.type("2\r", "Function")
    term.type("Legal\r", MINI_SCRIPT[0][1])
    assert "Level in the organization" not in term.seen
    term.child.send(CTRL_C)
    assert term.finish() == 130
    respondent = load_response(here / "r.yaml").respondent
    assert respondent.model_dump() == {
        "name": "Pat Lee", "role": "Alliance lead", "level": "middle", "side": "partner",
        "function": "Legal",
    }  # fmt: skip


def keys_for(item: Item, rng: random.Random) -> tuple[str, Answer]:
    """Keys that answer ``item`` on screen, and the Answer they should produce."""
    roll = rng.random()
    if item.not_applicable and roll < 0.3:
        return ("na\r" if item.type == "number" else "n\r"), Answer(state="not_applicable")
    if roll < 0.1:
        return ("dk\r" if item.type == "number" else "d\r"), Answer(state="dont_know")
    if item.type == "agreement":
        code = rng.randint(1, 5)
        return f"{code}\r", Answer(value=code)
    if item.type in ("yesno", "choice"):
        codes = list(item.codes())[:10]
        k = rng.randrange(len(codes))
        return f"{'1234567890'[k]}\r", Answer(value=codes[k])
    if item.type == "number":
        assert item.min is not None and item.max is not None
        value = rng.randint(int(item.min), int(min(item.max, 40)))
        return f"{value}\r", Answer(value=value)
    return "Seen the alliance charter\r", Answer(value="Seen the alliance charter")


def test_full_default_instrument_interview(tmp_path):
    """Every question of the bundled instrument answered through the terminal, then scored."""
    q, r = api.instrument()
    items = q.item_map()
    mirror = Flow(q, new_response(q, "Default Corp", Respondent()))
    rng = random.Random(11)
    term = Terminal(tmp_path, "--firm", "Default Corp", "--out", "d.yaml", timeout=20)
    term.respondent()
    asked = 0
    current = mirror.next_item(None)
    while current is not None:
        term.expect(str(mirror.progress(current)))
        keys, answer = keys_for(items[current], rng)
        term.child.send(keys)
        term.expect(f"→ {answer_label(items[current], answer, q.scales)[:60]}")  # may wrap
        mirror.answer(current, answer)
        asked += 1
        current = mirror.next_item(current)
    term.expect("Review your answers")
    term.type("f\r", "Before the scores: agree with the firm")
    term.agree_targets([d.title for d in r.dimensions.values()])
    term.expect("Overall AMC index")
    assert term.finish() == 0
    saved = load_response(tmp_path / "d.yaml")
    assert saved.completed is True
    assert saved.answers == mirror.response.answers
    assert len(saved.answers) == asked >= 50
    (result,) = api.score_responses([saved], q, r)
    for dim in result.dimensions:
        score = f"{dim.score:.2f}" if dim.score is not None else "–"
        assert re.search(rf"{re.escape(dim.title)}\s+│\s+{score} │", term.seen), dim.title


def test_resume_of_an_instrument_not_bundled_names_the_option(here):
    prepared(here, {"ctx_repeat_share": 70})
    term = Terminal(here, "--resume", "r.yaml")  # no --questionnaire: mini is not bundled
    assert term.finish() == 1
    lines = [line for line in term.seen.replace("\r", "").splitlines() if line.strip()]
    assert lines == [
        "r.yaml holds answers to questionnaire 'mini', not 'amc': resume it with "
        "--questionnaire FILE, the questionnaire file with id 'mini' it was started with (and "
        "that file's --rubric, if it is scored)"
    ]


def test_an_interview_keeps_its_rubric_and_resumes_only_with_it(here):
    """A custom rubric's interview resumed with the questionnaire alone was scored with the
    bundled rubric, without a word (a new-user trial): the file keeps the rubric it started
    with, and a resume with another is refused, naming it."""
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS)
    term.respondent()
    term.expect("overall 1/10")
    term.child.sendintr()
    assert term.finish() == 130
    data = yaml.safe_load((here / "r.yaml").read_text(encoding="utf-8"))
    assert (data["assessment"]["rubric"], data["assessment"]["rubric_version"]) == ("mini", "0.1")
    rubric = (here / "rubric.yaml").read_text(encoding="utf-8")
    (here / "other.yaml").write_text(rubric.replace('version: "0.1"', 'version: "0.2"'), "utf-8")
    term = Terminal(here, "--resume", "r.yaml", "-q", "questionnaire.yaml", "-r", "other.yaml")
    assert term.finish() == 1
    lines = [line for line in term.seen.replace("\r", "").splitlines() if line.strip()]
    assert lines == [
        "r.yaml was started with rubric mini 0.1, not rubric mini 0.2: resume it with --rubric "
        "FILE, that rubric's file (with --questionnaire), so that its scores are that rubric's"
    ]
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("overall 1/10")  # the rubric it started with: resumed
    term.child.sendintr()
    assert term.finish() == 130


FULL_ANSWERS = {"ctx_repeat_share": 70, "ctx_comment": "x", "a_agree1": 4, "a_agree2": 2,
                "a_yes": "yes", "a_choice": "some", "b_exists": "yes", "b_count": 7,
                "b_budget": "not_applicable", "b_agree": "dont_know"}  # fmt: skip


def test_targets_are_asked_before_the_scores_and_default_to_the_assessor(here):
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", "--assessor", "Tess",
                    *MINI_ARGS)  # fmt: skip
    term.respondent()
    term.answer(MINI_SCRIPT)
    term.expect("Review your answers")
    term.type("f\r", "Before the scores: agree with the firm")
    term.agree_targets(keys={"Beta": "5\r"})
    assert "4) Managed (the rubric's default)" in term.seen  # offered, preselected
    assert "4) 4 Managed" not in term.seen  # the key is the level: not twice
    term.expect("Overall index")
    assert term.finish() == 0
    saved = load_response(here / "r.yaml")
    assert saved.targets == TargetsBlock(
        levels={"alpha": 4, "beta": 5}, agreed_on=dt.date.today(), agreed_by="Tess"
    )
    (result,) = mini_scores(here / "r.yaml")
    assert result.targets.source == "agreed" and result.targets.agreed_by == "Tess"
    # beta 3.67 is level 4 of target 5: 3 of 4 steps; alpha level 5 of target 4: 3 of 3
    beta = result.dimensions[1]
    assert (beta.level, beta.target, beta.target_source) == (4, 5, "agreed")
    assert beta.percent_to_target == pytest.approx(3 / 4)
    assert result.percent_to_target == pytest.approx((3 + 3) / (3 + 4))
    assert re.search(r"Beta\s+│\s+3\.67 │ 4 Managed\s+│\s+2/3 │\s+0\.53 │ 5 ", term.seen)
    assert "85% to target" in term.seen  # 6 of 7 steps (85.7%), rounded down as in the report
    assert f"Targets: agreed on {dt.date.today().isoformat()} by Tess." in term.seen


def test_ctrl_c_in_the_targets_keeps_those_given_and_resume_offers_them(here):
    prepared(here, FULL_ANSWERS)
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Review your answers")
    term.type("f\r", "Before the scores: agree with the firm")
    term.expect("Target level for Alpha:")
    term.type("5\r", "→ Alpha: level 5 Optimizing")
    term.expect("Target level for Beta:")
    term.child.send(CTRL_C)
    term.expect("Stopped. Saved 10 of 10 answers in r.yaml.")
    assert term.finish() == 130
    partial = load_response(here / "r.yaml")
    assert partial.targets == TargetsBlock(levels={"alpha": 5})  # given, not yet agreed
    assert partial.completed is False

    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Review your answers")
    term.type("f\r", "Before the scores: agree with the firm")
    term.expect("Target level for Alpha:")
    term.type("\r", "→ Alpha: level 5 Optimizing")  # the saved level is preselected
    term.expect("Target level for Beta:")
    term.type("2\r", "→ Beta: level 2 Emerging")
    term.expect("Targets agreed by")
    term.type("\x15J. Doe (CFO)\r", "→ agreed by J. Doe (CFO)")  # Ctrl-U clears the default
    term.expect("Overall index")
    assert term.finish() == 0
    saved = load_response(here / "r.yaml")
    assert saved.completed is True
    assert saved.targets == TargetsBlock(
        levels={"alpha": 5, "beta": 2}, agreed_on=dt.date.today(), agreed_by="J. Doe (CFO)"
    )
    text = (here / "r.yaml").read_text()
    assert "targets:\n  levels:\n    alpha: 5\n    beta: 2\n" in text
    assert "  agreed_by: J. Doe (CFO)\n" in text

    # reviewed again later: Enter everywhere keeps the agreed targets and who agreed them
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("This interview was finished")
    term.to_scores()
    assert term.finish() == 0
    assert load_response(here / "r.yaml").targets == saved.targets


def test_ctrl_c_while_changing_finished_targets_leaves_a_draft(here):
    """A trial: on a finished file, a changed target and then Ctrl-C dropped who agreed the
    targets but left ``completed: true``, so amc score reported the half-changed set as the
    file's own, with no draft warning. The change reopens the file; Enter alone does not."""
    prepared(here, FULL_ANSWERS)
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.to_scores()
    assert term.finish() == 0
    finished = load_response(here / "r.yaml")
    assert finished.completed is True and finished.targets is not None
    assert finished.targets.agreed_by is not None
    for keys, completed in (("\r", True), ("5\r", False)):  # keep Alpha, then change it
        term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
        term.expect("Review your answers")
        term.type("f\r", "Before the scores: agree with the firm")
        term.expect("Target level for Alpha:")
        term.type(keys, "→ Alpha: level")
        term.expect("Target level for Beta:")
        term.child.send(CTRL_C)
        term.expect("Stopped.")
        assert term.finish() == 130
        saved = load_response(here / "r.yaml")
        assert saved.completed is completed, keys
    assert saved.targets is not None and saved.targets.levels["alpha"] == 5
    assert saved.targets.agreed_by is None  # the agreement no longer holds
    (result,) = mini_scores(here / "r.yaml")
    assert result.completion is not None and result.completion.draft
    assert result.targets.source != "agreed"


def test_answers_a_changed_gate_no_longer_asks_are_named_at_the_finish(here):
    """A trial changed "Is there a B?" to No in the review: the follow-ups' answers stay in
    the file (nothing typed is lost) and amc score warned about each, but the interview never
    said so. The finish names them, and amc score gives one line for all."""
    prepared(here, FULL_ANSWERS)
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("What next?")
    term.type("c\r", "Number of the answer to change (1-10")
    term.child.send("7\r")
    term.expect("Current answer: Yes")
    term.type("2\r", "→ No")
    term.type("f\r", "Before the scores: agree with the firm")
    term.agree_targets()
    term.expect("Kept in the file but not scored: 2 answers to questions no longer asked "
                "(b_count, b_budget)")  # fmt: skip
    assert term.finish() == 0
    saved = load_response(here / "r.yaml")
    assert saved.answers["b_count"].value == 7 and saved.completed is True
    from click.testing import CliRunner

    from amc_assess.cli import cli

    out = CliRunner().invoke(cli, ["score", "r.yaml", *MINI_ARGS])
    assert [line for line in out.stderr.splitlines() if "not asked" in line] == [
        "warning: r.yaml: 2 answers to questions not asked (their when: conditions do "
        "not hold) are kept but not scored: b_count, b_budget"
    ]


def test_answers_a_gate_asks_again_are_named_when_they_return(here):
    """Follow-up answers kept while a gate said No came back, scored, without a word when
    it was switched back to Yes (a trial): the interview says which apply again."""
    prepared(here, FULL_ANSWERS)
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("What next?")
    term.type("c\r", "Number of the answer to change (1-10")
    term.child.send("7\r")
    term.type("2\r", "(2 follow-up answers no longer apply")
    term.expect("What next?")
    assert "apply again" not in term.seen
    term.type("c\r", "Number of the answer to change (1-8")
    term.child.send("7\r")
    term.expect("Current answer: No")
    term.type("1\r", "(2 earlier answers to follow-up questions apply again and are scored: "
              "b_count, b_budget)")  # fmt: skip
    term.expect("What next?")
    term.type("f\r", "Before the scores: agree with the firm")
    term.agree_targets()
    assert term.finish() == 0
    saved = load_response(here / "r.yaml")
    assert saved.answers["b_exists"].value == "yes" and saved.answers["b_count"].value == 7


def test_a_partner_respondent_reads_the_partner_wording(here):
    q_data = yaml.safe_load((here / "questionnaire.yaml").read_text(encoding="utf-8"))
    first = q_data["sections"][0]
    first["intro_partner"] = "Questions about {firm}, seen from the partner's side."
    first["items"][0]["text_partner"] = "What share of {firm}'s alliances repeat a partner?"
    (here / "questionnaire.yaml").write_text(yaml.safe_dump(q_data, sort_keys=False), "utf-8")
    q, _ = api.instrument(here / "questionnaire.yaml", here / "rubric.yaml")
    response = new_response(q, "Mini Corp", Respondent(name="Cy", level="senior", side="partner"))
    save(here / "p.yaml", response, q)
    term = Terminal(here, "--resume", "p.yaml", *MINI_ARGS)
    term.expect("What share of Mini Corp's alliances repeat a partner?")
    term.child.send(CTRL_C)
    assert term.finish() == 130
    assert "Questions about Mini Corp, seen from the partner's side." in term.seen
    assert "Repeat partner share" not in term.seen  # the own-side wording is not shown


def test_a_partner_respondent_is_not_asked_the_firms_target_levels(here):
    """A partner-side respondent was asked the assessed firm's target levels and saved them
    as agreed by the partner (a trial): the targets are the firm's to agree."""
    path = prepared(here, FULL_ANSWERS)
    response = load_response(path)
    response.respondent = Respondent(name="Cy", level="senior", side="partner")
    q, _ = api.instrument(here / "questionnaire.yaml", here / "rubric.yaml")
    save(path, response, q)
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Review your answers")
    term.type("f\r", "are Mini Corp's to agree with its own people")
    term.expect("Overall index")
    assert term.finish() == 0
    assert "Target level for" not in term.seen
    saved = load_response(path)
    assert saved.completed is True and saved.targets is None


def test_finishing_on_dont_knows_says_the_assessment_stays_a_draft(here):
    """A trial answered "don't know" to most questions and finished: the scores were all
    "insufficient data" with no word why, and the report was written as if finished. A
    don't-know counts as missing, so the finish says the file is a draft and why."""
    unsure = {k: ("dont_know" if k.startswith(("a_", "b_")) else v)
              for k, v in FULL_ANSWERS.items() if k not in ("b_count", "b_budget")}  # fmt: skip
    prepared(here, unsure)
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("What next?")
    term.type("f\r", "Before the scores: agree with the firm")
    term.agree_targets()
    term.expect("Too few answers to score any dimension")
    assert term.finish() == 0
    screen = " ".join(term.seen.split())
    assert 'more "don\'t know"' in screen and "--allow-incomplete" in screen
    assert "Render the PDF report now?" not in screen  # it would be refused: not offered
    assert load_response(here / "r.yaml").completed is True  # finished as the user chose


def typing_a_note(here: Path) -> tuple[Path, Terminal]:
    """A resumed interview with a note half typed on the second alpha question."""
    path = prepared(here, {"ctx_repeat_share": 70, "ctx_comment": "x", "a_agree1": 4})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Alpha · 2/4 · overall 4/10")
    term.type("a\r", "Note (what you were told or shown")
    term.child.send("Exit clauses only in the 2024 template")
    term.expect("2024 template")
    return path, term


def test_ctrl_c_on_the_note_prompt_keeps_what_is_typed(here):
    """A note typed and not yet confirmed with Enter was thrown away by Ctrl-C, without a
    word, though it stood on the screen; it is kept as if Enter had been pressed."""
    path, term = typing_a_note(here)
    term.type(CTRL_C, "The note typed for the last question was saved; it is attached to the "
                      "answer once the question is answered.")  # fmt: skip
    assert term.finish() == 130
    stopped = load_response(path)
    assert stopped.pending_notes["a_agree2"].note == "Exit clauses only in the 2024 template"
    assert stopped.pending_notes["a_agree2"].evidence is None


@pytest.mark.parametrize("hangup", ["signal", "terminal closed"])
def test_a_closed_terminal_keeps_the_note_typed(here, hangup):
    """Closing the terminal (or an SSH drop) sends SIGHUP, whose default action ended the
    process at once: the note typed was lost (exit 129), where Ctrl-C or SIGTERM kept it."""
    import signal

    path, term = typing_a_note(here)
    if hangup == "signal":
        term.child.kill(signal.SIGHUP)
        term.child.expect(pexpect.EOF, timeout=30)  # read what it prints, or it may block
    else:  # the terminal's end goes away: the kernel hangs the session up
        os.close(term.child.child_fd)
    deadline = time.monotonic() + 30
    while term.child.isalive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not term.child.isalive()
    stopped = load_response(path)
    assert stopped.pending_notes["a_agree2"].note == "Exit clauses only in the 2024 template"


def test_a_question_on_a_narrow_terminal_keeps_every_word(here):
    """At 50 columns the question was wrapped for 60 and its line ends cut off ("most of it /
    revenue"; a trial): it is wrapped to the terminal's width, every word on screen."""
    question = ("In which industry does your firm earn most of its revenue, counted over the "
                "last three financial years?")  # fmt: skip
    q_data = yaml.safe_load((here / "questionnaire.yaml").read_text(encoding="utf-8"))
    q_data["sections"][0]["items"][0]["text"] = question
    (here / "questionnaire.yaml").write_text(yaml.safe_dump(q_data, sort_keys=False), "utf-8")
    prepared(here, {})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS, columns=44)
    term.expect("revenue")
    term.expect("years?")
    lines = term.screen()
    start = next(k for k, line in enumerate(lines) if line.startswith("? In which"))
    shown = []
    for line in lines[start:]:
        shown.append(line.removeprefix("? ").strip())
        if "years?" in line:
            break
    assert " ".join(shown).startswith(question), shown
    term.child.terminate(force=True)
