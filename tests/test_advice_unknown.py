"""Advice for practices nobody could score: "find out first", never a plain instruction that
assumes the practice is missing; left out where every answer says the practice does not apply."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from pypdf import PdfReader

from amc_assess.advice import advice_for
from amc_assess.api import score_files
from amc_assess.validation import instrument
from conftest import REPO, invoke

Q, R = instrument()
HANDOVER = "Make handovers compulsory"  # coordination.L3.0, addresses crd_handover_plan only
HANDOVER_ADVICE = "Make a handover mandatory"  # crd_handover_plan's own advice
SIZE = "Size the function's team and budget"  # daf.L3.3: daf_headcount, daf_budget_share


def mid_with(tmp_path: Path, name: str = "mid.yaml", **answers: object) -> Path:
    """The mid-maturity example with some answers replaced."""
    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["answers"].update(answers)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_step_whose_practices_all_went_unscored_is_marked_and_ranked_last(tmp_path: Path):
    path = mid_with(tmp_path, crd_handover_plan="dont_know", daf_headcount="dont_know")
    result = score_files([path])[0]
    advice = advice_for(result, R)
    handover = next(a for a in advice if a.text.startswith(HANDOVER))
    assert handover.unscored and handover.items == ["crd_handover_plan"]
    size = next(a for a in advice if a.text.startswith(SIZE))
    assert size.unscored  # headcount: don't know; budget share: not applicable
    flags = [a.unscored for a in advice]
    assert flags == sorted(flags)  # every unscored step after every scored one
    for a in advice:  # marked exactly when no practice it addresses has a score
        assert a.unscored == all(result.item_scores.get(i) is None for i in a.items), a.id
    assert not all(flags)  # the mid example still gets scored advice


def test_the_same_step_with_a_scored_practice_is_plain_advice(tmp_path: Path):
    result = score_files([mid_with(tmp_path, crd_handover_plan="no")])[0]
    advice = advice_for(result, R)
    assert [a.unscored for a in advice if "crd_handover_plan" in a.items] == [False]


def test_the_report_says_find_out_first_and_gives_no_effect_figure(tmp_path: Path):
    """In the report (which reads the answers) a practice answered "don't know" gets its own
    advice as "find out first"; the level's recommendation for it is folded into that."""
    path = mid_with(tmp_path, crd_handover_plan="dont_know")
    out = tmp_path / "report.pdf"
    assert invoke("report", path, "--out", out).exit_code == 0
    pages = [flat(p.extract_text()) for p in PdfReader(out).pages]
    roadmap = next(p for p in pages if "Recommended step" in p and HANDOVER_ADVICE in p)
    found = re.search(r"(\d+) Coordination Find out first whether this is already done; if it is "
                      r"not: " + HANDOVER_ADVICE + r"[^“]*“Don't know” \S+ months \(\w+\) (\S+)",
                      roadmap)  # fmt: skip
    assert found, roadmap
    assert found.group(2) == "–"  # no effect figure
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    steps = record["recommendations"]
    step = next(s for s in steps if s["text"].startswith(HANDOVER_ADVICE))
    assert step["unscored"] is True and int(found.group(1)) == steps.index(step) + 1
    assert step["id"] == "crd_handover_plan" and not [s for s in steps if HANDOVER in s["text"]]
    assert [s["unscored"] for s in steps] == sorted(s["unscored"] for s in steps)
    last = " ".join(pages).split("Find out first Each of these steps addresses a practice that")
    assert len(last) == 2 and HANDOVER_ADVICE in last[1] and step["group"] == "check"


def test_a_step_half_in_place_half_unknown_is_find_out_first_about_the_unknown(tmp_path: Path):
    """ "Make debriefs compulsory ... and make the end-of-alliance review mandatory" (learning,
    level 2) was plain advice beside a "Yes" to the review and a "don't know" on debriefs: it
    contradicted the "Yes" (a new-user trial)."""
    data = yaml.safe_load((REPO / "examples" / "low_maturity.yaml").read_text(encoding="utf-8"))
    data["answers"].update(lrn_post_alliance_review="yes", lrn_milestone_debriefs="dont_know")
    path = tmp_path / "low.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = score_files([path])[0]
    assert next(d.level for d in result.dimensions if d.dimension == "learning") == 2
    step = next(a for a in advice_for(result, R) if a.text.startswith("Make debriefs compulsory"))
    assert step.items == ["lrn_milestone_debriefs", "lrn_post_alliance_review"]
    assert step.unscored  # needed only if the debriefs prove missing
    out = tmp_path / "low.pdf"
    assert invoke("report", path, "--out", out).exit_code == 0
    shown = next(
        s for s in json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["recommendations"]
        if "lrn_milestone_debriefs" in [i["id"] for i in s["items"]]
    )  # fmt: skip
    assert shown["unscored"] is True
    text = flat(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert "Learning 2: “Yes”" not in text  # the reason quotes the unknown practice only


def test_steps_about_questions_not_asked_are_left_out(tmp_path: Path):
    """A firm without an alliance function is not asked its follow-ups: no "find out first"
    about them (a trial saw two, quoting "not answered" beside a table saying "Not asked")."""
    path = mid_with(tmp_path, daf_exists="no")
    out = tmp_path / "report.pdf"
    assert invoke("report", path, "--out", out).exit_code == 0
    steps = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["recommendations"]
    assert [s["id"] for s in steps if s["unscored"]] == ["lrn_recognition_sharing"]  # its DK


def test_a_report_without_unscored_steps_does_not_explain_them(tmp_path: Path):
    out = tmp_path / "report.pdf"
    known = mid_with(tmp_path, lrn_recognition_sharing=3)  # its one "don't know"
    assert invoke("report", known, "--out", out).exit_code == 0
    text = flat(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert "find out first" not in text.lower()


def test_a_step_every_respondent_called_not_applicable_is_left_out(tmp_path: Path):
    rubric = yaml.safe_load((REPO / "rubrics" / "amc.yaml").read_text(encoding="utf-8"))
    for rec in rubric["dimensions"]["daf"]["recommendations"][3]:
        if rec["text"].startswith(SIZE):
            rec["addresses"] = ["daf_budget_share"]  # a practice the mid example calls N/A
    rpath = tmp_path / "rubric.yaml"
    rpath.write_text(yaml.safe_dump(rubric, sort_keys=False), encoding="utf-8")
    resp = mid_with(tmp_path)
    out = tmp_path / "report.pdf"
    assert invoke("report", resp, "-r", rpath, "--out", out).exit_code == 0
    steps = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["recommendations"]
    assert not [s for s in steps if s["text"].startswith(SIZE)]
    assert [s["rank"] for s in steps] == list(range(1, len(steps) + 1))
    # the same rubric with the answer unknown instead: find out first
    unknown = mid_with(tmp_path, "unknown.yaml", daf_budget_share="dont_know")
    assert invoke("report", unknown, "-r", rpath, "--out", out).exit_code == 0
    steps = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["recommendations"]
    about = [s for s in steps if "daf_budget_share" in [i["id"] for i in s["items"]]]
    assert [s["unscored"] for s in about] == [True]  # its own advice, the level's folded in


def test_markdown_lists_the_advice_that_fits_the_answers(tmp_path: Path):
    text = invoke("score", mid_with(tmp_path, crd_handover_plan="dont_know"), "-f", "markdown")
    assert text.exit_code == 0, text.output
    lines = [line for line in text.output.splitlines() if line.startswith("- ")]
    rec = next(
        r.text for r in R.dimensions["coordination"].recommendations[3]
        if r.addresses == ["crd_handover_plan"]
    )  # fmt: skip
    advice = next(ri.advice for ri in R.dimensions["coordination"].items
                  if ri.item == "crd_handover_plan")  # fmt: skip
    assert advice is not None and advice.text.startswith(HANDOVER_ADVICE)
    # as in the report: the practice's own advice, the level's recommendation folded into it
    assert [line for line in lines if HANDOVER_ADVICE in line or HANDOVER in line] == [
        "- Find out first whether this is already done (the answers do not say); if it is not: "
        + " ".join(advice.text.split())
    ]
    # a level's recommendation whose practice is already in place is not listed
    high = invoke(
        "score", mid_with(tmp_path, "yes.yaml", crd_handover_plan="yes"), "-f", "markdown"
    )
    assert not [line for line in high.output.splitlines() if HANDOVER in line]
    assert rec.startswith(HANDOVER) and rec in R.dimensions["coordination"].steps(3)


def test_the_summary_says_how_many_practices_are_unknown_and_what_that_means(tmp_path: Path):
    """Answering "don't know" to weak practices raised a dimension a level and the summary
    did not say so (a new-user trial)."""
    unknown = {"crd_handover_plan": "Coordination 8", "lrn_sharing_forums": "Learning 7",
               "lrn_recognition_sharing": "Learning 12"}  # fmt: skip
    path = mid_with(tmp_path, **dict.fromkeys(unknown, "dont_know"))
    out = tmp_path / "r.pdf"
    assert invoke("report", path, "--out", out).exit_code == 0
    summary = flat(PdfReader(out).pages[1].extract_text())
    assert (f'3 practices were answered "don\'t know" ({", ".join(unknown.values())}). '
            'A "don\'t know" counts neither for nor against a score') in summary  # fmt: skip
    one = mid_with(tmp_path, "one.yaml")  # the example's one "don't know"
    assert invoke("report", one, "--out", out).exit_code == 0
    assert '1 practice was answered "don\'t know" (Learning 12)' in flat(
        PdfReader(out).pages[1].extract_text()
    )
    known = mid_with(tmp_path, "known.yaml", lrn_recognition_sharing=3)
    assert invoke("report", known, "--out", out).exit_code == 0
    assert 'answered "don\'t know" (' not in flat(PdfReader(out).pages[1].extract_text())


def test_markdown_has_no_find_out_first_about_questions_not_asked(tmp_path: Path):
    """A "no" to having an alliance function leaves its follow-ups unasked: nothing to find out
    about them (the markdown summary read the results alone and listed three such steps)."""
    out = invoke("score", mid_with(tmp_path, daf_exists="no"), "-f", "markdown")
    assert out.exit_code == 0, out.output
    checks = [line for line in out.output.splitlines() if line.startswith("- Find out first")]
    sharing = next(ri.advice for ri in R.dimensions["learning"].items
                   if ri.item == "lrn_recognition_sharing")  # fmt: skip
    assert sharing is not None
    assert checks == [
        "- Find out first whether this is already done (the answers do not say); if it is not: "
        + " ".join(sharing.text.split())
    ]  # the one practice the mid example answers "don't know"


def test_json_next_steps_leave_out_what_is_in_place():
    """A trial: ``amc score -f json`` listed "Add a formal build, buy or partner comparison"
    under the mid example's structure, which answers "Yes" to it (score 5); the report and
    the markdown drop it. The result's next steps now drop it too."""
    for example in ("mid_maturity", "high_maturity"):
        out = invoke("score", REPO / "examples" / f"{example}.yaml", "-f", "json")
        assert out.exit_code == 0, out.output
        [result] = json.loads(out.stdout)
        scores = result["item_scores"]
        for d in result["dimensions"]:
            recs = R.dimensions[d["dimension"]].recommendations.get(d["level"], [])
            kept = [" ".join(rec.text.split()) for rec in recs
                    if not all((scores.get(i) or 0) >= 4 for i in rec.addresses)]  # fmt: skip
            assert [" ".join(s.split()) for s in d["next_steps"]] == kept, d["dimension"]
        if example == "mid_maturity":
            structure = next(d for d in result["dimensions"] if d["dimension"] == "structure")
            assert scores["str_build_buy_partner"] == 5
            assert not [s for s in structure["next_steps"] if "build, buy or partner" in s]


def test_markdown_lists_the_find_out_first_steps_of_a_dimension_without_a_score(tmp_path: Path):
    """ "Don't know" to all of learning: the report listed its find-out-first steps, the
    markdown summary only "Too few answers" (a new-user trial). Both list the same steps."""
    learning = [ri.item for ri in R.dimensions["learning"].items if ri.metric is None]
    path = mid_with(tmp_path, **dict.fromkeys(learning, "dont_know"))
    out = invoke("score", path, "-f", "markdown")
    assert out.exit_code == 0, out.output
    section = out.output.split("### Learning")[1].split("### ")[0]
    assert "Too few answers to score this dimension (0 of" in section
    steps = [line for line in section.splitlines() if line.startswith("- ")]
    assert steps and all(line.startswith("- Find out first") for line in steps)
    pdf = tmp_path / "r.pdf"
    assert invoke("report", path, "--out", pdf).exit_code == 0
    record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    report_steps = [r for r in record["recommendations"] if r["dimension"] == "learning"]
    assert len(steps) == len(report_steps) and all(r["unscored"] for r in report_steps)
