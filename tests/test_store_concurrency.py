"""Two real processes writing to the same store at the same time: nothing is lost."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from amc_assess.store import Store
from amc_assess.store.schema import SCHEMA_VERSION
from conftest import stored

pytestmark = pytest.mark.slow

DIMENSIONS = ("structure", "coordination", "learning", "daf")

WRITER = """
import sys, time
from amc_assess.store import Store
from amc_assess.scored.respondent import DimScore, ScoredRespondent, Source

db, tag, start, count = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
while time.time() < start:
    time.sleep(0.001)
for k in range(count):
    record = ScoredRespondent(
        firm=f"{tag} firm {k}", year=2026, date=None, versions=("amc", "1.0.0", "amc", "1.0.0"),
        dimensions={d: DimScore(3.0, 3, "ok", 1.0, 4) for d in ("structure", "daf")},
        overall_score=3.0, overall_level=3, overall_status="ok", percent_to_target=0.9,
        source=Source("t.csv", "table", f"{tag} {k}"),
    )
    with Store.open(db) as store:  # a new connection per write: opening races too
        result = store.add([record])
    assert len(result.added) == 1, result
print("done", tag)
"""


def run_together(commands: list[list[str]], cwd: Path) -> list[subprocess.CompletedProcess]:
    procs = [
        subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for cmd in commands
    ]
    results = []
    for proc, cmd in zip(procs, commands, strict=True):
        out, err = proc.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(cmd, proc.returncode, out, err))
    return results


@pytest.mark.parametrize("writers, each", [(2, 60), (8, 100)])
def test_processes_creating_and_writing_one_new_store_at_once(
    tmp_path: Path, db: str, writers: int, each: int
):
    start = time.time() + 2.0  # all start writing at the same moment
    tags = [chr(ord("A") + k) for k in range(writers)]
    commands = [[sys.executable, "-c", WRITER, db, tag, str(start), str(each)] for tag in tags]
    results = run_together(commands, tmp_path)
    for result in results:
        assert result.returncode == 0, result.stderr
    assert sorted(r.stdout for r in results) == [f"done {t}\n" for t in tags]
    with Store.open(db) as store:
        count = store.conn.execute
        assert count("SELECT COUNT(*) FROM assessments").fetchone()[0] == writers * each
        assert count("SELECT COUNT(DISTINCT firm) FROM assessments").fetchone()[0] == writers * each
        assert count("SELECT COUNT(*) FROM dimension_scores").fetchone()[0] == 2 * writers * each
        versions = count("SELECT COUNT(*) FROM schema_version").fetchone()[0]
        assert versions == SCHEMA_VERSION  # migrated exactly once


def table(path: Path, prefix: str, rows: int) -> Path:
    frame = pd.DataFrame(
        {
            "firm": [f"{prefix} {k:04d}" for k in range(rows)],
            "year": 2026,
            **{f"{d}_score": [1.0 + (k % 40) / 10 for k in range(rows)] for d in DIMENSIONS},
            "overall_score": [1.0 + (k % 40) / 10 for k in range(rows)],  # as the four are
        }
    )
    frame.to_parquet(path, index=False)
    return path


def test_two_amc_history_add_processes_at_once_both_succeed(tmp_path: Path, db: str):
    a = table(tmp_path / "a.parquet", "Alpha", 3000)
    b = table(tmp_path / "b.parquet", "Beta", 3000)
    commands = [
        [sys.executable, "-m", "amc_assess", "history", "add", str(p), "--db", db] for p in (a, b)
    ]
    results = run_together(commands, tmp_path)
    for result in results:
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1] == f"Stored 3,000 new assessments in {db}"
    assert stored(db) == 6000


def test_the_same_file_added_by_two_processes_at_once_is_stored_once(tmp_path: Path, db: str):
    a = table(tmp_path / "a.parquet", "Alpha", 2000)
    commands = [
        [sys.executable, "-m", "amc_assess", "history", "add", str(a), "--db", db] for _ in range(2)
    ]
    results = run_together(commands, tmp_path)
    assert [r.returncode for r in results] == [0, 0]
    lasts = sorted(r.stdout.splitlines()[-1] for r in results)
    assert lasts == [
        f"Stored 0 new assessments in {db} (2000 already stored)",
        f"Stored 2,000 new assessments in {db}",
    ]
    assert stored(db) == 2000
