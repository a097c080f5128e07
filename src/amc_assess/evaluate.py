"""Vectorized evaluation of conditions (skip logic and rubric rules) over many responses."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from amc_assess.kernels import clause_rows, kernel
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
        result &= _test(values, op, operand)
    return result


def evaluate(
    condition: Condition, lookup: Lookup, n: int, out: np.ndarray | None = None
) -> np.ndarray:
    """True where ``condition`` holds, one entry per response (written into ``out``, a bool
    array of ``n``, when given). Many rows: each clause in one compiled pass
    (:func:`amc_assess.kernels.clause_rows`) combined into the result in place; a few: numpy."""
    target = np.empty(n, dtype=bool) if out is None else out
    run = kernel(clause_rows, n)
    if run is clause_rows:  # a few rows (or AMC_KERNELS=python): numpy's whole-array passes
        target[...] = _evaluate(condition, lookup, n)
    else:
        _into(condition, lookup, n, target, SET, run)
    return target


def _evaluate(condition: Condition, lookup: Lookup, n: int) -> np.ndarray:
    if isinstance(condition, Clause):
        return _clause(condition, lookup)
    assert isinstance(condition, Group)
    if condition.not_ is not None:
        return ~_evaluate(condition.not_, lookup, n)
    parts = [_evaluate(child, lookup, n) for child in condition.children()]
    if condition.all_ is not None:
        return np.logical_and.reduce(parts) if parts else np.ones(n, dtype=bool)
    return np.logical_or.reduce(parts) if parts else np.zeros(n, dtype=bool)


SET, AND, OR = 0, 1, 2  # how a part's truth goes into the result: set, and-ed, or-ed
Run = Callable[..., None]


def _combine(out: np.ndarray, part: np.ndarray, combine: int) -> None:
    if combine == SET:
        out[...] = part
    elif combine == AND:
        out &= part
    else:
        out |= part


def _into(condition: Condition, lookup: Lookup, n: int, out: np.ndarray, combine: int,
          run: Run) -> None:  # fmt: skip
    """``condition`` combined into ``out`` (``combine``), one clause at a time."""
    if isinstance(condition, Clause):
        _clause_into(condition, lookup, out, combine, run)
        return
    assert isinstance(condition, Group)
    if condition.not_ is not None:
        part = np.empty(n, dtype=bool)
        _into(condition.not_, lookup, n, part, SET, run)
        _combine(out, np.logical_not(part, out=part), combine)
        return
    children = list(condition.children())
    every = condition.all_ is not None
    if not children:
        _combine(out, np.full(n, every), combine)
        return
    own = AND if every else OR
    target = out if combine in (SET, own) else np.empty(n, dtype=bool)
    for k, child in enumerate(children):  # the first child sets (or joins as the group does)
        _into(child, lookup, n, target, (SET if combine != own else own) if k == 0 else own, run)
    if target is not out:
        _combine(out, target, combine)


_OPS = {"eq": 0, "gt": 1, "gte": 2, "lt": 3, "lte": 4}
TABLE = 5  # the op of a test looked up per code


def _clause_into(clause: Clause, lookup: Lookup, out: np.ndarray, combine: int,
                 run: Run) -> None:  # fmt: skip
    tests = clause.tests()
    values, answered = lookup(*clause.subject)
    plan = _plan(values, *next(iter(tests.items()))) if len(tests) == 1 else None
    if plan is None:  # several tests, 'answered', or 'in' over numbers: numpy
        _combine(out, _clause(clause, lookup), combine)
        return
    data, op, x, table, negate = plan
    run(data, answered, op, x, table, negate, out, combine)


_NO_TABLE = np.zeros(1, dtype=np.uint8)


def _plan(
    values: Values, op: str, operand: object
) -> tuple[np.ndarray, int, float, np.ndarray, bool] | None:
    """One test as :func:`clause_rows` runs it: (values, op, number, table, negate), or None
    where numpy decides. Coded cells: every test is one table of hits per code, made by the
    numpy tests themselves on each code once (and -1, the table's last entry)."""
    if op == "answered":
        return None
    if isinstance(values, Coded):
        codes = values.codes
        if codes.dtype.kind != "i":
            return None
        k = len(values.categories)
        probe = Coded(np.array([*range(k), -1], dtype=np.intp), values.categories)
        hits = _test(probe, op, operand)
        return codes, TABLE, 0.0, hits.astype(np.uint8), False
    if not (values.dtype == np.float64 or values.dtype.kind == "i"):
        return None
    if op in ("eq", "ne"):
        try:
            number = float(_operand(operand))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return values, _OPS["eq"], number, _NO_TABLE, op == "ne"
    if op in _OPS:
        return values, _OPS[op], float(operand), _NO_TABLE, False  # type: ignore[arg-type]
    return None


def _test(values: Values, op: str, operand: object) -> np.ndarray:
    """Where one test of a clause holds (answered or not), by numpy."""
    if op == "eq":
        return _equal(values, operand)
    if op == "ne":
        return ~_equal(values, operand)
    if op in ("in", "not_in"):
        hit = np.zeros(len(values), dtype=bool)
        for each in operand:  # type: ignore[attr-defined]
            hit |= _equal(values, each)
        return ~hit if op == "not_in" else hit
    return _compare(_numbers(values), op, float(operand))  # type: ignore[arg-type]
