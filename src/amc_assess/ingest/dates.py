"""Assessment dates as survey tools and spreadsheets write them, read to ISO days.

* ``2026-03-02``, ``2026/03/02`` (a time after it, as in timestamps, is dropped);
* ``02.03.2026`` and ``2.3.26``: day first, always (the dotted form is day.month.year);
* ``03/02/2026`` or ``03-02-2026``: the column's order, told by a date in it whose first or
  second number is above 12; where none tells, month first (US survey tools' exports), or day
  first in a file with decimal commas, and a note says which was taken;
* ``Mar 2, 2026``, ``2 March 2026``, ``2-Mar-26`` (English month names).

A date without a day (``March 2026``), a day that does not exist (``31.02.2026``) or has not
come yet (a typed 2062, as ``amc history add`` refuses it), or a form
the column uses both ways (``25/03/2026`` beside ``03/25/2026``, for its undecidable dates) is
a bad cell, not a guess.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

TIME = re.compile(r"[ T]\d{1,2}:\d{2}.*$")  # a timestamp's time of day and zone
ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?$")
SLASHED = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})$")
WORDS = ("%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y",
         "%d-%b-%y", "%d %b, %Y", "%d %B, %Y", "%b. %d, %Y")  # fmt: skip
EXPECTED = "expected a date (YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY or 2 March 2026)"
BOTH_WAYS = (
    "cannot tell day from month: this column has dates written day first and others month "
    "first; write it as YYYY-MM-DD"
)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _worded(text: str) -> str | None:
    cleaned = " ".join(text.replace("Sept", "Sep").split())
    for form in WORDS:
        try:
            return dt.datetime.strptime(cleaned, form).date().isoformat()
        except ValueError:
            continue
    return None


def read_days(
    texts: list[str], day_first: bool, known: bool = False
) -> tuple[list[str | None], list[str], str]:
    """Each text's ISO day (None where it is no date), the message of each bad one ("" for
    good ones), and a note on the order taken for slashed dates where none told it ("", and
    always "" where the order is ``known``: a survey tool's own)."""
    slashed = {t: m for t in texts if (m := SLASHED.match(t))}
    first_big = any(int(m[1]) > 12 for m in slashed.values())
    second_big = any(int(m[3]) > 12 for m in slashed.values())
    order_day_first = first_big or (day_first and not second_big)
    today = dt.date.today().isoformat()
    days: list[str | None] = []
    messages: list[str] = []
    undecided = 0
    for text in texts:
        found: str | None = None
        message = EXPECTED
        if m := ISO.match(text):
            found = _day(int(m[1]), int(m[2]), int(m[3]))
        elif m := DOTTED.match(text):
            found = _day(_year(m[3]), int(m[2]), int(m[1]))
        elif m := slashed.get(text):
            a, b, year = int(m[1]), int(m[3]), _year(m[4])
            if first_big and second_big and a <= 12 and b <= 12:
                message = BOTH_WAYS
            else:
                undecided += not (first_big or second_big) and a <= 12 and b <= 12 and a != b
                day_first_here = a > 12 or (b <= 12 and order_day_first)  # its own, if it tells
                found = _day(year, b, a) if day_first_here else _day(year, a, b)
        elif any(c.isalpha() for c in text):
            found = _worded(text)
        if found is not None and found > today:  # a typo (2062), or a day not yet come
            found, message = None, f"after today ({today}): check the date"
        days.append(found)
        messages.append("" if found is not None else message)
    note = ""
    if undecided and not known:
        order = (
            "day first (DD/MM/YYYY, as the file's decimal commas suggest)"
            if (order_day_first)
            else "month first (MM/DD/YYYY, as US survey tools write them)"
        )
        note = (
            f"{undecided} date{'s' * (undecided > 1)} such as "
            f"{next(t for t in slashed if int(slashed[t][1]) <= 12 and int(slashed[t][3]) <= 12)}"
            f" read {order}: no date in the column has a day above 12 to tell; write dates as "
            "YYYY-MM-DD to be sure"
        )
    return days, messages, note


def read_dates(
    raw: pd.Series, day_first: bool = False, known: bool = False
) -> tuple[pd.Series, np.ndarray, list[str], str]:
    """A column of dates as ISO days (categorical); the bad cells' rows and messages; a note
    on the order taken for undecidable slashed dates ("" when none or ``known``)."""
    if raw.dtype.kind == "M":
        day = raw.dt.tz_localize(None) if raw.dt.tz is not None else raw
        texts = day.dt.strftime("%Y-%m-%d")
    else:
        texts = raw.astype("string").str.strip().str.replace(TIME, "", regex=True)
        texts = texts.mask(texts == "")
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    days, messages, note = read_days([str(u) for u in uniques], day_first, known)
    labels = pd.Series(days, dtype=object)
    label_codes, categories = pd.factorize(labels, use_na_sentinel=True)  # two spellings, one day
    lut = np.append(label_codes, -1)
    dates = pd.Categorical.from_codes(
        lut[np.where(codes < 0, len(uniques), codes)], categories=categories
    )
    invalid = np.array([d is None for d in days] + [False], dtype=bool)
    bad = np.flatnonzero(invalid[np.where(codes < 0, len(uniques), codes)])
    per_unique = np.array(messages + [""], dtype=object)
    return (
        pd.Series(dates, index=raw.index),
        bad,
        [str(m) for m in per_unique[np.where(codes < 0, len(uniques), codes)][bad]],
        note,
    )
