"""The relationship-audit instrument (issue 7): the contacts item, its checks, its answers.

A ``contacts`` item is a roster: named colleagues, each with side, level, function and three
ratings of the tie on labeled scales. It is declared and checked at load time, never scored,
and a questionnaire made of such items needs no rubric.
"""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner

from amc_assess import api
from amc_assess.cli import cli
from amc_assess.interview.session import new_response, response_data
from amc_assess.loading import InvalidInput, load_questionnaire, load_response, parse
from amc_assess.models import Answer, Contact, Questionnaire, Respondent, Response
from amc_assess.validation import load_pair, unscored_questionnaire
from conftest import MINI, REPO

AUDIT = REPO / "questionnaires" / "relationship_audit.yaml"
SCALES = {
    "often": ["Rarely", "Monthly", "Weekly", "Often", "Daily"],
    "weight": ["Marginal", "Minor", "Moderate", "Important", "Critical"],
    "close": ["Distant", "Formal", "Cordial", "Close", "Very close"],
}
ROSTER = {
    "id": "contacts",
    "type": "contacts",
    "text": "Who do you deal with?",
    "help": "h",
    "source": "test",
    "key_contact": True,
    "ratings": {
        "frequency": {"text": "How often?", "scale": "often"},
        "importance": {"text": "How important?", "scale": "weight"},
        "closeness": {"text": "How close?", "scale": "close"},
    },
}


def audit_q(**changes: object) -> dict:
    """A small audit questionnaire: a yes/no item, then the roster (changed by ``changes``)."""
    roster = copy.deepcopy(ROSTER) | changes
    return {
        "id": "audit",
        "version": "1",
        "title": "Audit",
        "scales": copy.deepcopy(SCALES),
        "sections": [
            {
                "id": "me",
                "title": "Me",
                "items": [
                    {
                        "id": "key_contact",
                        "type": "yesno",
                        "text": "Key?",
                        "help": "h",
                        "source": "test",
                    },
                ],
            },  # fmt: skip
            {"id": "ties", "title": "Ties", "items": [roster]},
        ],
    }


def problems(write, q: dict) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        unscored_questionnaire(write("q.yaml", q))
    return caught.value.errors


# ---------------------------------------------------------------------- the bundled instrument
def test_bundled_audit_validates_without_a_rubric():
    result = CliRunner().invoke(cli, ["validate", "--questionnaire", str(AUDIT)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"OK: {api.shown(AUDIT)} (relationship_audit 1.0.0, 4 items in 2 sections; "
        "not scored, so no rubric applies)\n"
    )


def test_bundled_audit_declares_the_roster():
    q = load_questionnaire(AUDIT)
    assert (q.id, q.version) == ("relationship_audit", "1.0.0")
    roster = q.contacts_item()
    assert roster is not None and roster.key_contact
    assert roster.ratings is not None and list(roster.ratings) == [
        "frequency", "importance", "closeness",
    ]  # fmt: skip
    for rating in roster.ratings.values():
        assert len(q.scales[rating.scale]) == 5
        assert rating.text.endswith("?") and rating.help
    assert q.item_map()["key_contact"].type == "yesno"
    for item in q.items():  # every item documented as in the AMC instrument
        assert item.text and item.help and item.source


def test_scored_instruments_still_need_their_rubric(mini_q, write):
    assert unscored_questionnaire(write("q.yaml", mini_q)) is None
    result = CliRunner().invoke(cli, ["validate", "-q", str(MINI / "questionnaire.yaml")])
    assert result.exit_code == 1  # checked against the bundled rubric, as before
    assert "does not match" in result.output or "is not an item" in result.output


# ---------------------------------------------------------------------- declaration checks
def test_small_audit_is_valid(write):
    q = unscored_questionnaire(write("q.yaml", audit_q()))
    assert q is not None and q.contacts_item() is not None


def test_unknown_rating_scale_names_the_field_and_the_known_scales(write):
    q = audit_q()
    q["sections"][1]["items"][0]["ratings"]["frequency"]["scale"] = "x"
    q["sections"][1]["items"][0]["ratings"]["closeness"]["scale"] = "agree5"
    assert problems(write, q) == [
        "q.yaml: sections[1].items[0].ratings.frequency.scale: unknown scale 'x' "
        "(known: often, weight, close)",
        "q.yaml: sections[1].items[0].ratings.closeness.scale: unknown scale 'agree5' "
        "(known: often, weight, close)",
    ]


def test_exactly_the_three_ratings(write):
    ratings = copy.deepcopy(ROSTER["ratings"])
    del ratings["closeness"]
    assert problems(write, audit_q(ratings=ratings)) == [
        "q.yaml: sections[1].items[0].ratings: no closeness rating "
        "(a tie is rated on exactly: frequency, importance, closeness)"
    ]
    ratings = copy.deepcopy(ROSTER["ratings"]) | {"trust": {"text": "T?", "scale": "close"}}
    assert problems(write, audit_q(ratings=ratings)) == [
        "q.yaml: sections[1].items[0].ratings: unknown rating 'trust' "
        "(a tie is rated on exactly: frequency, importance, closeness)"
    ]


def test_bad_rating_declarations(write):
    ratings = copy.deepcopy(ROSTER["ratings"])
    ratings["frequency"] = {"text": "How often?"}
    ratings["importance"]["scale"] = ""
    ratings["closeness"]["color"] = "red"
    assert problems(write, audit_q(ratings=ratings)) == [
        "q.yaml: sections[1].items[0].ratings.frequency.scale: required field is missing",
        "q.yaml: sections[1].items[0].ratings.importance.scale: "
        "String should have at least 1 character",
        "q.yaml: sections[1].items[0].ratings.closeness.color: unknown field",
    ]


def test_a_roster_needs_its_ratings_and_only_a_roster_has_them(write):
    q = audit_q()
    del q["sections"][1]["items"][0]["ratings"]
    q["sections"][0]["items"][0]["key_contact"] = True
    assert problems(write, q) == [
        "q.yaml: sections[0].items[0]: 'ratings' and 'key_contact' apply to contacts items, "
        "not yesno",
        "q.yaml: sections[1].items[0]: a contacts item needs 'ratings' for frequency, "
        "importance, closeness (each with text and scale)",
    ]


def test_one_roster_per_questionnaire(write):
    q = audit_q()
    q["sections"][0]["items"].append(copy.deepcopy(ROSTER) | {"id": "more"})
    assert problems(write, q) == [
        "q.yaml: sections[1].items[0].type: only one contacts item per questionnaire "
        "(the first is sections[0].items[1])"
    ]


def test_skip_logic_cannot_test_a_roster(write):
    q = audit_q()
    q["sections"].append(
        {"id": "after", "title": "After", "items": [
            {"id": "why", "type": "text", "text": "Why?", "help": "h", "source": "test",
             "when": {"item": "contacts", "eq": 3}},
        ]}
    )  # fmt: skip
    assert problems(write, q) == [
        "q.yaml: sections[2].items[0].when.item: 'contacts' is a contacts item: it cannot be tested"
    ]


def mini_with_roster(mini_q: dict) -> dict:
    """The mini instrument with a roster in its unscored context section."""
    mini_q["scales"] = {"agree5": ["1", "2", "3", "4", "5"], **copy.deepcopy(SCALES)}
    mini_q["sections"][0]["items"].append(copy.deepcopy(ROSTER))
    return mini_q


def test_a_rubric_cannot_score_a_roster(mini_q, mini_r, write):
    mini_r["dimensions"]["alpha"]["items"][0]["item"] = "contacts"
    with pytest.raises(InvalidInput) as caught:
        load_pair(write("q.yaml", mini_with_roster(mini_q)), write("r.yaml", mini_r))
    assert caught.value.errors == [
        "r.yaml: dimensions.alpha.items[0].item: 'contacts' is a contacts item (a list of "
        "named colleagues) and cannot be scored; analyze it with amc network",
        "r.yaml: dimensions.alpha.items: 'a_agree1' (section 'alpha') is not scored: add it to "
        "the dimension's items (- item: a_agree1), or move it to a section no dimension scores",
    ]


def test_a_roster_in_a_scored_section_is_not_required_in_the_rubric(mini_q, mini_r, write):
    mini_q = mini_with_roster(mini_q)
    mini_q["sections"][1]["items"].append(mini_q["sections"][0]["items"].pop())
    q, r = load_pair(write("q.yaml", mini_q), write("r.yaml", mini_r))
    assert q.section_of("contacts").dimension == "alpha"


# ---------------------------------------------------------------------- answers
CONTACTS = [
    {"name": "Ana Ortiz", "side": "partner", "level": "senior", "function": "marketing",
     "frequency": 4, "importance": 5, "closeness": 3, "key_contact": "yes"},
    {"name": "Bo Li", "side": "own", "level": "operational", "frequency": 5, "importance": 4,
     "closeness": 5},
]  # fmt: skip


def audit_response(contacts: object = None, **answers: object) -> dict:
    return {
        "assessment": {"firm": "Alpha", "instrument": "audit", "instrument_version": "1"},
        "respondent": {"name": "Pat", "side": "own", "level": "middle", "function": "marketing"},
        "answers": {"key_contact": "no", "contacts": CONTACTS if contacts is None else contacts,
                    **answers},
        "completed": True,
    }  # fmt: skip


def test_a_roster_answer_loads_as_typed_contacts(write):
    response = load_response(write("resp.yaml", audit_response()))
    ana, bo = response.answers["contacts"].contacts()
    assert ana == Contact(
        name="Ana Ortiz", side="partner", level="senior", function="marketing",
        frequency=4, importance=5, closeness=3, key_contact=True,
    )  # fmt: skip
    assert (bo.function, bo.key_contact) == (None, None)
    assert response.answers["key_contact"] == Answer(value="no")
    assert response.unfinished == []


def test_a_roster_answer_writes_back_to_the_same_data():
    q = Questionnaire.model_validate(audit_q())
    response = parse(Response, audit_response(), "resp.yaml")
    data = response_data(response, q)
    assert data["answers"]["contacts"] == CONTACTS
    assert parse(Response, data, "again.yaml") == response
    with_note = Answer.model_validate({"value": CONTACTS, "note": "from the org chart"})
    assert with_note.to_data() == {"value": CONTACTS, "note": "from the org chart"}


def test_bad_contact_records_in_a_response_file_name_their_field(write):
    bad = [
        {"name": " ", "side": "partner", "level": "boss", "frequency": 6, "importance": "high",
         "closeness": 2.5, "key_contact": "maybe"},
        {"name": "Cy", "side": "theirs", "level": "middle", "frequency": 3, "importance": 3},
        "Dee",
    ]  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        load_response(write("resp.yaml", audit_response(bad)))
    assert caught.value.errors == [
        "resp.yaml: answers.contacts[0].name: missing value",
        "resp.yaml: answers.contacts[0].level: 'boss' is not one of senior, middle, operational",
        "resp.yaml: answers.contacts[0].frequency: 6 is out of range (expected 1..5)",
        "resp.yaml: answers.contacts[0].importance: 'high' is not a number "
        "(expected a whole number 1..5)",
        "resp.yaml: answers.contacts[0].closeness: 2.5 is not a whole number (expected 1..5)",
        "resp.yaml: answers.contacts[0].key_contact: 'maybe' is not yes or no",
        "resp.yaml: answers.contacts[1].side: 'theirs' is not one of own, partner",
        "resp.yaml: answers.contacts[1].closeness: required field is missing",
        "resp.yaml: answers.contacts[2]: expected a mapping, found the text 'Dee'",
    ]


def test_scoring_ignores_a_roster(mini_q, mini_r, write):
    """The engine keeps working for a questionnaire with a contacts item."""
    q, r = load_pair(write("q.yaml", mini_with_roster(mini_q)), write("r.yaml", mini_r))
    plain = load_response(MINI / "response.yaml")
    with_roster = plain.model_copy(deep=True)
    with_roster.answers["contacts"] = Answer.model_validate(CONTACTS)
    (a, b) = api.score_responses([plain, with_roster], q, r)
    assert a.dimensions == b.dimensions and a.overall_score == b.overall_score
    assert "contacts" not in b.item_scores


def test_new_response_for_an_audit_has_no_open_roster():
    q = Questionnaire.model_validate(audit_q())
    response = new_response(q, "Alpha", Respondent(name="Pat"))
    assert response.unfinished == [] and "unfinished" not in response_data(response, q)


# ---------------------------------------------------------------- commands printed for later
def bundled_audit() -> str:
    from amc_assess.resources import bundled

    path = bundled("questionnaires", "relationship_audit")
    assert path is not None and path != "relationship_audit"
    return path


def test_printed_commands_name_a_bundled_instrument_by_name(tmp_path, monkeypatch):
    """The trial: -q relationship_audit run inside the checkout printed the repo-relative
    questionnaires/relationship_audit.yaml, which fails anywhere else."""
    from amc_assess.interview.session import resume_command, score_command
    from amc_assess.resources import bundled, bundled_name

    monkeypatch.chdir(REPO)
    elsewhere = tmp_path / "trial" / "ann.yaml"  # outside the checkout, wherever that is
    assert resume_command(str(elsewhere), bundled_audit()) == (
        f"amc assess --resume {elsewhere} -q relationship_audit"
    )
    relative = "questionnaires/relationship_audit.yaml"  # the same file, typed as a path
    assert resume_command("/tmp/ann.yaml", relative) == (
        "amc assess --resume /tmp/ann.yaml -q relationship_audit"
    )
    amc_q, amc_r = bundled("questionnaires", "amc"), bundled("rubrics", "amc")
    assert resume_command("/tmp/r.yaml", amc_q, amc_r) == "amc assess --resume /tmp/r.yaml"
    # files of one's own: by absolute path, so the command works from any folder
    monkeypatch.chdir(tmp_path)
    for name in ("questionnaire.yaml", "rubric.yaml"):
        (tmp_path / name).write_bytes((MINI / name).read_bytes())
    own = tmp_path.resolve()
    # and then the response file too: half a command that works anywhere works nowhere else
    assert resume_command("my r.yaml", "questionnaire.yaml", "rubric.yaml") == (
        f"amc assess --resume '{own / 'my r.yaml'}' --questionnaire {own / 'questionnaire.yaml'} "
        f"--rubric {own / 'rubric.yaml'}"
    )
    assert score_command("r.yaml", "questionnaire.yaml", amc_r) == (
        f"amc score {own / 'r.yaml'} --questionnaire {own / 'questionnaire.yaml'}"
    )
    assert score_command("r.yaml", amc_q, amc_r) == "amc score r.yaml"  # bundled: from here
    assert bundled_name("rubrics", amc_r) == "amc"
    assert bundled_name("questionnaires", amc_r) is None  # a rubric is not a questionnaire
    assert bundled_name("questionnaires", "questionnaire.yaml") is None


def test_resume_without_questionnaire_uses_the_bundled_one_the_file_names(write):
    from amc_assess.interview.session import instrument_for_resume
    from amc_assess.resources import bundled

    audit = audit_response()
    audit["assessment"]["instrument"] = "relationship_audit"
    write("audit.yaml", audit)
    assert instrument_for_resume("audit.yaml", None, None) == (bundled_audit(), None)
    assert instrument_for_resume("audit.yaml", "mine.yaml", None) == ("mine.yaml", None)
    audit["assessment"]["instrument"] = "amc"
    write("amc.yaml", audit)
    amc = (bundled("questionnaires", "amc"), bundled("rubrics", "amc"))
    assert instrument_for_resume("amc.yaml", None, None) == amc
    assert instrument_for_resume("amc.yaml", None, "r.yaml") == (amc[0], "r.yaml")
    for instrument in ("audit", "../questionnaires/amc", None):  # not bundled: as given
        audit["assessment"]["instrument"] = instrument
        write("own.yaml", audit)
        assert instrument_for_resume("own.yaml", None, None) == (None, None)
    assert instrument_for_resume("gone.yaml", None, None) == (None, None)


def test_resume_with_another_questionnaire_names_the_one_to_use(write):
    from amc_assess.interview.session import InterviewError, open_for_resume

    amc, _ = api.instrument()
    audit = audit_response()
    audit["assessment"].update(instrument="relationship_audit", instrument_version="1.0.0")
    write("r.yaml", audit)
    with pytest.raises(InterviewError) as caught:
        open_for_resume("r.yaml", amc)
    assert str(caught.value) == (
        "r.yaml holds answers to questionnaire 'relationship_audit', not 'amc': resume it with "
        "`amc assess --resume r.yaml -q relationship_audit`"
    )
    write("own.yaml", audit_response())
    with pytest.raises(InterviewError) as caught:
        open_for_resume("own.yaml", amc)
    assert str(caught.value) == (
        "own.yaml holds answers to questionnaire 'audit', not 'amc': resume it with "
        "--questionnaire FILE, the questionnaire file with id 'audit' it was started with (and "
        "that file's --rubric, if it is scored)"
    )


NO_TERMINAL = "amc assess is an interactive interview and needs a terminal (stdin is not a TTY)"


def test_no_terminal_points_an_audit_to_the_ties_sheet(write):
    ties = (
        f"{NO_TERMINAL}; without one, collect the relationship audit on the ties sheet: write "
        "it with `amc template -q relationship_audit -o ties.xlsx`, have it filled in (one "
        "named contact per row) and analyze it with `amc network ties.xlsx`\n"
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["assess", "-q", "relationship_audit", "--firm", "Alpha"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", ties)
    audit = audit_response()
    audit["assessment"].update(instrument="relationship_audit", instrument_version="1.0.0")
    write("ann.yaml", audit)
    result = runner.invoke(cli, ["assess", "--resume", "ann.yaml"])  # the file names it
    assert (result.exit_code, result.stderr) == (1, ties)
    scored = f"{NO_TERMINAL}; to score answers already in a file use `amc score FILE`, or "
    result = runner.invoke(cli, ["assess", "--firm", "Alpha"])
    assert result.stderr == scored + "`amc batch` for many files\n"


def test_unfinished_list_message_resumes_with_the_bundled_questionnaire(write):
    from amc_assess.network.ties import read_ties

    audit = audit_response()
    audit.update(completed=False, unfinished=["contacts"])
    write("own.yaml", audit)
    audit["assessment"].update(instrument="relationship_audit", instrument_version="1.0.0")
    write("open.yaml", audit)
    with pytest.raises(InvalidInput) as caught:
        read_ties(["own.yaml", "open.yaml"])
    tail = "or remove 'contacts' from 'unfinished' to use the list as it is"
    assert caught.value.errors == [
        "own.yaml: answers.contacts: the list of contacts was not finished (the interview "
        "stopped inside it): continue it with `amc assess --resume own.yaml` and the "
        f"--questionnaire it was started with, {tail}",
        "open.yaml: answers.contacts: the list of contacts was not finished (the interview "
        "stopped inside it): continue it with `amc assess --resume open.yaml -q "
        f"relationship_audit`, {tail}",
    ]
