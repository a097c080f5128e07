"""The assessment store: where it lives, adding (and duplicates), listing, export, schema."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import yaml

from amc_assess.problems import InvalidInput
from amc_assess.store import Store, db_path
from conftest import REPO, invoke, stored

EXAMPLES = REPO / "examples"
MID = EXAMPLES / "mid_maturity.yaml"
LUMORA = "Lumora Medical Inc. (fictional)"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "env.db"))
    return tmp_path


def response(path: Path, firm: str, date: str, shift: int = 0, respondent: str = "Dana") -> Path:
    """A copy of the mid-maturity example for another firm/date, agreement answers shifted."""
    data = yaml.safe_load(MID.read_text(encoding="utf-8"))
    data["assessment"]["firm"] = firm
    data["assessment"]["date"] = date
    data["respondent"]["name"] = respondent
    for item, answer in data["answers"].items():
        value = answer.get("value") if isinstance(answer, dict) else answer
        if item.startswith("ctx_") or not isinstance(value, int) or not 1 <= value <= 5:
            continue
        value = max(1, min(5, value + shift))
        data["answers"][item] = {**answer, "value": value} if isinstance(answer, dict) else value
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def assert_no_store(db: str) -> None:
    """Nothing was created: no SQLite file, no store in the PostgreSQL database."""
    with pytest.raises(
        InvalidInput, match="no assessment (database here|store in this database) yet"
    ):
        Store.open(db, create=False)
    if not db.startswith("postgresql"):
        assert not Path(db).exists()


# -- where the database lives ---------------------------------------------------------------


def test_db_path_from_option_then_environment_then_user_data_dir(monkeypatch):
    import platformdirs

    monkeypatch.setenv("AMC_DB", "/somewhere/env.db")
    assert db_path("given.db") == Path("given.db")
    assert db_path() == Path("/somewhere/env.db")
    monkeypatch.delenv("AMC_DB")
    assert db_path() == platformdirs.user_data_path("amc-assess", appauthor=False) / "amc.db"


def test_environment_variable_is_used_without_db_option(here: Path):
    result = invoke("history", "add", str(MID))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"Stored 1 new assessment in {here / 'env.db'}\n")
    assert stored(here / "env.db") == 1


def test_store_is_wal_with_a_busy_timeout_and_the_current_schema(here: Path):
    from amc_assess.store.schema import SCHEMA_VERSION

    with Store.open(here / "s.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 60000
        assert store.schema_version() == SCHEMA_VERSION == 5


def test_reading_commands_do_not_create_a_database(here: Path):
    result = invoke("history", "list", "--db", "none.db")
    assert result.exit_code == 1
    assert result.stderr == (
        "none.db: no assessment database here yet (add some with amc history add)\n"
    )
    assert not (here / "none.db").exists()


# -- adding and duplicates ------------------------------------------------------------------


def test_add_response_files_then_the_same_again_is_detected(here: Path, db: str):
    result = invoke("history", "add", str(MID), "--db", db)
    assert result.exit_code == 0, result.stderr
    shown = str(MID)
    assert result.stdout == (
        f"{shown}: added {LUMORA}, 2026, Dana Whitfield\nStored 1 new assessment in {db}\n"
    )
    again = invoke("history", "add", str(MID), "--db", db)
    assert again.exit_code == 0
    lines = again.stdout.splitlines()
    assert lines[0].startswith(f"{shown}: already stored: {LUMORA}, 2026, Dana Whitfield (added ")
    assert lines[0].endswith(f" from {shown})")
    assert lines[1] == f"Stored 0 new assessments in {db} (1 already stored)"
    assert stored(db) == 1


def test_the_same_assessment_from_score_json_and_batch_table_is_a_duplicate(here: Path, db: str):
    assert invoke("history", "add", str(MID), "--db", db).exit_code == 0
    scored = invoke("score", str(MID), "--format", "json")
    (here / "scored.json").write_text(scored.stdout, encoding="utf-8")
    as_json = invoke("history", "add", "scored.json", "--db", db)  # its date travels
    assert as_json.exit_code == 0, as_json.stderr
    assert "scored.json: already stored: " in as_json.stdout
    undated = json.loads(scored.stdout)
    del undated[0]["date"]
    (here / "undated.json").write_text(json.dumps(undated), encoding="utf-8")
    missing = invoke("history", "add", "undated.json", "--db", db)
    assert missing.exit_code == 1
    assert missing.stderr == (
        "undated.json: [0]: no assessment date: give --date YYYY-MM-DD or --year YYYY\n"
    )
    for out in ("batch.csv", "batch.parquet", "batch.xlsx", "batch.json"):
        assert invoke("batch", str(MID), "-o", out).exit_code == 0
        result = invoke("history", "add", out, "--db", db)
        assert result.exit_code == 0, result.stderr
        assert f"{out}: already stored: {LUMORA}, 2026, Dana Whitfield" in result.stdout
    assert stored(db) == 1


def test_duplicates_within_one_call_are_stored_once(here: Path, db: str):
    copy = here / "copy.yaml"
    copy.write_bytes(MID.read_bytes())
    result = invoke("history", "add", str(MID), "copy.yaml", "--db", db)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("copy.yaml: already stored: ")
    assert stored(db) == 1


def test_different_respondents_and_years_are_different_assessments(here: Path, db: str):
    files = [
        response(here / "a.yaml", "Acme", "2025-01-10", respondent="Ann"),
        response(here / "b.yaml", "Acme", "2025-01-10", respondent="Bob"),
        response(here / "c.yaml", "Acme", "2026-01-10", respondent="Ann"),
    ]
    result = invoke("history", "add", *map(str, files), "--db", db)
    assert result.exit_code == 0, result.stderr
    assert stored(db) == 3


def test_every_problem_in_the_inputs_is_reported_and_nothing_is_stored(here: Path, db: str):
    bad = here / "bad.yaml"
    bad.write_text("assessment: {firm: X}\n", encoding="utf-8")
    (here / "groups.csv").write_text("firm,respondents,structure_mean\nA,2,3.1\n", encoding="utf-8")
    (here / "notes.txt").write_text("hello", encoding="utf-8")
    result = invoke(
        "history", "add", str(MID), "bad.yaml", "groups.csv", "notes.txt", "gone.yaml",
        "--db", db,
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr.splitlines()
        == [  # in the order the files were given
            "bad.yaml: assessment.instrument: required field is missing",
            "bad.yaml: assessment.instrument_version: required field is missing",
            "groups.csv: a table of group means, not of assessments: add the scored table instead",
            "notes.txt: not a response file, score output or batch table "
            "(.yaml, .json, .csv, .xlsx, .parquet)",
            "gone.yaml: file not found",
            "5 problems found",
            "Nothing was added: the other assessments are stored once the lines above are mended.",  # good.yaml waits too
        ]
    )
    assert_no_store(db)


def test_version_mismatch_of_a_response_file_is_refused_with_the_reason(here: Path, db: str):
    path = response(here / "old.yaml", "Oldco", "2024-05-01")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["assessment"]["instrument_version"] = "0.9.0"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = invoke("history", "add", "old.yaml", "--db", db)
    assert result.exit_code == 1
    assert result.stderr == (
        "old.yaml: assessment.instrument_version: answers were given to version 0.9.0 but the "
        "questionnaire is version 1.0.0\n"
    )


def test_table_without_versions_must_match_the_rubric(here: Path, db: str):
    pd.DataFrame({"firm": ["A"], "year": [2026], "alpha_score": [3.0]}).to_csv(
        here / "t.csv", index=False
    )
    result = invoke("history", "add", "t.csv", "--db", db)
    assert result.exit_code == 1
    assert result.stderr == (
        "t.csv: columns: the table scores alpha, not the dimensions of rubric amc 1.2.0 "
        "(structure, coordination, learning, daf); give the rubric it was scored with (-q/-r)\n"
    )


def test_batch_table_rows_need_firm_and_year(here: Path, db: str):
    frame = pd.DataFrame(
        {
            "firm": ["A", None, "C"],
            "date": ["2026-01-02", "2026-01-02", None],
            **{
                f"{d}_score": [3.0, 3.0, 3.0]
                for d in ("structure", "coordination", "learning", "daf")
            },
            "overall_score": [3.0, 3.0, 3.0],
        }
    )
    frame.to_csv(here / "t.csv", index=False)
    result = invoke("history", "add", "t.csv", "--db", db)
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()
        == [
            "t.csv: row 3: firm: missing",  # spreadsheet rows: the header is row 1
            "t.csv: row 4: no assessment date: give --date YYYY-MM-DD or --year YYYY",
            "2 problems found",
            "Nothing was added: the other assessments are stored once the lines above are mended.",  # row 2 waits too (a trial took it for stored)
        ]
    )
    ok = invoke("history", "add", "t.csv", "--db", db, "--year", "2025")
    assert ok.exit_code == 1  # the firm is still missing in row 2
    frame.loc[1, "firm"] = "B"
    frame.to_csv(here / "t.csv", index=False)
    ok = invoke("history", "add", "t.csv", "--db", db, "--year", "2025")
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout.splitlines()[0] == "t.csv: added 3, already stored 0"
    assert ok.stderr.splitlines() == [  # --year served row 4; rows 2 and 3 keep their dates
        f"note: t.csv: row {row} keeps its own date (2026-01-02): --year 2025 is for inputs "
        "without one"
        for row in (2, 3)
    ]


def test_csv_formula_guard_is_undone_when_reading(here: Path, db: str):
    frame = pd.DataFrame(
        {
            "firm": ["=Cmd Corp"],
            "year": [2026],
            **{f"{d}_score": [3.0] for d in ("structure", "coordination", "learning", "daf")},
            "overall_score": [3.0],
        }
    )
    from amc_assess.writers import write_csv

    write_csv(frame, here / "t.csv")
    assert "'=Cmd Corp" in (here / "t.csv").read_text(encoding="utf-8")
    assert invoke("history", "add", "t.csv", "--db", db).exit_code == 0
    listed = invoke("history", "list", "--db", db, "--format", "json")
    assert [row["firm"] for row in json.loads(listed.stdout)] == ["=Cmd Corp"]


# -- list and export ------------------------------------------------------------------------


def test_list_one_row_per_firm_and_year(here: Path, db: str):
    files = [
        response(here / "a1.yaml", "Acme", "2025-01-10", respondent="Ann"),
        response(here / "a2.yaml", "Acme", "2025-02-10", respondent="Bob"),
        response(here / "a3.yaml", "Acme", "2026-01-10"),
        response(here / "b.yaml", "Beta AG", "2026-03-01"),
    ]
    assert invoke("history", "add", *map(str, files), "--db", db).exit_code == 0
    result = invoke("history", "list", "--db", db)
    assert result.exit_code == 0
    assert result.stdout == (
        "firm     year  assessments  instrument   rubric       dates\n"
        "Acme     2025            2  amc 1.0.0    amc 1.2.0    2025-01-10 to 2025-02-10\n"
        "Acme     2026            1  amc 1.0.0    amc 1.2.0    2026-01-10\n"
        "Beta AG  2026            1  amc 1.0.0    amc 1.2.0    2026-03-01\n"
    )
    one = invoke("history", "list", "--db", db, "--firm", "  acme ")
    assert [line.split()[0] for line in one.stdout.splitlines()[1:]] == ["Acme", "Acme"]
    none = invoke("history", "list", "--db", db, "--firm", "Gamma")
    assert none.exit_code == 1
    assert (
        none.stderr
        == f"{db}: no assessments of firm 'Gamma' (amc history list, without --firm, shows the stored firms)\n"
    )


def test_list_json_equals_the_library_result(here: Path, db: str):
    from amc_assess.store.commands import list_assessments

    assert invoke("history", "add", str(MID), "--db", db).exit_code == 0
    result = invoke("history", "list", "--db", db, "-f", "json")
    library = list_assessments(db)
    assert json.loads(result.stdout) == [row.model_dump(mode="json") for row in library]


@pytest.mark.parametrize("suffix", ["csv", "parquet", "json", "xlsx"])
def test_export_then_add_to_another_store_round_trips(
    here: Path, suffix: str, stores: Callable[[str], str]
):
    files = [EXAMPLES / f"{m}_maturity.yaml" for m in ("low", "mid", "high")]
    assert invoke("history", "add", *map(str, files), "--db", stores("a")).exit_code == 0
    result = invoke("history", "export", "--db", stores("a"), "-o", f"out.{suffix}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote out.{suffix} (3 assessments)\n"
    moved = invoke("history", "add", f"out.{suffix}", "--db", stores("b"))
    assert moved.exit_code == 0, moved.stderr
    assert moved.stdout.splitlines()[0] == f"out.{suffix}: added 3, already stored 0"
    back = invoke("history", "add", f"out.{suffix}", "--db", stores("a"))
    assert back.stdout.splitlines()[0] == f"out.{suffix}: added 0, already stored 3"
    with Store.open(stores("a")) as a, Store.open(stores("b")) as b:
        left, right = a.export_frame(), b.export_frame()
    same = ["firm", "year", "date", "industry", "revenue_band", "structure_score", "daf_level",
            "overall_score", "content_hash"]  # fmt: skip
    pd.testing.assert_frame_equal(left[same], right[same], check_dtype=False)


def test_copy_of_a_firm_the_target_spells_otherwise_is_present_not_conflicting(here: Path):
    """The same assessment stored as "ACME " in one store and "Acme" in another hashes alike:
    copying it is "already present" (it was called conflicting, "with other scores", though
    every score is equal) and says the target's spelling; the spaces around a firm's name are
    dropped at load."""
    response(here / "a.yaml", "Acme", "2026-03-03")
    response(here / "b.yaml", "ACME ", "2026-03-03")
    response(here / "c.yaml", "ACME", "2025-03-03", shift=1)
    assert invoke("history", "add", "a.yaml", "--db", "t.db").exit_code == 0
    added = invoke("history", "add", "b.yaml", "c.yaml", "--db", "s.db")
    assert added.stdout.splitlines()[0] == "b.yaml: added ACME, 2026, Dana"
    result = invoke("history", "copy", "--from", "s.db", "--to", "t.db")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "'ACME' is 'Acme' in the target: its assessments are there under that name",
        "Copied from s.db to t.db: 1 added, 1 already present, 0 conflicting",
    ]
    assert stored("t.db") == 2


def test_copy_after_a_rename_in_the_source_is_present_not_added(here: Path):
    """Renamed "ACME Corp." to "Acme Corp" in the source only, the copy added the same
    assessment again under the new name beside the target's old one: two peers from one
    respondent (a trial). It is already present, and the target's spelling is said."""
    response(here / "a.yaml", "ACME Corp.", "2026-03-03")
    response(here / "b.yaml", "Beta GmbH", "2026-03-03", shift=1)
    for db in ("s.db", "t.db"):
        assert invoke("history", "add", "a.yaml", "--db", db).exit_code == 0
    assert invoke("history", "add", "b.yaml", "--db", "s.db").exit_code == 0
    assert invoke("history", "rename", "ACME Corp.", "Acme Corp", "--db", "s.db").exit_code == 0
    result = invoke("history", "copy", "--from", "s.db", "--to", "t.db")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "'Acme Corp' is 'ACME Corp.' in the target: its assessments are there under that name",
        "Copied from s.db to t.db: 1 added, 1 already present, 0 conflicting",
    ]
    assert stored("t.db") == 2


def test_export_columns_follow_the_batch_table(here: Path, db: str):
    assert invoke("history", "add", str(MID), "--db", db).exit_code == 0
    assert invoke("history", "export", "--db", db, "-o", "out.csv").exit_code == 0
    header = (here / "out.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["firm", "year", "date", "respondent"]
    assert header[16:20] == [
        "structure_score", "structure_level", "structure_status", "structure_answered_share",
    ]  # fmt: skip
    assert "content_hash" in header
    bad = invoke("history", "export", "--db", db, "-o", "out.txt")
    assert bad.exit_code == 2
    assert "write .csv, .parquet, .json or .xlsx" in bad.stderr


# -- schema versions and migration ----------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,
    applied_at TEXT NOT NULL);
INSERT INTO schema_version VALUES (1, 'assessments and dimension scores', '2025-06-01T00:00:00');
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, firm TEXT NOT NULL,
    firm_key TEXT NOT NULL, date TEXT, year INTEGER NOT NULL, instrument TEXT NOT NULL,
    instrument_version TEXT NOT NULL, rubric TEXT NOT NULL, rubric_version TEXT NOT NULL,
    respondent TEXT, role TEXT, side TEXT, level TEXT, function TEXT, overall_score REAL,
    overall_level INTEGER, overall_status TEXT, percent_to_target REAL, answers TEXT,
    item_scores TEXT, source TEXT, source_kind TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE INDEX assessments_firm ON assessments (firm_key, year);
CREATE TABLE dimension_scores (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL, score REAL, level INTEGER, status TEXT, answered_share REAL,
    target INTEGER, PRIMARY KEY (assessment_id, dimension)) WITHOUT ROWID;
"""


def v1_database(path: Path) -> None:
    """A store as version 1 wrote it: no profile columns, no definitions table."""
    answers = {"ctx_industry": {"value": "medtech", "state": "answered"},
               "ctx_region": {"value": "europe", "state": "answered"},
               "str_exit_terms": {"value": 4, "state": "answered"}}  # fmt: skip
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA)
        conn.execute(
            "INSERT INTO assessments (id, content_hash, firm, firm_key, date, year, instrument, "
            "instrument_version, rubric, rubric_version, respondent, overall_score, "
            "overall_level, overall_status, percent_to_target, answers, source, source_kind, "
            "added_at) VALUES (1, 'h1', 'Oldco', 'oldco', '2025-05-01', 2025, 'amc', '1.0.0', "
            "'amc', '1.0.0', 'Ann', 3.0, 3, 'ok', 0.8, ?, 'old.yaml', 'response', "
            "'2025-06-01T00:00:00')",
            (json.dumps(answers),),
        )
        conn.executemany(
            "INSERT INTO dimension_scores VALUES (1, ?, ?, ?, 'ok', 1.0, ?)",
            [("structure", 3.2, 3, 4), ("coordination", 2.9, 3, 4), ("learning", 3.0, 3, 3),
             ("daf", 2.9, 3, 3)],
        )  # fmt: skip


def test_a_version_1_database_is_migrated_and_its_data_survives(here: Path):
    v1_database(here / "old.db")
    result = invoke("history", "show", "Oldco", "--db", "old.db", "-f", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    structure = next(t for t in shown["trends"] if t["dimension"] == "structure")
    assert structure["years"][0]["score"] == 3.2
    with sqlite3.connect(here / "old.db") as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version")]
        row = conn.execute(
            "SELECT firm, industry, region, revenue_band FROM assessments"
        ).fetchone()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert versions == [1, 2, 3, 4, 5]
    assert row == ("Oldco", "medtech", "europe", None)  # the profile filled from the answers
    added = invoke("history", "add", str(MID), "--db", "old.db")  # and the new code writes to it
    assert added.exit_code == 0, added.stderr
    assert stored(here / "old.db") == 2


def test_a_newer_schema_is_refused(here: Path):
    with Store.open(here / "new.db"):
        pass
    with sqlite3.connect(here / "new.db") as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'future', '2030-01-01')")
    result = invoke("history", "list", "--db", "new.db")
    assert result.exit_code == 1
    assert result.stderr == (
        "new.db: the database has schema version 99, newer than this amc-assess understands "
        "(5): upgrade amc-assess\n"
    )


def test_a_foreign_sqlite_file_is_refused(here: Path):
    with sqlite3.connect(here / "other.db") as conn:
        conn.execute("CREATE TABLE t (x)")
    result = invoke("history", "list", "--db", "other.db")
    assert result.exit_code == 1
    assert result.stderr == (
        "other.db: not an amc-assess database (it has no schema_version table)\n"
    )


def test_xlsx_export_holds_dates_and_utc_times_as_such(here: Path, db: str):
    """``date`` and ``targets_agreed_on`` are date cells, ``added_at`` a date-time in UTC (it
    was ISO text Excel cannot sort or filter by); CSV keeps the stored text."""
    import openpyxl  # the sheet as Excel sees it: types and number formats

    agreed = response(here / "agreed.yaml", "Beta", "2026-03-03")
    data = yaml.safe_load(agreed.read_text(encoding="utf-8"))
    data["targets"] = {"levels": {"structure": 4}, "agreed_on": "2026-01-15", "agreed_by": "Pat"}
    agreed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert invoke("history", "add", str(MID), "agreed.yaml", "--db", db).exit_code == 0
    assert invoke("history", "export", "--db", db, "-o", "out.xlsx").exit_code == 0
    assert invoke("history", "export", "--db", db, "-o", "out.csv").exit_code == 0
    text = pd.read_csv("out.csv", dtype=str, keep_default_na=False)
    rows = list(openpyxl.load_workbook("out.xlsx").active.iter_rows())
    head = [c.value for c in rows[0]]
    for row, stored_row in zip(rows[1:], text.itertuples(), strict=True):
        cells = dict(zip(head, row, strict=True))
        added = pd.Timestamp(stored_row.added_at).tz_convert("UTC").tz_localize(None)
        assert cells["added_at"].value == added.to_pydatetime()
        assert cells["added_at"].number_format == 'yyyy-mm-dd hh:mm:ss "UTC"'
        assert cells["date"].value.date().isoformat() == stored_row.date
        assert cells["date"].number_format == "yyyy-mm-dd"
        if stored_row.targets_agreed_on:
            agreed_on = cells["targets_agreed_on"].value.date().isoformat()
            assert agreed_on == stored_row.targets_agreed_on
        assert "T" in stored_row.added_at  # the CSV keeps the stored ISO text
    assert len(rows) == 3 and list(text["targets_agreed_on"]) == ["2026-01-15", ""]


def test_a_changed_copy_under_the_same_versions_is_named_once_per_dimension(here: Path, db: str):
    """The warning named the audited pair too ('1.2.0+audit'), though no audit was given (a
    new-user trial): only the versions of the assessments added are compared. Such files are
    refused (they were stored with a warning, and a firm's respondents scored two ways were
    then averaged), and amc validate names them before."""
    assert invoke("history", "add", str(MID), "--db", db).exit_code == 0
    assert invoke("init", "my").exit_code == 0
    text = (here / "my" / "rubric.yaml").read_text(encoding="utf-8")
    at = text.index("weight: 1.0", text.index("items:"))
    changed = text[:at] + "weight: 3.0" + text[at + len("weight: 1.0") :]
    (here / "my" / "rubric.yaml").write_text(changed, encoding="utf-8")
    low = str(EXAMPLES / "low_maturity.yaml")
    added = invoke("history", "add", low, "--db", db, "-q", "my/questionnaire.yaml", "-r",
                   "my/rubric.yaml")  # fmt: skip
    assert added.exit_code == 1
    assert added.stderr.splitlines()[:2] == [
        f"rubric amc 1.2.0 / instrument amc 1.0.0 scores {dim} differently from the copy "
        "stored earlier under the same versions; give changed files a new version; nothing "
        "was added"
        for dim in ("structure", "overall")
    ]
    listed = invoke("history", "list", "--db", db)
    assert listed.exit_code == 0 and "Harrowgate" not in listed.stdout  # MID alone is stored
    checked = invoke("validate", "-q", "my/questionnaire.yaml", "-r", "my/rubric.yaml")
    assert checked.exit_code == 1
    assert "are the bundled files' versions, but these score structure, overall differently" in (
        checked.stderr
    )


def test_a_report_record_is_refused_saying_what_it_is_and_what_to_add(here: Path, db: str):
    """The JSON beside a report looked like a scored result to a new user: it is named."""
    pdf = here / "r.pdf"
    assert invoke("report", str(MID), "--out", str(pdf)).exit_code == 0
    result = invoke("history", "add", "r.json", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "r.json: (top level): the record amc report writes beside a PDF, not an assessment: add "
        "the response files the report was made from (its 'inputs' name them)",
    ]
    assert str(MID) in json.loads((here / "r.json").read_text(encoding="utf-8"))["inputs"]
    assert_no_store(db)


def test_history_list_keeps_its_columns_under_long_versions():
    """'amc 1.0.0-client7' pushed the rubric column right of its header."""
    from amc_assess.store.commands import ListRow, render_list

    rows = [
        ListRow(firm="Acme", year=2025, assessments=2, instrument="amc 1.0.0-client7",
                rubric="amc 1.2.0", first_date="2025-03-01", last_date=None, added_at="x"),
        ListRow(firm="Beta", year=2024, assessments=1, instrument="amc 1.0.0",
                rubric="amc 1.2.0-client7+audit", first_date=None, last_date=None, added_at="x"),
    ]  # fmt: skip
    header, *lines = render_list(rows).splitlines()
    for name in ("instrument", "rubric", "dates"):
        at = header.index(name)
        for line, row in zip(lines, rows, strict=True):
            value = {"instrument": row.instrument, "rubric": row.rubric,
                     "dates": row.first_date or "–"}[name]  # fmt: skip
            assert line[at:].startswith(value), (name, line)


def test_score_and_report_warn_of_files_scored_apart_under_the_bundled_versions(here: Path):
    """An edited copy kept the bundled versions: amc score printed other scores under the
    same name without a word (amc validate and history add refuse it)."""
    assert invoke("init", "my").exit_code == 0
    text = (here / "my" / "rubric.yaml").read_text(encoding="utf-8")
    at = text.index("weight: 1.0", text.index("items:"))
    (here / "my" / "rubric.yaml").write_text(
        text[:at] + "weight: 3.0" + text[at + len("weight: 1.0") :], encoding="utf-8"
    )
    args = ["-q", "my/questionnaire.yaml", "-r", "my/rubric.yaml"]
    scored = invoke("score", str(MID), *args)
    assert scored.exit_code == 0
    (line,) = [x for x in scored.stderr.splitlines() if x.startswith("warning:")]
    assert "are the bundled files' versions, but these score structure, overall differently" in line
    made = invoke("report", str(MID), *args, "--out", "r.pdf")
    assert made.exit_code == 0 and line in made.stderr.splitlines()
    batch = invoke("batch", str(MID), *args, "--out", "b.csv")
    assert batch.exit_code == 0 and line in batch.output.splitlines()
    plain = invoke("score", str(MID), "-q", "my/questionnaire.yaml")  # unchanged: no word
    assert plain.exit_code == 0 and "warning:" not in plain.stderr


def test_a_corrected_copy_of_a_stored_respondent_is_refused_or_replaces_it(here: Path, stores):
    """A consultant fixed one answer and added the file again: the store kept both, and the
    respondent counted twice in the firm's means (a new-user trial). It is refused, naming the
    stored copy; --replace stores it in that copy's place."""
    db = stores("h")
    fixed = here / "fixed.yaml"
    fixed.write_text(MID.read_text(encoding="utf-8").replace("crd_interfaces: 3", "crd_interfaces: 5"),
                     encoding="utf-8")  # fmt: skip
    assert fixed.read_text(encoding="utf-8") != MID.read_text(encoding="utf-8")
    assert invoke("history", "add", str(MID), "--db", db).exit_code == 0
    refused = invoke("history", "add", str(fixed), "--db", db)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "fixed.yaml: Lumora Medical Inc. (fictional), 2026, Dana Whitfield is stored already "
        "with other scores (added 20"
    ) and refused.stderr.rstrip().endswith("; nothing was added"), refused.stderr
    assert stored(db) == 1
    before = invoke("history", "show", LUMORA, "--db", db, "-f", "json").stdout
    done = invoke("history", "add", str(fixed), "--db", db, "--replace")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines() == [
        "fixed.yaml: replaced Lumora Medical Inc. (fictional), 2026, Dana Whitfield",
        f"Stored 1 corrected copy in place of an earlier one in {db}",
    ]
    assert stored(db) == 1
    after = invoke("history", "show", LUMORA, "--db", db, "-f", "json").stdout
    direct = json.loads(invoke("score", str(fixed), "-f", "json").stdout)[0]

    def coordination(shown: str) -> float:
        trend = next(t for t in json.loads(shown)["trends"] if t["dimension"] == "coordination")
        return float(trend["years"][-1]["score"])

    want = next(d["score"] for d in direct["dimensions"] if d["dimension"] == "coordination")
    assert coordination(after) == want != coordination(before)
    # two copies of one respondent in one call: neither is stored
    other = here / "other.yaml"
    other.write_text(MID.read_text(encoding="utf-8").replace("crd_interfaces: 3", "crd_interfaces: 1"),
                     encoding="utf-8")  # fmt: skip
    twice = invoke("history", "add", str(MID), str(other), "--db", stores("two"))
    assert twice.exit_code == 1
    assert "both are Lumora Medical Inc. (fictional), 2026, Dana Whitfield, with other scores" in (
        twice.stderr
    )
    # a report of both files counts her twice: said
    both = invoke("report", str(MID), str(fixed), "--out", str(here / "both.pdf"))
    assert both.exit_code == 0
    assert (
        f"warning: {MID}, fixed.yaml: Dana Whitfield answered for {LUMORA} twice, with other "
        "answers: each is counted in the firm's means; leave out the copies that do not count"
    ) in both.stderr.splitlines()
    # another person of the same firm and year is stored beside
    someone = here / "someone.yaml"
    someone.write_text(fixed.read_text(encoding="utf-8").replace("Dana Whitfield", "Sam Okafor"),
                       encoding="utf-8")  # fmt: skip
    assert invoke("history", "add", str(someone), "--db", db).exit_code == 0
    assert stored(db) == 2


def test_a_table_of_answers_given_to_history_add_is_stored_as_its_rows_answered(here: Path):
    """A raw export given to history add said only that it had no score columns, then that
    it should go through amc batch, whose table keeps no answers (a report from the store
    then had no practice pages). Its rows are scored and stored with their answers."""
    (here / "raw.csv").write_text("firm,respondent,str_strategy_link\nAcme,Ann,4\n", "utf-8")
    result = invoke("history", "add", "raw.csv", "--db", "h.db")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "raw.csv: row 2: assessment.date: no assessment date: give --date YYYY-MM-DD or --year YYYY"
    )
    dated = invoke("history", "add", "raw.csv", "--db", "h.db", "--year", "2026")
    assert dated.exit_code == 0, dated.stderr
    assert dated.stdout.startswith("raw.csv: added Acme, 2026, Ann")
    import sqlite3

    with sqlite3.connect(here / "h.db") as conn:
        (answers,) = conn.execute("select answers from assessments").fetchone()
    assert json.loads(answers) == {"str_strategy_link": {"value": 4, "state": "answered"}}
