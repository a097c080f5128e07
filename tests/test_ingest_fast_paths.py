"""The ingest's fast paths give what the plain ones give: a large CSV read without ``nrows``
(its rows bounded by counting line breaks), item columns decoded on two threads, and
categorical columns factorized without hashing every row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hostile
from amc_assess import limits
from amc_assess.api import instrument
from amc_assess.batch import score_batch
from amc_assess.ingest import readers, values
from amc_assess.ingest.readers import line_breaks
from amc_assess.ingest.values import _factorize_categories
from amc_assess.progress import UNKNOWN


def _categorical(rng: np.random.Generator, kind: int, k: int, n: int) -> pd.Series:
    categories: object = {
        0: [f"c{j}" for j in range(k)],
        1: list(range(k)),
        2: [j + 0.5 for j in range(k)],
        3: pd.Index([f"s{j}" for j in range(k)], dtype="str"),
    }[kind]
    codes = rng.integers(-1, k, n)
    if n and rng.random() < 0.3:
        codes[: n // 2] = -1  # a column empty at the top
    if n > 10 and rng.random() < 0.3:
        codes[codes == 0] = -1
        codes[-1] = 0  # a category seen only in the last row
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories))


def test_categories_factorize_as_pandas_does():
    rng = np.random.default_rng(7)
    for trial in range(400):
        n = int(rng.integers(0, 300_000 if trial % 40 == 0 else 3000 if trial % 5 == 0 else 40))
        raw = _categorical(rng, trial % 4, int(rng.integers(1, values.FEW_CATEGORIES + 1)), n)
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        got_codes, got_uniques = _factorize_categories(raw)
        assert got_codes.dtype == codes.dtype
        assert np.array_equal(got_codes, codes)
        assert got_uniques == list(uniques)
        assert [type(u) for u in got_uniques] == [type(u) for u in uniques]


def test_line_breaks_bound_the_rows(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\r\n1,"x\ny"\n2,3\r4,5')
    most, ends, facts = line_breaks(path)
    assert most == 6  # one more than every \n and \r byte: at least the lines
    assert ends.tolist() == [4, 9, 12]  # the \n bytes, where a row cut short is looked up
    assert len(pd.read_csv(path)) + 1 <= most
    assert facts is None or (facts.quoted, facts.lone_cr) == (True, True)  # the \r before 4


@pytest.mark.parametrize("allowed", [None, 2])
def test_a_counted_csv_reads_as_before_and_keeps_its_row_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, allowed: int | None
):
    hostile.csv_wide(tmp_path / "w.csv", 6, rows=3)
    if allowed:
        monkeypatch.setenv("AMC_LIMITS", f"rows={allowed}")
    outcomes = []
    for threshold in (readers.CHUNK_MIN_BYTES, 0):  # as before, then counted (no nrows)
        monkeypatch.setattr(readers, "CHUNK_MIN_BYTES", threshold)
        try:
            outcomes.append(score_batch([tmp_path / "w.csv"]).table)
        except limits.LimitExceeded as exc:
            outcomes.append(str(exc))
    if allowed:
        assert isinstance(outcomes[0], str) and outcomes[0] == outcomes[1]
    else:
        pd.testing.assert_frame_equal(outcomes[0], outcomes[1], check_exact=True)


def _export(rows: int, seed: int = 3) -> pd.DataFrame:
    """Answers to the bundled instrument as an export holds them: codes, labels, numbers,
    non-answers, blanks and a few cells no item accepts."""
    q, _ = instrument()
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {"firm": [f"Firm {i % 7}" for i in range(rows)]}
    for item in q.items():
        if item.type == "agreement":
            pool = ["1", "2", "3", "4", "5", "Agree", "don't know", "n/a", "", "maybe", "-9"]
        elif item.type == "number":
            pool = ["0", "3", "12", "2,5", "lots", ""]
        elif item.type == "choice":
            pool = [*item.codes(), "DK", "", "other thing"]
        elif item.type == "yesno":
            pool = ["yes", "no", "Y", "0", "dk", "", "perhaps"]
        else:
            pool = ["see notes", ""]
        cells = np.array(pool, dtype=object)[rng.integers(0, len(pool), rows)]
        cols[item.id] = np.where(cells == "", None, cells)
    return pd.DataFrame(cols)


@pytest.mark.parametrize("name", ["responses.csv", "responses.parquet"])
def test_columns_decoded_on_threads_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
):
    frame = _export(400)
    path = tmp_path / name
    if name.endswith(".csv"):
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    results = []
    for rows in (10**12, 0):  # one thread, then two
        monkeypatch.setattr(values, "PARALLEL_FROM", rows)
        results.append(score_batch([path]))
    one, two = results
    assert len(one.errors) > 0  # the bad cells are found, and listed the same way
    pd.testing.assert_frame_equal(one.table, two.table, check_exact=True)
    pd.testing.assert_frame_equal(one.errors, two.errors, check_exact=True)
    assert one.ingested.non_answers == two.ingested.non_answers
    assert one.ingested.notes == two.ingested.notes


def test_a_categorical_decodes_as_the_same_cells_as_objects():
    """Categorical codes straight into the engine's cells (one lookup per row) give what the
    general path (factorize the objects) gives: values, bad rows, messages, non-answers."""
    q, _ = instrument()
    rng = np.random.default_rng(5)
    words = ["1", "2", "5", "-1", "yes", "no", "Agree", "Strongly disagree", "n/a",
             "don't know", "maybe", "7", "a", "b", " ", "3.5"]  # fmt: skip
    for trial, item in enumerate(i for i in q.items() if i.type != "contacts"):
        pool = words + list(item.codes()) if item.type == "choice" else words
        k = int(rng.integers(1, len(pool) + 1))
        categories = list(rng.choice(pool, size=k, replace=False))
        n = 5000 if trial % 3 else 40
        raw = _categorical(rng, 0, k, n).cat.rename_categories(categories)
        code = values.coder(item, q, vocabulary={"n/a": "not_applicable"})
        got = values.decode(raw, code)
        want = values.decode(raw.astype(object), code)
        if isinstance(want.values, pd.Categorical):
            assert isinstance(got.values, pd.Categorical)
            assert list(got.values.categories) == list(want.values.categories)
            assert np.array_equal(got.values.codes, want.values.codes)
        else:
            assert np.array_equal(got.values, want.values, equal_nan=True)
        assert np.array_equal(got.bad, want.bad) and got.messages == want.messages
        assert got.non_answers == want.non_answers


def test_a_large_utf8_csv_is_read_in_one_call_and_a_cp1252_one_in_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The compiled scanner (else pandas, which reads a UTF-8 file named by its path on every
    core) reads a UTF-8 file in one call, not in chunks: the progress bar must not cost that,
    so it pulses (progress unknown) until the read ends; a cp1252 file is read by pandas
    serially anyway and shows its progress chunk by chunk. Both give the table read without
    progress."""
    from amc_assess.clib import library

    utf8 = hostile.csv_wide(tmp_path / "u.csv", 5, rows=7)
    cp1252 = tmp_path / "c.csv"
    cp1252.write_bytes(utf8.read_bytes().replace(b"Firm 3", "Société 3".encode("cp1252")))
    monkeypatch.setattr(readers, "CHUNK_MIN_BYTES", 0)  # every file counts as large
    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    calls: list[object] = []
    plain_read_csv = pd.read_csv

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("chunksize"))
        return plain_read_csv(*args, **kwargs)

    steps: list[tuple[str, float]] = []
    scanned = [] if library() is not None else [None]  # pandas not called at all
    for path, chunks in ((utf8, scanned), (cp1252, [2])):
        quiet = score_batch([path]).table
        calls.clear()
        steps.clear()
        monkeypatch.setattr(readers.pd, "read_csv", spy)
        seen = score_batch([path], step=lambda label, x: steps.append((label, x))).table
        monkeypatch.setattr(readers.pd, "read_csv", plain_read_csv)
        assert calls == chunks, path.name
        pd.testing.assert_frame_equal(seen, quiet, check_exact=True)
        reading = [x for label, x in steps if label.startswith("reading")]
        if chunks == [2]:  # 7 rows in chunks of 2: one step each, never unknown
            assert len(reading) == 1 + 4 and min(reading) >= 0, reading
        else:
            assert reading == [0.0, UNKNOWN, 1.0], reading


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_large_csv_ascii_at_first_is_read_in_the_encoding_its_rows_have(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
):
    """A large file whose first bytes are ASCII is taken for UTF-8 without a pass over the
    rest; where its rows hold other bytes, the whole file decides, as it does for a small
    file: a name in cp1252 far down is read as cp1252, one in UTF-8 as UTF-8."""
    path = hostile.csv_wide(tmp_path / "w.csv", 5, rows=300)
    data = path.read_bytes()
    at = data.rindex(b"Firm 299,")  # far past the first bytes looked at
    path.write_bytes(data[:at] + "Société 299".encode(encoding) + data[at + 8 :])
    expected = score_batch([path]).table  # a small file: every byte decoded first
    assert "Société 299" in set(expected["firm"])
    monkeypatch.setattr(readers, "CHUNK_MIN_BYTES", 0)  # every file counts as large
    monkeypatch.setattr(readers, "SAMPLE_BYTES", 1024)
    assert path.read_bytes()[:1024].isascii() and at > 1024
    result = score_batch([path])
    pd.testing.assert_frame_equal(result.table, expected, check_exact=True)
    said = " ".join(result.ingested.batch_only)
    assert f"CSV, {encoding}," in said, said
