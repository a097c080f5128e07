"""A shared PostgreSQL store beside SQLite: the same outputs, roles, copying between stores,
and one-line errors for every way a connection fails. Against a real server (tests/postgres.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import psycopg
import pytest
import yaml

from amc_assess.store import Store
from conftest import REPO, invoke, stored
from postgres import Server

EXAMPLES = REPO / "examples"
MID = EXAMPLES / "mid_maturity.yaml"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"


def firm_files(folder: Path, firms: list[str], years: tuple[int, ...] = (2025, 2026)) -> list[str]:
    """One response per firm and year: the mid example, answers moved per firm."""
    source = yaml.safe_load(MID.read_text(encoding="utf-8"))
    out = []
    for k, firm in enumerate(firms):
        for year in years:
            data = yaml.safe_load(yaml.safe_dump(source))
            data["assessment"].update(firm=firm, date=f"{year}-03-0{1 + k % 9}")
            for item, answer in data["answers"].items():
                value = answer.get("value") if isinstance(answer, dict) else answer
                if item.startswith("ctx_") or not isinstance(value, int) or not 1 <= value <= 5:
                    continue
                moved = max(1, min(5, value + (k + year) % 3 - 1))
                data["answers"][item] = (
                    {**answer, "value": moved} if isinstance(answer, dict) else moved
                )
            path = folder / f"{k}-{year}.yaml"
            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            out.append(str(path))
    return out


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# -- the same behaviour on both backends ------------------------------------------------------


def test_every_store_command_prints_the_same_on_both_backends(tmp_path: Path, pg_server: Server):
    files = firm_files(tmp_path, [f"Firm {k}" for k in range(7)])
    lite, pg = str(tmp_path / "s.db"), pg_server.new_database()
    outputs = {}
    for db in (lite, pg):
        runs = [
            ok("history", "add", *files, "--db", db),
            ok("history", "list", "--db", db),
            ok("history", "list", "--db", db, "-f", "json"),
            ok("history", "show", "firm 3", "--db", db),
            ok("history", "show", "Firm 3", "--db", db, "-f", "json"),
            ok("benchmark", "Firm 3", "--db", db, "-f", "json"),
            ok("benchmark", "Firm 3", "--db", db),
            ok("history", "add", *files[:3], "--db", db),  # duplicates found the same way
        ]
        ok("history", "export", "--db", db, "-o", str(tmp_path / "e.csv"))
        runs.append((tmp_path / "e.csv").read_text(encoding="utf-8"))
        # when each store was written differs; everything else is the same byte for byte
        outputs[db] = [re.sub(STAMP, "<added>", run.replace(db, "<db>")) for run in runs]
    assert outputs[lite] == outputs[pg]
    assert "Stored 14 new assessments in <db>" in outputs[pg][0]
    assert outputs[pg][7].splitlines()[-1] == "Stored 0 new assessments in <db> (3 already stored)"


# -- roles -------------------------------------------------------------------------------------


def test_a_writer_adds_a_reader_sees_its_own_firm_only(tmp_path: Path, pg_server: Server):
    files = firm_files(tmp_path, ["Acme", "Beta GmbH"] + [f"Peer {k}" for k in range(9)])
    owner = pg_server.new_database()
    ok("history", "add", *files[:2], "--db", owner)  # the owner creates the store
    name = owner.rsplit("/", 1)[1]
    for role in ("consultant", "client", "viewer"):
        pg_server.add_role(role, f"{role}-pw")
    assert ok("db", "grant", "consultant", "--write", "--db", owner) == "consultant: write access\n"
    typo = invoke("db", "grant", "client", "--read-only", "--firm", "Acmee", "--db", owner)
    assert (typo.exit_code, typo.stderr) == (1, (
        "--firm 'Acmee': no stored firm of that name; did you mean 'Acme'? (a firm not stored "
        "yet: add it first)\n"
    ))  # fmt: skip
    granted = ok("db", "grant", "client", "--read-only", "--firm", "acme", "--db", owner)
    assert granted == "client: read access to 'Acme' and the peer-level counts\n"
    ok("db", "grant", "viewer", "--write", "--db", owner)  # then made read-only: a grant
    ok("db", "grant", "viewer", "--read-only", "--db", owner)  # replaces what it had
    with psycopg.connect(owner) as conn:
        kept = conn.execute(
            "SELECT has_table_privilege('viewer', 'benchmark_queries', 'INSERT'), "
            "has_table_privilege('viewer', 'assessments', 'INSERT')"
        ).fetchone()
    assert kept == (False, False)

    consultant = pg_server.url(name, user="consultant")
    assert ok("history", "add", *files[2:], "--db", consultant).endswith(
        f"Stored 20 new assessments in {consultant}\n"
    )
    client = pg_server.url(name, user="client")
    assert ok("history", "show", "Acme", "--db", client).startswith("History of Acme: 2025")
    hidden = invoke("history", "show", "Beta GmbH", "--db", client)
    assert hidden.exit_code == 1
    assert hidden.stderr == (
        f"{client}: no assessments of firm 'Beta GmbH' (amc history list, without --firm, shows the stored firms)\n"
    )
    # a reader has no peers to see: benchmark says why in one line; its report keeps its
    # trend and leaves the peers out (both failed on writing the query log)
    no_peers = (
        f"{client}: this role reads only its own firm's assessments (a read-only grant), so "
        "the store gives it no peers: a role with write access runs the peer benchmark (amc db "
        "grant ROLE --write), or give --peer-file"
    )
    alone = invoke("benchmark", "Acme", "--db", client)
    assert (alone.exit_code, alone.stderr) == (1, no_peers + "\n")
    pdf = tmp_path / "acme.pdf"
    made = invoke("report", files[1], "--db", client, "-o", str(pdf))
    assert made.exit_code == 0, made.stderr
    assert made.stderr == f"Acme: no peer statistics in the report. {no_peers}\n"
    record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    assert record.get("peers") is None
    assert [p["label"] for p in record["history"]] == ["2025", "2026"]
    listed = json.loads(ok("history", "list", "--db", client, "-f", "json"))
    assert {row["firm"] for row in listed} == {"Acme"}
    with psycopg.connect(client) as conn:  # straight SQL sees no other firm either
        rows = conn.execute("SELECT DISTINCT firm FROM assessments").fetchall()
        dims = conn.execute("SELECT COUNT(*) FROM dimension_scores").fetchone()[0]
        peers = conn.execute("SELECT dimension, firms FROM amc_peer_levels").fetchall()
    assert rows == [("Acme",)] and dims == 2 * 4
    assert sorted(peers) == sorted(
        (d, 11) for d in ("structure", "coordination", "learning", "daf")
    )
    for _ in range(4):  # psycopg's warning on dropping the failed pipeline came at times
        refused = invoke("history", "add", str(MID), "--db", client)
        assert refused.exit_code == 1
        assert refused.stderr.count("\n") == 1 and "permission denied" in refused.stderr
        assert "amc db grant ROLE --write" in refused.stderr

    viewer = pg_server.url(name, user="viewer")
    denied = invoke("history", "list", "--db", viewer)
    assert denied.exit_code == 1
    assert denied.stderr == (
        f"{viewer}: permission denied on the table 'assessments': this role's grants do not "
        "cover it (a read-only role may list, show and export; the store's owner grants more: "
        "amc db grant ROLE --write)\n"
    )
    with psycopg.connect(viewer) as conn:
        assert len(conn.execute("SELECT * FROM amc_peer_levels").fetchall()) == 4
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT firm FROM assessments")
    # a writer is no owner: refused, in one line; revoking the owner (PostgreSQL only warns
    # and keeps its rights) is an error too, where it said "no access"
    refused = invoke("db", "revoke", "client", "--db", consultant)
    assert (refused.exit_code, refused.stderr) == (1, (
        f"{consultant}: only the owner of the store's tables may do this (amc db grant and "
        "revoke run as the role that created them)\n"
    ))  # fmt: skip
    with psycopg.connect(owner) as conn:
        (owner_role,) = conn.execute("SELECT current_user").fetchone()
    itself = invoke("db", "revoke", owner_role, "--db", consultant)
    assert (itself.exit_code, itself.stderr) == (
        1, f"{owner_role} still has access to the store: it owns the store's tables\n"
    )  # fmt: skip
    shown = ok("db", "revoke", "client", "--show-sql")
    assert shown.splitlines()[0].startswith("REVOKE ALL ON assessments, dimension_scores")
    assert ok("db", "revoke", "client", "--db", owner) == "client: no access\n"
    gone = invoke("history", "list", "--db", client)
    assert gone.exit_code == 1 and "permission denied" in gone.stderr


def test_roles_are_refused_for_an_sqlite_store(tmp_path: Path):
    ok("history", "add", str(MID), "--db", str(tmp_path / "s.db"))
    result = invoke("db", "grant", "x", "--write", "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1
    assert "roles are for a PostgreSQL store" in result.stderr


# -- copying between stores --------------------------------------------------------------------


def test_copy_sqlite_to_postgresql_and_back_is_equal_and_idempotent(
    tmp_path: Path, pg_server: Server
):
    files = firm_files(tmp_path, ["Acme", "Beta GmbH", "Gamma"])
    a, shared, b = str(tmp_path / "a.db"), pg_server.new_database(), str(tmp_path / "b.db")
    ok("history", "add", *files, "--db", a)
    first = ok("history", "copy", "--from", a, "--to", shared)
    assert first == f"Copied from {a} to {shared}: 6 added, 0 already present, 0 conflicting\n"
    again = ok("history", "copy", "--from", a, "--to", shared)
    assert again.endswith(": 0 added, 6 already present, 0 conflicting\n")
    ok("history", "copy", "--from", shared, "--to", b)
    with Store.open(a) as left, Store.open(b) as right:
        pd.testing.assert_frame_equal(left.export_frame(), right.export_frame())
        assert left.definitions() == right.definitions()
    # a copy of an assessment whose scores differ in the target is reported, not copied
    with Store.open(shared) as store:
        store.conn.execute("UPDATE assessments SET overall_score = 1.0 WHERE firm = 'Gamma'")
    clash = ok("history", "copy", "--from", a, "--to", shared)
    assert clash.splitlines()[0].startswith("conflicting: Gamma, 2025, Dana Whitfield (from ")
    assert clash.endswith(": 0 added, 4 already present, 2 conflicting\n")
    assert stored(shared) == 6
    same = invoke("history", "copy", "--from", a, "--to", a)
    assert same.exit_code == 1 and same.stderr == f"--to: {a} is the store copied from (--from)\n"


# -- connections that fail ---------------------------------------------------------------------


def test_connection_failures_are_one_line_without_the_password(
    tmp_path: Path, pg_server: Server, monkeypatch: pytest.MonkeyPatch
):
    pg_server.add_role("dana", "right-pw")
    db = pg_server.new_database()
    ok("history", "add", str(MID), "--db", db)
    name = db.rsplit("/", 1)[1]
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nobody listens here once the socket is closed
    refused_url = f"postgresql://dana@127.0.0.1:{closed}/{name}"
    cases = {
        refused_url: "cannot connect: no PostgreSQL server answers there (connection refused)",
        pg_server.url("nosuchdb", user="dana"): (
            "there is no database 'nosuchdb' on the server (create it first)"
        ),
    }
    for url, why in cases.items():
        result = invoke("history", "list", "--db", url)
        assert (result.exit_code, result.stderr) == (1, f"{url}: {why}\n")
    # the reading commands do not create a store in an empty database
    empty = pg_server.new_database()
    nothing = invoke("history", "list", "--db", empty)
    assert nothing.stderr == (
        f"{empty}: no assessment store in this database yet (add some with amc history add)\n"
    )
    monkeypatch.setenv("PGPASSWORD", "wrong-pw-123")  # libpq prefers it to .pgpass
    wrong = invoke("history", "list", "--db", pg_server.url(name, user="dana"))
    assert wrong.exit_code == 1
    assert wrong.stderr == (
        f"{pg_server.url(name, user='dana')}: the server refused the password for user 'dana' "
        "(it comes from PGPASSWORD, ~/.pgpass or a service file)\n"
    )
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", "/dev/null")  # no password anywhere
    none = invoke("history", "list", "--db", pg_server.url(name, user="dana"))
    assert (none.exit_code, none.stderr) == (1, (
        f"{pg_server.url(name, user='dana')}: the server asks for a password and none was "
        "found: set PGPASSWORD, or add a line for this server to ~/.pgpass (or a service file)\n"
    ))  # fmt: skip
    in_url = invoke(
        "history", "list", "--db", f"postgresql://dana:right-pw@127.0.0.1:{pg_server.port}/{name}"
    )
    assert in_url.exit_code == 1
    assert "right-pw" not in in_url.stderr + in_url.stdout
    assert in_url.stderr.startswith("--db: the URL holds a password; leave it out")
    for result in (wrong, in_url):
        assert "Traceback" not in result.stderr and "Error:" not in result.stderr


@pytest.mark.slow
def test_the_postgresql_driver_loads_only_for_a_postgresql_url(tmp_path: Path):
    ok("history", "add", str(MID), "--db", str(tmp_path / "s.db"))
    code = (
        "import sys; from amc_assess.cli import main\n"
        f"sys.argv = ['amc', 'history', 'list', '--db', {str(tmp_path / 's.db')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('psycopg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ}, check=True)  # fmt: skip
    assert out.stdout.splitlines()[-1] == "False"


def test_the_peer_level_view_counts_a_firm_s_own_side_as_its_reports_do(
    tmp_path: Path, pg_server: Server
):
    """A partner-side respondent (here far below the firm's own) is the partner's view: the
    view's counts do not move when one is added, as no report or benchmark figure does."""
    files = firm_files(tmp_path, [f"Peer {k}" for k in range(11)], years=(2026,))
    owner = pg_server.new_database()
    ok("history", "add", *files, "--db", owner)
    name = owner.rsplit("/", 1)[1]
    pg_server.add_role("watcher", "watcher-pw")
    ok("db", "grant", "watcher", "--read-only", "--db", owner)
    watcher = pg_server.url(name, user="watcher")

    def levels() -> list[tuple]:
        with psycopg.connect(watcher) as conn:
            return sorted(conn.execute("SELECT * FROM amc_peer_levels").fetchall())

    before = levels()
    assert len(before) == 4 and all(row[1] == 11 for row in before)
    low = yaml.safe_load((REPO / "examples" / "low_maturity.yaml").read_text(encoding="utf-8"))
    low["assessment"].update(firm="Peer 4", date="2026-05-01")
    low["respondent"] = {"name": "Their Manager", "side": "partner"}
    partner = tmp_path / "partner.yaml"
    partner.write_text(yaml.safe_dump(low, sort_keys=False), encoding="utf-8")
    ok("history", "add", str(partner), "--db", owner)
    assert levels() == before


def test_an_old_store_opened_by_a_writer_says_the_owner_must_upgrade_it(
    tmp_path: Path, pg_server: Server
):
    """A store of schema 4 (before the query log), opened by a role that does not own it:
    the upgrade would fail on 'permission denied'; one line says who must run it."""
    owner = pg_server.new_database()
    ok("history", "add", str(MID), "--db", owner)
    name = owner.rsplit("/", 1)[1]
    pg_server.add_role("upgrader", "upgrader-pw")
    ok("db", "grant", "upgrader", "--write", "--db", owner)
    with psycopg.connect(owner) as conn:  # back to schema 4, as an earlier version left it
        conn.execute("DROP TABLE benchmark_queries")
        conn.execute("DELETE FROM schema_version WHERE version = 5")
        (me,) = conn.execute("SELECT current_user").fetchone()
    writer = pg_server.url(name, user="upgrader")
    refused = invoke("history", "list", "--db", writer)
    assert (refused.exit_code, refused.stderr) == (1, (
        f"{writer}: the store has schema 4 and this amc-assess needs 5, an upgrade that only the "
        f"owner of its tables ({me}) may make: have {me} run any amc command on it once (e.g. "
        "amc history list --db URL), then amc db grant each role again\n"
    ))  # fmt: skip
    ok("history", "list", "--db", owner)  # the owner upgrades it
    ok("db", "grant", "upgrader", "--write", "--db", owner)
    assert "Lumora" in ok("history", "list", "--db", writer)
    with psycopg.connect(owner) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone() == (5,)
