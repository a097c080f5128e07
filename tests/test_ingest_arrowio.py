"""Batch ingest speed-ups: Parquet text as categoricals, the UTF-8 check of large CSVs, empty rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from amc_assess.batch import score_batch
from amc_assess.ingest import arrowio
from amc_assess.ingest.cells import empty_rows as _empty_rows
from amc_assess.ingest.readers import open_sheet
from conftest import FIXTURES, MINI

Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
EXPORTS = FIXTURES / "exports"


def _repeat(source: Path, target: Path, header_rows: int, times: int, encoding: str) -> None:
    """The export with its data rows repeated: text columns then hold repeated values."""
    text = source.read_text(encoding=encoding)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[:header_rows] + rows[header_rows:] * times)
    target.write_text(out.getvalue(), encoding=encoding)


@pytest.mark.parametrize("dtype", [str, None], ids=["all text", "typed"])
def test_parquet_text_is_categorical_and_scores_alike(tmp_path: Path, monkeypatch, dtype):
    source = tmp_path / "mini.csv"
    _repeat(EXPORTS / "limesurvey/mini_limesurvey_codes.csv", source, 1, 30, "utf-8")
    table = pd.read_csv(source, dtype=dtype)
    path = tmp_path / "mini.parquet"
    table.to_parquet(path, index=False)
    frame = open_sheet(path, path.name).read(0, table.shape[1])
    assert any(isinstance(frame[j].dtype, pd.CategoricalDtype) for j in frame.columns)
    ours = score_batch([path], Q, R)
    monkeypatch.setattr(arrowio, "frame_of", lambda _: pd.read_parquet(path))  # as before
    theirs = score_batch([path], Q, R)
    pd.testing.assert_frame_equal(ours.table, theirs.table)
    assert ours.error_lines() == theirs.error_lines()


@pytest.mark.parametrize(
    "data",
    [
        b"plain ascii,1\n",
        "caf\u00e9,na\u00efve,\u20ac,\U0001f600\n".encode(),
        "caf\u00e9\n".encode("cp1252"),  # a lone 0xE9
        b"\xed\xa0\x80 a surrogate\n",
        b"\xc0\xaf overlong\n",
        b"cut short \xe2\x82",
        b"nul \x00 byte\n",
        b"\xf4\x90\x80\x80 beyond U+10FFFF\n",
        b"",
    ],
)
def test_utf8_check_agrees_with_pythons_codec(tmp_path: Path, data: bytes):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert arrowio.valid_utf8(str(path)) == valid


def test_empty_rows_are_rows_without_a_cell_or_with_spaces_only():
    """A row of cells holding only spaces is empty too (it was scored as a respondent)."""
    rng = np.random.default_rng(7)

    def blank(value: object) -> bool:
        return (
            value is None
            or value is pd.NA
            or (isinstance(value, float) and np.isnan(value))
            or (isinstance(value, str) and not value.strip())
        )

    texts = np.array(["x", " ", "  \t", "", " y "], dtype=object)
    for _ in range(300):
        n, k = int(rng.integers(0, 30)), int(rng.integers(0, 6))
        columns: dict[int, object] = {}
        for j in range(k):
            missing = rng.random(n) < 0.6
            words = texts[rng.integers(0, len(texts), n)]
            kind = j % 4
            if kind == 0:
                columns[j] = np.where(missing, np.nan, rng.random(n))
            elif kind == 1:
                columns[j] = pd.array(np.where(missing, None, words), dtype="str")
            elif kind == 2:
                columns[j] = pd.Categorical(np.where(missing, None, words))
            else:
                columns[j] = pd.Series(np.where(missing, None, words), dtype=object)
        frame = pd.DataFrame(columns, index=pd.RangeIndex(n))
        expected = np.ones(n, dtype=bool)
        for j in frame.columns:
            expected &= np.array([blank(v) for v in frame[j].tolist()], dtype=bool)
        assert (_empty_rows(frame) == expected).all()


def test_factorize_of_arrow_text_is_pandas_factorize():
    import pyarrow as pa

    rng = np.random.default_rng(3)
    text = pd.StringDtype("pyarrow", na_value=np.nan)
    for _ in range(200):
        n = int(rng.integers(0, 50))
        cells = np.array(["a", "b", "", "c d", "\u00e9"], dtype=object)[rng.integers(0, 5, n)]
        cells[rng.random(n) < 0.3] = None
        parts = np.array_split(cells, int(rng.integers(1, 4)))
        chunked = pa.chunked_array([pa.array(list(p), pa.large_string()) for p in parts])
        series = pd.Series(text.__from_arrow__(chunked))
        for column in (series, series.iloc[3:]):  # several chunks; an offset into them
            codes, uniques = pd.factorize(column, use_na_sentinel=True)
            ours = arrowio.factorize(column.array)
            assert ours[0].tolist() == codes.tolist() and ours[1] == list(uniques)
