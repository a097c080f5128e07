"""Unit tests of the interview's pure parts: navigation, skip logic, numbers, the response file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from amc_assess.interview.flow import Flow, answer_label, parse_number
from amc_assess.interview.session import (
    InterviewError,
    default_path,
    new_response,
    open_for_resume,
    resume_command,
    save,
)
from amc_assess.loading import InvalidInput, load_response
from amc_assess.models import Answer, Respondent
from conftest import MINI

ALL_MINI = [
    "ctx_repeat_share", "ctx_comment", "a_agree1", "a_agree2", "a_yes", "a_choice",
    "b_exists", "b_count", "b_budget", "b_agree",
]  # fmt: skip


@pytest.fixture
def flow(mini_pair) -> Flow:
    q, _ = mini_pair
    response = new_response(q, "Mini Corp", Respondent(name="Pat"), date=dt.date(2026, 1, 15))
    return Flow(q, response)


def answer_all(flow: Flow, b_exists: str = "yes") -> None:
    values = {
        "ctx_repeat_share": 70, "ctx_comment": "fine", "a_agree1": 4, "a_agree2": 2,
        "a_yes": "yes", "a_choice": "some", "b_exists": b_exists, "b_count": 7, "b_agree": 3,
    }  # fmt: skip
    for item_id, value in values.items():
        if item_id in flow.asked_ids():
            flow.answer(item_id, Answer(value=value))
    if "b_budget" in flow.asked_ids():
        flow.answer("b_budget", Answer(state="not_applicable"))


def test_skip_logic_follows_the_gating_answer(flow):
    assert "b_count" not in flow.asked_ids()  # not asked until b_exists says yes
    flow.answer("b_exists", Answer(value="yes"))
    assert flow.asked_ids() == ALL_MINI
    flow.answer("b_exists", Answer(value="no"))
    assert flow.asked_ids() == [i for i in ALL_MINI if i not in ("b_count", "b_budget")]
    flow.answer("b_exists", Answer(state="dont_know"))
    assert "b_count" not in flow.asked_ids()


def test_asked_items_agree_with_the_scorer(flow, mini_pair):
    from amc_assess import api

    q, r = mini_pair
    answer_all(flow, b_exists="no")
    result = api.score_responses([flow.response], q, r)[0]
    beta = next(d for d in result.dimensions if d.dimension == "beta")
    assert beta.applicable == 2  # b_exists and b_agree: the skipped items are left out
    assert result.item_scores["b_count"] is None


def test_progress_counts_items_that_may_still_be_asked(flow):
    assert str(flow.progress("ctx_repeat_share")) == "Context · 1/2 · overall 1/10"
    assert str(flow.progress("b_agree")) == "Beta · 4/4 · overall 10/10"
    flow.answer("b_exists", Answer(value="no"))
    assert str(flow.progress("b_agree")) == "Beta · 2/2 · overall 8/8"
    flow.answer("b_exists", Answer(value="yes"))
    assert str(flow.progress("b_budget")) == "Beta · 3/4 · overall 9/10"


def test_navigation_next_previous_and_resume_position(flow):
    assert flow.next_item(None) == "ctx_repeat_share"
    assert flow.previous_item("ctx_repeat_share") is None
    assert flow.first_unanswered() == "ctx_repeat_share"
    flow.answer("ctx_repeat_share", Answer(value=10))
    flow.answer("ctx_comment", Answer(state="dont_know"))
    assert flow.first_unanswered() == "a_agree1"
    flow.answer("b_exists", Answer(value="no"))
    assert flow.next_item("b_exists") == "b_agree"
    assert flow.previous_item("b_agree") == "b_exists"  # back skips what was not asked
    answer_all(flow)
    assert flow.first_unanswered() is None
    assert flow.answered_count() == (10, 10)


def test_changing_the_gate_keeps_follow_up_answers_unasked_and_reopens(flow):
    answer_all(flow)
    kept = dict(flow.response.answers)
    flow.response.completed = True
    no_longer = flow.answer("b_exists", Answer(value="no"))
    assert no_longer == (["b_count", "b_budget"], [])
    assert flow.response.answers["b_count"] == kept["b_count"]  # nothing typed is lost
    assert "b_count" not in flow.asked_ids()
    assert flow.response.completed is False
    assert flow.answer("b_exists", Answer(value="yes")) == ([], ["b_count", "b_budget"])
    assert "b_count" in flow.asked_ids() and flow.first_unanswered() is None


def test_same_answer_again_keeps_completed(flow):
    answer_all(flow)
    flow.response.completed = True
    flow.answer("a_agree1", Answer(value=4))
    assert flow.response.completed is True


@pytest.mark.parametrize(
    ("item_id", "text", "reason"),
    [
        # a whole number (b_count): no example with decimals, which it refuses
        ("b_count", "abc", "'abc' is not a number: type digits, e.g. 12"),
        ("b_count", "", "Type a whole number from 0 to 100 (FTE), or d if you don't know"),
        ("b_count", "2.5", "2.5 has decimals: type a whole number from 0 to 100 (FTE)"),
        ("b_count", "101", "101 is out of range: type a whole number from 0 to 100 (FTE)"),
        ("b_count", "-1", "-1 is out of range: type a whole number from 0 to 100 (FTE)"),
        ("b_count", "nan", "'nan' is not a number: type digits, e.g. 12"),
        ("b_count", "1,000", "1,000 is out of range: type a whole number from 0 to 100 (FTE)"),
        ("b_count", "1,2,3", "'1,2,3' is not a number: type digits, e.g. 12"),
        # decimals allowed (b_budget)
        ("b_budget", "twenty", "'twenty' is not a number: type digits, e.g. 12 or 3.5"),
        ("b_budget", "", "Type a number from 0 to 10 (%), or d if you don't know"),
        ("b_budget", "11", "11 is out of range: type a number from 0 to 10 (%)"),
    ],
)
def test_parse_number_says_why(mini_pair, item_id, text, reason):
    item = mini_pair[0].item_map()[item_id]
    with pytest.raises(ValueError) as err:
        parse_number(text, item)
    assert str(err.value) == reason


def test_parse_number_accepts_units_and_decimals(mini_pair):
    items = mini_pair[0].item_map()
    assert parse_number(" 7 FTE", items["b_count"]) == 7
    assert parse_number("2.5%", items["b_budget"]) == 2.5
    assert parse_number("10", items["b_budget"]) == 10
    assert isinstance(parse_number("10.0", items["b_budget"]), int)
    # the unit's first words: "10 hours" of hours per quarter was refused as no number, while
    # "10 hours per quarter" was read (a trial); a word the unit does not start with is not
    sponsor = items["b_count"].model_copy(update={"unit": "hours per quarter"})
    assert parse_number("10 hours", sponsor) == parse_number("10 hours per quarter", sponsor)
    assert parse_number("10 hours", sponsor) == 10
    with pytest.raises(ValueError, match="is not a number"):
        parse_number("10 days", sponsor)


def test_a_fraction_typed_for_a_percentage_is_asked_again(mini_pair):
    """0.65 typed for a share out of 100% was kept as 0.65% (the echo showed it, easily
    missed): it is refused with how to type either reading; 0.65% typed with its unit is
    kept, and so is a fraction where the item's range is small (a budget share of 0-10%)."""
    items = mini_pair[0].item_map()
    share = items["ctx_repeat_share"]  # 0 to 100 %
    with pytest.raises(ValueError) as err:
        parse_number("0.65", share)
    assert str(err.value) == "0.65 would be 0.65%: for 65% type 65; to keep 0.65%, type 0.65%"
    assert parse_number("0.65%", share) == 0.65
    assert parse_number("65", share) == 65
    assert parse_number("0", share) == 0 and parse_number("1", share) == 1
    assert parse_number("0.5", items["b_budget"]) == 0.5  # 0 to 10 %: a fraction is plausible


def test_parse_number_reads_commas_as_a_file_s_cell_is_read(mini_pair):
    """Thousands grouped by a comma, or a decimal comma where it groups none, as amc batch
    reads the same text from a comma-separated file."""
    from amc_assess.ingest.values import coder, decode

    q = mini_pair[0]
    item = q.item_map()["ctx_repeat_share"]
    texts = ["1,5", "2,75", "0,5%", "99.5"]
    typed = [parse_number(t, item) for t in texts]
    assert typed == [1.5, 2.75, 0.5, 99.5]
    read = decode(pd.Series([t.rstrip("%") for t in texts], dtype=object), coder(item, q))
    assert list(read.values) == typed
    with pytest.raises(ValueError, match="1,200 is out of range"):
        parse_number("1,200", item)


def test_answer_labels(mini_pair):
    q, _ = mini_pair
    items = q.item_map()
    assert answer_label(items["a_agree1"], Answer(value=4), q.scales) == "4 Agree"
    assert answer_label(items["a_choice"], Answer(value="some"), q.scales) == "Some"
    assert answer_label(items["a_yes"], Answer(value="no"), q.scales) == "No"
    assert answer_label(items["b_count"], Answer(value=7), q.scales) == "7 FTE"
    assert answer_label(items["b_budget"], Answer(value=2.5), q.scales) == "2.5%"
    assert answer_label(items["b_agree"], Answer(state="dont_know"), q.scales) == "Don't know"
    assert answer_label(items["b_budget"], None, q.scales) == "(not answered)"


def test_saved_file_reads_back_and_matches_the_format(flow, mini_pair, tmp_path):
    q, _ = mini_pair
    answer_all(flow)
    flow.answer("a_agree2", Answer(value=2, note="seen the playbook", evidence="DOC-12"))
    path = tmp_path / "r.yaml"
    save(path, flow.response, q)
    text = path.read_text()
    assert "a_yes: 'yes'\n" in text
    assert "  b_budget: not_applicable\n" in text
    assert "  a_agree2:\n    value: 2\n    note: seen the playbook\n    evidence: DOC-12\n" in text
    assert text.endswith("completed: false\n")
    again = load_response(path)
    assert again == flow.response
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]  # no temp file left behind


def test_resume_rejects_another_version_in_one_line(flow, mini_pair, tmp_path, monkeypatch):
    q, _ = mini_pair
    monkeypatch.chdir(tmp_path)
    flow.response.assessment.instrument_version = "0.0"
    save("old.yaml", flow.response, q)
    with pytest.raises(InterviewError) as err:
        open_for_resume("old.yaml", q)
    assert str(err.value) == (
        "old.yaml was answered with mini version 0.0, but this questionnaire is version 0.1; "
        "questions may have changed, so it cannot be resumed with it: use the questionnaire "
        "file of version 0.0 (--questionnaire) and its rubric (--rubric), or start a new "
        "interview"
    )
    flow.response.assessment.instrument = "amc"
    save("other.yaml", flow.response, q)
    with pytest.raises(InterviewError, match="holds answers to questionnaire 'amc', not 'mini'"):
        open_for_resume("other.yaml", q)
    with pytest.raises(InterviewError, match="^gone.yaml: file not found"):
        open_for_resume("gone.yaml", q)
    Path("bad.yaml").write_text("assessment: {firm: X}\n")
    with pytest.raises(InvalidInput):
        open_for_resume("bad.yaml", q)


def test_default_path_and_resume_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    day = dt.date(2026, 3, 14)
    first = default_path("Northwind Pharma", "Ana Ortiz", day, tmp_path)
    assert first.name == "northwind-pharma-ana-ortiz-2026-03-14.yaml"
    first.write_text("x")
    assert default_path("Northwind Pharma", "Ana Ortiz", day, tmp_path).name.endswith("-2.yaml")
    assert resume_command(first) == "amc assess --resume northwind-pharma-ana-ortiz-2026-03-14.yaml"
    assert resume_command("my file.yaml", "q.yaml", None) == (
        f"amc assess --resume '{tmp_path.resolve() / 'my file.yaml'}' "
        f"--questionnaire {tmp_path.resolve() / 'q.yaml'}"
    )


def test_mini_fixture_answers_parse_as_resume(mini_pair):
    q, _ = mini_pair
    response = open_for_resume(MINI / "response.yaml", q)
    flow = Flow(q, response)
    assert flow.first_unanswered() == "ctx_comment"


def test_an_item_without_help_offers_none(mini_pair, capsys):
    """A questionnaire may leave help out: no 'h help' is offered then, and an h typed anyway
    says there is none, never 'Help: None'."""
    from amc_assess.interview.widgets import show_help, typed_hint

    item = mini_pair[0].item_map()["b_count"]
    assert "h help" in typed_hint(item, True)
    bare = item.model_copy(update={"help": None})
    hint = typed_hint(bare, True)
    assert "h help" not in hint and hint.endswith("or type d don't know · a note · b back")
    show_help(bare)
    shown = capsys.readouterr().out
    assert "None" not in shown and "This question has no help text." in shown


def test_the_typed_hint_never_parts_a_key_from_its_word(mini_pair, monkeypatch):
    """Wrapped at any width, each key stays with its word: never "b" at a line's end and
    "back" on the next (seen at some terminal widths)."""
    from amc_assess.interview import widgets

    item = mini_pair[0].item_map()["b_count"].model_copy(update={"not_applicable": True})
    keys = ["h help", "d don't know", "n not applicable", "a note", "b back"]
    for columns in range(60, 121):
        monkeypatch.setenv("COLUMNS", str(columns))
        with widgets.console.capture() as captured:
            widgets.say_hint(item, True)
        lines = [line.rstrip() for line in captured.get().splitlines()]
        assert all(len(line) <= columns for line in lines), columns
        flat = " ".join(line.strip() for line in lines)
        assert flat == widgets.typed_hint(item, True)  # nothing lost or doubled
        for line in lines:
            for key in keys:
                letter, word = key.split(" ", 1)
                assert not line.endswith(f" {letter}") and not line.lstrip().startswith(word), (
                    columns, line,
                )  # fmt: skip
