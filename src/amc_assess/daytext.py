"""Dates as people and survey tools write them, read to ISO days, without pandas: a response
file's assessment date, and each distinct text of a table's date column
(:mod:`amc_assess.ingest.dates` reads the columns).

See :mod:`amc_assess.ingest.dates` for the forms read and the order of slashed dates.
"""

from __future__ import annotations

import datetime as dt
import re

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
    texts: list[str], day_first: bool, known: bool = False, future: bool = False
) -> tuple[list[str | None], list[str], str]:
    """Each text's ISO day (None where it is no date), the message of each bad one ("" for
    good ones), and a note on the order taken for slashed dates where none told it ("", and
    always "" where the order is ``known``: a survey tool's own). A day after today is bad
    unless ``future`` (a response file's: scored, with a warning)."""
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
        if (
            found is not None and found > today and not future
        ):  # a typo (2062), or a day not yet come
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


def one_day(text: str) -> tuple[str | None, str]:
    """A single date (a response file's), read as a column of one is, except that a slashed
    date whose order nothing tells (03/02/2026) is refused, not read month first: the ISO day
    and "", or None and why."""
    cleaned = TIME.sub("", text.strip())
    m = SLASHED.match(cleaned)
    if m and int(m[1]) <= 12 and int(m[3]) <= 12 and m[1] != m[3]:
        return None, "cannot tell day from month: write it as YYYY-MM-DD"
    days, messages, _ = read_days([cleaned], day_first=False, future=True)
    return days[0], messages[0]
