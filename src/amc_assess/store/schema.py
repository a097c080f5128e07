"""The store's schema, as a numbered list of migrations recorded in ``schema_version``.

Version 1 held assessments (firm, date/year, instrument and rubric versions, respondent,
answers and item scores as JSON, overall scores) and one row per dimension score.
Version 2 added the peer-group profile (industry, revenue band, employees, region), filled
from the stored answers, and the ``definitions`` registry that says which dimensions of two
instrument/rubric versions are scored the same way (see :mod:`amc_assess.definitions`).
Version 3 records where the targets come from: per dimension score ``target_source``, per
assessment ``targets_source``, ``targets_agreed_on`` and ``targets_agreed_by`` (NULL in rows
stored before: "not recorded").
Version 4 tells firms apart by their names as written (spacing aside): ``firm_key`` no longer
folds case, so ``Strauß AG`` and ``STRAUSS AG`` are two firms unless renamed into one.
Version 5 adds ``benchmark_queries``, the audit log of peer benchmarks (who asked, when, for
which firm and peer group, and what was answered; see :mod:`amc_assess.store.audit`).

One list of migrations serves both backends: the SQL is SQLite's, and
:func:`amc_assess.store.backend.postgres_ddl` maps its few SQLite-only words for PostgreSQL
(64-bit ``DOUBLE PRECISION`` for ``REAL``, identity ids, byte-order ``"C"`` collation on text so
that sorting matches SQLite's); what SQL cannot say on both (reading JSON answers, computing
firm keys) runs in Python. Every migration runs inside the caller's write transaction (SQLite:
``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so two processes opening an old store at
once migrate it exactly once. Never change what a released migration does; append a new one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from amc_assess.names import firm_key
from amc_assess.store.backend import Database, postgres_ddl

V1 = """
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    firm TEXT NOT NULL,
    firm_key TEXT NOT NULL,
    date TEXT,
    year INTEGER NOT NULL,
    instrument TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    rubric TEXT NOT NULL,
    rubric_version TEXT NOT NULL,
    respondent TEXT,
    role TEXT,
    side TEXT,
    level TEXT,
    function TEXT,
    overall_score REAL,
    overall_level INTEGER,
    overall_status TEXT,
    percent_to_target REAL,
    answers TEXT,
    item_scores TEXT,
    source TEXT,
    source_kind TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX assessments_firm ON assessments (firm_key, year);
CREATE TABLE dimension_scores (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    score REAL,
    level INTEGER,
    status TEXT,
    answered_share REAL,
    target INTEGER,
    PRIMARY KEY (assessment_id, dimension)
) WITHOUT ROWID;
"""

V2 = """
ALTER TABLE assessments ADD COLUMN industry TEXT;
ALTER TABLE assessments ADD COLUMN revenue_band TEXT;
ALTER TABLE assessments ADD COLUMN employees TEXT;
ALTER TABLE assessments ADD COLUMN region TEXT;
CREATE INDEX assessments_year ON assessments (year, firm_key);
CREATE TABLE definitions (
    instrument TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    rubric TEXT NOT NULL,
    rubric_version TEXT NOT NULL,
    dimension TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (instrument, instrument_version, rubric, rubric_version, dimension)
) WITHOUT ROWID;
"""

V3 = """
ALTER TABLE dimension_scores ADD COLUMN target_source TEXT;
ALTER TABLE assessments ADD COLUMN targets_source TEXT;
ALTER TABLE assessments ADD COLUMN targets_agreed_on TEXT;
ALTER TABLE assessments ADD COLUMN targets_agreed_by TEXT;
"""

V5 = """
CREATE TABLE benchmark_queries (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    who TEXT NOT NULL,
    firm TEXT NOT NULL,
    probe INTEGER NOT NULL,
    grouping TEXT NOT NULL,
    year INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    size_band TEXT,
    answered_from INTEGER,
    members TEXT
);
CREATE INDEX benchmark_queries_asked ON benchmark_queries (asked_at);
"""


def _script(sql: str) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        for statement in sql.split(";"):
            if statement.strip():
                db.execute(statement if db.kind == "sqlite" else postgres_ddl(statement))

    return run


PROFILE_ITEMS = {"industry": "ctx_industry", "revenue_band": "ctx_revenue_band",
                 "employees": "ctx_employees", "region": "ctx_region"}  # fmt: skip


def _v2(db: Database) -> None:
    """The peer profile columns, filled from the stored answers (``ctx_*`` items' values)."""
    _script(V2)(db)
    rows = db.execute("SELECT id, answers FROM assessments WHERE answers IS NOT NULL").fetchall()
    updates = []
    for aid, text in rows:
        try:
            answers = json.loads(text)
        except ValueError:
            continue
        if not isinstance(answers, dict):
            continue
        values = [_value(answers.get(item)) for item in PROFILE_ITEMS.values()]
        updates.append((*values, aid))
    db.executemany(
        "UPDATE assessments SET " + ", ".join(f"{c} = ?" for c in PROFILE_ITEMS) + " WHERE id = ?",
        updates,
    )


def _value(answer: object) -> str | None:
    value = answer.get("value") if isinstance(answer, dict) else None
    return None if value is None or isinstance(value, (dict, list)) else str(value)


def _v4(db: Database) -> None:
    """Firms are told apart by their names as written (spacing aside), no longer by case:
    ``firm_key`` is recomputed from ``firm``. Content hashes stay as they are (they fold
    case), so an assessment stored before is still recognized when added again."""
    rows = db.execute("SELECT id, firm FROM assessments").fetchall()
    db.executemany(
        "UPDATE assessments SET firm_key = ? WHERE id = ?", [(firm_key(f), i) for i, f in rows]
    )


MIGRATIONS: list[tuple[int, str, Callable[[Database], None]]] = [
    (1, "assessments and dimension scores", _script(V1)),
    (2, "peer profile from the answers; dimension definitions registry", _v2),
    (3, "where the target levels come from", _script(V3)),
    (4, "firms told apart by their names as written, not folded to lower case", _v4),
    (5, "audit log of peer benchmark queries", _script(V5)),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class SchemaError(Exception):
    """The database was written by a newer amc-assess, or is not an amc-assess store."""


def current_version(conn: Database) -> int:
    """The highest migration applied (0 for an empty database)."""
    tables = conn.tables()
    if "schema_version" not in tables:
        if tables - {"sqlite_sequence"}:
            raise SchemaError("not an amc-assess database (it has no schema_version table)")
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: Database) -> list[int]:
    """Bring the schema up to date inside the open transaction; return the versions applied."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"the database has schema version {version}, newer than this amc-assess "
            f"understands ({SCHEMA_VERSION}): upgrade amc-assess"
        )
    if version == 0:
        conn.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    applied = []
    for number, description, run in MIGRATIONS:
        if number <= version:
            continue
        run(conn)
        conn.execute(
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
            (number, description, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
        )
        applied.append(number)
    return applied


def upgrade_refused(conn: Database, version: int) -> str | None:
    """Why this role may not upgrade a PostgreSQL store at schema ``version`` (only the
    tables' owner may: the new tables would be another role's, beyond the owner's grants),
    or None when it may."""
    if conn.kind != "postgresql" or not 0 < version < SCHEMA_VERSION:
        return None
    owner, me = conn.execute(
        "SELECT pg_get_userbyid(relowner), current_user FROM pg_class "
        "WHERE oid = 'schema_version'::regclass"
    ).fetchone()
    if owner == me:
        return None
    return (
        f"the store has schema {version} and this amc-assess needs {SCHEMA_VERSION}, an "
        f"upgrade that only the owner of its tables ({owner}) may make: have {owner} run any "
        "amc command on it once (e.g. amc history list --db URL), then amc db grant each role "
        "again"
    )
