"""Where a store lives and the connection to it: an SQLite file or a PostgreSQL server.

``--db`` (else ``$AMC_DB``, else ``amc.db`` in the per-user data folder) is a file path, or a
libpq URL ``postgresql://user@host[:port]/dbname`` for a store a team shares. Passwords never
travel in the URL: libpq reads them from ``PGPASSWORD``, ``~/.pgpass`` or a service file.

The store's SQL is written once, for SQLite, with ``?`` parameters. :class:`Database` runs it
on either backend: for PostgreSQL it turns ``?`` into ``%s`` and maps the few SQLite-only
words in the schema (types, collation). The PostgreSQL driver (psycopg) is imported
only when a PostgreSQL URL is used.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sqlite3
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from amc_assess.problems import InvalidInput

ENV = "AMC_DB"
APP = "amc-assess"
BUSY_TIMEOUT_MS = 60_000
SCHEMES = ("postgresql://", "postgres://")

Kind = Literal["sqlite", "postgresql"]


@dataclass(frozen=True)
class Location:
    """A store's address: ``path`` for SQLite, ``url`` for PostgreSQL; ``shown`` in messages."""

    kind: Kind
    shown: str
    path: Path | None = None
    url: str | None = None


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_CONNINFO = re.compile(r"^\s*(host|hostaddr|dbname|user|port|service)\s*=")


def is_url(db: str | Path) -> bool:
    """A PostgreSQL address: a ``postgresql://`` or ``postgres://`` URL (any case, with or
    without a ``+driver``), or a libpq keyword string (``host=... dbname=...``)."""
    return postgres_url(str(db)) is not None


def postgres_url(given: str) -> str | None:
    """``given`` as libpq takes it when it names a PostgreSQL database, else None (a SQLite
    path); another scheme (``mysql://``, a typo) is refused rather than taken for a folder."""
    if _CONNINFO.match(given):
        return given
    found = _SCHEME.match(given)
    if found is None:
        return None
    scheme = found[1].lower().split("+")[0]
    if f"{scheme}://" not in SCHEMES:
        raise InvalidInput(
            [
                f"--db: {found[1]}:// is not a store amc can open: give a PostgreSQL URL "
                "(postgresql://user@host/database) or the path of a SQLite file"
            ]
        )
    return "postgresql://" + given[found.end() :]


def locate(db: str | Path | None = None) -> Location:
    """``--db``, else ``$AMC_DB``, else the per-user data folder's ``amc.db``."""
    given = db or os.environ.get(ENV)
    if not given:
        # lazy: only the default location needs platformdirs
        import platformdirs

        path = platformdirs.user_data_path(APP, appauthor=False) / "amc.db"
        return Location("sqlite", str(path), path=path)
    url = postgres_url(str(given))
    if url is not None:
        return Location("postgresql", _shown_url(url), url=url)
    return Location("sqlite", str(given), path=Path(given))


def _shown_url(url: str) -> str:
    """The URL as messages show it; refuses one that carries a password."""
    # lazy: the PostgreSQL driver loads only for a PostgreSQL URL
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception as exc:
        raise InvalidInput([f"--db: not a valid PostgreSQL URL ({_first_line(exc)})"]) from None
    if parts.get("password"):
        raise InvalidInput(
            [
                "--db: the URL holds a password; leave it out and give it in PGPASSWORD or "
                "~/.pgpass instead (as psql does)"
            ]
        )
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = str(parts.get("host") or "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{host}{port}/{parts.get('dbname') or ''}"


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class Database:
    """One connection, SQLite or PostgreSQL, speaking the store's SQLite-flavoured SQL."""

    def __init__(self, location: Location, raw: Any):
        self.location = location
        self.kind: Kind = location.kind
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self.kind == "sqlite":
            return self.raw.execute(sql, params)
        with self._errors():
            if not params:  # no parameters: the text goes as it is (quotes may hold ? or %)
                return self.raw.execute(sql)
            return self.raw.execute(postgres_sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if self.kind == "sqlite":
            self.raw.executemany(sql, rows)
            return
        with self._errors(), self.raw.cursor() as cursor:
            cursor.executemany(postgres_sql(sql), list(rows))

    def insert_new(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], unique: str
    ) -> list[int | None]:
        """Insert rows whose ``unique`` column value is not stored yet (``ON CONFLICT DO
        NOTHING``): each row's new id, None where another row with that value was there.

        PostgreSQL: one ``COPY`` into a temporary table, then one ``INSERT ... SELECT``."""
        names = ", ".join(columns)
        sql = (
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT ({unique}) DO NOTHING RETURNING id"
        )
        if self.kind == "sqlite":
            out = []
            for row in rows:
                got = self.raw.execute(sql, row).fetchall()  # all: the statement must end
                out.append(got[0][0] if got else None)
            return out
        if not rows:
            return []
        at = list(columns).index(unique)
        with self._errors(), self.raw.cursor() as cursor:
            temp = _staged(cursor, table, names, rows)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {temp} ORDER BY ord "
                f"ON CONFLICT ({unique}) DO NOTHING RETURNING id, {unique}"
            )
            ids = {key: int(aid) for aid, key in cursor.fetchall()}
            cursor.execute(f"DELETE FROM {temp}")
        return [ids.get(row[at]) for row in rows]

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows (PostgreSQL: through ``COPY``, many times faster than one by one)."""
        names = ", ".join(columns)
        if self.kind == "sqlite":
            self.raw.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows
            )
            return
        with self._errors(), self.raw.cursor() as cursor:
            temp = _staged(cursor, table, names, rows)
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {temp} ORDER BY ord")
            cursor.execute(f"DELETE FROM {temp}")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """PostgreSQL errors as one line naming the store; serialization failures and
        deadlocks pass through, for the caller to run its transaction again."""
        # lazy: the PostgreSQL driver loads only for a PostgreSQL URL
        import psycopg

        try:
            yield
        except psycopg.Error as exc:
            if is_retryable(exc):
                raise
            raise InvalidInput([f"{self.location.shown}: {postgres_problem(exc)}"]) from None

    def sql(self, sql: str) -> str:
        return sql if self.kind == "sqlite" else postgres_sql(sql)

    def tables(self) -> set[str]:
        if self.kind == "sqlite":
            rows = self.raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
        else:
            rows = self.raw.execute(  # pg_tables lists tables this role may not read, too
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
            )
        return {row[0] for row in rows}

    def begin(self, *, exclusive: bool = False) -> None:
        """Start a write transaction (SQLite: taken at once; PostgreSQL: ``exclusive`` also
        takes the store's advisory lock, for migrations)."""
        if self.kind == "sqlite":
            self.raw.execute("BEGIN IMMEDIATE")
            return
        self.raw.execute("BEGIN")
        if exclusive:
            self.raw.execute("SELECT pg_advisory_xact_lock(7235716)")

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        """Roll back the open transaction, if one is still open (a failed COMMIT or a full
        disk may already have ended it)."""
        if self.kind == "sqlite":
            if self.raw.in_transaction:
                self.raw.execute("ROLLBACK")
            return
        self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


def _staged(cursor: Any, table: str, names: str, rows: Sequence[Sequence[Any]]) -> str:
    """``rows`` COPYed into a temporary table shaped like ``table``'s ``names`` plus ``ord``
    (their order); its name. Through a temporary table, because COPY into a table under
    row-level security is refused, and INSERT ... SELECT from it is many times faster than
    one INSERT per row."""
    temp = f"amc_incoming_{table}"
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {temp} ON COMMIT DELETE ROWS AS "
        f"SELECT {names}, 0::bigint AS ord FROM {table} WITH NO DATA"
    )
    with cursor.copy(f"COPY {temp} ({names}, ord) FROM STDIN") as copy:
        for k, row in enumerate(rows):
            copy.write_row((*row, k))
    return temp


@functools.lru_cache(maxsize=256)
def postgres_sql(sql: str) -> str:
    """The store's SQL for PostgreSQL: ``%s`` parameters and PostgreSQL's words."""
    out = sql.replace("%", "%%").replace("?", "%s")
    return out


def postgres_ddl(sql: str) -> str:
    """A schema statement for PostgreSQL: 64-bit floats, identity ids, byte-order text."""
    out = re.sub(
        r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", sql
    )
    out = re.sub(r"\bREAL\b", "DOUBLE PRECISION", out)
    out = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', out)
    out = re.sub(r"\bassessment_id INTEGER\b", "assessment_id BIGINT", out)
    return out.replace("WITHOUT ROWID", "")


def connect(location: Location, *, read_only: bool = False) -> Database:
    """Open a connection; errors become one line naming the store.

    ``read_only`` (SQLite): opened for reading only, so a store on a read-only file system or
    folder can still be read; when even that fails (a WAL store whose folder cannot hold the
    shared-memory file) the file is read as immutable."""
    if location.kind == "sqlite":
        assert location.path is not None
        timeout = BUSY_TIMEOUT_MS / 1000
        if not read_only:
            raw = sqlite3.connect(location.path, timeout=timeout, isolation_level=None)
            return Database(location, raw)
        uri = "file:" + urllib.parse.quote(str(location.path.resolve()))
        raw = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout, isolation_level=None)
        try:
            raw.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()
        except sqlite3.OperationalError:
            raw.close()
            raw = sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None)
        return Database(location, raw)
    return Database(location, _connect_postgres(location))


def _connect_postgres(location: Location) -> Any:
    # lazy: the PostgreSQL driver loads only for a PostgreSQL URL
    import psycopg

    assert location.url is not None
    # psycopg logs a warning as it drops a pipeline that failed ("error ignored terminating
    # ..."); the error itself is reported, in one line: the warning is not printed as well
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    try:
        return psycopg.connect(location.url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise InvalidInput([f"{location.shown}: {postgres_problem(exc)}"]) from None


def postgres_problem(exc: BaseException) -> str:
    """A driver error as a line a person reads (never a password)."""
    text = " ".join(str(exc).split())
    if "no password supplied" in text or "fe_sendauth: no password" in text:
        return (
            "the server asks for a password and none was found: set PGPASSWORD, or add a line "
            "for this server to ~/.pgpass (or a service file)"
        )
    if "password authentication failed" in text:
        user = re.search(r'for user "([^"]*)"', text)
        who = f" for user {user.group(1)!r}" if user else ""
        return (
            f"the server refused the password{who} (it comes from PGPASSWORD, ~/.pgpass or a "
            "service file)"
        )
    missing = re.search(r'database "([^"]*)" does not exist', text)
    if missing:
        return f"there is no database {missing.group(1)!r} on the server (create it first)"
    if "Connection refused" in text or "No such file or directory" in text:
        return "cannot connect: no PostgreSQL server answers there (connection refused)"
    if "timeout expired" in text:
        return "cannot connect: the server did not answer within 10 s"
    if re.search(r"must be owner of \w+ \w+", text):
        return (
            "only the owner of the store's tables may do this (amc db grant and revoke run as "
            "the role that created them)"
        )
    denied = re.search(r"permission denied for (\w+) (\w+)", text)
    if denied:
        return (
            f"permission denied on the {denied.group(1)} {denied.group(2)!r}: this role's grants "
            "do not cover it (a read-only role may list, show and export; the store's owner "
            "grants more: amc db grant ROLE --write)"
        )
    return re.sub(r"password=\S+", "password=…", text)


def is_retryable(exc: BaseException) -> bool:
    """A PostgreSQL serialization failure or deadlock: run the transaction again."""
    return getattr(exc, "sqlstate", None) in ("40001", "40P01")
