"""The relationship-audit interview (issue 7) through a real pseudo-terminal (pexpect).

The roster screen: add people (name, firm, level, function, three labeled ratings, key
contact), refuse a duplicate or the respondent's own name with the reason, edit, remove,
finish; every change is saved at once, Ctrl-C keeps the list and ``--resume`` continues in it.
The same timing convention as tests/test_interview.py: keys are sent only after the text that
shows the prompt reading them is on screen.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from amc_assess.cli import cli
from amc_assess.interview.session import new_response, save
from amc_assess.loading import load_response
from amc_assess.models import Answer, Contact, Respondent
from amc_assess.validation import load_questionnaire_alone
from conftest import REPO
from test_interview import CTRL_C, Terminal

pytestmark = pytest.mark.slow

ARGS = ["--questionnaire", "audit.yaml"]
ROSTER = "Your alliance contacts · 1/1 · overall 4/4"
PAT = Respondent(name="Pat Jones", role="Lead", level="middle", side="own", function="Marketing")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPO / "questionnaires" / "relationship_audit.yaml", tmp_path / "audit.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def add(term: Terminal, name: str, side: str, level: str, function: str,
        ratings: tuple[int, int, int], key: str) -> None:  # fmt: skip
    """Add one person from the roster menu: keys for each step, waiting for each prompt."""
    term.type("a\r", "Full name:")
    term.type(f"{name}\r", f"Which firm does {name} work for?")
    term.type(f"{side}\r", "Firm: ")
    term.expect(f"At which level does {name} work?")
    term.type(f"{level}\r", "Level: ")
    term.expect(f"Function of {name}:")
    term.type(f"{function}\r", f"{name}: How often do you deal with this person")
    frequency, importance, closeness = ratings
    term.type(f"{frequency}\r", "How often: ")
    term.expect(f"{name}: How important are your exchanges")
    term.type(f"{importance}\r", "Importance: ")
    term.expect(f"{name}: How close is your working relationship")
    term.type(f"{closeness}\r", "Closeness: ")
    term.expect("as its key contact for this alliance?")
    term.type(f"{key}\r", f"+ {name} added")
    term.expect("What next?")


def test_audit_interview_roster_saved_and_read_by_amc_network(here):
    term = Terminal(here, "--firm", "Alpha", "--out", "r.yaml", *ARGS, timeout=15)
    term.expect("3 short questions, then the list of the people you deal with")
    term.expect("Respondent's full name, as colleagues write it:")
    for keys, then in [
        ("Pat Jones\r", "Role or job title"),
        ("Lead\r", "Level in the organization"),
        ("2\r", "Works for"),
        ("1\r", "Function, e.g. business development, R&D, legal:"),
        ("\r", "Please type your function"),  # required for this instrument
        ("Marketing\r", "after every question"),
    ]:
        term.type(keys, then)
    term.expect("Your part in the alliance · 1/3 · overall 1/4")
    term.type("18\r", "→ 18 months")
    term.expect("Your part in the alliance · 2/3")
    term.type("40\r", "→ 40%")
    term.expect("Your part in the alliance · 3/3")
    term.type("2\r", "→ No")
    term.expect(ROSTER)
    term.expect("Nobody on your list yet.")
    term.expect("What next?")
    term.type("f\r", "✗ Add at least one person you deal with on the alliance")
    term.expect("What next?")

    add(term, "Ana Ortiz", "2", "1", "Marketing", (3, 5, 4), "1")
    assert "Firm: The partner firm" in term.seen and "Level: Senior management" in term.seen
    assert "How often: About once a week" in term.seen and "Importance: Critical" in term.seen
    # a duplicate (whatever the case and spacing) and the respondent's own name are refused
    term.type("a\r", "Full name:")
    term.type("ana  ORTIZ\r", "✗ Ana Ortiz is already on your list (a duplicate tie)")
    term.type("Pat Jones\r", "✗ Pat Jones is your own name")
    term.type("<\r", "← back to the list")
    # neither refused name nor its reason stays on the screen (they piled up, one prompt and
    # one reason each; a reason of two lines lost only its last when the screen scrolled)
    screen = "\n".join(term.screen())
    assert "? Full name:\n" not in screen + "\n" and "Pat Jones is your" not in screen, screen
    assert "already on your list" not in screen and "two people apart" not in screen, screen
    term.expect("What next?")
    add(term, "Bo Li", "1", "3", "Customer service", (5, 4, 5), "2")
    add(term, "Cy Park", "2", "2", "", (2, 2, 2), "3")
    add(term, "Dee Wu", "1", "1", "Strategy", (1, 1, 1), "2")
    assert load_response(here / "r.yaml").unfinished == ["contacts"]  # saved at once

    term.type("e\r", "Which contact do you want to change?")
    term.type("3\r", "What do you want to change for Cy Park?")
    term.type("7\r", "Cy Park: How close is your working relationship")
    term.type("4\r", "✎ Cy Park: closeness changed; saved.")
    term.type("\r", "What next?")  # the cursor waits on Done
    term.type("r\r", "Which contact do you want to remove?")
    term.type("4\r", "Remove Dee Wu from your list?")
    term.type("y", "− Dee Wu removed (3 on the list); saved.")
    term.type("l\r", "Your contacts so far (3):")
    term.expect("Cy Park — the partner firm, middle level, function not given")
    term.type("f\r", "→ list finished: 3 contacts")
    term.expect("Review your answers")
    term.expect("3 contacts")
    term.expect("Ana Ortiz, Bo Li, Cy Park")
    term.type("f\r", "Saved the finished interview in r.yaml.")
    term.expect("amc network r.yaml OTHER-FILES...")
    assert term.finish() == 0
    assert "Scores" not in term.seen

    saved = load_response(here / "r.yaml")
    assert saved.completed is True and saved.unfinished == []
    assert saved.respondent == PAT
    assert saved.answers["key_contact"] == Answer(value="no")
    assert saved.answers["contacts"].contacts() == [
        Contact(name="Ana Ortiz", side="partner", level="senior", function="Marketing",
                frequency=3, importance=5, closeness=4, key_contact=True),
        Contact(name="Bo Li", side="own", level="operational", function="Customer service",
                frequency=5, importance=4, closeness=5, key_contact=False),
        Contact(name="Cy Park", side="partner", level="middle", function=None,
                frequency=2, importance=2, closeness=4, key_contact=None),
    ]  # fmt: skip
    result = CliRunner().invoke(cli, ["network", "r.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["people"] == 4 and data["respondents"] == 1 and data["ties"] == 3
    assert {p["name"] for p in data["persons"]} == {"Pat Jones", "Ana Ortiz", "Bo Li", "Cy Park"}
    assert [k["name"] for k in data["key_contacts"]] == ["Ana Ortiz"]


def prepared(here: Path) -> Path:
    """An audit started earlier: the three questions answered, the list not begun."""
    q = load_questionnaire_alone(here / "audit.yaml")
    response = new_response(q, "Alpha", PAT)
    response.answers = {
        "aud_tenure_months": Answer(value=18),
        "aud_time_share": Answer(value=40),
        "key_contact": Answer(value="yes"),
    }
    save(here / "r.yaml", response, q)
    return here / "r.yaml"


def test_ctrl_c_inside_the_roster_keeps_the_list_and_resume_continues_it(here):
    prepared(here)
    term = Terminal(here, "--resume", "r.yaml", *ARGS, timeout=15)
    term.expect("Resuming r.yaml (Alpha · Pat Jones): 3 of 4 questions answered.")
    term.expect(ROSTER)
    term.expect("What next?")
    add(term, "Ana Ortiz", "2", "1", "Marketing", (4, 4, 4), "3")
    term.type("a\r", "Full name:")
    term.type("Bo Li\r", "Which firm does Bo Li work for?")
    term.child.send(CTRL_C)
    term.expect("(Bo Li was not complete and is not saved.)")
    term.expect("Stopped. Saved 3 of 4 answers and the 1 contact listed so far in r.yaml.")
    term.expect(
        f"amc assess --resume {(here / 'r.yaml').resolve()} --questionnaire {(here / 'audit.yaml').resolve()}"
    )
    assert term.finish() == 130
    partial = load_response(here / "r.yaml")
    assert [c.name for c in partial.answers["contacts"].contacts()] == ["Ana Ortiz"]
    assert partial.unfinished == ["contacts"] and partial.completed is False
    # amc network refuses the half-given list
    result = CliRunner().invoke(cli, ["network", "r.yaml"])
    assert result.exit_code == 1
    assert "answers.contacts: the list of contacts was not finished" in result.stderr

    term = Terminal(here, "--resume", "r.yaml", *ARGS, timeout=15)
    term.expect("Resuming r.yaml (Alpha · Pat Jones): 3 of 4 questions answered.")
    term.expect("The list of contacts was left unfinished (1 contact so far)")
    term.expect(ROSTER)  # straight back into the list, with the contacts so far
    term.expect("Ana Ortiz — the partner firm, senior level, Marketing")
    term.expect("1 on your list. What next?")
    add(term, "Bo Li", "1", "3", "marketing", (5, 5, 5), "2")  # the known spelling is kept
    term.type("f\r", "→ list finished: 2 contacts")
    term.expect("Ana Ortiz, Bo Li")
    term.type("f\r", "Saved the finished interview in r.yaml.")
    assert term.finish() == 0
    saved = load_response(here / "r.yaml")
    assert saved.completed is True and saved.unfinished == []
    assert [(c.name, c.function) for c in saved.answers["contacts"].contacts()] == [
        ("Ana Ortiz", "Marketing"), ("Bo Li", "Marketing"),
    ]  # fmt: skip
    result = CliRunner().invoke(cli, ["network", "r.yaml"])
    assert result.exit_code == 0, result.output
    assert "key contact Pat Jones" in result.output


def test_back_from_the_roster_and_into_it_again(here):
    prepared(here)
    term = Terminal(here, "--resume", "r.yaml", *ARGS, timeout=15)
    term.expect(ROSTER)
    term.expect("What next?")
    add(term, "Ana Ortiz", "2", "2", "Sales", (3, 3, 3), "2")
    term.type("b\r", "← back to the previous question")
    term.expect("Your part in the alliance · 3/3")
    term.type("\r", "→ Yes")  # the current answer is the default
    term.expect(ROSTER)
    term.expect("Ana Ortiz — the partner firm, middle level, Sales")
    term.type("h\r", "Help: Name every person you deal with")
    term.child.send(CTRL_C)
    assert term.finish() == 130
    assert load_response(here / "r.yaml").unfinished == ["contacts"]


def test_resume_alone_uses_the_bundled_audit_and_tab_completes_at_once(here):
    """``--resume FILE`` with no --questionnaire takes the bundled questionnaire the file names;
    Tab sent in the same write as the prefix (no time for the menu to load) still completes."""
    prepared(here)
    term = Terminal(here, "--resume", "r.yaml", timeout=15)
    term.expect("Resuming r.yaml (Alpha · Pat Jones): 3 of 4 questions answered.")
    term.expect(ROSTER)
    term.expect("What next?")
    add(term, "Ana Ortiz", "2", "1", "mark\t", (4, 4, 4), "3")  # Tab: the one match
    add(term, "Bo Li", "1", "3", "Legal", (5, 5, 5), "2")
    add(term, "Cy Park", "2", "2", "E\t\t", (3, 3, 3), "2")  # Marketing, then Legal
    term.child.send(CTRL_C)
    term.expect("Stopped. Saved 3 of 4 answers and the 3 contacts listed so far in r.yaml.")
    term.expect("amc assess --resume r.yaml -q relationship_audit")
    assert term.finish() == 130
    saved = load_response(here / "r.yaml").answers["contacts"].contacts()
    assert [(c.name, c.function) for c in saved] == [
        ("Ana Ortiz", "Marketing"), ("Bo Li", "Legal"), ("Cy Park", "Legal"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("keys", "typed"),
    [
        ("mar\t\r", "Marketing"),  # one match: Tab takes it, whatever the case typed
        ("LE\t\r", "Legal"),
        ("e\t\r", "Marketing"),  # several: the first, and Tab again steps to the next
        ("e\t\t\r", "Legal"),
        ("e\t\t\t\r", "e"),  # past the last: back to what was typed
        ("xyz\t\r", "xyz"),  # none: the text stays
        ("mark\r", "mark"),  # no Tab: what was typed (a new function may be a prefix)
        ("\t\r", "Marketing"),
    ],
)
def test_tab_completes_synchronously(keys, typed, monkeypatch):
    """All keys arrive in one read, before the completion menu that typing starts has loaded:
    questionary's own Tab did nothing there and Enter kept the prefix. (Keys are sent before
    the prompt opens: its settling time is off.)"""
    monkeypatch.setenv("AMC_ASSESS_SETTLE_MS", "0")
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from amc_assess.interview.completion import ask_completed

    with create_pipe_input() as keyboard, create_app_session(keyboard, DummyOutput()):
        keyboard.send_text(keys)
        assert ask_completed("Function:", ["Marketing", "Legal"]) == typed
        keyboard.send_text("Sales\r")  # nothing typed before: a plain text prompt
        assert ask_completed("Function:", []) == "Sales"
