"""Parquet files written in parts on two threads and joined: the same table as one write.

Each test writes real files with pyarrow and reads the joined file back with pyarrow and
pandas: the values, types and pandas metadata of the table, each row group where it says.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from amc_assess import parquet_parts, parquet_table, writers


def table_of(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "source_row": np.arange(2, n + 2),
            "firm": pd.array([f"Firm {i % 37}" if i % 11 else None for i in range(n)], "str"),
            "score": np.where(rng.random(n) < 0.1, np.nan, rng.integers(100, 500, n) / 100),
            "level": rng.integers(1, 6, n).astype(np.int8),
            "status": pd.Categorical(rng.choice(["ok", "insufficient data"], n)),
            "flag": rng.random(n) < 0.5,
            "when": pd.to_datetime("2026-01-01") + pd.to_timedelta(rng.integers(0, 99, n), "D"),
        }
    )
    frame.attrs = {"instrument": "amc"}
    return frame


def parts_of(table: pa.Table, cuts: list[int]) -> list[pa.Buffer]:
    out = []
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        sink = pa.BufferOutputStream()
        pq.write_table(table.slice(a, b - a), sink, compression="snappy",
                       column_encoding={"level": "DELTA_BINARY_PACKED"},
                       use_dictionary=["firm", "status"])  # fmt: skip
        out.append(sink.getvalue())
    return out


@pytest.mark.parametrize("cuts", [[0, 500, 1000], [0, 1, 600, 1000], [0, 1000]])
def test_joined_parts_read_back_as_the_table(tmp_path: Path, cuts: list[int]) -> None:
    frame = table_of(1000)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    path = tmp_path / "joined.parquet"
    with path.open("wb") as out:
        parquet_parts.write_joined(out, parts_of(table, cuts))
    (whole,) = parts_of(table, [0, 1000])  # the table in one write, read back
    expected = pq.read_table(pa.BufferReader(whole))
    file = pq.ParquetFile(path)
    assert file.metadata.num_rows == 1000
    assert file.metadata.num_row_groups == len(cuts) - 1
    for g, (a, b) in enumerate(zip(cuts[:-1], cuts[1:], strict=True)):
        assert file.read_row_group(g).equals(expected.slice(a, b - a))  # each where it says
    assert pq.read_table(path).equals(expected)
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, frame)
    assert back.attrs == {"instrument": "amc"}


def test_the_footer_codec_writes_back_what_it_read() -> None:
    table = pa.Table.from_pandas(table_of(300), preserve_index=False)
    data = memoryview(parts_of(table, [0, 300])[0])
    size = int.from_bytes(bytes(data[-8:-4]), "little")
    footer = bytes(data[-8 - size : -8])
    fields, end = parquet_parts._read_struct(footer, 0)
    assert end == len(footer)
    assert parquet_parts._struct(fields) == footer


def test_writers_join_a_large_table_in_two_row_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = table_of(5000)
    monkeypatch.setattr(parquet_table, "PARALLEL_ROWS", 1000)
    mine = writers.write_parquet(frame, tmp_path / "mine.parquet")
    monkeypatch.setattr(parquet_table, "PARALLEL_ROWS", 1 << 40)
    whole = writers.write_parquet(frame, tmp_path / "whole.parquet")
    assert pq.ParquetFile(mine).metadata.num_row_groups == 2
    assert pq.ParquetFile(whole).metadata.num_row_groups == 1
    pd.testing.assert_frame_equal(pd.read_parquet(mine), pd.read_parquet(whole))
    pd.testing.assert_frame_equal(pd.read_parquet(mine), frame)
    assert pq.read_table(mine).equals(pq.read_table(whole))


def test_a_footer_of_another_size_than_it_says_is_refused() -> None:
    table = pa.Table.from_pandas(table_of(50), preserve_index=False)
    data = bytearray(memoryview(parts_of(table, [0, 50])[0]))
    data[-8:-4] = (int.from_bytes(data[-8:-4], "little") - 1).to_bytes(4, "little")
    with pytest.raises(ValueError, match="footer"):
        parquet_parts.write_joined(io.BytesIO(), [bytes(data)])
