"""The store: how it is opened, and every write (reads: ``queries``; where it lives: ``backend``).

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
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from amc_assess.definitions import Versions
from amc_assess.faults import cause
from amc_assess.loading import InvalidInput
from amc_assess.names import loose_key
from amc_assess.scored.respondent import ScoredRespondent
from amc_assess.store import revisions
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
from amc_assess.store.queries import CHUNK, Queries
from amc_assess.store.rows import COLUMNS, DIMENSIONS, assessment_row, rename_rows
from amc_assess.store.schema import (
    SCHEMA_VERSION,
    SchemaError,
    current_version,
    migrate,
    upgrade_refused,
)

__all__ = ["ENV", "Store", "db_path", "locate"]

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
    replaced: list[ScoredRespondent] = field(default_factory=list)  # stored in an older's place


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
        else "amc history list, without --firm, shows the stored firms"
    )
    return f"{path}: no assessments of firm {name!r} ({hint})"


def driver_errors(kind: str) -> tuple[type[BaseException], ...]:
    if kind == "sqlite":
        return (sqlite3.DatabaseError,)
    # lazy: the PostgreSQL driver loads only for a PostgreSQL URL
    import psycopg

    return (psycopg.Error,)


class Store(Queries):
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
                refused = upgrade_refused(conn, version)
                if refused:
                    raise InvalidInput([f"{location.shown}: {refused}"])
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
        replace: bool = False,
    ) -> AddResult:
        """Store new assessments; those already stored (same identity) are reported instead.
        A respondent's assessment of a firm and year stored already with other scores is
        refused, or with ``replace`` stored in its place (:mod:`amc_assess.store.revisions`)."""
        hashes = [record.content_hash() for record in records]
        return self.retried(lambda: self._add(records, hashes, digests or {}, replace))

    def _add(
        self,
        records: Sequence[ScoredRespondent],
        hashes: Sequence[str],
        digests: dict[Versions, dict[str, str]],
        replace: bool = False,
    ) -> AddResult:
        result = AddResult()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        used = {tuple(record.versions) for record in records}
        with self.write() as conn:
            pairs = [(v, d) for v, d in digests.items() if tuple(v) in used]  # not the audited
            clashes = [c for v, d in pairs for c in self._conflicts(v, d)]  # pair of plain ones
            if clashes:  # scored apart from what is stored under the same versions: refused
                raise InvalidInput([f"{c}; nothing was added" for c in clashes])
            for versions, by_dim in pairs:
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
            self._revise([r for r, _ in fresh], result, replace)
            # the unique content hash decides: a concurrent writer's copy wins, ours is skipped
            ids = conn.insert_new(
                "assessments",
                COLUMNS,
                [assessment_row(r, d, now) for r, d in fresh],
                "content_hash",
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

    def _revise(self, fresh: list[ScoredRespondent], result: AddResult, replace: bool) -> None:
        """Refuse revised copies of stored assessments, or (``replace``) remove the old."""
        problems = revisions.twice_given(fresh)
        old = revisions.revisions(self.conn, fresh)
        if not replace:
            problems += [revisions.refusal(r, old[k]) for r in fresh
                         if (k := revisions.key_of(r)) is not None and k in old]  # fmt: skip
        if problems:
            raise InvalidInput([f"{p}; nothing was added" for p in problems])
        for record in fresh:
            key = revisions.key_of(record)
            if key is not None and key in old:
                revisions.remove(self.conn, [s.aid for s in old[key]])
                result.replaced.append(record)

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

    def _conflicts(self, versions: Versions, by_dim: dict[str, str]) -> list[str]:
        """Where the version pair's dimension digests differ from those stored before."""
        known = self.definitions().get(versions, {})
        return [
            f"rubric {versions[2]} {versions[3]} / instrument {versions[0]} {versions[1]} "
            f"scores {dim} differently from the copy stored earlier under the same versions; "
            "give changed files a new version"
            for dim, digest in by_dim.items()
            if dim in known and known[dim] != digest
        ]

    def _register(self, versions: Versions, by_dim: dict[str, str]) -> list[str]:
        """Record the version pair's dimension digests; say so when they differ from before."""
        conflicts = self._conflicts(versions, by_dim)
        self.conn.executemany(
            "INSERT INTO definitions (instrument, instrument_version, rubric, "
            "rubric_version, dimension, digest) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(*versions, dim, digest) for dim, digest in by_dim.items()],
        )
        return conflicts

    def rename(self, old: str, new: str) -> tuple[int, int]:
        """Store the firm ``old`` (its exact name, spacing aside) as ``new``: the user says
        the two names are one firm. Returns the assessments renamed, and those already
        stored under ``new`` (kept once): :func:`~amc_assess.store.rows.rename_rows`."""

        def work() -> tuple[int, int]:
            with self.write() as conn:
                return rename_rows(conn, old, new)

        return self.retried(work)

    def resolve_firm(self, name: str) -> str:
        """:meth:`find_firm`, or one line naming the nearest stored firms."""
        found, near = self.find_firm(name)
        if found is None:
            raise InvalidInput([not_stored(self.path, name, near)])
        return found


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
