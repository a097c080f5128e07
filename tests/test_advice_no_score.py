"""Advice in a dimension that could not be scored (too few answers): its effect is not known, so
it gets no effect figure and never outranks a step that closes a known gap."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pypdf import PdfReader

from amc_assess.advice import advice_for
from amc_assess.api import score_files
from amc_assess.validation import instrument
from conftest import invoke
from test_advice_unknown import flat, mid_with

Q, R = instrument()
KEPT = ("lrn_milestone_debriefs", "lrn_tool_usage")  # answered 3 in the mid example
LEARNING_UNKNOWN = {
    ri.item: "dont_know" for ri in R.dimensions["learning"].items if ri.item not in KEPT
}
DEBRIEFS = "Hold a short written debrief"  # lrn_milestone_debriefs' own advice


def test_steps_of_an_unscored_dimension_have_no_effect_and_follow_the_known_gaps(
    tmp_path: Path,
):
    result = score_files([mid_with(tmp_path, **LEARNING_UNKNOWN)])[0]
    learning = next(d for d in result.dimensions if d.dimension == "learning")
    assert learning.score is None and learning.status == "insufficient data"
    advice = advice_for(result, R)
    debriefs = next(a for a in advice if a.text.startswith(DEBRIEFS))
    assert debriefs.effect is None and not debriefs.unscored  # answered 3: advice, no figure
    assert debriefs.gain > 0  # the rise over the two answered practices, kept for ordering
    plain = [a for a in advice if not a.unscored]
    groups = [0 if a.effect else 1 if a.effect is None else 2 for a in plain]
    assert groups == sorted(groups) and {0, 1, 2} <= set(groups)
    for a in plain:  # unknown exactly for the steps in the unscored dimension
        assert (a.effect is None) == (a.dimension == "learning"), a.id


def test_the_summary_priorities_and_roadmap_of_such_a_report(tmp_path: Path):
    path = mid_with(tmp_path, **LEARNING_UNKNOWN)
    out = tmp_path / "report.pdf"
    assert invoke("report", path, "--out", out).exit_code == 0
    pages = [flat(p.extract_text()) for p in PdfReader(out).pages]
    summary = next(p for p in pages if "Three priorities" in p)
    priorities = summary.split("Three priorities")[1].split("The advice that applies")[0]
    assert priorities.count("Because:") == 3 and "Learning" not in priorities
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    steps = record["recommendations"]
    step = next(s for s in steps if s["text"].startswith(DEBRIEFS))
    assert step["effect"] is None and step["dimension"] == "learning"
    assert all(s["effect"] is not None for s in steps if s["dimension"] != "learning")
    roadmap = " ".join(p for p in pages if "Recommended step" in p)
    found = re.search(rf"(\d+) Learning {DEBRIEFS}[^“]*“Neither agree nor disagree” "
                      r"\S+ months \(\w+\) (\S+)", roadmap)  # fmt: skip
    assert found, roadmap
    assert found.group(2) == "–" and int(found.group(1)) == steps.index(step) + 1
    section = roadmap.split("Steps in a dimension that could not be scored Too few questions "
                            "were answered in Learning to score it, so its gap")  # fmt: skip
    assert len(section) == 2 and DEBRIEFS in section[1] and step["group"] == "unmeasured"
    assert DEBRIEFS not in section[0]


def test_a_report_where_every_dimension_is_scored_says_nothing_of_it(tmp_path: Path):
    out = tmp_path / "report.pdf"
    assert invoke("report", mid_with(tmp_path), "--out", out).exit_code == 0
    text = " ".join(flat(p.extract_text()) for p in PdfReader(out).pages)
    assert "Steps in a dimension that could not be scored" not in text
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    steps = record["recommendations"]  # only "find out first" steps have no figure
    assert all((s["effect"] is None) == bool(s["unscored"]) for s in steps)


def test_a_finding_names_the_roadmap_step_that_gives_its_advice(tmp_path: Path):
    """The mid example's finding about top management's contact with partners gives advice that
    the practice advice of crd_three_level_contact already gives: folded into that step, which
    names the finding, and the finding names the step."""
    out = tmp_path / "report.pdf"
    assert invoke("report", mid_with(tmp_path), "--out", out).exit_code == 0
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    rule = next(r for r in R.rules if r.id in record["rules"] and r.addresses)
    steps = record["recommendations"]
    holder = next(s for s in steps if f"rule:{rule.id}" in s["holds"])
    assert holder["id"] != f"rule:{rule.id}"
    assert rule.addresses[0] in [i["id"] for i in holder["items"]]
    pages = [flat(p.extract_text()) for p in PdfReader(out).pages]
    summary = next(p for p in pages if "What the answers point to" in p)
    assert f"{rule.title}." in summary
    found = re.search(
        re.escape(rule.title) + r"\..*?\(Source: [^;)]+; roadmap step (\d+)\)", summary
    )
    assert found and int(found.group(1)) == holder["rank"]
    roadmap = " ".join(p for p in pages if "Recommended step" in p)
    row = roadmap.split(f" {holder['rank']} Coordination ")[1].split(" months ")[0]
    assert f"finding: {rule.title}" in row
    assert "that step names the finding" in roadmap


def test_the_roadmap_comes_in_sections_whose_ranks_run_on(tmp_path: Path):
    """Closing a gap, no score, further, find out first: each section lists its steps, in rank
    order, and names the gaps its effects are measured against."""
    path = mid_with(tmp_path, crd_handover_plan="dont_know", **LEARNING_UNKNOWN)
    out = tmp_path / "report.pdf"
    assert invoke("report", path, "--out", out).exit_code == 0
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    steps = record["recommendations"]
    order = ["gap", "unmeasured", "further", "check"]
    groups = [s["group"] for s in steps]
    assert groups == sorted(groups, key=order.index) and set(groups) == set(order)
    assert [s["rank"] for s in steps] == list(range(1, len(steps) + 1))
    text = " ".join(flat(p.extract_text()) for p in PdfReader(out).pages)
    roadmap = text[text.index("Steps that close a gap to target") :]
    headings = ["Steps that close a gap to target", "Steps in a dimension that could not be scored",
                "Further steps", "Find out first Each of these steps addresses a practice"]  # fmt: skip
    at = [roadmap.index(h) for h in headings]
    assert at == sorted(at)
    bounds = [*at, roadmap.index("Progress to target")]
    for s in steps:  # each step's opening words in its own section
        k = order.index(s["group"])
        assert " ".join(s["text"].split()[:7]) in roadmap[bounds[k] : bounds[k + 1]], s["id"]
    gaps = {k: d["gap_to_target"] for k, d in record["scores"]["dimensions"].items()}
    coordination = gaps["coordination"]
    assert f"Coordination {coordination:.2f}" in roadmap[: at[1]]
    last_gap = max(s["rank"] for s in steps if s["group"] == "gap")
    assert f"Steps 1 to {last_gap};" in roadmap[: at[1]]


def test_a_section_of_one_step_speaks_of_one(tmp_path: Path):
    """The mid example has one "find out first" step: "this step", not "these steps"."""
    out = tmp_path / "report.pdf"
    assert invoke("report", mid_with(tmp_path), "--out", out).exit_code == 0
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [s["group"] for s in record["recommendations"]].count("check") == 1
    text = " ".join(flat(p.extract_text()) for p in PdfReader(out).pages)
    assert "Find out first This step addresses a practice that was answered" in text
    assert "it has no effect figure" in text and "Each of these steps" not in text


def test_strengths_and_weaknesses_say_which_dimension_was_not_scored(tmp_path: Path):
    """A trial: "Weakest: Coordination" beside an unscored Learning, without a word."""
    out = tmp_path / "report.pdf"
    assert invoke("report", mid_with(tmp_path, **LEARNING_UNKNOWN), "--out", out).exit_code == 0
    text = " ".join(flat(p.extract_text()) for p in PdfReader(out).pages)
    assert "Strongest of those scored: Structure" in text
    assert "Weakest of those scored: Coordination" in text
    assert "Not scored: Learning (too few answers): it is not compared here." in text
    plain = tmp_path / "plain.pdf"
    assert invoke("report", mid_with(tmp_path), "--out", plain).exit_code == 0
    text = " ".join(flat(p.extract_text()) for p in PdfReader(plain).pages)
    assert "Weakest: Coordination" in text and "of those scored" not in text
