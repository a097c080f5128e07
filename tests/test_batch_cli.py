"""``amc batch`` through click's CliRunner: exit codes, stdout, stderr and the errors file."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from amc_assess.cli import cli, common
from amc_assess.names import shown
from conftest import FIXTURES, MINI, REPO

EXPORTS = FIXTURES / "exports"
MINI_ARGS = ["-q", str(MINI / "questionnaire.yaml"), "-r", str(MINI / "rubric.yaml")]


def seconds_out(text: str) -> str:
    """The summary's time taken varies: replace it by N."""
    return re.sub(r"; \d+\.\d s$", "; N s", text, flags=re.M)


def invoke(*args: str):
    return CliRunner().invoke(cli, ["batch", *MINI_ARGS, *args], catch_exceptions=False)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_profile_choices_are_the_library_profiles():
    """batch and reliability offer every profile (reliability lacked surveymonkey)."""
    from amc_assess.ingest import PROFILES

    assert common.PROFILES == ("auto", *PROFILES)
    for command in ("batch", "reliability"):
        shown_help = CliRunner().invoke(cli, [command, "--help"], terminal_width=200).stdout
        assert "[" + "|".join(common.PROFILES) + "]" in shown_help, command


def test_bad_cells_exit_1_with_every_line_on_stderr_and_in_the_errors_file(here: Path):
    (here / "r.csv").write_text(
        "firm,respondent,a_agree1,a_yes,a_choice,b_exists,b_count,side\n"
        "Acme,Ann,4,yes,some,yes,7,own\n"
        "Acme,Bob,Sometimes,perhaps,Lots,yes,250,ours\n"
        "Acme,Cy,7,no,none,no,3,partner\n",
        encoding="utf-8",
    )
    result = invoke("r.csv", "-o", "out.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "r.csv: row 3: a_agree1: 'Sometimes': unknown label (expected 1..5 or one of: Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)",
        "r.csv: row 3: a_yes: 'perhaps': unknown label (expected yes or no)",
        "r.csv: row 3: a_choice: 'Lots': unknown label (expected one of: None, Some, Full)",
        "r.csv: row 3: b_count: '250': expected a whole number from 0 to 100",
        "r.csv: row 3: side: 'ours': expected one of: own, partner",
        "r.csv: row 4: a_agree1: '7': expected a whole number 1..5",
        "r.csv: row 4: b_count: '3': not asked: asked only when b_exists is yes, which this row's "
        "answers do not meet, so the answer is ignored",
        "7 problems (listed in out.errors.csv); the rows were scored without the bad cells. Fix "
        "the input, or rerun with --allow-errors.",
    ]
    assert seconds_out(result.stdout).splitlines()[1:] == [
        "no column for 5 items (counted as don't know): ctx_repeat_share, ctx_comment, a_agree2, "
        "b_budget, b_agree",
        "Read 3 rows from 1 file; scored 3; 2 rows with errors (7 bad cells); N s",
        "Wrote out.csv, out.errors.csv",
    ]
    with open(here / "out.errors.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["file", "row", "column", "item", "value", "error"]
    assert rows[1] == [
        "r.csv",
        "3",
        "a_agree1",
        "a_agree1",
        "Sometimes",
        "unknown label (expected 1..5 or one of: Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)",
    ]
    assert len(rows) == 8
    with open(here / "out.csv", encoding="utf-8", newline="") as handle:
        scored = list(csv.DictReader(handle))
    assert [r["errors"] for r in scored] == ["0", "5", "2"]  # no row dropped
    # Ann (4 + 2 * 5 + 3) / 4 items; Bob and Cy keep too few valid answers (share < 0.6)
    assert [r["alpha_score"] for r in scored] == ["4.25", "", ""]
    assert [r["alpha_answered_share"] for r in scored] == ["0.75", "0", "0.5"]
    assert [r["side"] for r in scored] == ["own", "", "partner"]


def test_allow_errors_exits_0_and_still_reports(here: Path):
    (here / "r.csv").write_text("a_agree1,a_yes\nmaybe,yes\n", encoding="utf-8")
    result = invoke("r.csv", "-o", "out.csv", "--allow-errors")
    assert result.exit_code == 0
    assert result.stderr == (
        "r.csv: row 2: a_agree1: 'maybe': unknown label (expected 1..5 or one of: Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)\n"
    )
    assert (here / "out.errors.csv").read_text(encoding="utf-8").count("\n") == 2


def test_long_error_lists_are_cut_on_stderr_but_complete_in_the_file(here: Path):
    rows = "".join(f"{k},x\n" for k in range(30))
    (here / "r.csv").write_text("respondent,a_yes\n" + rows, encoding="utf-8")
    result = invoke("r.csv", "-o", "out.csv")
    lines = result.stderr.splitlines()
    assert len(lines) == 22
    assert lines[20] == "... and 10 more in out.errors.csv"
    assert (here / "out.errors.csv").read_text(encoding="utf-8").count("\n") == 31


def test_clean_batch_prints_detection_and_summary_only(here: Path):
    (here / "r.csv").write_text(
        "respondent,a_agree1,a_agree2,a_yes,a_choice\nAnn,4,2,yes,some\n", encoding="utf-8"
    )
    result = invoke("r.csv", "-o", "out.parquet", "--profile", "auto")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "r.csv: items layout (item ids: item id headers; CSV, utf-8, ','-separated), 1 row; "
        "4 item columns, 1 metadata"
    )
    assert lines[2].startswith(
        "Read 1 row from 1 file; scored 1; 0 rows with errors (0 bad cells); "
    )
    assert lines[3] == "Wrote out.parquet"  # no refused answer: no errors file
    assert not Path("out.errors.csv").exists()


def test_group_by_and_compare_write_their_tables(here: Path):
    result = invoke(
        str(EXPORTS / "qualtrics" / "mini_qualtrics.csv"),
        "-o",
        "out.csv",
        "-g",
        "firm",
        "--allow-errors",
    )
    assert result.exit_code == 0
    assert "2 groups: 1 ok, 1 aggregate with caution, 0 single respondent" in result.stdout
    assert "  aggregate with caution: Beta: low agreement on beta" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "Wrote out.csv, out.groups.csv, out.reliability.csv, out.errors.csv"
    )
    with open(here / "out.groups.csv", encoding="utf-8") as handle:
        groups = list(csv.DictReader(handle))
    assert [g["status"] for g in groups] == ["ok", "aggregate with caution"]
    # test_aggregate's hand computation, written with 10 significant digits
    acme, beta = 4 * (1 - 0.75 / (8 / 3)), 3 * (1 - (2.5 / 3) / (26 / 9))
    expected = [format(acme / (acme + 0.75 / (8 / 3)), ".10g"),
                format(beta / (beta + (2.5 / 3) / (26 / 9)), ".10g")]  # fmt: skip
    assert [g["alpha_rwg_j"] for g in groups] == expected


def test_group_by_year_from_dates_and_unknown_group_column(here: Path):
    args = [
        str(EXPORTS / "google_forms" / "mini_google_forms.csv"),
        "-o",
        "out.csv",
        "--allow-errors",
    ]
    result = invoke(*args, "-g", "firm,year")
    assert result.exit_code == 0
    with open(here / "out.groups.csv", encoding="utf-8") as handle:
        groups = list(csv.DictReader(handle))
    assert [(g["firm"], g["year"]) for g in groups] == [("Acme", "2026"), ("Beta", "2026")]
    result = invoke(*args, "-g", "division")
    assert result.exit_code == 1
    source = shown(EXPORTS / "google_forms" / "mini_google_forms.csv")
    assert result.stderr == (
        f"{source}: --group-by: no column 'division'; group by a column of every input, "
        "metadata (firm, respondent, date), source_file or an item id\n"
    )


def test_compare_side_within_firm(here: Path):
    lines = ["firm,respondent,side,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_count,b_agree"]
    for k, (side, agree) in enumerate(
        [("own", 5), ("own", 5), ("own", 4), ("partner", 2), ("partner", 1), ("partner", 2)]
    ):
        lines.append(f"Acme,r{k},{side},{agree},{6 - agree},yes,some,yes,{3 * agree},{agree}")
    (here / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("r.csv", "-o", "out.csv", "-g", "firm", "--compare", "side")
    assert result.exit_code == 0, result.stderr
    assert "compared 3 gaps: 3 beyond noise" in result.stdout
    with open(here / "out.compare.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    alpha = next(r for r in rows if r["dimension"] == "alpha")
    assert (alpha["firm"], alpha["group_a"], alpha["group_b"]) == ("Acme", "own", "partner")
    assert alpha["verdict"] == "gap beyond noise"
    # grouped by the compared column too (a trial's "-g firm,side --compare side" crashed on
    # "'DataFrame' object has no attribute 'unique'"): the sides are compared within firms
    both = invoke("r.csv", "-o", "both.csv", "-g", "firm,side", "--compare", "side")
    assert both.exit_code == 0, both.stderr
    with open(here / "both.compare.csv", encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == rows


def test_compare_summary_counts_each_verdict(here: Path):
    """One respondent a side: no gap can be judged, and the summary says so (it said
    "0 beyond noise" alone, as if the gaps had been judged small)."""
    lines = ["firm,respondent,side,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_count,b_agree"]
    lines += ["Acme,r0,own,5,1,yes,some,yes,15,5", "Acme,r1,partner,2,4,yes,some,yes,6,2"]
    (here / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("r.csv", "-o", "out.csv", "-g", "firm", "--compare", "side")
    assert result.exit_code == 0, result.stderr
    assert "compared 3 gaps: 0 beyond noise, 3 too few respondents" in result.stdout


def test_unknown_output_format_is_refused_before_reading(here: Path):
    (here / "r.csv").write_text("a_agree1\n4\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", *MINI_ARGS, "r.csv", "-o", "out.txt"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for --out: write .csv, .xlsx, .parquet or .json"
    )
    assert not (here / "out.errors.csv").exists()
    result = CliRunner().invoke(cli, ["template", *MINI_ARGS, "-o", "sheet.ods"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for --out: write .xlsx or .csv"


def test_progress_callbacks_cover_reading_scoring_and_writing(here: Path):
    from amc_assess.batch import run

    (here / "r.csv").write_text("a_agree1\n4\n", encoding="utf-8")
    seen: list[tuple[str, float]] = []
    q, r = MINI_ARGS[1::2]
    run(
        ["r.csv"],
        "out.csv",
        questionnaire=q,
        rubric=r,
        step=lambda label, x: seen.append((label, x)),
    )
    assert [label.split()[0] for label, _ in seen] == ["reading", "scoring", "writing"]
    assert seen[-1] == ("writing out.csv", 1.0)


def test_progress_bar_only_for_large_inputs_on_a_terminal(here: Path):
    from amc_assess.progress import MIN_BYTES, input_bytes, progress_bar

    (here / "r.csv").write_text("a_agree1\n4\n", encoding="utf-8")
    assert input_bytes(["r.csv"]) == 11 < MIN_BYTES
    with progress_bar(["r.csv"]) as step:
        assert step is None
    with progress_bar(["r.csv"], show=True) as step:
        assert step is not None
        step("scoring 1 responses", 1.0)


def test_progress_bar_pulses_while_a_stage_cannot_tell_how_far_it_is(
    here: Path, monkeypatch: pytest.MonkeyPatch
):
    import rich.progress

    from amc_assess.progress import UNKNOWN, progress_bar

    bars: list[rich.progress.Progress] = []
    enter = rich.progress.Progress.__enter__

    def kept(self: rich.progress.Progress) -> rich.progress.Progress:
        bars.append(self)
        return enter(self)

    monkeypatch.setattr(rich.progress.Progress, "__enter__", kept)
    (here / "r.csv").write_text("a_agree1\n4\n", encoding="utf-8")
    with progress_bar(["r.csv"], show=True) as step:
        assert step is not None
        (task,) = bars[0].tasks
        step("reading r.csv", UNKNOWN)
        assert task.total is None and task.completed == 0.0  # rich draws a pulse
        step("reading r.csv", 1.0)
        assert task.total == 1.0 and task.completed == pytest.approx(0.6)
        step("writing out.csv", 0.5)
        assert task.completed == pytest.approx(0.95)


def test_batch_of_the_bundled_examples_equals_amc_score(here: Path):
    import json

    from amc_assess import api
    from amc_assess.resources import data_dir

    folder = data_dir("examples")
    result = CliRunner().invoke(cli, ["batch", str(folder), "-o", "out.json"])
    assert result.exit_code == 0, result.stderr
    scored = json.loads((here / "out.json").read_text(encoding="utf-8"))["scored"]
    files = sorted(folder.glob("*.yaml"))
    single = api.score_files(files)
    assert len(scored) == len(single) == 3
    for row, one in zip(scored, single, strict=True):
        assert row["firm"] == one.firm
        assert row["overall_score"] == pytest.approx(one.overall_score, abs=1e-9, nan_ok=True)
        for dim in one.dimensions:
            assert row[f"{dim.dimension}_score"] == pytest.approx(dim.score, abs=1e-9, nan_ok=True)
            assert row[f"{dim.dimension}_level"] == dim.level
        assert row["rules"].split(";") == ([r.id for r in one.rules] or [""])


def test_a_respondent_in_two_rows_of_one_firm_is_named_with_its_files_and_rows(here: Path):
    """The same export given twice counts every respondent twice: said, with where; the same
    id in another firm or another year is another respondent."""
    body = "firm,respondent,year,a_agree1,a_yes\nAcme,R1,2025,4,yes\nAcme,R2,2025,2,no\n"
    (here / "a.csv").write_text(body, encoding="utf-8")
    (here / "b.csv").write_text(body, encoding="utf-8")
    result = invoke("a.csv", "b.csv", "-o", "out.csv", "-g", "firm", "--allow-errors")
    assert result.exit_code == 0, result.output
    repeats = [line for line in result.stdout.splitlines() if "more than one row" in line]
    assert repeats == [
        "2 respondent ids appear in more than one row, each row scored (one that repeats an "
        "earlier row's answers counts once in group figures): 'R1' of Acme in a.csv row 2, b.csv row 2; "
        "'R2' of Acme in a.csv row 3, b.csv row 3"
    ]
    other = body.replace("R1,2025", "R1,2026") + "Beta,R1,2025,3,yes\n"  # one repeat: R2
    (here / "b.csv").write_text(other, encoding="utf-8")
    result = invoke("a.csv", "b.csv", "-o", "out.csv", "--allow-errors")
    repeats = [line for line in result.stdout.splitlines() if "more than one row" in line]
    assert repeats == [
        "1 respondent id appears in more than one row, each row scored (one that repeats an "
        "earlier row's answers counts once in group figures): 'R2' of Acme in a.csv row 3, b.csv row 3"
    ]


def test_a_respondent_in_two_response_files_is_named_by_file_alone(here: Path):
    """Response files (YAML) have no rows: a trial read "in dk.yaml row <NA>"."""
    import yaml

    from conftest import REPO

    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    for name in ("a.yaml", "b.yaml"):
        (here / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", "a.yaml", "b.yaml", "-o", "out.csv"])
    repeats = [line for line in result.stdout.splitlines() if "more than one row" in line]
    assert repeats == [
        "1 respondent id appears in more than one row, each row scored (one that repeats an "
        "earlier row's answers counts once in group figures): 'Dana Whitfield' of Lumora Medical Inc. "
        "(fictional) in a.yaml, b.yaml"
    ]


@pytest.mark.parametrize("out", ["out.csv", "out.xlsx"])
def test_a_file_of_no_rows_grouped_writes_empty_tables(here: Path, out: str):
    """A header and no answers, grouped by firm: empty tables with their columns, not a
    crash in the agreement check (it had no group to look at)."""
    import pandas as pd

    (here / "none.csv").write_text("firm,respondent,a_agree1,a_yes\n", encoding="utf-8")
    result = invoke("none.csv", "-o", out, "-g", "firm")
    assert result.exit_code == 1, result.output  # nothing scored: a wrong input
    assert result.stderr.splitlines()[-1] == (
        "Nothing scored: the inputs have no rows. Fix the input, or rerun with --allow-errors."
    )
    assert "0 groups: 0 ok" in result.stdout
    assert "warning: no answers: the inputs have a header and no rows below it" in result.stdout
    if out.endswith(".csv"):
        groups = pd.read_csv(here / "out.groups.csv")
    else:
        groups = pd.read_excel(here / out, sheet_name="groups", engine="openpyxl")
    assert len(groups) == 0 and {"firm", "alpha_rwg_j", "status", "low_agreement"} <= set(groups)


def test_bad_cells_past_an_xlsx_sheet_are_in_the_errors_file_only(here: Path, monkeypatch):
    """More bad cells than a sheet holds: the scored table is written with no errors sheet,
    the errors file lists them all, and a line says so (the whole run was refused)."""
    import pandas as pd

    from amc_assess import batch

    monkeypatch.setattr(batch, "XLSX_MAX_ROWS", 1)
    body = "firm,respondent,a_agree1,a_yes\nAcme,R1,9,maybe\nAcme,R2,4,yes\n"
    (here / "r.csv").write_text(body, encoding="utf-8")
    result = invoke("r.csv", "-o", "out.xlsx", "--allow-errors")
    assert result.exit_code == 0, result.output
    assert (
        "2 bad cells: more than an XLSX sheet holds (1 rows): listed in out.errors.csv only, "
        "not in out.xlsx"
    ) in result.stdout.splitlines()
    sheets = pd.read_excel(here / "out.xlsx", sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["scored"] and len(sheets["scored"]) == 2
    assert len(pd.read_csv(here / "out.errors.csv")) == 2


def test_a_file_not_scored_is_said_so_in_the_refusal(here: Path):
    """A trial: "the rows were scored without them" followed a list that held "file not
    scored"; such files are counted apart."""
    (here / "good.csv").write_text("firm,a_agree1\nAcme,4\nBeta,9\n", encoding="utf-8")
    (here / "bad.yaml").write_text("answers: [unclosed\n", encoding="utf-8")
    result = invoke("good.csv", "bad.yaml", "-o", "out.csv")
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("3 problems (listed in out.errors.csv): 1 file not scored; the other "
                           "rows were scored without the bad cells."), last  # fmt: skip


def yearly_book(path: Path) -> Path:
    """A workbook of a sheet a year (the same columns) and a sheet of notes; 2025 holds a
    bad cell."""
    from openpyxl import Workbook

    book = Workbook()
    header = ["firm", "respondent", "ctx_repeat_share", "b_exists", "a_agree1", "a_agree2"]
    rows = {"2024": [["Acme", "r1", 70, "yes", 4, 2]],
            "2025": [["Acme", "r2", 60, "yes", "lots", 3], ["Bolt", "r3", 20, "no", 2, 5]]}  # fmt: skip
    for k, (title, data) in enumerate(rows.items()):
        sheet = book.active if k == 0 else book.create_sheet(title)
        sheet.title = title
        for row in [header, *data]:
            sheet.append(row)
    book.create_sheet("Notes").append(["read me", "first"])
    book.save(path)
    return path


def test_sheet_option_reads_the_sheets_named_each_as_a_file(tmp_path: Path):
    """A workbook of a sheet a year could not be scored whole: the second sheet was noted as
    not read, with no way to read it but to save it as a file of its own."""
    book = yearly_book(tmp_path / "book.xlsx")
    out = tmp_path / "out.csv"
    done = invoke(str(book), "--sheet", "2024", "--sheet", "2025", "-o", str(out))
    assert done.exit_code == 1  # the bad cell
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    name = shown(book)
    assert [(r["source_file"], r["source_row"], r["respondent"]) for r in rows] == [
        (f"{name} (sheet '2024')", "2", "r1"),
        (f"{name} (sheet '2025')", "2", "r2"),
        (f"{name} (sheet '2025')", "3", "r3"),
    ]
    assert f"{name} (sheet '2025'): row 2: a_agree1: 'lots':" in done.stderr
    assert "not read, though of the same columns" not in done.stdout
    # '*': the default sheet and every other of its columns, not the notes; names ignore case
    star = invoke(str(book), "--sheet", "*", "-o", str(tmp_path / "star.csv"), "--allow-errors")
    with (tmp_path / "star.csv").open(encoding="utf-8") as handle:
        assert [r["respondent"] for r in csv.DictReader(handle)] == ["r1", "r2", "r3"]
    assert star.exit_code == 0
    assert invoke(str(book), "--sheet", "notes", "-o", str(tmp_path / "n.csv")).exit_code == 1
    # without --sheet: the first sheet, and a line naming the one not read and the option
    plain = invoke(str(book), "-o", str(tmp_path / "plain.csv"), "--allow-errors")
    assert plain.exit_code == 0
    assert "--sheet NAME reads a sheet by name" in plain.stdout and "'2025'" in plain.stdout


def test_a_sheet_with_a_title_row_above_its_header_is_of_the_same_columns(tmp_path: Path):
    """Sheet 2025 opens with a title row: --sheet '*' read 2024 only and exit 0, and without
    --sheet no line named 2025 (a year of data lost without a word, a new-user trial)."""
    from openpyxl import load_workbook

    book = yearly_book(tmp_path / "book.xlsx")
    wb = load_workbook(book)
    wb["2025"].insert_rows(1)
    wb["2025"]["A1"] = "Answers collected in 2025"
    wb.save(book)
    star = invoke(str(book), "--sheet", "*", "-o", str(tmp_path / "star.csv"), "--allow-errors")
    assert star.exit_code == 0, star.output
    with (tmp_path / "star.csv").open(encoding="utf-8") as handle:
        assert [r["respondent"] for r in csv.DictReader(handle)] == ["r1", "r2", "r3"]
    plain = invoke(str(book), "-o", str(tmp_path / "plain.csv"), "--allow-errors")
    assert "not read, though of the same columns: '2025'" in plain.stdout


def test_sheet_option_names_a_sheet_the_workbook_lacks_in_one_line(tmp_path: Path):
    book = yearly_book(tmp_path / "book.xlsx")
    done = invoke(str(book), "--sheet", "2026", "-o", str(tmp_path / "out.csv"))
    assert done.exit_code == 1
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith(f"{shown(book)}: no sheet named '2026' (its sheets: '2024', '2025', 'Notes')")
    )
    csv_only = tmp_path / "a.csv"
    csv_only.write_text("firm,respondent,a_agree1\nAcme,r1,4\n", encoding="utf-8")
    done = invoke(str(csv_only), "--sheet", "2024", "-o", str(tmp_path / "o.csv"))
    assert done.exit_code == 1
    assert (
        done.stderr.strip().splitlines()[-1].endswith("--sheet: no XLSX workbook among the inputs")
    )


def test_a_batch_that_scores_no_dimension_says_so(tmp_path):
    """A trial mapped a Qualtrics export onto an instrument it does not answer: one item
    column matched, every row scored as "insufficient data", and the run said "scored 1"
    with nothing else. It now warns that nothing could be scored and what to check."""
    folder = EXPORTS / "qualtrics"
    args = ["batch", *MINI_ARGS, str(folder / "qualtRics_sample.csv"),
            "--map", str(folder / "qualtRics_map.yaml")]  # fmt: skip
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "s.csv")])
    assert result.exit_code == 1, result.stderr  # nothing scored: exit 1, the table written
    assert result.stderr.splitlines()[-1] == (
        "Nothing scored: no row has enough answers to score any dimension. Fix the input, or "
        "rerun with --allow-errors."
    )
    allowed = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "s.csv"), "--allow-errors"])
    assert allowed.exit_code == 0, allowed.stderr
    with open(tmp_path / "s.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["overall_status"] != "ok" for row in rows)  # the premise
    warned = [x for x in result.stdout.splitlines() if x.startswith("warning: no row has")]
    assert warned == [
        "warning: no row has enough answers to score any dimension: are the items' columns "
        "there (a --map for this export, the questionnaire it answers)?"
    ]
    fine = CliRunner().invoke(cli, ["batch", *MINI_ARGS, str(MINI / "response.yaml"),
                                    "--out", str(tmp_path / "f.csv")])  # fmt: skip
    assert fine.exit_code == 0, fine.stderr
    assert "Read 1 row" in fine.stdout and "no row has enough" not in fine.output


def test_a_refusal_without_a_bad_cell_does_not_speak_of_bad_cells(here: Path):
    """Columns matching no item are problems, but no answer was refused: the closing line said
    "the rows were scored without the bad cells" where there were none."""
    sample = EXPORTS / "qualtrics" / "qualtRics_sample_legacy.csv"
    result = invoke(str(sample), "-o", "out.csv")
    assert result.exit_code == 1
    assert "0 bad cells" in result.stdout
    assert result.stderr.splitlines()[-1].endswith(
        "; every row was scored, no cell refused. Fix the input, or rerun with --allow-errors."
    )


def test_a_non_answer_in_a_question_not_asked_is_no_error(here: Path):
    """A skipped DAF cell holding "Not applicable" was a bad cell (exit 1) while "Don't know"
    in the same kind of cell passed: both say no answer; an answer there is still named."""
    (here / "sk.csv").write_text(
        "firm,respondent,daf_exists,daf_headcount,daf_budget_share\n"
        "Acme,R1,no,Not applicable,Don't know\nAcme,R2,no,Don't know,Not applicable\n"
        "Acme,R3,no,3,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["batch", "sk.csv", "-o", "out.csv"])  # the bundled one
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "not asked" in line]
    assert lines == [
        "sk.csv: row 4: daf_headcount: '3': not asked: asked only when daf_exists is yes, which "
        "this row's answers do not meet, so the answer is ignored"
    ]


def test_the_reliability_table_counts_the_rows_the_group_figures_count(here: Path):
    """The groups table left a partner-side respondent out of its firm (as it says), while
    the ICCs of the reliability table were over every row: n 20 beside 19."""
    lines = ["firm,respondent,side,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_count,b_agree"]
    rows = [("Acme", "own", 5), ("Acme", "own", 4), ("Acme", "own", 5), ("Acme", "partner", 1),
            ("Beta", "own", 2), ("Beta", "own", 1), ("Beta", "own", 2)]  # fmt: skip
    for k, (firm, side, agree) in enumerate(rows):
        lines.append(f"{firm},r{k},{side},{agree},{6 - agree},yes,some,yes,{3 * agree},{agree}")
    (here / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("r.csv", "-o", "out.csv", "-g", "firm")
    assert result.exit_code == 0, result.stderr
    with open(here / "out.reliability.csv", encoding="utf-8") as handle:
        reliability = list(csv.DictReader(handle))
    with open(here / "out.groups.csv", encoding="utf-8") as handle:
        groups = list(csv.DictReader(handle))
    counted = sum(int(g["alpha_respondents"]) for g in groups)
    assert counted == 6  # the partner is left out of Acme's figures
    alpha = next(r for r in reliability if r["dimension"] == "alpha")
    assert int(alpha["n"]) == counted and alpha["icc_note"] == ""


def test_an_icc_below_zero_is_explained(here: Path):
    """Coordination's ICC(2) of -25.71 stood with no word of what it means."""
    lines = ["firm,respondent,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_count,b_agree"]
    for k, (firm, agree) in enumerate(
        [("Acme", 1), ("Acme", 5), ("Acme", 3), ("Beta", 1), ("Beta", 5), ("Beta", 2)]
    ):
        lines.append(f"{firm},r{k},{agree},{6 - agree},yes,some,yes,{3 * agree},{agree}")
    (here / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert invoke("r.csv", "-o", "out.csv", "-g", "firm").exit_code == 0
    with open(here / "out.reliability.csv", encoding="utf-8") as handle:
        alpha = next(r for r in csv.DictReader(handle) if r["dimension"] == "alpha")
    assert float(alpha["icc1"]) < 0 and float(alpha["icc2"]) < 0
    assert alpha["icc_note"].startswith("below 0: the groups differ less than their members")


def test_a_summary_naming_ten_groups_of_many_says_how_many_more(here: Path):
    """ "12 aggregate with caution" was followed by ten names and nothing more."""
    rows = ["firm,respondent,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_agree"]
    for k in range(12):
        rows += [f"Firm {k:02},A{k},Strongly agree,Strongly disagree,yes,full,no,Strongly agree",
                 f"Firm {k:02},B{k},Strongly disagree,Strongly agree,no,none,no,Strongly disagree"]  # fmt: skip
    (here / "split.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = invoke("split.csv", "-o", "out.csv", "-g", "firm", "-p", "items", "--allow-errors")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "12 groups: 0 ok, 12 aggregate with caution, 0 single respondent" in lines
    named = [x for x in lines if x.startswith("  aggregate with caution: Firm ")]
    assert [x.split(":")[1].strip() for x in named] == [f"Firm {k:02}" for k in range(10)]
    assert "  ... and 2 more to aggregate with caution (every group is in out.groups.csv)" in lines


def test_a_folder_names_the_tables_it_does_not_read(here: Path):
    """A folder of a response file, a CSV export and a workbook: the two tables were left out
    without a word (a new-user trial); a note names them."""
    folder = here / "mix"
    folder.mkdir()
    (folder / "r.yaml").write_text((REPO / "examples" / "mid_maturity.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")  # fmt: skip
    (folder / "raw.csv").write_text("firm,a_agree1\nAcme,4\n", encoding="utf-8")
    (folder / "years.xlsx").write_bytes(b"")
    result = CliRunner().invoke(cli, ["batch", "mix", "-o", "out.csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "note: mix: 2 table files not read (raw.csv, years.xlsx): a folder stands for its "
        "response files (.yaml, .json); name a table among the inputs to read it"
    )
    assert "Read 1 row from 1 file" in result.stdout


def test_one_firm_spelt_two_ways_is_said_to_be_grouped_apart(here: Path):
    """ "Lumora ..." and "LUMORA ..." made two groups without a note (history add notes it)."""
    text = (REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8")
    (here / "a.yaml").write_text(text, encoding="utf-8")
    upper = text.replace(
        "firm: Lumora Medical Inc. (fictional)", "firm: LUMORA MEDICAL INC. (FICTIONAL)"
    ).replace("Dana Whitfield", "Sam")
    (here / "b.yaml").write_text(upper, encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", "a.yaml", "b.yaml", "-o", "g.csv", "-g", "firm"])
    assert result.exit_code == 0, result.output
    assert (
        "1 name spelt more than one way ('LUMORA MEDICAL INC. (FICTIONAL)' / 'Lumora Medical "
        "Inc. (fictional)'): grouped apart, as they differ only in case, accents or punctuation; "
        "if they are one, write them alike in the inputs"
    ) in result.stdout.splitlines()
    same = CliRunner().invoke(cli, ["batch", "a.yaml", "-o", "h.csv", "-g", "firm"])
    assert "spelt more than one way" not in same.stdout


def test_unreadable_inputs_are_named_for_what_they_are(here: Path):
    """A damaged Parquet file gave a line not naming it; a folder of one unreadable response
    file was said to have "a header and no rows" and "the other rows were scored"."""
    (here / "bad.parquet").write_bytes(b"not parquet at all")
    damaged = CliRunner().invoke(cli, ["batch", "bad.parquet", "-o", "x.csv"])
    assert damaged.exit_code == 1
    assert damaged.stderr.splitlines()[-1].startswith("bad.parquet: cannot read the table: ")
    (here / "broken").mkdir()
    (here / "broken" / "x.yaml").write_text("a: [\n", encoding="utf-8")
    folder = CliRunner().invoke(cli, ["batch", "broken", "-o", "b.csv"])
    assert folder.exit_code == 1
    assert "header and no rows" not in folder.output
    assert folder.stderr.splitlines()[-1] == (
        "2 problems (listed in b.errors.csv): 1 file not scored, and no row to score. Fix the "
        "input, or rerun with --allow-errors."
    )


def test_ids_in_a_csv_keep_their_leading_zeros(here: Path):
    """Firm 0042 and respondents 00123 and 0123 became 42 and 123 twice, a false repeat."""
    (here / "z.csv").write_text(
        "firm,respondent,a_agree1,a_agree2\n0042,00123,4,2\n0042,0123,4,2\n1e5,7,3,3\n",
        encoding="utf-8",
    )
    result = invoke("z.csv", "-o", "z.o.csv", "-p", "items", "--allow-errors")
    assert result.exit_code == 0, result.output
    assert "more than one row" not in result.stdout
    with open(here / "z.o.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["firm"], r["respondent"]) for r in rows] == [
        ("0042", "00123"), ("0042", "0123"), ("1e5", "7"),
    ]  # fmt: skip


QUALTRICS_HEAD = (
    "StartDate,EndDate,Status,Progress,Finished,RecordedDate,ResponseId,firm,Q1_1,Q1_2\n"
    "Start Date,End Date,Response Type,Progress,Finished,Recorded Date,Response ID,Firm,"
    "We do A.,We rarely do A.\n"
    + ",".join(f'"{{""ImportId"":""{k}""}}"' for k in
               ("startDate", "endDate", "status", "progress", "finished", "recordedDate",
                "_recordId", "QID9_TEXT", "QID1_1", "QID1_2")) + "\n"
)  # fmt: skip


def qualtrics_batch(here: Path, rows: str, values: str = ""):
    """``amc batch`` of a Qualtrics export of ``rows``, Q1_1 and Q1_2 mapped to two items
    (and the map's ``values``, a line of YAML)."""
    (here / "q.csv").write_text(QUALTRICS_HEAD + rows, encoding="utf-8")
    (here / "m.yaml").write_text(
        "columns: {Q1_1: a_agree1, Q1_2: a_agree2}\n" + values, encoding="utf-8"
    )
    result = invoke("q.csv", "--map", "m.yaml", "-o", "o.csv", "--allow-errors")
    assert result.exit_code == 0, result.output
    return result


def test_a_qualtrics_export_of_agreement_codes_without_its_survey_is_warned(here: Path):
    """Codes 1 and 5 where the survey listed Strongly agree first: read as points from the
    low end, the firm scored 1.0 with exit 0 and no word (a trial). A warning names the columns
    and the survey definition; an export of labels gets none."""
    rows = "2026-03-01,2026-03-01,0,100,1,2026-03-01,R_1,Acme,1,5\n"
    result = qualtrics_batch(here, rows)
    assert (
        "warning: q.csv: 2 agreement columns in numbers ('Q1_1', 'Q1_2'), read as points from "
        "the scale's low end (1 = strongly disagree); a qualtrics export of codes numbers the "
        "options as the survey lists them, where 1 may be strongly agree: give its survey "
        "definition (.qsf) (--dictionary FILE), or export the answers as labels"
    ) in result.stdout.splitlines()
    plain = qualtrics_batch(here, rows.replace(",1,5", ",Strongly agree,Strongly disagree"))
    assert "agreement columns in numbers" not in plain.stdout
    # labels for other answers leave these numbers unlabelled: still warned of (a trial's map
    # with values: {Foo: 1} silenced it); codes given labels are not
    other = qualtrics_batch(here, rows, 'values: {"Foo": 1}\n')
    assert "2 agreement columns in numbers ('Q1_1', 'Q1_2')" in other.stdout
    coded = qualtrics_batch(here, rows, 'values: {"1": 5, "5": 1}\n')
    assert "agreement columns in numbers" not in coded.stdout


def test_qualtrics_preview_rows_are_named(here: Path):
    """A Survey Preview (Status 1) was scored as a respondent without a word (a trial)."""
    rows = ("2026-03-01,2026-03-01,0,100,1,2026-03-01,R_1,Acme,Agree,Disagree\n"
            "2026-03-01,2026-03-01,1,40,0,2026-03-01,R_2,Acme,Agree,Agree\n"
            "2026-03-01,2026-03-01,Survey Test,100,1,2026-03-01,R_3,Acme,Agree,Agree\n")  # fmt: skip
    result = qualtrics_batch(here, rows)
    assert (
        "warning: q.csv: 2 rows are survey previews or tests (Status; rows 5, 6), scored as "
        "answers: leave them out if nobody answered"
    ) in result.stdout.splitlines()


def test_a_name_with_a_run_of_spaces_is_the_name_with_one(here: Path):
    """ "Acme  Pharma" (two spaces) and "Acme Pharma" made two groups and two reports, where
    the store keeps one firm (a trial)."""
    (here / "s.csv").write_text(
        "firm,respondent,a_agree1,a_agree2\nAcme Pharma,a,4,2\nAcme  Pharma,b,5,1\n", "utf-8"
    )
    result = invoke("s.csv", "-o", "o.csv", "-p", "items", "-g", "firm", "--allow-errors")
    assert result.exit_code == 0, result.output
    with open(here / "o.groups.csv", encoding="utf-8", newline="") as handle:
        groups = list(csv.DictReader(handle))
    assert [(g["firm"], g["respondents"]) for g in groups] == [("Acme Pharma", "2")]


def test_group_agreement_counts_the_respondents_its_mean_counts(here: Path):
    """One of two respondents had too few beta answers to score it: beta's mean was the other's
    alone, yet its rwg(j) came from both (0.71 beside one respondent). A firm whose beta nobody's
    answers score was "ok" (a trial)."""
    rows = ["firm,respondent,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_agree",
            "Acme,A,Agree,Disagree,yes,some,no,Agree",
            "Acme,B,Agree,Disagree,yes,some,,Strongly agree",
            "Bolt,C,Agree,Disagree,yes,some,,",
            "Bolt,D,Agree,Disagree,yes,some,,"]  # fmt: skip
    (here / "g.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = invoke("g.csv", "-o", "o.csv", "-p", "items", "-g", "firm", "--allow-errors")
    assert result.exit_code == 0, result.output
    with open(here / "o.groups.csv", encoding="utf-8", newline="") as handle:
        groups = {g["firm"]: g for g in csv.DictReader(handle)}
    assert groups["Acme"]["beta_respondents"] == "1" and groups["Acme"]["beta_rwg_j"] == ""
    assert groups["Acme"]["status"] == "ok"
    assert groups["Bolt"]["beta_respondents"] == "0"
    assert groups["Bolt"]["status"] == "insufficient data"
    assert "1 with a dimension nobody's answers score" in result.stdout


@pytest.mark.parametrize("command", ["batch", "reliability"])
def test_a_file_given_twice_is_read_once_and_said_to_be(here: Path, command: str):
    """``a.csv ./a.csv`` (a glob and a name, a folder twice) crashed batch and reliability
    with "Categorical categories must be unique" (a trial); it is read once, with a line."""
    rows = ["firm,respondent,a_agree1,a_agree2,a_yes,a_choice,b_exists,b_agree"]
    rows += [f"Acme,R{k},Agree,Disagree,yes,full,no,Agree" for k in range(4)]
    rows += [f"Acme,S{k},Disagree,Agree,no,none,no,Disagree" for k in range(4)]
    (here / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    folder = here / "f"
    folder.mkdir()
    (folder / "r.yaml").write_text(
        (MINI / "response.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    out = ["-o", "out.csv"] if command == "batch" else []
    given = ["a.csv", "./a.csv", "f", "f/"] if command == "batch" else ["a.csv", "./a.csv"]
    result = CliRunner().invoke(cli, [command, *MINI_ARGS, *given, *out])
    assert result.exit_code == 0, result.output
    assert "warning: a.csv: given more than once among the inputs (as a.csv first): read once" in (
        result.output
    )
    if command == "batch":
        assert "warning: f/r.yaml: given more than once among the inputs (as f/r.yaml first)" in (
            result.output
        )
        with open(here / "out.csv", encoding="utf-8") as handle:
            assert len(list(csv.DictReader(handle))) == 9  # 8 rows and one response file
