"""The SQLite store: where it lives, how it is opened, and every read and write.

* Path: ``--db``, else the ``AMC_DB`` environment variable, else ``amc.db`` in the per-user
  data folder (platformdirs: ``~/.local/share/amc-assess`` on Linux).
* Opened in WAL mode with a busy timeout, so readers never block the writer and concurrent
  writers wait for each other instead of failing. Every write is one ``BEGIN IMMEDIATE``
  transaction: the duplicate check and the inserts see the same state, so two processes adding
  the same assessment at once store it once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from amc_assess.definitions import OVERALL, Versions
from amc_assess.loading import InvalidInput
from amc_assess.names import firm_key, loose_key, pick_firm
from amc_assess.scored.respondent import PROFILE, RESPONDENT, ScoredRespondent
from amc_assess.store.schema import SCHEMA_VERSION, SchemaError, current_version, migrate

ENV = "AMC_DB"
APP = "amc-assess"
BUSY_TIMEOUT_MS = 60_000
CHUNK = 500  # parameters per IN (...) query


def db_path(db: str | Path | None = None) -> Path:
    """``--db``, else ``$AMC_DB``, else the per-user data folder's ``amc.db``."""
    if db:
        return Path(db)
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_data_path(APP, appauthor=False) / "amc.db"


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


def _switch_to_wal(conn: sqlite3.Connection) -> None:
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


def not_stored(path: Path | str, name: str, near: Sequence[str] = ()) -> str:
    """``h.db: no assessments of firm 'X' (did you mean 'Y'?)``, or the list hint."""
    hint = (
        f"did you mean {' or '.join(repr(n) for n in near)}?"
        if near
        else "amc history list shows them"
    )
    return f"{path}: no assessments of firm {name!r} ({hint})"


class Store:
    """An open store; use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Store:
        """Open (and create or migrate) the store; ``create=False`` refuses a missing file."""
        path = db_path(db)
        if not path.exists():
            if not create:
                raise InvalidInput(
                    [f"{path}: no assessment database here yet (add some with amc history add)"]
                )
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _switch_to_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(path, conn)
            if current_version(conn) != SCHEMA_VERSION:
                with store.write():
                    migrate(conn)
        except SchemaError as exc:
            conn.close()
            raise InvalidInput([f"{path}: {exc}"]) from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise InvalidInput([f"{path}: cannot open the database: {exc}"]) from None
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def schema_version(self) -> int:
        return current_version(self.conn)

    # -- writing -------------------------------------------------------------------------

    def add(
        self,
        records: Sequence[ScoredRespondent],
        digests: dict[Versions, dict[str, str]] | None = None,
    ) -> AddResult:
        """Store new assessments; those already stored (same identity) are reported instead."""
        result = AddResult()
        hashes = [record.content_hash() for record in records]
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.write() as conn:
            for versions, by_dim in (digests or {}).items():
                result.conflicts += self._register(versions, by_dim)
            stored = self._stored(hashes)
            names = self._names()  # firm key -> stored spelling
            seen: dict[str, ScoredRespondent] = {}
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
                    alike = [n for n in names.values() if loose_key(n) == loose_key(record.firm)]
                    result.close += [(record.firm, n) for n in alike]
                    names[record.firm_key] = record.firm
                aid = self._insert(conn, record, digest, now)
                conn.executemany(
                    "INSERT INTO dimension_scores (assessment_id, dimension, score, level, "
                    "status, answered_share, target, target_source) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (aid, d, s.score, s.level, s.status, s.answered_share, s.target,
                         s.target_source)
                        for d, s in record.dimensions.items()
                    ],
                )  # fmt: skip
                result.added.append(record)
        return result

    def _insert(
        self, conn: sqlite3.Connection, record: ScoredRespondent, digest: str, now: str
    ) -> int:
        who = [record.who.get(c) for c in RESPONDENT]
        cursor = conn.execute(
            "INSERT INTO assessments (content_hash, firm, firm_key, date, year, instrument, "
            "instrument_version, rubric, rubric_version, respondent, role, side, level, "
            "function, overall_score, overall_level, overall_status, percent_to_target, "
            "answers, item_scores, source, source_kind, added_at, industry, revenue_band, "
            "employees, region, targets_source, targets_agreed_on, targets_agreed_by) "
            "VALUES (" + ", ".join(["?"] * 30) + ")",
            (
                digest, record.firm, record.firm_key,
                record.date.isoformat() if record.date else None, record.year, *record.versions,
                *who, record.overall_score, record.overall_level, record.overall_status,
                record.percent_to_target,
                json.dumps(record.answers, ensure_ascii=False) if record.answers else None,
                json.dumps(record.item_scores) if record.item_scores else None,
                record.source.where, record.source.kind, now,
                *(record.profile.get(p) for p in PROFILE),
                *_targets(record),
            ),
        )  # fmt: skip
        assert cursor.lastrowid is not None
        return cursor.lastrowid

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
            "INSERT OR IGNORE INTO definitions (instrument, instrument_version, rubric, "
            "rubric_version, dimension, digest) VALUES (?, ?, ?, ?, ?, ?)",
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
        with self.write() as conn:
            done = conn.execute(
                "UPDATE assessments SET firm = ?, firm_key = ? WHERE firm_key = ?",
                (" ".join(new.split()), firm_key(new), firm_key(old)),
            )
        return done.rowcount

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
        """One row per firm and year: assessments, versions, dates, when last added."""
        where, params = ("WHERE firm_key = ?", [firm_key(firm)]) if firm else ("", [])
        return self._frame(
            "SELECT MAX(firm) AS firm, year, COUNT(*) AS assessments, "
            "GROUP_CONCAT(DISTINCT instrument || ' ' || instrument_version) AS instrument, "
            "GROUP_CONCAT(DISTINCT rubric || ' ' || rubric_version) AS rubric, "
            "MIN(date) AS first_date, MAX(date) AS last_date, MAX(added_at) AS added_at "
            f"FROM assessments {where} GROUP BY firm_key, year ORDER BY firm_key, year",
            params,
        )

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


def _targets(record: ScoredRespondent) -> tuple[str | None, str | None, str | None]:
    """Where the record's targets come from: source, agreed on (ISO date), agreed by."""
    t = record.targets
    if t is None:
        return None, None, None
    return t.source, t.agreed_on.isoformat() if t.agreed_on else None, t.agreed_by
