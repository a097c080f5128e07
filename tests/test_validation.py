"""Each validation rule, with its exact message."""

from __future__ import annotations

import pytest

from amc_assess.api import validate
from amc_assess.loading import InvalidInput
from amc_assess.validation import load_pair


def problems(write, q: dict, r: dict) -> list[str]:
    qpath, rpath = write("q.yaml", q), write("r.yaml", r)
    with pytest.raises(InvalidInput) as caught:
        validate(qpath, rpath)
    return caught.value.errors


def test_mini_instrument_is_valid(mini_q, mini_r, write):
    for section in mini_q["sections"]:  # its sources say "test": cite a work of the list
        for item in section["items"]:
            item["source"] = "Hutt et al. 2000"
    summary = validate(write("q.yaml", mini_q), write("r.yaml", mini_r))
    assert summary == (
        "OK: q.yaml (mini 0.1, 10 items in 3 sections) and "
        "r.yaml (mini 0.1, 2 dimensions, 8 scored items, 2 rules)"
    )


def test_unknown_rubric_item_names_file_path_and_questionnaire(mini_q, mini_r, write):
    mini_r["dimensions"]["beta"]["items"][3]["item"] = "b_reviews"
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.beta.items[3].item: 'b_reviews' is not an item of q.yaml",
        "r.yaml: dimensions.beta.items: 'b_agree' (section 'beta') is not scored: add it to the "
        "dimension's items (- item: b_agree), or move it to a section no dimension scores",
    ]


def test_every_problem_is_reported_not_just_the_first(mini_q, mini_r, write):
    mini_r["dimensions"]["alpha"]["weight"] = 0
    mini_r["dimensions"]["alpha"]["items"][0]["weight"] = -1
    mini_q["sections"][1]["items"][0]["type"] = "slider"
    assert problems(write, mini_q, mini_r) == [
        "q.yaml: sections[1].items[0].type: Input should be 'agreement', 'yesno', 'choice', "
        "'number', 'text' or 'contacts'",
        "r.yaml: dimensions.alpha.weight: Input should be greater than 0 (found 0)",
        "r.yaml: dimensions.alpha.items[0].weight: Input should be greater than 0 (found -1)",
    ]


def test_unknown_field_and_missing_field(mini_q, mini_r, write):
    mini_q["sections"][0]["items"][0]["color"] = "red"
    del mini_q["sections"][1]["items"][1]["text"]
    assert problems(write, mini_q, mini_r) == [
        "q.yaml: sections[0].items[0].color: unknown field",
        "q.yaml: sections[1].items[1].text: required field is missing",
    ]


def test_duplicate_item_id(mini_q, mini_r, write):
    mini_q["sections"][2]["items"][3]["id"] = "a_agree1"
    errors = problems(write, mini_q, mini_r)
    assert errors[0] == (
        "q.yaml: sections[2].items[3].id: duplicate item id 'a_agree1' (first at sections[1].items[0])"
    )


def test_thresholds_must_ascend_and_start_at_one(mini_q, mini_r, write):
    mini_r["levels"][2]["min"] = 1.5
    mini_r["levels"][0]["min"] = 0.5
    errors = problems(write, mini_q, mini_r)
    assert errors[:2] == [
        "r.yaml: levels[2].min: thresholds must ascend (1.5 is not above 1.8)",
        "r.yaml: levels[0].min: the lowest level must start at 1, the lowest score (found 0.5)",
    ]


def test_bands_must_be_contiguous_and_cover_the_range(mini_q, mini_r, write):
    bands = mini_r["dimensions"]["beta"]["items"][1]["bands"]
    bands[2]["min"] = 6
    bands[-1]["max"] = 50
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.beta.items[1].bands[4].max: bands must end at the item's max 100, not 50",
        "r.yaml: dimensions.beta.items[1].bands[2].min: bands must be contiguous "
        "(6 does not continue from 5)",
    ]


def test_choice_map_must_cover_options(mini_q, mini_r, write):
    mini_r["dimensions"]["alpha"]["items"][3]["map"] = {"none": 1, "full": 5, "most": 4}
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha.items[3].map: no score for option(s) some of 'a_choice'",
        "r.yaml: dimensions.alpha.items[3].map: 'most' is not an option of 'a_choice'",
    ]


def test_reverse_key_must_match_wording(mini_q, mini_r, write):
    mini_r["dimensions"]["alpha"]["items"][1]["reverse"] = False
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha.items[1].reverse: rubric does not reverse 'a_agree2' "
        "but the item is reverse_worded"
    ]


def test_type_compatibility(mini_q, mini_r, write):
    mini_r["dimensions"]["beta"]["items"][1]["map"] = {"1": 5}
    mini_r["dimensions"]["beta"]["items"].append({"item": "ctx_comment"})
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.beta.items[1].map: 'b_count' is a number item; "
        "'map' applies to agreement, yesno and choice items",
        "r.yaml: dimensions.beta.items[4].item: 'ctx_comment' is a text item and cannot be scored",
    ]


def test_rule_conditions_refer_to_real_items_and_dimensions(mini_q, mini_r, write):
    mini_r["rules"][0]["when"]["all"][0]["item"] = "ctx_partner_share"
    mini_r["rules"][0]["when"]["all"][1]["level"] = "gamma"
    mini_r["rules"][1]["when"]["all"][1]["eq"] = "maybe"
    # each path names the clause inside its group (it stopped at 'when', a helper's trial
    # was sent to the wrong one of several conditions)
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: rules[0].when.all[0].item: 'ctx_partner_share' is not an item of the questionnaire",
        "r.yaml: rules[0].when.all[1].level: 'gamma' is not a dimension of the rubric "
        "(dimensions: alpha, beta, or overall)",
        "r.yaml: rules[1].when.all[1].eq: 'maybe' is not an answer of 'b_exists' (expected one "
        "of: yes, no)",
    ]


def test_an_equality_no_agreement_or_number_answer_can_meet_is_refused(mini_q, mini_r, write):
    """``eq: "yes"`` of an agreement item passed validate and the rule never fired (a trial
    on a 7-point scale); so did ``eq: 2.5`` of whole codes, and text against a number."""
    rules = mini_r["rules"][0]["when"]["all"]
    rules[0] = {"item": "a_agree1", "eq": "yes"}
    rules.append({"item": "a_agree1", "in": [2, 2.5]})
    rules.append({"item": "b_count", "ne": "many"})
    rules.append({"item": "a_agree1", "eq": 4})  # a code of the scale: kept
    rules.append({"item": "b_count", "in": [3, 4.5]})  # numbers of a number item: kept
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: rules[0].when.all[0].eq: 'yes' is not an answer of 'a_agree1' (expected a "
        "whole number 1..5)",
        "r.yaml: rules[0].when.all[2].in: 2.5 is not an answer of 'a_agree1' (expected a whole "
        "number 1..5)",
        "r.yaml: rules[0].when.all[3].ne: 'many' is not an answer of 'b_count' (expected a number)",
    ]


def test_a_comparison_no_answer_can_pass_is_refused(mini_q, mini_r, write):
    """A rule testing gte 20000 of an item capped at 100 (a typed extra zero) could never
    fire, and validate said OK. Each bound is checked on its own side: at the top (gt 100,
    gte 101) and the bottom (lt 0, lte -1) of the item's range, an agreement item's from its
    scale; gte 100 and lt 1 can still hold."""
    when = [
        {"item": "b_count", "gte": 20000},
        {"item": "b_count", "gt": 100},
        {"item": "b_count", "lte": -1},
        {"item": "a_agree1", "lt": 1},
        {"item": "a_agree1", "gte": 5},
        {"item": "b_count", "gte": 100},
    ]
    mini_r["rules"][0]["when"] = {"any": when}
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: rules[0].when.any[0].gte: no answer of 'b_count' (0 to 100) is at or above "
        "20000: the condition can never hold",
        "r.yaml: rules[0].when.any[1].gt: no answer of 'b_count' (0 to 100) is above 100: the "
        "condition can never hold",
        "r.yaml: rules[0].when.any[2].lte: no answer of 'b_count' (0 to 100) is at or below -1: "
        "the condition can never hold",
        "r.yaml: rules[0].when.any[3].lt: no answer of 'a_agree1' (1 to 5) is below 1: the "
        "condition can never hold",
    ]


def test_an_answer_level_or_score_beyond_its_range_is_refused(mini_q, mini_r, write):
    """A trial: `eq: 8` of a 7-point item, `in: [6, 7]` of a 5-point one, `level gte: 6` with
    five levels and `score gte: 7` on a 1..5 range all validated OK, though no result can meet
    them; an `in` with one value in range, and a level or score at the range's ends, can."""
    when = [
        {"item": "a_agree1", "eq": 8},
        {"item": "a_agree1", "in": [6, 7]},
        {"item": "a_agree1", "in": [5, 6]},
        {"level": "alpha", "gte": 6},
        {"level": "alpha", "eq": 5},
        {"score": "beta", "gte": 7},
        {"score": "overall", "lt": 1},
        {"score": "beta", "lte": 1},
        {"item": "b_count", "eq": 101},
    ]
    mini_r["rules"][0]["when"] = {"any": when}
    never = ": the condition can never hold"
    assert problems(write, mini_q, mini_r) == [
        f"r.yaml: rules[0].when.any[0].eq: no answer of 'a_agree1' (1 to 5) is 8{never}",
        f"r.yaml: rules[0].when.any[1].in: no answer of 'a_agree1' (1 to 5) is 6, 7{never}",
        f"r.yaml: rules[0].when.any[3].gte: no level of 'alpha' (1 to 5) is at or above 6{never}",
        f"r.yaml: rules[0].when.any[5].gte: no score of 'beta' (1 to 5) is at or above 7{never}",
        f"r.yaml: rules[0].when.any[6].lt: no score of 'overall' (1 to 5) is below 1{never}",
        f"r.yaml: rules[0].when.any[8].eq: no answer of 'b_count' (0 to 100) is 101{never}",
    ]


def test_an_agreement_item_s_bounds_are_its_scale_s_own_codes(mini_q, mini_r, write):
    """On a scale coded 0..4, `lt: 1` can hold (an answer of 0) and `gt: 4` cannot; the bounds
    are the scale's codes, not 1..k."""
    agree5 = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
              "Strongly agree"]  # fmt: skip
    often5 = {"labels": ["Never", "Rarely", "Sometimes", "Often", "Always"],
              "codes": [0, 1, 2, 3, 4]}  # fmt: skip
    mini_q["scales"] = {"agree5": agree5, "often5": often5}
    for item in mini_q["sections"][1]["items"]:
        if item["id"] == "a_agree1":
            item["scale"] = "often5"
    when = [{"item": "a_agree1", "lt": 1}, {"item": "a_agree1", "gt": 4}]
    mini_r["rules"][0]["when"] = {"any": when}
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: rules[0].when.any[1].gt: no answer of 'a_agree1' (0 to 4) is above 4: the "
        "condition can never hold",
    ]


def test_skip_logic_must_refer_to_an_earlier_item(mini_q, mini_r, write):
    mini_q["sections"][1]["items"][0]["when"] = {"item": "b_exists", "eq": "yes"}
    mini_q["sections"][1]["items"][1]["when"] = {"level": "alpha", "gte": 3}
    assert problems(write, mini_q, mini_r) == [
        "q.yaml: sections[1].items[0].when.item: 'b_exists' must be asked before the item it controls",
        "q.yaml: sections[1].items[1].when: skip logic can refer to answers only, not 'level'",
    ]


def test_malformed_condition(mini_q, mini_r, write):
    mini_r["rules"][0]["when"] = {"all": [{"item": "b_exists"}]}
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: rules[0].when.all[0]: a clause needs a test: one of eq, ne, in, not_in, gt, gte, "
        "lt, lte, answered"
    ]


def test_questionnaire_id_must_match(mini_q, mini_r, write):
    mini_r["questionnaire"] = "amc"
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: questionnaire: 'amc' but q.yaml has id 'mini'"
    ]


def test_invalid_yaml_and_missing_file(tmp_path, monkeypatch, mini_r, write):
    (tmp_path / "q.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_pair("q.yaml", "nope.yaml")
    bad_yaml, missing = caught.value.errors
    # named where the bracket opens, not where PyYAML gives up scanning (line 2)
    assert bad_yaml.startswith("q.yaml: line 1: invalid YAML: a '[' list opens here and is not")
    assert "',' or ']'" in bad_yaml and bad_yaml.endswith(" at line 2)")
    assert missing == "nope.yaml: file not found"


def test_linter_all_lowest_must_reach_level_one(mini_q, mini_r, write):
    # a choice map whose worst option scores 3 keeps alpha above level 1
    mini_r["dimensions"]["alpha"]["items"][3]["map"] = {"none": 3, "some": 4, "full": 5}
    mini_r["dimensions"]["alpha"]["items"][2]["map"] = {"yes": 5, "no": 3}
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha: all-lowest answers give level 2 (score 2.20), expected level 1",
    ]


def test_linter_item_that_cannot_move_its_score(mini_q, mini_r, write):
    mini_r["dimensions"]["alpha"]["items"][3]["map"] = {"none": 5, "some": 5, "full": 5}
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha: all-lowest answers give level 2 (score 1.80), expected level 1",
        "r.yaml: dimensions.alpha.items[3]: 'a_choice' cannot move the dimension's score",
    ]


def test_linter_unreachable_level_is_a_warning(mini_q, mini_r, write):
    # alpha: a single heavy yes/no item makes the middle levels unreachable
    mini_r["dimensions"]["alpha"]["items"][2]["weight"] = 100
    lines = validate(write("q.yaml", mini_q), write("r.yaml", mini_r)).splitlines()
    assert lines[-1].startswith("OK: q.yaml")
    assert (
        "warning: r.yaml: dimensions.alpha: level 3 (Defined) is never reached: no full set of "
        "answers scores from 2.6 to below 3.4" in lines
    )


def test_infinite_or_huge_numbers_are_refused_at_their_field(mini_q, mini_r, write):
    """A weight of .inf passed, and the engine gave NaN scores, a level of 1 and a report that
    said too few questions were answered (a new-user trial); 1e308 overflowed the sums."""
    mini_r["dimensions"]["alpha"]["weight"] = float("inf")
    mini_r["dimensions"]["alpha"]["items"][0]["weight"] = 1e308
    mini_r["dimensions"]["beta"]["items"][0]["weight"] = float("-inf")
    found = problems(write, mini_q, mini_r)
    assert found == [
        "r.yaml: dimensions.alpha.weight: Input should be a finite number",
        "r.yaml: dimensions.alpha.items[0].weight: Input should be less than or equal to 1000000 "
        "(found 1e+308)",
        "r.yaml: dimensions.beta.items[0].weight: Input should be a finite number",
    ]


def test_an_infinite_bound_in_the_questionnaire_is_refused(mini_q, mini_r, write):
    item = next(i for s in mini_q["sections"] for i in s["items"] if i["type"] == "number")
    item["max"] = float("inf")
    where = next(
        f"sections[{j}].items[{k}]"
        for j, s in enumerate(mini_q["sections"])
        for k, i in enumerate(s["items"])
        if i is item
    )
    assert problems(write, mini_q, mini_r) == [
        f"q.yaml: {where}.max: Input should be a finite number"
    ]


@pytest.mark.parametrize(
    ("bounds", "shown"),
    [({"gte": 60, "lte": 50}, "gte: 60 and lte: 50"), ({"gt": 5, "lt": 5}, "gt: 5 and lt: 5"),
     ({"gt": 5, "gte": 5, "lte": 5}, "gt: 5 and lte: 5")],
)  # fmt: skip
def test_a_clause_whose_bounds_no_value_passes_is_refused(mini_q, mini_r, write, bounds, shown):
    """README says validate finds conditions that could never hold: gte 60 with lte 50 passed."""
    mini_r["rules"][0]["when"]["all"][0] = {"item": "ctx_repeat_share", **bounds}
    assert problems(write, mini_q, mini_r) == [
        f"r.yaml: rules[0].when.all[0]: {shown}: no value passes both; the condition can never hold"
    ]


def test_a_clause_of_one_value_passes(mini_q, mini_r, write):
    mini_r["rules"][0]["when"]["all"][0] = {"item": "ctx_repeat_share", "gte": 50, "lte": 50}
    summary = validate(write("q.yaml", mini_q), write("r.yaml", mini_r))
    assert summary.splitlines()[-1].startswith("OK: ")


def test_a_value_of_no_allowed_type_is_one_line(mini_q, mini_r, write):
    """A text score in a map gave two lines, map.yes.int and map.yes.float (a new-user trial)."""
    item = next(
        (d, k) for d, dim in mini_r["dimensions"].items() for k, i in enumerate(dim["items"])
        if "map" in i
    )  # fmt: skip
    dim, k = item
    entry = mini_r["dimensions"][dim]["items"][k]
    code = next(iter(entry["map"]))
    entry["map"][code] = "high"
    assert problems(write, mini_q, mini_r) == [
        f"r.yaml: dimensions.{dim}.items[{k}].map.{code}: expected a number, found the text 'high'"
    ]


def test_a_field_error_does_not_hide_the_checks_across_files(mini_q, mini_r, write):
    """A trial broke a rubric three ways: one run named the weight of 0 only, and the next the
    thresholds and the misspelt item. The field is now left out (its default taken) for the
    cross-checks, so one run names all three; a refused whole list is not defaulted (its
    default would make false knock-on errors)."""
    mini_r["dimensions"]["alpha"]["items"][1]["weight"] = 0
    mini_r["levels"][3]["min"] = 2.4
    mini_r["dimensions"]["beta"]["items"][-1]["item"] = "b_agre"
    found = problems(write, mini_q, mini_r)
    assert found[0] == (
        "r.yaml: dimensions.alpha.items[1].weight: Input should be greater than 0 (found 0)"
    )
    assert "r.yaml: levels[3].min: thresholds must ascend (2.4 is not above 2.6)" in found
    assert any(e.startswith("r.yaml: dimensions.beta.items[") and "'b_agre' is not an item of "
               "q.yaml (did you mean 'b_agree'?)" in e for e in found), found  # fmt: skip
    assert len(found) == 3


def test_a_condition_reads_in_words():
    """Batch named a skipped answer "not asked (its when: condition does not hold)", YAML
    words a sheet filler does not know; conditions now read as they are written."""
    from amc_assess.models.conditions import Group, condition_text

    cond = Group.model_validate({"all": [
        {"item": "b_exists", "eq": "yes"},
        {"any": [{"score": "alpha", "gte": 3.5}, {"item": "a_choice", "in": ["some", "full"]}]},
        {"not": {"item": "ctx_comment", "answered": True}},
    ]})  # fmt: skip
    assert condition_text(cond) == (
        "b_exists is yes and (score alpha ≥ 3.5 or a_choice is one of some, full) and "
        "not (ctx_comment is answered)"
    )


def test_a_quote_left_open_in_a_block_is_named_at_its_line(tmp_path, monkeypatch):
    """A response file with role: "Director, Alliance Management (no closing quote) was
    refused at "line 23: did not find expected key", eleven lines on: a quoted value may
    span lines, so PyYAML read on to the next quote. The line that opens it is named."""
    from amc_assess.yamlio import FileError, read_data

    monkeypatch.chdir(tmp_path)
    lines = ["assessment:", "  firm: Acme", "respondent:",
             '  role: "Director, Alliance Management', "  name: Pat # a \"quoted\" note",
             "answers:", "  a_agree1: 4", '  a_yes: "yes"', "  a_agree2: 2"]  # fmt: skip
    (tmp_path / "r.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FileError) as caught:
        read_data("r.yaml")
    said = str(caught.value)
    assert said.startswith("r.yaml: line 4: invalid YAML: a quote opens here and is not closed")
    assert said.endswith(" at line 5)")  # where the next quote (in a comment) ended it


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (["a:", "  b: 1", "  weight 2.0", "  c: 3"],
         "r.yaml: line 3: invalid YAML: a key without its ':' (could not find expected ':' at "
         "line 4)"),
        (["dimensions:", "  s:", "    weight 2.0", "    target: 4"],
         "r.yaml: line 3: invalid YAML: a key without its ':', which the next line's ':' then "
         "trips over (mapping values are not allowed in this context at line 4)"),
    ],
)  # fmt: skip
def test_a_key_without_its_colon_is_named_at_its_own_line(tmp_path, monkeypatch, lines, said):
    """``weight 2.0`` on line 3: PyYAML names line 4, the next key (a trial looked there)."""
    from amc_assess.yamlio import FileError, read_data

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FileError) as caught:
        read_data("r.yaml")
    assert str(caught.value) == said


def test_a_number_written_with_a_decimal_comma_is_quoted(mini_q, mini_r, write):
    """``weight: 1,5`` said "unable to parse string as a number" without the value."""
    mini_r["dimensions"]["alpha"]["items"][1]["weight"] = "1,5"
    found = problems(write, mini_q, mini_r)
    assert found[0] == (
        "r.yaml: dimensions.alpha.items[1].weight: Input should be a valid number, unable to "
        "parse string as a number (found '1,5')"
    )


def test_a_share_in_percent_tested_against_a_fraction_is_warned_of(tmp_path):
    """``lt: 0.5`` of a share answered in percent passed without a word: it tests 0.5%, where
    50% was likely meant, as answers of that size are warned of (a trial)."""
    path = edited_rubric(
        tmp_path, ("{item: crd_role_stability, lt: 50}", "{item: crd_role_stability, lt: 0.5}")
    )
    said = validate(rubric=path).splitlines()
    warned = [line for line in said if "a share in percent" in line]
    assert len(warned) == 1 and warned[0].endswith(
        ".when.lt: 0.5 of 'crd_role_stability', a share in percent (0 to 100), tests 0.5%; "
        "if 50% was meant, write 50"
    )
    assert said[-1].startswith("OK: ")
    assert not [line for line in validate().splitlines() if "a share in percent" in line]


def test_a_field_error_under_a_levels_recommendations_hides_no_other_problem(tmp_path):
    """``effort: X`` in a level's recommendations (a mapping keyed by whole numbers) was the
    only line; a rule's misspelt dimension came out on the next run (a trial)."""
    path = edited_rubric(
        tmp_path, ("effort: S", "effort: X"),
        ("    dimension: learning\n", "    dimension: lerning\n"),
    )  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        validate(rubric=path)
    lines = caught.value.errors
    assert any(".effort: Input should be 'S', 'M' or 'L'" in x for x in lines), lines
    assert any("'lerning' is not a dimension" in x for x in lines), lines


def test_a_misspelt_field_gets_the_nearest_and_a_share_in_percent_its_fraction(tmp_path):
    """``wieght`` said only "unknown field", and ``min_answered_share: 50`` only "less than or
    equal to 1" (a trial)."""
    path = edited_rubric(
        tmp_path, ("        weight: 1.5\n", "        wieght: 1.5\n"),
        ("min_answered_share: 0.6", "min_answered_share: 60"),
    )  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        validate(rubric=path)
    lines = caught.value.errors
    assert any(x.endswith(".wieght: unknown field (did you mean 'weight'?)") for x in lines)
    assert any("min_answered_share: " in x and "(found 60: a share runs from 0 to 1, 60% is 0.6)"
               in x for x in lines), lines  # fmt: skip


def edited_rubric(tmp_path, *swaps: tuple[str, str]):
    """The bundled rubric with each (old, new) swapped once, under a version of its own (the
    bundled id and version with other content would be refused as a clash)."""
    from conftest import REPO

    text = (REPO / "rubrics" / "amc.yaml").read_text(encoding="utf-8")
    for old, new in [*swaps, ('version: "1.2.0"', 'version: "1.2.0-test"')]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return path
