"""Kill anywhere (issue 17, items 8 and 9): SIGKILL leaves no half-written file under its
final name, and ``report --batch`` workers do not outlive their parent."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for processes"),
]

MID = REPO / "examples" / "mid_maturity.yaml"
AMC = [sys.executable, "-m", "amc_assess"]


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            out.add(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_report_batch_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    files = []
    for k in range(16):
        data = yaml.safe_load(MID.read_text(encoding="utf-8"))
        data["assessment"]["firm"] = f"Firm {k}"
        path = tmp_path / f"f{k}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        files.append(str(path))
    out = tmp_path / "reports"
    parent = subprocess.Popen(
        [*AMC, "report", "--batch", *files, "--out-dir", str(out), "-j", "2", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            workers = children(parent.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the workers never started"
        while time.monotonic() < deadline and not list(out.glob("*.pdf")):
            time.sleep(0.05)  # kill mid-batch: once a first report is out
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        gone_by = time.monotonic() + 5
        while time.monotonic() < gone_by and any(alive(w) for w in workers):
            time.sleep(0.1)
        assert not [w for w in workers if alive(w)], "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        for worker in workers:  # a regression must not leave orphans behind
            if alive(worker):
                os.kill(worker, signal.SIGKILL)
    done = sorted(p.stem for p in out.glob("*.pdf"))
    assert len(done) < len(files)  # the kill came mid-batch
    for pdf in out.glob("*.pdf"):  # every final-named report is whole
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    for record in out.glob("*.json"):
        yaml.safe_load(record.read_text(encoding="utf-8"))


ROWS = 200_000
KILLS = 10


def _big_export(path: Path) -> None:
    """200k respondents of 500 firms answering as the mid-maturity example; every 97th gives
    an out-of-range answer, so an errors file is written too."""
    data = yaml.safe_load(MID.read_text(encoding="utf-8"))
    answers = {k: v.get("value") if isinstance(v, dict) else v for k, v in data["answers"].items()}
    answers = {k: v for k, v in answers.items() if isinstance(v, int | float | str)}
    ids = list(answers)
    bad = ids.index("str_strategy_link")
    good = ",".join(str(answers[i]) for i in ids)
    wrong = ",".join("9" if k == bad else str(answers[i]) for k, i in enumerate(ids))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(",".join(["firm", "respondent", "date", *ids]) + "\n")
        handle.writelines(
            f"Firm {k % 500},R{k},2026-03-03,{wrong if k % 97 == 0 else good}\n"
            for k in range(ROWS)
        )


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if not p.name.startswith(".")
    }


def test_batch_killed_at_random_points_leaves_no_partial_output(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    _big_export(source)
    args = [*AMC, "batch", str(source), "--out", "o.csv", "--allow-errors", "--no-progress"]
    whole = tmp_path / "whole"
    whole.mkdir()
    started = time.monotonic()
    subprocess.run(args, cwd=whole, check=True, capture_output=True)
    took = time.monotonic() - started
    expected = _digests(whole)
    assert set(expected) == {"o.csv", "o.errors.csv"}
    points = sorted(random.Random(17).uniform(0.3, took) for _ in range(KILLS))
    for k, point in enumerate(points):
        folder = tmp_path / f"kill{k}"
        folder.mkdir()
        child = subprocess.Popen(args, cwd=folder, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(point)
        child.send_signal(signal.SIGKILL)
        child.wait()
        left = _digests(folder)
        for name, digest in left.items():  # a final name holds the whole file or nothing
            assert expected.get(name) == digest, f"kill at {point:.1f} s left {name} partial"
        hidden = [p.name for p in folder.iterdir() if p.name.startswith(".")]
        assert all(h.endswith(".tmp") for h in hidden), hidden
        shutil.rmtree(folder)


def test_the_worker_side_ends_itself_once_its_parent_has_gone(tmp_path: Path) -> None:
    """The watching thread alone (as on systems without prctl): a child of a process that
    exits ends within a second."""
    code = (
        "import os, sys, time\n"
        "from amc_assess.processes import die_with_parent\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        '    sys.platform = "other"  # no prctl: only the thread\n'
        "    die_with_parent(os.getppid())\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "time.sleep(0.5)\n"
        "os._exit(0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    worker = int(done.stdout.split()[0])
    gone_by = time.monotonic() + 3
    while time.monotonic() < gone_by and alive(worker):
        time.sleep(0.1)
    assert not alive(worker)
    assert os.getpid() != worker
