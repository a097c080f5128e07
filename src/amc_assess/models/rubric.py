"""The rubric: how answers become item, dimension and overall scores and levels."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from amc_assess.models.base import Id, Model
from amc_assess.models.conditions import Condition

ItemScore = int  # whole item scores on the 1..5 scale
SCALE_MIN, SCALE_MAX = 1, 5


def _score(value: int) -> int:
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValueError(f"item scores are whole numbers {SCALE_MIN}..{SCALE_MAX}, got {value}")
    return value


class Band(Model):
    """Numeric answers in ``[min, max)`` score ``score`` (the last band includes ``max``)."""

    min: float
    max: float
    score: int

    @field_validator("score")
    @classmethod
    def _in_scale(cls, value: int) -> int:
        return _score(value)


class RubricItem(Model):
    """A scored input: a questionnaire ``item``, or a network ``metric`` (id ``network_<name>``)."""

    item: str = ""
    metric: str | None = None
    weight: float = Field(default=1.0, gt=0)
    reverse: bool = False
    map: dict[str, int] | None = None
    bands: list[Band] | None = None

    @field_validator("map", mode="before")
    @classmethod
    def _keys_as_text(cls, value: object) -> object:
        if isinstance(value, dict):
            return {_code_key(k): v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _item_or_metric(self) -> RubricItem:
        if self.metric is not None:
            if self.item:
                raise ValueError("give 'item' or 'metric', not both")
            self.item = f"network_{self.metric}"
        elif not self.item:
            raise ValueError("'item' (a questionnaire item id) or 'metric' is required")
        return self

    @field_validator("map")
    @classmethod
    def _map_scores(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        for score in (value or {}).values():
            _score(score)
        return value


def _code_key(key: object) -> str:
    if key is True:
        return "yes"
    if key is False:
        return "no"
    return str(key)


class Level(Model):
    level: int = Field(ge=1, le=5)
    name: str = Field(min_length=1)
    min: float


class MissingPolicy(Model):
    min_answered_share: float = Field(default=0.6, gt=0, le=1)


class OverallPolicy(Model):
    require_all_dimensions: bool = True


class Dimension(Model):
    title: str = Field(min_length=1)
    description: str = ""
    weight: float = Field(default=1.0, gt=0)
    target: int = Field(default=4, ge=1, le=5)
    descriptors: dict[int, str]
    recommendations: dict[int, list[str]]
    items: list[RubricItem] = Field(min_length=1)


class Rule(Model):
    id: Id
    kind: Literal["caution", "recommendation", "insight"]
    dimension: str | None = None
    title: str = Field(min_length=1)
    message: str = Field(min_length=1)
    source: str | None = None
    when: Condition


class Rubric(Model):
    id: Id
    version: str = Field(min_length=1)
    questionnaire: str
    levels: list[Level] = Field(min_length=5, max_length=5)
    missing: MissingPolicy = Field(default_factory=MissingPolicy)
    overall: OverallPolicy = Field(default_factory=OverallPolicy)
    dimensions: dict[Id, Dimension] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    def thresholds(self) -> list[float]:
        return [level.min for level in self.levels]

    def level_name(self, level: int) -> str:
        return self.levels[level - 1].name

    def target_score(self, dimension: str) -> float:
        """The score at which the dimension reaches its target level."""
        return self.levels[self.dimensions[dimension].target - 1].min
