"""Figures in words: scores, shares, progress and gaps as every output prints them."""

from __future__ import annotations

import math

__all__ = ["fmt_gap", "fmt_pct", "fmt_progress", "fmt_score", "plural"]


def fmt_score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def fmt_item(value: float, digits: int = 2) -> str:
    """An item score: a whole number as it is (``4``), else rounded (``4.33``: a firm's mean, or
    a score on a scale of another length)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.{digits}f}"


def fmt_pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def fmt_progress(value: float | None) -> str:
    """Progress to target, rounded down: 100% only when the target is reached."""
    return "–" if value is None else f"{math.floor(100 * value + 1e-9):.0f}%"


def fmt_gap(value: float | None) -> str:
    """Score points, with as many decimals (2 to 6) as it takes for a gap not to read 0."""
    if value is None:
        return "–"
    if value <= 0:
        return "0.00"
    for digits in range(2, 7):
        text = f"{value:.{digits}f}"
        if float(text) > 0:
            return text
    return f"{value:.6f}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 row``, ``1,200 rows``: a count with its noun (an ``s`` added for other counts, or
    ``many``: ``2 copies``)."""
    if count == 1:
        return f"{count:,} {noun}"
    return f"{count:,} {many or noun + 's'}"


def article(word: str) -> str:
    """``a`` or ``an`` before ``word`` (by its first letter: "an agreement item")."""
    return "an" if word[:1].lower() in "aeiou" else "a"
