"""Each kind of scored input read into scored respondents: response files (through the
engine), ``amc score`` JSON results, and rows of scored tables. Problems are collected on the
reader, never raised; :func:`amc_assess.scored.read.read_scored` drives it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import ValidationError

from amc_assess.definitions import Versions, audited, versions_of
from amc_assess.levels import figures, level_of, overall_progress
from amc_assess.loading import validation_problems
from amc_assess.metrics import with_network
from amc_assess.models import AssessmentResult, FiredRule, Questionnaire, Rubric, Targets
from amc_assess.models.targets import (
    MIXED,
    NOT_RECORDED,
    RUBRIC_DEFAULT,
    TARGET_SOURCES,
    TargetsBlock,
    TargetSource,
    common,
)
from amc_assess.names import VERSION_COLUMNS, shown
from amc_assess.problems import Problem
from amc_assess.scored.cells import cell_date, cell_float, cell_int, cell_text
from amc_assess.scored.respondent import (
    PROFILE,
    PROFILE_ITEMS,
    RESPONDENT,
    DimScore,
    ScoredRespondent,
    Source,
    When,
)
from amc_assess.scored.responses import dimension_result, load_responses, score_responses
from amc_assess.terminal import single_line_problem

if TYPE_CHECKING:
    import pandas as pd

    from amc_assess.models.network import NetworkResult

MISSING_DATE = "no assessment date: give --date YYYY-MM-DD or --year YYYY"
STATUSES = ("ok", "insufficient data")


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Reader:
    """Turns each kind of input into scored respondents, collecting problems."""

    def __init__(
        self,
        q: Questionnaire,
        r: Rubric,
        when: When,
        need_identity: bool,
        targets: TargetsBlock | None = None,
    ) -> None:
        self.q, self.r, self.when, self.need_identity = q, r, when, need_identity
        self.targets = targets  # given on the command line: response files are scored with them
        self.loaded: Versions = versions_of(q, r)
        self.problems: list[Problem] = []
        self.unusable: dict[int, str] = {}
        self.rules = {rule.id: rule for rule in r.rules}

    def _mismatch(self, resp: ScoredRespondent) -> None:
        qi, qv, ri, rv = versions_of_result(resp.result) if resp.result else resp.versions
        q, r = self.q, self.r
        self.unusable[id(resp)] = (
            f"scored with {qi} {qv} / rubric {ri} {rv}, but the report uses {q.id} {q.version} / "
            f"{r.id} {r.version}: pass the matching --questionnaire and --rubric"
        )

    def responses(
        self, files: list[tuple[int, str]], network: NetworkResult | None
    ) -> list[tuple[int, list[ScoredRespondent]]]:
        """Response files, checked and scored as one batch through the engine."""
        loaded, problems = load_responses([path for _, path in files], self.q, self.r)
        self.problems += problems
        names = [name for name, _ in loaded]
        answered = [response for _, response in loaded]
        if network is not None:
            answered = with_network(answered, network)
        results, problems = score_responses(answered, self.q, self.r, names, self.targets)
        self.problems += problems
        by_name = dict(zip(names, zip(answered, results, strict=True), strict=True))
        out = []
        for k, path in files:
            name = shown(path)
            if name not in by_name:
                continue
            response, result = by_name[name]
            date, year = self.when.resolve(response.assessment.date, None)
            if year is None and self.need_identity:
                self.problems.append(Problem(name, MISSING_DATE, field="assessment.date"))
            answers = response.answers
            profile = {
                p: str(answers[item].value)
                if item in answers and answers[item].state == "answered"
                else None
                for p, item in PROFILE_ITEMS.items()
            }
            who = response.respondent
            resp = _from_result(result, Source(name, "response", name, sha256(path)), date, year)
            resp.response = response
            resp.who = {
                "respondent": who.name, "role": who.role, "side": who.side, "level": who.level,
                "function": who.function,
            }  # fmt: skip
            resp.profile = profile
            resp.answers = {
                item: answer.model_dump(mode="json", exclude_none=True)
                for item, answer in answers.items()
            }
            out.append((k, [resp]))
        return out

    def results(self, data: Any, name: str, digest: str) -> list[ScoredRespondent]:
        """``amc score --format json`` output: a list of results (or one)."""
        entries = data if isinstance(data, list) else [data]
        out = []
        for k, entry in enumerate(entries):
            where = f"{name} [{k}]" if isinstance(data, list) else name
            at = f"[{k}]" if isinstance(data, list) else ""
            if not isinstance(entry, dict):
                self.problems.append(
                    Problem(name, "expected a scored result (a mapping)", field=at or "(top level)")
                )
                continue
            try:
                result = AssessmentResult.model_validate(entry)
            except ValidationError as exc:
                self.problems += validation_problems(name, exc, at)
                continue
            date, year = self.when.resolve(result.date, None)
            named = {"firm": result.firm, "respondent": result.respondent}
            bad = [Problem(name, why, field=f"{at}.{c}".lstrip(".")) for c, text in named.items()
                   if text and (why := single_line_problem(text))]  # fmt: skip
            if bad:
                self.problems += bad
                continue
            if self.need_identity:
                if not result.firm:
                    self.problems.append(
                        Problem(name, "the result names no firm", field=f"{at}.firm".lstrip("."))
                    )
                if year is None:
                    self.problems.append(Problem(name, MISSING_DATE, field=at))
            firm = result.firm or Path(name).stem
            resp = _from_result(
                result.model_copy(update={"firm": firm}), Source(name, "score", where, digest),
                date, year,
            )  # fmt: skip
            if versions_of_result(result) != self.loaded:
                self._mismatch(resp)
                resp.result = None
            out.append(resp)
        return out

    def table(
        self, frame: pd.DataFrame, name: str, digest: str, first: int
    ) -> list[ScoredRespondent]:
        """One respondent per row of a scored table (``amc batch`` or ``amc history export``)."""
        columns = list(frame.columns)
        dims = [c[: -len("_score")] for c in columns if c.endswith("_score")]
        dims = [d for d in dims if d != "overall"]
        if "respondents" in columns and any(c.endswith("_mean") for c in columns) and not dims:
            self.problems.append(Problem(
                name, "a table of group means, not of assessments: add the scored table instead",
                kind="structure",
            ))  # fmt: skip
            return []
        problems = []
        if "firm" not in columns:
            problems.append("no 'firm' column")
        if not dims:
            problems.append("no '<dimension>_score' columns")
        has_versions = all(c in columns for c in VERSION_COLUMNS)
        r = self.r
        if dims and not has_versions and set(dims) != set(r.dimensions):
            problems.append(
                f"the table scores {', '.join(dims)}, not the dimensions of rubric {r.id} "
                f"{r.version} ({', '.join(r.dimensions)}); give the rubric it was scored with "
                "(-q/-r)"
            )
        if problems:
            self.problems += [Problem(name, p, field="columns", kind="structure") for p in problems]
            return []
        return self._rows(frame, name, digest, first, dims)

    def _rows(
        self, frame: pd.DataFrame, name: str, digest: str, first: int, dims: list[str]
    ) -> list[ScoredRespondent]:
        n = len(frame)
        r = self.r
        thresholds = r.thresholds()
        cols = {c: _column(frame, c) for c in frame.columns}

        def col(c: str) -> list[Any]:
            return cols.get(c, [None] * n)

        versions_cols = [col(c) for c in VERSION_COLUMNS]
        full = (
            all(
                f"{d}_{m}" in frame.columns
                for d in r.dimensions
                for m in ("answered", "applicable")
            )
            and "rules" in frame.columns
        )
        out = []
        for i in range(n):
            row = first + i
            where = f"{name}: row {row}"
            firm = cell_text(col("firm")[i])
            try:
                date, year = self.when.resolve(cell_date(col("date")[i]), cell_int(col("year")[i]))
            except ValueError as exc:
                self.problems.append(Problem(name, str(exc), row=row, field="date"))
                continue
            if not firm:
                self.problems.append(Problem(name, "missing", row=row, field="firm"))
                continue
            named = {"firm": firm, **{c: cell_text(col(c)[i]) for c in ("respondent", "role")}}
            bad = [Problem(name, why, row=row, field=c) for c, text in named.items()
                   if text and (why := single_line_problem(text))]  # fmt: skip
            if bad:
                self.problems += bad
                continue
            if year is None and self.need_identity:
                self.problems.append(Problem(name, MISSING_DATE, row=row))
                continue
            given = tuple(cell_text(v[i]) for v in versions_cols)
            versions: Versions = given if all(given) else self.loaded  # type: ignore[assignment]
            same = versions == self.loaded
            targets = self._targets(col, i, name, row, dims, same)
            scores = {}
            for d in dims:
                score = cell_float(col(f"{d}_score")[i])
                level = cell_int(col(f"{d}_level")[i])
                if level is None and score is not None:
                    level = level_of(score, thresholds)
                status = cell_text(col(f"{d}_status")[i])
                if status not in STATUSES:
                    status = "ok" if score is not None else "insufficient data"
                scores[d] = DimScore(
                    score, level, status, cell_float(col(f"{d}_answered_share")[i]),
                    targets.levels.get(d), cell_int(col(f"{d}_answered")[i]),
                    cell_int(col(f"{d}_applicable")[i]), targets.sources.get(d),
                )  # fmt: skip
            o_score = cell_float(col("overall_score")[i])
            o_level = cell_int(col("overall_level")[i])
            if o_level is None and o_score is not None:
                o_level = level_of(o_score, thresholds)
            rules = [x.strip() for x in (cell_text(col("rules")[i]) or "").split(";") if x.strip()]
            resp = ScoredRespondent(
                firm=firm, versions=versions, dimensions=scores, overall_score=o_score,
                overall_level=o_level,
                overall_status=cell_text(col("overall_status")[i])
                or ("ok" if o_score is not None else "insufficient data"),
                percent_to_target=cell_float(col("percent_to_target")[i]),
                source=Source(name, "table", where, digest), date=date, year=year,
                who={c: cell_text(col(c)[i]) for c in RESPONDENT},
                profile={
                    p: cell_text(col(p)[i] if p in cols else col(PROFILE_ITEMS[p])[i])
                    for p in PROFILE
                },
                rules=rules,
                targets=targets.targets,
            )  # fmt: skip
            if not same:
                self._mismatch(resp)
            elif not full:
                self.unusable[id(resp)] = (
                    f"not a full scored table of rubric {r.id} {r.version} (answered and "
                    "applicable counts and rules per row): score the responses again with "
                    "amc batch"
                )
            else:
                unknown = [x for x in rules if x not in self.rules]
                for rule_id in unknown:
                    self.problems.append(Problem(
                        name, f"{rule_id!r} is not a rule of rubric {r.id} {r.version}",
                        row=row, field="rules",
                    ))  # fmt: skip
                if not unknown:
                    resp.result = self._result(resp)
            out.append(resp)
        return out

    def _targets(
        self, col: Any, i: int, name: str, row: int, dims: list[str], same: bool
    ) -> RowTargets:
        """A table row's targets: ``<dim>_target`` columns (their source from
        ``<dim>_target_source``, else the row's ``targets_source``), else the rubric's for a
        table scored with the rubric in use; ``targets_agreed_on``/``_by`` say who agreed them."""
        r = self.r
        top = len(r.levels)
        out = RowTargets()
        row_source = self._source(col("targets_source")[i], name, row, "targets_source")
        for d in dims:
            raw = col(f"{d}_target")[i]
            level = cell_float(raw)
            if cell_text(raw) is not None and (
                level is None or not level.is_integer() or not 1 <= level <= top
            ):
                self.problems.append(Problem(
                    name, f"{cell_text(raw)!r} is not a level 1..{top}", row=row,
                    field=f"{d}_target",
                ))  # fmt: skip
                continue
            source = self._source(col(f"{d}_target_source")[i], name, row, f"{d}_target_source")
            if level is not None:
                out.levels[d] = int(level)
                own = row_source if row_source != MIXED else None
                out.sources[d] = source or own or NOT_RECORDED
            elif same and d in r.dimensions:
                out.levels[d], out.sources[d] = r.dimensions[d].target, RUBRIC_DEFAULT
        if dims and set(out.levels) == set(dims):  # every dimension's target is known
            try:
                agreed_on = cell_date(col("targets_agreed_on")[i])
            except ValueError as exc:
                self.problems.append(Problem(name, str(exc), row=row, field="targets_agreed_on"))
                agreed_on = None
            out.targets = Targets(
                levels={d: out.levels[d] for d in dims},
                source=common([out.sources[d] for d in dims]),
                agreed_on=agreed_on,
                agreed_by=cell_text(col("targets_agreed_by")[i]),
            )
        return out

    def _source(self, value: Any, name: str, row: int, column: str) -> TargetSource | None:
        """A target source cell (None when empty; a problem when not a known source)."""
        text = cell_text(value)
        source = next((s for s in TARGET_SOURCES if s == text), None)
        if text is not None and source is None:
            known = ", ".join(TARGET_SOURCES)
            self.problems.append(Problem(
                name, f"{text!r} is not a target source ({known})", row=row, field=column,
            ))  # fmt: skip
        return source

    def _result(self, resp: ScoredRespondent) -> AssessmentResult:
        """A table row's typed result: its scores, with gaps and progress by the engine's rules
        against the row's own targets."""
        r = self.r
        dims = list(r.dimensions)
        assert resp.targets is not None
        targets = np.array([[resp.targets.levels[d] for d in dims]])
        score = np.array([[_nan(resp.dimensions[d].score) for d in dims]])
        fig = figures(score, r.thresholds(), targets)
        values: dict[str, object] = {}
        for k, d in enumerate(dims):
            s = resp.dimensions[d]
            applicable = s.applicable or 0
            share = s.answered_share
            if share is None:
                share = (s.answered or 0) / applicable if applicable else 0.0
            values.update({
                f"{d}_score": s.score, f"{d}_level": s.level, f"{d}_status": s.status,
                f"{d}_answered_share": share, f"{d}_answered": s.answered,
                f"{d}_applicable": s.applicable, f"{d}_gap_to_next": fig.gap_to_next[0, k],
                f"{d}_target": targets[0, k], f"{d}_gap_to_target": fig.gap_to_target[0, k],
                f"{d}_percent_to_target": fig.progress[0, k],
            })  # fmt: skip
        progress = overall_progress(score, r.thresholds(), targets)[0]
        sources = {d: resp.dimensions[d].target_source or RUBRIC_DEFAULT for d in dims}
        return AssessmentResult(
            firm=resp.firm, respondent=resp.who.get("respondent"),
            instrument=resp.versions[0], instrument_version=resp.versions[1],
            rubric=resp.versions[2], rubric_version=resp.versions[3],
            dimensions=[dimension_result(r, d, values.get, sources[d]) for d in dims],
            overall_score=resp.overall_score, overall_level=resp.overall_level,
            overall_level_name=r.level_name(resp.overall_level) if resp.overall_level else None,
            percent_to_target=None if resp.overall_score is None else float(progress),
            targets=resp.targets,
            rules=[FiredRule.of(self.rules[x]) for x in resp.rules], item_scores={},
        )  # fmt: skip


@dataclass
class RowTargets:
    """A table row's target level and source per dimension, and (when complete) its Targets."""

    levels: dict[str, int] = field(default_factory=dict)
    sources: dict[str, TargetSource] = field(default_factory=dict)
    targets: Targets | None = None


def _nan(value: float | None) -> float:
    return np.nan if value is None else value


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    values: list[Any] = frame[name].astype(object).where(frame[name].notna(), None).tolist()
    return values


def versions_of_result(result: AssessmentResult) -> Versions:
    return (result.instrument, result.instrument_version, result.rubric, result.rubric_version)


def _from_result(
    result: AssessmentResult, source: Source, date: Any, year: int | None
) -> ScoredRespondent:
    return ScoredRespondent(
        firm=result.firm or "",
        versions=audited(versions_of_result(result), result.item_scores),
        dimensions={
            d.dimension: DimScore(
                d.score,
                d.level,
                d.status,
                d.answered_share,
                d.target,
                d.answered,
                d.applicable,
                d.target_source,
            )  # fmt: skip
            for d in result.dimensions
        },
        overall_score=result.overall_score,
        overall_level=result.overall_level,
        overall_status="ok" if result.overall_score is not None else "insufficient data",
        percent_to_target=result.percent_to_target,
        source=source,
        date=date,
        year=year,
        result=result,
        targets=result.targets,
        who={"respondent": result.respondent, "side": result.side},
        item_scores=dict(result.item_scores),
        rules=[rule.id for rule in result.rules],
    )
