"""The compiled line scan (``kernels.c: line_scan``) against numpy and the byte searches it
replaces, on random bytes: line ends across its 32-byte steps, a \\r at a step's last byte or
at the end of the file, and the first quote."""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np
import pytest

from amc_assess import native
from amc_assess.ingest import ragged, readers

LIB = native.library()
pytestmark = pytest.mark.skipif(LIB is None, reason="no C compiler: the numpy path is used")


def _reference(data: bytes) -> tuple[list[int], int, bool, int]:
    array = np.frombuffer(data, np.uint8)
    lone = any(
        data[i] == 13 and (i + 1 == len(data) or data[i + 1] != 10) for i in range(len(data))
    )
    return np.flatnonzero(array == 10).tolist(), data.count(b"\r"), lone, data.find(b'"')


@pytest.mark.parametrize("seed", range(60))
def test_line_scan_finds_what_numpy_finds(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 300))
    alphabet = np.frombuffer(b'ab,;\n\r"\n\r\n', np.uint8)
    weights = rng.dirichlet(np.ones(len(alphabet)))
    data = alphabet[rng.choice(len(alphabet), size=n, p=weights)].tobytes()
    if seed % 5 == 0:  # CRLF only: no lone \r, as most exports are
        data = data.replace(b"\r", b"").replace(b"\n", b"\r\n")
    ends, returns, lone, quote = native.line_scan(LIB, np.frombuffer(data, np.uint8).copy())
    assert (ends.tolist(), returns, lone, quote) == _reference(data)


@pytest.mark.parametrize("where", [31, 32, 63, 64, 95])
def test_a_carriage_return_at_the_edge_of_a_step(where: int) -> None:
    for after in (b"\n", b"x", b""):
        data = b"a" * where + b"\r" + after + b"b" * 40
        got = native.line_scan(LIB, np.frombuffer(data, np.uint8).copy())
        assert got[1:3] == (1, after != b"\n")
    data = b"a" * where + b"\r"  # the last byte of the file
    assert native.line_scan(LIB, np.frombuffer(data, np.uint8).copy())[2] is True


def test_line_breaks_gives_the_facts_short_rows_would_search_for(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    for body in (b"a,b\r\n1,2\r\n", b'a,b\n"1",2\n', b"a,b\r1,2\r\n", b""):
        path.write_bytes(body)
        most, ends, facts = readers.line_breaks(path)
        assert facts is not None
        if body:
            with (
                path.open("rb") as handle,
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm,
            ):
                assert facts == ragged.LineFacts(mm.find(b'"') >= 0, ragged._lone_cr(mm))
                assert ends.tolist() == ragged.newline_offsets(mm).tolist()
        assert most == body.count(b"\n") + body.count(b"\r") + 1
