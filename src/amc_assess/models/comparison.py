"""What a firm is compared with: its peer group and its own earlier years."""

import datetime as dt
from typing import Literal

from pydantic import Field

from amc_assess.models.base import Model, empty_dict


class Position(Model):
    """Where a firm's score falls among the released cut points: a band of percentiles."""

    low: int = Field(ge=0, le=100, description="the band's lower percentile")
    high: int = Field(ge=0, le=100, description="the band's upper percentile")
    label: str = Field(min_length=1, description="e.g. top quartile, 40th–60th percentile")
    quartile: int = Field(ge=1, le=4, description="the quartile band (1 bottom .. 4 top)")


class Quartiles(Model):
    """The peer figures of one score as disclosure control releases them (any score range:
    1..5 for AMC, 1..7 for a seven-point instrument scored on its own).

    From 10 comparable peers: quartiles rounded to 0.1 and the firm's position as a band
    between rounded cut points; from 3 to 9 peers only counts of firms per maturity level."""

    peers: str = Field(min_length=1, description="peers with a comparable score, as a size band")
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    cuts: dict[str, float] = Field(
        default_factory=empty_dict,
        description="finer cut points (percentile -> score, rounded) for the position band",
    )
    position: Position | None = None
    levels: dict[str, int] | None = Field(
        default=None, description="level -> peer firms at that level (groups of 3 to 9 only)"
    )


class Disclosure(Model):
    """How the peer figures were protected: what a reader can and cannot work out."""

    method: str
    size_band: str = Field(description="firms in the peer group, as a band")
    min_peers: int = Field(description="fewest peer firms for any figure")
    levels_only_below: int = Field(description="below this many comparable peers: level counts")
    quantiles: str
    rounding: float = Field(description="quartiles and cut points are rounded to this step")
    rounding_rule: str
    noise: str
    position_bands: dict[str, str] = Field(description="band width -> peer-group sizes")
    grouping: str = Field(description="the peer grouping, from the fixed menu")
    difference_rule: str | None = None
    answered_from: str | None = Field(
        default=None, description="the earlier answered group these figures come from, if any"
    )
    audited: bool = Field(description="the query is in the store's audit log")


class PeerStats(Model):
    """Where the firm stands in its peer group (one block per dimension, optionally overall)."""

    definition: str = Field(min_length=1, description="who the peers are, in words")
    filters: dict[str, str] = Field(
        default_factory=empty_dict, description="peer-group keys, e.g. industry: medtech"
    )
    size: str = Field(min_length=1, description="firms in the peer group, as a size band")
    as_of: dt.date | None = Field(
        default=None, description="the date of the benchmarked firm's assessment set beside them"
    )
    dimensions: dict[str, Quartiles] = Field(default_factory=empty_dict)
    overall: Quartiles | None = None
    items: dict[str, float] = Field(
        default_factory=empty_dict,
        description="practice id -> median practice score of the peer firms that have one "
        "(only from a store that keeps item scores, only with 10 firms or more; rounded)",
    )
    disclosure: Disclosure | None = None
    firm_counted: Literal["current", "other"] | None = Field(
        default=None,
        description="whether the firm's own scores are in the figures: these (current), another "
        "assessment of it (other: the one stored when the group was first answered, or the "
        "stored one beside an assessment given), or none (not a member)",
    )


class HistoryPoint(Model):
    """One earlier (or the current) assessment of the same firm."""

    label: str = Field(min_length=1, description="what the x axis shows, e.g. 2024")
    date: dt.date | None = None
    overall: float | None = Field(default=None, description="on the rubric's score range")
    dimensions: dict[str, float | None] = Field(default_factory=empty_dict)
    levels: dict[str, int | None] = Field(
        default_factory=empty_dict,
        description="per dimension and 'overall': the maturity level of the score shown",
    )
    verdicts: dict[str, str] = Field(
        default_factory=empty_dict,
        description="per dimension and 'overall': the change since the previous point (both "
        "scored the same way) judged against measurement noise, as History.verdicts",
    )


class History(Model):
    """The firm's scores over time, oldest first; the current assessment is the last point."""

    points: list[HistoryPoint] = Field(min_length=1)
    verdicts: dict[str, str] = Field(
        default_factory=empty_dict,
        description="per dimension and 'overall': the change since the previous point, "
        "judged against measurement noise (real improvement | real decline | within noise | "
        "level changed, within noise); none where not judged",
    )
    thresholds: dict[str, float] = Field(
        default_factory=empty_dict,
        description="per dimension and 'overall': the score points that latest change had to "
        "exceed to be real (it shrinks as more people answer each year); none where not judged",
    )
    since_first: dict[str, str] = Field(
        default_factory=empty_dict,
        description="per dimension and 'overall': the change from the first point to the "
        "last, judged as the verdicts are; none where the first point is not comparable",
    )
