"""The one reader of scored input: every file kind becomes scored respondents and problems.

* Response files (YAML, or JSON with an ``assessment`` block) are checked against the
  questionnaire and scored in one engine call; their answers and item scores are kept.
* Tables of answers (a filled ``amc template`` sheet, a survey export): each row read as
  ``amc batch`` reads it, then scored as a response file (:mod:`.answer_tables`).
* ``amc score --format json`` output (a list of results, or one result).
* ``amc batch`` tables (CSV, XLSX sheet ``scored``, Parquet, or JSON ``{"scored": [...]}``) and
  ``amc history export`` tables, one respondent per row; without version columns a table is
  taken to be scored with the instrument in use.

Every problem of every input is collected, never only the first. A respondent scored with
another instrument or rubric version keeps its numbers, but has no typed ``result``; its
``unusable`` says why, for the consumers that need one (the report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from amc_assess.bounds import table_file
from amc_assess.models import Questionnaire, Rubric
from amc_assess.names import shown
from amc_assess.problems import InvalidInput, Problem
from amc_assess.scored.answer_tables import TableReading, holds_answers, table_responses
from amc_assess.scored.cells import unguard
from amc_assess.scored.readers import Reader, sha256
from amc_assess.scored.respondent import (
    ScoredRespondent,
    Source,
    When,
)
from amc_assess.yamlio import FileError, read_data

if TYPE_CHECKING:
    import pandas as pd

    from amc_assess.models import TargetsBlock
    from amc_assess.models.network import NetworkResult

RESPONSE_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")
TABLE_KEYS = ("scored", "assessments")


@dataclass
class ReadResult:
    """What the reader found: respondents in input order, every problem, the files read."""

    respondents: list[ScoredRespondent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unusable: dict[int, str] = field(default_factory=dict)  # id(respondent) -> why no result
    notes: list[str] = field(default_factory=list)  # to show: sheets of a workbook not read


def read_scored(
    paths: Sequence[str | Path],
    q: Questionnaire,
    r: Rubric,
    *,
    when: When | None = None,
    need_identity: bool = False,
    network: NetworkResult | None = None,
    targets: TargetsBlock | None = None,
    how: TableReading | None = None,
) -> ReadResult:
    """Every scored respondent in ``paths``, in order, and every problem.

    ``need_identity``: each respondent must name its firm and have a year (to be stored).
    ``network``: a relationship audit whose measures score response files.
    ``targets``: given on the command line, they override response files' own targets.
    ``how``: how tables of answers are read (a map, a dictionary, a workbook's sheets).
    """
    reader = Reader(q, r, when or When(), need_identity, targets)
    out = ReadResult(files=[shown(p) for p in paths])
    parts: list[tuple[int, list[ScoredRespondent]]] = []
    responses: list[tuple[int, str]] = []
    for k, raw in enumerate(paths):
        name = out.files[k]
        suffix = Path(raw).suffix.lower()
        if not Path(raw).is_file():
            out.problems.append(Problem(name, "file not found", kind="file"))
            continue
        if suffix in RESPONSE_SUFFIXES:
            responses.append((k, str(raw)))
        elif suffix in TABLE_SUFFIXES:
            try:
                frame = read_table(Path(raw), how.sheets[0] if how and how.sheets else None)
            except InvalidInput as exc:  # over a limit, or no such sheet
                out.problems += exc.problems
                continue
            except Exception as exc:  # noqa: BLE001 - any reader failure is the file's problem
                out.problems.append(Problem(name, f"cannot read the table: {exc}", kind="file"))
                continue
            if holds_answers(frame, r):  # a table of answers: its rows as response files
                loaded, problems, notes = table_responses(raw, name, q, r, how)
                out.problems += problems
                out.notes += notes
                digest = sha256(raw)
                scored = reader.scored_responses(
                    loaded, network, {where: digest for where, _ in loaded}, "response"
                )
                rows = [scored[where] for where, _ in loaded if where in scored]
                for resp in rows:  # of the table, at its row
                    resp.source = Source(name, "response", resp.source.where, digest)
                parts.append((k, rows))
                continue
            parts.append((k, reader.table(frame, name, sha256(raw), _first_row(suffix))))
        elif suffix == ".json":
            try:
                data = read_data(raw)
            except FileError as exc:
                out.problems.append(Problem("", str(exc), kind="file"))
                continue
            if isinstance(data, dict) and "assessment" in data:
                responses.append((k, str(raw)))
            elif isinstance(data, list) or (isinstance(data, dict) and "dimensions" in data):
                parts.append((k, reader.results(data, name, sha256(raw))))
            elif isinstance(data, dict) and any(key in data for key in TABLE_KEYS):
                rows = next(data[key] for key in TABLE_KEYS if key in data)
                parts.append((k, reader.table(json_table(rows), name, sha256(raw), 1)))
            elif isinstance(data, dict) and "report" in data and "inputs" in data:
                out.problems.append(Problem(
                    name, "the record amc report writes beside a PDF, not an assessment: add "
                    "the response files the report was made from (its 'inputs' name them)",
                    field="(top level)", kind="structure",
                ))  # fmt: skip
            else:
                out.problems.append(Problem(
                    name, "not a response file, an amc score JSON list or an amc batch JSON "
                    "table", field="(top level)", kind="structure",
                ))  # fmt: skip
        else:
            out.problems.append(Problem(
                name, "not a response file, score output or batch table "
                "(.yaml, .json, .csv, .xlsx, .parquet)", kind="file",
            ))  # fmt: skip
    if responses:
        parts += reader.responses(responses, network)
    for _, found in sorted(parts, key=lambda p: p[0]):
        out.respondents += found
    out.problems = reader.problems + out.problems
    out.problems.sort(key=lambda p: _order(p, out.files))
    out.unusable = reader.unusable
    return out


def _order(problem: Problem, files: list[str]) -> int:
    return next((k for k, f in enumerate(files) if problem.file.startswith(f)), len(files))


def _first_row(suffix: str) -> int:
    """The row a spreadsheet shows for the first data row (Parquet: record 1 is row 1)."""
    return 1 if suffix == ".parquet" else 2


def json_table(rows: object) -> pd.DataFrame:
    """An ``amc batch`` JSON table's rows as a frame."""
    import pandas as pd  # lazy: tables only; response files are read without pandas

    return pd.DataFrame(rows)


def read_table(path: Path, sheet: str | None = None) -> pd.DataFrame:
    """A batch or export table as a frame (the ``scored`` sheet of a workbook, or ``sheet``:
    its name, ignoring case; ``*`` is the default)."""
    import pandas as pd  # lazy: tables only; response files are read without pandas

    table_file(path, shown(path))
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".xlsx":
        # calamine gives text as written: openpyxl gives some of Excel's _xHHHH_ escapes.
        # Only an empty cell is missing: a respondent or firm called "NA" or "None" is a name
        sheets = pd.read_excel(
            path, sheet_name=None, engine="calamine", keep_default_na=False, na_values=[""]
        )
        for key in (sheet,) if sheet and sheet.strip() != "*" else TABLE_KEYS:
            for title, frame in sheets.items():
                if str(title).strip().casefold() == key.strip().casefold():
                    return frame
        if sheet and sheet.strip() != "*":
            listed = ", ".join(repr(t) for t in sheets)
            raise InvalidInput([f"{shown(path)}: no sheet named {sheet!r} (its sheets: {listed})"])
        return next(iter(sheets.values()))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.apply(lambda col: col.map(unguard)).replace({"": None})
