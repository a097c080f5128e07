"""What a table will cost, measured before it is read, against :mod:`amc_assess.limits`.

A CSV's first records are read whole (never cut at a sample's end) and their fields counted
as they stream by; an XLSX file's zip directory gives each part's unpacked size and a sheet's
declared range; a Parquet file's metadata gives its rows, columns and decoded size.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TextIO

from amc_assess import limits

CHUNK = 1 << 20
SMALL_PART = 1 << 20  # parts smaller than this unpacked are not checked for their ratio
_LINE_END = re.compile(r"\r\n|\r|\n")
_WIDTH = {"BOOLEAN": 1, "INT32": 4, "FLOAT": 4, "INT64": 8, "DOUBLE": 8, "INT96": 12}


def csv_head(handle: TextIO, delimiter: str, want: int, name: str) -> str:
    """The text of the first ``want`` records, each whole however long (quotes may hold
    delimiters and line breaks, as the csv module reads them); a record wider than the
    column limit is refused."""
    token = re.compile(f'"|\r\n|\r|\n|{re.escape(delimiter)}')
    parts: list[str] = []
    quoted, fields, records = False, 1, 0
    field_start = 0  # where the current field starts in the chunk (-1: in an earlier one)
    while records < want and (chunk := handle.read(CHUNK)):
        while chunk.endswith(('"', "\r")) and (more := handle.read(1)):
            chunk += more  # a doubled quote or a \r\n is never split between chunks
        stop = len(chunk)
        if not quoted and '"' not in chunk:  # the usual case: count at C speed, line by line
            pos = 0
            for end in _LINE_END.finditer(chunk):
                fields += chunk.count(delimiter, pos, end.start())
                _width(fields, records, name)
                records, fields, pos = records + 1, 1, end.end()
                if records == want:
                    stop = pos
                    break
            else:
                fields += chunk.count(delimiter, pos)
        else:
            pos = 0
            while (found := token.search(chunk, pos)) is not None:
                mark, pos = found.group(), found.end()
                if quoted:
                    if mark == '"' and chunk.startswith('"', pos):
                        pos += 1  # a doubled quote inside quotes
                    elif mark == '"':
                        quoted = False
                elif mark == '"':
                    quoted = found.start() == field_start  # opens a field only at its start
                elif mark == delimiter:
                    fields, field_start = fields + 1, pos
                else:
                    _width(fields, records, name)
                    records, fields, field_start = records + 1, 1, pos
                    if records == want:
                        stop = pos
                        break
        field_start = 0 if chunk.endswith((delimiter, "\n", "\r")) else -1
        parts.append(chunk[:stop])
    if records < want:
        _width(fields, records, name)  # a last line without a line break
    return "".join(parts)


def _width(fields: int, records: int, name: str) -> None:
    what = "the header has" if records == 0 else f"row {records + 1} has"
    limits.check("columns", fields, name, what)


def table_file(path: Path, name: str) -> None:
    """Refuse a CSV, XLSX or Parquet file over the limits that can be told before reading it
    (size; an XLSX file's parts; a Parquet file's metadata)."""
    limits.check("file_mb", path.stat().st_size, name, "the file is")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        xlsx_parts(path, name)
    elif suffix in (".parquet", ".pq"):
        parquet_metadata(path, name)


def table_size(rows: int, columns: int, name: str, what: str = "it has") -> None:
    """Refuse a table of more rows, columns or cells than the limits allow."""
    limits.check("rows", rows, name, what)
    limits.check("columns", columns, name, what)
    limits.check("cells", rows * columns, name, f"{what} {rows:,} rows x {columns:,} columns,")


def xlsx_parts(path: Path, name: str) -> None:
    """Refuse a workbook whose parts unpack past the size or ratio limits, before openpyxl
    opens them (the zip directory's sizes bound what Python's zipfile will unpack)."""
    import zipfile  # lazy: for .xlsx inputs only

    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl says what is wrong with it
    limits.check("xlsx_mb", sum(p.file_size for p in parts), name, "its parts unpack to")
    for part in parts:
        if part.file_size >= SMALL_PART:
            ratio = part.file_size // max(part.compress_size, 1)
            limits.check("xlsx_ratio", ratio, name, f"part {part.filename} unpacks to")


def declared_range(sheet: Any, name: str) -> None:
    """Refuse a read-only sheet whose declared range (``<dimension>``) is over the limits:
    openpyxl pads every row to it."""
    from openpyxl.utils import get_column_letter  # lazy: for .xlsx inputs only

    rows, columns = sheet.max_row, sheet.max_column
    if not rows or not columns:
        return
    ref = f"A1:{get_column_letter(columns)}{rows}" if columns <= 18278 else f"{rows}x{columns}"
    table_size(rows, columns, name, f"sheet {sheet.title!r} declares {ref}:")


def parquet_metadata(path: Path, name: str) -> None:
    """Refuse a Parquet file whose metadata says it holds more than the limits allow."""
    import pyarrow as pa  # lazy: for Parquet inputs only
    import pyarrow.parquet as pq  # lazy: as above

    try:
        meta = pq.ParquetFile(path).metadata
    except (pa.ArrowException, OSError):
        return  # the reader says what is wrong with the file
    table_size(meta.num_rows, meta.num_columns, name)
    decoded = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            column = group.column(c)
            kind = column.physical_type
            if kind in _WIDTH:
                decoded += _WIDTH[kind] * column.num_values
            elif kind == "FIXED_LEN_BYTE_ARRAY":
                decoded += max(column.total_uncompressed_size, column.num_values)
            else:  # text: offsets, plus the values as stored
                decoded += 8 * column.num_values + column.total_uncompressed_size
    limits.check("parquet_mb", decoded, name, "its data decode to about")
