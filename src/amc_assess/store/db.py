"""The store: how it is opened, and every read and write (see ``backend`` for where it lives).

* SQLite is opened in WAL mode with a busy timeout, so readers never block the writer and
  concurrent writers wait for each other instead of failing. Every write is one
  ``BEGIN IMMEDIATE`` transaction.
* PostgreSQL: every write is one transaction; the unique content hash does the duplicate
  detection (``INSERT ... ON CONFLICT DO NOTHING``), so two processes adding the same
  assessment at once store it once, and a transaction that fails on a serialization failure or
  deadlock is run again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from amc_assess.definitions import OVERALL, Versions
from amc_assess.faults import cause
from amc_assess.loading import InvalidInput
from amc_assess.names import firm_key, loose_key, pick_firm
from amc_assess.scored.respondent import PROFILE, RESPONDENT, ScoredRespondent
from amc_assess.store.backend import (
    BUSY_TIMEOUT_MS,
    ENV,
    Database,
    Location,
    connect,
    is_retryable,
    locate,
    postgres_problem,
)
from amc_assess.store.schema import SCHEMA_VERSION, SchemaError, current_version, migrate

__all__ = ["ENV", "Store", "db_path", "locate"]

CHUNK = 500  # parameters per IN (...) query
ATTEMPTS = 8  # a PostgreSQL transaction is tried this often on serialization failures
T = TypeVar("T")


def db_path(db: str | Path | None = None) -> Path:
    """The SQLite file ``--db`` / ``$AMC_DB`` / the default names (not for PostgreSQL URLs)."""
    location = locate(db)
    if location.path is None:
        raise ValueError(f"{location.shown} is a PostgreSQL store, not a file")
    return location.path


@dataclass
class Duplicate:
    record: ScoredRespondent
    stored_source: str | None
    added_at: str


@dataclass
class AddResult:
    added: list[ScoredRespondent] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    close: list[tuple[str, str]] = field(default_factory=list)  # (new firm, stored look-alike)


def _switch_to_wal(conn: Database) -> None:
    """Turn on WAL mode; retried, because SQLite does not wait on its busy handler here.

    Two processes opening a brand-new database at once can both try to change the journal
    mode; the loser gets "database is locked" at once instead of waiting.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


TABLES = ("schema_version", "assessments", "dimension_scores", "definitions", "benchmark_queries")


def _writable(path: Path, create: bool) -> bool:
    """Whether this process may write the SQLite file and its folder (WAL needs both); a file
    about to be created counts as writable (creating it says otherwise, if it must)."""
    if not path.exists():
        return create
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def not_stored(path: Path | str, name: str, near: Sequence[str] = ()) -> str:
    """``h.db: no assessments of firm 'X' (did you mean 'Y'?)``, or the list hint."""
    hint = (
        f"did you mean {' or '.join(repr(n) for n in near)}?"
        if near
        else "amc history list shows them"
    )
    return f"{path}: no assessments of firm {name!r} ({hint})"


def driver_errors(kind: str) -> tuple[type[BaseException], ...]:
    if kind == "sqlite":
        return (sqlite3.DatabaseError,)
    # lazy: the PostgreSQL driver loads only for a PostgreSQL URL
    import psycopg

    return (psycopg.Error,)


class Store:
    """An open store; use as a context manager or call :meth:`close`.

    ``path`` is what messages show: the SQLite file, or the PostgreSQL URL without password.
    """

    def __init__(self, location: Location, conn: Database):
        self.location = location
        self.path: Path | str = location.path if location.path is not None else location.shown
        self.conn = conn

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Store:
        """Open (and create or migrate) the store; ``create=False`` refuses a missing one."""
        location = locate(db)
        if location.path is not None and not location.path.exists():
            if not create:
                raise InvalidInput(
                    [f"{location.shown}: no assessment database here yet (add some with amc "
                     "history add)"]
                )  # fmt: skip
            location.path.parent.mkdir(parents=True, exist_ok=True)
        read_only = location.path is not None and not _writable(location.path, create)
        if read_only and create:
            raise InvalidInput(
                [f"{location.shown}: the store is read-only here (its file or folder cannot be "
                 "written): it can be read, not added to"]
            )  # fmt: skip
        conn = connect(location, read_only=read_only)
        try:
            store = cls(location, conn)
            if conn.kind == "sqlite":
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                if not read_only:
                    _switch_to_wal(conn)
                    conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
            version = current_version(conn)
            if version == 0 and not create and conn.kind == "postgresql":
                raise InvalidInput(
                    [f"{location.shown}: no assessment store in this database yet (add some "
                     "with amc history add)"]
                )  # fmt: skip
            if version != SCHEMA_VERSION:
                if read_only:
                    raise InvalidInput(
                        [f"{location.shown}: the store is read-only here and needs upgrading to "
                         f"schema {SCHEMA_VERSION}: open it once where it can be written"]
                    )  # fmt: skip
                with store.write(exclusive=True):
                    migrate(conn)
            store.check_tables()
            if create and conn.kind == "sqlite":
                store.check_pages()
        except SchemaError as exc:
            conn.close()
            raise InvalidInput([f"{location.shown}: {exc}"]) from None
        except driver_errors(conn.kind) as exc:
            conn.close()
            raise InvalidInput([store_problem(location, exc, "cannot open the database")]) from None
        except BaseException:
            conn.close()
            raise
        return store

    def check_tables(self) -> None:
        """One line when a table of the store is missing (a damaged or tampered file)."""
        missing = sorted(set(TABLES) - self.conn.tables())
        if missing:
            raise InvalidInput(
                [f"{self.location.shown}: the database is damaged: it has no table "
                 f"{', '.join(missing)}; run amc history check"]
            )  # fmt: skip

    def check_pages(self) -> None:
        """Before writing to an SQLite store: its pages are sound (``PRAGMA quick_check``);
        a damaged store is never written to."""
        found = [row[0] for row in self.conn.execute("PRAGMA quick_check(3)")]
        if found != ["ok"]:
            raise InvalidInput(
                [f"{self.location.shown}: the database file is damaged "
                 f"({' '.join(found[0].split())[:120]}); nothing "
                 "was written: run amc history check"]
            )  # fmt: skip

    @classmethod
    def open_existing(cls, db: str | Path | None = None) -> Store | None:
        """The store when there is one (a SQLite file that exists, or any PostgreSQL URL)."""
        location = locate(db)
        if location.path is not None and not location.path.exists():
            return None
        return cls.open(db, create=False)

    def retried(self, work: Callable[[], T]) -> T:
        """Run ``work`` (one write transaction); again on a PostgreSQL serialization failure
        or deadlock, and with one line naming the store on any other database error."""
        for attempt in range(ATTEMPTS):
            try:
                return work()
            except driver_errors(self.conn.kind) as exc:
                if is_retryable(exc) and attempt < ATTEMPTS - 1:
                    time.sleep(min(0.01 * 2**attempt, 0.5))
                    continue
                raise InvalidInput([store_problem(self.location, exc, "cannot write")]) from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self, *, exclusive: bool = False) -> Iterator[Database]:
        """One write transaction (SQLite: taken at once, ``BEGIN IMMEDIATE``)."""
        self.conn.begin(exclusive=exclusive)
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    def schema_version(self) -> int:
        return current_version(self.conn)

    # -- writing -------------------------------------------------------------------------

    def add(
        self,
        records: Sequence[ScoredRespondent],
        digests: dict[Versions, dict[str, str]] | None = None,
    ) -> AddResult:
        """Store new assessments; those already stored (same identity) are reported instead."""
        hashes = [record.content_hash() for record in records]
        return self.retried(lambda: self._add(records, hashes, digests or {}))

    def _add(
        self,
        records: Sequence[ScoredRespondent],
        hashes: Sequence[str],
        digests: dict[Versions, dict[str, str]],
    ) -> AddResult:
        result = AddResult()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.write() as conn:
            for versions, by_dim in digests.items():
                result.conflicts += self._register(versions, by_dim)
            stored = self._stored(hashes)
            names = self._names()  # firm key -> stored spelling
            alike: dict[str, list[str]] = {}  # loose key -> stored spellings
            for name in names.values():
                alike.setdefault(loose_key(name), []).append(name)
            seen: dict[str, ScoredRespondent] = {}
            fresh: list[tuple[ScoredRespondent, str]] = []
            for record, digest in zip(records, hashes, strict=True):
                if digest in stored:
                    source, added = stored[digest]
                    result.duplicates.append(Duplicate(record, source, added))
                    continue
                if digest in seen:
                    result.duplicates.append(Duplicate(record, seen[digest].source.where, now))
                    continue
                seen[digest] = record
                if record.firm_key not in names:
                    loose = loose_key(record.firm)
                    result.close += [(record.firm, n) for n in alike.get(loose, [])]
                    names[record.firm_key] = record.firm
                    alike.setdefault(loose, []).append(record.firm)
                fresh.append((record, digest))
            # the unique content hash decides: a concurrent writer's copy wins, ours is skipped
            ids = conn.insert_new(
                "assessments", COLUMNS, [_row(r, d, now) for r, d in fresh], "content_hash"
            )
            raced = self._stored([d for (_, d), aid in zip(fresh, ids, strict=True) if aid is None])
            dims = []
            for (record, digest), aid in zip(fresh, ids, strict=True):
                if aid is None:
                    result.duplicates.append(Duplicate(record, *raced[digest]))
                    continue
                result.added.append(record)
                dims += [
                    (aid, d, s.score, s.level, s.status, s.answered_share, s.target,
                     s.target_source)
                    for d, s in record.dimensions.items()
                ]  # fmt: skip
            conn.copy_rows("dimension_scores", DIMENSIONS, dims)
        return result

    def _stored(self, hashes: Sequence[str]) -> dict[str, tuple[str | None, str]]:
        found: dict[str, tuple[str | None, str]] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), CHUNK):
            part = unique[start : start + CHUNK]
            rows = self.conn.execute(
                "SELECT content_hash, source, added_at FROM assessments WHERE content_hash IN ("
                + ", ".join("?" * len(part))
                + ")",
                part,
            )
            found.update({h: (s, a) for h, s, a in rows})
        return found

    def _register(self, versions: Versions, by_dim: dict[str, str]) -> list[str]:
        """Record the version pair's dimension digests; say so when they differ from before."""
        known = self.definitions().get(versions, {})
        conflicts = []
        for dim, digest in by_dim.items():
            if dim in known and known[dim] != digest:
                conflicts.append(
                    f"rubric {versions[2]} {versions[3]} / instrument {versions[0]} "
                    f"{versions[1]} scores {dim} differently from the copy stored earlier under "
                    "the same versions; give changed files a new version"
                )
        self.conn.executemany(
            "INSERT INTO definitions (instrument, instrument_version, rubric, "
            "rubric_version, dimension, digest) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(*versions, dim, digest) for dim, digest in by_dim.items()],
        )
        return conflicts

    # -- reading -------------------------------------------------------------------------

    def definitions(self) -> dict[Versions, dict[str, str]]:
        out: dict[Versions, dict[str, str]] = {}
        for iid, iv, rid, rv, dim, digest in self.conn.execute("SELECT * FROM definitions"):
            out.setdefault((iid, iv, rid, rv), {})[dim] = digest
        return out

    def _names(self) -> dict[str, str]:
        """Every stored firm's key and its latest spelling."""
        rows = self.conn.execute(
            "SELECT firm_key, firm FROM assessments WHERE id IN (SELECT MAX(id) FROM assessments "
            "GROUP BY firm_key)"
        ).fetchall()
        return dict(rows)

    def rename(self, old: str, new: str) -> int:
        """Store the firm ``old`` (its exact name, spacing aside) as ``new``: the user says
        the two names are one firm. Returns the number of assessments renamed."""

        def work() -> int:
            with self.write() as conn:
                done = conn.execute(
                    "UPDATE assessments SET firm = ?, firm_key = ? WHERE firm_key = ?",
                    (" ".join(new.split()), firm_key(new), firm_key(old)),
                )
            return int(done.rowcount)

        return self.retried(work)

    def find_firm(self, name: str) -> tuple[str | None, list[str]]:
        """The stored firm a typed name means, and the nearest stored names when none: the
        exact firm (case and spacing aside), else the one firm whose name matches with case,
        accents and punctuation aside; several such firms are not guessed between."""
        exact = self.firm_name(name)
        if exact is not None:
            return exact, []
        return pick_firm(name, list(self._names().values()))

    def resolve_firm(self, name: str) -> str:
        """:meth:`find_firm`, or one line naming the nearest stored firms."""
        found, near = self.find_firm(name)
        if found is None:
            raise InvalidInput([not_stored(self.path, name, near)])
        return found

    def firm_name(self, name: str) -> str | None:
        """The stored spelling of a firm's name (None when the firm is not stored)."""
        row = self.conn.execute(
            "SELECT firm FROM assessments WHERE firm_key = ? ORDER BY id DESC LIMIT 1",
            (firm_key(name),),
        ).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM assessments").fetchone()[0])

    def listing(self, firm: str | None = None) -> pd.DataFrame:
        """One row per firm and year: assessments, versions, dates, when last added.

        Versions are listed in the order first stored; grouped here, not in SQL, so both
        backends give the same text."""
        where, params = ("WHERE firm_key = ?", [firm_key(firm)]) if firm else ("", [])
        rows = self._frame(
            "SELECT firm_key, year, firm, instrument || ' ' || instrument_version AS instrument, "
            "rubric || ' ' || rubric_version AS rubric, date, added_at "
            f"FROM assessments {where} ORDER BY firm_key, year, id",
            params,
        )
        columns = ["firm", "year", "assessments", "instrument", "rubric", "first_date",
                   "last_date", "added_at"]  # fmt: skip
        if rows.empty:
            return pd.DataFrame(columns=columns)
        groups = rows.groupby(["firm_key", "year"], sort=False)
        dates = rows["date"].where(rows["date"].notna(), None)
        out = pd.DataFrame(
            {
                "firm": groups["firm"].max(),
                "year": groups["year"].first(),
                "assessments": groups.size(),
                "instrument": groups["instrument"].agg(_distinct),
                "rubric": groups["rubric"].agg(_distinct),
                "first_date": dates.groupby([rows["firm_key"], rows["year"]], sort=False).min(),
                "last_date": dates.groupby([rows["firm_key"], rows["year"]], sort=False).max(),
                "added_at": groups["added_at"].max(),
            }
        )
        return out.reset_index(drop=True)[columns]

    _HEAD = (
        "a.id AS aid, a.firm_key, a.year, a.date, a.instrument, a.instrument_version, "
        "a.rubric, a.rubric_version, a.side"
    )
    _PROFILE = ", " + ", ".join(f"a.{p}" for p in PROFILE)

    def firm_frame(self, name: str) -> pd.DataFrame:
        """The firm's assessments, one row per assessment and dimension (and ``overall``)."""
        return self._long("SELECT id FROM assessments WHERE firm_key = ?", [firm_key(name)])

    def peer_frame(self, exclude: str, year: int | None, filters: dict[str, str]) -> pd.DataFrame:
        """Other firms' scores at each firm's latest year up to ``year``: no names, no profile."""
        conditions = ["{t}firm_key != ?"]
        params: list[Any] = [firm_key(exclude)]
        if year is not None:
            conditions.append("{t}year <= ?")
            params.append(year)
        for column, value in filters.items():
            if column not in PROFILE:
                raise ValueError(f"unknown peer filter {column!r}")
            conditions.append(f"{{t}}{column} = ?")
            params.append(value)
        where = " AND ".join(conditions)
        ids = (
            "SELECT c.id FROM assessments c JOIN (SELECT firm_key, MAX(year) AS year "
            f"FROM assessments WHERE {where.format(t='')} GROUP BY firm_key) l "
            f"ON c.firm_key = l.firm_key AND c.year = l.year WHERE {where.format(t='c.')}"
        )
        return self._long(ids, params + params, full=False)

    def _long(self, ids: str, params: list[Any], full: bool = True) -> pd.DataFrame:
        """The long frame of the assessments whose ids the subquery ``ids`` selects.

        ``full=False`` leaves out the profile, level, status and target (peers need scores).
        """
        head = self._HEAD + (self._PROFILE if full else "")
        extra = ", d.level, d.status, d.target" if full else ""
        overall_extra = ", a.overall_level, a.overall_status, NULL" if full else ""
        sql = (
            f"WITH s AS MATERIALIZED ({ids}) "
            f"SELECT {head}, d.dimension, d.score{extra}, NULL AS percent_to_target "
            "FROM s JOIN assessments a ON a.id = s.id "
            "JOIN dimension_scores d ON d.assessment_id = a.id "
            f"UNION ALL SELECT {head}, '{OVERALL}', a.overall_score{overall_extra}, "
            "a.percent_to_target FROM s JOIN assessments a ON a.id = s.id"
        )
        return self._frame(sql, params)

    def item_scores(self, versions: Sequence[Versions], limit: int) -> list[dict[str, Any]]:
        """Item scores of the latest ``limit`` assessments scored with these versions."""
        if not versions:
            return []
        clause = " OR ".join(
            ["(instrument = ? AND instrument_version = ? AND rubric = ? AND rubric_version = ?)"]
            * len(versions)
        )
        rows = self.conn.execute(
            f"SELECT item_scores FROM assessments WHERE item_scores IS NOT NULL AND ({clause}) "
            "ORDER BY id DESC LIMIT ?",
            [v for vs in versions for v in vs] + [limit],
        )
        return [json.loads(text) for (text,) in rows]

    def item_scores_of(self, aids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Item scores of these assessments, by assessment id (those without any are left out)."""
        out: dict[int, dict[str, Any]] = {}
        unique = list(dict.fromkeys(int(a) for a in aids))
        for start in range(0, len(unique), CHUNK):
            part = unique[start : start + CHUNK]
            rows = self.conn.execute(
                "SELECT id, item_scores FROM assessments WHERE item_scores IS NOT NULL AND id IN "
                f"({', '.join('?' * len(part))})",
                part,
            )
            out.update({aid: json.loads(text) for aid, text in rows})
        return out

    def dimension_sample(
        self, versions: Sequence[Versions], dimension: str, limit: int
    ) -> list[float]:
        """Scores of one dimension (or ``overall``) in the latest ``limit`` assessments."""
        if not versions:
            return []
        clause = " OR ".join(
            [
                "(a.instrument = ? AND a.instrument_version = ? AND a.rubric = ? "
                "AND a.rubric_version = ?)"
            ]
            * len(versions)
        )
        params = [v for vs in versions for v in vs]
        if dimension == OVERALL:
            sql = (
                f"SELECT a.overall_score FROM assessments a WHERE ({clause}) "
                "AND a.overall_score IS NOT NULL ORDER BY a.id DESC LIMIT ?"
            )
        else:
            sql = (
                "SELECT d.score FROM assessments a JOIN dimension_scores d "
                f"ON d.assessment_id = a.id WHERE ({clause}) AND d.dimension = ? "
                "AND d.score IS NOT NULL ORDER BY a.id DESC LIMIT ?"
            )
            params.append(dimension)
        return [row[0] for row in self.conn.execute(sql, params + [limit])]

    def export_frame(self, firm: str | None = None, order: Sequence[str] = ()) -> pd.DataFrame:
        """Every stored assessment as one flat row (the batch table's columns, plus more).

        Dimension columns follow ``order`` first (the rubric's), then any others.
        """
        where, params = ("WHERE firm_key = ?", [firm_key(firm)]) if firm else ("", [])
        base = self._frame(
            "SELECT id, firm, year, date, " + ", ".join(RESPONDENT) + ", " + ", ".join(PROFILE)
            + ", instrument, instrument_version, rubric, rubric_version, overall_score, "
            "overall_level, overall_status, percent_to_target, targets_source, "
            "targets_agreed_on, targets_agreed_by, source, source_kind, added_at, "
            f"content_hash FROM assessments {where} ORDER BY firm_key, year, id",
            params,
        )  # fmt: skip
        dims = self._frame(
            "SELECT d.assessment_id AS id, d.dimension, d.score, d.level, d.status, "
            "d.answered_share, d.target, d.target_source FROM dimension_scores d JOIN "
            f"assessments a ON a.id = d.assessment_id {where.replace('firm_key', 'a.firm_key')}",
            params,
        )
        present = set(dims["dimension"])
        order = [d for d in order if d in present] + sorted(present - set(order))
        if base.empty:
            return base.drop(columns="id")
        wide = dims.pivot(index="id", columns="dimension")
        columns = {}
        for dim in order:
            for metric in METRICS:
                columns[f"{dim}_{metric}"] = wide[(metric, dim)]
        dim_frame = pd.DataFrame(columns, index=wide.index)
        for dim in order:
            for metric in ("level", "target"):
                dim_frame[f"{dim}_{metric}"] = dim_frame[f"{dim}_{metric}"].astype("Int64")
        out = base.merge(dim_frame, left_on="id", right_index=True, how="left")
        head = [c for c in base.columns if c not in _TAIL]
        out = out[head + list(dim_frame.columns) + list(_TAIL)]
        out["overall_level"] = out["overall_level"].astype("Int64")
        return out.drop(columns="id").reset_index(drop=True)

    def _frame(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        cursor = self.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=names)


_TAIL = (
    "overall_score", "overall_level", "overall_status", "percent_to_target", "targets_source",
    "targets_agreed_on", "targets_agreed_by", "source", "source_kind", "added_at",
    "content_hash",
)  # fmt: skip
METRICS = ("score", "level", "status", "answered_share", "target", "target_source")


ASSESSMENT_COLUMNS = (
    "content_hash, firm, firm_key, date, year, instrument, instrument_version, rubric, "
    "rubric_version, respondent, role, side, level, function, overall_score, overall_level, "
    "overall_status, percent_to_target, answers, item_scores, source, source_kind, added_at, "
    "industry, revenue_band, employees, region, targets_source, targets_agreed_on, "
    "targets_agreed_by"
)
COLUMNS = [c.strip() for c in ASSESSMENT_COLUMNS.split(",")]
DIMENSION_COLUMNS = (
    "assessment_id, dimension, score, level, status, answered_share, target, target_source"
)
DIMENSIONS = [c.strip() for c in DIMENSION_COLUMNS.split(",")]


def _row(record: ScoredRespondent, digest: str, now: str) -> tuple[Any, ...]:
    """The assessments row of a record, in ``ASSESSMENT_COLUMNS`` order."""
    who = [record.who.get(c) for c in RESPONDENT]
    return (
        digest, record.firm, record.firm_key,
        record.date.isoformat() if record.date else None, record.year, *record.versions,
        *who, record.overall_score, record.overall_level, record.overall_status,
        record.percent_to_target,
        json.dumps(record.answers, ensure_ascii=False) if record.answers else None,
        json.dumps(record.item_scores) if record.item_scores else None,
        record.source.where, record.source.kind, now,
        *(record.profile.get(p) for p in PROFILE),
        *_targets(record),
    )  # fmt: skip


def _distinct(values: pd.Series) -> str:
    return ",".join(dict.fromkeys(values))


def store_problem(location: Location, exc: BaseException, doing: str) -> str:
    """A database error as one line naming the store."""
    if location.kind == "postgresql":
        return f"{location.shown}: {postgres_problem(exc)}"
    if "disk I/O error" in str(exc) and location.path is not None and _nearly_full(location.path):
        return f"{location.shown}: {doing}: the disk is full"
    return f"{location.shown}: {doing}: {cause(exc)}"


def _nearly_full(path: Path) -> bool:
    """SQLite reports a full disk as an I/O error when its WAL cannot grow: look."""
    try:
        return shutil.disk_usage(path.parent).free < 1 << 20
    except OSError:
        return False


def _targets(record: ScoredRespondent) -> tuple[str | None, str | None, str | None]:
    """Where the record's targets come from: source, agreed on (ISO date), agreed by."""
    t = record.targets
    if t is None:
        return None, None, None
    return t.source, t.agreed_on.isoformat() if t.agreed_on else None, t.agreed_by
