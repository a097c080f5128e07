"""Assessments to store, read from response files, ``amc score`` JSON and ``amc batch`` tables.

* Response files (YAML, or JSON with an ``assessment`` block) are checked against the
  questionnaire and scored through the engine; their answers and item scores are kept.
* ``amc score --format json`` output (a list of results) is stored as scored; it carries no
  date, so ``--date`` or ``--year`` must say when the assessment took place.
* ``amc batch`` tables (CSV, XLSX sheet ``scored``, Parquet, or JSON ``{"scored": [...]}``), and
  ``amc history export`` tables, one assessment per row. Without instrument/rubric version
  columns a table is taken to be scored with the instrument in use (``-q``/``-r``).

An assessment is identified by its firm, year, respondent, instrument and rubric versions and
its dimension and overall scores (rounded to 4 decimals, since CSV keeps 6 significant digits):
the same assessment read from a response file, its score JSON or a batch table gives the same
identity, so adding it twice is detected.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from amc_assess.loading import InvalidInput, field_path
from amc_assess.models import Questionnaire, Rubric
from amc_assess.names import firm_key
from amc_assess.store.definitions import Versions, audited, versions_of

PROFILE = ("industry", "revenue_band", "employees", "region")
PROFILE_ITEMS = {p: f"ctx_{p}" for p in PROFILE}
RESPONDENT = ("respondent", "role", "side", "level", "function")
RESPONSE_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")
TABLE_KEYS = ("scored", "assessments")
VERSION_COLUMNS = ("instrument", "instrument_version", "rubric", "rubric_version")
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


@dataclass
class DimScore:
    score: float | None
    level: int | None = None
    status: str | None = None
    answered_share: float | None = None
    target: int | None = None


@dataclass
class Record:
    """One respondent's scored assessment of one firm, ready to store."""

    firm: str
    year: int
    date: dt.date | None
    versions: Versions
    dimensions: dict[str, DimScore]
    overall_score: float | None
    overall_level: int | None
    overall_status: str | None
    percent_to_target: float | None
    source: str
    kind: str  # response | score | table
    respondent: dict[str, str | None] = field(default_factory=dict)
    profile: dict[str, str | None] = field(default_factory=dict)
    answers: dict[str, Any] | None = None
    item_scores: dict[str, int | None] | None = None
    file: str = ""

    @property
    def firm_key(self) -> str:
        return firm_key(self.firm)

    def content_hash(self) -> str:
        """The assessment's identity (see the module docstring)."""
        data = {
            "firm": self.firm_key,
            "year": self.year,
            "respondent": firm_key(self.respondent.get("respondent") or ""),
            "versions": list(self.versions),
            "dimensions": {d: _rounded(s.score) for d, s in sorted(self.dimensions.items())},
            "overall": _rounded(self.overall_score),
        }
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def describe(self) -> str:
        who = self.respondent.get("respondent")
        return f"{self.firm}, {self.year}" + (f", {who}" if who else "")


def _rounded(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


@dataclass
class When:
    """The assessment date or year given on the command line, for inputs that lack one."""

    date: dt.date | None = None
    year: int | None = None

    def resolve(self, date: dt.date | None, year: int | None) -> tuple[dt.date | None, int | None]:
        if date is not None:
            return date, date.year
        if year is not None:
            return None, year
        if self.date is not None:
            return self.date, self.date.year
        return None, self.year


MISSING_DATE = "no assessment date: give --date YYYY-MM-DD or --year YYYY"


def read_records(
    paths: Sequence[str | Path],
    q: Questionnaire,
    r: Rubric,
    when: When | None = None,
) -> list[Record]:
    """Every assessment in the inputs, in order; every problem in one InvalidInput."""
    from amc_assess.names import shown
    from amc_assess.yamlio import FileError, read_data

    when = when or When()
    errors: list[str] = []
    parts: list[tuple[int, list[Record]]] = []
    responses: list[tuple[int, str]] = []
    names = [shown(Path(raw)) for raw in paths]
    for k, raw in enumerate(paths):
        path = Path(raw)
        name = names[k]
        suffix = path.suffix.lower()
        if not path.is_file():
            errors.append(f"{name}: file not found")
            continue
        try:
            if suffix in RESPONSE_SUFFIXES:
                responses.append((k, str(path)))
            elif suffix in TABLE_SUFFIXES:
                parts.append((k, table_records(read_table(path), name, q, r, when)))
            elif suffix == ".json":
                data = read_data(path)
                if isinstance(data, dict) and "assessment" in data:
                    responses.append((k, str(path)))
                elif isinstance(data, list):
                    parts.append((k, score_records(data, name, q, r, when)))
                elif isinstance(data, dict) and any(key in data for key in TABLE_KEYS):
                    frame = pd.DataFrame(next(data[key] for key in TABLE_KEYS if key in data))
                    parts.append((k, table_records(frame, name, q, r, when)))
                else:
                    errors.append(
                        f"{name}: (top level): not a response file, an amc score JSON list "
                        "or an amc batch JSON table"
                    )
            else:
                errors.append(
                    f"{name}: not a response file, score output or batch table "
                    "(.yaml, .json, .csv, .xlsx, .parquet)"
                )
        except InvalidInput as exc:
            errors += exc.errors
        except FileError as exc:
            errors.append(str(exc))
    if responses:
        try:
            parts += response_records(responses, q, r, when)
        except InvalidInput as exc:
            errors += exc.errors
    if errors:
        raise InvalidInput(errors)
    out = []
    for k, records in sorted(parts, key=lambda p: p[0]):
        for record in records:
            record.file = names[k]
            out.append(record)
    return out


def response_records(
    files: list[tuple[int, str]], q: Questionnaire, r: Rubric, when: When
) -> list[tuple[int, list[Record]]]:
    """Response files, checked and scored as one batch through the engine."""
    from amc_assess import api

    paths = [path for _, path in files]
    responses = api.load_responses(paths, q)
    errors = []
    dated = []
    for path, response in zip(paths, responses, strict=True):
        date, year = when.resolve(response.assessment.date, None)
        if year is None:
            errors.append(f"{api.shown(path)}: assessment.date: {MISSING_DATE}")
        dated.append((date, year))
    if errors:
        raise InvalidInput(errors)
    results = api.score_responses(responses, q, r, paths)
    out = []
    for (k, path), response, result, (date, year) in zip(
        files, responses, results, dated, strict=True
    ):
        who = response.respondent
        answers = response.answers
        profile = {
            p: str(answers[item].value)
            if item in answers and answers[item].state == "answered"
            else None
            for p, item in PROFILE_ITEMS.items()
        }
        record = _from_result(result, api.shown(path), "response", date, year)  # type: ignore[arg-type]
        record.respondent = {
            "respondent": who.name, "role": who.role, "side": who.side, "level": who.level,
            "function": who.function,
        }  # fmt: skip
        record.profile = profile
        record.answers = {
            item: answer.model_dump(mode="json", exclude_none=True)
            for item, answer in answers.items()
        }
        out.append((k, [record]))
    return out


def _from_result(result: Any, source: str, kind: str, date: dt.date | None, year: int) -> Record:
    return Record(
        firm=result.firm,
        year=year,
        date=date,
        versions=audited(
            (result.instrument, result.instrument_version, result.rubric, result.rubric_version),
            result.item_scores,
        ),
        dimensions={
            d.dimension: DimScore(d.score, d.level, d.status, d.answered_share, d.target)
            for d in result.dimensions
        },
        overall_score=result.overall_score,
        overall_level=result.overall_level,
        overall_status="ok" if result.overall_score is not None else "insufficient data",
        percent_to_target=result.percent_to_target,
        source=source,
        kind=kind,
        respondent={"respondent": result.respondent},
        item_scores=dict(result.item_scores),
    )


def score_records(
    data: list[Any], name: str, q: Questionnaire, r: Rubric, when: When
) -> list[Record]:
    """``amc score --format json`` output: a list of results."""
    from pydantic import ValidationError

    from amc_assess.models import AssessmentResult

    errors, out = [], []
    for k, entry in enumerate(data):
        if not isinstance(entry, dict):
            errors.append(f"{name}: [{k}]: expected a scored result (a mapping)")
            continue
        try:
            result = AssessmentResult.model_validate(entry)
        except ValidationError as exc:
            errors += [f"{name}: [{k}].{field_path(e['loc'])}: {e['msg']}" for e in exc.errors()]
            continue
        date, year = when.resolve(None, None)
        if not result.firm:
            errors.append(f"{name}: [{k}].firm: the result names no firm")
        if year is None:
            errors.append(f"{name}: [{k}]: {MISSING_DATE}")
        if errors:
            continue
        assert year is not None
        out.append(_from_result(result, f"{name} [{k}]", "score", date, year))
    if errors:
        raise InvalidInput(errors)
    return out


def read_table(path: Path) -> pd.DataFrame:
    """A batch or export table as a frame (the ``scored`` sheet of a workbook)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".xlsx":
        sheets = pd.read_excel(path, sheet_name=None)
        for key in TABLE_KEYS:
            if key in sheets:
                return sheets[key]
        return next(iter(sheets.values()))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.apply(lambda col: col.map(_unguard)).replace({"": None})


def _unguard(value: str) -> str:
    """Undo the CSV writer's formula guard (a leading ``'``)."""
    return value[1:] if value.startswith(_GUARDED) else value


def table_records(
    frame: pd.DataFrame, name: str, q: Questionnaire, r: Rubric, when: When
) -> list[Record]:
    """One record per row of a batch table (``amc batch`` or ``amc history export``)."""
    columns = list(frame.columns)
    dims = [c[: -len("_score")] for c in columns if c.endswith("_score") and c != "overall_score"]
    if "respondents" in columns and any(c.endswith("_mean") for c in columns) and not dims:
        raise InvalidInput(
            [f"{name}: a table of group means, not of assessments: add the scored table instead"]
        )
    problems = []
    if "firm" not in columns:
        problems.append(f"{name}: columns: no 'firm' column")
    if not dims:
        problems.append(f"{name}: columns: no '<dimension>_score' columns")
    has_versions = all(c in columns for c in VERSION_COLUMNS)
    if dims and not has_versions and set(dims) != set(r.dimensions):
        problems.append(
            f"{name}: columns: the table scores {', '.join(dims)}, not the dimensions of rubric "
            f"{r.id} {r.version} ({', '.join(r.dimensions)}); give the rubric it was scored "
            "with (-q/-r)"
        )
    if problems:
        raise InvalidInput(problems)
    loaded = versions_of(q, r)
    thresholds = r.thresholds()
    n = len(frame)

    def col(name_: str) -> list[Any]:
        if name_ not in frame.columns:
            return [None] * n
        return frame[name_].astype(object).where(frame[name_].notna(), None).tolist()

    firms, dates, years = col("firm"), col("date"), col("year")
    rows = col("source_row")
    versions_cols = [col(c) for c in VERSION_COLUMNS]
    who = {c: col(c) for c in RESPONDENT}
    prof = {p: col(p) if p in frame.columns else col(PROFILE_ITEMS[p]) for p in PROFILE}
    metrics = {
        d: [col(f"{d}_{m}") for m in ("score", "level", "status", "answered_share")] for d in dims
    }
    overall = [col(c) for c in ("overall_score", "overall_level", "overall_status")]
    pct = col("percent_to_target")
    errors, out = [], []
    for i in range(n):
        where = f"{name}: row {rows[i] if rows[i] is not None else i + 1}"
        firm = cell_text(firms[i])
        try:
            date, year = when.resolve(cell_date(dates[i]), cell_int(years[i]))
        except ValueError as exc:
            errors.append(f"{where}: date: {exc}")
            continue
        if not firm:
            errors.append(f"{where}: firm: missing")
        if year is None:
            errors.append(f"{where}: {MISSING_DATE}")
        if not firm or year is None:
            continue
        given = tuple(cell_text(v[i]) for v in versions_cols)
        versions: Versions = given if all(given) else loaded  # type: ignore[assignment]
        same = versions == loaded
        dim_scores = {}
        for d in dims:
            score_v, level_v, status_v, share_v = (m[i] for m in metrics[d])
            score = cell_float(score_v)
            level = cell_int(level_v)
            if level is None and score is not None:
                level = level_of(score, thresholds)
            status = cell_text(status_v) or ("ok" if score is not None else "insufficient data")
            target = r.dimensions[d].target if same and d in r.dimensions else None
            dim_scores[d] = DimScore(score, level, status, cell_float(share_v), target)
        o_score = cell_float(overall[0][i])
        o_level = cell_int(overall[1][i])
        if o_level is None and o_score is not None:
            o_level = level_of(o_score, thresholds)
        record = Record(
            firm=firm,
            year=year,
            date=date,
            versions=versions,
            dimensions=dim_scores,
            overall_score=o_score,
            overall_level=o_level,
            overall_status=cell_text(overall[2][i])
            or ("ok" if o_score is not None else "insufficient data"),
            percent_to_target=cell_float(pct[i]),
            source=where,
            kind="table",
            respondent={c: cell_text(who[c][i]) for c in RESPONDENT},
            profile={p: cell_text(prof[p][i]) for p in PROFILE},
        )
        out.append(record)
    if errors:
        raise InvalidInput(errors)
    return out


def level_of(score: float, thresholds: list[float]) -> int:
    """The maturity level of a score, by the scoring engine's own rule."""
    from amc_assess.scoring import level_of as engine_level

    return engine_level(score, thresholds)


def cell_text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def cell_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def cell_int(value: Any) -> int | None:
    number = cell_float(value)
    return None if number is None else int(round(number))


def cell_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        # JSON tables hold dates as epoch milliseconds (pandas to_json)
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
