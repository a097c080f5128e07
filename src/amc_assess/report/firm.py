"""One firm's report input from several respondents, aggregated as ``amc batch`` aggregates.

Every respondent is scored by the engine (in the caller's one engine call); this module only
combines the scored results with the batch module's statistics (``amc_assess.aggregate``):

* dimension scores and the overall index are the means of the respondents' own scores; the
  level is read from that mean with the rubric's thresholds (``aggregate.group_table``);
* answered and applicable questions are summed over the respondents;
* an item's score is the respondents' mean item score rounded half up to a whole point
  (None when no respondent has a score for it);
* an insight (rule) is kept when it fired for at least half of the respondents;
* agreement: rwg(j) per dimension and the "aggregate with caution" status from
  ``group_table``; gaps between sides and between levels from ``aggregate.compare``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from amc_assess import aggregate
from amc_assess.models import AssessmentResult, DimensionResult, Response, Rubric
from amc_assess.report.models import (
    Agreement,
    CoverMeta,
    DimensionAgreement,
    GroupGap,
    ReportInput,
    RespondentEntry,
)

GAP_ATTRIBUTES = ("side", "level")


@dataclass
class Respondent:
    """One scored respondent of a firm: where it came from and what the engine made of it."""

    path: str
    result: AssessmentResult
    response: Response | None = None
    sha256: str = ""
    who: dict[str, Any] = field(default_factory=dict)  # a table row's role, side, date...


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _entry(p: Respondent) -> RespondentEntry:
    who = p.response.respondent if p.response else None
    row = p.who
    return RespondentEntry(
        name=(who.name if who else None) or p.result.respondent,
        role=who.role if who else row.get("role"),
        side=who.side if who else row.get("side"),
        level=who.level if who else row.get("level"),
        function=who.function if who else row.get("function"),
        result=p.result,
    )


def frames(
    firm: str, entries: Sequence[RespondentEntry], r: Rubric
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The batch table (firm, side, level, function, scores) and item frame of the respondents."""
    rows = []
    for e in entries:
        row: dict[str, object] = {
            "firm": firm,
            "side": e.side,
            "level": e.level,
            "function": e.function,
        }
        scores = {d.dimension: d.score for d in e.result.dimensions}
        for dim in r.dimensions:
            row[f"{dim}_score"] = scores.get(dim)
        row["overall_score"] = e.result.overall_score
        rows.append(row)
    table = pd.DataFrame(rows)
    for col in [f"{d}_score" for d in r.dimensions] + ["overall_score"]:
        table[col] = table[col].astype(float)
    items = _all_items(r)
    item_rows = [[e.result.item_scores.get(i) for i in items] for e in entries]
    item_frame = pd.DataFrame(item_rows, columns=items, dtype=float)
    return table, item_frame


def agreement(
    table: pd.DataFrame, items: pd.DataFrame, r: Rubric, caution_below: float
) -> tuple[pd.Series, Agreement]:
    """The firm's row of ``group_table`` and its agreement (rwg(j), status, group gaps)."""
    row = aggregate.group_table(table, items, r, ["firm"], caution_below).iloc[0]
    dims = {}
    for dim in r.dimensions:
        rwg = _num(row[f"{dim}_rwg_j"])
        dims[dim] = DimensionAgreement(rwg_j=rwg, caution=rwg is not None and rwg < caution_below)
    gaps = []
    for attribute in GAP_ATTRIBUTES:
        if attribute not in table.columns or table[attribute].dropna().nunique() < 2:
            continue
        data = table.astype({attribute: object})
        for g in aggregate.compare(data, r, attribute).itertuples(index=False):
            gaps.append(
                GroupGap(
                    dimension=g.dimension,
                    attribute=attribute,
                    group_a=str(g.group_a),
                    group_b=str(g.group_b),
                    mean_a=float(g.mean_a),
                    mean_b=float(g.mean_b),
                    gap=float(g.gap),
                    ci_low=_num(g.ci_low),
                    ci_high=_num(g.ci_high),
                    verdict=str(g.verdict),
                )
            )
    return row, Agreement(dimensions=dims, gaps=gaps, status=str(row["status"]))


def _all_items(r: Rubric) -> list[str]:
    return sorted({ri.item for dim in r.dimensions.values() for ri in dim.items})


def dimension_result(
    dim_id: str,
    r: Rubric,
    score: float | None,
    level: int | None,
    answered: int,
    applicable: int,
    status: str | None = None,
    answered_share: float | None = None,
) -> DimensionResult:
    """A dimension's result from its score and level: gaps, percent to target and the rubric's
    descriptor and next steps (for a firm's means, and for a row of a scored table)."""
    dim = r.dimensions[dim_id]
    thresholds = r.thresholds()
    floor = thresholds[0]
    target_score = thresholds[dim.target - 1]
    gap_next = gap_target = pct = None
    if score is not None and level is not None:
        gap_next = 0.0 if level >= 5 else max(thresholds[level] - score, 0.0)
        gap_target = max(target_score - score, 0.0)
        span = target_score - floor if target_score > floor else 1.0
        pct = min(max((score - floor) / span, 0.0), 1.0)
    if answered_share is None:
        answered_share = answered / applicable if applicable else 0.0
    return DimensionResult(
        dimension=dim_id,
        title=dim.title,
        status=status or ("ok" if score is not None else "insufficient data"),  # type: ignore[arg-type]
        score=score,
        level=level,
        level_name=r.level_name(level) if level else None,
        answered_share=answered_share,
        answered=answered,
        applicable=applicable,
        gap_to_next=gap_next,
        target=dim.target,
        gap_to_target=gap_target,
        percent_to_target=pct,
        descriptor=dim.descriptors.get(level) if level else None,
        next_steps=list(dim.recommendations.get(level, [])) if level else [],
    )


def firm_result(
    firm: str, entries: Sequence[RespondentEntry], row: pd.Series, r: Rubric
) -> AssessmentResult:
    """The firm's result: means of the respondents (``group_table``'s row), levels from them."""
    first = entries[0].result
    thresholds = r.thresholds()
    dims, gaps_to_target, spans = [], [], []
    for dim_id, dim in r.dimensions.items():
        own = [next(d for d in e.result.dimensions if d.dimension == dim_id) for e in entries]
        score = _num(row[f"{dim_id}_mean"])
        score = None if score is None else round(score, 6)
        level = None if score is None else int(row[f"{dim_id}_level"])
        answered = sum(d.answered for d in own)
        applicable = sum(d.applicable for d in own)
        result = dimension_result(dim_id, r, score, level, answered, applicable)
        if result.gap_to_target is not None:
            gaps_to_target.append(result.gap_to_target)
            spans.append(thresholds[dim.target - 1] - thresholds[0])
        dims.append(result)
    overall = _num(row["overall_mean"])
    overall = None if overall is None else round(overall, 6)
    overall_level = None if overall is None else int(row["overall_level"])
    overall_pct = None
    if overall is not None and spans and sum(spans) > 0:
        overall_pct = min(max(1.0 - sum(gaps_to_target) / sum(spans), 0.0), 1.0)
    return AssessmentResult(
        firm=firm,
        respondent=None,
        instrument=first.instrument,
        instrument_version=first.instrument_version,
        rubric=first.rubric,
        rubric_version=first.rubric_version,
        dimensions=dims,
        overall_score=overall,
        overall_level=overall_level,
        overall_level_name=r.level_name(overall_level) if overall_level else None,
        percent_to_target=overall_pct,
        rules=_rules(entries),
        item_scores=_item_means(entries, r),
    )


def _rules(entries: Sequence[RespondentEntry]) -> list:
    """Rules that fired for at least half of the respondents, in the first firing order."""
    counts = Counter(rule.id for e in entries for rule in e.result.rules)
    kept, seen = [], set()
    for e in entries:
        for rule in e.result.rules:
            if rule.id not in seen and 2 * counts[rule.id] >= len(entries):
                kept.append(rule)
                seen.add(rule.id)
    return kept


def _item_means(entries: Sequence[RespondentEntry], r: Rubric) -> dict[str, int | None]:
    """Rounded mean item scores; none at all when no respondent has item scores (a table)."""
    out: dict[str, int | None] = {}
    if not any(e.result.item_scores for e in entries):
        return out
    for item in _all_items(r):
        have = [v for e in entries if (v := e.result.item_scores.get(item)) is not None]
        out[item] = math.floor(sum(have) / len(have) + 0.5) if have else None
    return out


def firm_input(
    firm: str,
    respondents: Sequence[Respondent],
    r: Rubric,
    caution_below: float = aggregate.CAUTION_BELOW,
) -> ReportInput:
    """One report input from a firm's respondents (one respondent: that respondent's result)."""
    entries = [_entry(p) for p in respondents]
    sources = {p.path: p.sha256 for p in respondents}
    if len(respondents) == 1:
        p = respondents[0]
        who = p.response.respondent if p.response else None
        meta = CoverMeta(
            firm=firm,
            assessor=p.response.assessment.assessor if p.response else None,
            date=p.response.assessment.date if p.response else p.who.get("date"),
            respondent=(who.name if who else None) or p.result.respondent,
            respondent_role=who.role if who else p.who.get("role"),
        )
        return ReportInput(meta=meta, result=p.result, response=p.response, sources=sources)
    table, items = frames(firm, entries, r)
    row, agree = agreement(table, items, r, caution_below)
    answered = [p.response.assessment for p in respondents if p.response]
    assessors = list(dict.fromkeys(a.assessor for a in answered if a.assessor))
    dates = [a.date for a in answered if a.date] + [
        d for p in respondents if (d := p.who.get("date"))
    ]
    meta = CoverMeta(
        firm=firm, assessor="; ".join(assessors) or None, date=max(dates) if dates else None
    )
    return ReportInput(
        meta=meta,
        result=firm_result(firm, entries, row, r),
        respondents=entries,
        agreement=agree,
        sources=sources,
    )
