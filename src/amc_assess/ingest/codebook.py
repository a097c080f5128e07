"""A survey definition's labels for an export's codes (:mod:`amc_assess.ingest.codebooks`
reads them)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Codebook:
    """Per export column: the question text and the label of each exported code."""

    source: str
    kind: str  # redcap | qualtrics | limesurvey
    labels: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # codes in survey order
    record_id: str | None = None
    non_answers: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> state
