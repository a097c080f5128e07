"""Table cells as Python values: text, numbers and dates read the same way everywhere."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def unguard(value: str) -> str:
    """Undo the CSV writer's formula guard (a leading ``'``)."""
    return value[1:] if value.startswith(GUARDED) else value


def cell_text(value: Any) -> str | None:
    """Stripped text; None for an empty or missing cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def cell_float(value: Any) -> float | None:
    """A number; None for an empty, missing or non-numeric cell."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def cell_int(value: Any) -> int | None:
    number = cell_float(value)
    return None if number is None else int(round(number))


def cell_date(value: Any) -> dt.date | None:
    """A date from ISO text, a date(time), or epoch milliseconds (pandas JSON); ValueError when
    the text is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
