"""The questionnaire (instrument): sections of typed items."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from amc_assess.models.base import RESERVED_CODES, Id, Model
from amc_assess.models.conditions import Condition

ItemType = Literal["agreement", "yesno", "choice", "number", "text"]
YESNO_CODES = ("yes", "no")


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


class Item(Model):
    """One question. ``type`` decides which other fields apply."""

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
    when: Condition | None = None

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Item:
        t = self.type
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

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item_map(self) -> dict[str, Item]:
        return {item.id: item for item in self.items()}

    def section_of(self, item_id: str) -> Section:
        for section in self.sections:
            if any(item.id == item_id for item in section.items):
                return section
        raise KeyError(item_id)
