"""A stored firm's assessments of one year read back as the responses they were made from, so
``amc report --db DB --firm NAME`` renders them without the files.

Each stored answer set is scored again through the engine, as a response file is; the result
must be the assessment stored (its content hash: firm, year, respondent, versions, scores),
else the report is refused: the rubric or a relationship audit would make it another one.
"""

from __future__ import annotations

import csv
import json
import shlex
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from amc_assess.definitions import OVERALL
from amc_assess.loading import validation_problems
from amc_assess.models import Questionnaire, Response, Rubric
from amc_assess.models.network import NetworkResult
from amc_assess.models.targets import RUBRIC_DEFAULT, TargetsBlock
from amc_assess.names import firm_key
from amc_assess.problems import InvalidInput, Problem
from amc_assess.scored.read import ReadResult
from amc_assess.scored.readers import Reader
from amc_assess.scored.respondent import When
from amc_assess.store.db import Store

HEAD = (
    "id, content_hash, firm, date, instrument, instrument_version, rubric, rubric_version, "
    "respondent, role, side, level, function, answers, targets_agreed_on, targets_agreed_by, "
    "source"
)


def read_stored(
    db: str | Path | None,
    firm: str,
    year: int | None,
    q: Questionnaire,
    r: Rubric,
    *,
    network: NetworkResult | None = None,
    targets: TargetsBlock | None = None,
) -> ReadResult:
    """The firm's assessments of ``year`` (its latest when None), scored again."""
    with Store.open(db, create=False) as store:
        name = store.resolve_firm(firm)
        where = str(store.path)
        years = [int(y) for (y,) in store.conn.execute(
            "SELECT DISTINCT year FROM assessments WHERE firm_key = ? ORDER BY year",
            (firm_key(name),),
        ).fetchall()]  # fmt: skip
        year = years[-1] if year is None else year
        if year not in years:
            shown = ", ".join(map(str, years))
            raise InvalidInput([f"{where}: {name}: no assessment in {year} (stored: {shown})"])
        rows = store.conn.execute(
            f"SELECT {HEAD} FROM assessments WHERE firm_key = ? AND year = ? ORDER BY id",
            (firm_key(name), year),
        ).fetchall()
        levels: dict[Any, dict[str, int]] = {}
        for aid, dim, level, source in store.conn.execute(
            "SELECT d.assessment_id, d.dimension, d.target, d.target_source FROM dimension_scores"
            " d JOIN assessments a ON a.id = d.assessment_id WHERE a.firm_key = ? AND a.year = ?",
            (firm_key(name), year),
        ).fetchall():
            if dim != OVERALL and level is not None and source not in (None, RUBRIC_DEFAULT):
                levels.setdefault(aid, {})[dim] = int(level)
    fields = [c.strip() for c in HEAD.split(",")]
    out = ReadResult(files=[where])
    loaded: list[tuple[str, Response]] = []
    digests: dict[str, str] = {}
    for values in rows:
        row = dict(zip(fields, values, strict=True))
        label = f"{where}: {name} {year}, {row['respondent'] or 'no respondent'} (#{row['id']})"
        versions = (row["instrument"], row["instrument_version"], row["rubric"],
                    row["rubric_version"])  # fmt: skip
        if versions != (q.id, q.version, r.id, r.version):
            out.problems.append(Problem(label, (
                f"stored with {versions[0]} {versions[1]} / rubric {versions[2]} {versions[3]}; "
                f"give that questionnaire and rubric (-q, -r) to report it"
            ), kind="file"))  # fmt: skip
            continue
        if not row["answers"]:
            table = str(row["source"]).rsplit(": row ", 1)[0]  # the file, not its row
            way = (
                f"report it from that file with amc report {shlex.quote(table)} --batch "
                "--out-dir DIR (one report per firm)"
                if _full_table(Path(table), r)
                else "report the responses it was scored from (amc report FILES); "
                "amc history copy moves assessments between stores with their answers"
            )
            out.problems.append(Problem(label, (
                f"stored without its answers (added from {row['source']}, a scored table): "
                + way
            ), kind="file"))  # fmt: skip
            continue
        try:
            loaded.append((label, _response(row, levels.get(row["id"], {}))))
        except ValidationError as exc:
            out.problems += validation_problems(label, exc)
            continue
        digests[label] = str(row["content_hash"])
    reader = Reader(q, r, When(), False, targets)
    scored = reader.scored_responses(loaded, network, digests, "store")
    out.problems = reader.problems + out.problems
    for label, resp in scored.items():
        if targets is None and resp.content_hash() != digests[label]:
            out.problems.append(Problem(label, (
                "scored again, its scores differ from those stored (was it scored with a "
                "relationship audit? give --network FILE)"
            ), kind="file"))  # fmt: skip
            continue
        out.respondents.append(resp)
    return out


def _response(row: dict[str, Any], levels: dict[str, int]) -> Response:
    """The response a stored row was scored from: its answers, respondent and agreed targets."""
    who = {k: row[k] for k in ("role", "side", "level", "function") if row[k]}
    data: dict[str, Any] = {
        "assessment": {
            "firm": row["firm"], "date": row["date"], "instrument": row["instrument"],
            "instrument_version": row["instrument_version"],
        },
        "respondent": {"name": row["respondent"], **who} if row["respondent"] else who,
        "answers": json.loads(row["answers"]),
        "completed": True,
    }  # fmt: skip
    if levels:
        data["targets"] = {
            "levels": levels,
            "agreed_on": row["targets_agreed_on"],
            "agreed_by": row["targets_agreed_by"],
        }
    return Response.model_validate(data)


def _full_table(path: Path, r: Rubric) -> bool:
    """Whether ``path`` is still there as a table ``amc report --batch`` reads: one that
    ``amc batch`` wrote, with answered and applicable counts and rules (a history export has
    only the scores). Only its header is read; False where it cannot be."""
    wanted = {f"{d}_{m}" for d in r.dimensions for m in ("answered", "applicable")} | {"rules"}
    try:
        if path.suffix.lower() == ".csv":
            with path.open("r", encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle), [])
        elif path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq  # lazy: only to read a Parquet table's header

            header = pq.read_schema(path).names
        else:
            return True  # a workbook or JSON: let amc report --batch say
    except (OSError, UnicodeDecodeError, ValueError, csv.Error):
        return False
    return wanted <= {str(h).strip() for h in header}
