"""A sheet's values read by python-calamine (Rust), as openpyxl's read-only reader gives them.

openpyxl makes a Python object per cell and takes about 5.5 us a cell (a 20,000-row export
of 64 columns: 7-8 s); calamine reads the same sheet in under a second. It is used where it
gives exactly what openpyxl would, and openpyxl reads the rest:

* the range the sheet's cells span is within the limits (calamine holds it whole before a
  row can be counted; openpyxl streams a sheet row by row within the limits);
* no cell style of the workbook shows numbers as percentages (only openpyxl gives a cell's
  format, and a percent cell holds 0.9 for 90%);
* no cell of the sheet holds an error (openpyxl gives ``#N/A``, calamine an empty cell).

Cells are converted to openpyxl's values: empty cells None, whole numbers int (Excel writes
them without a decimal point, and openpyxl reads such text as int), dates datetimes. Both read
every row the sheet holds, whatever its ``<dimension>`` says (a stale one cut rows silently).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amc_assess import limits

MAX_XML = 256 << 20  # bytes of sheet XML read whole to look at its cells
EXACT = 2**53  # whole floats below this are the int they were written as
ERROR_CELLS = (b't="e"', b"t='e'")
ROW = re.compile(rb'<row r="(\d+)"')
# a cell whose content is a formula and no value (or an empty one): a workbook written by a
# program and never opened in a spreadsheet, so no result of the formula was saved
UNSAVED = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*>(<f\b[^>]*/>|<f\b[^>]*>([^<]*)</f>)(?:<v\s*/>|<v></v>)?</c>'
)
COLUMNS = [re.compile(rb'<c r="([A-Z]{%d})\d' % k) for k in (3, 2, 1)]


def calamine_rows(book: Any, sheet: Any, path: Path, name: str) -> list[list[object]] | None:
    """Every row's values, as ``_sheet_rows`` reads them with openpyxl (no percent cells), or
    None where only openpyxl can read the sheet as it must be read."""
    if percent_formats(book) or not plain_sheet(book, sheet):
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
    width = max(sheet.max_column or 0, max((len(row) for row in got), default=0))
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


def plain_sheet(book: Any, sheet: Any) -> bool:
    """Whether calamine may read the sheet: its XML (read once, at most ``MAX_XML`` bytes)
    holds no error cell, names every row and cell, and the range its cells span is within
    the limits. calamine holds that range whole, empty cells too, before a row can be
    counted; a sheet that declares no range, or a false one, is read by openpyxl otherwise,
    row by row within the limits (a zip bomb's one cell at XFD1048576 is a range of 17
    billion cells)."""
    xml = _sheet_xml(book, sheet)
    if xml is None or any(marker in xml for marker in ERROR_CELLS):
        return False
    cells = xml.count(b"<c ") + xml.count(b"<c>")
    lines = xml.count(b"<row ") + xml.count(b"<row>")
    if cells != xml.count(b'<c r="') or lines != xml.count(b'<row r="'):
        return False  # a cell or row placed by position only (or attributes in another order)
    rows = max((int(r) for r in ROW.findall(xml)), default=0)
    columns = 0
    for pattern in COLUMNS:  # the widest letters first: a three-letter column is past ZZ
        found = pattern.findall(xml)
        if found:
            columns = max(_column(letters.decode()) for letters in set(found))
            break
    most = {key: limits.value(key) for key in ("rows", "columns", "cells")}
    return rows <= most["rows"] and columns <= most["columns"] and rows * columns <= most["cells"]


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@dataclass(frozen=True)
class Unsaved:
    """A formula cell without a saved result, in place of the empty cell readers give."""

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula if self.formula else "a formula"


def unsaved_formulas(book: Any, sheet: Any) -> dict[tuple[int, int], Unsaved]:
    """The sheet's formula cells without a saved result, by (row, column) from 0 (openpyxl
    and calamine read them as empty cells: answers lost without a word)."""
    xml = _sheet_xml(book, sheet)
    if xml is None or b"<f" not in xml:
        return {}
    found = {}
    for match in UNSAVED.finditer(xml):
        letters, row, _, formula = match.groups()
        text = html.unescape((formula or b"").decode("utf-8", "replace"))
        found[(int(row) - 1, _column(letters.decode()) - 1)] = Unsaved(text)
    return found


def _sheet_xml(book: Any, sheet: Any) -> bytes | None:
    """The sheet's XML from the workbook's zip file (openpyxl's read-only objects), or None
    where it cannot be read or is over ``MAX_XML`` bytes."""
    archive = getattr(book, "_archive", None)
    part = getattr(sheet, "_worksheet_path", None)
    if not isinstance(archive, zipfile.ZipFile) or not part:
        return None
    try:
        if archive.getinfo(part).file_size > MAX_XML:
            return None
        return archive.read(part)
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        return None
