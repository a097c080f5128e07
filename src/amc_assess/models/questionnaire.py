"""The questionnaire (instrument): sections of typed items."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from amc_assess.models.base import RESERVED_CODES, Id, Model
from amc_assess.models.conditions import Condition

ItemType = Literal["agreement", "yesno", "choice", "number", "text", "contacts"]
YESNO_CODES = ("yes", "no")
RATINGS = ("frequency", "importance", "closeness")
"""The three ratings of every tie in a contacts roster (the relationship audit)."""


class Option(Model):
    code: str = Field(min_length=1, max_length=64)
    label: str = Field(min_length=1)

    @field_validator("code", mode="before")
    @classmethod
    def _code_as_text(cls, value: object) -> object:
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )

    @field_validator("code")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_CODES:
            raise ValueError(f"{value!r} is reserved for the answer state of that name")
        return value


class Rating(Model):
    """How a contacts roster asks one rating of a tie: the question and its 5-point scale."""

    text: str = Field(min_length=1)
    scale: str = Field(min_length=1)
    help: str | None = None


class Item(Model):
    """One question. ``type`` decides which other fields apply.

    A ``contacts`` item is a roster: the respondent names the colleagues they deal with on
    the alliance and rates each tie on the three ``ratings``; ``key_contact`` also asks
    whether each contact is their firm's designated key contact. It is never scored.
    """

    id: Id
    type: ItemType
    text: str = Field(min_length=1)
    help: str = Field(min_length=1)
    source: str = Field(min_length=1)
    scale: str | None = None
    reverse_worded: bool = False
    options: list[Option] | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    not_applicable: bool = False
    ratings: dict[str, Rating] | None = None
    key_contact: bool = False
    when: Condition | None = None

    @field_validator("ratings")
    @classmethod
    def _three_ratings(cls, ratings: dict[str, Rating] | None) -> dict[str, Rating] | None:
        if ratings is None:
            return None
        unknown = [name for name in ratings if name not in RATINGS]
        missing = [name for name in RATINGS if name not in ratings]
        if unknown:
            raise ValueError(
                f"unknown rating {unknown[0]!r} (a tie is rated on exactly: {', '.join(RATINGS)})"
            )
        if missing:
            raise ValueError(
                f"no {' or '.join(missing)} rating (a tie is rated on exactly: "
                f"{', '.join(RATINGS)})"
            )
        return {name: ratings[name] for name in RATINGS}

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Item:
        t = self.type
        if t == "contacts":
            if self.ratings is None:
                raise ValueError(
                    f"a contacts item needs 'ratings' for {', '.join(RATINGS)} "
                    "(each with text and scale)"
                )
            if self.not_applicable:
                raise ValueError("'not_applicable' does not apply to contacts items")
        elif self.ratings is not None or self.key_contact:
            raise ValueError(f"'ratings' and 'key_contact' apply to contacts items, not {t}")
        if t == "choice":
            if not self.options or len(self.options) < 2:
                raise ValueError("a choice item needs at least two options")
            codes = [o.code for o in self.options]
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                raise ValueError(f"duplicate option codes: {', '.join(dupes)}")
        elif self.options is not None:
            raise ValueError(f"'options' applies to choice items, not {t}")
        if t == "number":
            if self.min is None or self.max is None:
                raise ValueError("a number item needs 'min' and 'max'")
            if self.min >= self.max:
                raise ValueError(f"min ({self.min:g}) must be below max ({self.max:g})")
        elif any(v is not None for v in (self.unit, self.min, self.max)) or self.integer:
            raise ValueError(f"'unit', 'min', 'max' and 'integer' apply to number items, not {t}")
        if t == "agreement":
            if self.scale is None:
                self.scale = "agree5"
        elif self.scale is not None or self.reverse_worded:
            raise ValueError(f"'scale' and 'reverse_worded' apply to agreement items, not {t}")
        return self

    def codes(self) -> tuple[str, ...]:
        """Valid answer codes of a yesno or choice item (empty for other types)."""
        if self.type == "yesno":
            return YESNO_CODES
        if self.type == "choice" and self.options:
            return tuple(o.code for o in self.options)
        return ()


class Section(Model):
    id: Id
    title: str = Field(min_length=1)
    intro: str = ""
    dimension: str | None = None
    items: list[Item] = Field(min_length=1)


class Questionnaire(Model):
    id: Id
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    scales: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "agree5": [
                "Strongly disagree",
                "Disagree",
                "Neither agree nor disagree",
                "Agree",
                "Strongly agree",
            ]
        }
    )
    sections: list[Section] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("scales")
    @classmethod
    def _five_points(cls, scales: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, labels in scales.items():
            if len(labels) != 5:
                raise ValueError(f"scale {name!r} has {len(labels)} labels; it needs 5")
        return scales

    @model_validator(mode="after")
    def _rosters(self) -> Questionnaire:
        """Rating scales exist; at most one contacts item (errors at their field paths)."""
        problems: list[tuple[tuple[str | int, ...], str, object]] = []
        first: str | None = None
        for s, section in enumerate(self.sections):
            for i, item in enumerate(section.items):
                if item.type != "contacts":
                    continue
                here = ("sections", s, "items", i)
                if first is not None:
                    message = f"only one contacts item per questionnaire (the first is {first})"
                    problems.append(((*here, "type"), message, item.type))
                first = first or f"sections[{s}].items[{i}]"
                for name, rating in (item.ratings or {}).items():
                    if rating.scale not in self.scales:
                        known = ", ".join(self.scales)
                        message = f"unknown scale {rating.scale!r} (known: {known})"
                        problems.append(((*here, "ratings", name, "scale"), message, rating.scale))
        if problems:
            raise ValidationError.from_exception_data(
                "Questionnaire",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("questionnaire", "{message}", {"message": m}),
                        loc=loc,
                        input=value,
                    )
                    for loc, m, value in problems
                ],
            )
        return self

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def contacts_item(self) -> Item | None:
        """The roster of a relationship audit, if the questionnaire has one."""
        return next((item for item in self.items() if item.type == "contacts"), None)

    def item_map(self) -> dict[str, Item]:
        return {item.id: item for item in self.items()}

    def section_of(self, item_id: str) -> Section:
        for section in self.sections:
            if any(item.id == item_id for item in section.items):
                return section
        raise KeyError(item_id)
