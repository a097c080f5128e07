"""The questionnaire (instrument): sections of typed items."""

from typing import Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from amc_assess.models.base import RESERVED_CODES, Definition, Id, raise_located
from amc_assess.models.conditions import Condition
from amc_assess.models.scales import Scale, ScaleField, _default_scales
from amc_assess.numtext import in_percent

ItemType = Literal["agreement", "yesno", "choice", "number", "text", "contacts"]
YESNO_CODES = ("yes", "no")
RATINGS = ("frequency", "importance", "closeness")
"""The three ratings of every tie in a contacts roster (the relationship audit)."""


class Option(Definition):
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


class Rating(Definition):
    """How a contacts roster asks one rating of a tie: the question and its 5-point scale."""

    text: str = Field(min_length=1)
    scale: str = Field(min_length=1)
    help: str | None = None


class Item(Definition):
    """One question. ``type`` decides which other fields apply.

    A ``contacts`` item is a roster: the respondent names the colleagues they deal with on
    the alliance and rates each tie on the three ``ratings``; ``key_contact`` also asks
    whether each contact is their firm's designated key contact. It is never scored.
    """

    id: Id
    type: ItemType
    text: str = Field(min_length=1)
    text_partner: str | None = Field(
        default=None,
        min_length=1,
        description="the question as a respondent from the partner's side reads it ({firm}: "
        "the assessed firm's name)",
    )
    help: str | None = Field(default=None, min_length=1)
    source: str | None = Field(default=None, min_length=1)
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
    def _fields_fit_type(self) -> "Item":
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

    @property
    def share_in_percent(self) -> bool:
        """A number answered in percent of a whole (0 to 100): 0.65 there reads as 0.65%, and
        65% was probably meant (the interview asks again; files and tables are warned of)."""
        return self.type == "number" and in_percent(self.unit) and (self.max or 0) >= 100

    def codes(self) -> tuple[str, ...]:
        """Valid answer codes of a yesno or choice item (empty for other types)."""
        if self.type == "yesno":
            return YESNO_CODES
        if self.type == "choice" and self.options:
            return tuple(o.code for o in self.options)
        return ()


class Section(Definition):
    id: Id
    title: str = Field(default="", min_length=1)  # default: the section id in words
    intro: str = ""
    intro_partner: str | None = Field(
        default=None, description="the intro for a respondent from the partner's side ({firm})"
    )
    dimension: str | None = None
    items: list[Item] = Field(min_length=1)


class Questionnaire(Definition):
    id: Id
    version: str = Field(min_length=1)
    title: str = Field(default="", min_length=1)  # default: the id
    description: str = ""
    scales: dict[str, ScaleField] = Field(default_factory=lambda: _default_scales())
    sections: list[Section] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _titles(self) -> "Questionnaire":
        """Titles left out read as the ids."""
        self.title = self.title or self.id
        for section in self.sections:
            section.title = section.title or section.id.replace("_", " ").capitalize()
        return self

    @model_validator(mode="after")
    def _rosters(self) -> "Questionnaire":
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
                    at = (*here, "ratings", name, "scale")
                    scale = self.scale_named(rating.scale)
                    if scale is None:
                        known = ", ".join(self.scales)
                        message = f"unknown scale {rating.scale!r} (known: {known})"
                        problems.append((at, message, rating.scale))
                    elif not (scale.plain and scale.points == 5):
                        message = (
                            f"scale {rating.scale!r} must be a list of 5 labels (a tie is rated "
                            "1..5)"
                        )
                        problems.append((at, message, rating.scale))
        raise_located("Questionnaire", problems)
        return self

    def scale_of(self, item: Item) -> Scale:
        """The scale of an agreement item."""
        scale = self.scale_named(item.scale or "agree5")
        if scale is None:
            raise KeyError(item.scale)
        return scale

    def scale_named(self, name: str) -> Scale | None:
        """The scale of that name, None when the questionnaire has none."""
        labels = self.scales.get(name)
        if labels is None:
            return None
        return labels if isinstance(labels, Scale) else Scale.labeled(labels)

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def for_side(self, side: str | None, firm: str) -> "Questionnaire":
        """The questionnaire as a respondent of ``side`` reads it: for the partner's side,
        each item's ``text_partner`` and each section's ``intro_partner`` (``{firm}`` filled
        in) where it has one."""
        if side != "partner":
            return self
        sections = [
            section.model_copy(update={
                "intro": (section.intro_partner or section.intro).replace("{firm}", firm),
                "items": [
                    item.model_copy(update={"text": item.text_partner.replace("{firm}", firm)})
                    if item.text_partner else item
                    for item in section.items
                ],
            })
            for section in self.sections
        ]  # fmt: skip
        return self.model_copy(update={"sections": sections})

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
