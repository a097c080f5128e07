"""A real PostgreSQL server for the tests: started once per test session on a free local port
in a temporary folder, stopped at the end.

The server's programs come from the ``pgserver`` wheel (PyPI; part of the test extra), else from
an installed PostgreSQL (``pg_config --bindir`` or Debian's ``/usr/lib/postgresql/*/bin``).
PostgreSQL refuses to run as root: as root, the server runs as the system user ``pgserver``.
Clients log in over TCP with a password (SCRAM) read from a ``.pgpass`` file (``PGPASSFILE``),
as libpq users do. Where no server can be started the tests that need one skip, saying why;
with ``AMC_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import stat
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ADMIN_PASSWORD = "amc-admin-secret"
REQUIRE = "AMC_REQUIRE_POSTGRES"


@dataclass
class Server:
    root: Path
    port: int
    bindir: Path
    user: str | None  # the system user the server runs as (None: this user)
    _count: itertools.count = itertools.count(1)

    def url(self, dbname: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, dbname: str = "postgres"):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(self.url(dbname), password=ADMIN_PASSWORD, autocommit=True)

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        name = f"t{next(self._count)}_{os.getpid()}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def add_role(self, name: str, password: str) -> None:
        """A login role whose password goes into the .pgpass file."""
        with self.admin() as conn:
            conn.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")
        with open(self.root / "pgpass", "a", encoding="utf-8") as f:
            f.write(f"127.0.0.1:{self.port}:*:{name}:{password}\n")

    def stop(self) -> None:
        _run([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate",
              "-w", "stop"], self.user)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


def _bindir() -> Path | None:
    try:
        with warnings.catch_warnings():  # pgserver's import warns about XDG_RUNTIME_DIR
            warnings.simplefilter("ignore")
            from pgserver._commands import POSTGRES_BIN_PATH

        return Path(POSTGRES_BIN_PATH)
    except ImportError:
        pass
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0 and (Path(out.stdout.strip()) / "initdb").exists():
            return Path(out.stdout.strip())
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], user: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, user=user, timeout=120)


def _as_root(root: Path, bindir: Path) -> str:
    """Make the folders reachable for the ``pgserver`` system user; its name."""
    from pgserver.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists("pgserver")
    ensure_prefix_permissions(root)
    ensure_prefix_permissions(bindir)
    ensure_folder_permissions(bindir, stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(bindir.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
    shutil.chown(root, "pgserver", "pgserver")
    return "pgserver"


def start() -> Server:
    """Start a server in a new temporary folder (raises RuntimeError saying why it cannot)."""
    bindir = _bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL programs: install the test extra (pgserver)")
    root = Path(tempfile.mkdtemp(prefix="amc-pg-"))
    os.chmod(root, 0o755)
    user = _as_root(root, bindir) if os.geteuid() == 0 else None
    pwfile = root / "pw"
    pwfile.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
    if user:
        shutil.chown(pwfile, user, user)
    init = _run([str(bindir / "initdb"), "-D", str(root / "data"), "-U", "postgres", "-E", "UTF8",
                 "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
                 f"--pwfile={pwfile}"], user)  # fmt: skip
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr.strip()[-300:]}")
    for _attempt in range(5):
        port = _free_port()
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
        )
        started = _run([str(bindir / "pg_ctl"), "-D", str(root / "data"), "-o", options,
                        "-l", str(root / "log"), "-w", "-t", "60", "start"], user)  # fmt: skip
        if started.returncode == 0:
            break
    else:
        log = (root / "log").read_text(errors="replace")[-300:] if (root / "log").exists() else ""
        raise RuntimeError(f"the server did not start: {started.stderr.strip()[-200:]} {log}")
    server = Server(root, port, bindir, user)
    pgpass = root / "pgpass"
    pgpass.write_text(f"127.0.0.1:{port}:*:postgres:{ADMIN_PASSWORD}\n", encoding="utf-8")
    os.chmod(pgpass, 0o600)
    os.environ["PGPASSFILE"] = str(pgpass)
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    try:
        server = start()
    except Exception as exc:
        if os.environ.get(REQUIRE):
            pytest.fail(f"PostgreSQL tests must run here ({REQUIRE} is set): {exc}")
        pytest.skip(f"no PostgreSQL server could be started: {exc}")
    try:
        yield server
    finally:
        server.stop()
