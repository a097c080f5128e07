"""Read and validate relationship-audit ties: CSV or XLSX tables, and audit response files.

One row per tie named by a respondent. Columns (header row required, order free; in an XLSX
workbook the first sheet, as ``amc template`` writes it for a questionnaire with a contacts
item):

========================  =============================================================
``respondent``            name (or code) of the person answering
``respondent_side``       ``own`` or ``partner`` (which firm of the alliance)
``respondent_level``      ``senior``, ``middle`` or ``operational``
``respondent_function``   free text, e.g. marketing
``contact``               the colleague named (in either firm)
``contact_side``          as above; may be left blank if the contact is described in
``contact_level``         another row (as a respondent or a contact), anywhere in the
``contact_function``      input files
``frequency``             how often they deal with each other, 1 (rarely) .. 5 (daily)
``importance``            how important the contact is for the alliance work, 1 .. 5
``closeness``             how close the working relationship is, 1 (distant) .. 5 (close)
``respondent_key_contact`` optional: ``yes`` if the person is their firm's designated key
``contact_key_contact``   contact for the alliance (``no`` or blank otherwise)
========================  =============================================================

Rows are counted as in a spreadsheet: the header is row 1, the first tie row 2. Every row is
checked and every problem is reported as one line ``file: row N: column: message``; the whole
input is rejected (``InvalidInput``) if there is any problem, so no row is dropped silently:
missing columns or values, unknown sides or levels, ratings that are not whole numbers 1..5,
self-ties, the same respondent naming the same contact twice, a person described with a
different side, level or key-contact flag than in an earlier row, and contacts whose side or
level is given nowhere (unknown people). Names are matched ignoring case and repeated spaces
(other spellings are noted in ``Ties.notes``); sides, levels and functions ignore case; a
different function is noted, not refused (free text the analysis does not use).

Response files of the relationship-audit interview (``.yaml``, ``.yml``, ``.json``) are turned
into the same rows by :mod:`amc_assess.network.responses` and checked by the same code
(:mod:`amc_assess.network.reader`); their problems are located by field path instead of row
(``r.yaml: answers.contacts[2].frequency``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from amc_assess.bounds import declared_range, table_file
from amc_assess.network.clean import column_ties, table_ties
from amc_assess.network.reader import (
    COLUMNS,
    LEVELS,
    OPTIONAL,
    SIDES,
    Person,
    Reader,
    Tie,
    Ties,
    cell_str,
)
from amc_assess.textfiles import detect_encoding, sniff_delimiter

RESPONSE_SUFFIXES = (".yaml", ".yml", ".json")


class Unreadable(Exception):
    """A workbook that openpyxl cannot open or read."""


def _read(reader: Reader, path: str | Path) -> None:
    """Read one input by its suffix: response file, XLSX workbook or CSV table."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix in RESPONSE_SUFFIXES:
        # lazy: YAML and the response model only for response files, not for a ties table
        from amc_assess.network.responses import read_response

        read_response(reader, name)
        return
    try:
        if suffix in (".xlsx", ".xlsm"):
            _table(reader, name, _xlsx_rows(name))
            return
        handle, delimiter = _csv(name)
        with handle:
            _table(reader, name, csv.reader(handle, delimiter=delimiter))
    except FileNotFoundError:
        reader.errors.append(f"{name}: file not found")
    except IsADirectoryError:
        reader.errors.append(f"{name}: is a folder, not a ties file")
    except (OSError, UnicodeDecodeError, csv.Error, Unreadable) as exc:
        reader.errors.append(f"{name}: cannot read: {exc}")


def _csv(name: str) -> tuple[TextIO, str]:
    """The CSV file opened for reading (its encoding detected) and its delimiter."""
    table_file(Path(name), name)
    encoding = detect_encoding(Path(name))  # Excel: cp1252, UTF-16, BOM
    handle = open(name, newline="", encoding=encoding)  # noqa: SIM115 (returned open)
    try:
        delimiter = sniff_delimiter(handle.read(1 << 16))  # ; in many locales
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle, delimiter


def _clean_csv(path: str | Path) -> Ties | None:
    """The ties of one CSV table read at once (:mod:`~amc_assess.network.clean`), or None
    where the rows must be read one by one (a problem to report, a note, not a CSV file)."""
    name = str(path)
    if Path(name).suffix.lower() in (*RESPONSE_SUFFIXES, ".xlsx", ".xlsm"):
        return None
    try:
        handle, delimiter = _csv(name)
        with handle:
            split = _split(handle.read(), delimiter)
            if split is None:  # quoted cells and the like: the csv module reads them
                handle.seek(0)
                rows = list(csv.reader(handle, delimiter=delimiter))
    except Exception:  # noqa: BLE001 (whatever it is, the row by row reading reports it)
        return None
    if split is None:
        return table_ties(name, rows)
    return column_ties(name, *split)


def _split(text: str, delimiter: str) -> tuple[list[str], list[list[str]]] | None:
    """The header's cells and the columns of a CSV text that the csv module would split at
    every delimiter and line end alone (no quote, NUL or lone carriage return; every line as
    wide as the header, no cell over the csv module's size limit); else None.

    One split of the whole text and a slice per column: some 3x faster than csv.reader and
    zip at 44,000 rows."""
    if '"' in text or "\0" in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    lines = text.split("\n")
    if lines and not lines[-1]:  # the last line's end
        lines.pop()
    if len(lines) < 2 or max(map(len, lines)) > csv.field_size_limit():
        return None
    width = lines[0].count(delimiter)
    if any(line.count(delimiter) != width for line in lines):  # blank or ragged lines
        return None
    cells = delimiter.join(lines).split(delimiter)
    wide = width + 1
    return cells[:wide], [cells[wide + k :: wide] for k in range(wide)]


def _table(reader: Reader, name: str, rows: Iterator[list[str]]) -> None:
    """Check the header and every row of a ties table (rows of cell texts)."""
    header = [h.strip().lower() for h in next(rows, [])]
    if not any(header):
        reader.errors.append(f"{name}: row 1: (header): the file is empty")
        return
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
    for column in missing:
        reader.errors.append(f"{name}: row 1: {column}: missing column")
    for column in unknown:
        expected = ", ".join(COLUMNS + OPTIONAL)
        msg = f"unknown column {column!r} (expected {expected})"
        reader.errors.append(f"{name}: row 1: {column or '(blank)'}: {msg}")
    dupes = {h for h in header if header.count(h) > 1}
    for column in sorted(dupes):
        reader.errors.append(f"{name}: row 1: {column}: column given twice")
    if missing or unknown or dupes:
        return
    reader.key_contacts_given |= any(c in header for c in OPTIONAL)
    count = 0
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            extra = f"{len(cells)} cells but the header has {len(header)} columns"
            reader.errors.append(f"{name}: row {number}: (row): {extra}")
            continue
        if len(cells) < len(header):
            cells = [*cells, *[""] * (len(header) - len(cells))]
        values = dict(zip(header, map(str.strip, cells), strict=True))
        reader.row(name, number, values)
        count += 1
    if count == 0:
        reader.errors.append(f"{name}: row 2: (row): no ties in the file")


def _xlsx_rows(path: str) -> Iterator[list[str]]:
    """The first sheet's rows as cell texts (trailing empty cells dropped), read-only."""
    from openpyxl import load_workbook  # lazy: openpyxl only for XLSX input

    table_file(Path(path), path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as exc:  # openpyxl: zip, XML and format errors of many kinds
        raise Unreadable(f"not an XLSX workbook ({exc})") from None
    try:
        declared_range(book.worksheets[0], path)
        rows: Iterator[tuple[object, ...]] = book.worksheets[0].iter_rows(values_only=True)
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet
                raise Unreadable(f"damaged XLSX sheet ({exc})") from None
            texts = [cell_str(c) for c in cells]
            while texts and not texts[-1].strip():
                texts.pop()
            yield texts
    finally:
        book.close()


def read_ties(paths: list[str | Path] | tuple[str | Path, ...]) -> Ties:
    """Read and validate ties files together (CSV, XLSX, audit responses); raise InvalidInput.

    One clean CSV table is read at once; everything else row by row (:func:`read_rows`)."""
    if len(paths) == 1:
        clean = _clean_csv(paths[0])
        if clean is not None:
            return clean
    return read_rows(paths)


def read_rows(paths: list[str | Path] | tuple[str | Path, ...]) -> Ties:
    """:func:`read_ties` row by row, whatever the input (what every problem is reported by)."""
    reader = Reader()
    for path in paths:
        _read(reader, path)
    return reader.finish([str(p) for p in paths])


__all__ = [
    "COLUMNS",
    "LEVELS",
    "OPTIONAL",
    "RESPONSE_SUFFIXES",
    "SIDES",
    "Person",
    "Tie",
    "Ties",
    "Unreadable",
    "cell_str",
    "read_rows",
    "read_ties",
]
