"""Metadata columns as text: firm and people's names (one line, no formula's error value),
side and level as their codes, years and dates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from amc_assess.ingest.dates import read_dates
from amc_assess.ingest.values import SHEET_ERRORS
from amc_assess.terminal import CONTROL, single_line_problem

META_CODES = {
    "side": {"own": "own", "own firm": "own", "partner": "partner", "partner firm": "partner"},
    "level": {"senior": "senior", "middle": "middle", "operational": "operational"},
}
NAMES = ("firm", "respondent", "function", "role")


def _names(text: pd.Series, plain: bool = False) -> tuple[pd.Series, np.ndarray, list[str]]:
    """Names as text, runs of spaces made one; a cell with a line break or control character
    (as ``amc history add`` refuses it) or a spreadsheet's error value is a bad cell, and no
    name. ``plain``: every cell is known to be printable ASCII (no control character to look
    for)."""
    if plain:
        trouble = pd.Series(False, index=text.index)
    else:
        trouble = text.str.contains(CONTROL.pattern, regex=True).fillna(False)
    # "Acme  Pharma" is "Acme Pharma", as the store's firm key has it (two groups, two reports
    # and one stored firm, a trial); a search first: few names hold a run of spaces
    runs = None if plain else text.str.contains(r"\s\s", regex=True).fillna(False)
    if runs is not None and runs.any():
        text = text.where(~runs, text.str.replace(r"\s+", " ", regex=True))
    hashed = text.str.startswith("#").fillna(False)  # few cells: upper-cased only if any
    if hashed.any():
        trouble |= hashed & text.str.upper().isin(SHEET_ERRORS).fillna(False)
    bad = np.flatnonzero(trouble.to_numpy(dtype=bool))
    messages = [_name_problem(str(value)) for value in text.iloc[bad].tolist()]
    return text.mask(trouble), bad, messages


def _plain_ascii(text: pd.Series) -> bool:
    """Whether every cell is printable ASCII without a space at either end (Arrow-backed text
    only: other text is stripped and searched as before)."""
    if not (isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow"):
        return False
    from amc_assess.ingest.arrowio import plain_ascii  # lazy: imports pyarrow

    return plain_ascii(text.array)


def _name_problem(value: str) -> str:
    if value.upper() in SHEET_ERRORS:
        return "a spreadsheet's error value, not a name"
    return single_line_problem(value) or "not a name"


def decode_meta(
    raw: pd.Series,
    name: str,
    notes: list[str] | None = None,
    day_first: bool = False,
    known: bool = False,
) -> tuple[pd.Series, np.ndarray, list[str]]:
    """A metadata column as text (``year`` a whole number, ``date`` ISO); bad cells, messages.
    ``notes`` gets what a reader should know (the order taken for undecidable dates);
    ``day_first``: such dates are day first (a file with decimal commas), ``known``: for sure
    (a survey tool's own order)."""
    none = np.empty(0, np.int64)
    if name == "date":
        days, bad, messages, note = read_dates(raw, day_first, known)
        if note and notes is not None:
            notes.append(note)
        return days, bad, messages
    if name == "year":
        years = pd.to_numeric(raw, errors="coerce")
        whole = years.notna() & (years == np.floor(years))
        bad = np.flatnonzero(raw.notna().to_numpy() & ~whole.to_numpy())
        return years.where(whole).astype("Int64"), bad, ["expected a year"] * len(bad)
    plain = False  # every cell printable ASCII, nothing to strip (text read by pyarrow)
    if pd.api.types.is_integer_dtype(raw.dtype):
        text = raw.astype("Int64").astype("string")  # every digit: no float on the way
    elif pd.api.types.is_numeric_dtype(raw.dtype):
        numbers = raw.astype(float)
        whole = bool(((numbers == np.floor(numbers)) | numbers.isna()).all())
        text = (numbers.astype("Int64") if whole else numbers).astype("string")
    else:
        text = raw.astype("string")
        plain = _plain_ascii(text)
        text = text if plain else text.str.strip()
        text = text.mask(text == "")
    if name in NAMES:  # a firm or person: one line of plain text, not a formula's error
        return _names(text, plain)
    if name not in META_CODES:
        return text, none, []
    codes = META_CODES[name]
    lowered = text.str.lower().str.replace(r"\s+", " ", regex=True)
    mapped = lowered.map(codes).astype("string")
    bad = np.flatnonzero((text.notna() & mapped.isna()).to_numpy(dtype=bool))
    message = f"expected one of: {', '.join(dict.fromkeys(codes.values()))}"
    return mapped, bad, [message] * len(bad)
