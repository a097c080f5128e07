"""A CSV file read by the compiled scanner (``csvscan.c``) where it reads it as pandas would.

The scanner reads the file's bytes on two threads straight into columns: numbers into float64
arrays, answer labels into codes of a categorical (as a Parquet file's text columns come in,
see :mod:`amc_assess.ingest.arrowio`), mostly distinct texts (ids, names) into pandas' ``str``.
It reads only files whose every row pandas reads the same way: UTF-8 text, rows of exactly the
header's width (or blank), quote marks that open and close cells, and numbers pandas converts
with one exact operation (with the file's decimal mark: a comma in a semicolon-separated file).
For anything else (a row cut short, a stray quote mark, 16-digit numbers, ``inf`` or ``True``
in a column of numbers) it gives up, and the file is read by pandas as before, which also
reports what is wrong with it.

1M rows x 64 columns (364 MB, 2 cores): 0.55-0.65 s to a frame, where pandas' own reading took
0.8-1.0 s and the checks it then needs (line breaks, UTF-8) 0.2 s more; the scanned frame
equals pandas' (tests/test_fastcsv.py), and so does every figure scored from it.
"""

from __future__ import annotations

import ctypes
import mmap
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SKIP, NUMBER, CODE, SPAN, CODE8 = 0, 1, 2, 3, 4  # CODE8: codes as int8 (CODE: int32)
HAD_EMPTY, HAD_FRACTION, HAD_TEXT, HAD_MANY = 1, 2, 4, 8
FEW_IN_FIRST_ROWS = 32  # distinct texts in a column's first rows up to which it is int8 codes
ENCODINGS = ("utf-8", "utf-8-sig")  # a file of another encoding: pandas decodes it
GUESS_BYTES = 1 << 18  # from the first rows, which columns hold numbers
GUESS_ROWS = 500
MOSTLY_DISTINCT = 0.5  # share of distinct texts past which a column is kept as text
NUMBER_TEXT = r"[+-]?(\d+[.]?\d*|[.]\d+)([eE][+-]?\d+)?"  # [.]: the decimal mark
TRUTHS = frozenset({"True", "TRUE", "true", "False", "FALSE", "false"})  # pandas: booleans
_ptr = ctypes.c_void_p


class NotUTF8(ValueError):
    """The file was taken for UTF-8 from its first bytes, but the rest is not."""


def read(
    path: Path, encoding: str | None, delimiter: str | None, decimal: str, skip: int,
    width: int, text: Sequence[int] = (), most: int = 1 << 62,
    utf8: Callable[[], bool] | None = None, checked: int = 0,
) -> pd.DataFrame | None:  # fmt: skip
    """The data rows after ``skip`` header rows as ``pd.read_csv`` reads them (columns
    0..width-1; ``text`` columns as text), or None where the scanner cannot read the file
    as pandas would (or there is no compiled scanner) or it holds more than ``most`` rows.

    ``utf8``: where only the first ``checked`` bytes are known to be ASCII, whether the whole
    file is UTF-8, asked only if the rows hold other bytes (NotUTF8 where it is not)."""
    from amc_assess.clib import library  # lazy: the compiled kernels

    lib = library()
    if lib is None or not readable(encoding, delimiter, decimal) or width < 1:
        return None
    if path.stat().st_size == 0:
        return None
    assert delimiter is not None
    not_utf8 = False
    with path.open("rb") as handle, _mapped(handle.fileno()) as mm:
        data = np.frombuffer(mm, np.uint8)
        try:
            frame = _read(lib, data, delimiter, decimal, skip, width, text, most, utf8, checked)
        except NotUTF8:  # raised again once the map is closed (its frames hold the bytes)
            frame, not_utf8 = None, True
        finally:
            del data  # the map closes only once no array points into it
    if not_utf8:
        raise NotUTF8(f"{path}: not UTF-8 past its first {checked:,} bytes")
    return frame


def _read(
    lib: ctypes.CDLL, data: np.ndarray, delimiter: str, decimal: str, skip: int, width: int,
    text: Sequence[int], most: int, utf8: Callable[[], bool] | None, checked: int,
) -> pd.DataFrame | None:  # fmt: skip
    from amc_assess.clib import threads  # lazy: the compiled kernels

    begin = lib.csv_skip(data.ctypes.data, len(data), skip, ord(delimiter)) if skip else 0
    if begin < 0 or (skip == 0 and data[:3].tobytes() == b"\xef\xbb\xbf"):
        return None
    if utf8 is not None and begin > checked and not utf8():  # header rows past them
        raise NotUTF8("header")
    marks = ord(delimiter), ord(decimal)
    verify = utf8 if begin <= checked else None
    return _Scan(lib, data, begin, *marks, most, threads(), verify).frame(width, set(text))


def readable(encoding: str | None, delimiter: str | None, decimal: str) -> bool:
    """Whether the scanner may read a file of this encoding, delimiter and decimal mark (it
    may still give up on its rows)."""
    return (encoding in ENCODINGS and delimiter is not None and len(delimiter) == 1
            and ord(delimiter) < 128 and delimiter not in '"\r\n\0' + decimal
            and decimal in ".,")  # fmt: skip


def _mapped(fd: int) -> mmap.mmap:
    """The file mapped for reading, its pages mapped at once where the system can (one call
    instead of a fault per 4 KiB page)."""
    populate = getattr(mmap, "MAP_POPULATE", 0)
    if populate:
        return mmap.mmap(fd, 0, flags=mmap.MAP_SHARED | populate, prot=mmap.PROT_READ)
    return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)


Raw = tuple[object, int]  # a column as scanned, and its HAD_* flags


@dataclass
class Spans:
    """A column scanned as the byte offset and size of each cell's text (-1: empty)."""

    starts: np.ndarray
    sizes: np.ndarray


@dataclass
class Codes:
    """A column scanned as codes into its texts (-1: empty), the texts as Arrow buffers."""

    codes: np.ndarray
    offsets: np.ndarray
    blob: np.ndarray


@dataclass
class _Scan:
    """One file's bytes (``data``, rows from ``begin``) and how to scan them."""

    lib: ctypes.CDLL
    data: np.ndarray
    begin: int
    delim: int
    decimal: int
    most: int
    parts: int
    utf8: Callable[[], bool] | None = None  # whether the file is UTF-8, if not yet known
    high: bool = False  # a byte of 0x80 or more in the rows

    def frame(self, width: int, text: set[int]) -> pd.DataFrame | None:
        """The rows as pandas reads them, or None where the scanner gives up."""
        kinds = self.guess(width, text)
        scanned = self.scan(kinds)
        if scanned is None:
            return None
        if self.high and self.utf8 is not None and not self.utf8():
            raise NotUTF8("rows")
        again = [j for j in range(width) if (kinds[j] == NUMBER and scanned[j][1] & HAD_TEXT)
                 or (kinds[j] == CODE8 and scanned[j][1] & HAD_MANY)]  # fmt: skip
        if again:  # numbers in the first rows but not further on (read as text), or more
            # texts than int8 codes hold: read again into int32 codes
            rescan = self.scan([CODE if j in again else SKIP for j in range(width)])
            if rescan is None:
                return None
            for j in again:
                scanned[j] = rescan[j]
        columns: dict[int, object] = {}
        texts: dict[int, object] = {}  # Arrow text arrays: pandas' str, made together
        for j, (raw, had) in enumerate(scanned):
            column = self.column(raw, had, j in text)
            if column is None:
                return None
            if isinstance(column, np.ndarray | pd.Categorical):
                columns[j] = column
            else:
                texts[j] = column
        if texts:
            import pyarrow as pa  # lazy: text columns only (loaded with pandas' str anyway)

            table = pa.table({str(j): a for j, a in texts.items()}).to_pandas(split_blocks=True)
            for j in texts:
                columns[j] = table[str(j)]
        return pd.DataFrame({j: columns[j] for j in range(width)}, copy=False)

    def guess(self, width: int, text: set[int]) -> list[int]:
        """Each column's kind from its first rows: numbers where every cell given is one,
        texts kept as they are where most differ, else codes."""
        import csv  # lazy: as the rest of this reader
        import io

        data, begin = self.data, self.begin
        sample = data[begin : begin + GUESS_BYTES].tobytes().decode("utf-8", errors="replace")
        lines = sample.split("\n")
        body = "\n".join(lines[:-1] if len(lines) > 1 else lines)
        cells: list[list[str]] = [[] for _ in range(width)]
        rows = csv.reader(io.StringIO(body, newline=""), delimiter=chr(self.delim))
        try:
            for k, row in enumerate(rows):
                if k >= GUESS_ROWS:
                    break
                for j, cell in enumerate(row[:width]):
                    if cell:
                        cells[j].append(cell)
        except csv.Error:
            pass  # the scan finds out
        number = re.compile(NUMBER_TEXT.replace("[.]", re.escape(chr(self.decimal))))
        kinds = []
        for j, given in enumerate(cells):
            if j not in text and all(number.fullmatch(c) for c in given):
                kinds.append(NUMBER)
            elif len(given) >= 100 and len(set(given)) > MOSTLY_DISTINCT * len(given):
                kinds.append(SPAN)
            elif len(set(given)) <= FEW_IN_FIRST_ROWS:
                kinds.append(CODE8)
            else:
                kinds.append(CODE)
        return kinds

    def scan(self, kinds: list[int]) -> list[Raw] | None:
        """Scan into new arrays, per column: numbers (float64), :class:`Codes` or
        :class:`Spans`. None where the scanner gives up: on two threads first, then on one
        where a part failed (a part may begin inside a quoted line break)."""
        lib, data = self.lib, self.data
        for tries in (self.parts, 1) if self.parts > 1 else (1,):
            bound = ctypes.c_int64(0)
            handle = lib.csv_plan(data.ctypes.data, self.begin, len(data), len(kinds), tries,
                                  ctypes.byref(bound))  # fmt: skip
            if not handle:
                raise MemoryError("csv_plan: no memory")
            try:
                got = self._scan_plan(handle, kinds, bound.value)
            finally:
                lib.csv_free(handle)
            if got is not None:
                return got
        return None

    def _scan_plan(self, handle: int, kinds: list[int], n: int) -> list[Raw] | None:
        lib, data, width = self.lib, self.data, len(kinds)
        arrays: list[tuple[np.ndarray, ...]] = []
        out, sizes = (_ptr * width)(), (_ptr * width)()
        for j, kind in enumerate(kinds):
            if kind == NUMBER:
                arrays.append((np.empty(n, np.float64),))
            elif kind in (CODE, CODE8):
                arrays.append((np.empty(n, np.int32 if kind == CODE else np.int8),))
            elif kind == SPAN:
                arrays.append((np.empty(n, np.int64), np.empty(n, np.int32)))
                sizes[j] = arrays[-1][1].ctypes.data
            else:
                arrays.append(())
            if arrays[-1]:
                out[j] = arrays[-1][0].ctypes.data
        rows = np.zeros(8, np.int64)
        fault_row = ctypes.c_int64(0)
        kind_array = np.array(kinds, np.int8)
        fault = lib.csv_scan(handle, data.ctypes.data, self.delim, self.decimal,
                             kind_array.ctypes.data, out, sizes, self.most, rows.ctypes.data,
                             ctypes.byref(fault_row))  # fmt: skip
        if fault != 0 or not rows.any():  # no rows: pandas' empty frame
            return None
        self.high |= bool(lib.csv_high(handle))
        had = [lib.csv_had(handle, j) for j in range(width)]
        texts: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for j, kind in enumerate(kinds):
            if kind in (CODE, CODE8) and not had[j] & HAD_MANY:
                # one list of texts, before the rows are made one run
                size = ctypes.c_int64(0)
                count = lib.csv_merge(handle, data.ctypes.data, j, out[j], int(kind == CODE8),
                                      ctypes.byref(size))  # fmt: skip
                if count == -3:  # more texts in all than int8 codes hold
                    had[j] |= HAD_MANY
                    continue
                if count < 0:
                    raise MemoryError("csv_merge: no memory")
                offsets = np.empty(count + 1, np.int64)
                blob = np.empty(max(size.value, 1), np.uint8)
                lib.csv_texts(handle, data.ctypes.data, j, offsets.ctypes.data, blob.ctypes.data)
                texts[j] = (offsets, blob)
        pieces = [
            (lib.csv_part_row0(handle, t), int(rows[t])) for t in range(lib.csv_parts(handle))
        ]
        total = sum(c for _, c in pieces)
        whole = all(s == sum(c for _, c in pieces[:k]) for k, (s, _) in enumerate(pieces))

        def cut(a: np.ndarray) -> np.ndarray:
            return a[:total] if whole else np.concatenate([a[s : s + c] for s, c in pieces])

        raws: list[Raw] = []
        for j, kind in enumerate(kinds):
            if had[j] & HAD_MANY:
                raws.append((None, had[j]))  # read again (frame)
                continue
            got = tuple(cut(a) for a in arrays[j])
            if kind in (CODE, CODE8):
                raws.append((Codes(got[0], *texts[j]), had[j]))
            elif kind == SPAN:
                raws.append((Spans(*got), had[j]))
            else:
                raws.append((got[0] if got else None, had[j]))
        return raws

    def column(self, raw: object, had: int, text: bool) -> object:
        """A scanned column as pandas reads it: int64, float64 (also for a column of no
        cell), a categorical of few texts, else an Arrow text array for pandas' ``str``.
        None where pandas would read its texts otherwise (all of them numbers or booleans)."""
        if isinstance(raw, np.ndarray):  # numbers
            if not had & (HAD_EMPTY | HAD_FRACTION):
                return raw.astype(np.int64)
            return raw
        if isinstance(raw, Spans):
            return self.spans(raw, text)
        assert isinstance(raw, Codes)
        n, count = len(raw.codes), len(raw.offsets) - 1
        if count == 0:
            return np.full(n, np.nan)
        import pyarrow as pa  # lazy: as for pandas' str

        dictionary = pa.LargeStringArray.from_buffers(count, pa.py_buffer(raw.offsets),
                                                      pa.py_buffer(raw.blob))  # fmt: skip
        values = dictionary.to_pylist()
        if not text and self.typed_by_pandas(values):
            return None
        from amc_assess.ingest.arrowio import FEW_TEXTS  # lazy: imports pyarrow

        if count <= FEW_TEXTS and 2 * count <= n:
            return pd.Categorical.from_codes(raw.codes, categories=pd.Index(values),
                                             validate=False)  # fmt: skip
        return dictionary.take(pa.array(raw.codes, mask=raw.codes < 0))

    def spans(self, raw: Spans, text: bool) -> object:
        import pyarrow as pa  # lazy: as for pandas' str

        n = len(raw.sizes)
        valid = raw.sizes >= 0
        if not valid.any():
            return np.full(n, np.nan)
        offsets = np.empty(n + 1, np.int64)
        blob = np.empty(max(self.lib.csv_span_bytes(raw.sizes.ctypes.data, n), 1), np.uint8)
        self.lib.csv_spans(self.data.ctypes.data, raw.starts.ctypes.data, raw.sizes.ctypes.data,
                           n, offsets.ctypes.data, blob.ctypes.data)  # fmt: skip
        mask = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
        array = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(blob),
                                                 mask, n - int(valid.sum()))  # fmt: skip
        first = array.slice(0, 4 * GUESS_ROWS).drop_null().to_pylist()
        if not text and self.typed_by_pandas(first):
            return None  # numbers or booleans in the first rows: pandas may read them all so
        return array

    def typed_by_pandas(self, values: Sequence[str | None]) -> bool:
        """Whether pandas might read texts as numbers or booleans (each one of them: a cell
        of another text keeps a column text)."""
        mark = chr(self.decimal)
        for value in values:
            if value is None or value in TRUTHS:
                continue
            if mark != "." and "." in value:  # not a number where the decimal mark is ","
                return False
            try:
                float(value.replace(mark, "."))
            except ValueError:
                return False
        return True
