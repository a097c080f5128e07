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


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most, equally wide, fields."""
    best, best_width = ",", 1
    for delim in DELIMITERS:
        rows = _sample_rows(sample, delim)
        if not rows:
            continue
        widths = {len(r) for r in rows}
        width = len(rows[0])
        if len(widths) == 1 and width > best_width:
            best, best_width = delim, width
    return best


def _sample_rows(sample: str, delim: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delim))
    except csv.Error:
        return []
    if len(rows) > 1 and not sample.endswith(("\n", "\r")):
        rows = rows[:-1]  # the sample may cut the last record
    return [r for r in rows[:20] if r]
