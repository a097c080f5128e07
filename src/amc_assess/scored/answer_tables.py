"""Tables of answers (an ``amc template`` sheet filled in, a survey tool's export) as response
files: each row is read as ``amc batch`` reads it, then becomes a response scored through the
engine with its answers kept, so that ``amc report`` and ``amc history add`` take such a table
as they take the response files of an interview (the report's practice pages need answers,
which a scored table does not keep)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from amc_assess.loading import validation_problems
from amc_assess.models import Questionnaire, Response, Rubric
from amc_assess.problems import InvalidInput, Problem

if TYPE_CHECKING:
    import pandas as pd

STATES = ("dont_know", "not_applicable")


@dataclass(frozen=True)
class TableReading:
    """How a table of answers is read, with the options ``amc batch`` reads it with: a
    ``--map``, a ``--dictionary`` of codes, the ``--sheet`` (or sheets) of a workbook."""

    map_path: str | Path | None = None
    dictionary: str | Path | None = None
    sheets: Sequence[str] = ()


WHO = ("role", "side", "level", "function")


def holds_answers(frame: pd.DataFrame, r: Rubric) -> bool:
    """Whether a table holds answers, not scores: no ``<dimension>_score`` column, and not a
    table of group means (a survey tool's export names its columns by question, not item)."""
    columns = {str(c) for c in frame.columns}
    if any(c.endswith("_score") for c in columns):
        return False
    return not ("respondents" in columns and any(c.endswith("_mean") for c in columns))


def table_responses(
    path: str | Path, name: str, q: Questionnaire, r: Rubric, how: TableReading | None = None
) -> tuple[list[tuple[str, Response]], list[Problem], list[str]]:
    """Each row of the answers table at ``path`` as (``name: row N``, its response), every
    problem (the cells ``amc batch`` refuses, rows that make no response: no firm), and the
    notes ``amc batch`` gives on it (sheets left unread, dates read month first, ...), less
    those for batch alone."""
    from amc_assess.ingest import read_inputs  # lazy: pandas, only for a table of answers

    how = how or TableReading()
    try:
        ingested = read_inputs(
            [path], q, map_path=how.map_path, dictionary=how.dictionary, rubric=r,
            sheets=how.sheets,
        )  # fmt: skip
    except InvalidInput as exc:
        return [], exc.problems, []
    notes = [n if n.startswith(("note:", "warning:")) else f"note: {n}"
             for n in ingested.notes if n not in ingested.batch_only]  # fmt: skip
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
        return [], problems, notes
    answers = {str(c): ingested.answers[c].tolist() for c in ingested.answers.columns}
    texts = _texts(ingested.raw, answers)
    meta = ingested.meta.to_dict("records")
    shares = {i.id for i in q.items() if i.share_in_percent}
    out: list[tuple[str, Response]] = []
    for k, row in enumerate(meta):
        where = f"{row['source_file']}: row {row['source_row']}"
        if _missing(row.get("firm")) or not str(row["firm"]).strip():
            problems.append(Problem(name, "missing", row=int(row["source_row"]), field="firm"))
            continue
        given: dict[str, Any] = {}
        for item, values in answers.items():
            answer = _answer(values[k], texts[item][k], item in shares)
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
    return out, problems, notes


def _texts(
    raw: dict[str, tuple[int, dict[str, pd.Series]]], answers: dict[str, list[Any]]
) -> dict[str, list[object]]:
    """Each item's cells as written, row by row over every sheet read (None: not kept)."""
    rows = len(next(iter(answers.values()), []))
    out: dict[str, list[object]] = {item: [None] * rows for item in answers}
    for start, columns in raw.values():
        for item, cells in columns.items():
            if item in out:
                out[item][start : start + len(cells)] = cells.tolist()
    return out


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
