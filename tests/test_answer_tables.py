"""Tables of answers (a filled amc template sheet) read by amc report and amc history add as
response files are: each row scored through the engine, its answers kept (a trial could not
get a report with practice pages from the template, batch and history path)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from amc_assess.validation import instrument
from conftest import invoke

ANSWERS = {  # by item type: a label as people type it into the template
    "agreement": ["Agree", "Strongly agree", "Don't know", "Disagree"],
    "yesno": ["Yes", "No"],
}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "default.db"))
    return tmp_path


def filled(path: Path, respondents: int = 3, bad: str | None = None) -> Path:
    """The bundled template filled by ``respondents`` people of one firm, every question
    answered with a label (a "don't know" among them); ``bad``: one cell of nonsense."""
    assert invoke("template", "--out", "t.csv").exit_code == 0
    with open("t.csv", encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    q, _ = instrument()
    items = q.item_map()
    rows = [header]
    for k in range(respondents):
        row = []
        for column in header:
            item = items.get(column)
            fixed = {"firm": "Acme GmbH", "respondent": f"R{k}", "date": "2026-05-01",
                     "side": "own", "level": "senior", "function": "Alliances"}  # fmt: skip
            if column in fixed:
                row.append(fixed[column])
            elif item is None or item.when is not None:
                row.append("")
            elif item.type in ANSWERS:
                labels = ANSWERS[item.type]
                row.append(labels[(k + len(row)) % len(labels)])
            elif item.type == "choice" and item.options:
                row.append(item.options[(k + len(row)) % len(item.options)].label)
            elif item.type == "number":
                row.append(str(int(min(item.max or 10, 10 + k))))
            else:
                row.append("")
        rows.append(row)
    if bad is not None:
        rows[1][header.index("str_strategy_link")] = bad
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_table_of_answers_is_stored_with_its_answers_and_reported_from_the_store(here):
    table = filled(here / "answers.csv")
    added = invoke("history", "add", str(table), "--db", "h.db")
    assert added.exit_code == 0, added.stderr
    assert "answers.csv: added 3, already stored 0" in added.stdout
    # the same figures as amc batch gives the same table
    assert invoke("batch", str(table), "--out", "scored.csv").exit_code == 0
    with open("scored.csv", encoding="utf-8") as handle:
        batch = {r["respondent"]: r for r in csv.DictReader(handle)}
    assert invoke("history", "export", "--db", "h.db", "--out", "e.json").exit_code == 0
    stored = json.loads(Path("e.json").read_text(encoding="utf-8"))
    rows = stored if isinstance(stored, list) else next(iter(stored.values()))
    assert len(rows) == 3
    for row in rows:
        mine = batch[row["respondent"]]
        for dim in ("structure", "coordination", "learning", "daf", "overall"):
            want = float(mine[f"{dim}_score"]) if mine[f"{dim}_score"] else None
            assert row[f"{dim}_score"] == pytest.approx(want, abs=1e-9), (dim, row)
        assert any(row[f"{d}_score"] is not None for d in ("structure", "learning"))
    # a report from the store: answers kept, so practice pages quote them
    pdf = here / "r.pdf"
    done = invoke("report", "--db", "h.db", "--firm", "Acme GmbH", "--out", str(pdf))
    assert done.exit_code == 0, done.stderr
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "Strongly agree" in text and "stored without its answers" not in done.stderr
    direct = invoke("report", str(table), "--out", str(here / "d.pdf"))  # from the table
    assert direct.exit_code == 0, direct.stderr
    pages = PdfReader(here / "d.pdf").pages
    assert "Strongly agree" in " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    same = json.loads((here / "d.json").read_text(encoding="utf-8"))["scores"]
    assert same == json.loads((here / "r.json").read_text(encoding="utf-8"))["scores"]


def test_a_dont_know_label_is_stored_as_dont_know_and_an_empty_cell_as_no_answer(here):
    table = filled(here / "answers.csv", respondents=1)
    assert invoke("history", "add", str(table), "--db", "h.db").exit_code == 0
    import sqlite3

    with sqlite3.connect("h.db") as conn:
        (answers,) = conn.execute("select answers from assessments").fetchone()
    given = json.loads(answers)
    with open(table, encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    for item, cell in row.items():
        if cell == "Don't know":
            assert given[item] in ("dont_know", {"state": "dont_know"}), item
        elif cell == "" and item.startswith(("str_", "crd_", "lrn_", "daf_")):
            assert item not in given, item


def test_a_bad_cell_in_a_table_of_answers_is_refused_and_nothing_is_stored(here):
    table = filled(here / "answers.csv", bad="very much")
    done = invoke("history", "add", str(table), "--db", "h.db")
    assert done.exit_code == 1
    (line,) = [x for x in done.stderr.splitlines() if "very much" in x]
    assert line.startswith("answers.csv: row 2: str_strategy_link:") and "'very much'" in line
    listed = invoke("history", "list", "--db", "h.db")
    assert "Acme GmbH" not in listed.stdout


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def test_a_table_of_answers_with_holes_in_its_identity_is_refused_in_one_line_each(here):
    """A trial of the table path: a blank firm cell stored a firm called "nan", a missing
    firm column gave a library error per row, an empty date column refused --year with
    "NaN values not permitted", and a refused cell named its column twice."""
    header, rows = _rows(filled(here / "answers.csv"))
    f = header.index("firm")
    blank = [list(r) for r in rows]
    blank[1][f] = ""
    done = invoke("history", "add", str(_write(here / "blank.csv", header, blank)), "--db", "h.db")
    assert done.exit_code == 1
    assert done.stderr.splitlines()[0] == "blank.csv: row 3: firm: missing"
    nofirm = _write(here / "nofirm.csv", header[:f] + header[f + 1 :],
                    [r[:f] + r[f + 1 :] for r in rows])  # fmt: skip
    done = invoke("report", str(nofirm), "--out", "x.pdf")
    assert done.exit_code == 1
    assert done.stderr.splitlines() == [
        "nofirm.csv: columns: no 'firm' column: a report and the store need the firm each row "
        "assesses"
    ]
    d = header.index("date")
    undated = [r[:d] + [""] + r[d + 1 :] for r in rows]
    path = _write(here / "undated.csv", header, undated)
    done = invoke("history", "add", str(path), "--db", "h.db", "--year", "2025")
    assert done.exit_code == 0, done.stderr
    assert "undated.csv: added 3" in done.stdout
    bad = [list(r) for r in rows]
    bad[0][header.index("str_decision_rights")] = "Agreee"
    done = invoke("report", str(_write(here / "bad.csv", header, bad)), "--out", "x.pdf")
    (line,) = [x for x in done.stderr.splitlines() if "Agreee" in x]
    assert line.startswith("bad.csv: row 2: str_decision_rights: 'Agreee': unknown label")


def test_a_share_below_one_percent_written_with_its_sign_is_not_warned_of(here):
    """'0.5%' typed into the template for a share out of 100% drew a warning on every
    respondent that 50% was probably meant, though the sign said otherwise (a trial)."""
    header, rows = _rows(filled(here / "answers.csv"))
    s = header.index("str_steering_committee_share")
    for r in rows:
        r[s] = "0.5%"
    rows[0][s] = "0.65"  # without its sign: warned of, as in a response file
    path = _write(here / "shares.csv", header, rows)
    done = invoke("report", str(path), "--out", "s.pdf")
    assert done.exit_code == 0, done.stderr
    warned = [x for x in done.stderr.splitlines() if "between 0 and 1" in x]
    assert len(warned) == 1 and "shares.csv: row 2" in warned[0], warned


def test_a_survey_export_headed_by_its_questions_is_a_table_of_answers(here):
    """A Google Forms export (question texts as headers, a Timestamp) was refused by report
    and history add as a scored table without score columns, though amc batch reads it."""
    header, rows = _rows(filled(here / "answers.csv"))
    q, _ = instrument()
    items = q.item_map()
    d = header.index("date")  # the Timestamp dates each row
    texts = ["Timestamp", *(items[c].text if c in items else c.title()
                            for c in header[:d] + header[d + 1 :])]  # fmt: skip
    stamped = [["2026/05/01 9:14:51 AM GMT+1", *r[:d], *r[d + 1 :]] for r in rows]
    path = _write(here / "forms.csv", texts, stamped)
    done = invoke("report", str(path), "--out", "f.pdf")
    assert done.exit_code == 0, done.stderr
    plain = invoke("report", str(here / "answers.csv"), "--out", "p.pdf")
    assert plain.exit_code == 0
    scores = [json.loads((here / f"{n}.json").read_text(encoding="utf-8"))["scores"]
              for n in ("f", "p")]  # fmt: skip
    assert scores[0] == scores[1]


def test_a_table_of_answers_with_a_header_and_no_rows_is_refused(here):
    """history add said "added 0" with exit 0, and report "0 firms in the input" (a trial)."""
    header, _ = _rows(filled(here / "answers.csv"))
    path = _write(here / "empty.csv", header, [])
    for args in (
        ["history", "add", str(path), "--db", "h.db"],
        ["report", str(path), "--out", "e.pdf"],
    ):
        done = invoke(*args)
        assert done.exit_code == 1
        assert done.stderr.splitlines() == [
            "empty.csv: a header and no rows below it: no answers to read"
        ]


def test_a_row_answered_all_dont_know_is_stored_with_a_note_that_it_has_no_scores(here):
    """Kept as answered (nothing a user entered is lost), and said at once: it gives no
    figure to a trend, so a user who meant to store a year learns it here, not in a report."""
    table = filled(here / "answers.csv", respondents=3)
    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    q, _ = instrument()
    items = q.item_map()
    for j, column in enumerate(rows[0]):
        if column in items and items[column].type in ANSWERS:
            rows[2][j] = "Don't know"
    with open(table, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    added = invoke("history", "add", str(table), "--db", "h.db")
    assert added.exit_code == 0, added.stderr
    assert "answers.csv: added 3" in added.stdout
    notes = [line for line in added.stderr.splitlines() if "without scores" in line]
    assert notes == [
        "note: answers.csv: row 3: Acme GmbH, 2026, R1 is stored without scores: no dimension "
        "has enough answers to score"
    ]
    # the noise threshold is that of the means of the two with scores, not of all three
    shown = invoke("history", "show", "Acme GmbH", "--db", "h.db")
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    scored = [k for k, x in enumerate(lines) if x.startswith("  2026") and "insufficient" not in x]
    assert len(scored) >= 2
    assert all("for means of 2 each year" in lines[k + 1] for k in scored), lines


def test_report_and_history_read_a_table_of_answers_with_a_map_as_batch_does(here):
    """An extra column (a survey's comments) is refused as batch refuses it, and read with the
    --map that batch takes: report and history add had no --map, so no way past it."""
    table = filled(here / "answers.csv", respondents=2)
    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0].append("Comments")
    for row in rows[1:]:
        row.append("fine")
    with open(table, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    Path("map.yaml").write_text("ignore: [Comments]\n", encoding="utf-8")
    for command in (["report", "--out", "r.pdf"], ["history", "add", "--db", "h.db"]):
        refused = invoke(*command, str(table))
        assert refused.exit_code == 1
        assert "Comments: column matches no item" in refused.stderr
        done = invoke(*command, str(table), "--map", "map.yaml")
        assert done.exit_code == 0, done.stderr
    assert invoke("batch", str(table), "--map", "map.yaml", "--out", "b.csv").exit_code == 0
    with open("b.csv", encoding="utf-8") as handle:
        batch = list(csv.DictReader(handle))
    record = json.loads(Path("r.json").read_text(encoding="utf-8"))
    checked = 0
    for dim, shown in record["scores"]["dimensions"].items():
        scores = [float(r[f"{dim}_score"]) for r in batch if r[f"{dim}_score"]]
        if scores:  # the firm's score is its respondents' mean, as batch scored them
            assert shown["score"] == pytest.approx(sum(scores) / len(scores), abs=1e-6), dim
            checked += 1
    assert checked >= 2


def test_report_and_history_read_the_sheet_they_are_told(here):
    """A workbook whose answers are on a second sheet: --sheet names it; a name it lacks is
    one line listing its sheets."""
    import openpyxl

    table = filled(here / "answers.csv", respondents=2)
    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Answers are on the next sheet"])
    sheet = book.create_sheet("Answers")
    for row in rows:
        sheet.append(row)
    book.save("book.xlsx")
    done = invoke("report", "book.xlsx", "--sheet", "answers", "--out", "r.pdf")
    assert done.exit_code == 0, done.stderr
    assert json.loads(Path("r.json").read_text(encoding="utf-8"))["respondents"][1]["name"] == "R1"
    added = invoke("history", "add", "book.xlsx", "--sheet", "Answers", "--db", "h.db")
    assert added.exit_code == 0, added.stderr
    assert "book.xlsx: added 2" in added.stdout
    wrong = invoke("report", "book.xlsx", "--sheet", "Antworten", "--out", "w.pdf")
    assert wrong.exit_code == 1
    assert "book.xlsx: no sheet named 'Antworten' (its sheets: 'Read me', 'Answers')" in (
        wrong.stderr
    )


def test_report_and_history_say_what_batch_says_of_sheets_left_unread_and_unsure_dates(here):
    """A workbook of two years' sheets: history add stored the first without a word, and a
    date such as 03/02/2026 was read month first unsaid (a trial); batch said both."""
    import openpyxl

    table = filled(here / "answers.csv", respondents=2)
    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    day = rows[0].index("date")
    book = openpyxl.Workbook()
    for k, title in enumerate(("2026", "2025")):
        sheet = book.active if k == 0 else book.create_sheet()
        sheet.title = title
        for n, row in enumerate(rows):
            sheet.append([f"03/02/{title}" if n and j == day else v for j, v in enumerate(row)])
    book.save("years.xlsx")
    batch = invoke("batch", "years.xlsx", "--out", "b.csv")
    lines = (batch.stdout + batch.stderr).splitlines()
    said = [x for x in lines if "read sheet" in x or "month first" in x]
    assert len(said) == 2, lines
    for command in (["report", "--out", "r.pdf"], ["history", "add", "--db", "h.db"]):
        done = invoke(*command, "years.xlsx")
        assert done.exit_code == 0, done.stderr
        for line in said:
            assert f"note: {line}" in done.stderr.splitlines(), (command, done.stderr)
    both = invoke("history", "add", "years.xlsx", "--sheet", "*", "--db", "h.db")
    assert both.exit_code == 0, both.stderr
    assert "already stored 2" in both.stdout and "Stored 2 new assessments" in both.stdout


def test_score_given_a_table_says_it_is_one_and_where_tables_go(here):
    """``amc score answers.csv`` said "invalid YAML: mapping values are not allowed" and an
    XLSX "not UTF-8 text" (two trials)."""
    table = filled(here / "answers.csv", respondents=1)
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["firm"])
    book.save("answers.xlsx")
    for name in (table.name, "answers.xlsx"):
        done = invoke("score", name)
        assert done.exit_code == 1
        assert done.stderr == (
            f"{name}: a table, not a response file (.yaml or .json, one respondent each): amc "
            "batch scores tables, and amc report and amc history add take them too\n"
        )


def test_a_respondents_exact_copy_counts_once_in_report_batch_and_history(here):
    """Two tables sharing two rows: report and batch --group-by counted the shared rows twice
    (overall 2.89) where history add stored them once (2.93; a trial). A copy is one
    assessment in all three; other answers under the same name still count each."""
    table = filled(here / "answers.csv", respondents=4)
    with open(table, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    for name, part in (("a.csv", rows[:3]), ("b.csv", rows[1:])):
        with open(name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *part])
    whole = invoke("report", str(table), "--out", "whole.pdf")
    assert whole.exit_code == 0, whole.stderr
    split = invoke("report", "a.csv", "b.csv", "--out", "split.pdf")
    assert split.exit_code == 0, split.stderr
    said = [x for x in split.stderr.splitlines() if "with the same answers: counted once" in x]
    assert (
        len(said) == 2
        and "a.csv: row 3, b.csv: row 2: R1 answered for Acme GmbH twice" in (said[0])
    )
    scores = [json.loads(Path(f"{n}.json").read_text(encoding="utf-8"))["scores"]
              for n in ("whole", "split")]  # fmt: skip
    assert scores[0] == scores[1]
    assert invoke("batch", "a.csv", "b.csv", "--group-by", "firm", "--out", "g.csv").exit_code == 0
    with open("g.groups.csv", encoding="utf-8") as handle:
        group = next(csv.DictReader(handle))
    for dim, shown in scores[0]["dimensions"].items():
        if shown["score"] is not None:
            assert float(group[f"{dim}_mean"]) == pytest.approx(shown["score"], abs=1e-6), dim
            assert int(group[f"{dim}_respondents"]) <= 4
        assert int(group[f"{dim}_target"]) == shown["target"]  # the report's, a trial missed
    progress = scores[0]["overall"]["percent_to_target"]  # them in the groups table
    assert float(group["percent_to_target"]) == pytest.approx(progress, abs=1e-9)
    assert invoke("history", "add", "a.csv", "b.csv", "--db", "h.db").exit_code == 0
    assert invoke("report", "--db", "h.db", "--firm", "Acme GmbH", "--out", "h.pdf").exit_code == 0
    assert json.loads(Path("h.json").read_text(encoding="utf-8"))["scores"] == scores[0]
