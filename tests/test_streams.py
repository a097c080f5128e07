"""Outputs sent to a stream (a named pipe, /dev/null, /dev/stdout) are written into, never
replaced: an atomic rename over /dev/null, as root, would put a regular file in its place."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from pypdf import PdfReader

from amc_assess.atomic import is_stream, write_bytes
from conftest import REPO, invoke


def drained(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A reader thread that collects everything written to ``fifo``."""
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, got


def test_a_named_pipe_is_written_into_and_stays_a_pipe(tmp_path):
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    reader, got = drained(fifo)
    write_bytes(fifo, b"x" * 200_000)  # more than a pipe's buffer
    reader.join(10)
    assert got == [b"x" * 200_000]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pipe"]  # no temporary file


def test_which_paths_are_streams(tmp_path):
    os.mkfifo(tmp_path / "p")
    (tmp_path / "f").write_text("")
    (tmp_path / "link").symlink_to(tmp_path / "p")  # through a link: replaced, as any link
    assert [is_stream(tmp_path / n) for n in ("p", "f", "link", "missing")] == [
        True, False, False, False,
    ]  # fmt: skip
    assert is_stream("/dev/null") and is_stream("/dev/stdout") and is_stream("/proc/self/fd/1")
    assert not is_stream("/dev/shm/report.pdf") and not is_stream("/dev/fd/x")


def test_a_report_sent_to_a_pipe_keeps_the_pipe_and_writes_no_record_beside_it(tmp_path):
    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    reader, got = drained(fifo)
    result = invoke("report", REPO / "examples" / "mid_maturity.yaml", "-o", fifo)
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("pages)")  # no "and ....json"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(got[0])
    assert "Lumora Medical" in PdfReader(pdf).pages[0].extract_text()
