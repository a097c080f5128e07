"""``amc report`` with several respondents of one firm: the firm's aggregate and agreement."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from pypdf import PdfReader

from amc_assess import api
from conftest import REPO, invoke

MID = REPO / "examples" / "mid_maturity.yaml"
PEOPLE = [
    ("Ann Own", "own", "senior", 0),
    ("Bo Partner", "partner", "middle", 1),
    ("Cy Own", "own", "operational", -1),
]


def respondent(tmp_path, firm: str, name: str, side: str, level: str, shift: int, fixed=None):
    """mid_maturity.yaml with another respondent and agreement answers moved by ``shift``
    (or all set to ``fixed``)."""
    q, _ = api.instrument()
    agreement = {i.id for i in q.items() if i.type == "agreement"}
    data = yaml.safe_load(MID.read_text())
    data["assessment"]["firm"] = firm
    data["respondent"].update(name=name, side=side, level=level)
    for item, answer in data["answers"].items():
        if item not in agreement:
            continue
        value = answer["value"] if isinstance(answer, dict) else answer
        if not isinstance(value, int):
            continue
        new = fixed if fixed is not None else min(5, max(1, value + shift))
        if isinstance(answer, dict):
            answer["value"] = new
        else:
            data["answers"][item] = new
    path = tmp_path / f"{firm}-{name}.yaml".replace(" ", "_")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def text_of(pdf) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def record_numbers(record: dict) -> set[str]:
    """Every number of the JSON record (and the rubric's thresholds) as the PDF prints it."""
    out = {f"{lv.min:.2f}" for lv in api.instrument()[1].levels}

    def walk(x: object) -> None:
        if isinstance(x, int | float) and not isinstance(x, bool):
            out.add(f"{abs(x):.2f}")
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(record)
    return out


def scored(*paths: str) -> list[dict]:
    out = invoke("score", *paths, "--format", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    return data if isinstance(data, list) else [data]


def test_one_firm_three_respondents(tmp_path):
    paths = [respondent(tmp_path, "Acme", *p) for p in PEOPLE]
    pdf = tmp_path / "firm.pdf"
    done = invoke("report", *paths, "--out", str(pdf), "--include-partner")  # all three
    assert done.exit_code == 0, done.stderr
    text = text_of(pdf)
    record = json.loads(pdf.with_suffix(".json").read_text())
    assert "Respondents" in text and "3 people answered for Acme" in text
    flat = " ".join(text.split())
    assert "mean of all 3 respondents' scores, the 1 from the partners' side included" in flat
    assert [p["name"] for p in record["respondents"]] == [p[0] for p in PEOPLE]
    results = scored(*paths)
    overall = sum(r["overall_score"] for r in results) / 3
    assert round(record["scores"]["overall"]["score"], 2) == round(overall, 2)
    assert f"{overall:.2f}" in text
    for k, dim in enumerate(results[0]["dimensions"]):
        mean = sum(r["dimensions"][k]["score"] for r in results) / 3
        shown = record["scores"]["dimensions"][dim["dimension"]]["score"]
        assert round(shown, 2) == round(mean, 2)
        assert f"{shown:.2f}" in text
    assert set(record["inputs"]) >= set(paths)
    printed = set(re.findall(r"(?<![\d.])\d\.\d\d(?!\d)", text))
    assert len(printed) > 20 and printed <= record_numbers(record)
    assert record["agreement"]["status"] in ("ok", "aggregate with caution")
    rwg = record["agreement"]["dimensions"]
    assert all(v["rwg_j"] is not None for v in rwg.values())


def test_strong_disagreement_is_flagged(tmp_path):
    """Two own-side respondents far apart: their mean is read with caution. (With the second
    on the partner side the firm's figure is the one own-side score: nothing is averaged, and
    the split is the partners' view, not a caution on a mean.)"""
    paths = [
        respondent(tmp_path, "Split", "High", "own", "senior", 0, fixed=5),
        respondent(tmp_path, "Split", "Low", "own", "senior", 0, fixed=1),
    ]
    pdf = tmp_path / "split.pdf"
    done = invoke("report", *paths, "--out", str(pdf))
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text())
    assert record["agreement"]["status"] == "aggregate with caution"
    assert "aggregate with caution" in " ".join(text_of(pdf).split()).lower()
    paths[1] = respondent(tmp_path, "Split", "Low", "partner", "senior", 0, fixed=1)
    done = invoke("report", *paths, "--out", str(pdf))
    assert json.loads(pdf.with_suffix(".json").read_text())["agreement"]["status"] == (
        "single respondent"
    )
    assert "aggregate with caution" not in " ".join(text_of(pdf).split()).lower()


def test_batch_groups_respondents_by_firm(tmp_path):
    paths = [respondent(tmp_path, "Alpha", *p) for p in PEOPLE[:2]]
    paths.append(respondent(tmp_path, "Beta", *PEOPLE[2]))
    out = tmp_path / "reports"
    done = invoke("report", "--batch", *paths, "--out-dir", str(out), "-j", "1", "--no-progress")
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in out.glob("*.pdf")) == ["alpha.pdf", "beta.pdf"]
    alpha = json.loads((out / "alpha.json").read_text())
    beta = json.loads((out / "beta.json").read_text())
    assert len(alpha["respondents"]) == 2 and beta["respondents"] is None
    assert "2 people answered for Alpha" in text_of(out / "alpha.pdf")
    assert "Respondents\n" not in text_of(out / "beta.pdf")


def test_scored_results_of_one_firm_aggregate_alike(tmp_path):
    paths = [respondent(tmp_path, "Acme", *p) for p in PEOPLE]
    results = tmp_path / "scored.json"
    results.write_text(json.dumps(scored(*paths)), encoding="utf-8")
    assert (
        invoke("report", *paths, "--out", str(tmp_path / "a.pdf"), "--include-partner").exit_code
        == 0
    )
    done = invoke("report", str(results), "--out", str(tmp_path / "b.pdf"), "--include-partner")
    assert done.exit_code == 0, done.stderr
    a = json.loads((tmp_path / "a.json").read_text())
    b = json.loads((tmp_path / "b.json").read_text())
    assert a["scores"] == b["scores"] and a["rules"] == b["rules"]
    assert [p["scores"] for p in a["respondents"]] == [p["scores"] for p in b["respondents"]]


def test_a_scored_table_is_refused_in_one_line(tmp_path):
    table = tmp_path / "scored.parquet"
    table.write_bytes(b"PAR1")
    done = invoke("report", "--batch", str(table), "--out-dir", str(tmp_path / "r"))
    assert done.exit_code == 1
    assert done.stderr.startswith(f"{table}: cannot read the table")  # issue 6: tables are read


def test_answers_from_different_years_are_reported_with_a_warning(tmp_path):
    """Two respondents a year apart: averaged as one assessment, as asked, but the command
    says so on stderr (a trial found them merged silently); the same year: no warning."""
    early = respondent(tmp_path, "Acme", "Ann", "own", "senior", 0)
    late = respondent(tmp_path, "Acme", "Bo", "own", "middle", 1)
    data = yaml.safe_load(Path(early).read_text(encoding="utf-8"))
    data["assessment"]["date"] = "2025-02-10"
    Path(early).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    done = invoke("report", early, late, "--out", str(tmp_path / "r.pdf"))
    assert done.exit_code == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"warning: Acme: answers dated in different years ({early}: 2025-02-10, {late}: "
        "2026-03-03) are averaged as one assessment; for a trend over the years, store each "
        "year with amc history add and report with --db"
    ]
    other = respondent(tmp_path, "Acme", "Cy", "own", "middle", -1)
    done = invoke("report", late, other, "--out", str(tmp_path / "s.pdf"))
    assert done.exit_code == 0 and done.stderr == ""


def test_the_range_is_that_of_the_lowest_and_highest_as_printed():
    """A trial read "3.28  3.34  0.07": the range came from the unrounded scores (0.069)."""
    from amc_assess.report.tables_respondents import _shown_range

    low, high = 3.2759, 3.3448  # printed 3.28 and 3.34
    assert round(high - low, 2) == 0.07  # what the page said before
    assert _shown_range(low, high) == "0.06"
    assert _shown_range(None, 3.0) == "–"


def test_names_like_na_survive_a_batch_workbook_read_back(tmp_path):
    """A firm called "NA" and a respondent called "None", scored into an XLSX table and
    reported from it: the reader took both names for missing values (pandas' defaults) and
    the report was refused for a table without firm names."""
    paths = [respondent(tmp_path, "NA", name, "own", "senior", k) for k, name in
             enumerate(["None", "Null"])]  # fmt: skip
    table = tmp_path / "scored.xlsx"
    assert invoke("batch", *paths, "--out", table).exit_code == 0
    done = invoke("report", table, "--out", tmp_path / "r.pdf")
    assert done.exit_code == 0, done.stderr
    record = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert record["firm"] == "NA"
    assert [p["name"] for p in record["respondents"]] == ["None", "Null"]


def strict_json(text: str) -> object:
    """JSON as JavaScript's JSON.parse reads it: NaN and Infinity are errors."""

    def refuse(word: str) -> object:
        raise ValueError(f"not JSON: {word}")

    return json.loads(text, parse_constant=refuse)


def test_the_record_is_valid_json_when_a_side_has_no_score(tmp_path):
    """One respondent answered don't know to all of learning: the gap between the levels on
    learning had no second mean, and the record held ``"mean_b": NaN``, which JSON.parse
    refuses (a new-user trial). A figure that cannot be computed is null."""
    q, _ = api.instrument()
    learning = [i.id for i in q.items() if i.id.startswith("lrn_")]
    first = respondent(tmp_path, "Acme", "Ann Own", "own", "senior", 0)
    data = yaml.safe_load(MID.read_text())
    data["assessment"]["firm"] = "Acme"
    data["respondent"].update(name="Priya Nair", side="own", level="operational")
    data["answers"].update({i: "dont_know" for i in learning})
    second = tmp_path / "priya.yaml"
    second.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    done = invoke("report", first, second, "--out", tmp_path / "r.pdf")
    assert done.exit_code == 0, done.stderr
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    record = strict_json(text)
    gaps = [g for g in record["agreement"]["gaps"] if g["dimension"] == "learning"]  # type: ignore[index]
    assert gaps and all(g["mean_b"] is None or g["mean_a"] is None for g in gaps), gaps
    scored = invoke("score", first, second, "-f", "json")
    strict_json(scored.stdout)


def test_a_groups_overall_mean_is_told_apart_from_the_firms_index(tmp_path):
    """The gaps table's overall row compares the groups' means of their members' own indexes,
    which is not how the firm's index is made: the report says so, beside the firm's figure."""
    people = [("A", "own", "senior", 0), ("B", "own", "middle", -1),
              ("C", "partner", "senior", 1), ("D", "partner", "middle", 0)]  # fmt: skip
    paths = [respondent(tmp_path, "Duo", *p) for p in people]
    pdf = tmp_path / "duo.pdf"
    done = invoke("report", *paths, "--out", str(pdf))
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text())
    assert any(g["dimension"] == "overall" for g in record["agreement"]["gaps"])
    flat = " ".join(text_of(pdf).split())
    index = f"{record['scores']['overall']['score']:.2f}"
    assert "is the mean of its members' own indexes" in flat
    assert f"Duo's overall AMC index ({index}) is the rubric's overall rule" in flat


def test_a_finding_whose_practices_the_firm_has_in_place_is_not_reported(tmp_path):
    """One respondent's top managers meet partners at no level above two, the other's at all
    three: the firm's rounded practice score is 4 (in place), so the rule on missing senior
    contact, fired for half of them, is dropped with its advice; the summary had kept the
    finding above a table listing the practice as in place (a trial)."""
    answers = {"Low": "two_levels_no_top", "High": "three_levels"}
    paths = []
    for name, answer in answers.items():
        path = Path(respondent(tmp_path, "Orion", name, "own", "senior", 0))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["answers"]["crd_three_level_contact"] = answer
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(str(path))
    (alone,) = json.loads(invoke("score", paths[0], "--format", "json").stdout)
    assert "senior_contact_missing" in [r["id"] for r in alone["rules"]]  # fired for "Low"
    pdf = tmp_path / "orion.pdf"
    done = invoke("report", *paths, "--out", str(pdf))
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text())
    assert "senior_contact_missing" not in record["rules"]
    flat = " ".join(text_of(pdf).split())
    assert "Top management is not in regular contact" not in flat
    both = [paths[0], respondent(tmp_path, "Orion", "Low2", "own", "senior", 0)]  # both low
    done = invoke("report", *both, "--out", str(pdf))
    assert done.exit_code == 0, done.stderr
    record = json.loads(pdf.with_suffix(".json").read_text())
    assert "senior_contact_missing" in record["rules"]
    holds = [h for step in record["recommendations"] for h in step["holds"]]
    assert "rule:senior_contact_missing" in holds  # its advice is in the roadmap


def test_no_page_opens_with_a_line_that_belongs_to_the_page_before(tmp_path):
    """A page opened with "6 more steps for Structure are in the roadmap.", and the note on
    the gaps table ended a page without its table (a trial): the first now leads the list it
    speaks of, the second moves on with its table."""
    people = [("A", "own", "senior", 0), ("B", "own", "middle", -1),
              ("C", "partner", "senior", 1), ("D", "partner", "middle", 0)]  # fmt: skip
    paths = [respondent(tmp_path, "Duo", *p) for p in people]
    pdf = tmp_path / "duo.pdf"
    assert invoke("report", *paths, "--out", str(pdf)).exit_code == 0
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]
    (gaps,) = [p for p in pages if "Perception gaps between groups" in p]
    assert "Groups compared" in gaps and "is the mean of its members' own indexes" in gaps
    leads = [p for p in pages if "more for Structure" in p]
    assert leads and "The three steps of highest priority;" in leads[0]
    assert not any("more steps for" in p for p in pages)
