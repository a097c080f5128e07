"""Advice tied to practices: never contradicts the answers, covers every weak practice, lints."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amc_assess.advice import HORIZONS, Advice, advice_for, references
from amc_assess.api import score_files, validate
from amc_assess.definitions import digests
from amc_assess.loading import InvalidInput
from amc_assess.metrics import scored_items
from amc_assess.models import AssessmentResult
from amc_assess.scored.responses import to_results
from amc_assess.scoring import score_frame
from amc_assess.simulate import answers_by_score
from amc_assess.validation import instrument, load_pair
from conftest import REPO

Q, R = instrument()
ITEMS = scored_items(Q, R)
ENTRIES = [ri for dim in R.dimensions.values() for ri in dim.items]
CHOICES = {ri.item: answers_by_score(ITEMS[ri.item], ri) for ri in ENTRIES}
BEST = {item: answers[max(answers)] for item, answers in CHOICES.items()}
EXAMPLES = ["low_maturity.yaml", "mid_maturity.yaml", "high_maturity.yaml"]
CONTEXT = {  # the context answers the rubric's rules test
    "ctx_active_alliances": st.integers(0, 60),
    "ctx_formed_3y": st.integers(0, 20),
    "ctx_terminated_3y": st.integers(0, 10),
    "ctx_success_share": st.integers(0, 100),
    "ctx_repeat_share": st.integers(0, 100),
}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def example(name: str) -> AssessmentResult:
    return score_files([REPO / "examples" / name])[0]


def scored(rows: list[dict]) -> list[AssessmentResult]:
    frame = pd.DataFrame(rows, columns=list(ITEMS), dtype=object)
    return to_results(score_frame(frame, Q, R))


def contradictions(result: AssessmentResult, advice: list[Advice]) -> list[str]:
    """Advice whose addressed practices all score 4 or more."""
    s = result.item_scores
    return [
        a.id for a in advice if a.items and all(s.get(i) is not None and s[i] >= 4 for i in a.items)
    ]


def weak_without_advice(result: AssessmentResult, advice: list[Advice]) -> list[str]:
    """Practices scoring 2 or less with no practice advice in the list (given, or held back
    by a finding that says why: a caution against pushing those practices further)."""
    listed = [*advice, *(w for a in advice for w in a.withheld)]
    given_for = {a.id for a in listed if a.kind == "practice"}
    return [
        i for i, s in result.item_scores.items() if s is not None and s <= 2 and i not in given_for
    ]


def answer(item_id: str) -> st.SearchStrategy:
    item = ITEMS[item_id]
    options = list(CHOICES[item_id].values())
    base = st.sampled_from(options)
    if item.type == "number":
        base = st.one_of(st.floats(item.min, item.max, allow_nan=False), base)
    extra = [st.just("not_applicable")] if item.not_applicable else []
    return st.one_of(base, st.sampled_from(["dont_know", None]), *extra)


ROW = st.fixed_dictionaries(
    {item: answer(item) for item in CHOICES}
    | {k: st.one_of(v, st.none()) for k, v in CONTEXT.items()}
)


# -- the bundled examples ----------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_get_no_contradicting_advice_and_advice_for_every_weak_practice(name):
    result = example(name)
    advice = advice_for(result, R)
    assert contradictions(result, advice) == []
    assert weak_without_advice(result, advice) == []
    assert len({a.id for a in advice}) == len(advice)
    for a in advice:
        assert a.horizon == HORIZONS[a.effort] and a.effect >= 0
        assert set(a.scores) == set(a.items)


def test_mid_maturity_answered_yes_to_build_buy_partner_and_is_not_told_to_start():
    result = example("mid_maturity.yaml")
    assert result.item_scores["str_build_buy_partner"] == 5
    advice = advice_for(result, R)
    assert [a.id for a in advice if re.search(r"\bbuy\b", a.text)] == []
    assert [a.id for a in advice if "str_build_buy_partner" in a.items] == []


def test_a_mandatory_handover_is_not_recommended_to_a_firm_that_has_one(tmp_path: Path):
    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    before = advice_for(example("mid_maturity.yaml"), R)
    assert "crd_handover_plan" in [a.id for a in before]  # mid answers "no"
    data["answers"]["crd_handover_plan"] = "yes"
    path = tmp_path / "mid.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    advice = advice_for(score_files([path])[0], R)
    assert [a.id for a in advice if "crd_handover_plan" in a.items] == []
    pattern = re.compile(r"handovers? (compulsory|mandatory)", re.I)
    assert [a.id for a in before if pattern.search(a.text)] == ["crd_handover_plan"]
    assert [a.text for a in advice if pattern.search(a.text)] == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_ranked_by_effect_then_rise_per_effort_then_gap_to_target(name):
    result = example(name)
    gaps = {d.dimension: d.gap_to_target or 0.0 for d in result.dimensions}
    cost = {"S": 1, "M": 2, "L": 3}
    keys = [
        (a.effect / cost[a.effort], a.gain / cost[a.effort], gaps.get(a.dimension or "", 0.0))
        for a in advice_for(result, R)
    ]
    assert keys == sorted(keys, key=lambda k: (-k[0], -k[1], -k[2]))


def rise(result: AssessmentResult, items: list[str]) -> float:
    """Recomputed: how far each dimension's weighted mean would rise with ``items`` at 4."""
    s, total = result.item_scores, 0.0
    for dim in R.dimensions.values():
        answered = sum(ri.weight for ri in dim.items if s.get(ri.item) is not None)
        up = sum(
            ri.weight * (4 - s[ri.item])
            for ri in dim.items
            if ri.item in items and s.get(ri.item) is not None and s[ri.item] < 4
        )
        total += up / answered if answered else 0.0
    return total


def test_a_step_at_target_closes_no_gap_but_is_ranked_by_how_far_it_raises_the_score():
    result = example("mid_maturity.yaml")
    advice = advice_for(result, R)
    at_target = [a for a in advice if a.dimension == "learning"]  # level 3 of target 3
    assert at_target and all(a.effect == 0 for a in at_target)
    for a in advice:
        assert a.gain == pytest.approx(rise(result, a.items), abs=1e-6)
        assert a.effect <= a.gain + 1e-9  # the effect is the rise, capped at the gap
    assert all(a.gain > 0 for a in at_target if a.kind == "practice")  # each scores under 4
    cost = {"S": 1, "M": 2, "L": 3}
    zero = [a for a in advice if a.effect == 0]
    assert advice[-len(zero) :] == zero  # after every step that closes some gap
    per_effort = [a.gain / cost[a.effort] for a in zero]
    assert per_effort == sorted(per_effort, reverse=True)


def repeat_partners(tmp_path: Path, share: int, targets: dict[str, int] | None = None):
    """The high-maturity example (a strongly formal alliance function, level 5) with
    ``share`` percent of its alliances with repeat partners, optionally agreed targets."""
    data = yaml.safe_load((REPO / "examples" / "high_maturity.yaml").read_text(encoding="utf-8"))
    data["answers"]["ctx_repeat_share"] = share
    if targets:
        data["targets"] = {"levels": targets, "agreed_by": "Board", "agreed_on": "2026-01-05"}
    path = tmp_path / f"high-{share}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return score_files([path])[0]


FORMAL = {"daf_defined_roles", "lrn_tool_usage"}  # high's formalizing steps below 4


def test_a_formal_function_with_repeat_partners_is_not_told_to_formalize_further(tmp_path):
    """The trial: the report warned that the alliance function is too formal for a portfolio
    of repeat partners (Findikoglu & Lavie 2019), and its roadmap went on to recommend formal
    roles for every alliance and a check that every team used the standard toolkit. The level
    5 recommendation to keep the function close to the teams, in the caution's spirit, had
    been folded into the formal roles' advice; it now stands on its own."""
    new = advice_for(repeat_partners(tmp_path, 40), R)
    assert FORMAL <= {a.id for a in new if a.kind == "practice"}  # new partners: given
    assert "rule:daf_fit_repeat_partners" not in {a.id for a in new}
    assert "daf.L5.1" in next(a for a in new if a.id == "daf_defined_roles").merged
    advice = advice_for(repeat_partners(tmp_path, 75), R)
    caution = next(a for a in advice if a.id == "rule:daf_fit_repeat_partners")
    tempered = set(next(r for r in R.rules if r.id == "daf_fit_repeat_partners").tempers)
    assert [a.id for a in advice if a.kind == "practice" and a.items[0] in tempered] == []
    assert {w.id for w in caution.withheld} == FORMAL
    assert all(w.effect == 0 for w in caution.withheld)  # at target: they close no gap
    close = next(a for a in advice if a.id == "daf.L5.1")
    assert close.text.startswith("Keep the function close to the alliances it serves")
    # the recommendations folded into the advice left out stand on their own; the rest is as
    # without the rule, in the same order
    unfolded = {m for a in new if a.id in FORMAL for m in a.merged}
    assert unfolded == {"daf.L5.1", "learning.L4.0"} and unfolded <= {a.id for a in advice}
    others = [a.id for a in new if a.id not in FORMAL]
    assert [a.id for a in advice if a.id not in {caution.id, *unfolded}] == others


def test_a_tempered_step_that_closes_a_gap_is_kept_and_names_the_finding(tmp_path):
    """A target above the level reached: formal roles close part of the gap, so the step stays,
    marked, and the roadmap tells the reader to read the finding first."""
    result = repeat_partners(tmp_path, 75, {"learning": 5})
    advice = advice_for(result, R)
    caution = next(a for a in advice if a.id == "rule:daf_fit_repeat_partners")
    tool = next(a for a in advice if a.items == ["lrn_tool_usage"])
    assert tool.effect and tool.effect > 0 and tool.tempered_by == caution.id
    assert [i for w in caution.withheld for i in w.items] == ["daf_defined_roles"]


def test_tempers_must_name_items_of_the_rubric(mini_q, mini_r, write):
    mini_r["rules"][1]["tempers"] = ["a_agree1", "b_exist"]
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: rules[1].tempers[1]: 'b_exist' is not an item of the rubric (did you mean "
        "'b_exists'?)",
    ]


def test_effect_is_the_share_of_the_gap_the_practice_closes():
    result = example("mid_maturity.yaml")
    by_id = {a.id: a for a in advice_for(result, R)}
    # coordination: answered weights 1+1+1.5+1+1+1+1+1+1.5+1+1+1.5 = 13.5; rank matching 1 -> 4
    assert by_id["crd_rank_matching"].effect == pytest.approx(3 / 13.5, abs=1e-6)
    assert by_id["crd_rank_matching"].scores == {"crd_rank_matching": 1}
    assert (by_id["crd_rank_matching"].effort, by_id["crd_rank_matching"].horizon) == (
        "S", "0–6 months"
    )  # fmt: skip
    # learning is at its target (level 3): nothing left to close
    learning = [a for a in by_id.values() if a.dimension == "learning"]
    assert learning and all(a.effect == 0 for a in learning)


def test_level_recommendation_covered_by_practice_advice_is_merged_into_it():
    by_id = {a.id: a for a in advice_for(example("mid_maturity.yaml"), R)}
    assert "coordination.L3.0" not in by_id  # "Make handovers compulsory ..."
    assert "coordination.L3.0" in by_id["crd_handover_plan"].merged
    assert by_id["crd_handover_plan"].kind == "practice"


def test_a_scored_table_gets_level_recommendations_and_rules_only():
    result = example("mid_maturity.yaml").model_copy(update={"item_scores": {}})
    advice = advice_for(result, R)
    assert {a.kind for a in advice} == {"level", "rule"}
    levels = {d.dimension: d.level for d in result.dimensions}
    for dim_id, dim in R.dimensions.items():
        texts = {a.text for a in advice if a.kind == "level" and a.dimension == dim_id}
        assert texts == set(dim.steps(levels[dim_id] or 0))
    assert [a.id for a in advice if a.kind == "rule"] == [f"rule:{r.id}" for r in result.rules]


# -- generated answer sets ---------------------------------------------------------------------


@FAST
@given(st.lists(ROW, min_size=1, max_size=6))
def test_generated_answers_get_no_contradicting_advice_and_every_weak_practice_advised(rows):
    for result in scored(rows):
        advice = advice_for(result, R)
        assert contradictions(result, advice) == []
        assert weak_without_advice(result, advice) == []


@FAST
@given(st.fixed_dictionaries({k: st.one_of(v, st.none()) for k, v in CONTEXT.items()}))
def test_all_top_answers_get_no_practice_or_level_advice(context):
    (result,) = scored([{**BEST, **context}])
    assert all(d.level == 5 for d in result.dimensions)
    assert [a.id for a in advice_for(result, R) if a.kind != "rule"] == []


# -- the default rubric ------------------------------------------------------------------------


def test_every_scored_practice_has_advice_and_every_recommendation_addresses_practices():
    for dim in R.dimensions.values():
        for ri in dim.items:
            assert ri.advice is not None, ri.item
        for level, recs in dim.recommendations.items():
            for rec in recs:
                assert rec.addresses, (level, rec.text)


def test_advice_and_recommendations_do_not_change_the_definition_digests(tmp_path: Path):
    data = yaml.safe_load((REPO / "rubrics" / "amc.yaml").read_text(encoding="utf-8"))
    for dim in data["dimensions"].values():
        dim["recommendations"] = {level: ["step"] for level in dim["recommendations"]}
        for entry in dim["items"]:
            entry.pop("advice", None)
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    q, plain = load_pair(REPO / "questionnaires" / "amc.yaml", path)
    assert digests(q, plain) == digests(Q, R)


def _sources(path: Path) -> list[str]:
    return re.findall(r"^\s*source: (.+)$", path.read_text(encoding="utf-8"), flags=re.M)


def test_every_source_cites_a_listed_reference():
    keys = set(references())
    shipped = [*sorted((REPO / "questionnaires").glob("*.yaml")), REPO / "rubrics" / "amc.yaml"]
    cited = [(p.name, key.strip()) for p in shipped for s in _sources(p) for key in s.split(";")]
    assert cited and [c for c in cited if c[1] not in keys] == []
    assert references()["Hutt et al. 2000"].startswith("Hutt, M. D., Stafford, E. R.")


def test_no_shipped_file_cites_a_seed_number():
    folders = ["questionnaires", "rubrics", "report_templates", "docs"]
    files = [
        REPO / "README.md",
        *(p for f in folders for p in (REPO / f).rglob("*") if p.is_file()),
    ]
    assert [
        str(p.relative_to(REPO)) for p in files if "seed 0" in p.read_text(encoding="utf-8")
    ] == []


# -- validation and the linter -----------------------------------------------------------------


def problems(write, q: dict, r: dict) -> list[str]:
    qpath, rpath = write("q.yaml", q), write("r.yaml", r)
    with pytest.raises(InvalidInput) as caught:
        validate(qpath, rpath)
    return caught.value.errors


def test_addresses_must_name_items_of_the_dimension_and_the_rubric(mini_q, mini_r, write):
    mini_r["dimensions"]["alpha"]["recommendations"][2] = [
        {"text": "x", "addresses": ["a_agree1", "b_exists"], "effort": "S"}
    ]
    mini_r["dimensions"]["alpha"]["items"][0]["advice"] = {"text": "t", "effort": "S", "below": 6}
    mini_r["rules"][1]["addresses"] = ["b_exist"]
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha.items[0].advice.below: must be above 1 and at most 5, the item "
        "score range (found 6)",
        "r.yaml: dimensions.alpha.recommendations.2[0].addresses[1]: 'b_exists' is not an item of "
        "dimension alpha",
        "r.yaml: rules[1].addresses[0]: 'b_exist' is not an item of the rubric (did you mean "
        "'b_exists'?)",
    ]


def test_effort_must_be_s_m_or_l(mini_q, mini_r, write):
    mini_r["dimensions"]["beta"]["recommendations"][3] = [{"text": "x", "effort": "XL"}]
    mini_r["dimensions"]["alpha"]["items"][2]["advice"] = {"text": "t", "effort": "small"}
    mini_r["rules"][0]["effort"] = "l"
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha.items[2].advice.effort: Input should be 'S', 'M' or 'L'",
        "r.yaml: dimensions.beta.recommendations.3[0].effort: Input should be 'S', 'M' or 'L'",
        "r.yaml: rules[0].effort: Input should be 'S', 'M' or 'L'",
    ]


def test_plain_string_recommendations_still_load(mini_pair):
    _, r = mini_pair
    rec = r.dimensions["alpha"].recommendations[1][0]
    assert (rec.text, rec.addresses, rec.effort) == ("ra1", [], "M")
    assert r.dimensions["alpha"].steps(1) == ["ra1"]


def test_linter_catches_advice_that_can_never_apply(mini_q, mini_r, write):
    alpha = mini_r["dimensions"]["alpha"]
    alpha["items"][3]["map"] = {"none": 4, "some": 4, "full": 5}
    alpha["items"][3]["advice"] = {"text": "More A.", "effort": "M"}
    alpha["items"][0]["advice"] = {"text": "Do A.", "effort": "S", "below": 1.5}
    alpha["recommendations"][2] = [{"text": "More A.", "addresses": ["a_choice"]}]
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha.items[3].advice: can never apply: the lowest score of 'a_choice' "
        "is 4, not below 4",
        "r.yaml: dimensions.alpha.recommendations.2[0]: can never apply: every practice it "
        "addresses scores 4 or more whatever the answer",
    ]


def test_linter_catches_advice_given_for_all_top_answers(mini_q, mini_r, write):
    alpha = mini_r["dimensions"]["alpha"]
    alpha["items"][3]["map"] = {"none": 1, "some": 2, "full": 3}
    alpha["items"][3]["advice"] = {"text": "More A.", "effort": "M"}
    alpha["recommendations"][5] = ["Keep it up.", {"text": "Review A.", "addresses": ["a_agree1"]}]
    mini_r["rules"].append(
        {"id": "always", "kind": "recommendation", "title": "t", "message": "Do B.",
         "when": {"level": "beta", "gte": 1}}
    )  # fmt: skip
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha.items[3].advice: applies to the all-highest answers (the best "
        "answer to 'a_choice' scores 3)",
        "r.yaml: dimensions.alpha.recommendations.5[0]: applies to the all-highest answers (it "
        "addresses no practice)",
        "r.yaml: rules[2]: applies to the all-highest answers (it addresses no practice)",
    ]


def test_the_bundled_rubric_passes_the_advice_lint():
    assert validate().startswith("OK: ")


def test_a_misspelt_rubric_item_is_one_line_naming_the_item_meant(mini_q, mini_r, write):
    """Not also the knock-on lines: the item meant is unscored, and advice addresses it."""
    mini_r["dimensions"]["alpha"]["items"][0]["item"] = "a_agre1"
    mini_r["dimensions"]["alpha"]["recommendations"][2] = [
        {"text": "x", "addresses": ["a_agree1"], "effort": "S"}
    ]
    assert problems(write, mini_q, mini_r) == [
        "r.yaml: dimensions.alpha.items[0].item: 'a_agre1' is not an item of q.yaml (did you "
        "mean 'a_agree1'?)"
    ]
