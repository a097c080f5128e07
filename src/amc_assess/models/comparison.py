"""What a firm is compared with: its peer group and its own earlier years."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from amc_assess.models.base import Model


class Quartiles(Model):
    """The peer distribution of one score: quartiles on the rubric's score range (any range:
    1..5 for AMC, 1..7 for a seven-point instrument scored on its own), and the firm's rank."""

    percentile: float | None = Field(
        default=None, ge=0, le=100, description="share of peers scoring below the firm, 0..100"
    )
    q1: float
    median: float
    q3: float
    n: int | None = Field(default=None, ge=0, description="peers with a score here (default: all)")


class PeerStats(Model):
    """Where the firm stands in its peer group (one block per dimension, optionally overall)."""

    definition: str = Field(min_length=1, description="who the peers are, in words")
    filters: dict[str, str] = Field(
        default_factory=dict, description="peer-group keys, e.g. industry: medtech"
    )
    size: int = Field(ge=1, description="firms in the peer group")
    as_of: dt.date | None = None
    dimensions: dict[str, Quartiles] = Field(default_factory=dict)
    overall: Quartiles | None = None
    items: dict[str, float] = Field(
        default_factory=dict,
        description="practice id -> median practice score of the peer firms that have one "
        "(only from a store that keeps item scores, and only with enough firms)",
    )


class HistoryPoint(Model):
    """One earlier (or the current) assessment of the same firm."""

    label: str = Field(min_length=1, description="what the x axis shows, e.g. 2024")
    date: dt.date | None = None
    overall: float | None = Field(default=None, description="on the rubric's score range")
    dimensions: dict[str, float | None] = Field(default_factory=dict)


class History(Model):
    """The firm's scores over time, oldest first; the current assessment is the last point."""

    points: list[HistoryPoint] = Field(min_length=1)
