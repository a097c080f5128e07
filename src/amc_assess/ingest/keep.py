"""Columns kept through the import because a command groups by them (``amc reliability --by``,
``amc batch --group-by``), whatever they hold: metadata, an item, or a column no item or
metadata field takes (``gender``, ``dept``, a SurveyMonkey ``Custom Data 1``).

A requested name finds a header as item ids do: the exact header first, else every header
that differs from it only in case, spaces or punctuation (more than one: ambiguous)."""

from __future__ import annotations

import difflib

from amc_assess.answertext import compact

PREFIX = "\x00keep:"  # marks a kept column among the metadata while the parts are joined


def find_columns(names: list[str], key: str) -> list[int]:
    """Positions of the headers ``key`` names: the exact one, else the loose matches."""
    exact = [j for j, name in enumerate(names) if name == key]
    if exact:
        return exact[:1]
    wanted = compact(key)
    return [j for j, name in enumerate(names) if wanted and compact(name) == wanted]


def near(names: list[str], key: str, limit: int = 4) -> list[str]:
    """Headers like ``key``: containing it (or contained in it), or spelled closely."""
    wanted = compact(key)
    keys = {compact(name): name for name in names if compact(name)}
    found = [name for low, name in keys.items() if wanted and (wanted in low or low in wanted)]
    found += [keys[low] for low in difflib.get_close_matches(wanted, list(keys), limit, 0.6)]
    return list(dict.fromkeys(found))[:limit]
