"""The condition language shared by skip logic (``when:``) and rubric rules."""

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, model_validator

from amc_assess.models.base import Definition

Scalar = str | int | float | bool
COMPARISONS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte")


class Clause(Definition):
    """One comparison on an answer, a dimension score or a dimension level."""

    item: str | None = None
    score: str | None = None
    level: str | None = None
    eq: Scalar | None = None
    ne: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_subject_some_test(self) -> "Clause":
        subjects = [s for s in ("item", "score", "level") if getattr(self, s) is not None]
        if len(subjects) != 1:
            raise ValueError("a clause names exactly one of 'item', 'score' or 'level'")
        if not self.tests():
            raise ValueError(
                "a clause needs a test: one of eq, ne, in, not_in, gt, gte, lt, lte, answered"
            )
        if self.answered is not None and self.item is None:
            raise ValueError("'answered' applies to an item only")
        low = max(
            [(v, op) for op, v in (("gte", self.gte), ("gt", self.gt)) if v is not None],
            key=lambda bound: (bound[0], bound[1] == "gt"),  # on a tie, the strict one
            default=None,
        )
        high = min(
            [(v, op) for op, v in (("lte", self.lte), ("lt", self.lt)) if v is not None],
            key=lambda bound: (bound[0], bound[1] == "lte"),
            default=None,
        )
        if low is not None and high is not None:
            strict = low[1] == "gt" or high[1] == "lt"
            if low[0] > high[0] or (low[0] == high[0] and strict):
                raise ValueError(
                    f"{low[1]}: {low[0]:g} and {high[1]}: {high[0]:g}: no value passes both; "
                    "the condition can never hold"
                )
        return self

    @property
    def subject(self) -> tuple[str, str]:
        """(kind, name): kind is 'item', 'score' or 'level'."""
        for kind in ("item", "score", "level"):
            value = getattr(self, kind)
            if value is not None:
                return kind, value
        raise AssertionError("validated clause without subject")

    def tests(self) -> dict[str, Any]:
        """The comparisons this clause makes, by operator name."""
        ops = {op: getattr(self, "in_" if op == "in" else op) for op in COMPARISONS}
        ops["answered"] = self.answered
        return {op: value for op, value in ops.items() if value is not None}


class Group(Definition):
    """``all`` / ``any`` of conditions, or ``not`` of one."""

    all_: "list[Condition] | None" = Field(default=None, alias="all")
    any_: "list[Condition] | None" = Field(default=None, alias="any")
    not_: "Condition | None" = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _exactly_one(self) -> "Group":
        given = [k for k in ("all_", "any_", "not_") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a group has exactly one of 'all', 'any' or 'not'")
        if (self.all_ is not None and not self.all_) or (self.any_ is not None and not self.any_):
            raise ValueError("'all' and 'any' need at least one condition")
        return self

    def children(self) -> "list[Condition]":
        if self.not_ is not None:
            return [self.not_]
        return list(self.all_ or self.any_ or [])


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "group" if {"all", "any", "not"} & value.keys() else "clause"
    return "group" if isinstance(value, Group) else "clause"


Condition = Annotated[
    Annotated[Group, Tag("group")] | Annotated[Clause, Tag("clause")],
    Discriminator(_kind),
]
Group.model_rebuild()


def clauses(condition: Condition) -> list[Clause]:
    """Every clause inside a condition, depth first."""
    if isinstance(condition, Clause):
        return [condition]
    return [c for child in condition.children() for c in clauses(child)]


def placed_clauses(condition: Condition, where: str) -> list[tuple[str, Clause]]:
    """Every clause inside a condition with its field path (``when.all[1]``), depth first."""
    if isinstance(condition, Clause):
        return [(where, condition)]
    key = "not" if condition.not_ is not None else ("all" if condition.all_ is not None else "any")
    if condition.not_ is not None:
        return placed_clauses(condition.not_, f"{where}.not")
    return [
        pair
        for k, child in enumerate(condition.children())
        for pair in placed_clauses(child, f"{where}.{key}[{k}]")
    ]


WORDS = {"eq": "is", "ne": "is not", "in": "is one of", "not_in": "is none of", "gt": ">",
         "gte": "≥", "lt": "<", "lte": "≤"}  # fmt: skip


def condition_text(condition: Condition) -> str:
    """A condition in a reader's words: ``b_exists is yes``, ``score structure ≥ 3 and
    (ctx_repeat_share < 40 or b_exists is no)``."""
    if isinstance(condition, Clause):
        kind, name = condition.subject
        subject = name if kind == "item" else f"{kind} {name}"
        said = []
        for op, value in condition.tests().items():
            if op == "answered":
                said.append(f"{subject} is {'answered' if value else 'not answered'}")
            elif isinstance(value, list):
                said.append(f"{subject} {WORDS[op]} {', '.join(str(v) for v in value)}")
            else:
                shown = f"{value:g}" if isinstance(value, float) else str(value)
                said.append(f"{subject} {WORDS[op]} {shown}")
        return " and ".join(said)
    if condition.not_ is not None:
        return f"not ({condition_text(condition.not_)})"
    joint = " and " if condition.all_ is not None else " or "
    parts = [condition_text(c) for c in condition.children()]
    wrapped = [f"({p})" if " and " in p or " or " in p else p for p in parts]
    return joint.join(wrapped if len(parts) > 1 else parts)
