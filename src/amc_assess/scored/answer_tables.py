"""Tables of answers (an ``amc template`` sheet filled in, a survey tool's export) as response
files: each row is read as ``amc batch`` reads it, then becomes a response scored through the
engine with its answers kept, so that ``amc report`` and ``amc history add`` take such a table
as they take the response files of an interview (the report's practice pages need answers,
which a scored table does not keep)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from amc_assess.loading import validation_problems
from amc_assess.models import Questionnaire, Response, Rubric
from amc_assess.problems import InvalidInput, Problem

if TYPE_CHECKING:
    import pandas as pd

STATES = ("dont_know", "not_applicable")
WHO = ("role", "side", "level", "function")


def holds_answers(frame: pd.DataFrame, r: Rubric) -> bool:
    """Whether a table holds answers to the rubric's items and no scores."""
    columns = {str(c) for c in frame.columns}
    if any(c.endswith("_score") for c in columns):
        return False
    return bool({ri.item for d in r.dimensions.values() for ri in d.items} & columns)


def table_responses(
    path: str | Path, name: str, q: Questionnaire, r: Rubric
) -> tuple[list[tuple[str, Response]], list[Problem]]:
    """Each row of the answers table at ``path`` as (``name: row N``, its response), and
    every problem: the cells ``amc batch`` refuses, and rows that make no response (no firm)."""
    from amc_assess.ingest import read_inputs  # lazy: pandas, only for a table of answers

    try:
        ingested = read_inputs([path], q, rubric=r)
    except InvalidInput as exc:
        return [], exc.problems
    problems = [
        Problem(name, f"{e['item'] or e['column']}: {e['value']!r}: {e['error']}",
                row=None if _missing(e["row"]) else int(e["row"]), field=str(e["column"] or ""))
        for e in ingested.errors.to_dict("records")
    ]  # fmt: skip
    if problems:
        return [], problems
    raw = ingested.raw.get(ingested.files[0], (0, {}))[1] if ingested.files else {}
    answers = ingested.answers
    meta = ingested.meta.to_dict("records")
    out: list[tuple[str, Response]] = []
    for k, row in enumerate(meta):
        where = f"{name}: row {row['source_row']}"
        given: dict[str, Any] = {}
        for item in answers.columns:
            answer = _answer(answers[item].iloc[k], raw.get(item), k)
            if answer is not None:
                given[str(item)] = answer
        who = {("name" if key == "respondent" else key): row[key]
               for key in ("respondent", *WHO) if not _missing(row.get(key))}  # fmt: skip
        data = {
            "assessment": {"firm": row.get("firm"), "date": row.get("date"), "instrument": q.id,
                           "instrument_version": q.version},
            "respondent": who,
            "answers": given,
            "completed": True,
        }  # fmt: skip
        try:
            out.append((where, Response.model_validate(data)))
        except ValidationError as exc:
            problems += validation_problems(where, exc)
    return out, problems


def _answer(value: object, raw: pd.Series | None, k: int) -> object | None:
    """A decoded cell as a response file's answer: its value or state; a cell left empty is
    no answer, one whose text was read as no value (a "don't know" label) is ``dont_know``."""
    if _missing(value):
        text = raw.iloc[k] if raw is not None else None
        return "dont_know" if not _missing(text) and str(text).strip() else None
    if value in STATES:
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return str(value) if not isinstance(value, int) else value


def _missing(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value) in ("<NA>", "nan", "NaT")
    )
