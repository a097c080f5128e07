"""Scored results, as the renderers (table, JSON, report) read them."""

import datetime as dt
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from amc_assess.models.base import Model, empty_dict, empty_list
from amc_assess.models.rubric import Rule
from amc_assess.models.targets import RUBRIC_DEFAULT, Targets, TargetSource, common

Status = Literal["ok", "insufficient data"]


class Completion(Model):
    """How far a respondent got: questions answered of those asked (skip logic applied; a
    don't-know is an answer), and whether the interview says it was finished."""

    answered: int
    asked: int
    dont_know: int = Field(default=0, description="of the answered, those answered don't know")
    finished: bool | None = Field(description="the file's completed: mark; None when absent")
    draft: bool = Field(
        description="not finished, or fewer answered (don't know not counted) than the rubric needs"
    )
    not_asked: list[str] = Field(
        default_factory=empty_list,
        description="items answered though skip logic did not ask them (their answers are "
        "not scored)",
    )
    fractions: dict[str, float] = Field(
        default_factory=empty_dict,
        description="items in percent answered with a fraction between 0 and 1 (0.65 is read "
        "as 0.65%; 65 was probably meant)",
    )

    def describe(self) -> str:
        """``35 of 62 questions answered, 12 more "don't know"; the interview was not
        finished``: a "don't know" is no answer to the score, so it is counted apart."""
        text = f"{self.answered - self.dont_know} of {self.asked} questions answered"
        if self.dont_know:
            text += f', {self.dont_know} more "don\'t know"'
        return text + ("; the interview was not finished" if self.finished is False else "")


class DimensionResult(Model):
    dimension: str
    title: str
    status: Status
    score: float | None = Field(description="weighted mean item score, on the score range")
    level: int | None
    level_name: str | None
    answered_share: float = Field(description="answered / applicable items")
    answered: int
    applicable: int
    gap_to_next: float | None = Field(
        description="score points to the next level; 0 at the top level"
    )
    target: int = Field(description="the target level")
    target_source: TargetSource = Field(
        default=RUBRIC_DEFAULT, description="where the target level comes from"
    )
    gap_to_target: float | None = Field(description="score points short of the target level")
    percent_to_target: float | None = Field(
        description="progress to target in level steps, 0..1 (scoring.PROGRESS_DEFINITION)"
    )
    descriptor: str | None = Field(default=None, description="what the firm's level looks like")
    next_steps: list[str] = Field(
        default_factory=empty_list, description="the rubric's recommendations for the current level"
    )


class FiredRule(Model):
    id: str
    kind: str
    dimension: str | None
    title: str
    message: str
    source: str | None = None

    @classmethod
    def of(cls, rule: Rule) -> "FiredRule":
        """The fired form of a rubric rule."""
        return cls(
            id=rule.id, kind=rule.kind, dimension=rule.dimension, title=rule.title,
            message=rule.message, source=rule.source,
        )  # fmt: skip


class AssessmentResult(Model):
    firm: str | None = None
    respondent: str | None = None
    date: dt.date | None = Field(default=None, description="the assessment's date, as answered")
    side: Literal["own", "partner"] | None = Field(
        default=None, description="the respondent's side: own (the assessed firm) or partner"
    )
    completion: Completion | None = Field(
        default=None, description="how far the respondent got (response files only)"
    )
    instrument: str
    instrument_version: str
    rubric: str
    rubric_version: str
    dimensions: list[DimensionResult]
    overall_score: float | None
    score_range: tuple[float, float] = Field(
        default=(1, 5), description="the rubric's lowest and highest score (1..5 by default)"
    )
    overall_level: int | None
    overall_level_name: str | None
    percent_to_target: float | None = Field(
        description="overall progress to target in level steps, 0..1 (scoring.PROGRESS_DEFINITION)"
    )
    targets: Targets = Field(description="the target levels and where they come from")
    rules: list[FiredRule]
    item_scores: dict[str, int | float | None] = Field(
        description="item score on the rubric's score range (1..5 by default); None when "
        "don't know, not applicable or skipped"
    )
    network_measures: dict[str, float | None] | None = Field(
        default=None,
        description="relationship-audit measures (shares 0..1, None when undefined) when audit "
        "data was given; their scores are the item scores network_<name>",
    )

    @model_validator(mode="before")
    @classmethod
    def _targets_of_dimensions(cls, data: Any) -> Any:
        """A result written before targets were recorded: its dimensions' targets."""
        if not isinstance(data, dict) or "targets" in data:
            return data
        try:
            dims = [
                d if isinstance(d, DimensionResult) else DimensionResult.model_validate(d)
                for d in data.get("dimensions") or []
            ]
        except (TypeError, ValidationError):
            return data  # validation reports what is wrong with the dimensions
        levels = {d.dimension: d.target for d in dims}
        source = common([d.target_source for d in dims])
        return {**data, "targets": Targets(levels=levels, source=source)}
