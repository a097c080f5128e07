"""Target maturity levels: the rubric's defaults, or levels agreed with the firm.

A response file (or a ``--targets`` file) may carry a ``targets:`` block (:class:`TargetsBlock`):
the levels given per dimension, and who agreed them when. A result carries :class:`Targets`:
the level of every dimension and where the levels come from (:data:`TargetSource`).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator, Field, field_validator

from amc_assess.models.base import Model, empty_dict

TargetSource = Literal[
    "rubric default", "agreed", "given on the command line", "given in the response file",
    "mixed", "not recorded",
]  # fmt: skip
TARGET_SOURCES: tuple[TargetSource, ...] = get_args(TargetSource)
RUBRIC_DEFAULT: TargetSource = "rubric default"
AGREED: TargetSource = "agreed"
ON_THE_COMMAND_LINE: TargetSource = "given on the command line"
IN_THE_RESPONSE_FILE: TargetSource = "given in the response file"
MIXED: TargetSource = "mixed"
NOT_RECORDED: TargetSource = "not recorded"  # a table names the level, not where it came from


def _level(value: object) -> object:
    """A whole number (a level); anything else is one clear error. Whether the rubric has
    that level is checked against the rubric (``scored.responses.target_problems``)."""
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError(f"{value!r} is not a level (a whole number)")
    return number


Level = Annotated[int, BeforeValidator(_level)]


class TargetsBlock(Model):
    """The ``targets:`` block of a response file or ``--targets`` file: target levels per
    dimension (those not given keep the rubric's), and who agreed them on which day."""

    levels: dict[str, Level] = Field(
        default_factory=empty_dict,
        description="target level per dimension id (1 to the rubric's number of levels)",
    )
    agreed_on: dt.date | None = Field(default=None, description="the day the targets were agreed")
    agreed_by: str | None = Field(default=None, description="who agreed them, e.g. J. Doe (CFO)")

    @field_validator("agreed_by", mode="before")
    @classmethod
    def _trimmed(cls, value: object) -> object:
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator("agreed_on")
    @classmethod
    def _not_ahead(cls, value: dt.date | None) -> dt.date | None:
        """Targets are agreed on a day that has come (2027-11-30 for 2026-11-30 is a typo)."""
        if value is not None and value > dt.date.today():
            raise ValueError(f"{value.isoformat()} is after today: targets are agreed on a "
                             "day that has come")  # fmt: skip
        return value

    @property
    def agreed(self) -> bool:
        """The block says who agreed the levels or when."""
        return self.agreed_on is not None or self.agreed_by is not None

    def source(self, given: TargetSource) -> TargetSource:
        """``agreed`` when the block says who agreed it or when, else ``given``."""
        return AGREED if self.agreed else given

    def to_data(self) -> dict[str, object]:
        """The block as written to a file (levels first, empty fields left out)."""
        data: dict[str, object] = {"levels": dict(self.levels)}
        if self.agreed_on is not None:
            data["agreed_on"] = self.agreed_on
        if self.agreed_by is not None:
            data["agreed_by"] = self.agreed_by
        return data


class Targets(Model):
    """The target levels a result is measured against, and where they come from.

    ``levels`` holds every dimension; ``source`` is ``rubric default`` when none was given,
    ``agreed`` when every level was agreed (``agreed_on``/``agreed_by`` say when and by whom),
    ``given on the command line`` or ``given in the response file`` when given without saying
    who agreed them, and ``mixed`` when the dimensions' sources differ (a firm whose
    respondents' targets differ, or targets given for some dimensions only; each
    :class:`~amc_assess.models.result.DimensionResult` names its own ``target_source``).
    """

    levels: dict[str, int]
    source: TargetSource = RUBRIC_DEFAULT
    agreed_on: dt.date | None = None
    agreed_by: str | None = None

    @classmethod
    def resolve(
        cls,
        defaults: Mapping[str, int],
        layers: Sequence[tuple[TargetsBlock | None, TargetSource]] = (),
    ) -> "tuple[Targets, dict[str, TargetSource]]":
        """The targets from the rubric's ``defaults`` with each given block laid over them in
        turn (a later block wins per dimension), and each dimension's source.

        A layer is (block, how it was given); a block that says who agreed it is ``agreed``.
        """
        levels = dict(defaults)
        sources: dict[str, TargetSource] = {d: RUBRIC_DEFAULT for d in defaults}
        owner: dict[str, int] = {}  # dimension -> the layer its level comes from
        for k, (block, given) in enumerate(layers):
            for dim, level in (block.levels if block else {}).items():
                if dim in levels and block is not None:
                    levels[dim], sources[dim], owner[dim] = level, block.source(given), k
        agreed = [
            block
            for k, (block, _) in enumerate(layers)
            if block is not None and block.agreed and k in owner.values()
        ]
        last = agreed[-1] if agreed else None
        targets = cls(
            levels=levels,
            source=common(list(sources.values())),
            agreed_on=last.agreed_on if last else None,
            agreed_by=last.agreed_by if last else None,
        )
        return targets, sources

    @classmethod
    def of_firm(cls, each: "Sequence[Targets]", levels: Mapping[str, int]) -> "Targets":
        """A firm's targets from its respondents': when all have the same levels from the same
        source, that source (``agreed``: on the latest day any was agreed, by everyone who
        agreed them); else ``mixed``. ``levels`` are the firm's (the highest target among the
        respondents, :mod:`amc_assess.scored.firm`)."""
        same = bool(each) and all(
            t.levels == each[0].levels and t.source == each[0].source for t in each
        )
        if not same:
            return cls(levels=dict(levels), source=MIXED)
        days = [t.agreed_on for t in each if t.agreed_on is not None]
        by = "; ".join(dict.fromkeys(t.agreed_by for t in each if t.agreed_by))
        return cls(
            levels=dict(levels),
            source=each[0].source,
            agreed_on=max(days) if days else None,
            agreed_by=by or None,
        )


def common(sources: Sequence[TargetSource]) -> TargetSource:
    """The one source of all (``rubric default`` for none), else ``mixed``."""
    if not sources:
        return RUBRIC_DEFAULT
    return sources[0] if all(s == sources[0] for s in sources) else MIXED
