"""Vectorized evaluation of conditions (skip logic and rubric rules) over many responses."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from amc_assess.models.conditions import Clause, Condition, Group


@dataclass
class Coded:
    """Cells as integer codes into a few distinct values (-1: none), like a categorical."""

    codes: np.ndarray
    categories: list[object]

    def __len__(self) -> int:
        return len(self.codes)


# lookup(kind, name) -> (values, answered): values are numbers (float array) or codes
# (Coded), answered a boolean array; kind is 'item', 'score' or 'level'. A clause holds only
# where ``answered``: values elsewhere may be anything and are never looked at.
Values = np.ndarray | Coded
Lookup = Callable[[str, str], tuple[Values, np.ndarray]]


def _operand(value: object) -> object:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _equal(values: Values, operand: object) -> np.ndarray:
    operand = _operand(operand)
    if isinstance(values, Coded):
        texts = [str(c) for c in values.categories]
        if str(operand) not in texts:
            return np.zeros(len(values), dtype=bool)
        return np.asarray(values.codes == texts.index(str(operand)))
    try:
        number = float(operand)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.zeros(len(values), dtype=bool)
    return _compare(values, "eq", number)


_ORDER = {"eq": np.equal, "gt": np.greater, "gte": np.greater_equal, "lt": np.less,
          "lte": np.less_equal}  # fmt: skip


def _compare(numbers: np.ndarray, op: str, number: float) -> np.ndarray:
    """``numbers <op> number``. Whole-number arrays (levels) are compared with the whole
    number that gives the same answer, in their own type: a float would convert them all."""
    kind = numbers.dtype.kind
    if kind not in "iu" or not math.isfinite(number):
        with np.errstate(invalid="ignore"):
            return np.asarray(_ORDER[op](numbers, number))
    if op == "eq" and not number.is_integer():
        return np.zeros(len(numbers), dtype=bool)
    # a < x  <=>  a < ceil(x);  a <= x  <=>  a <= floor(x);  likewise for > and >=
    bound = math.ceil(number) if op in ("lt", "gte") else math.floor(number)
    info = np.iinfo(numbers.dtype)
    if bound < info.min or bound > info.max:  # beyond the type: every cell on one side
        below = bound < info.min  # every cell is greater than the bound
        holds = {"eq": False, "gt": below, "gte": below, "lt": not below, "lte": not below}[op]
        return np.full(len(numbers), holds)
    return np.asarray(_ORDER[op](numbers, numbers.dtype.type(bound)))


def _numbers(values: Values) -> np.ndarray:
    """Numbers to compare with ``gt``/``lt``: codes that read as numbers, else NaN."""
    if not isinstance(values, Coded):
        return values
    table = np.full(len(values.categories) + 1, np.nan)
    for k, cell in enumerate(values.categories):
        try:
            table[k] = float(str(cell))
        except ValueError:
            pass
    out: np.ndarray = table[values.codes]  # code -1 picks the trailing NaN
    return out


def _clause(clause: Clause, lookup: Lookup) -> np.ndarray:
    kind, name = clause.subject
    values, answered = lookup(kind, name)
    result = answered.copy()
    for op, operand in clause.tests().items():
        if op == "answered":
            result &= answered if operand else ~answered
            continue
        if op == "eq":
            hit = _equal(values, operand)
        elif op == "ne":
            hit = ~_equal(values, operand)
        elif op in ("in", "not_in"):
            hit = np.zeros(len(values), dtype=bool)
            for each in operand:
                hit |= _equal(values, each)
            if op == "not_in":
                hit = ~hit
        else:
            hit = _compare(_numbers(values), op, float(operand))
        result &= hit
    return result


def evaluate(condition: Condition, lookup: Lookup, n: int) -> np.ndarray:
    """True where ``condition`` holds, one entry per response."""
    if isinstance(condition, Clause):
        return _clause(condition, lookup)
    assert isinstance(condition, Group)
    if condition.not_ is not None:
        return ~evaluate(condition.not_, lookup, n)
    parts = [evaluate(child, lookup, n) for child in condition.children()]
    if condition.all_ is not None:
        return np.logical_and.reduce(parts) if parts else np.ones(n, dtype=bool)
    return np.logical_or.reduce(parts) if parts else np.zeros(n, dtype=bool)
