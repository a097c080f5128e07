"""A firm's result: its respondents combined into one set of figures, and how far they agree.

Built in one place (:mod:`amc_assess.scored.firm`) from the scored respondents, whatever file
they were read from; the store, the benchmark, ``amc batch --group-by`` and the report all read
a firm's figures from it.
"""

import datetime as dt
from typing import Literal

from pydantic import Field

from amc_assess.models.base import Model, empty_dict, empty_list
from amc_assess.models.response import Response
from amc_assess.models.result import AssessmentResult

CAUTION_BELOW = 0.7  # rwg(j) below this: a dimension's mean is aggregated with caution


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

    dimensions: dict[str, DimensionAgreement] = Field(default_factory=empty_dict)
    icc1: float | None = None
    gaps: list[GroupGap] = Field(default_factory=empty_list)
    status: str | None = None


class RespondentEntry(Model):
    """One respondent's own result, with the attributes the groups are built from."""

    name: str | None = None
    role: str | None = None
    side: Literal["own", "partner"] | None = None
    level: Literal["senior", "middle", "operational"] | None = None
    function: str | None = None
    result: AssessmentResult
    response: Response | None = Field(
        default=None, description="the respondent's answers, notes and evidence (response files)"
    )


class CoverMeta(Model):
    """Who and when, for the cover; all from the response file when there is one."""

    firm: str = Field(min_length=1)
    assessor: str | None = None
    date: dt.date | None = None
    respondent: str | None = None
    respondent_role: str | None = None


class FirmResult(Model):
    """One firm's assessment: ``result`` holds the figures every output reads.

    With one respondent, ``result`` is that respondent's own result; with several, the
    dimension and overall scores are the respondents' means, and levels, gaps and percent to
    target are read from those means by the engine's rules.
    """

    meta: CoverMeta
    result: AssessmentResult
    response: Response | None = Field(
        default=None, description="the answers behind a single-respondent result (notes, answers)"
    )
    respondents: list[RespondentEntry] = Field(default_factory=empty_list)
    partners: int = Field(default=0, description="respondents from the partner's side")
    partners_counted: bool = Field(
        default=False,
        description="the partner respondents' answers are in the firm's scores (asked for, or "
        "no respondent from the firm's own side)",
    )
    agreement: Agreement | None = None
    sources: dict[str, str] = Field(
        default_factory=empty_dict, description="input file -> sha256 of its bytes, for the record"
    )
