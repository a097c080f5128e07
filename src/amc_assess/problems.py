"""Problems with inputs, as typed values: readers collect them, the CLI prints them.

A :class:`Problem` says where (file, row, field or column, item), what (the value) and why
(the message). Readers never stop at the first one: they return every problem of an input,
structural (an unknown item, a missing column) and value (out of range, unknown label)
together, and :class:`InvalidInput` carries the collection to whoever reports it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

Kind = Literal["file", "structure", "value"]
KINDS: tuple[Kind, ...] = get_args(Kind)
COLUMNS = ("file", "row", "column", "item", "value", "error", "kind")


@dataclass(frozen=True)
class Problem:
    """One problem with an input: ``file: row N: field (item): 'value': message``."""

    file: str
    message: str
    row: int | None = None
    field: str = ""
    item: str = ""
    value: str | None = None
    kind: Kind = "value"

    def line(self) -> str:
        """The one line a person reads."""
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            same = not self.item or self.item == self.field or self.field.endswith(f".{self.item}")
            parts.append(self.field if same else f"{self.field} ({self.item})")
        if self.value is not None and self.value != "":
            parts.append(repr(self.value))
        parts.append(self.message)
        return ": ".join(parts)

    def row_dict(self) -> dict[str, Any]:
        """The problem as a row of an errors table (``COLUMNS``)."""
        return {
            "file": self.file, "row": self.row, "column": self.field, "item": self.item,
            "value": "" if self.value is None else self.value, "error": self.message,
            "kind": self.kind,
        }  # fmt: skip


def _kind(value: object) -> Kind:
    for kind in KINDS:
        if value == kind:
            return kind
    return "value"


def of_row(values: Sequence[Any]) -> Problem:
    """A problem from an errors-table row (``file, row, column, item, value, error[, kind]``).

    A missing or unknown kind reads as ``"value"``.
    """
    file, row, column, item, value, error = values[:6]
    kind = _kind(values[6]) if len(values) > 6 else "value"
    number = _row_number(row)
    return Problem(
        file=str(file), message=str(error), row=number, field=str(column or ""),
        item=str(item or ""), value=None if value is None else str(value), kind=kind,
    )  # fmt: skip


class InvalidInput(Exception):
    """One or more problems with inputs; ``problems`` holds them, ``errors`` their lines,
    ``hint`` a line on what may be behind them all (said after them, not counted)."""

    def __init__(self, problems: Iterable[Problem | str], hint: str | None = None):
        self.problems = [p if isinstance(p, Problem) else Problem("", p) for p in problems]
        self.hint = hint
        super().__init__("\n".join([*self.errors, *([hint] if hint else [])]))

    @property
    def errors(self) -> list[str]:
        return [p.line() for p in self.problems]


class Collector:
    """Gathers problems from several steps; ``check()`` raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem | str) -> None:
        self.problems.append(problem if isinstance(problem, Problem) else Problem("", problem))

    def extend(self, problems: Iterable[Problem | str]) -> None:
        for p in problems:
            self.add(p)

    def absorb(self, exc: InvalidInput) -> None:
        self.problems += exc.problems

    def __bool__(self) -> bool:
        return bool(self.problems)

    def check(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)


def _row_number(row: Any) -> int | None:
    """A row number, or None for an empty cell (None, NaN, pandas' NA)."""
    try:
        number = float(row)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else int(number)
