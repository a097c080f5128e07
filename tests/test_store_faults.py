"""A damaged, tampered, read-only or full store: one line, exit 1, and nothing half-written."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import REPO, invoke, stored

EXAMPLES = REPO / "examples"
MID, LOW, HIGH = (EXAMPLES / f"{m}_maturity.yaml" for m in ("mid", "low", "high"))


@contextmanager
def mounted(args: list[str], target: Path) -> Iterator[Path]:
    """``mount ARGS TARGET`` inside the block (skips where mounting is not allowed)."""
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    mounts = Path("/proc/self/mounts").read_text(encoding="utf-8")
    if done.returncode != 0 or f" {target} " not in mounts:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A store with two assessments, seen through a read-only bind mount of its folder."""
    folder = tmp_path / "rw"
    folder.mkdir()
    assert invoke("history", "add", str(MID), str(LOW), "--db", str(folder / "h.db")).exit_code == 0
    with mounted(["--bind", "-o", "ro", str(folder)], tmp_path / "ro") as ro:
        yield ro


def test_a_store_in_a_read_only_folder_can_be_read(read_only_copy: Path):
    db = str(read_only_copy / "h.db")
    listed = invoke("history", "list", "--db", db)
    assert listed.exit_code == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 3  # header and two firm-years
    shown = invoke("history", "show", "Lumora Medical Inc. (fictional)", "--db", db)
    assert shown.exit_code == 0, shown.stderr
    added = invoke("history", "add", str(HIGH), "--db", db)
    assert added.exit_code == 1
    assert added.stderr.startswith(f"{db}: ") and added.stderr.count("\n") == 1
    assert "read-only" in added.stderr and "Error:" not in added.stderr


def test_a_full_disk_mid_add_rolls_back_cleanly(tmp_path: Path):
    with mounted(["-t", "tmpfs", "-o", "size=700k", "tmpfs"], tmp_path / "small") as disk:
        db = str(disk / "h.db")
        assert invoke("history", "add", str(MID), "--db", db).exit_code == 0
        before = stored(db)
        padding = disk / "padding"
        fd = os.open(padding, os.O_WRONLY | os.O_CREAT)  # fill what is left of the small disk
        try:
            for _ in range(1024):  # never more than 4 MiB, whatever the disk
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        assert padding.stat().st_size < 1024 * 4096  # the disk did fill up
        big = tmp_path / "big.csv"
        big.write_text(
            "firm,year,structure_score,coordination_score,learning_score,daf_score,overall_score\n"
            + "".join(f"Firm {k},2026,3,3,3,3,3\n" for k in range(3000)),
            encoding="utf-8",
        )
        result = invoke("history", "add", str(big), "--db", db)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "the disk is full" in result.stderr
        assert "cannot rollback" not in result.stderr and "Error:" not in result.stderr
        padding.unlink()
        assert stored(db) == before  # all or nothing
        assert invoke("history", "check", "--db", db).exit_code == 0


def overwrite_page(db: Path, name: str, data: bytes) -> None:
    """Write ``data`` over the first page of table or index ``name`` (a damaged file)."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,))
        (number,) = root.fetchone()
    with open(db, "r+b") as f:
        f.seek((number - 1) * page)
        f.write(data)


def test_check_finds_tampered_values_and_history_add_refuses_a_damaged_file(tmp_path: Path):
    db = tmp_path / "h.db"
    assert invoke("history", "add", str(MID), str(LOW), "--db", str(db)).exit_code == 0
    ok = invoke("history", "check", "--db", str(db))
    assert ok.stdout == f"{db}: no problems found (2 assessments checked)\n"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE assessments SET year = -5 WHERE id = 1")
        conn.execute("UPDATE dimension_scores SET answered_share = 7 WHERE assessment_id = 2")
    tampered = invoke("history", "check", "--db", str(db))
    assert tampered.exit_code == 1
    assert tampered.stderr.splitlines() == [
        f"{db}: assessment 1: year outside 1900-2999 (-5)",
        *[f"{db}: assessment 2: answered share outside 0-1 (7.0)"] * 4,
    ]
    # a damaged page: the file is refused for writing, and check says what is wrong
    damaged = tmp_path / "d.db"
    shutil.copy(db, damaged)
    overwrite_page(damaged, "assessments", b"\xff" * 64)
    added = invoke("history", "add", str(HIGH), "--db", str(damaged))
    assert added.exit_code == 1
    assert added.stderr.startswith(f"{damaged}: ") and "damaged" in added.stderr
    assert added.stderr.count("\n") == 1 and "Stored" not in added.stdout
    check = invoke("history", "check", "--db", str(damaged))
    assert check.exit_code == 1 and check.stderr.startswith(f"{damaged}: damaged: ")
    # its last line says what to do, and the command it gives runs: here the assessments'
    # table is what is damaged, so the copy is one line saying so, and nothing is written
    hint = check.stderr.splitlines()[-1]
    assert hint.startswith(f"{damaged}: what to do: ") and "restore it from a backup" in hint
    command = shlex.split(hint.split(" with amc ")[1].split(" (then ")[0])
    saved = tmp_path / "d-recovered.db"
    assert command == ["history", "copy", "--from", str(damaged), "--to", str(saved)]
    copied = invoke(*command)
    assert copied.exit_code == 1 and copied.stderr.count("\n") == 1, copied.stderr
    assert "Traceback" not in copied.output


def test_check_of_a_store_damaged_past_its_tables_gives_a_copy_that_saves_them(tmp_path):
    """A damaged page after the stored rows: check says so and how to save them; the copy it
    names holds every assessment, and is sound."""
    db = tmp_path / "my store.db"
    assert invoke("history", "add", str(MID), str(LOW), str(HIGH), "--db", str(db)).exit_code == 0
    overwrite_page(db, "assessments_year", b"A" * 600)  # an index, not the rows themselves
    check = invoke("history", "check", "--db", str(db))
    assert check.exit_code == 1
    hint = check.stderr.splitlines()[-1]
    command = shlex.split(hint.split(" with amc ")[1].split(" (then ")[0])
    assert command[-1] == str(tmp_path / "my store-recovered.db")
    assert invoke(*command).exit_code == 0
    again = invoke("history", "check", "--db", command[-1])
    assert again.stdout == f"{command[-1]}: no problems found (3 assessments checked)\n"


def test_a_missing_table_is_one_line_naming_the_check(tmp_path: Path):
    db = tmp_path / "h.db"
    assert invoke("history", "add", str(MID), "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE dimension_scores")
    for args in (["history", "list"], ["history", "add", str(LOW)], ["benchmark", "X"]):
        result = invoke(*args, "--db", str(db))
        assert result.exit_code == 1
        assert result.stderr == (
            f"{db}: the database is damaged: it has no table dimension_scores; run amc history "
            "check\n"
        )
    check = invoke("history", "check", "--db", str(db))
    assert check.stderr == f"{db}: table dimension_scores is missing\n"


def test_a_mistyped_scheme_is_refused_and_creates_no_folder(tmp_path, monkeypatch):
    """postgresq:// (a typo) or mysql:// once made folders named after the URL and stored the
    assessment there, with exit 0; a PostgreSQL URL in capitals or with a driver is one."""
    from amc_assess.store.backend import locate

    monkeypatch.chdir(tmp_path)
    example = str(REPO / "examples" / "mid_maturity.yaml")
    for url in ("postgresq://dana@127.0.0.1/amc", "mysql://dana@db/amc"):
        done = invoke("history", "add", example, "--db", url)
        assert done.exit_code == 1
        scheme = url.split("://")[0]
        assert done.stderr == (
            f"--db: {scheme}:// is not a store amc can open: give a PostgreSQL URL "
            "(postgresql://user@host/database) or the path of a SQLite file\n"
        )
    assert list(tmp_path.iterdir()) == []
    for url in ("PostgreSQL://dana@db/amc", "postgresql+psycopg://dana@db/amc",
                "host=db dbname=amc user=dana"):  # fmt: skip
        where = locate(url)
        assert (where.kind, where.shown) == ("postgresql", "postgresql://dana@db/amc"), url
    assert locate("stores/amc.db").kind == "sqlite"
