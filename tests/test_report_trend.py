"""The report's trend table: each score with its level and the verdict on its change, as the
store's history judges it (``amc history show``), read back from a real PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from amc_assess.store.history import history
from conftest import REPO, invoke

FIRM = "Trendo AG"
WORDS = {
    "real improvement": "real rise", "real decline": "real fall",
    "within noise": "within noise",
    "level changed, within noise": "level changed, within noise",  # the words of history show
}  # fmt: skip


def year_file(tmp_path: Path, year: int, example: str) -> Path:
    data = yaml.safe_load((REPO / "examples" / example).read_text(encoding="utf-8"))
    data["assessment"].update(firm=FIRM, date=f"{year}-03-03")
    path = tmp_path / f"{year}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_trend_table_shows_level_and_judged_change_as_history_show(tmp_path: Path):
    db = tmp_path / "t.db"
    files = [year_file(tmp_path, 2024, "low_maturity.yaml"),
             year_file(tmp_path, 2025, "mid_maturity.yaml")]  # fmt: skip
    assert invoke("history", "add", *files, "--db", db).exit_code == 0
    current = year_file(tmp_path, 2026, "high_maturity.yaml")
    assert invoke("history", "add", current, "--db", db).exit_code == 0  # what show judges
    pdf = tmp_path / "r.pdf"
    done = invoke("report", current, "--db", db, "--out", pdf)
    assert done.exit_code == 0, done.stderr
    # one firm in the store and no --peers given: nothing to drop, more firms to add
    assert "Add the assessments of more firms." in done.stderr
    assert "--peers" not in done.stderr
    filtered = invoke("report", current, "--db", db, "--peers", "industry", "--out", pdf)
    assert "Widen the peer group (drop a --peers filter)" in filtered.stderr
    assert invoke("report", current, "--db", db, "--out", pdf).exit_code == 0
    page = next(
        " ".join(p.extract_text().split()) for p in PdfReader(pdf).pages
        if "Scores by assessment" in p.extract_text()
    )  # fmt: skip
    shown = history(FIRM, db)
    verdicts = set()
    for trend in shown.trends:
        title = "Overall AMC index" if trend.dimension == "overall" else trend.title
        cells = []
        for k, year in enumerate(trend.years):
            text = f"{year.score:.2f} level {year.level}"
            if k:
                delta = round(year.score, 2) - round(trend.years[k - 1].score, 2)
                text += f" · {delta:+.2f} {WORDS[str(year.change_verdict)]}"
                verdicts.add(year.change_verdict)
            cells.append(text)
        assert f"{title} {' '.join(cells)}" in page, (title, cells, page)
    assert {"real improvement", "level changed, within noise"} <= verdicts  # both kinds shown
    record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    last = record["history"][-1]
    assert last["levels"]["overall"] == shown.trends[-1].years[-1].level
    assert re.search(r"Under each score: its maturity level", page)
    assert "(a reliable-change test, after Jacobson & Truax 1991;" in page


def test_verdicts_stand_where_levels_do_and_the_last_point_holds_the_latest(tmp_path: Path):
    db = tmp_path / "t.db"
    files = [year_file(tmp_path, 2024, "low_maturity.yaml"),
             year_file(tmp_path, 2025, "mid_maturity.yaml")]  # fmt: skip
    assert invoke("history", "add", *files, "--db", db).exit_code == 0
    shown = history(FIRM, db).trend()
    assert all(set(p.verdicts) <= {k for k, v in p.levels.items() if v} for p in shown.points)
    assert shown.points[0].verdicts == {}  # nothing before the first point
    assert shown.points[1].verdicts == shown.verdicts  # the last point's are the latest ones


def test_a_dimension_scored_another_way_this_year_gets_no_change(tmp_path: Path):
    """With a relationship audit, coordination is scored another way than in the stored
    years: the table shows no earlier coordination score and judges no coordination change."""
    from test_network import KEY_CONTACT, seed001_ties, write_ties

    db = tmp_path / "t.db"
    files = [year_file(tmp_path, 2024, "low_maturity.yaml"),
             year_file(tmp_path, 2025, "mid_maturity.yaml")]  # fmt: skip
    assert invoke("history", "add", *files, "--db", db).exit_code == 0
    ties = write_ties(tmp_path / "ties.csv", seed001_ties(), keys={KEY_CONTACT})
    pdf = tmp_path / "r.pdf"
    current = year_file(tmp_path, 2026, "high_maturity.yaml")
    done = invoke("report", current, "--db", db, "--network", ties, "--out", pdf)
    assert done.exit_code == 0, done.stderr
    page = next(
        " ".join(p.extract_text().split()) for p in PdfReader(pdf).pages
        if "Scores by assessment" in p.extract_text()
    )  # fmt: skip
    page = page[page.index("Scores by assessment") :]  # the table, not the chart's legend
    row = re.search(r"Coordination (.*?) Learning", page)
    assert row and re.fullmatch(r"– – \d\.\d\d level \d", row.group(1)), page
    assert re.search(r"Structure 1\.\d\d level \d \d\.\d\d level \d · [+-]\d\.\d\d", page)
    points = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))["history"]
    assert "coordination" not in points[-1]["verdicts"] and "structure" in points[-1]["verdicts"]


def same_answers_twice(tmp_path: Path) -> tuple[list[str], dict]:
    """The report of the mid example in 2026, with the same answers stored for 2025: its
    pages' text and its JSON record."""
    db = tmp_path / "t.db"
    assert invoke("history", "add", year_file(tmp_path, 2025, "mid_maturity.yaml"), "--db",
                  db).exit_code == 0  # fmt: skip
    current = year_file(tmp_path, 2026, "mid_maturity.yaml")
    pdf = tmp_path / "r.pdf"
    assert invoke("report", current, "--db", db, "--out", pdf).exit_code == 0
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    return pages, json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))


def test_an_unchanged_index_is_said_to_be_unchanged(tmp_path: Path):
    """A trial read "the overall index has not moved from 3.05 to 3.05 (+0.00 points)"."""
    pages, record = same_answers_twice(tmp_path)
    text = " ".join(pages)
    overall = record["scores"]["overall"]["score"]
    assert f"Since the previous assessment (2025), the overall index is unchanged at " \
        f"{overall:.2f}" in text  # fmt: skip
    assert "not moved" not in text and "+0.00 points" not in text


def test_the_trend_table_says_no_change_for_equal_scores(tmp_path: Path):
    pages, _ = same_answers_twice(tmp_path)
    page = next(p for p in pages if "Scores by assessment" in p)
    assert "no change" in page and "+0.00" not in page


def test_the_trend_page_states_the_threshold_of_the_latest_change(tmp_path: Path):
    """The terminal gave the threshold of real change; the PDF only said there was one."""
    db = tmp_path / "t.db"
    files = [year_file(tmp_path, 2024, "low_maturity.yaml"),
             year_file(tmp_path, 2025, "mid_maturity.yaml")]  # fmt: skip
    assert invoke("history", "add", *files, "--db", db).exit_code == 0
    pdf = tmp_path / "r.pdf"
    done = invoke("report", "--db", db, "--firm", FIRM, "--out", pdf)
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    shown = history(FIRM, db)
    latest = shown.trend().thresholds
    dims = [v for d, v in latest.items() if d != "overall"]
    assert dims and latest["overall"] == pytest.approx(
        shown.trends[-1].reliability.threshold(1, 1), abs=1e-6
    )
    low, high = f"{min(dims):.2f}", f"{max(dims):.2f}"
    said = (f"±{low} points on each dimension" if low == high
            else f"±{low} to ±{high} points on the dimensions")  # fmt: skip
    assert f"For the latest change here, that threshold is {said} and " in text
    assert f"±{latest['overall']:.2f} on the overall AMC index." in text
