"""A frame written as Parquet: its Arrow table, the encoding options, the encoding itself, and
columns encoded early.

The options make the file cheaper to encode than ``pandas.to_parquet`` does, with the same
values, types and pandas metadata (``pd.read_parquet`` gives the same frame back):

* the encoder is fed larger batches;
* a column of mostly distinct values (row ids, an overall score, firm names) is written
  plainly: a dictionary of it would hash every row, and most are dropped past its size
  limit anyway; the others (categoricals, dimension scores) keep theirs;
* whole numbers (row numbers, levels, counts) are written as differences packed in bits
  (``DELTA_BINARY_PACKED``): 0.13 against 0.21 s for the 22 of a 1M-row scored table,
  in a smaller file (the row numbers 40 KiB against 4 MiB); but a column of one value in
  its first rows (targets, error counts) plainly: 0.6 against 4 ms per 1M-row column;
* a column without a missing cell is declared required, so no definition levels are
  computed and encoded for it (about a tenth of the time at 1M rows);
* no min/max statistics per page and column chunk (a tenth more): readers of a scored
  table read it whole;
* a large table is written as two row groups, encoded on two threads at once
  (:mod:`amc_assess.parquet_parts`).

:class:`Early`: ``amc batch`` knows a scored table's input columns (source, firm,
respondent, context answers) once the rows are scored, and they are about 40% of the work
of encoding the table. They are encoded on a thread of their own while the rest of the table
is put together (whose Python leaves a core idle), cut into the row groups the table will
have; the table's other columns are encoded when it is complete, and the two are merged
(:func:`amc_assess.parquet_parts.write_merged`) where the table's columns of those names
hold the same values (else the whole table is encoded as before).
"""

from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

PARQUET_BATCH_ROWS = 1 << 16  # values encoded per call: Arrow's 1,024 cost ~12% more CPU
PARALLEL_ROWS = 1 << 17  # rows from which a table is written as two row groups, on two threads
PARTS = 2  # row groups of a table of PARALLEL_ROWS or more
ROW_IDS = frozenset({"source_row", "respondent"})  # one value per row: no dictionary pays
SAMPLE_ROWS = 8192  # rows looked at to tell a column of mostly distinct values
MOSTLY_DISTINCT = 0.5  # distinct share of the sample above which no dictionary is tried


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The frame as Arrow holds it for Parquet: pandas' metadata and ``attrs`` kept, and each
    column without a missing cell declared required."""
    import pyarrow as pa  # lazy: pyarrow is needed for Parquet output only

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if frame.attrs:  # as pandas keeps them
        metadata = {**(table.schema.metadata or {}), b"PANDAS_ATTRS": json.dumps(frame.attrs)}
        table = table.replace_schema_metadata(metadata)
    fields = [
        f.with_nullable(c.null_count > 0) for f, c in zip(table.schema, table.columns, strict=True)
    ]
    return pa.Table.from_arrays(
        table.columns, schema=pa.schema(fields, metadata=table.schema.metadata)
    )


def options(table: pa.Table) -> dict[str, Any]:
    """``pyarrow.parquet.write_table``'s options for the table (see the module's text); each
    column's depend on that column alone."""
    import pyarrow as pa  # lazy: as above

    names = table.schema.names
    dictionary: bool | list[str] = True
    deltas: dict[str, str] | None = None
    if len(set(names)) == len(names):  # the options name columns
        deltas = {
            f.name: "PLAIN" if _one_value(c) else "DELTA_BINARY_PACKED"
            for f, c in zip(table.schema, table.columns, strict=True)
            if pa.types.is_integer(f.type)
        }
        dictionary = [n for n, c in zip(names, table.columns, strict=True)
                      if n not in deltas and _few_values(n, c)]  # fmt: skip
    return dict(
        compression="snappy",
        write_batch_size=PARQUET_BATCH_ROWS,
        use_dictionary=dictionary,
        column_encoding=deltas or None,
        write_statistics=False,
    )


def _few_values(name: str, column: object) -> bool:
    """Whether a dictionary may pay for the column: not row ids, and not mostly distinct
    values in its first rows (a categorical always: its dictionary is there already)."""
    import pyarrow as pa  # lazy: as above
    import pyarrow.compute as pc  # lazy: as above

    assert isinstance(column, pa.ChunkedArray)
    if name in ROW_IDS:
        return False
    if pa.types.is_dictionary(column.type) or len(column) < SAMPLE_ROWS:
        return True
    sample = column.slice(0, SAMPLE_ROWS).drop_null()
    distinct = pc.count_distinct(sample).as_py()
    return distinct <= MOSTLY_DISTINCT * max(len(sample), 1)


def _one_value(column: object) -> bool:
    """Whether an integer column holds one value in its first rows (a target level, an
    error count of 0): written plainly, snappy packs it to nearly nothing, at a sixth of the
    time of packing its differences."""
    import pyarrow as pa  # lazy: as above
    import pyarrow.compute as pc  # lazy: as above

    assert isinstance(column, pa.ChunkedArray)
    sample = column.slice(0, SAMPLE_ROWS)
    low, high = pc.min_max(sample).values()
    return sample.null_count == 0 and low.is_valid and low.as_py() == high.as_py()


def encoded(table: pa.Table, start: int, stop: int, chosen: dict[str, Any]) -> pa.Buffer:
    """Rows ``start`` to ``stop`` of the table as a Parquet file of their own, in memory,
    written with the ``chosen`` options (:func:`options` of the whole table)."""
    import pyarrow as pa  # lazy: as above
    import pyarrow.parquet as pq  # lazy: as above

    sink = pa.BufferOutputStream()
    pq.write_table(table.slice(start, stop - start), sink, **chosen)
    return sink.getvalue()


def large(rows: int) -> bool:
    """Whether a table of ``rows`` rows is written as PARTS row groups, encoded on as many
    threads."""
    from amc_assess.clib import threads  # lazy: ctypes, for a table's write only

    return rows >= PARALLEL_ROWS and threads() > 1


def _cuts(rows: int) -> list[tuple[int, int]]:
    cuts = [rows * k // PARTS for k in range(PARTS + 1)]
    return list(zip(cuts[:-1], cuts[1:], strict=True))


def _encoded_parts(table: pa.Table) -> list[pa.Buffer]:
    """The table's row groups, each a Parquet file of its own, encoded at once on threads."""
    spans, chosen = _cuts(len(table)), options(table)
    with ThreadPoolExecutor(len(spans) - 1, thread_name_prefix="amc-parquet") as pool:
        later = [pool.submit(encoded, table, a, b, chosen) for a, b in spans[1:]]
        return [encoded(table, *spans[0], chosen), *(f.result() for f in later)]


def write(handle: BinaryIO, table: pa.Table, early: Early | None = None) -> None:
    """Write the table as one Parquet file: in row groups on threads where large, with the
    columns ``early`` encoded where they are the table's."""
    import pyarrow.parquet as pq  # lazy: as above

    from amc_assess import parquet_parts  # lazy: large tables only

    if not large(len(table)):
        pq.write_table(table, handle, **options(table))
    elif early is None or not early.fits(table):
        parquet_parts.write_joined(handle, _encoded_parts(table))
    else:  # the other columns first, while the early ones may still be encoded
        rest = _encoded_parts(table.drop_columns(early.names))
        first = early.parts_for(table) or _encoded_parts(table.select(early.names))
        template = encoded(table, 0, 0, options(table.slice(0, 0)))  # schema and metadata
        groups = [[a, b] for a, b in zip(first, rest, strict=True)]
        parquet_parts.write_merged(handle, template, groups)


class Early:
    """Columns of a table to come, encoded on a thread of their own in its row groups."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.names = [str(n) for n in frame.columns]
        self.rows = len(frame)
        pool = ThreadPoolExecutor(1, thread_name_prefix="amc-early")
        self._done: Future[tuple[pa.Table, list[pa.Buffer]]] = pool.submit(self._encode, frame)
        pool.shutdown(wait=False)  # the thread ends once the columns are encoded

    @staticmethod
    def _encode(frame: pd.DataFrame) -> tuple[pa.Table, list[pa.Buffer]]:
        table = arrow_table(frame)
        chosen = options(table)
        return table, [encoded(table, a, b, chosen) for a, b in _cuts(len(table))]

    def fits(self, table: pa.Table) -> bool:
        """Whether ``table`` is of these rows and has these columns, each once, and others."""
        names = table.schema.names
        return (len(table) == self.rows and len(set(names)) == len(names)
                and set(self.names) < set(names))  # fmt: skip

    def parts_for(self, table: pa.Table) -> list[pa.Buffer] | None:
        """The early row groups, where ``table`` has these columns (:meth:`fits`) of the same
        types and values; else None."""
        if self._done.exception() is not None or not self.fits(table):
            return None  # (an error of the early thread: the columns are encoded again)
        early, parts = self._done.result()
        for name in self.names:
            if not table.schema.field(name).equals(early.schema.field(name)):
                return None
            if not table.column(name).equals(early.column(name)):
                return None
        return parts
