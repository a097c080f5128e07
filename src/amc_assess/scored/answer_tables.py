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
    """Whether a table holds answers, not scores: no ``<dimension>_score`` column, and not a
    table of group means (a survey tool's export names its columns by question, not item)."""
    columns = {str(c) for c in frame.columns}
    if any(c.endswith("_score") for c in columns):
        return False
    return not ("respondents" in columns and any(c.endswith("_mean") for c in columns))


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
        Problem(name, _cell_message(e), row=None if _missing(e["row"]) else int(e["row"]),
                field=str(e["column"] or ""))
        for e in ingested.errors.to_dict("records")
    ]  # fmt: skip
    if not ingested.rows_read:
        problems.append(Problem(name, "a header and no rows below it: no answers to read",
                                kind="structure"))  # fmt: skip
    elif "firm" not in ingested.meta.columns:
        why = "no 'firm' column: a report and the store need the firm each row assesses"
        problems.append(Problem(name, why, field="columns", kind="structure"))
    if problems:
        return [], problems
    raw = ingested.raw.get(ingested.files[0], (0, {}))[1] if ingested.files else {}
    answers = {str(c): ingested.answers[c].tolist() for c in ingested.answers.columns}
    texts = {item: raw[item].tolist() if item in raw else None for item in answers}
    meta = ingested.meta.to_dict("records")
    shares = {i.id for i in q.items() if i.share_in_percent}
    out: list[tuple[str, Response]] = []
    for k, row in enumerate(meta):
        where = f"{name}: row {row['source_row']}"
        if _missing(row.get("firm")) or not str(row["firm"]).strip():
            problems.append(Problem(name, "missing", row=int(row["source_row"]), field="firm"))
            continue
        given: dict[str, Any] = {}
        for item, values in answers.items():
            cells = texts[item]
            answer = _answer(values[k], cells[k] if cells else None, item in shares)
            if answer is not None:
                given[item] = answer
        who = {("name" if key == "respondent" else key): row[key]
               for key in ("respondent", *WHO) if not _missing(row.get(key))}  # fmt: skip
        data = {
            "assessment": {"firm": row["firm"],
                           "date": None if _missing(row.get("date")) else row["date"],
                           "instrument": q.id, "instrument_version": q.version},
            "respondent": who,
            "answers": given,
            "completed": True,
        }  # fmt: skip
        try:
            out.append((where, Response.model_validate(data)))
        except ValidationError as exc:
            problems += validation_problems(where, exc)
    return out, problems


def _answer(value: object, text: object, share: bool) -> object | None:
    """A decoded cell as a response file's answer: its value or state; a cell left empty is
    no answer, one whose text was read as no value (a "don't know" label) is ``dont_know``. A
    share below 1% written with its sign (``0.5%``) keeps it, as the interview writes one.
    ``text``: the cell as written."""
    if _missing(value):
        return "dont_know" if not _missing(text) and str(text).strip() else None
    if value in STATES:
        return value
    if isinstance(value, float):
        if share and 0 < value < 1 and str(text).strip().endswith("%"):
            return f"{value:g}%"
        return int(value) if value.is_integer() else value
    return str(value) if not isinstance(value, int) else value


def _cell_message(error: dict[str, Any]) -> str:
    """A refused cell as ``'value': why`` (its item named where its column is not)."""
    column, item = str(error["column"] or ""), str(error["item"] or "")
    named = f"({item}) " if item and item != column else ""
    value = "" if _missing(error["value"]) or error["value"] == "" else f"{error['value']!r}: "
    return f"{named}{value}{error['error']}"


def _missing(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value) in ("<NA>", "nan", "NaT")
    )
