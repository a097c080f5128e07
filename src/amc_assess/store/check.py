"""``amc history check``: is the store sound? SQLite's ``integrity_check``, the tables, and the
stored values in their ranges (what a damaged or tampered file would show first)."""

from __future__ import annotations

from pathlib import Path
from shlex import quote

from amc_assess.problems import InvalidInput
from amc_assess.store.backend import connect, locate
from amc_assess.store.db import TABLES, driver_errors, store_problem

SHOW = 20
# (what is wrong, SQL selecting the offending assessment ids and a value shown)
VALUE_CHECKS = [
    ("year outside 1900-2999", "SELECT id, year FROM assessments WHERE year < 1900 OR year > 2999"),
    ("blank firm name", "SELECT id, firm FROM assessments WHERE TRIM(firm) = ''"),
    ("overall level outside 1-5", "SELECT id, overall_level FROM assessments "
     "WHERE overall_level IS NOT NULL AND (overall_level < 1 OR overall_level > 5)"),
    ("negative overall score", "SELECT id, overall_score FROM assessments WHERE overall_score < 0"),
    ("dimension level outside 1-5", "SELECT assessment_id, level FROM dimension_scores "
     "WHERE level IS NOT NULL AND (level < 1 OR level > 5)"),
    ("answered share outside 0-1", "SELECT assessment_id, answered_share FROM dimension_scores "
     "WHERE answered_share < 0 OR answered_share > 1"),
    ("negative dimension score",
     "SELECT assessment_id, score FROM dimension_scores WHERE score < 0"),
    ("dimension score of no assessment", "SELECT assessment_id, dimension FROM dimension_scores "
     "WHERE assessment_id NOT IN (SELECT id FROM assessments)"),
    ("assessment without dimension scores", "SELECT id, firm FROM assessments "
     "WHERE id NOT IN (SELECT assessment_id FROM dimension_scores)"),
]  # fmt: skip


def check_store(db: str | Path | None = None) -> tuple[list[str], int]:
    """The problems found (one line each, naming the store) and the assessments checked."""
    location = locate(db)
    if location.path is not None and not location.path.exists():
        raise InvalidInput([f"{location.shown}: no assessment database here"])
    conn = connect(location, read_only=location.kind == "sqlite")
    where = location.shown
    problems: list[str] = []
    count = 0
    try:
        if conn.kind == "sqlite":
            found = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
            lines = [line for text in found if text != "ok" for line in text.splitlines()]
            problems += [f"{where}: damaged: {line}" for line in lines]
        missing = sorted(set(TABLES) - conn.tables())
        problems += [f"{where}: table {name} is missing" for name in missing]
        if {"assessments", "dimension_scores"} <= conn.tables():
            count = int(conn.execute("SELECT COUNT(*) FROM assessments").fetchone()[0])
            for what, sql in VALUE_CHECKS:
                rows = conn.execute(sql).fetchall()
                problems += [f"{where}: assessment {aid}: {what} ({value!r})"
                             for aid, value in rows[:SHOW]]  # fmt: skip
                if len(rows) > SHOW:
                    problems.append(f"{where}: ... and {len(rows) - SHOW} more with {what}")
    except driver_errors(conn.kind) as exc:
        if conn.kind == "sqlite":  # what SQLite says is the finding itself
            problems.append(f"{where}: damaged: {' '.join(str(exc).split())}")
        else:
            problems.append(store_problem(location, exc, "cannot read"))
    finally:
        conn.close()
    if any(line.startswith(f"{where}: damaged: ") for line in problems) and location.path:
        problems.append(recovery_hint(location.path))
    return problems, count


def recovery_hint(path: Path) -> str:
    """What to do with a damaged SQLite store: the last line of ``amc history check``."""
    saved = quote(str(path.with_name(f"{path.stem}-recovered{path.suffix or '.db'}")))
    return (
        f"{path}: what to do: leave it as it is and restore it from a backup, or save what is "
        f"still readable into a new store with amc history copy --from {quote(str(path))} "
        f"--to {saved} (then amc history check --db {saved})"
    )
