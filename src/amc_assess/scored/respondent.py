"""A scored respondent: one respondent's scores of one firm, and where they came from.

Whatever the input (a response file scored by the engine, ``amc score`` JSON, a row of an
``amc batch`` or ``amc history export`` table, a stored assessment), the reader
(:mod:`amc_assess.scored.read`) returns this one form; the store maps it to its tables and
the firm aggregation (:mod:`amc_assess.scored.firm`) combines a firm's respondents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from amc_assess.definitions import Versions
from amc_assess.models import AssessmentResult, Response, Targets, TargetSource
from amc_assess.names import firm_key, folded_key

PROFILE = ("industry", "revenue_band", "employees", "region")
PROFILE_ITEMS = {p: f"ctx_{p}" for p in PROFILE}
RESPONDENT = ("respondent", "role", "side", "level", "function")
Kind = Literal["response", "score", "table", "store"]


@dataclass
class DimScore:
    """One dimension's figures as the engine wrote them."""

    score: float | None
    level: int | None = None
    status: str | None = None
    answered_share: float | None = None
    target: int | None = None
    answered: int | None = None
    applicable: int | None = None
    target_source: TargetSource | None = None


@dataclass
class Source:
    """Where a scored respondent was read: file (as messages show it), kind, the place in the
    file (``where``: ``file: row 3`` or ``file [2]``) and the file's sha256."""

    file: str
    kind: Kind
    where: str = ""
    sha256: str = ""

    def __post_init__(self) -> None:
        self.where = self.where or self.file


@dataclass
class ScoredRespondent:
    """One respondent's scored assessment of one firm.

    ``dimensions`` and the overall figures are the numbers read or scored; ``result`` is the
    typed result every renderer reads, present when the respondent was scored with the
    instrument and rubric in use (``versions``).
    """

    firm: str
    versions: Versions
    dimensions: dict[str, DimScore]
    overall_score: float | None
    overall_level: int | None
    overall_status: str | None
    percent_to_target: float | None
    source: Source
    date: dt.date | None = None
    year: int | None = None
    result: AssessmentResult | None = None
    response: Response | None = None
    targets: Targets | None = None  # the levels of ``dimensions``' targets and their source
    who: dict[str, str | None] = field(default_factory=dict)  # RESPONDENT keys
    profile: dict[str, str | None] = field(default_factory=dict)  # PROFILE keys
    answers: dict[str, Any] | None = None
    item_scores: dict[str, int | float | None] | None = None
    rules: list[str] = field(default_factory=list)

    @property
    def firm_key(self) -> str:
        return firm_key(self.firm)

    def content_hash(self) -> str:
        """The assessment's identity: firm, year, respondent, versions and scores (rounded to
        4 decimals, which a CSV keeps), so that the same assessment read from a response file,
        its score JSON or a batch table is recognized as one."""
        scores = {d: s.score for d, s in self.dimensions.items()}
        who = self.who.get("respondent")
        return identity_hash(self.firm, self.year, who, self.versions, scores, self.overall_score)

    def describe(self) -> str:
        who = self.who.get("respondent")
        year = "" if self.year is None else f", {self.year}"
        return f"{self.firm}{year}" + (f", {who}" if who else "")


def identity_hash(
    firm: str,
    year: int | None,
    respondent: str | None,
    versions: Sequence[str],
    scores: Mapping[str, float | None],
    overall: float | None,
) -> str:
    """:meth:`ScoredRespondent.content_hash` of these parts (a store renaming a firm computes
    its assessments' anew from what it holds)."""
    data = {
        "firm": folded_key(firm),
        "year": year,
        "respondent": folded_key(respondent or ""),
        "versions": list(versions),
        "dimensions": {d: _rounded(s) for d, s in sorted(scores.items())},
        "overall": _rounded(overall),
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rounded(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


FOR_UNDATED = "--date and --year are for inputs without a date of their own"


@dataclass
class When:
    """The assessment date or year given on the command line, for inputs that lack one."""

    date: dt.date | None = None
    year: int | None = None
    used: bool = False  # some input took the command line's date or year
    differing: list[tuple[str, str]] = field(default_factory=list)  # (where, own date or year)

    def resolve(
        self, date: dt.date | None, year: int | None, where: str = ""
    ) -> tuple[dt.date | None, int | None]:
        """The input's own date or year, else the command line's; an own one that differs
        from the command line's is noted in ``differing``."""
        own = date.year if date is not None else year
        if (self.date is not None and date is not None and date != self.date) or (
            self.year is not None and own is not None and own != self.year
        ):
            self.differing.append((where, str(date if date is not None else own)))
        if date is not None:
            return date, date.year
        if year is not None:
            return None, year
        self.used = self.used or self.date is not None or self.year is not None
        if self.date is not None:
            return self.date, self.date.year
        return None, self.year

    def given(self) -> str:
        """The command line's option as typed: ``--date 2024-03-01`` or ``--year 2024``."""
        return f"--date {self.date}" if self.date is not None else f"--year {self.year}"
