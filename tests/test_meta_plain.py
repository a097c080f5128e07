"""Metadata names skip the strip and the control-character search only where no cell could
change: the fast decision on Arrow's buffers must agree with the search it skips."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from amc_assess.ingest import meta
from amc_assess.ingest.arrowio import plain_ascii

PIECES = [
    "Acme",
    "R0001",
    " ",
    "\t",
    "é",
    "\x1b[31m",
    "#N/A",
    "#REF!",
    "a b",
    "\u2028",
    "~",
    "",
    "a  b",
]


def _texts(rng: np.random.Generator, n: int) -> list[str | None]:
    out: list[str | None] = []
    for _ in range(n):
        if rng.random() < 0.1:
            out.append(None)
        else:
            out.append("".join(rng.choice(PIECES, size=int(rng.integers(1, 4)))))
    return out


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("name", ["firm", "respondent", "side"])
def test_fast_names_match_the_full_search(seed: int, name: str, monkeypatch) -> None:
    rng = np.random.default_rng(seed)
    texts = _texts(rng, int(rng.integers(1, 30)))
    if seed % 3 == 0:  # plain ASCII only, so the fast path is taken
        texts = [t if t is None else t.replace("é", "e").strip(" \t\x1b\u2028") or None
                 for t in texts]  # fmt: skip
    raw = pd.Series(texts, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    fast = meta.decode_meta(raw, name)
    monkeypatch.setattr(meta, "_plain_ascii", lambda text: False)
    full = meta.decode_meta(raw, name)
    pd.testing.assert_series_equal(fast[0], full[0])
    assert fast[1].tolist() == full[1].tolist()
    assert fast[2] == full[2]


def test_plain_ascii_reads_the_cells_of_a_slice_only() -> None:
    whole = pa.array([" lead", "ok", "fine", "tail\x1b"])
    assert not plain_ascii(whole)
    assert plain_ascii(whole.slice(1, 2))  # its own cells, not the buffer's
    assert plain_ascii(pa.array(["ok", None, "fine"], type=pa.large_string()))
    assert not plain_ascii(pa.array(["trail "], type=pa.large_string()))
    assert not plain_ascii(pa.array(["caf\u00e9"]))  # not ASCII: stripped and searched
    assert plain_ascii(pa.array([], type=pa.string()))
    assert not plain_ascii(pa.array(["Acme  Pharma"]))  # two spaces are made one: not plain
    assert plain_ascii(pa.array(["Acme", "Pharma"]))  # one cell's end beside the next's start


@pytest.mark.parametrize("seed", range(60))
def test_the_compiled_plain_test_equals_numpys(seed: int, monkeypatch) -> None:
    from amc_assess.ingest import arrowio

    if arrowio._library() is None:
        pytest.fail("no C compiler here: the compiled test cannot be checked")
    rng = np.random.default_rng(seed)
    kind = pa.large_string() if seed % 2 else pa.string()
    whole = pa.array(_texts(rng, int(rng.integers(1, 40))), type=kind)
    start = int(rng.integers(0, len(whole)))
    for values in (whole, whole.slice(start, int(rng.integers(0, len(whole) - start + 1)))):
        compiled = plain_ascii(values)
        monkeypatch.setattr(arrowio, "_library", lambda: None)
        assert plain_ascii(values) == compiled
        monkeypatch.undo()
