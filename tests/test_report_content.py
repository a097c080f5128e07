"""What the report tells the client: profile answers, notes, what the answers show, layout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from amc_assess.formats import fmt_gap, fmt_progress
from amc_assess.report.answers import answer_label
from amc_assess.report.references import cited
from amc_assess.validation import instrument
from conftest import MINI, REPO, invoke

EXAMPLES = REPO / "examples"
Q, R = instrument()
MID = yaml.safe_load((EXAMPLES / "mid_maturity.yaml").read_text(encoding="utf-8"))


def report(tmp_path: Path, *files: Path, name: str = "r.pdf") -> tuple[list[str], dict]:
    pdf = tmp_path / name
    done = invoke("report", *files, "--out", pdf)
    assert done.exit_code == 0, done.stderr
    texts = [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]
    return texts, json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))


def profile_text(texts: list[str]) -> str:
    """The firm profile section: from its first page up to the practice heatmap."""
    first = next(k for k, t in enumerate(texts) if "told us about itself" in t)
    last = next(k for k in range(first, len(texts)) if "Practices at a glance" in texts[k])
    return " ".join([*texts[first:last], texts[last].split("Practices at a glance")[0]])


def write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_profile_page_shows_every_context_answer_with_its_note_and_evidence(tmp_path):
    texts, _ = report(tmp_path, EXAMPLES / "mid_maturity.yaml")
    page = profile_text(texts)
    items = Q.item_map()
    scored = {ri.item for d in R.dimensions.values() for ri in d.items}
    context = [i for i in MID["answers"] if i not in scored]
    assert len(context) == 10
    for item_id in context:
        from amc_assess.models import Answer

        raw = MID["answers"][item_id]
        answer = Answer.model_validate(raw if isinstance(raw, dict) else {"value": raw})
        label = answer_label(items[item_id], answer, Q)
        assert label and " ".join(label.split()) in page, (item_id, label)
    assert "Based on the annual reviews of alliances that had one" in page  # a note
    assert "Alliance register, export of 2026-02-28" in page  # evidence


def test_notes_of_every_respondent_appear_with_who_gave_them(tmp_path):
    one, two = json.loads(json.dumps(MID, default=str)), json.loads(json.dumps(MID, default=str))
    two["respondent"] = {"name": "Kim Osei", "side": "own", "level": "senior"}
    two["answers"]["str_escalation"] = {
        "value": "yes",
        "note": "Escalation ladder used twice in 2025",
    }
    two["answers"]["ctx_formed_3y"] = {"value": 9, "note": "Our own count differs"}
    texts, _ = report(tmp_path, write(tmp_path, "a.yaml", one), write(tmp_path, "b.yaml", two))
    text = " ".join(texts)
    assert "Kim Osei: Escalation ladder used twice in 2025" in text
    assert "Kim Osei: Our own count differs" in text
    assert "Dana Whitfield: Based on the annual reviews" in text  # the first respondent's note
    profile = profile_text(texts)
    assert "7 alliances, 9 alliances" in profile  # where they differ, both answers
    assert "22 alliances" in profile and "22 alliances ×2" not in profile  # agreed: once


def test_what_the_answers_show_quotes_practices_in_place_and_gaps(tmp_path):
    texts, record = report(tmp_path, EXAMPLES / "mid_maturity.yaml")
    description = " ".join(R.dimensions["structure"].description.split())[:50]
    page = next(t for t in texts if description in t and "What your answers show" in t)
    assert "What your answers show" in page
    items = Q.item_map()
    scores = record["scores"]["dimensions"]["structure"]["item_scores"]
    in_place = [i for i, s in scores.items() if s is not None and s >= 4]
    gaps = [i for i, s in scores.items() if s is not None and s <= 2]
    assert in_place and gaps
    shown = page.split("What your answers show", 1)[1].split("the typical picture", 1)[0]
    for item_id in in_place + gaps:
        assert " ".join(items[item_id].text.split())[:60] in shown, item_id
    for item_id, s in scores.items():
        if s == 3:
            assert " ".join(items[item_id].text.split())[:60] not in shown, item_id
    assert "Level 3, Defined: the typical picture" in page


def test_insufficient_data_says_which_side_lacks_figures(tmp_path):
    data = json.loads(json.dumps(MID, default=str))
    for key in data["answers"]:
        if key.startswith("lrn_"):
            data["answers"][key] = "dont_know"
    path = write(tmp_path, "gaps.yaml", data)
    pdf = tmp_path / "r.pdf"
    done = invoke("report", path, "--out", pdf, "--peer-file", "synthetic", "--peers", "industry")
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    firm = MID["assessment"]["firm"]
    assert f"{firm} has no score on Learning (too few answers)" in text
    assert "The peer group has no" not in text


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.999, "99%"), (1.0, "100%"), (0.6667, "66%"), (0.29, "29%"), (None, "–")],
)
def test_progress_is_rounded_down(value, shown):
    assert fmt_progress(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(0.01, "0.01"), (0.004, "0.004"), (0.0004, "0.0004"), (0.0, "0.00")]
)
def test_a_gap_never_reads_zero_unless_it_is(value, shown):
    assert fmt_gap(value) == shown
    if value > 0:
        assert float(fmt_gap(value)) > 0


def page_fill(pdf: Path) -> list[tuple[int, float]]:
    """Per page: lines of body text, and the share of the body height the text spans."""
    out = []
    for page in PdfReader(pdf).pages:
        height = float(page.mediabox.height)
        ys: list[float] = []

        def visit(text, cm, tm, font, size, ys=ys):
            if text.strip():
                ys.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        low, high = 0.08 * height, 0.92 * height  # inside the header and the footer
        body = [y for y in ys if low < y < high]
        span = (max(body) - min(body)) / (high - low) if body else 0.0
        out.append((len({round(y) for y in body}), span))
    return out


def section_starts(reader: PdfReader) -> set[int]:
    """Pages (0-based) where a major section (a top-level outline entry) begins."""
    return {
        reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)
    }


def assert_pages_filled(pdf: Path) -> None:
    """Every page but the cover has at least 5 lines; only the page before a new major section
    (or the last page) may be less than 40% filled."""
    starts = section_starts(PdfReader(pdf))
    assert len(starts) >= 6
    fill = page_fill(pdf)
    for k in range(1, len(fill)):
        lines, span = fill[k]
        assert lines >= 5, f"{pdf.name}: page {k + 1} has {lines} lines"
        last_of_section = k + 1 == len(fill) or (k + 1) in starts
        assert span >= 0.4 or last_of_section, f"{pdf.name}: page {k + 1} is {span:.0%} filled"


def _reports(tmp_path: Path) -> list[Path]:
    from test_network import KEY_CONTACT, seed001_ties, write_ties

    out = []
    for example in ("low_maturity", "mid_maturity", "high_maturity"):
        pdf = tmp_path / f"{example}.pdf"
        assert invoke("report", EXAMPLES / f"{example}.yaml", "--out", pdf).exit_code == 0
        out.append(pdf)
    people = []
    for k, (name, side, level) in enumerate(
        [("Ann", "own", "senior"), ("Ben", "own", "middle"), ("Cy", "partner", "senior")]
    ):
        data = json.loads(json.dumps(MID, default=str))
        data["respondent"] = {"name": name, "side": side, "level": level}
        for j, item in enumerate(i for i in data["answers"] if i.startswith(("str_", "crd_"))):
            if (j + k) % 3 == 0 and isinstance(data["answers"][item], int):
                data["answers"][item] = min(5, data["answers"][item] + 1)
        people.append(write(tmp_path, f"p{k}.yaml", data))
    pdf = tmp_path / "three.pdf"
    assert invoke("report", *people, "--out", pdf).exit_code == 0
    out.append(pdf)
    earlier = json.loads(json.dumps(MID, default=str))
    earlier["assessment"]["date"] = "2024-03-05"
    db = tmp_path / "h.db"
    assert (
        invoke("history", "add", write(tmp_path, "2024.yaml", earlier), "--db", db).exit_code == 0
    )
    ties = write_ties(tmp_path / "ties.csv", seed001_ties(), keys={KEY_CONTACT})
    pdf = tmp_path / "full.pdf"
    done = invoke(
        "report", EXAMPLES / "mid_maturity.yaml", "--out", pdf, "--db", db, "--peer-file",
        "synthetic", "--peers", "industry", "--network", ties,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    out.append(pdf)
    return out


def heading_gaps(pdf: Path) -> list[tuple[int, str, float | None]]:
    """Each section heading (18 pt): its page, its text, and the room from the baseline of the
    text above it on the page down to its own (None at the top of a page)."""
    out = []
    for n, page in enumerate(PdfReader(pdf).pages, start=1):
        seen: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, size, seen=seen):
            if text.strip():
                scale = tm[3] * cm[3] if tm[3] else 1
                seen.append((tm[5] * cm[3] + cm[5], size * scale, text.strip()))

        page.extract_text(visitor_text=visit)
        for y, size, text in seen:
            if abs(size - 18) < 0.1:
                above = [other for other, _, _ in seen if y + 1 < other < 780]  # not the header
                out.append((n, text, min(above) - y if above else None))
    return out


def test_a_section_that_goes_on_below_another_keeps_room_above_its_heading(tmp_path):
    """A trial: "Progress over time" (and the firm profile, and the methodology) sat right
    under the table before it, 24 pt from baseline to baseline, as if part of it."""
    pdf = report_pdf(tmp_path, EXAMPLES / "mid_maturity.yaml")
    gaps = heading_gaps(pdf)
    below = [(page, text, gap) for page, text, gap in gaps if gap is not None]
    assert any(text.startswith("Firm profile") for _, text, _ in below), gaps
    assert all(gap >= 40 for _, _, gap in below), below
    assert any(gap is None for _, _, gap in gaps)  # at a page's top no room is added


@pytest.mark.slow
def test_no_page_is_nearly_empty(tmp_path):
    """The three examples, a three-respondent report and one with peers, history and an
    audit."""
    for pdf in _reports(tmp_path):
        assert_pages_filled(pdf)


def test_contents_lists_every_major_section_at_its_page(tmp_path):
    pdf = tmp_path / "r.pdf"
    assert invoke("report", EXAMPLES / "mid_maturity.yaml", "--out", pdf).exit_code == 0
    reader = PdfReader(pdf)
    sections = [
        (o.title, reader.get_destination_page_number(o) + 1)
        for o in reader.outline
        if not isinstance(o, list)
    ]
    cover = reader.pages[0].extract_text()
    lines = [" ".join(line.split()) for line in cover.splitlines()]
    assert "Contents" in lines
    assert len(sections) >= 8
    for title, _page in sections:
        assert title in cover
    # the page numbers are drawn as forms after the pages are known: in section order
    numbers = [int(x) for x in lines[lines.index("Contents") + 1 :] if x.isdigit()]
    assert numbers == [page for _, page in sections]


def test_audit_without_key_contact_columns_does_not_claim_there_is_none(tmp_path):
    """Column absent is not the same as answered "no": the report must not say a firm has no
    designated key contact when the ties file simply does not say."""
    from test_network import KEY_CONTACT, seed001_ties, write_ties

    def channels_text(keys: set[str]) -> str:
        ties = write_ties(tmp_path / f"ties{len(keys)}.csv", seed001_ties(), keys=keys)
        pdf = tmp_path / f"r{len(keys)}.pdf"
        done = invoke("report", EXAMPLES / "mid_maturity.yaml", "--network", ties, "--out", pdf)
        assert done.exit_code == 0, done.stderr
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
        return text.split("Key contacts and channels to the partner", 1)[1].split("Density", 1)[0]

    absent = channels_text(set())
    assert "do not say who the designated key contacts are" in absent
    assert "has no designated key contact" not in absent
    given = channels_text({KEY_CONTACT})
    assert "do not say who the designated key contacts are" not in given
    assert "has no designated key contact" in given  # the own firm named none: a finding


def _record(tmp_path: Path, *files: Path) -> dict:
    return report(tmp_path, *files)[1]


@pytest.mark.parametrize("example", ["low_maturity", "mid_maturity", "high_maturity"])
def test_advice_follows_from_the_answers(tmp_path, example):
    """No recommendation whose addressed practices all score 4 or 5; every practice scoring 1
    or 2 has advice in the roadmap (the report's JSON record lists what triggered each)."""
    record = _record(tmp_path, EXAMPLES / f"{example}.yaml")
    scores = {
        i: s
        for d in record["scores"]["dimensions"].values()
        for i, s in (d["item_scores"] or {}).items()
    }
    recs = record["recommendations"]
    for rec in recs:
        addressed = [scores.get(i["id"]) for i in rec["items"]]
        assert not addressed or not all(s is not None and s >= 4 for s in addressed), rec["id"]
        for i in rec["items"]:
            assert i["score"] == scores.get(i["id"])
    advised = {i["id"] for rec in recs for i in rec["items"]}
    low = {i for i, s in scores.items() if s is not None and s <= 2}
    assert low <= advised, low - advised
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))


def test_the_caution_on_a_formal_function_is_not_followed_by_steps_to_formalize_it(tmp_path):
    """The high example: a strongly formal alliance function and mostly repeat partners. The
    report warned that such a function destroys value with repeat partners, then recommended
    formal roles for every key alliance and checks that every team used the standard toolkit.
    Those steps close no gap (the targets are met): they are left out, and the caution says
    so, naming their practices."""
    texts, record = report(tmp_path, EXAMPLES / "high_maturity.yaml")
    body = " ".join(texts)
    assert "repeat partners" in body
    assert "Name a relationship manager for each key alliance" not in body  # the advice
    assert "Ask in every alliance review whether the toolkit was used" not in body
    caution = next(
        r for r in record["recommendations"] if r["id"] == "rule:daf_fit_repeat_partners"
    )
    assert caution["withheld"] == ["lrn_tool_usage", "daf_defined_roles"]
    # a level step that rests on a held-back practice says to mind the caution (a trial read
    # "no advice to raise Learning 4" beside a step citing Learning 4, with no word between)
    citing = [r for r in record["recommendations"] if r["kind"] == "level"
              and {i["id"] for i in r["items"]} & set(caution["withheld"])]  # fmt: skip
    assert citing, "the high example has level steps citing Learning 4 and DAF 11"
    # and the caution names those steps: it said the roadmap gave "no advice to raise" the
    # two, beside the two steps citing them (a second trial)
    ranks = sorted(r["rank"] for r in citing)
    assert len(ranks) == 2
    assert (
        "For this reason the roadmap holds back each practice's own advice to raise Learning 4 "
        f"and Dedicated alliance function 11 further, as it would close no gap; steps {ranks[0]} "
        f"and {ranks[1]}, which rest on them too, say to mind this finding" in body
    )
    assert "gives no advice to raise" not in body
    assert all(r["tempered_by"] == caution["id"] for r in citing)
    others = [r for r in record["recommendations"] if r not in citing]
    assert not any(r["tempered_by"] for r in others)
    mind = f"mind the finding of step {caution['rank']} before taking this one"
    assert body.count(mind) >= len(citing)
    assert "Keep the function close to the alliances it serves" in body  # in its spirit


def test_a_report_from_an_instrument_of_ones_own_takes_its_title_and_dimensions(tmp_path):
    """The mini instrument's report called itself an "Alliance Management Capability report"
    on the cover, in every page header and in the PDF's title, and its subject named the
    bundled rubric's four dimensions."""
    pdf = tmp_path / "mini.pdf"
    done = invoke(
        "report", MINI / "response.yaml", "-q", MINI / "questionnaire.yaml",
        "-r", MINI / "rubric.yaml", "--out", pdf,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    reader = PdfReader(pdf)
    texts = [p.extract_text() or "" for p in reader.pages]
    flat = " ".join(" ".join(t.split()) for t in texts)
    assert "Alliance Management Capability" not in flat
    assert "AMC" not in flat  # nor its score the "overall AMC index"
    assert "Overall index" in texts[0] and "reaches an overall index of" in flat
    assert all("Mini test instrument report" in t for t in texts)  # cover, then each header
    assert reader.metadata.title == "Mini test instrument report: Mini Corp"
    assert reader.metadata.subject == "Maturity of Mini Corp in alpha and beta, with next steps"
    amc = PdfReader(report_pdf(tmp_path, EXAMPLES / "mid_maturity.yaml"))
    assert amc.metadata.title.startswith("Alliance Management Capability report: ")
    assert "in structure, coordination, learning and dedicated alliance function" in (
        amc.metadata.subject
    )


def report_pdf(tmp_path: Path, path: Path) -> Path:
    pdf = tmp_path / "amc.pdf"
    assert invoke("report", path, "--out", pdf).exit_code == 0
    return pdf


def test_a_report_from_a_scored_table_claims_no_effect_and_quotes_no_answer(tmp_path):
    """A trial: the report of a firm from an amc batch table put every step under "Further
    steps" with effect 0.00 ("their dimension has reached its target") beside a summary with a
    gap of 0.55 in Coordination, and quoted each practice as "not answered". The table keeps
    the dimension scores, not the answers: no step's effect is known."""
    table = tmp_path / "scored.csv"
    done = invoke("batch", EXAMPLES / "mid_maturity.yaml", "-o", table)
    assert done.exit_code == 0, done.stderr
    out = tmp_path / "reports"
    done = invoke("report", "--batch", table, "--out-dir", out, "--no-progress")
    assert done.exit_code == 0, done.stderr
    (pdf,) = out.glob("*.pdf")
    record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    gaps = {k: d["gap_to_target"] for k, d in record["scores"]["dimensions"].items()}
    assert gaps["coordination"] > 0.5  # the gap the steps work on
    steps = record["recommendations"]
    assert steps and all(s["effect"] is None and s["group"] == "table" for s in steps)
    ranked = [gaps[s["dimension"]] for s in steps if s["dimension"] in gaps]
    assert ranked == sorted(ranked, reverse=True)  # by the dimension's gap to target
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "not answered" not in text and "Further steps" not in text
    assert "This report was made from a scored table" in text


def test_a_practice_in_place_gets_no_advice_to_put_it_in_place(tmp_path):
    """The handover answered "Yes" gets no advice to make handovers compulsory; answered "No",
    it does, quoting the answer."""
    yes = json.loads(json.dumps(MID, default=str))
    yes["answers"]["crd_handover_plan"] = "yes"
    with_yes = _record(tmp_path, write(tmp_path, "yes.yaml", yes))
    assert not any(
        "crd_handover_plan" in [i["id"] for i in r["items"]] for r in with_yes["recommendations"]
    )
    texts, with_no = report(tmp_path, EXAMPLES / "mid_maturity.yaml", name="no.pdf")
    handover = [
        r
        for r in with_no["recommendations"]
        if "crd_handover_plan" in [i["id"] for i in r["items"]]
    ]
    assert handover and handover[0]["items"][0]["answer"] == "No"
    assert "“No”" in " ".join(texts)
    # the demo answers "yes" to a build/buy/partner comparison: no advice to add one
    assert not any("build, buy or partner" in r["text"] for r in with_no["recommendations"])


@pytest.mark.parametrize("example", ["low_maturity", "mid_maturity", "high_maturity"])
def test_no_100_percent_or_reached_unless_the_target_is_reached(tmp_path, example):
    texts, record = report(tmp_path, EXAMPLES / f"{example}.yaml")
    thresholds = [lv.min for lv in R.levels]
    dims = record["scores"]["dimensions"]
    reached = {
        d: v["score"] is not None and v["score"] >= thresholds[v["target"] - 1] - 1e-6
        for d, v in dims.items()
    }
    for d, v in dims.items():
        if v["percent_to_target"] is not None:
            assert (v["percent_to_target"] >= 1.0) == reached[d], d
    overall = record["scores"]["overall"]["percent_to_target"]
    assert (overall is not None and overall >= 1.0) == all(reached.values())
    for text in texts[1:]:
        for v in dims.values():
            title = R.dimensions[[k for k in dims if dims[k] is v][0]].title
            row = f"{title} {v['score']:.2f}" if v["score"] is not None else None
            if row and row in text and not reached[[k for k in dims if dims[k] is v][0]]:
                assert f"{row} 100%" not in text
        if "has been reached" in text:
            assert any(reached.values())


def test_owners_file_fills_the_roadmap_and_bad_files_are_one_line(tmp_path):
    first = _record(tmp_path, EXAMPLES / "mid_maturity.yaml")["recommendations"]
    owners = tmp_path / "owners.yaml"
    owners.write_text(
        f"{first[0]['id']}: Head of Alliances\n{first[2]['id']}: J. Doe\n", encoding="utf-8"
    )
    pdf = tmp_path / "o.pdf"
    done = invoke("report", EXAMPLES / "mid_maturity.yaml", "--owners", owners, "--out", pdf)
    assert done.exit_code == 0, done.stderr
    recs = json.loads(pdf.with_suffix(".json").read_text())["recommendations"]
    assert recs[0]["owner"] == "Head of Alliances" and recs[2]["owner"] == "J. Doe"
    assert recs[1]["owner"] is None
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Head of Alliances" in text
    owners.write_text("- a list\n", encoding="utf-8")
    done = invoke("report", EXAMPLES / "mid_maturity.yaml", "--owners", owners, "--out", pdf)
    assert done.exit_code == 1
    assert done.stderr.strip().endswith("(top level): expected a mapping of step id to owner")
    # a misspelt step id is an error naming the step meant (it was ignored: no owner shown);
    # a step of the rubric that this roadmap lacks is no error (a file kept from year to year)
    owners.write_text(
        "crd_rank_matchng: A. Typo\nlearning.L1.0: B. Kept\nlrn_repository: C. Fine\n",
        encoding="utf-8",
    )
    done = invoke("report", EXAMPLES / "mid_maturity.yaml", "--owners", owners, "--out", pdf)
    assert (done.exit_code, done.stderr) == (1, (
        f"{owners}: crd_rank_matchng: no roadmap step has this id (did you mean "
        "'crd_rank_matching'?)\n"
    ))  # fmt: skip


def test_no_source_is_cited_by_file_number_in_the_pdf(tmp_path):
    texts, _ = report(tmp_path, EXAMPLES / "mid_maturity.yaml")
    text = " ".join(texts)
    assert "seed 0" not in text.lower()
    assert "References" in text and "Hutt et al. 2000" in text


def test_heatmap_peer_medians_from_a_store_with_item_scores(tmp_path):
    """Peers from the store carry item scores: the report's peers get each practice's median
    over the peer firms (independently recomputed here, then rounded to 0.1 as disclosure
    control asks: it needs 10 peers beside any one firm, 11 firms), and the heatmap shows it."""
    import statistics

    from amc_assess import api
    from amc_assess.disclosure import coarse

    files = []
    for k in range(11):
        data = yaml.safe_load(
            (EXAMPLES / ("low_maturity.yaml", "high_maturity.yaml")[k % 2]).read_text()
        )
        data["assessment"]["firm"] = f"Peer {k}"
        data["assessment"]["date"] = "2026-01-10"
        for j, item in enumerate(i for i in data["answers"] if i.startswith("str_")):
            if (j + k) % 4 == 0 and isinstance(data["answers"][item], int):
                data["answers"][item] = 1 + (data["answers"][item] + k) % 5
        files.append(write(tmp_path, f"peer{k}.yaml", data))
    db = tmp_path / "p.db"
    assert invoke("history", "add", *files, "--db", db).exit_code == 0
    pdf = tmp_path / "r.pdf"
    done = invoke("report", EXAMPLES / "mid_maturity.yaml", "--db", db, "--out", pdf)
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text())
    got = record["peers"]["items"]
    results = api.score_files(files)
    for item in ("str_strategy_link", "crd_interfaces", "lrn_milestone_debriefs"):
        values = [r.item_scores[item] for r in results if r.item_scores.get(item) is not None]
        assert len(values) >= 11, item
        assert got[item] == coarse(statistics.median(values)), item
    assert len(got) >= 30
    heat = next(t for t in (" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
                if "Practices at a glance" in t and "Peers" in t)  # fmt: skip
    assert "median of the peer firms" in heat


def test_peer_position_uses_the_scores_the_report_shows(tmp_path):
    """With a relationship audit, coordination is scored another way than the peers' (who had
    no audit): the report places the firm among its peers with the scores it shows, so it gives
    no coordination position (not comparable) instead of the questionnaire-only one."""
    from amc_assess.benchmark import benchmark
    from amc_assess.network import audit
    from amc_assess.scored.read import read_scored
    from test_network import KEY_CONTACT, seed001_ties, write_ties

    ties = write_ties(tmp_path / "ties.csv", seed001_ties(), keys={KEY_CONTACT})
    pdf = tmp_path / "r.pdf"
    args = ["--peer-file", "synthetic", "--peers", "industry", "--out", pdf]
    done = invoke("report", EXAMPLES / "mid_maturity.yaml", "--network", ties, *args)
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text())
    audited = read_scored([EXAMPLES / "mid_maturity.yaml"], Q, R, network=audit([ties]))
    shown = record["scores"]["dimensions"]["coordination"]["score"]
    assert audited.respondents[0].dimensions["coordination"].score == shown
    firm = MID["assessment"]["firm"]
    expected = benchmark(
        firm, peer_file="synthetic", peers="industry", respondents=audited.respondents
    )
    plain = benchmark(firm, peer_file="synthetic", peers="industry",
                      assessment=[EXAMPLES / "mid_maturity.yaml"])  # fmt: skip
    peers = record["peers"]["dimensions"]
    assert "coordination" not in peers  # audited coordination has no comparable peers
    assert next(s for s in plain.dimensions if s.dimension == "coordination").position is not None
    for s in expected.dimensions:
        if s.dimension != "coordination":
            assert s.position is not None
            assert peers[s.dimension]["position"] == s.position.model_dump()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "The peer group has no comparable figures for this dimension" in text


def test_a_seven_point_instrument_renders_a_report(tmp_path):
    """Practice scores that are not whole (a 7-point scale mapped onto 1..5) color by the
    nearest level; the report renders and prints the scores of the result."""
    s7 = REPO / "tests" / "fixtures" / "scale7"
    pdf = tmp_path / "s7.pdf"
    done = invoke(
        "report", s7 / "response.yaml", "-q", s7 / "questionnaire.yaml", "-r", s7 / "rubric.yaml",
        "--out", pdf,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    scores = [d["score"] for d in record["scores"]["dimensions"].values() if d["score"] is not None]
    assert scores and all(f"{s:.2f}" in text for s in scores)
    items = {
        i: v
        for d in record["scores"]["dimensions"].values()
        for i, v in (d["item_scores"] or {}).items()
        if v is not None
    }
    fractional = [v for v in items.values() if not float(v).is_integer()]
    assert fractional  # practice scores such as 4.333333 print rounded, as 4.33
    assert all(f"{v:.2f}" in text for v in fractional)
    assert not re.findall(r"\d\.\d{3}", text)


def test_a_step_on_a_finding_naming_no_practice_is_not_said_to_be_at_target(tmp_path):
    """ "The alliance function is not yet driving learning" (a finding naming no practice)
    stood under "Further steps" at effect 0.00, beside "their dimension has reached its
    target", for a firm whose Learning was level 1, 1.99 below target (a trial). Its effect
    is a dash, and the section says why."""
    mid = yaml.safe_load((EXAMPLES / "mid_maturity.yaml").read_text(encoding="utf-8"))
    weak = {i: 1 for i in ("lrn_milestone_debriefs", "lrn_tool_usage", "lrn_training_content",
                           "lrn_hiring_collaborative", "lrn_recognition_sharing",
                           "lrn_internalization")}  # fmt: skip
    mid["answers"].update(weak, lrn_reinvention=5, lrn_post_alliance_review="no",
                          lrn_sharing_forums="no", lrn_expert_capture="no")  # fmt: skip
    texts, record = report(tmp_path, write(tmp_path, "weak.yaml", mid))
    learning = next(d for d in record["scores"]["dimensions"].values()
                    if d["title"].startswith("Learning"))  # fmt: skip
    assert learning["level"] <= 2 and learning["gap_to_target"] > 0
    (step,) = [r for r in record["recommendations"] if r["id"] == "rule:daf_without_learning"]
    assert step["effect"] is None and not step["items"] and step["group"] == "further"
    roadmap = " ".join(texts[next(k for k, t in enumerate(texts) if "Further steps" in t) :])
    head = roadmap.split("Further steps")[1].split(" # ")[0]  # the section's paragraph
    named = [r for r in record["recommendations"] if r["group"] == "further" and r["items"]]
    assert all(r["dimension"] != "learning" for r in named)  # at target: those dimensions'
    assert head == (
        f" {len(named)} steps close no gap to target (effect 0.00): their dimension has reached "
        "its target, so they are ranked by how far they would raise its score further, per "
        "effort (the grey figure under the effect). One step names no single practice (a "
        "finding's advice, or a recommendation for the level reached), so its effect on the gap "
        "to target cannot be worked out (a dash), whatever that gap is: it comes after the steps "
        "whose effect is known."
    )


def test_roadmap_steps_at_target_show_how_far_they_raise_the_score(tmp_path):
    """Learning is at its target in the mid-maturity example: its steps close no gap (0.00),
    and the roadmap says so and shows, under the effect, how far each would raise the score."""
    texts, record = report(tmp_path, EXAMPLES / "mid_maturity.yaml")
    first = next(k for k, t in enumerate(texts) if t.startswith("Roadmap") or " Roadmap " in t)
    roadmap = " ".join(texts[first:])
    steps = [r for r in record["recommendations"] if r["group"] == "further"]
    further = roadmap.split(f"Further steps {len(steps)} steps close no gap to target (effect "
                            "0.00): their dimension has reached its target")[1]  # fmt: skip
    steps = [r for r in record["recommendations"]
             if r["dimension"] == "learning" and not r["unscored"]]  # fmt: skip
    assert steps and all(r["effect"] == 0 and r["group"] == "further" for r in steps)
    check = [r for r in record["recommendations"] if r["unscored"]]  # "find out first"
    assert check and all(r["effect"] is None and r["group"] == "check" for r in check)
    assert all(" ".join(r["text"].split()[:6]) in further for r in steps)
    shown = [r for r in steps if r["gain"] > 0]
    assert shown
    for r in shown:  # the step's text, then its horizon, the effect and the grey rise
        words = " ".join(r["text"].split()[-3:])
        assert f"{words}" in roadmap
        assert f"0.00 +{fmt_gap(r['gain'])}" in roadmap, r["id"]


def test_without_advice_in_the_rubric_the_report_says_so_not_that_practices_are_in_place(
    tmp_path,
):
    """A rubric that holds no advice (the 7-point fixture) leaves nothing to advise whatever
    the scores; with advice for one practice scoring under 4, that advice is given."""
    s7 = REPO / "tests" / "fixtures" / "scale7"
    args = ["-q", s7 / "questionnaire.yaml"]
    done = invoke("report", s7 / "response.yaml", *args, "-r", s7 / "rubric.yaml",
                  "--out", tmp_path / "a.pdf")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "a.pdf").pages)
    assert "No advice to give: the rubric holds no advice for its practices or levels." in text
    assert "No steps to list: the rubric holds no advice for its practices or levels." in text
    assert "The rubric holds no advice for the practices or levels of Trust." in text
    assert "every practice the rubric scores is in place" not in text
    record = json.loads((tmp_path / "a.json").read_text())
    scores = {
        i: v for d in record["scores"]["dimensions"].values() for i, v in d["item_scores"].items()
    }
    low = next(i for i, v in scores.items() if v is not None and v < 4)
    rubric = yaml.safe_load((s7 / "rubric.yaml").read_text())
    for dim in rubric["dimensions"].values():
        for k, entry in enumerate(dim["items"]):
            entry = {"item": entry} if isinstance(entry, str) else entry
            if entry["item"] == low:
                entry["advice"] = {
                    "text": "Write down who answers the partner within a day.",
                    "effort": "S",
                }
            dim["items"][k] = entry
    write(tmp_path, "r.yaml", rubric)
    done = invoke("report", s7 / "response.yaml", *args, "-r", tmp_path / "r.yaml",
                  "--out", tmp_path / "b.pdf")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "b.pdf").pages)
    assert "No advice to give" not in text and "No steps to list" not in text
    assert "Write down who answers the partner within a day." in text


@pytest.mark.parametrize("left", [215.0, 120.0])
def test_a_chart_heading_and_caption_never_end_a_page_without_their_chart(tmp_path, left):
    """With 215 points left the radar is drawn smaller on the same page; with 120 left the
    heading and caption move to the next page with it (they stayed behind, alone)."""
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from amc_assess.report import charts
    from amc_assess.report.brand import Brand
    from amc_assess.report.flowables import FitHeight, to_flowables
    from amc_assess.report.page import BODY_H, BODY_W
    from amc_assess.report.styles import make_styles
    from amc_assess.report.text import Block

    st = make_styles(Brand())
    dims = [{"title": f"Dimension {k}", "score": 3.0, "target_score": 3.4, "peer": None}
            for k in range(4)]  # fmt: skip
    flows = {"radar": lambda: FitHeight(
        lambda h: charts.radar(dims, {"legend_firm": "Firm", "legend_target": "Target",
                                      "legend_peer_median": "Peer median"},  # fmt: skip
                               st.brand.colors, BODY_W, h, False, st.scale), 250, 200)}  # fmt: skip
    blocks = [Block("h3", "Profile at a glance"), Block("small", "The shaded shape is the firm."),
              Block("flow", attrs={"name": "radar"})]  # fmt: skip
    story = [Spacer(1, BODY_H - left), *to_flowables(blocks, st, flows, "t.j2")]
    pdf = tmp_path / "t.pdf"
    SimpleDocTemplate(str(pdf), topMargin=0, bottomMargin=0).build(story)
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]
    (where,) = [k for k, t in enumerate(pages) if "Profile at a glance" in t]
    assert "Dimension 2" in pages[where] and "Target" in pages[where]
    assert where == (0 if left > 200 else 1)


def test_summary_tells_the_latest_change_and_its_verdict_before_the_change_since_the_first(
    tmp_path,
):
    """Low (2023), mid (2024), high (2025) stored, mid again now: the summary said only
    "moved from 1.76 to 3.05 since 2023", hiding a fall beside which every dimension's
    change is beyond noise. It now leads with the change since the previous year and the
    verdict `amc history show` gives it, then the change since the first."""
    from amc_assess.store.history import history

    db = tmp_path / "h.db"
    for year, name in ((2023, "low"), (2024, "mid"), (2025, "high")):
        data = yaml.safe_load((EXAMPLES / f"{name}_maturity.yaml").read_text(encoding="utf-8"))
        data["assessment"].update(firm="Acme", date=f"{year}-03-03")
        assert (
            invoke("history", "add", write(tmp_path, f"{year}.yaml", data), "--db", db).exit_code
            == 0
        )
    now = json.loads(json.dumps(MID, default=str))
    now["assessment"].update(firm="Acme", date="2026-03-03")
    current = write(tmp_path, "2026.yaml", now)
    pdf = tmp_path / "r.pdf"
    done = invoke("report", current, "--db", db, "--out", pdf)
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text())
    points = record["history"]
    before, after, first = (round(points[k]["overall"], 2) for k in (-2, -1, 0))
    assert before > after  # the fixture is a fall
    # the verdicts `amc history show` gives once the current year is stored
    assert invoke("history", "add", current, "--db", db).exit_code == 0
    shown = {t.dimension: t.years[-1].change_verdict for t in history("Acme", db).trends}
    assert record["history_changes"] == shown
    assert shown["overall"] == "real decline"
    text = " ".join(PdfReader(pdf).pages[1].extract_text().split())
    assert (
        f"Since the previous assessment (2025), the overall index has fallen from {before:.2f} "
        f"to {after:.2f} ({after - before:+.2f} points), a real decline: larger than "
        "measurement error alone would explain."
    ) in text
    fell = [
        d for d, v in record["history_changes"].items() if v == "real decline" and d != "overall"
    ]
    titles = {"structure": "Structure", "coordination": "Coordination", "learning": "Learning",
              "daf": "Dedicated alliance function"}  # fmt: skip
    names = [titles[d] for d in fell]
    assert f"Beyond measurement error, {', '.join(names[:-1])} and {names[-1]} fell." in text
    # the change since the first year is judged as `history show` judges it ("since 2023")
    overall = next(t for t in history("Acme", db).trends if t.dimension == "overall")
    assert overall.years[-1].baseline_year == 2023
    since = {
        "real decline": "a real decline: larger than measurement error alone would explain",
        "real improvement": "a real improvement: larger than measurement error alone would explain",
        "within noise": "within measurement error, so not a change to act on by itself",
        "level changed, within noise": "the level changed, but the change is within "
        "measurement error",
    }[str(overall.years[-1].baseline_verdict)]
    assert (
        f"Since 2023, it has moved from {first:.2f} to {after:.2f} ({after - first:+.2f} points "
        f"over 4 assessments), {since}."
    ) in text
    assert record["history_since_first"]["overall"] == overall.years[-1].baseline_verdict


def test_every_roadmap_step_names_the_answers_behind_it(tmp_path):
    """Each step of the demo's roadmap is followed by its practices and answers; a level's
    advice whose only practice was answered "Don't know" stood there with no reason (a trial
    found step 41 so): it now names that answer."""
    pdf = tmp_path / "demo.pdf"
    assert invoke("report", EXAMPLES / "mid_maturity.yaml", "--out", pdf).exit_code == 0
    record = json.loads(pdf.with_suffix(".json").read_text())
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    roadmap = text[: text.index("Methodology", text.index("Roadmap") + 300)]  # its table last
    titles = ("Structure", "Coordination", "Learning", "Dedicated alliance function")
    unknown = 0
    for step in record["recommendations"]:
        at = roadmap.rindex(step["text"][:60])
        after = roadmap[at + len(step["text"]) : at + len(step["text"]) + 160]
        assert re.match(rf"\s*({'|'.join(titles)}) \d+: “", after), (step["id"], after)
        if all(i["score"] is None for i in step["items"]):
            unknown += 1
            assert f"“{step['items'][0]['answer']}”" in after, step["id"]
    assert unknown  # the demo has such a step


def test_a_long_firm_name_on_the_cover_is_not_broken_mid_word(tmp_path):
    """The cover title's type shrinks until the longest word of the firm's name fits its
    line: "Hochleistungs-Prä / zisionsantriebstechnik" was split with no hyphen."""
    firm = "Hochleistungs-Präzisionsantriebstechnik Vertriebsgesellschaft mbH"
    data = json.loads(json.dumps(MID, default=str))
    data["assessment"]["firm"] = firm
    pdf = tmp_path / "long.pdf"
    assert invoke("report", write(tmp_path, "long.yaml", data), "--out", pdf).exit_code == 0
    lines = PdfReader(pdf).pages[0].extract_text().splitlines()
    assert "Hochleistungs-Präzisionsantriebstechnik" in [w for line in lines for w in line.split()]
    short = tmp_path / "short.pdf"  # a name that fits keeps the title's size
    assert invoke("report", EXAMPLES / "mid_maturity.yaml", "--out", short).exit_code == 0
    sizes = []
    for path, name in ((pdf, "Hochleistungs"), (short, "Lumora")):
        found: list[float] = []

        def visit(text, cm, tm, font, size, found=found, name=name):
            if text.startswith(name) and size:
                found.append(size * tm[0])

        PdfReader(path).pages[0].extract_text(visitor_text=visit)
        sizes.append(max(found))
    assert sizes[0] < sizes[1] == pytest.approx(30, abs=0.5)


def test_an_answer_skip_logic_did_not_ask_is_said_so_by_score_and_report(tmp_path):
    """amc batch lists such an answer as a bad cell; amc score dropped it without a word and
    the report showed '3 FTE' beside a dash (a new-user trial)."""
    low = yaml.safe_load((EXAMPLES / "low_maturity.yaml").read_text(encoding="utf-8"))
    assert low["answers"]["daf_exists"] == "no" and "daf_headcount" not in low["answers"]
    low["answers"]["daf_headcount"] = 3
    path = write(tmp_path, "low.yaml", low)
    scored = invoke("score", str(path), "-f", "json")
    assert scored.exit_code == 0
    assert scored.stderr == (  # named by its file, as report names it
        f"warning: {path}: answers.daf_headcount: answered, though not asked (its when: "
        "condition does not hold): the answer is not scored\n"
    )
    (result,) = json.loads(scored.stdout)
    assert result["completion"]["not_asked"] == ["daf_headcount"]
    assert result["item_scores"].get("daf_headcount") is None
    plain = json.loads(invoke("score", str(EXAMPLES / "low_maturity.yaml"), "-f", "json").stdout)
    assert plain[0]["completion"]["not_asked"] == []
    assert plain[0]["dimensions"] == result["dimensions"]  # not scored: the same figures
    texts, _ = report(tmp_path, path)
    # an answer to a question not asked is no answer of the assessment: the client's report
    # does not show it (a firm without an alliance function was shown its headcount and
    # reporting line, marked "not asked"; a later trial); stderr says it is kept unscored
    assert "3 FTE" not in " ".join(texts)
    # report and history add said nothing of it (a trial); now each says it as score does
    line = ("answers.daf_headcount: answered, though not asked (its when: condition does not "
            "hold): the answer is not scored")  # fmt: skip
    reported = invoke("report", path, "--out", tmp_path / "again.pdf")
    assert reported.exit_code == 0
    assert f"warning: {path}: {line}" in reported.stderr.splitlines(), reported.stderr
    added = invoke("history", "add", path, "--db", tmp_path / "h.db")
    assert added.exit_code == 0
    assert f"warning: {path}: {line}" in added.stderr.splitlines(), added.stderr
    plain = invoke("history", "add", EXAMPLES / "low_maturity.yaml", "--db", tmp_path / "p.db")
    assert plain.exit_code == 0 and "not asked" not in plain.stderr


def test_a_gap_to_a_next_level_that_is_the_target_is_said_once(tmp_path):
    """Structure at 3.28 with a target of level 4 (from 3.40): its page said "0.12 more points
    would reach level 4, Managed. The target, level 4 (Managed), begins at 3.40: 0.12 points
    away", the same gap twice."""
    texts, record = report(tmp_path, EXAMPLES / "mid_maturity.yaml")
    body = " ".join(" ".join(t.split()) for t in texts)
    dims = record["scores"]["dimensions"]
    said = 0
    for d in dims.values():
        if d["level"] is None or d["target"] != d["level"] + 1:
            continue
        gap = f"{d['gap_to_next']:.2f} more points would reach level {d['target']}"
        assert re.search(re.escape(gap) + r", [A-Za-z ]+\. That is the target level\.", body)
        said += 1
    assert said >= 2 and "points away" not in body


def test_the_references_are_in_order_and_the_methods_cite_them(tmp_path):
    """The References page said every work was cited in the text; rwg(j) and the reliable
    change test cited none. They cite their works now, the page says what it lists, and the
    works are in the order of their authors."""
    data = yaml.safe_load((EXAMPLES / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["respondent"]["name"] = "Second Person"
    second = tmp_path / "second.yaml"
    second.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    texts, _ = report(tmp_path, EXAMPLES / "mid_maturity.yaml", second)
    text = " ".join(texts)
    assert "rwg(j) (James, Demaree & Wolf 1984) measures agreement within the group" in text
    assert "listed by author" in text and "they are cited in the text" not in text
    q, r = instrument()
    works = cited(q, r, {"respondents": True, "history": True})
    keys = [w["key"] for w in works]
    assert {"James, Demaree & Wolf 1984", "Jacobson & Truax 1991"} <= set(keys)
    assert [w["citation"].casefold() for w in works] == sorted(
        w["citation"].casefold() for w in works
    )
    start = text.index("listed by author")  # the page lists them in that order
    at = [text.index(f"{key}: ", start) for key in keys if key in text[start:]]
    assert len(at) >= 5 and at == sorted(at)


def test_an_answer_to_a_statement_worded_in_reverse_is_quoted_as_such(tmp_path):
    """ "Strongly agree" beside a step read as a strength: the statement ("Each alliance team
    largely invents its own way of working") is against the practice (a new-user trial)."""
    from amc_assess.validation import instrument

    q, _ = instrument()
    texts, record = report(tmp_path, EXAMPLES / "low_maturity.yaml")
    body = " ".join(texts)
    reverse = {i.id for i in q.items() if i.reverse_worded}
    quoted = [i for r in record["recommendations"] for i in r["items"]
              if i["id"] in reverse and i["answer"] and i["score"] is not None]  # fmt: skip
    assert quoted
    for i in quoted:
        assert f"“{i['answer']}” to a statement against the practice, scored {i['score']:g}" in (
            body
        ), i
    assert "“Strongly agree” to a statement against the practice, scored 1" in body


def test_of_several_respondents_only_those_asked_a_question_are_quoted(tmp_path):
    """The answers quoted for a practice are those of the respondents its skip logic asked:
    one who said the firm has no alliance function keeps a headcount in the file unscored,
    and the report shows the other's only."""
    low = yaml.safe_load((EXAMPLES / "low_maturity.yaml").read_text(encoding="utf-8"))
    asked = {**low, "answers": {**low["answers"], "daf_exists": "yes", "daf_headcount": 3}}
    asked["respondent"] = {**low["respondent"], "name": "Asked Person"}
    kept = {**low, "answers": {**low["answers"], "daf_headcount": 5}}
    texts, _ = report(tmp_path, write(tmp_path, "a.yaml", asked), write(tmp_path, "b.yaml", kept))
    body = " ".join(texts)
    assert "3 FTE" in body and "5 FTE" not in body


def test_a_report_with_another_rubric_than_the_interviews_says_so(tmp_path):
    """A custom rubric's interview reported with the bundled rubric showed other levels than
    the interview had, without a word (a trial)."""
    from amc_assess.validation import instrument

    _, r = instrument()
    data = yaml.safe_load((EXAMPLES / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["assessment"].update(rubric=r.id, rubric_version=f"{r.version}-c1")
    path = write(tmp_path, "custom.yaml", data)
    done = invoke("report", path, "--out", tmp_path / "r.pdf")
    assert done.exit_code == 0, done.stderr
    assert (
        f"warning: {path}: answered in an interview scored with rubric {r.id} {r.version}-c1, "
        f"reported with rubric {r.id} {r.version}: give that rubric (--rubric) for the scores "
        "the interview showed"
    ) in done.stderr.splitlines()
    data["assessment"]["rubric_version"] = r.version
    same = invoke("report", write(tmp_path, "same.yaml", data), "--out", tmp_path / "s.pdf")
    assert same.exit_code == 0 and "answered in an interview" not in same.stderr


def test_tile_values_sit_on_one_line_when_a_label_wraps():
    """ "Progress to target" wraps onto two lines in a narrow tile, and set its figure lower
    than the other tiles' (a trial): labels and values are two rows, each value on the same
    baseline."""
    from amc_assess.report.brand import Brand
    from amc_assess.report.styles import make_styles
    from amc_assess.report.tables import tiles

    st = make_styles(Brand())
    items = [("Score", "2.85 / 5", None), ("Level", "3 Defined", None),
             ("Target level", "4 Managed", None), ("Answered", "12 / 12", None),
             ("Progress to target", "66%", None)]  # fmt: skip
    t = tiles(items, st, 470)
    t.wrap(470, 800)
    assert len(t._cellvalues) == 2 and len(t._cellvalues[0]) == len(items)
    label_height, value_height = t._rowHeights
    one_line = st.para["tile_label"].leading
    assert label_height > 2 * one_line  # the long label took two lines
    text = [[f[0].text for f in row] for row in t._cellvalues]
    assert text[1] == [v for _, v, _ in items]  # every value in the second row


def test_percentages_are_written_as_the_rest_of_the_report_writes_them(tmp_path):
    """Answers in percent read "55 %" in the report, its figures "63%" (a trial)."""
    texts, _ = report(tmp_path, EXAMPLES / "mid_maturity.yaml")
    body = " ".join(texts)
    assert "65%" in body  # crd_role_stability: 65, quoted as its answer
    assert not re.findall(r"\d %", body)


def test_a_share_typed_with_its_sign_is_quoted_as_the_numbers_beside_it():
    """ "40 %" typed in a file beside 55 read as a number: the report quoted "40 %, 55%" (a
    trial); both now read as people write them, and a text that is no number stays as typed."""
    from amc_assess.models import Answer
    from amc_assess.validation import instrument

    q, _ = instrument()
    item = q.item_map()["ctx_success_share"]
    assert item.unit == "%"
    said = [answer_label(item, Answer(value=v), q) for v in ("40 %", 55, "0.5%", "about half")]
    assert said == ["40%", "55%", "0.5%", "about half"]


def test_a_report_of_partner_answers_only_says_it_is_the_partners_view(tmp_path):
    """Every answer from the partner's side: the PDF read as the firm's own assessment, its
    cover and summary silent on it (a trial)."""
    data = yaml.safe_load((EXAMPLES / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["respondent"]["side"] = "partner"
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    pdf = tmp_path / "p.pdf"
    done = invoke("report", str(path), "--out", str(pdf))
    assert done.exit_code == 0, done.stderr
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]
    firm = data["assessment"]["firm"]
    assert "(from the partner's side)" in pages[0]
    assert f"every answer comes from the partner's side, not from {firm}'s own people" in pages[0]
    assert any(f"so its figures are the partner's view of {firm}, not {firm}'s own assessment"
               in page for page in pages[1:3])  # fmt: skip
    # the questions as the partner read them, not in the firm's own wording
    text = " ".join(pages)
    assert f"What share of {firm}'s active alliances are with partners it had allied with" in text
    assert "What share of the firm's active alliances are with partners you had" not in text
    own = tmp_path / "own.pdf"
    assert invoke("report", str(EXAMPLES / "mid_maturity.yaml"), "--out", str(own)).exit_code == 0
    assert "partner's view" not in " ".join(p.extract_text() or "" for p in PdfReader(own).pages)


def test_answers_kept_to_questions_no_longer_asked_show_as_not_asked(tmp_path):
    """DAF changed to "No" in the review keeps its eight follow-up answers in the file,
    unscored: the practice table said "Not answered" of them, where README says the report
    shows them "not asked" (a trial)."""
    data = yaml.safe_load((EXAMPLES / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["answers"]["daf_exists"] = "no"
    path = tmp_path / "nodaf.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    pdf = tmp_path / "nodaf.pdf"
    done = invoke("report", str(path), "--out", str(pdf))
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    daf = record["scores"]["dimensions"]["daf"]["item_scores"]
    unasked = [i for i in ("daf_reporting_line", "daf_headcount", "daf_gatekeeping") if i in daf]
    assert unasked and all(daf[i] is None for i in unasked)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert text.count("Not asked") >= 8 and "Not answered" not in text


def test_each_reference_says_what_rests_on_it(tmp_path):
    """Seven of nine listed works were cited nowhere in the text, and Hyndman & Fan 1996 was
    listed in every peer report but cited in none (a trial): each entry now says what rests
    on it, counted from the instrument's sources, and the quartile method cites its work."""
    q, r = instrument()
    works = {w["key"]: w for w in cited(q, r, {"peers": True})}
    hutt = sum("Hutt et al. 2000" in (i.source or "") for i in q.items())
    assert hutt and works["Hutt et al. 2000"]["used"].startswith(f"{hutt} questions")
    assert works["Hyndman & Fan 1996"]["used"] == "the method of the peer figures"
    assert all(w["used"] for w in works.values())
    pdf = tmp_path / "p.pdf"
    done = invoke("report", str(EXAMPLES / "mid_maturity.yaml"), "--out", str(pdf),
                  "--peer-file", "synthetic")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "type 7 of Hyndman & Fan 1996" in text
    assert f"Basis of {hutt} questions" in text


def test_a_labels_override_may_leave_labels_out_and_a_misspelt_one_is_named(tmp_path):
    """A report_labels.j2 override without col_target failed with "unexpected failure:
    'col_target'", and a misspelt key was taken without a word (a trial): the labels it
    leaves out keep their bundled wording, and an unknown one is warned of."""
    bundled = (REPO / "report_templates" / "report_labels.j2").read_text(encoding="utf-8")
    folder = tmp_path / "tpl"
    folder.mkdir()
    kept = [x for x in bundled.splitlines() if not x.startswith("col_target:")]
    kept = [x.replace("col_score: Score", "col_score: Punkte") for x in kept]
    (folder / "report_labels.j2").write_text("\n".join([*kept, "col_scoer: Wert", ""]), "utf-8")
    pdf = tmp_path / "r.pdf"
    done = invoke("report", str(EXAMPLES / "mid_maturity.yaml"), "--template-dir", str(folder),
                  "--out", str(pdf))  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "label 'col_scoer' is not one the report uses (did you mean col_score?)" in (done.stderr)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "Punkte" in text and "Target level" in text  # the override's, and the bundled one


def test_an_unknown_flow_in_an_override_names_its_file_in_its_folder(tmp_path):
    """``<flow name="scael"/>`` in an override said "report_dimension.j2: ..." without its
    folder, where other template errors name it (a trial)."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    summary = (REPO / "report_templates" / "report_summary.j2").read_text(encoding="utf-8")
    assert summary.count('<flow name="radar"/>') == 1
    (folder / "report_summary.j2").write_text(
        summary.replace('<flow name="radar"/>', '<flow name="raadar"/>'), encoding="utf-8"
    )
    done = invoke("report", str(EXAMPLES / "mid_maturity.yaml"), "--template-dir", str(folder),
                  "--out", str(tmp_path / "r.pdf"))  # fmt: skip
    assert done.exit_code == 1
    assert done.stderr == (
        f'{folder / "report_summary.j2"}: <flow name="raadar"/> is not available in this '
        "section (available: headline, overview, radar, spacer)\n"
    )
