"""CSV rows with fewer or more fields than the header.

pandas pads a row cut short with empty cells, so its missing answers would read as unanswered
without a word; and it refuses a row too long without saying which. These find such rows in
the file itself. Rows are data rows after the header rows (0-based), as ``Sheet.read`` gives
them; a blank line has 0 fields.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import mmap
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

CUT_SHORT = "the row has "  # how a row with too few fields is named: first among its problems
SMALL_FILE = 64 << 20  # bytes: a quoted file up to this size is parsed record by record
BLOCK = 1 << 22  # bytes scanned per numpy call


class LineFacts(NamedTuple):
    """What a scan of a file's bytes found besides its line ends."""

    quoted: bool  # a " byte anywhere
    lone_cr: bool  # a \r not followed by \n


def short_rows(
    path: Path, encoding: str, delimiter: str, skip: int, rows: int, width: int,
    candidates: np.ndarray, trailing: np.ndarray, line_ends: np.ndarray | None = None,
    facts: LineFacts | None = None,
) -> dict[int, int]:  # fmt: skip
    """Of the data rows ``candidates`` (those whose last cell is empty: a row cut short has
    an empty last cell), the ones with fewer than ``width`` fields (and more than 0), with
    their field counts. ``trailing``: how many cells at the end of each candidate are empty
    (a full row ends in as many delimiters: only rows that do not are looked at closely).
    ``rows``: the data rows read; ``line_ends``: the offsets of the file's ``\\n`` bytes,
    where already found, and ``facts`` what that scan found. A large file whose records span
    lines (quoted line breaks) cannot be matched line by line and is not checked: {}."""
    if not len(candidates):
        return {}
    counts = _counts(path, encoding, delimiter, skip, rows, candidates, trailing, line_ends,
                     facts)  # fmt: skip
    return {row: n for row, n in counts.items() if 0 < n < width}


def trailing_empty(empty: Callable[[int], np.ndarray], width: int
                   ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """The rows whose last cell is empty and, for each, how many cells at its end are:
    ``empty(j)`` is column j's "is empty" mask, asked for only while some row needs it."""
    candidates = np.flatnonzero(empty(width - 1))
    run = np.ones(len(candidates), np.int64)
    alive = np.arange(len(candidates))
    for j in range(width - 2, -1, -1):
        if not len(alive):
            break
        alive = alive[empty(j)[candidates[alive]]]
        run[alive] += 1
    return candidates, run


def split_rows(short: dict[int, int], width: int) -> dict[int, int]:
    """The rows split in two by a line break inside a cell, each with the row holding its
    rest: two rows in a row, both short, whose fields make one row of ``width`` (the cell
    broken counts in both)."""
    return {r: r + 1 for r in sorted(short)
            if r + 1 in short and short[r] + short[r + 1] - 1 == width}  # fmt: skip


def cut_short(short: dict[int, int], name: str, names: list[str], offset: int
              ) -> dict[str, list[object]]:  # fmt: skip
    """One error per row with fewer fields than the header, at its first missing column: the
    columns of an error table (``file``, ``row``, ``column``, ``item``, ``value``, ``error``).
    A row split by a line break in a cell (:func:`split_rows`) is named so, and the line
    holding its rest is no response of its own (the caller leaves it out)."""
    width = len(names)
    split = split_rows(short, width)
    rest = {after: row for row, after in split.items()}
    rows = sorted(short)
    errors: list[object] = []
    for r in rows:
        if r in split:
            errors.append(
                f"{CUT_SHORT}{short[r]} of the header's {width} fields, and row {offset + r + 1} "
                f"holds the other {width - short[r]}: a line break inside its "
                f"{names[short[r] - 1]!r} cell split it (quote that cell, or remove the line "
                "break); its cells from this column on are read as unanswered"
            )
        elif r in rest:
            errors.append(
                f"the rest of row {offset + rest[r]}, split from it by a line break inside a "
                "cell: not read as a response of its own"
            )
        else:
            errors.append(
                f"{CUT_SHORT}{short[r]} of the header's {width} fields: its cells from this "
                "column on are missing (a row cut short or a stray quote mark joining cells?) "
                "and read as unanswered"
            )
    return {
        "file": [name] * len(rows), "row": [offset + r for r in rows],
        "column": [names[short[r]] if r not in rest else "" for r in rows],
        "item": [""] * len(rows), "value": [""] * len(rows), "error": errors,
    }  # fmt: skip


EOF_IN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")  # pandas: 0-based lines


def parse_problem(
    message: str,
    too_long: bool,
    path: Path,
    encoding: str,
    delimiter: str,
    skip: int,
    width: int,
    names: Sequence[str] = (),
) -> str:
    """What pandas' parser error (or its "too many fields" warning) means in the file: rows
    longer than the header named, a quote never closed named by its row and column
    (``names``: the header's cells)."""
    if too_long or ("Expected" in message and "fields" in message):
        found = long_rows(path, encoding, delimiter, skip, width)
        if not found:
            return f"rows have more fields than the header's {width} (check the delimiter)"
        rows = "; ".join(f"row {skip + row + 1} has {fields}" for row, fields in found)
        more = ", and maybe more" if len(found) == 3 else ""
        return f"{rows} fields where the header has {width}{more} (check the delimiter)"
    if (opened := EOF_IN_QUOTE.search(message)) is not None:
        line = int(opened.group(1))
        where = _open_cell(path, encoding, delimiter, line, names)
        return (
            f'row {line + 1}{where}: a quote (") opens a cell that is never closed, '
            "so the rest of the file would be one cell: remove the stray quote, or close it"
        )
    return f"cannot read as CSV: {message}"


def _open_cell(path: Path, encoding: str, delimiter: str, line: int, names: Sequence[str]) -> str:
    """``, column 'x'`` for the cell of the file's line ``line`` (from 0) that opens the quote
    never closed: the cell the csv module's split of that line ends in. Empty if the line
    cannot be read."""
    with path.open("r", encoding=encoding, newline="", errors="replace") as handle:
        text = next(itertools.islice(handle, line, None), None)
    if text is None:
        return ""
    fields = next(csv.reader([text], delimiter=delimiter), [])
    if not fields or not fields[-1].endswith("\n"):  # a quoted cell keeps the line's break
        return ""  # the line closes all its quotes: do not guess
    at = len(fields) - 1
    return f", column {names[at]!r}" if at < len(names) and names[at] else f", column {at + 1}"


def long_rows(path: Path, encoding: str, delimiter: str, skip: int, width: int,
              limit: int = 3) -> list[tuple[int, int]]:  # fmt: skip
    """The first ``limit`` data rows with more than ``width`` fields, with their counts."""
    found = []
    for row, fields in enumerate(_records(path, encoding, delimiter, skip)):
        if len(fields) > width:
            found.append((row, len(fields)))
            if len(found) == limit:
                break
    return found


def _lone_cr(mm: mmap.mmap) -> bool:
    """Whether a ``\\r`` byte of the mapped file is not followed by ``\\n`` (a line end of
    classic Mac OS, or a stray one): a byte search where the file has none, as most have."""
    first = mm.find(b"\r")
    if first < 0:
        return False
    for start in range(first, len(mm), BLOCK):
        stop = min(start + BLOCK + 1, len(mm))  # one byte more: a \r\n across blocks
        block = np.frombuffer(mm, np.uint8, stop - start, start)
        at = np.flatnonzero(block[:BLOCK] == 13)
        nxt = at + 1
        lone = bool((nxt >= len(block)).any() or (block[nxt[nxt < len(block)]] != 10).any())
        del block, at, nxt  # the map closes only once no array points into it
        if lone:
            return True
    return False


def newline_offsets(mm: mmap.mmap) -> np.ndarray:
    """The offsets of every ``\\n`` byte of a mapped file."""
    parts = []
    for start in range(0, len(mm), BLOCK):
        block = np.frombuffer(mm, np.uint8, min(BLOCK, len(mm) - start), start)
        parts.append(np.flatnonzero(block == 10) + start)
        del block  # the map closes only once no array points into it
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _counts(
    path: Path, encoding: str, delimiter: str, skip: int, rows: int, candidates: np.ndarray,
    trailing: np.ndarray, line_ends: np.ndarray | None, facts: LineFacts | None = None,
) -> dict[int, int]:  # fmt: skip
    if not _bytes_match(encoding, delimiter):  # UTF-16 and the like: decoded, record by record
        return _by_record(path, encoding, delimiter, skip, {int(c) for c in candidates})
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if facts is None or line_ends is None:
            facts = LineFacts(mm.find(b'"') >= 0, _lone_cr(mm))
        quoted = facts.quoted
        if facts.lone_cr:  # lines ending in \r alone: records, not \n lines
            return _by_record(path, encoding, delimiter, skip, {int(c) for c in candidates})
        if quoted and len(mm) <= SMALL_FILE:
            return _by_record(path, encoding, delimiter, skip, {int(c) for c in candidates})
        ends = line_ends if line_ends is not None else newline_offsets(mm)
        lines = len(ends) + (len(mm) > 0 and mm[len(mm) - 1 :] != b"\n")
        if quoted and lines != skip + rows:  # a quoted line break: lines are not records
            return {}
        inside = skip + candidates < lines
        candidates, trailing = candidates[inside], trailing[inside]
        sep = delimiter.encode("ascii")
        data = np.frombuffer(mm, np.uint8)
        try:
            doubtful = candidates[~_ends_in(data, ends, skip + candidates, trailing, sep[0])]
        finally:
            del data  # the map closes only once no array points into it
        out = {}
        for row in doubtful.tolist():
            k = skip + row
            start = int(ends[k - 1]) + 1 if k else 0
            end = int(ends[k]) if k < len(ends) else len(mm)
            line = mm[start:end].rstrip(b"\r")
            if not line:
                out[row] = 0
            elif b'"' in line:
                out[row] = len(next(csv.reader([line.decode(encoding)], delimiter=delimiter)))
            else:
                out[row] = line.count(sep) + 1
        return out


def _ends_in(data: np.ndarray, ends: np.ndarray, lines: np.ndarray, count: np.ndarray,
             sep: int) -> np.ndarray:  # fmt: skip
    """Whether each of ``lines`` (0-based) ends in ``count`` delimiter bytes (before any
    ``\r``), as a full row whose last ``count`` cells are empty does."""
    stop = np.where(lines < len(ends), ends[np.minimum(lines, len(ends) - 1)], len(data))
    stop = stop.astype(np.int64)
    start = np.where(lines > 0, ends[np.maximum(lines - 1, 0)] + 1, 0).astype(np.int64)
    stop -= (stop > start) & (data[np.maximum(stop - 1, 0)] == 13)  # a \r before the \n
    ok = np.ones(len(lines), bool)
    for k in range(0, len(lines), 1 << 16):  # bounded temporaries
        part = slice(k, k + (1 << 16))
        m = count[part]
        owner = np.repeat(np.arange(len(m)), m)
        back = np.arange(int(m.sum())) - np.repeat(np.cumsum(m) - m, m) + 1
        pos = np.repeat(stop[part], m) - back
        good = (pos >= np.repeat(start[part], m)) & (data[np.maximum(pos, 0)] == sep)
        ok[part] = np.bincount(owner[~good], minlength=len(m)) == 0
    return ok


def _by_record(path: Path, encoding: str, delimiter: str, skip: int, wanted: set[int]
               ) -> dict[int, int]:  # fmt: skip
    out = {}
    last = max(wanted)
    for row, fields in enumerate(_records(path, encoding, delimiter, skip)):
        if row in wanted:
            out[row] = len(fields)
        if row >= last:
            break
    return out


def _records(path: Path, encoding: str, delimiter: str, skip: int) -> Iterator[list[str]]:
    """The file's records after ``skip`` header records, as the csv module splits them."""
    with path.open("r", encoding=encoding, newline="", errors="replace") as handle:
        for k, fields in enumerate(csv.reader(handle, delimiter=delimiter)):
            if k >= skip:
                yield fields


def _bytes_match(encoding: str, delimiter: str) -> bool:
    """Whether the delimiter, the quote and the line break are single ASCII bytes in the
    file's encoding (UTF-8, cp1252, Latin-1: yes; UTF-16: no)."""
    try:
        name = codecs.lookup(encoding).name
        plain = "utf-8" if name == "utf-8-sig" else name  # its mark is before the header
        return f'{delimiter}"\n'.encode(plain) == f'{delimiter}"\n'.encode("ascii")
    except (UnicodeError, LookupError):
        return False
