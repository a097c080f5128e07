"""The rubric: how answers become item, dimension and overall scores and levels."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from amc_assess.models.base import Id, Model
from amc_assess.models.conditions import Condition

ItemScore = int  # whole item scores on the 1..5 scale
SCALE_MIN, SCALE_MAX = 1, 5
SOUND = 4  # an item score from which a practice needs no advice ("Managed" practice)
Effort = Literal["S", "M", "L"]  # small, medium, large: what acting on a piece of advice takes


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


class ItemAdvice(Model):
    """What to do about one practice, given when its item score is below ``below``."""

    text: str = Field(min_length=1)
    below: float = SOUND  # the default applies to item scores 1..3
    effort: Effort
    horizon: str | None = None  # when not given, the report derives it from the effort
    because: str | None = None  # a short template the report may fill with the answer


class RubricItem(Model):
    """A scored input: a questionnaire ``item``, or a network ``metric`` (id ``network_<name>``)."""

    item: str = ""
    metric: str | None = None
    weight: float = Field(default=1.0, gt=0)
    reverse: bool = False
    map: dict[str, int] | None = None
    bands: list[Band] | None = None
    # Advice decides no score: it is left out of model_dump, so the definition digests
    # (definitions.py) and everything else that dumps an item ignore it.
    advice: ItemAdvice | None = Field(default=None, exclude=True)

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


class Recommendation(Model):
    """A step from a dimension's level to the next; ``addresses`` names the practices it moves.

    A plain string in the rubric is a recommendation that addresses no named practice.
    """

    text: str = Field(min_length=1)
    addresses: list[str] = Field(default_factory=list)
    effort: Effort = "M"
    horizon: str | None = None


class Dimension(Model):
    title: str = Field(min_length=1)
    description: str = ""
    weight: float = Field(default=1.0, gt=0)
    target: int = Field(default=4, ge=1, le=5)
    descriptors: dict[int, str]
    recommendations: dict[int, list[Recommendation]]
    items: list[RubricItem] = Field(min_length=1)

    @field_validator("recommendations", mode="before")
    @classmethod
    def _plain_texts(cls, value: object) -> object:
        """Plain strings become recommendations addressing nothing. Level keys are read as text
        so that error paths say ``recommendations.2[0]``, as the cross-reference checks do."""
        if not isinstance(value, dict):
            return value
        return {
            str(level): [{"text": r} if isinstance(r, str) else r for r in recs]
            if isinstance(recs, list)
            else recs
            for level, recs in value.items()
        }

    def steps(self, level: int) -> list[str]:
        """The texts of the recommendations for ``level``."""
        return [rec.text for rec in self.recommendations.get(level, [])]


class Rule(Model):
    id: Id
    kind: Literal["caution", "recommendation", "insight"]
    dimension: str | None = None
    title: str = Field(min_length=1)
    message: str = Field(min_length=1)
    source: str | None = None
    when: Condition
    addresses: list[str] = Field(default_factory=list)  # practices the message asks to improve
    effort: Effort | None = None
    horizon: str | None = None


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
