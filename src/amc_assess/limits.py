"""Limits on what one input may make amc read or build, declared once and overridable.

A file that would take more than a limit (a zip bomb, a YAML alias bomb, a sheet declaring a
billion cells) is refused before it is read, with one line: the file, what is over which limit
and by how much, and how to raise it. The defaults sit far above any real survey export;
``AMC_LIMITS="rows=2000000,columns=5000"`` or ``amc --limit rows=2000000 ...`` (given before
the command, as often as needed) changes them; the option wins over the variable.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from amc_assess.problems import InvalidInput

ENV = "AMC_LIMITS"
MB = 1 << 20


@dataclass(frozen=True)
class Limit:
    default: int
    unit: str  # how an amount of it is written: "MB" amounts are given in bytes
    help: str


LIMITS: dict[str, Limit] = {
    "file_mb": Limit(1024, "MB", "size of one input file (table, YAML or JSON)"),
    "rows": Limit(2_000_000, "rows", "data rows of one table"),
    "columns": Limit(20_000, "columns", "columns of one table"),
    "cells": Limit(100_000_000, "cells", "rows x columns of one table"),
    "xlsx_mb": Limit(512, "MB", "an XLSX file's parts, unpacked"),
    "xlsx_ratio": Limit(
        100, "times its stored size", "how much larger an XLSX part may unpack than it is stored"
    ),
    "parquet_mb": Limit(2048, "MB", "a Parquet file's data decoded (from its metadata)"),
    "yaml_nodes": Limit(1_000_000, "values", "values of a YAML file, its aliases expanded"),
    "yaml_aliases": Limit(10_000, "aliases", "aliases (*name) in a YAML file"),
    "depth": Limit(100, "levels", "nesting in a YAML file (JSON: past what Python reads)"),
    "digits": Limit(100, "characters", "one number written in a YAML or JSON file"),
    "image_pixels": Limit(25_000_000, "pixels", "a logo image (width x height)"),
}

_options: dict[str, int] = {}


class LimitExceeded(InvalidInput):
    """An input over one of the limits; its one line says which and how to raise it."""


def parse(text: str, source: str) -> dict[str, int]:
    """``name=value,name=value`` as a mapping; ValueError naming ``source`` when malformed."""
    out: dict[str, int] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, raw = (s.strip() for s in part.partition("="))
        if name not in LIMITS:
            known = ", ".join(LIMITS)
            raise ValueError(f"{source}: unknown limit {name!r} (known: {known})")
        value = raw.replace("_", "")
        if not sep or not value.isdigit() or int(value) < 1:
            raise ValueError(f"{source}: {part!r}: give {name}=N, N a whole number above 0")
        out[name] = int(value)
    return out


def configure(options: Iterable[str] = ()) -> None:
    """Take ``--limit`` options (each ``name=value``, or several joined by commas).

    The environment is checked too, so a mistake in it is reported at once."""
    parse(os.environ.get(ENV, ""), ENV)
    merged: dict[str, int] = {}
    for option in options:
        merged.update(parse(option, "--limit"))
    _options.clear()
    _options.update(merged)


@contextmanager
def defaults() -> Iterator[None]:
    """The default limits in force while the block runs, whatever ``--limit`` or
    ``AMC_LIMITS`` say (to make what ships with the package)."""
    saved = dict(_options)
    _options.clear()
    _options.update({name: spec.default for name, spec in LIMITS.items()})
    try:
        yield
    finally:
        _options.clear()
        _options.update(saved)


def value(name: str) -> int:
    """The limit in force: ``--limit``, else ``AMC_LIMITS``, else the default."""
    if name in _options:
        return _options[name]
    try:
        env = parse(os.environ.get(ENV, ""), ENV)
    except ValueError:
        env = {}  # reported by configure(); a library caller keeps the defaults
    return env.get(name, LIMITS[name].default)


def check(name: str, amount: int, file: str, what: str) -> None:
    """Raise :class:`LimitExceeded` when ``amount`` is over the limit ``name``.

    ``what`` says what was measured, e.g. ``the header has``; the line reads
    ``file: the header has 100,000 columns, over the limit of 20,000 by 80,000; raise it ...``.
    """
    limit = value(name) * (MB if LIMITS[name].unit == "MB" else 1)
    if amount > limit:
        raise LimitExceeded([breach(name, amount, file, what)])


def breach(name: str, amount: int, file: str, what: str) -> str:
    """The line for ``amount`` over the limit ``name``."""
    spec, limit = LIMITS[name], value(name)
    if spec.unit == "MB":
        shown, over = f"{amount / MB:,.1f} MB", f"{amount / MB - limit:,.1f} MB"
        return (
            f"{file}: {what} {shown}, over the limit of {limit:,} MB by {over}; "
            f"{_raise(name, math.ceil(amount / MB))}"
        )
    unit = f" {spec.unit}" if spec.unit else ""
    return (
        f"{file}: {what} {amount:,}{unit}, over the limit of {limit:,} by {amount - limit:,}; "
        f"{_raise(name, amount)}"
    )


def more_than(name: str, file: str) -> str:
    """The line for a count found over the limit ``name`` before it was counted to the end."""
    spec = LIMITS[name]
    return f"{file}: it has more than {value(name):,} {spec.unit}, the limit; {_raise(name, None)}"


def _raise(name: str, needed: int | None) -> str:
    n = "N" if needed is None else str(needed)
    return f"raise it with amc --limit {name}={n} (or {ENV}={name}={n})"
