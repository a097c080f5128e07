"""The rubric: how answers become item, dimension and overall scores and levels."""

from typing import Literal

from pydantic import Field, field_validator, model_validator

from amc_assess.models.base import Definition, Id, empty_dict, empty_list, raise_located
from amc_assess.models.conditions import Condition

MAX_WEIGHT = 1_000_000  # a weight's sums and products stay exact far past any rubric's need
ItemScore = int | float  # an item score on the rubric's score range (whole numbers stay int)
SCALE_MIN, SCALE_MAX = 1, 5  # the default score range
SOUND = 4  # on the default range, an item score from which a practice needs no advice
SOUND_SHARE = 0.75  # where SOUND lies in any score range: min + 0.75 * (max - min)
MIN_LEVELS, MAX_LEVELS = 2, 7
DEFAULT_LEVELS = (
    "Ad hoc",
    "Emerging",
    "Defined",
    "Managed",
    "Optimizing",
)  # at fifths of the range
AMC_INSTRUMENT = "amc"  # the bundled questionnaire's id: its overall score is the AMC index


def overall_title(instrument: str) -> str:
    """What the overall score is called: the AMC index for the bundled questionnaire (or a
    rubric of one's own for it); for an instrument of one's own, plainly the overall index."""
    return "Overall AMC index" if instrument == AMC_INSTRUMENT else "Overall index"


Effort = Literal["S", "M", "L"]  # small, medium, large: what acting on a piece of advice takes


class Band(Definition):
    """Numeric answers in ``[min, max)`` score ``score`` (the last band includes ``max``)."""

    min: float
    max: float
    score: ItemScore


class ItemAdvice(Definition):
    """What to do about one practice, given when its item score is below ``below``."""

    text: str = Field(min_length=1)
    below: float = SOUND  # default: the rubric's sound score (4 on 1..5: scores 1..3)
    effort: Effort
    horizon: str | None = None  # when not given, the report derives it from the effort
    because: str | None = None  # a short template the report may fill with the answer


class RubricItem(Definition):
    """A scored input: a questionnaire ``item``, or a network ``metric`` (id ``network_<name>``)."""

    item: str = ""
    metric: str | None = None
    weight: float = Field(default=1.0, gt=0, le=MAX_WEIGHT)
    reverse: bool = False
    map: dict[str, ItemScore] | None = None
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
    def _item_or_metric(self) -> "RubricItem":
        if self.metric is not None:
            if self.item:
                raise ValueError("give 'item' or 'metric', not both")
            self.item = f"network_{self.metric}"
        elif not self.item:
            raise ValueError("'item' (a questionnaire item id) or 'metric' is required")
        return self


def _code_key(key: object) -> str:
    if key is True:
        return "yes"
    if key is False:
        return "no"
    return str(key)


class Level(Definition):
    level: int = Field(ge=1, le=MAX_LEVELS)
    name: str = Field(min_length=1)
    min: float


class MissingPolicy(Definition):
    min_answered_share: float = Field(default=0.6, gt=0, le=1)


class OverallPolicy(Definition):
    require_all_dimensions: bool = True


class Recommendation(Definition):
    """A step from a dimension's level to the next; ``addresses`` names the practices it moves.

    A plain string in the rubric is a recommendation that addresses no named practice.
    """

    text: str = Field(min_length=1)
    addresses: list[str] = Field(default_factory=empty_list)
    effort: Effort = "M"
    horizon: str | None = None


class Dimension(Definition):
    title: str = Field(default="", min_length=1)  # default: the dimension id in words
    description: str = ""
    weight: float = Field(default=1.0, gt=0, le=MAX_WEIGHT)
    target: int = Field(default=4, ge=1, le=MAX_LEVELS)  # the top level when it is below 4
    descriptors: dict[int, str] = Field(default_factory=empty_dict)
    recommendations: dict[int, list[Recommendation]] = Field(default_factory=empty_dict)
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

    @property
    def advises(self) -> bool:
        """Whether the rubric holds any advice for this dimension: for a practice, or a
        recommendation for a level (the report and the markdown say so where it holds none)."""
        return any(ri.advice for ri in self.items) or bool(self.recommendations)


class Rule(Definition):
    id: Id
    kind: Literal["caution", "recommendation", "insight"]
    dimension: str | None = None
    title: str = Field(min_length=1)
    message: str = Field(min_length=1)
    source: str | None = None
    when: Condition
    addresses: list[str] = Field(
        default_factory=empty_list
    )  # practices the message asks to improve
    tempers: list[str] = Field(
        default_factory=empty_list,
        description="practices the message advises not to push further: while the rule holds, "
        "their own advice is left out unless it closes a gap to target, and where it does it "
        "is given with a reference to the rule",
    )
    effort: Effort | None = None
    horizon: str | None = None


class Rubric(Definition):
    id: Id
    version: str = Field(min_length=1)
    questionnaire: str
    score_range: tuple[ItemScore, ItemScore] = Field(
        default=(SCALE_MIN, SCALE_MAX),
        description="[lowest, highest] item score; a k-point answer maps linearly onto it",
    )
    levels: list[Level] = Field(
        default_factory=empty_list,
        max_length=MAX_LEVELS,
        description=f"{MIN_LEVELS} to {MAX_LEVELS} levels with ascending thresholds, the first "
        "at the lowest score; left out: five levels at equal fifths of the score range",
    )
    missing: MissingPolicy = Field(default_factory=MissingPolicy)
    overall: OverallPolicy = Field(default_factory=OverallPolicy)
    dimensions: dict[Id, Dimension] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=empty_list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _on_the_range(self) -> "Rubric":
        """Item scores on the score range (errors at their field paths); default targets and
        advice thresholds that depend on the levels and the range."""
        low, high = self.score_range
        problems: list[tuple[tuple[str | int, ...], str, object]] = []
        if not low < high:
            message = f"the lowest score must be below the highest (found {low:g}, {high:g})"
            problems.append((("score_range",), message, list(self.score_range)))
        else:
            for dim_id, dim in self.dimensions.items():
                for i, ri in enumerate(dim.items):
                    here = ("dimensions", dim_id, "items", i)
                    scores: list[tuple[tuple[str | int, ...], ItemScore]]
                    scores = [(("map", code), score) for code, score in (ri.map or {}).items()]
                    scores += [
                        (("bands", k, "score"), b.score) for k, b in enumerate(ri.bands or [])
                    ]
                    for at, score in scores:
                        if not low <= score <= high:
                            message = f"{score:g} is outside the score range {low:g}..{high:g}"
                            problems.append(((*here, *at), message, score))
        if self.levels and len(self.levels) < MIN_LEVELS:
            message = f"give {MIN_LEVELS} to {MAX_LEVELS} levels, or none for the default five"
            problems.append((("levels",), message, len(self.levels)))
        raise_located("Rubric", problems)
        if not self.levels:  # five levels at equal fifths of the range: AMC's on 1..5
            step = (high - low) / len(DEFAULT_LEVELS)
            self.levels = [
                Level(level=k + 1, name=name, min=round(low + k * step, 6))
                for k, name in enumerate(DEFAULT_LEVELS)
            ]
        for dim_id, dim in self.dimensions.items():
            if not dim.title:
                dim.title = dim_id.replace("_", " ").capitalize()
            if "target" not in dim.model_fields_set:
                dim.target = min(dim.target, len(self.levels))
            for ri in dim.items:
                if ri.advice is not None and "below" not in ri.advice.model_fields_set:
                    ri.advice.below = self.sound()
        return self

    @property
    def score_min(self) -> float:
        return self.score_range[0]

    @property
    def score_max(self) -> float:
        return self.score_range[1]

    def sound(self) -> float:
        """The item score from which a practice needs no advice: 4 on 1..5, the same share of
        any other range."""
        low, high = self.score_range
        if (low, high) == (SCALE_MIN, SCALE_MAX):
            return SOUND
        return low + SOUND_SHARE * (high - low)

    def thresholds(self) -> list[float]:
        return [level.min for level in self.levels]

    def level_name(self, level: int) -> str:
        return self.levels[level - 1].name

    def target_score(self, dimension: str) -> float:
        """The score at which the dimension reaches its target level."""
        return self.levels[self.dimensions[dimension].target - 1].min
