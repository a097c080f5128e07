"""Rows of scored tables (``amc batch`` or ``amc history export``) read into scored
respondents, each checked; the base of :class:`amc_assess.scored.readers.Reader`, which
reads the other kinds of scored input. Problems are collected, never raised."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from amc_assess.definitions import Versions, versions_of
from amc_assess.levels import figures, level_of, overall_index, overall_progress
from amc_assess.models import AssessmentResult, FiredRule, Questionnaire, Rubric, Targets
from amc_assess.models.targets import (
    MIXED,
    NOT_RECORDED,
    RUBRIC_DEFAULT,
    TARGET_SOURCES,
    TargetSource,
    common,
)
from amc_assess.names import VERSION_COLUMNS
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
from amc_assess.scored.responses import dimension_result
from amc_assess.terminal import single_line_problem

if TYPE_CHECKING:
    import pandas as pd

MISSING_DATE = "no assessment date: give --date YYYY-MM-DD or --year YYYY"
STATUSES = ("ok", "insufficient data")
ROUNDED = 0.005 + 1e-9  # a score rounded to two decimals still checks against its level
RESCORE = ": score the answers again with amc batch rather than edit a scored table"


class TableRows:
    """Reads scored tables' rows, collecting problems; holds what every reader checks against."""

    def __init__(self, q: Questionnaire, r: Rubric, when: When, need_identity: bool) -> None:
        self.q, self.r, self.when, self.need_identity = q, r, when, need_identity
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
            answers = {ri.item for d in self.r.dimensions.values() for ri in d.items} & set(columns)
            hint = ": it holds answers, not scores: score it with amc batch, then add its table"
            problems.append("no '<dimension>_score' columns" + (hint if answers else ""))
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
                date, year = self.when.resolve(
                    cell_date(col("date")[i]), cell_int(col("year")[i]), where
                )
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
            if same and (wrong := self._inconsistent(scores, o_score, o_level, name, row)):
                self.problems += wrong
                continue
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

    def _inconsistent(
        self,
        scores: dict[str, DimScore],
        o_score: float | None,
        o_level: int | None,
        name: str,
        row: int,
    ) -> list[Problem]:
        """Problems where a row's levels do not follow from its scores, or its overall score
        from its dimension scores, by the rubric it names (a table edited by hand: stored as
        written, its history and exports would disagree with what it says). Scores rounded
        to two decimals pass."""
        r, out = self.r, []
        thresholds = r.thresholds()
        for d, s in [*scores.items(), ("overall", DimScore(o_score, o_level, "ok"))]:
            if s.level is None:
                continue
            if s.score is None:
                why = f"level {s.level} without a score"
            elif s.level in (level_of(s.score - ROUNDED, thresholds),
                             level_of(s.score + ROUNDED, thresholds)):  # fmt: skip
                continue
            else:
                level = level_of(s.score, thresholds)
                why = (f"level {s.level} does not follow from {d}_score {s.score:g} (level "
                       f"{level} by rubric {r.id} {r.version})")  # fmt: skip
            out.append(Problem(name, why + RESCORE, row=row, field=f"{d}_level"))
        dims = [d for d in r.dimensions if d in scores]
        if o_score is not None and len(dims) == len(r.dimensions):
            mean = np.array([[_nan(scores[d].score) for d in dims]])
            weights = [r.dimensions[d].weight for d in dims]
            index = float(overall_index(mean, weights, r.overall.require_all_dimensions)[0])
            if np.isnan(index) or abs(index - o_score) > 2 * ROUNDED:  # both may be rounded
                said = "no overall score" if np.isnan(index) else f"{index:.4g}"
                out.append(Problem(
                    name, f"{o_score:g} does not follow from the dimension scores ({said} by "
                    f"rubric {r.id} {r.version}){RESCORE}", row=row, field="overall_score",
                ))  # fmt: skip
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
