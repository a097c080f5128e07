"""Scored results, as the renderers (table, JSON, report) read them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from amc_assess.models.base import Model
from amc_assess.models.rubric import Rule

Status = Literal["ok", "insufficient data"]


class DimensionResult(Model):
    dimension: str
    title: str
    status: Status
    score: float | None = Field(description="weighted mean item score, 1..5")
    level: int | None
    level_name: str | None
    answered_share: float = Field(description="answered / applicable items")
    answered: int
    applicable: int
    gap_to_next: float | None = Field(description="score points to the next level; 0 at level 5")
    target: int
    gap_to_target: float | None = Field(description="score points short of the target level")
    percent_to_target: float | None
    descriptor: str | None = Field(default=None, description="what the firm's level looks like")
    next_steps: list[str] = Field(
        default_factory=list, description="the rubric's recommendations for the current level"
    )


class FiredRule(Model):
    id: str
    kind: str
    dimension: str | None
    title: str
    message: str
    source: str | None = None

    @classmethod
    def of(cls, rule: Rule) -> FiredRule:
        """The fired form of a rubric rule."""
        return cls(
            id=rule.id, kind=rule.kind, dimension=rule.dimension, title=rule.title,
            message=rule.message, source=rule.source,
        )  # fmt: skip


class AssessmentResult(Model):
    firm: str | None = None
    respondent: str | None = None
    instrument: str
    instrument_version: str
    rubric: str
    rubric_version: str
    dimensions: list[DimensionResult]
    overall_score: float | None
    overall_level: int | None
    overall_level_name: str | None
    percent_to_target: float | None
    rules: list[FiredRule]
    item_scores: dict[str, int | None] = Field(
        description="item score 1..5; None when don't know, not applicable or skipped"
    )
    network_measures: dict[str, float | None] | None = Field(
        default=None,
        description="relationship-audit measures (shares 0..1, None when undefined) when audit "
        "data was given; their scores are the item scores network_<name>",
    )
