"""Numbers written as text: one reading for answers typed in the interview and read from files.

The decimal mark is ``.`` (the interview, comma-separated files, spreadsheets) or ``,``
(semicolon-separated files, as European spreadsheet programs write them). The other mark is a
thousands separator where it groups digits by three (``1,200`` and ``1.200,5``); elsewhere it
is read as a decimal mark too (``12,5`` is 12.5): there it cannot mean thousands.
"""

from __future__ import annotations

import re

_PLAIN = r"[+-]?(\d+(D\d*)?|D\d+)"
_GROUPED = r"[+-]?[1-9]\d{0,2}(G\d{3})+(D\d+)?"  # "0.044" groups no thousands


def _patterns(decimal: str, group: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    d, g = re.escape(decimal), re.escape(group)
    return (
        re.compile(_PLAIN.replace("D", d).replace("G", g) + r"\Z"),
        re.compile(_GROUPED.replace("D", d).replace("G", g) + r"\Z"),
    )


_MARKS = {".": ",", ",": "."}
_READING = {decimal: _patterns(decimal, group) for decimal, group in _MARKS.items()}
_OTHER = {decimal: _patterns(group, decimal)[0] for decimal, group in _MARKS.items()}


def read_number(text: str, decimal: str = ".") -> float | None:
    """The number ``text`` writes (spaces around it aside), or None when it writes none."""
    raw = text.strip()
    plain, grouped = _READING[decimal]
    if plain.match(raw):
        return float(raw.replace(decimal, "."))
    group = _MARKS[decimal]
    if grouped.match(raw):
        return float(raw.replace(group, "").replace(decimal, "."))
    if _OTHER[decimal].match(raw):  # the other mark, not grouping by three: a decimal mark
        return float(raw.replace(group, "."))
    return None


def without_unit(text: str, unit: str | None) -> tuple[str, bool]:
    """``text`` without the item's ``unit`` after it (``"90 %"`` -> ``"90"``, any case), or
    the unit's first words (``"10 hours"`` of *hours per quarter*), and whether it was there:
    the interview and a file's cells read "12 FTE" alike."""
    raw = text.strip()
    if unit and raw.casefold().endswith(unit.casefold()):
        return raw[: -len(unit)].strip(), True
    words = (unit or "").split()
    for k in range(len(words) - 1, 0, -1):  # its first words: "10 hours" of hours per quarter
        part = " ".join(words[:k])
        head = raw[: -len(part)]
        if raw.casefold().endswith(part.casefold()) and head[-1:] in " 0123456789":
            return head.strip(), True
    if in_percent(unit) and raw.endswith("%"):  # "0.05%" of an item in "% of revenue"
        return raw[:-1].strip(), True
    return raw, False


def in_percent(unit: str | None) -> bool:
    """Whether an item's unit is a percentage (``%``, ``% of revenue``)."""
    return bool(unit) and str(unit).strip().startswith("%")


def with_unit_text(number: str, unit: str | None) -> str:
    """A number as text followed by its item's unit, as people write it: ``55%``, ``0.5% of
    revenue`` (a percent sign against the number), ``12 FTE`` (other units after a space)."""
    if not unit:
        return number
    return f"{number}{'' if unit.startswith('%') else ' '}{unit}"
