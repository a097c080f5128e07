"""What a report shows: the firm's result plus optional peers, history, respondents, network.

Peer benchmarks and year-over-year history are filled by the benchmark store when it exists; until
then callers (and tests) build these models by hand. Every optional part renders only when given,
and the report says so when it is absent.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from amc_assess.models import AssessmentResult, Response
from amc_assess.models.base import Model
from amc_assess.models.network import NetworkResult


class Quartiles(Model):
    """The peer distribution of one score: quartiles on the 1..5 scale, and the firm's rank."""

    percentile: float | None = Field(
        default=None, ge=0, le=100, description="share of peers scoring below the firm, 0..100"
    )
    q1: float = Field(ge=1, le=5)
    median: float = Field(ge=1, le=5)
    q3: float = Field(ge=1, le=5)
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


class HistoryPoint(Model):
    """One earlier (or the current) assessment of the same firm."""

    label: str = Field(min_length=1, description="what the x axis shows, e.g. 2024")
    date: dt.date | None = None
    overall: float | None = Field(default=None, ge=1, le=5)
    dimensions: dict[str, float | None] = Field(default_factory=dict)


class History(Model):
    """The firm's scores over time, oldest first; the current assessment is the last point."""

    points: list[HistoryPoint] = Field(min_length=1)


class DimensionAgreement(Model):
    """Agreement among a firm's respondents on one dimension (from the batch module)."""

    rwg_j: float | None = None
    caution: bool = False


class GroupGap(Model):
    """A perception gap between two groups of respondents on one dimension."""

    dimension: str
    attribute: str = Field(description="what the groups differ in, e.g. side or level")
    group_a: str
    group_b: str
    mean_a: float
    mean_b: float
    gap: float
    ci_low: float | None = None
    ci_high: float | None = None
    verdict: str | None = None


class Agreement(Model):
    """Agreement statistics for one firm's respondents; all parts optional."""

    dimensions: dict[str, DimensionAgreement] = Field(default_factory=dict)
    icc1: float | None = None
    gaps: list[GroupGap] = Field(default_factory=list)
    status: str | None = None


class RespondentEntry(Model):
    """One respondent's own result, with the attributes the groups are built from."""

    name: str | None = None
    role: str | None = None
    side: Literal["own", "partner"] | None = None
    level: Literal["senior", "middle", "operational"] | None = None
    function: str | None = None
    result: AssessmentResult


class CoverMeta(Model):
    """Who and when, for the cover; all from the response file when there is one."""

    firm: str = Field(min_length=1)
    assessor: str | None = None
    date: dt.date | None = None
    respondent: str | None = None
    respondent_role: str | None = None


class ReportInput(Model):
    """Everything one firm's report shows. ``result`` is what every page reads its figures from."""

    meta: CoverMeta
    result: AssessmentResult
    response: Response | None = Field(
        default=None, description="the answers behind a single-respondent result (notes, answers)"
    )
    respondents: list[RespondentEntry] = Field(default_factory=list)
    agreement: Agreement | None = None
    peers: PeerStats | None = None
    history: History | None = None
    network: NetworkResult | None = Field(
        default=None, description="the relationship audit of the alliance (amc network)"
    )
    sources: dict[str, str] = Field(
        default_factory=dict, description="input file -> sha256 of its bytes, for the record"
    )
