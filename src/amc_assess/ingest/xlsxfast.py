"""A sheet's values read by python-calamine (Rust), as openpyxl's read-only reader gives them.

openpyxl makes a Python object per cell and takes about 5.5 us a cell (a 20,000-row export
of 64 columns: 7-8 s); calamine reads the same sheet in under a second. It is used where it
gives exactly what openpyxl would, and openpyxl reads the rest:

* the sheet declares its range (the limits were checked against it before any cell is read);
* no cell style of the workbook shows numbers as percentages (only openpyxl gives a cell's
  format, and a percent cell holds 0.9 for 90%);
* no cell of the sheet holds an error (openpyxl gives ``#N/A``, calamine an empty cell).

Cells are converted to openpyxl's values: empty cells None, whole numbers int (Excel writes
them without a decimal point, and openpyxl reads such text as int), dates datetimes.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from amc_assess import limits

EXACT = 2**53  # whole floats below this are the int they were written as
CHUNK = 1 << 22
ERROR_CELLS = (b't="e"', b"t='e'")


def calamine_rows(book: Any, sheet: Any, path: Path, name: str) -> list[list[object]] | None:
    """Every row's values, as ``_sheet_rows`` reads them with openpyxl (no percent cells), or
    None where only openpyxl can read the sheet as it must be read."""
    if not (sheet.max_row and sheet.max_column) or percent_formats(book):
        return None
    if error_cells(book, sheet):
        return None
    try:
        from python_calamine import CalamineWorkbook  # lazy: .xlsx inputs only
    except ImportError:  # pragma: no cover - a dependency; openpyxl reads without it
        return None
    most_rows, most_cells = limits.value("rows"), limits.value("cells")
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        got = workbook.get_sheet_by_name(sheet.title).to_python(
            skip_empty_area=False, nrows=most_rows + 1
        )
    except Exception:  # noqa: BLE001 - calamine's errors vary; openpyxl reads and says
        return None
    width = max(sheet.max_column, max((len(row) for row in got), default=0))
    limits.check("columns", width, name, "row 1 has")
    first_too_many = min(most_rows, most_cells // max(width, 1))  # as _sheet_rows stops
    if len(got) > first_too_many:
        key = "rows" if most_rows <= most_cells // max(width, 1) else "cells"
        raise limits.LimitExceeded([limits.more_than(key, name)])
    return [_row(row, width) for row in got]


def _row(row: list[Any], width: int) -> list[object]:
    out: list[object] = [
        None
        if v == ""
        else int(v)
        if v.__class__ is float and v.is_integer() and -EXACT < v < EXACT
        else dt.datetime(v.year, v.month, v.day)
        if v.__class__ is dt.date
        else v
        for v in row
    ]
    if len(out) < width:
        out += [None] * (width - len(out))
    return out


def percent_formats(book: Any) -> bool:
    """Whether any cell style of the workbook shows numbers as percentages."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS  # lazy: .xlsx inputs only

    custom = list(getattr(book, "_number_formats", []))
    for style in getattr(book, "_cell_styles", []):
        number = int(style.numFmtId)
        shown = BUILTIN_FORMATS.get(number) if number < 164 else None
        if number >= 164 and number - 164 < len(custom):
            shown = custom[number - 164]
        if shown is not None and "%" in str(shown):
            return True
    return False


def error_cells(book: Any, sheet: Any) -> bool:
    """Whether the sheet's XML holds a cell of type error (or cannot be looked at)."""
    archive = getattr(book, "_archive", None)
    part = getattr(sheet, "_worksheet_path", None)
    if not isinstance(archive, zipfile.ZipFile) or not part:
        return True
    tail = b""
    try:
        with archive.open(part) as handle:
            while block := handle.read(CHUNK):
                text = tail + block
                if any(marker in text for marker in ERROR_CELLS):
                    return True
                tail = text[-8:]
    except (KeyError, OSError, zipfile.BadZipFile):
        return True
    return False
