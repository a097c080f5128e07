"""Vectorized evaluation of conditions (skip logic and rubric rules) over many responses."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from amc_assess.models.conditions import Clause, Condition, Group

# lookup(kind, name) -> (values, answered): values is a Series (numbers or codes),
# answered a boolean array; kind is 'item', 'score' or 'level'.
Lookup = Callable[[str, str], tuple[pd.Series, np.ndarray]]


def _operand(value: object) -> object:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _equal(values: pd.Series, operand: object) -> np.ndarray:
    operand = _operand(operand)
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = list(values.cat.categories)
        if str(operand) not in categories:
            return np.zeros(len(values), dtype=bool)
        return np.asarray(values.cat.codes.to_numpy() == categories.index(str(operand)))
    if pd.api.types.is_numeric_dtype(values.dtype):
        try:
            number = float(operand)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return np.zeros(len(values), dtype=bool)
        return np.asarray(values.to_numpy(dtype=float, na_value=np.nan) == number)
    return np.asarray((values.astype("string") == str(operand)).fillna(False).to_numpy(dtype=bool))


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
            numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            with np.errstate(invalid="ignore"):
                hit = {
                    "gt": numbers > operand,
                    "gte": numbers >= operand,
                    "lt": numbers < operand,
                    "lte": numbers <= operand,
                }[op]
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
