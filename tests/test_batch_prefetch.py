"""Opening a large table on another thread while the instrument loads (``ingest.prefetch``)
and the Parquet writer's plain row ids: the same results, the same errors, as before."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from amc_assess.batch import score_batch
from amc_assess.ingest import inputs
from amc_assess.writers import write_parquet
from conftest import FIXTURES, MINI

EXPORTS = FIXTURES / "exports"
Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
MAP = "surveymonkey/mini_surveymonkey_map.yaml"
FILES = ["surveymonkey/mini_surveymonkey_cp1252.csv", "surveymonkey/mini_surveymonkey_utf8.csv"]


@pytest.fixture(autouse=True)
def _in_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXPORTS)


def _both(monkeypatch: pytest.MonkeyPatch, paths: list[str], **kw: object):
    plain = score_batch(paths, Q, R, **kw)  # type: ignore[arg-type]
    monkeypatch.setattr(inputs, "PREFETCH_FROM", 0)
    assert inputs.prefetch(paths)  # this time the table opens on another thread
    early = score_batch(paths, Q, R, **kw)  # type: ignore[arg-type]
    return plain, early


@pytest.mark.parametrize("path", FILES)
def test_prefetched_csv_gives_the_same_table_and_error_lines(
    monkeypatch: pytest.MonkeyPatch, path: str
):
    plain, early = _both(monkeypatch, [path], map_path=MAP)
    pd.testing.assert_frame_equal(plain.table, early.table)
    pd.testing.assert_frame_equal(plain.errors, early.errors)
    assert plain.error_lines() == early.error_lines() and plain.error_lines()
    assert plain.ingested.notes == early.ingested.notes


def test_prefetched_parquet_gives_the_same_table(monkeypatch: pytest.MonkeyPatch, tmp_path):
    first = pd.read_csv(FILES[1], nrows=0).columns
    path = tmp_path / "answers.parquet"
    pd.read_csv(FILES[1], header=[0, 1]).set_axis(first, axis=1).to_parquet(path)
    plain, early = _both(monkeypatch, [str(path)], profile="items")
    assert len(plain.table) == 4 and len(plain.errors)
    pd.testing.assert_frame_equal(plain.table, early.table)
    pd.testing.assert_frame_equal(plain.errors, early.errors)


def test_small_files_open_in_the_calling_thread():
    assert inputs.prefetch(FILES) == {}
    assert inputs.prefetch(["no/such/folder/"]) == {}


def test_a_file_that_cannot_be_opened_fails_as_before(monkeypatch: pytest.MonkeyPatch, tmp_path):
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(Exception) as before:
        score_batch([str(bad)], Q, R)
    monkeypatch.setattr(inputs, "PREFETCH_FROM", 0)
    with pytest.raises(Exception) as after:
        score_batch([str(bad)], Q, R)
    assert type(after.value) is type(before.value) and str(after.value) == str(before.value)


def test_parquet_row_ids_are_written_plainly_and_read_back_the_same(tmp_path: Path):
    table = score_batch(FILES[:1], Q, R, map_path=MAP).table
    path = write_parquet(table, tmp_path / "scored.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(path), pd.read_parquet(_pandas(table, tmp_path)))
    meta = pq.ParquetFile(path).metadata.row_group(0)
    encodings = {
        meta.column(j).path_in_schema: meta.column(j).encodings for j in range(meta.num_columns)
    }
    assert "RLE_DICTIONARY" not in encodings["respondent"] + encodings["source_row"]
    assert "RLE_DICTIONARY" in encodings["firm"]


def _pandas(table: pd.DataFrame, folder: Path) -> Path:
    path = folder / "pandas.parquet"
    table.to_parquet(path, index=False)
    return path
