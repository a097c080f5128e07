"""Questions the questionnaire asked but nobody answered read "Not answered" (not "Not asked"),
and the summary and the dimension page say how many there were; skip logic's questions still
read "Not asked"."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pypdf import PdfReader

from amc_assess.validation import instrument
from conftest import REPO, invoke

Q, R = instrument()


def report_of(tmp_path: Path, drop: str = "crd_", **answers: object) -> tuple[list[str], dict]:
    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["answers"] = {k: v for k, v in data["answers"].items() if not k.startswith(drop)}
    data["answers"].update(answers)
    path = tmp_path / "resp.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "r.pdf"
    assert invoke("report", path, "--out", out).exit_code == 0
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    return pages, json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def test_a_dimension_left_unanswered_reads_not_answered_and_is_counted(tmp_path: Path):
    pages, record = report_of(tmp_path)
    crd = [ri.item for ri in R.dimensions["coordination"].items if ri.metric is None]
    summary = " ".join(pages)
    refs = ", ".join(f"Coordination {k}" for k in range(1, len(crd) + 1))
    assert f"{len(crd)} practices were not answered at all ({refs}), though the questionnaire" \
        in summary  # fmt: skip
    first = next(k for k, p in enumerate(pages) if "cite them (Coordination 1, Coordination 2" in p)
    table = " ".join(pages[first : first + 2]).split("Learning How the firm")[0]
    assert table.count("Not answered") == len(crd) and "Not asked" not in table
    assert f"fewer than the 60% needed to score this dimension ({len(crd)} not answered at all)" \
        in " ".join(pages)  # fmt: skip
    assert record["scores"]["dimensions"]["coordination"]["answered"] == 0


def test_skip_logic_still_reads_not_asked_and_is_not_counted_as_unanswered(tmp_path: Path):
    """A "no" to having an alliance function: its follow-ups were not asked, not unanswered."""
    follow = [i.id for i in Q.items() if i.id.startswith("daf_") and i.when is not None]
    assert len(follow) >= 5
    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    kept = {k: v for k, v in data["answers"].items() if k.startswith("daf_") and k not in follow}
    pages, _ = report_of(tmp_path, drop="daf_", **{**kept, "daf_exists": "no"})
    assert "not answered at all" not in " ".join(pages)
    table = " ".join(p for p in pages if "Dedicated alliance function" in p
                     and ("Results by practice" in p or "Practice assessed" in p))  # fmt: skip
    assert "Not asked" in table and "Not answered" not in table


def test_one_question_left_unanswered_is_named_in_the_singular(tmp_path: Path):
    pages, _ = report_of(tmp_path, drop="crd_handover_plan")
    summary = " ".join(pages)
    assert "1 practice was not answered at all (Coordination 8), though the questionnaire " \
        "asked it." in summary  # fmt: skip


def test_targets_from_several_sources_say_which_dimension_comes_from_where(tmp_path: Path):
    """A trial: "partly agreed and partly the rubric's defaults (each dimension's page says
    which)" for targets set on the command line, and no page said which."""
    out = tmp_path / "t.pdf"
    done = invoke("report", REPO / "examples" / "mid_maturity.yaml", "--targets",
                  "structure=5,daf=2", "--out", out)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "partly agreed" not in text
    assert ("Target levels: for Structure and Dedicated alliance function, set for this report "
            "(--targets) and not recorded as agreed; for Coordination and Learning, the "
            "rubric's defaults.") in text  # fmt: skip


def test_a_two_dimension_instrument_gets_no_radar(tmp_path: Path):
    """A trial: with two dimensions the radar was a vertical line; the table says it all."""
    mini = REPO / "tests" / "fixtures" / "mini"
    out = tmp_path / "m.pdf"
    done = invoke("report", mini / "response.yaml", "-q", mini / "questionnaire.yaml", "-r",
                  mini / "rubric.yaml", "--out", out)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "Executive summary" in text and "Profile at a glance" not in text
    assert "The shaded shape" not in text
    four = tmp_path / "four.pdf"
    assert invoke("report", REPO / "examples" / "mid_maturity.yaml", "--out", four).exit_code == 0
    assert "Profile at a glance" in " ".join(p.extract_text() for p in PdfReader(four).pages)


def test_the_methodology_example_fits_the_rubrics_levels(tmp_path: Path):
    """A trial with three levels read "a firm at level 3 with target level 4"."""
    mini = REPO / "tests" / "fixtures" / "mini"
    rubric = yaml.safe_load((mini / "rubric.yaml").read_text(encoding="utf-8"))
    rubric["levels"] = rubric["levels"][:3]
    for dim in rubric["dimensions"].values():
        dim["target"] = min(dim.get("target", 3), 3)
        for key in ("recommendations", "descriptors"):
            if isinstance(dim.get(key), dict):
                dim[key] = {k: v for k, v in dim[key].items() if int(k) <= 3}
    for rule in rubric["rules"]:  # a level above 3 could never be reached: validate says so
        for clause in rule["when"].get("all", []):
            if "level" in clause and clause.get("gte", 0) > 3:
                clause["gte"] = 3
    three = tmp_path / "rubric3.yaml"
    three.write_text(yaml.safe_dump(rubric, sort_keys=False), encoding="utf-8")
    out = tmp_path / "m.pdf"
    done = invoke("report", mini / "response.yaml", "-q", mini / "questionnaire.yaml", "-r",
                  three, "--out", out)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "A firm at level 2 with target level 3 has completed 1 of 2 steps (shown as 50%" in text
    assert "target level 4" not in text
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert "with target level 3 has" in record["progress_definition"]["text"]


def test_a_misspelled_template_is_named_not_ignored(tmp_path: Path, monkeypatch):
    """A trial: ``report_sumary.j2`` in --template-dir was silently ignored."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tpl").mkdir()
    source = (REPO / "report_templates" / "report_summary.j2").read_text(encoding="utf-8")
    (tmp_path / "tpl" / "report_sumary.j2").write_text(source, encoding="utf-8")
    (tmp_path / "tpl" / "report_cover.j2").write_text(
        (REPO / "report_templates" / "report_cover.j2").read_text(encoding="utf-8"), "utf-8"
    )  # a real override: no warning
    done = invoke("report", REPO / "examples" / "mid_maturity.yaml", "--template-dir", "tpl",
                  "--out", "r.pdf")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if "tpl" in line] == [
        "warning: tpl/report_sumary.j2: not a template amc reads (did you mean "
        "report_summary.j2?); the bundled templates are used"
    ]


def test_an_owner_whose_step_is_not_in_the_roadmap_is_named(tmp_path: Path, monkeypatch):
    """A trial: ``str_strategy_link: CEO`` (a valid id, its practice in place) was dropped
    without a word; a finding's id whose advice another step gives points to that step."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "owners.yaml").write_text(
        "str_strategy_link: CEO\ncrd_rank_matching: Head of HR\n"
        "rule:senior_contact_missing: CEO\n", encoding="utf-8",
    )  # fmt: skip
    done = invoke("report", REPO / "examples" / "mid_maturity.yaml", "--owners", "owners.yaml",
                  "--out", "r.pdf")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if "owners.yaml" in line] == [
        "warning: owners.yaml: str_strategy_link: no step of this report has this id (its "
        "advice does not fit the answers); its owner is not shown",
        "warning: owners.yaml: rule:senior_contact_missing: no step of this report has this id "
        "(step 'crd_three_level_contact' gives its advice: name the owner there); its owner is "
        "not shown",
    ]
    steps = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["recommendations"]
    assert [s["owner"] for s in steps if s["id"] == "crd_rank_matching"] == ["Head of HR"]
