"""Checks of conditions (skip logic and rubric rules): every name they test exists, was asked
before, and every comparison can pass for some answer; and the "did you mean" of a name."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from amc_assess.formats import article
from amc_assess.metrics import scored_items
from amc_assess.models import Item, Questionnaire, Rubric
from amc_assess.models.conditions import Condition, placed_clauses

CLOSE = 0.8  # difflib's ratio from which an unknown id is taken for a misspelling


def did_you_mean(name: str, names: Sequence[str]) -> str:
    """`` (did you mean 'str_escalation'?)`` for a name spelt close to one of ``names``."""
    close = difflib.get_close_matches(name, list(names), 1, CLOSE)
    return f" (did you mean {close[0]!r}?)" if close else ""


def condition_refs(
    cond: Condition,
    where: str,
    path: str,
    q: Questionnaire,
    earlier: set[str] | None = None,
    dimensions: set[str] | None = None,
    allow_scores: bool = True,
    rubric: Rubric | None = None,
) -> list[str]:
    """One line per problem of ``cond`` (at ``where`` in ``path``): an unknown item or
    dimension, an item asked later (``earlier``: those asked before), a score in skip logic,
    an answer the item lacks, an order test of a non-number, or a bound no answer passes."""
    errors = []
    items = q.item_map() if rubric is None else scored_items(q, rubric)
    for at, clause in placed_clauses(cond, where):
        kind, name = clause.subject
        if kind == "item":
            if name not in items:
                errors.append(
                    f"{path}: {at}.item: {name!r} is not an item of the questionnaire"
                    + did_you_mean(name, list(items))
                )
                continue
            if earlier is not None and name not in earlier:
                errors.append(
                    f"{path}: {at}.item: {name!r} must be asked before the item it controls"
                )
            item = items[name]
            if item.type == "contacts":  # a roster of named colleagues is never tested
                errors.append(
                    f"{path}: {at}.item: {name!r} is a contacts item: it cannot be tested"
                )
                continue
            for op, value in clause.tests().items():
                values = value if op in ("in", "not_in") else [value]
                if item.codes() and op in ("eq", "ne", "in", "not_in"):
                    bad = [v for v in values if _code(v) not in item.codes()]
                    if bad:
                        errors.append(
                            f"{path}: {at}.{op}: {bad[0]!r} is not an answer of {name!r} "
                            f"(expected one of: {', '.join(item.codes())})"
                        )
                if op in ("gt", "gte", "lt", "lte") and item.type not in ("agreement", "number"):
                    errors.append(
                        f"{path}: {at}.{op}: {name!r} is {article(item.type)} {item.type} item, "
                        "not a number"
                    )
                elif op in ("gt", "gte", "lt", "lte"):
                    errors += _beyond(item, q, op, float(value), f"{path}: {at}.{op}", name)
                elif op in ("eq", "ne", "in", "not_in") and item.type in ("agreement", "number"):
                    errors += _not_a_number(item, q, values, f"{path}: {at}.{op}", name)
                if op in ("eq", "in") and (bounds := _range(item, q)) is not None:
                    errors += _outside(bounds, values, f"{path}: {at}.{op}", f"answer of {name!r}")
        elif not allow_scores:
            errors.append(f"{path}: {at}: skip logic can refer to answers only, not '{kind}'")
        elif dimensions is not None and name not in dimensions and name != "overall":
            known = sorted(dimensions)
            errors.append(
                f"{path}: {at}.{kind}: {name!r} is not a dimension of the rubric"
                f"{did_you_mean(name, [*known, 'overall'])} (dimensions: {', '.join(known)}, "
                "or overall)"
            )
        elif rubric is not None:
            low, high = (1.0, float(len(rubric.thresholds()))) if kind == "level" else (
                float(rubric.score_range[0]), float(rubric.score_range[1]))  # fmt: skip
            what = f"{kind} of {name!r}"
            for op, value in clause.tests().items():
                at_op = f"{path}: {at}.{op}"
                if op in ("gt", "gte", "lt", "lte"):
                    errors += _never(low, high, op, float(value), at_op, what)
                elif op in ("eq", "in"):
                    errors += _outside((low, high), value if op == "in" else [value], at_op, what)
    return errors


def _not_a_number(
    item: Item, q: Questionnaire, values: list[object], at: str, name: str
) -> list[str]:
    """An equality test of an agreement or number item against text (``eq: "yes"`` of an
    agreement item), or of an agreement item against a value off its scale (``eq: 2.5``):
    no answer is ever equal, so the rule or question it guards silently never applies."""
    scale = q.scale_named(item.scale or "agree5") if item.type == "agreement" else None
    bounds = _range(item, q)
    for v in values:
        if isinstance(v, int | float) and not isinstance(v, bool):
            if scale is None or v in scale.codes:
                continue
            if bounds is not None and not bounds[0] <= v <= bounds[1]:
                continue  # beyond the scale: _outside says so
        expected = scale.answers_text() if scale is not None else "a number"
        return [f"{at}: {v!r} is not an answer of {name!r} (expected {expected})"]
    return []


def _range(item: Item, q: Questionnaire) -> tuple[float, float] | None:
    """The lowest and highest answer of an agreement or number item, as conditions compare
    them (an agreement item's own codes); None where the item has no such range."""
    scale = q.scale_named(item.scale or "agree5") if item.type == "agreement" else None
    if scale is not None:
        return float(min(scale.codes)), float(max(scale.codes))
    if item.type == "number" and item.min is not None and item.max is not None:
        return float(item.min), float(item.max)
    return None


def _outside(bounds: tuple[float, float], values: object, at: str, what: str) -> list[str]:
    """An ``eq`` or ``in`` whose values are all beyond the range: it can never hold."""
    low, high = bounds
    listed = values if isinstance(values, list) else [values]
    numbers = [v for v in listed if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers or len(numbers) < len(listed) or any(low <= v <= high for v in numbers):
        return []
    shown = ", ".join(f"{v:g}" for v in numbers)
    return [f"{at}: no {what} ({low:g} to {high:g}) is {shown}: the condition can "
            "never hold"]  # fmt: skip


def _beyond(item: Item, q: Questionnaire, op: str, value: float, at: str, name: str) -> list[str]:
    """A comparison no answer of the item can pass (``gte: 20000`` of an item capped at
    5000): the rule or question it guards could never apply."""
    bounds = _range(item, q)
    return [] if bounds is None else _never(*bounds, op, value, at, f"answer of {name!r}")


def _never(low: float, high: float, op: str, value: float, at: str, what: str) -> list[str]:
    """An order test no value from ``low`` to ``high`` passes, or one whose bound lies beyond
    the range so that every value passes (``lt: 95`` of a share from 0 to 1: the rule it
    guards would fire whatever the answer; ``gte`` the lowest value is kept: it says
    "answered", or "scored" of a level)."""
    never = {"gt": value >= high, "gte": value > high, "lt": value <= low, "lte": value < low}
    always = {"gt": value < low, "gte": value < low, "lt": value > high, "lte": value > high}
    if never[op]:
        return [
            f"{at}: no {what} ({low:g} to {high:g}) is {SIGNS[op]} {value:g}: the "
            "condition can never hold"
        ]
    if always[op]:
        share = " (a share runs from 0 to 1: 95% is 0.95)" if high <= 1 < abs(value) else ""
        return [
            f"{at}: every {what} ({low:g} to {high:g}) is {SIGNS[op]} {value:g}: the "
            f"condition always holds{share}"
        ]
    return []


SIGNS = {"gt": "above", "gte": "at or above", "lt": "below", "lte": "at or below"}


def _code(value: object) -> str:
    return (
        {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)
    )


def fraction_bounds(q: Questionnaire, r: Rubric | None, qpath: str, rpath: str) -> list[str]:
    """A warning per test of a share in percent (0 to 100) against a value between 0 and 1
    (``lt: 0.5``): answers are read as percent, so it tests 0.5%, where 50% was likely meant,
    as answers of that size are warned of."""
    items = q.item_map()
    conditions = [(qpath, f"sections[{s}].items[{i}].when", item.when)
                  for s, section in enumerate(q.sections)
                  for i, item in enumerate(section.items) if item.when is not None]  # fmt: skip
    if r is not None:
        conditions += [(rpath, f"rules[{k}].when", rule.when) for k, rule in enumerate(r.rules)]
    out = []
    for path, where, cond in conditions:
        for at, clause in placed_clauses(cond, where):
            kind, name = clause.subject
            item = items.get(name) if kind == "item" else None
            if item is None or not item.share_in_percent:
                continue
            for op, value in clause.tests().items():
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 1:
                        out.append(
                            f"warning: {path}: {at}.{op}: {v:g} of {name!r}, a share in "
                            f"percent (0 to 100), tests {v:g}%; if {v * 100:g}% was meant, "
                            f"write {v * 100:g}"
                        )
    return out
