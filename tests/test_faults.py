"""Every fault is one line a person reads (issue 17, item 2).

Each command meets a read-only output folder, a full disk (real tmpfs mounts, see
``mounts.py``), a missing file and a folder where a file was expected. Every time: one line on
stderr naming the user's own path (never a temporary name), the cause in words, no exception
class name or traceback, the documented exit code, and nothing written.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from amc_assess.faults import Fault, describe
from conftest import REPO, invoke
from mounts import fill, full_folder, read_only_folder
from test_network import KEY_CONTACT, seed001_ties, write_ties

MID = REPO / "examples" / "mid_maturity.yaml"
FIRM_SLUG = "lumora-medical-inc-fictional"
CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception|Warning)\b|Traceback|Errno")


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a response file, a ties file, a store and an empty folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "env.db"))
    shutil.copy(MID, tmp_path / "mid.yaml")
    write_ties(tmp_path / "ties.csv", seed001_ties(), keys={KEY_CONTACT})
    assert invoke("history", "add", "mid.yaml", "--db", "h.db").exit_code == 0
    (tmp_path / "folder").mkdir()
    return tmp_path


def one_line(result, code: int) -> str:
    """The single stderr line of a failed command (asserting exit code and the form)."""
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert not CLASS_NAME.search(lines[0]), lines[0]
    assert ".tmp" not in lines[0]
    return lines[0]


# -- outputs: a read-only folder and a full disk, for every command that writes a file -----

# command -> (arguments with {out} for the output folder, the path the line names)
WRITERS = {
    "schema": (["schema", "-o", "{out}/schemas"], "{out}/schemas/amc-questionnaire.schema.json"),
    "batch csv": (["batch", "mid.yaml", "--out", "{out}/o.csv"], "{out}/o.csv"),
    "batch xlsx": (["batch", "mid.yaml", "--out", "{out}/o.xlsx"], "{out}/o.xlsx"),
    "batch parquet": (["batch", "mid.yaml", "--out", "{out}/o.parquet"], "{out}/o.parquet"),
    "batch json": (["batch", "mid.yaml", "--out", "{out}/o.json"], "{out}/o.json"),
    "template xlsx": (["template", "-o", "{out}/t.xlsx"], "{out}/t.xlsx"),
    "template csv": (["template", "-o", "{out}/t.csv"], "{out}/t.csv"),
    "ties template": (
        ["template", "-q", "relationship_audit", "-o", "{out}/ties.xlsx"], "{out}/ties.xlsx"
    ),
    "report": (["report", "mid.yaml", "--out", "{out}/r.pdf"], "{out}/r.pdf"),
    "report --batch": (
        ["report", "--batch", "mid.yaml", "--out-dir", "{out}/rb", "-j", "1", "--no-progress"],
        "{out}/rb/" + FIRM_SLUG + ".pdf",
    ),
    "network": (["network", "ties.csv", "--out", "{out}/n.json"], "{out}/n.json"),
    "history export": (["history", "export", "--db", "h.db", "--out", "{out}/e.csv"], "{out}/e.csv"),
}  # fmt: skip


def _args(args: list[str], out: str) -> list[str]:
    return [a.format(out=out) for a in args]


@pytest.mark.parametrize("command", list(WRITERS))
def test_read_only_output_folder_is_one_line(base: Path, command: str) -> None:
    args, named = WRITERS[command]
    with read_only_folder(base / "ro"):
        result = invoke(*_args(args, "ro"))
        line = one_line(result, 1)
    # report --batch makes its folder first: the line names that folder
    expected = named.format(out="ro")
    expected = "ro/rb" if command == "report --batch" else expected
    assert line == f"{expected}: cannot write: the folder is read-only"
    assert "wrote" not in result.stdout.lower()


@pytest.mark.parametrize("command", ["batch xlsx", "batch csv", "report", "history export"])
def test_a_file_where_the_output_folder_should_be_is_one_line(base: Path, command: str) -> None:
    """``-o mid.yaml/out.xlsx``: a part of the path is a file; the line said "already exists"
    (the folder could not be made), of a file that did not exist."""
    args, named = WRITERS[command]
    (base / "afile").write_text("x", encoding="utf-8")
    for out in ("afile", "afile/sub"):  # the folder itself, or one above it, is a file
        line = one_line(invoke(*_args(args, out)), 1)
        assert line == f"{named.format(out=out)}: cannot write: a part of the path is not a folder"


@pytest.mark.parametrize("command", list(WRITERS))
def test_full_disk_is_one_line_and_leaves_nothing(base: Path, command: str) -> None:
    args, named = WRITERS[command]
    with full_folder(base / "full") as full:
        before = {p.relative_to(full) for p in full.rglob("*") if p.is_file()}
        result = invoke(*_args(args, "full"))
        line = one_line(result, 1)
        after = {p.relative_to(full) for p in full.rglob("*") if p.is_file()}
    assert line == f"{named.format(out='full')}: cannot write: the disk is full"
    assert after == before  # no partial file under its name, no temporary file left
    assert "wrote" not in result.stdout.lower()


def test_a_fault_in_a_report_worker_process_is_one_line(base: Path) -> None:
    other = (
        (base / "mid.yaml")
        .read_text(encoding="utf-8")
        .replace("firm: Lumora Medical Inc. (fictional)", "firm: Other AG")
    )
    (base / "other.yaml").write_text(other, encoding="utf-8")
    args = ["report", "--batch", "mid.yaml", "other.yaml", "--out-dir", "full/rb", "-j", "2"]
    with full_folder(base / "full"):
        line = one_line(invoke(*args, "--no-progress"), 1)
    assert re.fullmatch(
        rf"full/rb/({FIRM_SLUG}|other-ag)\.pdf: cannot write: the disk is full", line
    ), line


@pytest.mark.parametrize("where", ["ro", "full"])
def test_a_store_that_cannot_be_written_is_one_line(base: Path, where: str) -> None:
    """The store's own messages may change (its checks are another part of the issue); the
    form does not: one line naming the database file, exit 1."""
    mount = read_only_folder if where == "ro" else full_folder
    with mount(base / where):
        result = invoke("history", "add", "mid.yaml", "--db", f"{where}/new.db")
        line = one_line(result, 1)
    assert line.startswith(f"{where}/new.db: ")


# -- inputs: a missing file, and a folder given as a file ----------------------------------

INPUT_PATH = "Error: Invalid value for 'INPUTS...': Path 'gone.csv' does not exist."
MISSING = {
    "validate": (["validate", "-q", "gone.yaml"], 1, "gone.yaml: file not found"),
    "score": (["score", "gone.yaml"], 1, "gone.yaml: file not found"),
    "batch": (["batch", "gone.csv", "--out", "o.csv"], 2, INPUT_PATH),
    "batch --map": (
        ["batch", "mid.yaml", "--map", "gone.yaml", "--out", "o.csv"], 2,
        "Error: Invalid value for '-m' / '--map': File 'gone.yaml' does not exist.",
    ),
    "reliability": (["reliability", "gone.csv"], 2, INPUT_PATH),
    "template": (["template", "-q", "gone.yaml", "-o", "t.xlsx"], 1, "gone.yaml: file not found"),
    "report": (["report", "gone.yaml", "--out", "r.pdf"], 1, "gone.yaml: file not found"),
    "report --brand": (
        ["report", "mid.yaml", "--brand", "gone.yaml", "--out", "r.pdf"], 1,
        "gone.yaml: file not found",
    ),
    "network": (["network", "gone.csv"], 1, "gone.csv: file not found"),
    "history add": (["history", "add", "gone.yaml", "--db", "h.db"], 1, "gone.yaml: file not found"),
    "benchmark --assessment": (
        ["benchmark", "X", "--assessment", "gone.yaml"], 2,
        "Error: Invalid value for '--assessment': File 'gone.yaml' does not exist.",
    ),
}  # fmt: skip
STORE_COMMANDS = {
    "history list": ["history", "list", "--db", "gone.db"],
    "history show": ["history", "show", "X", "--db", "gone.db"],
    "history export": ["history", "export", "--db", "gone.db", "--out", "e.csv"],
    "history rename": ["history", "rename", "X", "Y", "--db", "gone.db"],
    "benchmark": ["benchmark", "X", "--db", "gone.db"],
}


@pytest.mark.parametrize("command", list(MISSING))
def test_missing_file_is_one_line(base: Path, command: str) -> None:
    args, code, expected = MISSING[command]
    result = invoke(*args)
    assert one_line(result, code) == expected
    assert not (base / "o.csv").exists() and not (base / "r.pdf").exists()


@pytest.mark.parametrize("command", list(STORE_COMMANDS))
def test_missing_store_is_one_line(base: Path, command: str) -> None:
    line = one_line(invoke(*STORE_COMMANDS[command]), 1)
    assert "gone.db" in line
    assert not (base / "gone.db").exists()  # reading never creates a store


FOLDER_GIVEN = {
    "validate -q": (["validate", "-q", "folder"], 1, "folder: cannot read: is a directory"),
    "score -q": (["score", "mid.yaml", "-q", "folder"], 1, "folder: cannot read: is a directory"),
    "score": (["score", "folder"], 2, "Error: Invalid value for 'FILES...': File 'folder' is a "
              "directory."),
    "batch --out": (["batch", "mid.yaml", "--out", "folder"], 2,
                    "Error: Invalid value for '-o' / '--out': File 'folder' is a directory."),
    "reliability --map": (["reliability", "mid.yaml", "--map", "folder"], 2,
                          "Error: Invalid value for '-m' / '--map': File 'folder' is a directory."),
    "template -o": (["template", "-q", "folder", "-o", "t.xlsx"], 1,
                    "folder: cannot read: is a directory"),
    "report": (["report", "folder", "--out", "r.pdf"], 2,  # FILES optional: --db --firm
               "Error: Invalid value for '[FILES]...': File 'folder' is a directory."),
    "report --out": (["report", "mid.yaml", "--out", "folder"], 2,
                     "Error: Invalid value for '-o' / '--out': File 'folder' is a directory."),
    "network": (["network", "folder"], 2,
                "Error: Invalid value for 'INPUTS...': File 'folder' is a directory."),
    "history add": (["history", "add", "folder", "--db", "h.db"], 2,
                    "Error: Invalid value for 'FILES...': File 'folder' is a directory."),
    "history list --db": (["history", "list", "--db", "folder"], 2,
                          "Error: Invalid value for '--db': File 'folder' is a directory."),
    "benchmark --db": (["benchmark", "X", "--db", "folder"], 2,
                       "Error: Invalid value for '--db': File 'folder' is a directory."),
}  # fmt: skip


@pytest.mark.parametrize("command", list(FOLDER_GIVEN))
def test_folder_given_as_file_is_one_line(base: Path, command: str) -> None:
    args, code, expected = FOLDER_GIVEN[command]
    assert one_line(invoke(*args), code) == expected


def test_a_folder_where_a_file_beside_the_output_goes_fails_without_exit_0(base: Path) -> None:
    """The report's record (r.json) is a folder: the run fails, it never reports success."""
    (base / "r.json").mkdir()
    result = invoke("report", "mid.yaml", "--out", "r.pdf")
    assert one_line(result, 1) == "r.json: cannot write: is a directory"


# -- the mapping itself, with real exceptions of each library ------------------------------


def _raised(action) -> BaseException:
    try:
        action()
    except BaseException as exc:  # noqa: BLE001 - the exception is what the test reads
        return exc
    raise AssertionError("no exception")


def test_database_errors_name_the_store_and_the_remedy(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [(str(k) * 100,) for k in range(2000)])
    data = bytearray(db.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # damage pages after the header
    db.write_bytes(bytes(data))

    def count() -> None:
        with sqlite3.connect(db) as conn:
            conn.execute("SELECT COUNT(*), MAX(x) FROM t").fetchall()

    damaged = _raised(count)
    assert isinstance(damaged, sqlite3.DatabaseError)
    assert (
        describe(damaged, "h.db") == "h.db: the database file is damaged: run `amc history check`"
    )
    (tmp_path / "text.db").write_text("not a database\n" * 100)
    foreign = _raised(lambda: sqlite3.connect(tmp_path / "text.db").execute("SELECT 1 FROM t"))
    assert describe(foreign, "text.db") == "text.db: not an amc database (not a SQLite file)"


def test_a_database_error_in_a_command_names_its_store(base: Path, monkeypatch) -> None:
    from amc_assess.store import commands

    def damaged(*args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(commands, "list_assessments", damaged)
    line = one_line(invoke("history", "list", "--db", "h.db"), 1)
    assert line == "h.db: the database file is damaged: run `amc history check`"


def test_library_errors_become_words(tmp_path: Path) -> None:
    import pyarrow.parquet as pq
    import yaml
    from openpyxl import load_workbook
    from PIL import Image

    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"this is not what its name says\n" * 40)
    cases = {
        "a.parquet": (lambda: pq.read_table(junk), "a.parquet: cannot be read as a table: "),
        "a.xlsx": (lambda: load_workbook(junk), "a.xlsx: not an XLSX workbook, or a damaged one"),
        "logo.png": (lambda: Image.open(junk), "logo.png: not an image file (PNG or JPEG expected)"),
        "a.yaml": (lambda: yaml.safe_load("a: [1,\n"), "a.yaml: line 2: invalid YAML: "),
        "n.json": (lambda: int("9" * 5000), "n.json: a number with too many digits"),
    }  # fmt: skip
    for name, (action, start) in cases.items():
        line = describe(_raised(action), name)
        assert line.startswith(start), line
        assert not CLASS_NAME.search(line), line
    assert describe(MemoryError(), "big.csv", "read") == "big.csv: cannot read: out of memory"


def test_a_write_fault_names_the_users_path_not_the_temporary_file(tmp_path: Path) -> None:
    inner = OSError(28, "No space left on device", str(tmp_path / ".o.csv.x7fjb.tmp"))
    fault = Fault(tmp_path / "o.csv", inner, "write")
    assert str(fault) == f"{tmp_path / 'o.csv'}: cannot write: the disk is full"


def test_unexpected_errors_say_no_class_name_and_debug_keeps_the_traceback(monkeypatch) -> None:
    from click.testing import CliRunner

    from amc_assess import api
    from amc_assess.cli import cli

    def broken(*args, **kwargs):
        raise KeyError("no such thing")

    monkeypatch.setattr(api, "score_output", broken)
    result = CliRunner().invoke(cli, ["score", "x.yaml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unexpected failure: 'no such thing' (run with --debug for details)\n"
    )
    debug = CliRunner().invoke(cli, ["--debug", "score", "x.yaml"])
    assert isinstance(debug.exception, KeyError)


def test_debug_shows_the_traceback_of_a_fault(base: Path) -> None:
    from click.testing import CliRunner

    from amc_assess.cli import cli

    with read_only_folder(base / "ro"):
        result = CliRunner().invoke(cli, ["--debug", "batch", "mid.yaml", "--out", "ro/o.csv"])
    assert isinstance(result.exception, Fault)
    assert result.exception.cause.errno == 30  # EROFS, kept for the traceback


@pytest.mark.parametrize("command", [["batch", "scored.csv", "--out", "again.csv"],
                                     ["reliability", "scored.csv", "--by", "firm"]])  # fmt: skip
def test_a_scored_table_given_as_answers_is_one_line(base: Path, command: list[str]) -> None:
    """amc batch output fed back to batch or reliability: one line saying what it is (a trial
    got pages of dashes and 47 'column matches no item' problems)."""
    assert invoke("batch", "mid.yaml", "--out", "scored.csv").exit_code == 0
    assert one_line(invoke(*command), 1) == (
        "scored.csv: a scored table (amc batch output), not answers: give the responses or the "
        "export that was scored (amc report and amc history read scored tables)"
    )
    assert not (base / "again.csv").exists()


@pytest.mark.parametrize(
    ("date", "why"),
    [("2026-13-45", "month must be in 1..12"), ("2026-02-30", "day is out of range for month")],
)
@pytest.mark.parametrize("command", [("score",), ("report", "--out", "r.pdf"),
                                     ("history", "add", "--db", "s.db")])  # fmt: skip
def test_a_date_not_on_the_calendar_is_one_line_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date: str, why: str, command: tuple
) -> None:
    """It was 'unexpected failure: month must be in 1..12', naming neither (a new-user trial)."""
    monkeypatch.chdir(tmp_path)
    text = (REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8")
    line = next(k for k, t in enumerate(text.splitlines(), 1) if t.startswith("  date:"))
    Path("bad.yaml").write_text(re.sub(r"(?m)^  date: .*$", f"  date: {date}", text), "utf-8")
    result = invoke(*command[:2], "bad.yaml", *command[2:]) if command[0] == "history" else (
        invoke(command[0], "bad.yaml", *command[1:]))  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"bad.yaml: line {line}: invalid YAML: {date} is not a date on the calendar ({why})"
    ]
    assert not Path("r.pdf").exists() and not Path("s.db").exists()


def test_an_assessment_dated_after_today_is_scored_and_reported_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped year went onto a board's PDF unsaid (history add refuses it)."""
    import datetime as dt

    monkeypatch.chdir(tmp_path)
    later = dt.date.today() + dt.timedelta(days=400)
    text = (REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8")
    Path("late.yaml").write_text(re.sub(r"(?m)^  date: .*$", f"  date: {later}", text), "utf-8")
    scored = invoke("score", "late.yaml")
    assert scored.exit_code == 0
    assert f"late.yaml: dated {later}, after today: check the date" in scored.stderr
    reported = invoke("report", "late.yaml", "--out", "r.pdf")
    assert reported.exit_code == 0 and Path("r.pdf").exists()
    assert f"warning: late.yaml: dated {later}, after today: check the date" in reported.stderr
    assert "after today" not in invoke("score", str(REPO / "examples" / "mid_maturity.yaml")).stderr


def _responses(path: Path, rows: int, bad: str) -> None:
    """A batch file of ``rows`` respondents whose first answer is ``bad`` (a bad cell each)."""
    lines = ["firm,respondent,a_agree1,a_yes"]
    lines += [f"Firm {k % 7},person {k},{bad} {k},yes" for k in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_batch_run_replaces_its_files_as_a_set(tmp_path: Path, monkeypatch) -> None:
    """A full disk met at the errors file left the new scored table beside the errors of an
    earlier run (or beside none, which reads as "no bad cells"): now every file of a run is
    written first and renamed over the old ones only when all are whole."""
    from conftest import MINI

    monkeypatch.chdir(tmp_path)
    instrument = ["-q", MINI / "questionnaire.yaml", "-r", MINI / "rubric.yaml", "-p", "items"]
    _responses(tmp_path / "new.csv", 3000, "a value no scale has")
    _responses(tmp_path / "old.csv", 5, "old")
    (tmp_path / "sizes").mkdir()
    assert invoke("batch", *instrument, "new.csv", "-o", "sizes/o.csv").exit_code == 1
    scored = (tmp_path / "sizes" / "o.csv").stat().st_size
    errors = (tmp_path / "sizes" / "o.errors.csv").stat().st_size
    assert errors > 64 * 1024  # room for the scored table, not for both
    with full_folder(tmp_path / "full", size="4m") as full:
        outputs = lambda: {p.name: p.read_bytes() for p in full.glob("o.*")}  # noqa: E731
        for folder in (Path("full"), Path("full/empty")):
            (full / "filler").unlink()  # room for an earlier run's files
            folder.mkdir(exist_ok=True)
            assert invoke("batch", *instrument, "old.csv", "-o", "full/o.csv").exit_code == 1
            before = outputs()
            assert set(before) == {"o.csv", "o.errors.csv"}
            spacer = full / "spacer"
            spacer.write_bytes(b"\0" * (scored + errors // 2))
            fill(full / "filler")
            spacer.unlink()
            out = folder / "o.csv"
            line = one_line(invoke("batch", *instrument, "new.csv", "-o", out), 1)
            assert line == f"{out.with_suffix('.errors.csv')}: cannot write: the disk is full"
            assert outputs() == before
            assert not list(full.glob(".*.tmp"))
            if folder.name == "empty":
                assert list(folder.iterdir()) == []  # neither file, nor a temporary one


def test_a_response_files_date_is_read_in_the_forms_a_table_takes(tmp_path):
    """``date: 15.01.2025`` was refused as "invalid character in year" in a response file,
    while the same answers in a table were read (a trial); an order nothing tells is one line."""
    import yaml as _yaml

    from amc_assess.api import score_files

    data = _yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "r.yaml"
    for written, day in (("15.01.2025", "2025-01-15"), ("2 March 2026", "2026-03-02"),
                         ("03/25/2026", "2026-03-25"), ("2031-01-02", "2031-01-02")):  # fmt: skip
        data["assessment"]["date"] = written
        path.write_text(_yaml.safe_dump(data), encoding="utf-8")
        (result,) = score_files(path)
        assert str(result.date) == day, written
    data["assessment"]["date"] = "03/02/2026"
    path.write_text(_yaml.safe_dump(data), encoding="utf-8")
    done = invoke("score", str(path))
    assert done.exit_code == 1
    assert done.stderr == (
        f"{path}: assessment.date: cannot tell day from month: write it as YYYY-MM-DD (found "
        "'03/02/2026')\n"
    )


def test_a_response_files_field_error_does_not_hide_its_answers_problems(tmp_path):
    """A bad ``respondent.side`` was the only line; an item typo and an off-scale answer came
    out only once it was mended (a trial): one run says all three."""
    import yaml as _yaml

    data = _yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["respondent"]["side"] = "ours"
    data["answers"]["str_strategy_lnk"] = 4
    data["answers"]["str_joint_metrics"] = 9
    path = tmp_path / "r.yaml"
    path.write_text(_yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    done = invoke("score", str(path))
    assert done.exit_code == 1
    lines = done.stderr.splitlines()
    assert f"{path}: respondent.side: Input should be 'own' or 'partner'" in lines
    assert any("answers.str_strategy_lnk: not an item" in x for x in lines), lines
    assert any("answers.str_joint_metrics:" in x and "9" in x for x in lines), lines


def test_an_unquoted_color_says_that_hash_starts_a_yaml_comment(tmp_path):
    """``primary: #1F3A5F`` read as nothing: "Input should be a valid string", with no word
    on why (a trial)."""
    brand = tmp_path / "brand.yaml"
    brand.write_text("colors:\n  primary: #1F3A5F\n", encoding="utf-8")
    done = invoke("report", str(REPO / "examples" / "mid_maturity.yaml"), "--brand", str(brand),
                  "--out", str(tmp_path / "r.pdf"))  # fmt: skip
    assert done.exit_code == 1
    assert done.stderr == (
        f"{brand}: colors.primary: Input should be a valid string (found nothing: an unquoted "
        "value starting with # is a YAML comment; quote it, as in '#1F3A5F')\n"
    )
