"""The compiled coding of Arrow text (``kernels.c: text_codes``) against Arrow's own hashing:
the same codes and the same distinct texts in order of first appearance, over chunks,
slices, nulls, empty texts, 64-bit offsets and texts longer than a hash word."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from amc_assess import native
from amc_assess.ingest.arrowio import all_distinct, compiled_codes

pytestmark = pytest.mark.skipif(native.library() is None, reason="no C compiler")
WORDS = ["yes", "no", "", "Strongly agree", "Agree", "two_levels_no_top", "é", "ü" * 9,
         "a" * 17, "a" * 16, "R0000001"]  # fmt: skip


def _arrow(chunked: pa.ChunkedArray) -> tuple[list[int], list[object]]:
    encoded = pa.table({"x": pc.dictionary_encode(chunked)}).unify_dictionaries().column(0)
    codes: list[int] = []
    for chunk in encoded.chunks:
        codes += [-1 if v is None else v for v in chunk.indices.to_pylist()]
    uniques = encoded.chunk(0).dictionary.to_pylist() if encoded.num_chunks else []
    return codes, uniques


@pytest.mark.parametrize("seed", range(40))
def test_compiled_codes_match_arrow(seed: int) -> None:
    rng = np.random.default_rng(seed)
    kind = pa.large_string() if seed % 4 == 0 else pa.string()
    chunks = []
    for _ in range(int(rng.integers(1, 4))):
        n = int(rng.integers(0, 60))
        cells = [None if rng.random() < 0.15 else str(rng.choice(WORDS)) for _ in range(n)]
        array = pa.array(cells, type=kind)
        if n > 4 and seed % 3 == 0:
            array = array.slice(2, n - 3)  # an offset into the buffers
        chunks.append(array)
    chunked = pa.chunked_array(chunks, type=kind)
    found = compiled_codes(chunked)
    assert found is not None
    codes, uniques = found
    assert (codes.tolist(), uniques) == _arrow(chunked)


def test_past_the_limit_or_not_text_it_leaves_the_work_to_arrow() -> None:
    many = pa.chunked_array([pa.array([f"R{k:07d}" for k in range(100)])])
    assert compiled_codes(many, most=50) is None
    assert compiled_codes(many, most=100) is not None
    assert compiled_codes(pa.chunked_array([pa.array([1, 2, 3])])) is None


@pytest.mark.parametrize("seed", range(40))
def test_all_distinct_says_true_only_of_distinct_texts(seed: int) -> None:
    """``texts_distinct`` against a set of the texts: over chunks, slices, nulls (left out),
    empty texts, texts of 1 to 40 bytes that differ only in one byte, and a repeat placed
    anywhere; a True is always right, and with 64-bit hashes a False is too."""
    rng = np.random.default_rng(seed)
    kind = pa.large_string() if seed % 2 else pa.string()
    stem = "x" * int(rng.integers(0, 40))
    cells: list[str | None] = [None if rng.random() < 0.1 else f"{stem}{k}" for k in range(300)]
    if seed % 3:  # a repeat of a given text, somewhere after it
        given = [k for k, c in enumerate(cells) if c is not None]
        a = int(rng.choice(given[:-1]))
        cells.insert(int(rng.integers(a + 1, len(cells) + 1)), cells[a])
    if seed % 5 == 0:
        cells.append("")
    cut = int(rng.integers(1, len(cells)))
    chunks = [pa.array(cells[:cut], type=kind), pa.array(cells[cut:], type=kind)]
    if seed % 4 == 0:
        chunks = [pa.array([*cells, "tail"], type=kind).slice(0, len(cells))]  # an offset
    series = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=kind)))
    texts = [c for c in cells if c is not None]
    assert all_distinct(series.array) == (len(set(texts)) == len(texts))


def test_all_distinct_cannot_tell_of_other_than_text() -> None:
    assert not all_distinct(pd.array([1, 2, 3], dtype="Int64"))
