"""Issue 15: every interview screen wraps instead of cutting, and only deliberate keys answer.

Through a real pseudo-terminal (pexpect) at 60, 80 and 120 columns, with an instrument whose
question, options and dimension title are long: every option's whole text is on screen, no
line is wider than the terminal or ends in a cut word, the review shows whole questions and
the score table never ends a title in "…". Then the keys: a double Enter records nothing, "y"
answers a yes/no question, a key that is not offered prints a hint.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from amc_assess.loading import load_response
from conftest import MINI
from test_interview import EXPECTED, MINI_ARGS, Terminal, prepared

pytestmark = pytest.mark.slow

QUESTION = (
    "How often does the firm survey the health of its key alliances, asking both partners "
    "(including who communicates with whom), and discuss the results with the partner?"
)
OPTIONS = [
    "Never, or only when an alliance is already in visible trouble and someone asks",
    "Occasionally for single alliances, when an alliance manager decides it is worthwhile",
    "At least yearly for key alliances, surveying both partners (including who communicates "
    "with whom) and discussing the results jointly with the partner's executives",
]
TITLE = "Inter-organizational coordination and learning"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")


def flat(raw: str) -> str:
    """Output as one line of words: cursor moves right count as spaces, other escapes go."""
    raw = re.sub(r"\x1b\[(\d*)C", lambda m: " " * int(m.group(1) or 1), raw)
    return " ".join(ANSI.sub("", raw).split())


def wait_for(term: Terminal, text: str, timeout: float = 15) -> None:
    """Read output until ``text`` is on screen, however the renderer moved the cursor."""
    got, term.child.buffer = term.child.buffer, ""
    end = time.monotonic() + timeout
    while flat(text) not in flat(got):
        assert time.monotonic() < end, f"{text!r} not in {flat(got)[-400:]!r}"
        try:
            got += term.child.read_nonblocking(4096, timeout=0.2)
        except pexpect.TIMEOUT:
            pass
    term.seen += got


def screen_lines(raw: str) -> list[str]:
    """The lines the terminal shows, from pexpect's output (escape sequences stripped)."""
    return [line.rstrip() for line in ANSI.sub("", raw).replace("\r", "").split("\n")]


def words(*texts: str) -> set[str]:
    return {w for text in texts for w in text.split()}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini instrument with a long question, long options and a long dimension title."""
    q = yaml.safe_load((MINI / "questionnaire.yaml").read_text(encoding="utf-8"))
    for section in q["sections"]:
        for item in section["items"]:
            if item["id"] == "a_choice":
                item["text"] = QUESTION
                for option, label in zip(item["options"], OPTIONS, strict=True):
                    option["label"] = label
    (tmp_path / "questionnaire.yaml").write_text(yaml.safe_dump(q, allow_unicode=True))
    r = yaml.safe_load((MINI / "rubric.yaml").read_text(encoding="utf-8"))
    r["dimensions"]["alpha"]["title"] = TITLE
    (tmp_path / "rubric.yaml").write_text(yaml.safe_dump(r, allow_unicode=True))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_options_review_and_scores_wrap_never_cut(here, columns):
    prepared(here, {k: v for k, v in EXPECTED.items() if k != "a_choice"})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS, columns=columns, timeout=30)
    term.expect("b) Back to the previous question")
    shown = screen_lines(term.seen)
    start = max(k for k, line in enumerate(shown) if "How often does the firm" in line)
    block = shown[start:]
    assert all(len(line) <= columns for line in block), block
    flat = " ".join(" ".join(block).split())
    assert " ".join(QUESTION.split()) in flat
    for k, label in enumerate(OPTIONS, start=1):
        assert f"{k}) {label}" in flat  # whole, after its key
    known = words(QUESTION, *OPTIONS, "(↑↓ or a key, then Enter) » ──") | {"1)", "2)", "3)"}
    known |= words("d) Don't know h) Show help a) Add a note or evidence")
    known |= words("b) Back to the previous question")
    cut = [line for line in block if line.split() and line.split()[-1] not in known]
    assert not cut, cut  # every line ends in a whole word
    option_lines = [line for line in block if line.strip()[:2] in ("1)", "2)", "3)")]
    for line in option_lines:  # continuation lines hang under the text, after the key
        follow = block[block.index(line) + 1]
        if follow.strip() and follow.strip()[:2] not in ("2)", "3)", "──"):
            assert follow.startswith(" " * 6), follow

    term.type("3\r", "→ At least yearly")
    for k in range(1, 5):  # the answers given before are offered: Enter keeps them
        term.expect(f"Beta · {k}/4")
        term.type("\r", "→ ")
    term.expect("Review your answers")
    term.expect("What next?")
    review = " ".join(" ".join(screen_lines(term.seen)[-80:]).split())
    assert " ".join(QUESTION.split()) in review  # the whole question, not cut
    assert "…" not in review
    term.type("f\r", "Before the scores: agree with the firm")
    for _ in range(2):  # the long title wraps in the prompt: Enter keeps the offered level
        term.expect("Target level for")
        term.type("\r", ": level")
    term.expect("Targets agreed by")
    term.type("\r", "→ agreed by")
    term.expect("Overall index")
    assert term.finish() == 0
    seen = term.seen[term.seen.index("→ agreed by") :]
    table = screen_lines(seen[: seen.index("Progress to target")])  # the scores, to "Targets:"
    assert "…" not in "\n".join(table)
    assert [line for line in table if len(line) > columns] == []
    tokens = set(" ".join(table).split())
    assert words(TITLE) <= tokens  # whole words, in a cell that wraps or in the stacked list
    assert load_response(here / "r.yaml").answers["a_choice"].value == "full"


def test_double_enter_records_nothing(here):
    """With the prompts' real settling time: the second Enter of "70 Enter Enter" reaches the
    next (text) question within milliseconds and answers nothing; "4 Enter 4 Enter" answers
    only the first of two lists."""
    term = Terminal(here, "--firm", "Mini Corp", "--out", "r.yaml", *MINI_ARGS, settle_ms=150,
                    timeout=30)  # fmt: skip
    term.expect("Respondent's name")
    for keys, then in [("Pat\r", "Role or job title"), ("\r", "Level in the organization"),
                       ("1\r", "Works for"), ("1\r", "Function"),
                       ("BD\r", "Context · 1/2")]:  # fmt: skip
        pause(term)
        term.type(keys, then)
    pause(term)
    term.type("70\r\r", "→ 70%")
    term.expect("Context · 2/2")
    assert term.child.expect_exact(["→ No answer", pexpect.TIMEOUT], timeout=1.5) == 1
    assert "ctx_comment" not in load_response(here / "r.yaml").answers
    term.type("kept\r", "→ kept")
    term.expect("Alpha · 1/4")
    pause(term)
    term.type("4\r4\r", "→ 4 Agree")
    term.expect("Alpha · 2/4")
    assert term.child.expect_exact(["→ 4 Agree", pexpect.TIMEOUT], timeout=1.5) == 1
    assert "a_agree2" not in load_response(here / "r.yaml").answers
    term.type("2\r", "→ 2 Disagree")
    term.child.sendcontrol("c")
    assert term.finish() == 130


def pause(term: Terminal) -> None:
    """Let the prompt that is opening settle before typing (as a person would)."""
    try:
        term.child.expect_exact("\x00", timeout=0.4)  # nothing: just wait, reading output
    except pexpect.TIMEOUT:
        pass


def test_y_answers_yes_and_unoffered_keys_get_a_hint(here):
    first = ("ctx_repeat_share", "ctx_comment", "a_agree1", "a_agree2")
    prepared(here, {k: v for k, v in EXPECTED.items() if k in first})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Alpha · 3/4")
    term.expect("y) Yes")
    term.child.send("7")  # (the first hint on a fresh list: written out whole)
    wait_for(term, "'7' is not offered here: keys y, n, d, h, a, b (also 1 for Yes, 2 for No); "
             "↑↓ moves, Enter confirms")  # 1 and 2 work too: named, not hidden  # fmt: skip
    term.type("y\r", "→ Yes")
    term.expect("Alpha · 4/4")
    term.child.send("\r")
    wait_for(term, "Choose an answer first: press its key (1-3, d, h, a, b) or ↑↓")
    term.type("\x1b[B\r", "→ Never")  # ↓ from no option: the first one
    term.expect("Beta · 1/4")
    term.child.sendcontrol("c")
    assert term.finish() == 130
    answers = load_response(here / "r.yaml").answers
    assert answers["a_yes"].value == "yes" and answers["a_choice"].value == "none"


def test_text_questions_take_b_and_h(here):
    prepared(here, {k: v for k, v in EXPECTED.items() if k == "ctx_repeat_share"})
    term = Terminal(here, "--resume", "r.yaml", *MINI_ARGS)
    term.expect("Context · 2/2")
    term.type("h\r", "Help:")
    term.type("b\r", "← back to the previous question")
    term.expect("Context · 1/2")
    term.child.sendcontrol("c")
    assert term.finish() == 130


def test_no_help_tells_the_respondent_how_an_answer_is_scored():
    """The help of the four reverse-worded statements began "Reverse-worded: agreeing signals
    low capability", which a self-assessing respondent reads before answering: the point of
    the reverse wording is lost. The help gives the evidence to look for, not the direction."""
    from amc_assess.api import instrument

    q, r = instrument()
    reversed_items = {ri.item for d in r.dimensions.values() for ri in d.items if ri.reverse}
    assert reversed_items, "the bundled rubric has reverse-keyed items"
    for item in q.items():
        words = (item.help or "").lower()
        assert "reverse-worded" not in words and "agreeing signals" not in words, item.id
    assert all(q.item_map()[i].help for i in reversed_items)  # their evidence hint is kept
