"""The rows an assessment is stored as: the ``assessments`` columns and one row's values."""

from __future__ import annotations

import json
from typing import Any

from amc_assess.definitions import OVERALL
from amc_assess.names import firm_key
from amc_assess.scored.respondent import PROFILE, RESPONDENT, ScoredRespondent, identity_hash
from amc_assess.store.backend import Database

ASSESSMENT_COLUMNS = (
    "content_hash, firm, firm_key, date, year, instrument, instrument_version, rubric, "
    "rubric_version, respondent, role, side, level, function, overall_score, overall_level, "
    "overall_status, percent_to_target, answers, item_scores, source, source_kind, added_at, "
    "industry, revenue_band, employees, region, targets_source, targets_agreed_on, "
    "targets_agreed_by"
)
COLUMNS = [c.strip() for c in ASSESSMENT_COLUMNS.split(",")]
DIMENSION_COLUMNS = (
    "assessment_id, dimension, score, level, status, answered_share, target, target_source"
)
DIMENSIONS = [c.strip() for c in DIMENSION_COLUMNS.split(",")]


def assessment_row(record: ScoredRespondent, digest: str, now: str) -> tuple[Any, ...]:
    """The assessments row of a record, in ``ASSESSMENT_COLUMNS`` order."""
    who = [record.who.get(c) for c in RESPONDENT]
    return (
        digest, record.firm, record.firm_key,
        record.date.isoformat() if record.date else None, record.year, *record.versions,
        *who, record.overall_score, record.overall_level, record.overall_status,
        record.percent_to_target,
        json.dumps(record.answers, ensure_ascii=False) if record.answers else None,
        json.dumps(record.item_scores) if record.item_scores else None,
        record.source.where, record.source.kind, now,
        *(record.profile.get(p) for p in PROFILE),
        *_targets(record),
    )  # fmt: skip


def _targets(record: ScoredRespondent) -> tuple[str | None, str | None, str | None]:
    """Where the record's targets come from: source, agreed on (ISO date), agreed by."""
    t = record.targets
    if t is None:
        return None, None, None
    return t.source, t.agreed_on.isoformat() if t.agreed_on else None, t.agreed_by


def rename_rows(conn: Database, old: str, new: str) -> tuple[int, int]:
    """Store the firm ``old`` as ``new`` inside the open transaction, each assessment's
    content hash computed anew under the new name (so the same assessment added again, as
    exported after the rename, is known); one already stored under ``new`` with the same
    respondent, year and scores is kept once. Returns (renamed, kept once)."""
    heads = conn.execute(
        "SELECT id, year, respondent, instrument, instrument_version, rubric, rubric_version, "
        "overall_score FROM assessments WHERE firm_key = ?",
        (firm_key(old),),
    ).fetchall()
    name = " ".join(new.split())
    conn.execute(
        "UPDATE assessments SET firm = ?, firm_key = ? WHERE firm_key = ?",
        (name, firm_key(new), firm_key(old)),
    )
    merged = 0
    for aid, year, who, *versions, overall in heads:
        scores = dict(
            conn.execute(
                "SELECT dimension, score FROM dimension_scores WHERE assessment_id = ? "
                "AND dimension != ?",
                (aid, OVERALL),
            ).fetchall()
        )
        digest = identity_hash(name, year, who, versions, scores, overall)
        twin = conn.execute(
            "SELECT id FROM assessments WHERE content_hash = ? AND id != ?", (digest, aid)
        ).fetchone()
        if twin is not None:  # the same assessment, stored under both names: once is enough
            conn.execute("DELETE FROM dimension_scores WHERE assessment_id = ?", (aid,))
            conn.execute("DELETE FROM assessments WHERE id = ?", (aid,))
            merged += 1
        else:
            conn.execute("UPDATE assessments SET content_hash = ? WHERE id = ?", (digest, aid))
    return len(heads) - merged, merged
