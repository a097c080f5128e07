"""From engine output to typed results, and from response models to the engine's input."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from amc_assess.metrics import PREFIX
from amc_assess.models import (
    AssessmentResult,
    DimensionResult,
    FiredRule,
    Questionnaire,
    Response,
    Rubric,
)
from amc_assess.scoring import Scored


def answers_frame(responses: Sequence[Response], questionnaire: Questionnaire) -> pd.DataFrame:
    """One row per response, one column per questionnaire item (the engine's input)."""
    ids = [item.id for item in questionnaire.items() if item.type != "contacts"]  # issue 7
    given = {key for response in responses for key in response.answers}
    ids += sorted(key for key in given if key.startswith(PREFIX) and key not in ids)
    rows = []
    for response in responses:
        row: dict[str, object] = {}
        for item_id, answer in response.answers.items():
            row[item_id] = answer.value if answer.state == "answered" else answer.state
        rows.append(row)
    frame = pd.DataFrame(rows, columns=ids, dtype=object)
    return frame


def response_problems(response: Response, questionnaire: Questionnaire, path: str) -> list[str]:
    """Lines for answers the questionnaire does not know, and a version mismatch."""
    lines = []
    meta = response.assessment
    if meta.instrument != questionnaire.id:
        lines.append(
            f"{path}: assessment.instrument: {meta.instrument!r} does not match "
            f"questionnaire {questionnaire.id!r}"
        )
    elif meta.instrument_version != questionnaire.version:
        lines.append(
            f"{path}: assessment.instrument_version: answers were given to version "
            f"{meta.instrument_version} but the questionnaire is version {questionnaire.version}"
        )
    known = questionnaire.item_map()
    for item_id in response.answers:
        if item_id not in known:
            lines.append(
                f"{path}: answers.{item_id}: not an item of questionnaire {questionnaire.id!r}"
            )
    return lines


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _int(value: object) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


def to_results(
    scored: Scored,
    firms: Sequence[str | None] | None = None,
    respondents: Sequence[str | None] | None = None,
) -> list[AssessmentResult]:
    """Typed results, one per scored row (for rendering; scores are not recomputed)."""
    rubric: Rubric = scored.rubric
    dims = scored.dimensions
    items = scored.item_frame()
    rules = {rule.id: rule for rule in rubric.rules}
    results = []
    for pos in range(len(dims)):
        row = dims.iloc[pos]
        dim_results = []
        for dim_id, dim in rubric.dimensions.items():
            level = _int(row[f"{dim_id}_level"])
            dim_results.append(
                DimensionResult(
                    dimension=dim_id,
                    title=dim.title,
                    status=row[f"{dim_id}_status"],
                    score=_num(row[f"{dim_id}_score"]),
                    level=level,
                    level_name=rubric.level_name(level) if level else None,
                    answered_share=float(row[f"{dim_id}_answered_share"]),
                    answered=int(row[f"{dim_id}_answered"]),
                    applicable=int(row[f"{dim_id}_applicable"]),
                    gap_to_next=_num(row[f"{dim_id}_gap_to_next"]),
                    target=dim.target,
                    gap_to_target=_num(row[f"{dim_id}_gap_to_target"]),
                    percent_to_target=_num(row[f"{dim_id}_percent_to_target"]),
                    descriptor=dim.descriptors.get(level) if level else None,
                    next_steps=list(dim.recommendations.get(level, [])) if level else [],
                )
            )
        overall_level = _int(row["overall_level"])
        fired = [rules[rule_id] for rule_id in scored.fired(pos)]
        results.append(
            AssessmentResult(
                firm=firms[pos] if firms else None,
                respondent=respondents[pos] if respondents else None,
                instrument=scored.questionnaire.id,
                instrument_version=scored.questionnaire.version,
                rubric=rubric.id,
                rubric_version=rubric.version,
                dimensions=dim_results,
                overall_score=_num(row["overall_score"]),
                overall_level=overall_level,
                overall_level_name=rubric.level_name(overall_level) if overall_level else None,
                percent_to_target=_num(row["overall_percent_to_target"]),
                rules=[FiredRule.of(r) for r in fired],
                item_scores={k: _int(v) for k, v in items.iloc[pos].items()},
            )
        )
    return results
