"""Text tables as spreadsheets write them: encoding and delimiter (stdlib only, no pandas)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from pathlib import Path

DELIMITERS = (",", ";", "\t", "|")


def detect_encoding(path: Path, valid_utf8: Callable[[str], bool] | None = None) -> str:
    """``utf-8-sig`` (BOM), ``utf-16`` (BOM), ``utf-8`` when every byte decodes, else cp1252.

    ``valid_utf8``, when given, checks the whole file instead of Python's decoder."""
    with path.open("rb") as handle:
        start = handle.read(4)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if valid_utf8 is not None:
            return "utf-8" if valid_utf8(str(path)) else "cp1252"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


STRAY = 0.2  # share of sample rows (one at least) that may be wider or narrower than the header


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most, equally wide, fields; where
    none does, the one that splits the header into the most fields and all but a few rows
    (``STRAY``) as wide as it: one row with a stray delimiter is then named as too long, not
    the file's layout taken for one column."""
    best, best_width, mostly, mostly_width = ",", 1, None, 1
    for delim in DELIMITERS:
        rows = _sample_rows(sample, delim)
        if not rows:
            continue
        widths = [len(r) for r in rows]
        width = widths[0]
        if len(set(widths)) == 1 and width > best_width:
            best, best_width = delim, width
        data = len(widths) - 1
        stray = data - sum(w == width for w in widths[1:])
        if data >= 3 and stray <= max(1, STRAY * data) and width > mostly_width:
            mostly, mostly_width = delim, width
    return best if best_width > 1 or mostly is None else mostly


def mixed_delimiters(sample: str) -> tuple[str, str] | None:
    """``(header's, rows')`` where the header splits into fields on one delimiter and every
    data row of the sample into as many on another (rows appended by hand, or by another
    program): no single delimiter reads such a file."""
    for head in DELIMITERS:
        rows = _sample_rows(sample, head)
        if len(rows) < 2 or len(rows[0]) < 2 or any(len(r) == len(rows[0]) for r in rows[1:]):
            continue
        for other in DELIMITERS:
            data = _sample_rows(sample, other)[1:]
            if other != head and data and all(len(r) == len(rows[0]) for r in data):
                return head, other
    return None


def _sample_rows(sample: str, delim: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delim))
    except csv.Error:
        return []
    if len(rows) > 1 and not sample.endswith(("\n", "\r")):
        rows = rows[:-1]  # the sample may cut the last record
    return [r for r in rows[:20] if r]
