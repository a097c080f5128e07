"""Read tabular inputs (CSV, XLSX, Parquet) into raw text headers and a data frame.

A :class:`Sheet` gives the first rows as text (to detect the export layout) and then
reads the data below the header rows. Rows are numbered as a spreadsheet shows them:
the first line of the file is row 1 (Parquet has no header line: record 1 is row 1).
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from amc_assess import bounds, limits
from amc_assess.deferred_interrupt import held
from amc_assess.ingest import ragged
from amc_assess.ingest.ragged import BLOCK, LineFacts
from amc_assess.ingest.xlsxfast import calamine_rows, unsaved_formulas
from amc_assess.loading import InvalidInput
from amc_assess.progress import UNKNOWN
from amc_assess.textfiles import detect_encoding, mixed_delimiters, sniff_delimiter

HEAD_ROWS = 6
SAMPLE_BYTES = 1 << 16
CHUNK_ROWS = 250_000
CHUNK_MIN_BYTES = 32 << 20
TABULAR = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}
Progress = Callable[[float], None]


@dataclass
class Sheet:
    """One tabular input: its first rows as text and how to read the rest."""

    path: Path
    name: str  # as shown in messages
    kind: str  # csv | xlsx | parquet
    head: list[list[str]]
    encoding: str | None = None
    delimiter: str | None = None
    rows_numbered_from_header: bool = True
    most_lines: int | None = None  # CSV: lines the file can hold at most (None: not counted)
    line_ends: np.ndarray | None = field(default=None, repr=False)  # CSV: offsets of its \n
    line_facts: LineFacts | None = None  # CSV: quotes and lone \r, where line_ends knows them
    short: dict[int, int] = field(default_factory=dict)  # CSV: data rows cut short -> fields
    utf8_unchecked: bool = False  # CSV: "utf-8" from its first bytes (ASCII), the rest not yet
    _frame: pd.DataFrame | None = field(default=None, repr=False)
    sheet: str | None = None  # XLSX: the sheet read, where the workbook has more than one
    unread: list[str] = field(default_factory=list)  # XLSX: other sheets of the same columns
    others: list[str] = field(default_factory=list)  # XLSX: every other sheet of the workbook
    percent: dict[int, list[int]] = field(default_factory=dict)  # XLSX: column -> rows of
    # numbers shown as percentages (Excel keeps 90% as 0.9)

    @property
    def decimal(self) -> str:
        """The decimal mark of numbers written as text: ``,`` in a semicolon-separated file."""
        return "," if self.kind == "csv" and self.delimiter == ";" else "."

    def describe(self) -> str:
        """How the file was read, e.g. ``CSV, cp1252, ';'``."""
        if self.kind != "csv":
            return self.kind.upper() + (f", sheet {self.sheet!r}" if self.sheet else "")
        delim = {"\t": "tab"}.get(self.delimiter or ",", repr(self.delimiter))
        return f"CSV, {self.encoding}, {delim}-separated"

    def read(
        self, skip: int, width: int, progress: Progress | None = None, text: Sequence[int] = ()
    ) -> pd.DataFrame:
        """Data rows after ``skip`` header rows, columns numbered 0..width-1. A CSV file's
        columns ``text`` (names and ids) that pandas read as numbers are read again as text
        (0042 became 42; 12345678901234567 beside a blank cell 1.2345678901234568e16)."""
        if self.kind == "csv":
            return _read_csv(self, skip, width, progress, text)
        assert self._frame is not None
        frame = self._frame.iloc[skip:] if self.kind == "xlsx" else self._frame
        frame = frame.reset_index(drop=True)
        frame.columns = pd.RangeIndex(frame.shape[1])
        if frame.shape[1] < width:
            for j in range(frame.shape[1], width):
                frame[j] = np.nan
        return frame.iloc[:, :width]


def open_sheet(path: Path, name: str, sheet: str | None = None) -> Sheet:
    """Open a CSV, XLSX or Parquet file and read its first rows as text; ``sheet``: the
    workbook's sheet to read (see :func:`chosen_sheets`), else the one :func:`_data_sheet`
    picks."""
    kind = TABULAR.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput([f"{name}: not a CSV, XLSX or Parquet file (by its extension)"])
    if not path.is_file():
        raise InvalidInput([f"{name}: file not found"])
    bounds.table_file(path, name)
    if kind == "csv":
        return _open_csv(path, name)
    if kind == "xlsx":
        return _open_xlsx(path, name, sheet)
    frame = _read_parquet(path, name)
    head = [[str(c) for c in frame.columns]]
    head += [[_text(v) for v in row] for row in frame.head(HEAD_ROWS - 1).itertuples(index=False)]
    return Sheet(path, name, "parquet", head, rows_numbered_from_header=False, _frame=frame)


def _read_parquet(path: Path, name: str) -> pd.DataFrame:
    """Text columns are read as Arrow dictionaries: categoricals without a copy per row."""
    import pyarrow as pa  # lazy: pyarrow is needed for CSV and Parquet inputs only
    import pyarrow.parquet as pq  # lazy: as above

    from amc_assess.ingest import arrowio  # lazy: imports pyarrow

    try:
        text = arrowio.few_texts(pq.ParquetFile(path).metadata)
        table = pq.read_table(path, read_dictionary=text)
    except (pa.ArrowException, OSError):
        try:
            return pd.read_parquet(path)  # pandas reads some files pyarrow alone does not
        except (pa.ArrowException, OSError, ValueError) as exc:
            said = " ".join(str(exc).split()) or type(exc).__name__
            raise InvalidInput([f"{name}: cannot read the table: {said}"]) from None
    return arrowio.frame_of(table)


SIGNATURES = {  # what a file's first bytes say it is, where it is no text
    b"PK\x03\x04": "an XLSX workbook (a zip file): rename it .xlsx",
    b"PAR1": "a Parquet file: rename it .parquet",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls): save it as .xlsx or .csv",
}


def _open_csv(path: Path, name: str) -> Sheet:
    with path.open("rb") as handle:
        start = handle.read(4)
    if (kind := SIGNATURES.get(start)) is not None:
        raise InvalidInput([f"{name}: not a CSV file but {kind}"])
    unchecked = False
    if path.stat().st_size >= CHUNK_MIN_BYTES:
        with path.open("rb") as handle:
            unchecked = handle.read(SAMPLE_BYTES).isascii()
        # ASCII so far: UTF-8 (or cp1252, which reads ASCII alike) until the rows say which
        encoding = "utf-8" if unchecked else _whole_file_encoding(path)
    else:
        encoding = detect_encoding(path)
    while True:
        try:
            delimiter, text = _head(path, name, encoding)
        except UnicodeDecodeError as exc:
            if not unchecked:
                raise InvalidInput([f"{name}: cannot decode as UTF-8 or cp1252: {exc}"]) from None
            text = "\udcff"  # read past the ASCII bytes into others: the whole file decides
        if not unchecked or text.isascii():
            break
        encoding, unchecked = _whole_file_encoding(path), False
    # a byte-order mark left inside the text (a UTF-8 file with one, converted to UTF-16,
    # keeps it after the UTF-16 mark) is no part of the first header
    text = text.lstrip("\ufeff")
    try:
        head = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[:HEAD_ROWS]
    except csv.Error as exc:
        raise InvalidInput([f"{name}: cannot read as CSV: {exc}"]) from None
    return Sheet(path, name, "csv", head, encoding, delimiter, utf8_unchecked=unchecked)


def _head(path: Path, name: str, encoding: str) -> tuple[str, str]:
    """The delimiter and the text of the first rows (UnicodeDecodeError where they do not
    decode)."""
    with path.open("r", encoding=encoding, newline="") as handle:
        sample = handle.read(SAMPLE_BYTES)
        delimiter = sniff_delimiter(sample)
        if (mixed := mixed_delimiters(sample)) is not None:
            raise InvalidInput([
                f"{name}: the header is {mixed[0]!r}-separated but the rows are "
                f"{mixed[1]!r}-separated: save it again with one delimiter throughout"
            ])  # fmt: skip
        handle.seek(0)
        return delimiter, bounds.csv_head(handle, delimiter, HEAD_ROWS, name)  # never cut short


def _whole_file_encoding(path: Path) -> str:
    """:func:`detect_encoding` checking every byte (pyarrow's check of the mapped file)."""
    from amc_assess.ingest import arrowio  # lazy: imports pyarrow

    return detect_encoding(path, arrowio.valid_utf8)


def line_breaks(path: Path) -> tuple[int, np.ndarray, LineFacts | None]:
    """One more than the ``\\n`` and ``\\r`` bytes the file holds, which bounds the lines (and
    so the rows) of a CSV file in any encoding pandas reads, without decoding it; the
    offsets of its ``\\n`` bytes (to find a row cut short); and, from the compiled scan, what
    else it found on the way (None without a C compiler)."""
    import mmap  # lazy: large CSV files only

    from amc_assess.native import library, line_scan  # lazy: large CSV files only

    if path.stat().st_size == 0:  # nothing to map
        return 1, np.zeros(0, np.int64), LineFacts(False, False)
    lib = library()
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if lib is not None:
            data = np.frombuffer(mm, np.uint8)
            try:
                ends, returns, lone, quote = line_scan(lib, data)
            finally:
                del data  # the map closes only once no array points into it
            return len(ends) + returns + 1, ends, LineFacts(quote >= 0, lone)
        parts, returns = [], 0
        for start in range(0, len(mm), BLOCK):
            block = np.frombuffer(mm, np.uint8, min(BLOCK, len(mm) - start), start)
            parts.append(np.flatnonzero(block == 10) + start)
            returns += int(np.count_nonzero(block == 13))
            del block  # the map closes only once no array points into it
    ends = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    return len(ends) + returns + 1, ends, None


def _read_csv(
    sheet: Sheet, skip: int, width: int, progress: Progress | None, text: Sequence[int] = ()
) -> pd.DataFrame:
    options: dict[str, object] = dict(
        sep=sheet.delimiter,
        encoding=sheet.encoding,
        header=None,
        skiprows=skip,
        names=list(range(width)),
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
        decimal=sheet.decimal,
        index_col=False,  # a row wider than the header never shifts into the index
    )
    allowed = min(limits.value("rows"), limits.value("cells") // max(width, 1))
    size = sheet.path.stat().st_size
    if (frame := _scanned(sheet, skip, width, progress, text, allowed, size)) is not None:
        return frame
    if sheet.utf8_unchecked:  # pandas decodes every byte: UTF-8, or cp1252 (as before)
        sheet.encoding, sheet.utf8_unchecked = _whole_file_encoding(sheet.path), False
    if size >= CHUNK_MIN_BYTES and sheet.most_lines is None:  # for the rows cut short
        sheet.most_lines, sheet.line_ends, sheet.line_facts = line_breaks(sheet.path)
    if sheet.most_lines is None or sheet.most_lines - skip > allowed:
        # nrows makes pandas read every row in one chunk (1.6x the CPU time of its
        # low-memory chunks at 1M rows): only for a file that may hold more than allowed
        options["nrows"] = allowed + 1
    try:
        with warnings.catch_warnings():
            # low_memory parsing (3x faster) may type a column differently in its blocks and
            # then returns it as object with a DtypeWarning: the decoder reads mixed columns.
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = _parse_csv(sheet, options, size, progress)
    except (pd.errors.ParserWarning, pd.errors.ParserError) as exc:
        assert sheet.encoding and sheet.delimiter
        header = sheet.head[skip - 1] if 0 < skip <= len(sheet.head) else []
        said = ragged.parse_problem(
            str(exc), isinstance(exc, pd.errors.ParserWarning), sheet.path, sheet.encoding,
            sheet.delimiter, skip, width, header,
        )  # fmt: skip
        raise InvalidInput([f"{sheet.name}: {said}"]) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput([f"{sheet.name}: cannot decode as {sheet.encoding}: {exc}"]) from None
    if len(frame) > allowed:
        bounds.table_size(max(_lines(sheet) - skip, len(frame)), width, sheet.name)
    if width > 1 and sheet.encoding and sheet.delimiter:
        candidates, trailing = ragged.trailing_empty(lambda j: frame[j].isna().to_numpy(), width)
        sheet.short = ragged.short_rows(
            sheet.path, sheet.encoding, sheet.delimiter, skip, len(frame), width, candidates,
            trailing, sheet.line_ends, sheet.line_facts,
        )  # fmt: skip
    inexact = [j for j in text if j < width and _numeric(frame[j])]
    if inexact:  # read again as text: rare, and reading them as text always cost 0.4 s at 1M
        # (and made pandas' parallel read 1.7x slower); "0042" read as a number lost its zeros
        again = pd.read_csv(sheet.path, **{**options, "usecols": inexact, "dtype": "str"})
        for j in inexact:
            frame[j] = again[j].to_numpy()
    return frame


def _scanned(
    sheet: Sheet, skip: int, width: int, progress: Progress | None, text: Sequence[int],
    allowed: int, size: int,
) -> pd.DataFrame | None:  # fmt: skip
    """The rows as the compiled scanner reads them (:mod:`amc_assess.ingest.fastcsv`), or
    None where it cannot read them as pandas would (pandas then reads them)."""
    from amc_assess.ingest import fastcsv  # lazy: CSV input only

    if not fastcsv.readable(sheet.encoding, sheet.delimiter, sheet.decimal):
        return None
    shown = progress if size >= CHUNK_MIN_BYTES else None
    if shown is not None:
        shown(UNKNOWN)
    check = (lambda: _whole_file_encoding(sheet.path) == "utf-8") if sheet.utf8_unchecked else None
    try:
        frame = held(lambda: fastcsv.read(sheet.path, sheet.encoding, sheet.delimiter,
                                          sheet.decimal, skip, width, text, allowed,
                                          check, SAMPLE_BYTES))  # fmt: skip
    except fastcsv.NotUTF8:
        sheet.encoding, sheet.utf8_unchecked = "cp1252", False
        return None
    if frame is not None:
        sheet.short = {}
        if shown is not None:
            shown(1.0)
    return frame


def _numeric(column: pd.Series) -> bool:
    """A name or id column pandas read as numbers: "0042" as 42, 12345678901234567 beside a
    blank cell as 1.2345678901234568e16, "1e5" as 100000.0; it is read again as text."""
    return pd.api.types.is_numeric_dtype(column.dtype) and not column.isna().all()


def _lines(sheet: Sheet) -> int:
    """Lines of a text file (a last line without a line break counts)."""
    count, last = 0, ""
    with sheet.path.open("r", encoding=sheet.encoding, newline="", errors="replace") as handle:
        while chunk := handle.read(CHUNK_MIN_BYTES):
            count, last = count + chunk.count("\n"), chunk[-1]
    return count + (last not in ("", "\n"))


def _parse_csv(
    sheet: Sheet, options: Mapping[str, object], size: int, progress: Progress | None
) -> pd.DataFrame:
    """Read at once, or in chunks that report progress (by bytes read) for a large file.

    pandas 3.1 reads a UTF-8 file named by its path on every core: 1.7-1.9 s against
    3.4-4.5 s in 250,000-row chunks or from an open handle (1M rows x 64 columns, 2 cores,
    medians of 3). Such a file is read at once, its progress unknown (a pulsing bar) until done."""
    if progress is None or size < CHUNK_MIN_BYTES:
        return held(lambda: pd.read_csv(sheet.path, **options))  # on every core: see held
    if _on_every_core(sheet, options):
        progress(UNKNOWN)
        frame = held(lambda: pd.read_csv(sheet.path, **options))
        progress(1.0)
        return frame
    chunks = []
    with sheet.path.open("rb") as handle:
        reader = pd.read_csv(handle, chunksize=CHUNK_ROWS, **options)
        for chunk in reader:
            chunks.append(chunk)
            progress(min(handle.tell() / size, 1.0))
    return pd.concat(chunks, ignore_index=True)


def _on_every_core(sheet: Sheet, options: Mapping[str, object]) -> bool:
    """Whether pandas reads this file in parallel: UTF-8, whole (no ``nrows``)."""
    return sheet.encoding in ("utf-8", "utf-8-sig") and "nrows" not in options


def _workbook(path: Path, name: str) -> Any:
    from openpyxl import load_workbook  # lazy: openpyxl is needed for .xlsx files only

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise InvalidInput([f"{name}: cannot read as XLSX: {exc}"]) from None


def chosen_sheets(path: Path, name: str, wanted: Sequence[str]) -> list[str]:
    """The titles of the sheets ``wanted`` names (ignoring case), in the order given; ``*``
    stands for the sheet read by default and every other of its columns. A name the workbook
    lacks is an error listing its sheets."""
    book = _workbook(path, name)
    try:
        titles = {ws.title.strip().casefold(): ws.title for ws in book.worksheets}
        out: list[str] = []
        for want in wanted:
            if want.strip() == "*":
                first = _data_sheet(book)
                rows = first.iter_rows(max_row=HEAD_ROWS, values_only=True)
                header = _header_guess(list(rows))
                others = [ws.title for ws in book.worksheets
                          if ws is not first and _same_columns(ws, header)]  # fmt: skip
                found = [first.title, *others]
            elif (title := titles.get(want.strip().casefold())) is not None:
                found = [title]
            else:
                listed = ", ".join(repr(ws.title) for ws in book.worksheets)
                raise InvalidInput([f"{name}: no sheet named {want!r} (its sheets: {listed})"])
            out += [t for t in found if t not in out]
        return out
    finally:
        book.close()


def _open_xlsx(path: Path, name: str, wanted: str | None = None) -> Sheet:
    book = _workbook(path, name)
    try:
        sheet = _data_sheet(book) if wanted is None else book[wanted]
        bounds.declared_range(sheet, name)
        fast = calamine_rows(book, sheet, path, name)  # openpyxl's values, some times faster
        if fast is None:
            sheet.reset_dimensions()  # read every row: a stale <dimension> cut rows silently
        rows, percent = (fast, {}) if fast is not None else _sheet_rows(sheet, name)
        for (r, c), cell in unsaved_formulas(book, sheet).items():  # both read from A1
            if r < len(rows) and c < len(rows[r]) and rows[r][c] in (None, ""):
                rows[r][c] = cell  # a bad cell where the answer is, not an empty one
        header = _header_guess(rows[:HEAD_ROWS])
        unread = [other.title for other in book.worksheets
                  if wanted is None and other is not sheet
                  and _same_columns(other, header)]  # fmt: skip
        others = [other.title for other in book.worksheets if other is not sheet]
    finally:
        book.close()
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()  # formatted but empty rows at the end are not data
    frame = pd.DataFrame(rows, dtype=object)
    frame = frame.replace("", np.nan) if len(frame) else frame
    frame = frame.infer_objects()
    head = [[_text(v) for v in row] for row in rows[:HEAD_ROWS]]
    several = len(book.sheetnames) > 1
    return Sheet(path, name, "xlsx", head, _frame=frame, sheet=sheet.title if several else None,
                 unread=unread, percent=percent, others=others)  # fmt: skip


def _data_sheet(book: Any) -> Any:
    """The sheet named ``responses`` (any case), else the first sheet not hidden."""
    named = [ws for ws in book.worksheets if ws.title.strip().casefold() == "responses"]
    shown_ = [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    return (named or shown_ or book.worksheets)[0]


def _header_guess(rows: Sequence[Sequence[object]]) -> list[object]:
    """Of a sheet's first rows, the one with the most cells filled: its header, past any
    title or note rows above it."""
    best: list[object] = []
    most = 0
    for row in rows[:HEAD_ROWS]:
        filled = sum(v not in (None, "") for v in row)
        if filled > most:
            best, most = list(row), filled
    return best


def _same_columns(sheet: Any, header: list[object]) -> bool:
    """Whether ``sheet`` has mostly the same headers in one of its first rows (a title row
    may stand above them): more responses (a sheet a year), not lists or notes."""
    wanted = {str(v).strip() for v in header if v not in (None, "")}
    if len(wanted) < 2:
        return False
    for row in sheet.iter_rows(max_row=HEAD_ROWS, values_only=True):
        given = {str(v).strip() for v in row if v not in (None, "")}
        if len(given & wanted) * 2 >= len(wanted):
            return True
    return False


def _sheet_rows(sheet: Any, name: str) -> tuple[list[list[object]], dict[int, list[int]]]:
    """Every row's values, and per column the rows whose number is shown as a percentage;
    rows and cells are counted as they are read (a sheet need not declare its range, and a
    row far below may widen every row above it)."""
    rows: list[list[object]] = []
    percent: dict[int, list[int]] = {}
    most_rows, most_columns, most_cells = (limits.value(k) for k in ("rows", "columns", "cells"))
    widest = 0
    for row in sheet.iter_rows():
        if len(row) > widest:  # the frame pads every row to the widest
            limits.check("columns", len(row), name, f"row {len(rows) + 1} has")
            widest = len(row)
        if len(rows) >= most_rows or (len(rows) + 1) * widest > most_cells:
            key = "rows" if len(rows) >= most_rows else "cells"
            raise limits.LimitExceeded([limits.more_than(key, name)])
        values = [cell.value for cell in row]
        for j, cell in enumerate(row):
            number = isinstance(values[j], int | float) and not isinstance(values[j], bool)
            if number and "%" in (getattr(cell, "number_format", None) or ""):
                percent.setdefault(j, []).append(len(rows))
        rows.append(values)
    for values in rows:  # every row as wide as the widest (pandas no longer pads)
        values += [None] * (widest - len(values))
    return rows, percent


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
