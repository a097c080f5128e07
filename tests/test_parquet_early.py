"""A table's first columns encoded early and merged with the rest (parquet_table.Early,
parquet_parts.write_merged): the file reads back as the table written in one go, and where
the table's columns are no longer the early ones, the table's own values are written."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from amc_assess import batch, parquet_parts, parquet_table, writers
from amc_assess.atomic import write_file
from amc_assess.cli import cli
from test_parquet_parts import table_of


def encoded(table: pa.Table, cuts: list[int]) -> list[pa.Buffer]:
    chosen = parquet_table.options(table)
    spans = zip(cuts[:-1], cuts[1:], strict=True)
    return [parquet_table.encoded(table, a, b, chosen) for a, b in spans]


@pytest.mark.parametrize(
    "first", [["source_row", "firm"], ["status"], ["score", "level", "when", "flag", "firm"]]
)
@pytest.mark.parametrize("cuts", [[0, 400, 1000], [0, 1000]])
def test_merged_columns_read_back_as_the_table(first: list[str], cuts: list[int]) -> None:
    frame = table_of(1000)
    table = parquet_table.arrow_table(frame)
    rest = [n for n in table.schema.names if n not in first]
    groups = list(
        zip(encoded(table.select(first), cuts), encoded(table.select(rest), cuts), strict=True)
    )
    out = io.BytesIO()
    parquet_parts.write_merged(out, encoded(table, [0, 0])[0], groups)
    file = pq.ParquetFile(io.BytesIO(out.getvalue()))
    assert file.metadata.num_row_groups == len(cuts) - 1
    assert file.schema_arrow.names == table.schema.names  # the table's order, not the parts'
    expected = pq.read_table(pa.BufferReader(encoded(table, [0, 1000])[0]))  # in one go
    for g, (a, b) in enumerate(zip(cuts[:-1], cuts[1:], strict=True)):
        assert file.read_row_group(g).equals(expected.slice(a, b - a))
    back = pd.read_parquet(io.BytesIO(out.getvalue()))
    pd.testing.assert_frame_equal(back, frame)
    assert back.attrs == {"instrument": "amc"}


def test_parts_that_are_not_the_template_columns_are_refused() -> None:
    table = parquet_table.arrow_table(table_of(100))
    template = encoded(table, [0, 0])[0]
    half = encoded(table.select(["firm", "score"]), [0, 100])[0]
    with pytest.raises(ValueError, match="not the template's"):  # columns missing
        parquet_parts.write_merged(io.BytesIO(), template, [[half]])
    rest = encoded(table.drop_columns(["score"]), [0, 100])[0]
    with pytest.raises(ValueError, match="in two parts"):  # firm twice
        parquet_parts.write_merged(io.BytesIO(), template, [[half, rest]])
    shorter = encoded(table.drop_columns(["firm", "score"]), [0, 99])[0]
    with pytest.raises(ValueError, match="different rows"):
        parquet_parts.write_merged(io.BytesIO(), template, [[half, shorter]])


@pytest.fixture
def encodes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The columns of each table encoded at write time (PARALLEL_ROWS made small)."""
    monkeypatch.setattr(parquet_table, "PARALLEL_ROWS", 1000)
    seen: list[list[str]] = []
    real = parquet_table._encoded_parts

    def spy(table: pa.Table) -> list[pa.Buffer]:
        seen.append(table.schema.names)
        return real(table)

    monkeypatch.setattr(parquet_table, "_encoded_parts", spy)
    return seen


def test_early_columns_are_not_encoded_again(tmp_path: Path, encodes: list[list[str]]) -> None:
    frame = table_of(5000)
    early = parquet_table.Early(frame[["source_row", "firm", "status"]])
    path = write_file(*writers.parquet_job(frame, tmp_path / "t.parquet", early))
    assert encodes == [["score", "level", "flag", "when"]]  # the early ones: as they were
    assert pq.ParquetFile(path).metadata.num_row_groups == 2
    pd.testing.assert_frame_equal(pd.read_parquet(path), frame)


def test_early_columns_changed_since_are_written_as_the_table_has_them(
    tmp_path: Path, encodes: list[list[str]]
) -> None:
    frame = table_of(5000)
    early = parquet_table.Early(frame[["source_row", "firm"]].copy())
    frame.loc[7, "firm"] = "changed"  # after the early encoding began
    path = write_file(*writers.parquet_job(frame, tmp_path / "t.parquet", early))
    assert ["source_row", "firm"] in encodes  # encoded again, from the table
    back = pd.read_parquet(path)
    assert back.loc[7, "firm"] == "changed"
    pd.testing.assert_frame_equal(back, frame)


def test_a_batch_with_refused_context_answers_writes_them_blank(
    tmp_path: Path, encodes: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The early columns hold every context answer; the engine refuses some (numbers out of
    range), and the table has them blank: the file must too (the same as a batch without
    early columns)."""
    n = 3000
    rng = np.random.default_rng(3)
    given = rng.choice(["12", "not_applicable", "lots", "", "7"], n)
    shares = rng.choice(["50", "150", "-3", "20"], n)
    source = tmp_path / "in.csv"
    pd.DataFrame({
        "firm": [f"F{i % 50}" for i in range(n)], "respondent": [f"r{i}" for i in range(n)],
        "ctx_active_alliances": given, "ctx_success_share": shares,
        "ctx_industry": rng.choice(["ict", "energy"], n),
        "str_strategy_link": rng.choice(["1", "3", "5"], n),
    }).to_csv(source, index=False)  # fmt: skip
    tables = {}
    for label in ("early", "plain"):
        if label == "plain":
            monkeypatch.setattr(batch, "early_parquet", lambda out, columns: None)
        out = tmp_path / f"{label}.parquet"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 1, result.output  # the refused cells are reported
        tables[label] = pd.read_parquet(out)
    rest, again, plain = encodes  # the early columns encoded again: one was changed since
    assert "ctx_success_share" not in rest and "firm" not in rest and "errors" in rest
    assert "ctx_success_share" in again and "firm" in again and "errors" not in again
    assert set(plain) == set(rest) | set(again)
    numbers = tables["early"]["ctx_active_alliances"]
    assert numbers.isna().tolist() == [g not in ("12", "7") for g in given]
    share = tables["early"]["ctx_success_share"]
    assert share.isna().tolist() == [s in ("150", "-3") for s in shares]  # refused: blank
    pd.testing.assert_frame_equal(tables["early"], tables["plain"])


def test_parts_of_several_row_groups_merge_group_by_group(
    tmp_path: Path, encodes: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyarrow cuts a part of more rows than its row group size (1Mi rows: a table of over
    2M rows) into several row groups: the early part and the rest are merged group by group."""
    chosen = parquet_table.options
    monkeypatch.setattr(parquet_table, "options", lambda t: {**chosen(t), "row_group_size": 700})
    frame = table_of(5000)
    early = parquet_table.Early(frame[["source_row", "firm", "status"]])
    path = write_file(*writers.parquet_job(frame, tmp_path / "t.parquet", early))
    assert encodes == [["score", "level", "flag", "when"]]
    file = pq.ParquetFile(path)
    assert file.metadata.num_row_groups == 8  # 2 parts of 2500 rows: 4 each
    assert [file.metadata.row_group(g).num_rows for g in range(8)] == [700, 700, 700, 400] * 2
    footer, _ = parquet_parts._footer(memoryview(path.read_bytes()))
    groups = parquet_parts._get(footer, parquet_parts.ROW_GROUPS)[1]
    assert [parquet_parts._get(g, parquet_parts.RG_ORDINAL) for g in groups] == list(range(8))
    pd.testing.assert_frame_equal(pd.read_parquet(path), frame)
