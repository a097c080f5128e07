"""Report inputs from a scored table (``amc batch`` output as CSV, XLSX or Parquet).

Each row is one respondent's result, read as the engine wrote it: dimension score, level,
status, answered and applicable counts, the overall index and the fired rules (ids). Gaps,
percent to target, descriptors and next steps are derived with the helper the firm aggregate
uses (``report.firm.dimension_result``). A table has no item scores, so the report says that
item-level results are not available. Several rows of one firm are its respondents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from amc_assess.models import AssessmentResult, FiredRule, Questionnaire, Rubric
from amc_assess.report.firm import Respondent, dimension_result
from amc_assess.store.records import (
    VERSION_COLUMNS,
    cell_date,
    cell_float,
    cell_int,
    cell_text,
    level_of,
    read_table,
)

STATUSES = ("ok", "insufficient data")
WHO = {"side": ("own", "partner"), "level": ("senior", "middle", "operational")}


def first_row(path: str | Path) -> int:
    """The row number a spreadsheet shows for the first data row (Parquet: record 1 is row 1)."""
    return 1 if Path(path).suffix.lower() == ".parquet" else 2


def _required(frame: pd.DataFrame, r: Rubric) -> list[str]:
    metrics = ("score", "level", "status", "answered_share", "answered", "applicable")
    wanted = ["firm", *VERSION_COLUMNS]
    wanted += [f"{d}_{m}" for d in r.dimensions for m in metrics]
    wanted += ["overall_score", "overall_level", "percent_to_target", "rules"]
    return [c for c in wanted if c not in frame.columns]


def table_respondents(
    path: str, sha256: Callable[[str], str], q: Questionnaire, r: Rubric
) -> tuple[list[Respondent], list[str]]:
    """One respondent per row of a scored table, and the problems found (one line each)."""
    if not Path(path).is_file():
        return [], [f"{path}: file not found"]
    try:
        frame = read_table(Path(path))
    except Exception as exc:  # noqa: BLE001 - any reader failure is the file's problem
        return [], [f"{path}: cannot read the table: {exc}"]
    if (
        "respondents" in frame.columns
        and "firm" in frame.columns
        and "overall_mean" in frame.columns
    ):
        return [], [f"{path}: a table of group means, not of respondents: pass the scored table"]
    missing = _required(frame, r)
    if missing:
        shown = ", ".join(missing[:6]) + (
            f" and {len(missing) - 6} more" if len(missing) > 6 else ""
        )
        return [], [
            f"{path}: not a scored table of rubric {r.id} {r.version} (no column {shown}): "
            "score the responses again with amc batch"
        ]
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    start, digest = first_row(path), sha256(path)
    loaded = (q.id, q.version, r.id, r.version)
    rules = {rule.id: rule for rule in r.rules}
    people, errors, mismatched = [], [], []
    for k, row in enumerate(rows):
        where = f"{path}: row {start + k}"
        versions = tuple(cell_text(row[c]) for c in VERSION_COLUMNS)
        if versions != loaded:
            mismatched.append((where, versions))
            continue
        try:
            result, who = _row_result(row, r, rules, where)
        except ValueError as exc:
            errors.append(f"{where}: {exc}")
            continue
        people.append(Respondent(path, result, None, digest, who))
    if mismatched:
        where, (qi, qv, ri, rv) = mismatched[0]
        more = len(mismatched) - 1
        errors.insert(
            0,
            f"{where}: scored with {qi} {qv} / rubric {ri} {rv}, but the report uses "
            f"{q.id} {q.version} / {r.id} {r.version}: pass the matching --questionnaire and "
            f"--rubric" + (f" ({more} more row{'s' if more > 1 else ''} like it)" if more else ""),
        )
    return people, errors


def _row_result(
    row: dict[str, Any], r: Rubric, rules: dict[str, Any], where: str
) -> tuple[AssessmentResult, dict[str, Any]]:
    firm = cell_text(row["firm"])
    if not firm:
        raise ValueError("firm: missing")
    thresholds = r.thresholds()
    dims = []
    for dim_id in r.dimensions:
        score = cell_float(row[f"{dim_id}_score"])
        level = cell_int(row[f"{dim_id}_level"])
        if level is None and score is not None:
            level = level_of(score, thresholds)
        status = cell_text(row[f"{dim_id}_status"])
        answered = cell_int(row[f"{dim_id}_answered"])
        applicable = cell_int(row[f"{dim_id}_applicable"])
        if answered is None or applicable is None:
            raise ValueError(f"{dim_id}_answered / {dim_id}_applicable: missing")
        share = cell_float(row[f"{dim_id}_answered_share"])
        dims.append(
            dimension_result(
                dim_id,
                r,
                score,
                level,
                answered,
                applicable,
                status if status in STATUSES else None,
                share,
            )  # fmt: skip
        )
    fired = []
    for rule_id in (cell_text(row["rules"]) or "").split(";"):
        rule_id = rule_id.strip()
        if not rule_id:
            continue
        rule = rules.get(rule_id)
        if rule is None:
            raise ValueError(f"rules: {rule_id!r} is not a rule of rubric {r.id} {r.version}")
        fired.append(FiredRule.of(rule))
    overall = cell_float(row["overall_score"])
    level = cell_int(row["overall_level"])
    if level is None and overall is not None:
        level = level_of(overall, thresholds)
    result = AssessmentResult(
        firm=firm,
        respondent=cell_text(row.get("respondent")),
        instrument=cell_text(row["instrument"]),
        instrument_version=cell_text(row["instrument_version"]),
        rubric=cell_text(row["rubric"]),
        rubric_version=cell_text(row["rubric_version"]),
        dimensions=dims,
        overall_score=overall,
        overall_level=level,
        overall_level_name=r.level_name(level) if level else None,
        percent_to_target=cell_float(row["percent_to_target"]),
        rules=fired,
        item_scores={},
    )
    return result, _who(row)


def _who(row: dict[str, Any]) -> dict[str, Any]:
    """The respondent's attributes and the assessment date, as the report's models take them."""
    who: dict[str, Any] = {}
    for key in ("role", "function"):
        who[key] = cell_text(row.get(key))
    for key, allowed in WHO.items():
        value = cell_text(row.get(key))
        who[key] = value if value in allowed else None
    try:
        date = cell_date(row.get("date"))
    except ValueError:
        date = None
    who["date"] = date if isinstance(date, dt.date) else None
    return who
