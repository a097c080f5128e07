"""A respondent's second assessment of the same firm and year: a revised copy, not a new person.

The store recognizes the very same assessment by its content hash; a copy whose answers were
corrected hashes otherwise, and used to be stored beside the first, so that the respondent
counted twice in the firm's means. :func:`revisions` finds such pairs; ``amc history add``
refuses them with a line each, and with ``--replace`` stores the new copy in place of the old.
Respondents without a name cannot be told apart, so they are never taken for a revision;
nor is a copy scored with other versions (with a relationship audit, or a new rubric): a
firm's year counts one version only, so the two never meet in its means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from amc_assess.names import folded_key
from amc_assess.scored.respondent import ScoredRespondent
from amc_assess.store.queries import CHUNK

Key = tuple[str, int, str, tuple[str, ...]]  # firm key, year, respondent (folded), versions


@dataclass(frozen=True)
class Stored:
    """An assessment the store holds for a respondent, firm and year."""

    aid: int
    source: str | None
    added_at: str


def key_of(record: ScoredRespondent) -> Key | None:
    who = record.who.get("respondent")
    if not who or record.year is None:
        return None
    return (record.firm_key, int(record.year), folded_key(str(who)), tuple(record.versions))


def twice_given(records: Sequence[ScoredRespondent]) -> list[str]:
    """One line per respondent given twice, with other scores, among the new records."""
    first: dict[Key, ScoredRespondent] = {}
    out = []
    for record in records:
        key = key_of(record)
        if key is None:
            continue
        if key in first:
            out.append(
                f"{first[key].source.where} and {record.source.where}: both are "
                f"{record.describe()}, with other scores: add the one that counts"
            )
        else:
            first[key] = record
    return out


def revisions(conn: Any, records: Sequence[ScoredRespondent]) -> dict[Key, list[Stored]]:
    """The stored assessments that the new ``records`` (none stored as they are) revise."""
    wanted = {k for k in map(key_of, records) if k is not None}
    firms = sorted({k[0] for k in wanted})
    found: dict[Key, list[Stored]] = {}
    for start in range(0, len(firms), CHUNK):
        part = firms[start : start + CHUNK]
        rows = conn.execute(
            "SELECT id, firm_key, year, respondent, source, added_at, instrument, "
            "instrument_version, rubric, rubric_version FROM assessments "
            f"WHERE firm_key IN ({', '.join('?' * len(part))}) ORDER BY id",
            part,
        ).fetchall()
        for aid, firm, year, who, source, added, *versions in rows:
            if who is None or year is None:
                continue
            key = (str(firm), int(year), folded_key(str(who)), tuple(str(v) for v in versions))
            if key in wanted:
                found.setdefault(key, []).append(Stored(int(aid), source, str(added)))
    return found


def refusal(record: ScoredRespondent, stored: list[Stored]) -> str:
    """Why a revised copy is not stored without ``--replace``."""
    first = stored[0]
    return (
        f"{record.source.where}: {record.describe()} is stored already with other scores "
        f"(added {first.added_at[:10]} from {first.source or 'an unnamed input'}): if this is a "
        "corrected copy, add it with --replace; if another person answered, give them "
        "another name"
    )


def remove(conn: Any, aids: Sequence[int]) -> None:
    """Delete these assessments and their dimension scores (inside the caller's write)."""
    for aid in aids:
        conn.execute("DELETE FROM dimension_scores WHERE assessment_id = ?", (aid,))
        conn.execute("DELETE FROM assessments WHERE id = ?", (aid,))
