"""Ctrl-C and SIGTERM stop a command with exit code 130 and one line, and leave nothing:
no half-written output, no temporary file beside it, no XlsxWriter rows in the temp folder
(SIGTERM's default action ended the process at once and left both)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINI


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_an_xlsx_is_written_leaves_nothing(tmp_path: Path, signum: int):
    rows = ["firm,respondent,a_agree1,a_yes"]
    rows += [f"Firm {i % 97},R{i},{1 + i % 5},{'yes' if i % 2 else 'no'}" for i in range(60_000)]
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    args = ["-q", str(MINI / "questionnaire.yaml"), "-r", str(MINI / "rubric.yaml")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "amc_assess", "batch", *args, "r.csv", "-o", "out.xlsx"],
        cwd=tmp_path, env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(temp.glob("amc-xlsx-*")) and proc.poll() is None:  # the sheet is written
        assert time.monotonic() < deadline, "the workbook was never begun"
        time.sleep(0.02)
    time.sleep(0.3)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "Interrupted: nothing half-written is left"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "tmp"]
    assert list(temp.iterdir()) == []
