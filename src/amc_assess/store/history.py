"""A firm's scores year over year: change since the previous year, marked real only beyond noise.

**Reliable change** (Jacobson & Truax 1991): the standard error of measurement of a dimension
score is ``SEM = SD * sqrt(1 - alpha)``; the standard error of a difference between two scores
is ``S_diff = sqrt(2) * SEM``; a change is *real* when ``|change| / S_diff > 1.96`` (95%).

* ``alpha`` is Cronbach's alpha of the dimension's items over the stored assessments scored
  the same way (pairwise missing, the latest 5,000), and ``SD`` the standard deviation of
  their dimension scores. With fewer than 30 such assessments (or when the rubric that defines
  the dimension is not the one in use) documented defaults stand in: alpha 0.83, the lowest
  alpha Schilke & Goerzen (2010) report for their AMC routines, and SD 0.75, their 7-point
  standard deviations of about 1.1 rescaled to the 1..5 range.
* A year's score is the mean over that year's k respondents, whose errors are taken as
  independent: the mean's error is ``SEM / sqrt(k)``, so a change between means of k1 and k2
  respondents is real beyond ``1.96 * SEM * sqrt(1/k1 + 1/k2)`` (``sqrt(2) * SEM`` for single
  respondents). A level change that is not beyond noise is said as such.

**Comparable dimensions**: a change is computed only between years whose instrument/rubric
versions score the dimension the same way (:mod:`amc_assess.definitions`); otherwise
the year says "not comparable", and a note names the dimensions that are. The baseline of a
dimension is the first year scored the same way as the current one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd
from pydantic import Field

from amc_assess.definitions import OVERALL, Versions, known_definitions
from amc_assess.levels import level_of
from amc_assess.models import Questionnaire, Rubric
from amc_assess.models.base import Model, empty_list
from amc_assess.models.comparison import History, HistoryPoint
from amc_assess.models.rubric import overall_title
from amc_assess.names import VERSION_COLUMNS
from amc_assess.scored.members import counted_rows
from amc_assess.scored.respondent import ScoredRespondent
from amc_assess.store.change import Reliability, reliabilities, shown_change
from amc_assess.store.db import Store
from amc_assess.store.frames import (
    attach_keys,
    pool,
    records_frame,
    typed,
)
from amc_assess.validation import instrument

NOT_COMPARABLE = "not comparable"


class YearScore(Model):
    """One dimension (or the overall index) in one year."""

    year: int
    score: float | None
    level: int | None
    level_name: str | None = None
    respondents: int
    definition: str | None = Field(
        default=None, description="how the score was made: equal values are comparable"
    )
    change: float | None = Field(default=None, description="since the previous year")
    change_verdict: str | None = Field(
        default=None, description="real improvement | real decline | within noise | not comparable"
    )
    baseline_year: int | None = None
    vs_baseline: float | None = None
    baseline_verdict: str | None = None
    to_target: float | None = Field(
        default=None, description="score minus the target level's score; overall: % to target"
    )


class Trend(Model):
    dimension: str
    title: str
    target_level: int | None
    target_level_name: str | None = None
    target_score: float | None
    reliability: Reliability
    years: list[YearScore]


class YearInfo(Model):
    year: int
    date: dt.date | None
    respondents: int
    instrument: str
    rubric: str
    left_out: int = Field(0, description="assessments of that year made with other versions")
    partners: int = Field(
        0, description="partner-side assessments of that year: their view, not in the figures"
    )


class FirmHistory(Model):
    """Everything ``amc history show`` prints."""

    firm: str
    years: list[YearInfo]
    trends: list[Trend]
    notes: list[str] = Field(default_factory=empty_list)

    def trend(self) -> History:
        """Per year, the scores comparable with the latest year (what the report draws)."""
        points = []
        for k, info in enumerate(self.years):
            dims: dict[str, float | None] = {}
            levels: dict[str, int | None] = {}
            verdicts: dict[str, str] = {}
            overall = None
            for trend in self.trends:
                step, last = trend.years[k], trend.years[-1]
                same = step.score is not None and step.definition == last.definition
                value = step.score if same else None
                if trend.dimension == OVERALL:
                    overall = value
                else:
                    dims[trend.dimension] = value
                levels[trend.dimension] = step.level if same else None
                judged = step.change_verdict not in (None, NOT_COMPARABLE)
                if same and step.change is not None and judged:
                    verdicts[trend.dimension] = str(step.change_verdict)
            points.append(HistoryPoint(
                label=str(info.year), date=info.date, overall=overall, dimensions=dims,
                levels=levels, verdicts=verdicts,
            ))  # fmt: skip
        verdicts, thresholds = {}, {}  # the latest change of each series, where it was judged
        since_first = {}  # and the change since the first year, where that year is its baseline
        for trend in self.trends:
            last = trend.years[-1]
            if len(trend.years) > 1 and last.baseline_year == self.years[0].year:
                if last.baseline_verdict not in (None, NOT_COMPARABLE):
                    since_first[trend.dimension] = str(last.baseline_verdict)
            verdict = trend.years[-1].change_verdict
            if len(trend.years) > 1 and verdict is not None and verdict != NOT_COMPARABLE:
                verdicts[trend.dimension] = verdict
                before, now = trend.years[-2].respondents, trend.years[-1].respondents
                thresholds[trend.dimension] = round(trend.reliability.threshold(before, now), 6)
        return History(
            points=points, verdicts=verdicts, thresholds=thresholds, since_first=since_first
        )


def firm_history(
    firm: str,
    db: str | Path | None = None,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    *,
    current: Sequence[ScoredRespondent] = (),
    current_year: int | None = None,
) -> History:
    """The firm's scores year by year, for the report's trend.

    ``current``: the respondents the report shows. Their year (``current_year``, else theirs)
    is pooled from them instead of from the store, through the same aggregation, so the
    trend's last point is the report's own result whether or not it is stored.
    """
    return history(
        firm, db, questionnaire, rubric, current=current, current_year=current_year
    ).trend()


def history(
    firm: str,
    db: str | Path | None = None,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    *,
    current: Sequence[ScoredRespondent] = (),
    current_year: int | None = None,
) -> FirmHistory:
    """Year-over-year scores of one stored firm, with reliable change and progress."""
    q, r = instrument(questionnaire, rubric)
    with Store.open(db, create=False) as store:
        name = store.resolve_firm(firm)
        known = store.definitions()
        for versions, definition in known_definitions(q, r).items():
            known.setdefault(versions, definition)
        frame = typed(store.firm_frame(name))
        frame = _with_current(frame, current, current_year)
        pooled = pool(attach_keys(frame, known), r)
        current_versions = _current_versions(pooled)
        dims = list(pooled["dimension"].unique())
        rel = reliabilities(store, q, r, known, current_versions, dims)
    return build(name, pooled, rel, q, r, _partners(frame))


def _partners(frame: pd.DataFrame) -> dict[int, int]:
    """Per year, the partner-side assessments left out of the firm's figures (the one rule:
    :func:`~amc_assess.scored.members.counted`)."""
    heads = frame.drop_duplicates("aid")
    left = heads[~counted_rows(heads, ["year"])]
    return {int(year): int(n) for year, n in left.groupby("year").size().items()}


def _with_current(
    frame: pd.DataFrame, current: Sequence[ScoredRespondent], year: int | None
) -> pd.DataFrame:
    """The stored rows of earlier years, then the current respondents as their year: the
    trend ends at the report's own result (a report of an earlier year shows no later one)."""
    if not current:
        return frame
    year = year if year is not None else next((c.year for c in current if c.year), None)
    if year is None:
        return frame
    dated = [replace(c, year=year) for c in current]
    own = records_frame(dated)
    own["aid"] = -1 - own["aid"]  # never equal to a stored id
    return pd.concat([frame[frame["year"] < year], own], ignore_index=True)


def _current_versions(pooled: pd.DataFrame) -> Versions:
    last = pooled[pooled["year"] == pooled["year"].max()].iloc[0]
    return tuple(str(last[c]) for c in VERSION_COLUMNS)  # type: ignore[return-value]


def build(
    firm: str,
    pooled: pd.DataFrame,
    rel: dict[str, Reliability],
    q: Questionnaire,
    r: Rubric,
    partners: dict[int, int] | None = None,
) -> FirmHistory:
    thresholds = r.thresholds()
    years = sorted(int(y) for y in pooled["year"].unique())
    infos = []
    for year in years:
        row = pooled[pooled["year"] == year].iloc[0]
        date = row["date"]
        infos.append(
            YearInfo(
                year=year,
                date=dt.date.fromisoformat(date) if isinstance(date, str) and date else None,
                respondents=int(row["respondents"]),
                instrument=f"{row['instrument']} {row['instrument_version']}",
                rubric=f"{row['rubric']} {row['rubric_version']}",
                left_out=int(row["dropped"]),
                partners=(partners or {}).get(year, 0),
            )
        )
    present = list(dict.fromkeys(pooled["dimension"]))
    order = [d for d in r.dimensions if d in present]
    order += [d for d in present if d not in order and d != OVERALL] + [OVERALL]
    by = {(row.dimension, int(row.year)): row for row in pooled.itertuples(index=False)}
    trends = []
    for dim in order:
        steps: list[YearScore] = []
        cells = [by.get((dim, y)) for y in years]
        target_level = next(
            (int(c.target) for c in reversed(cells) if c is not None and not pd.isna(c.target)),
            r.dimensions[dim].target if dim in r.dimensions else None,
        )
        target_score = thresholds[target_level - 1] if target_level else None
        for k, (year, cell) in enumerate(zip(years, cells, strict=True)):
            score = None if cell is None or pd.isna(cell.score) else float(cell.score)
            level = level_of(score, thresholds)
            step = YearScore(
                year=year,
                score=score,
                level=level,
                level_name=r.level_name(level) if level else None,
                respondents=0 if cell is None else int(cell.scored),
                definition=None if cell is None else str(cell.def_key),
            )
            if dim == OVERALL:
                pct = None if cell is None else cell.percent_to_target
                step.to_target = None if pct is None or pd.isna(pct) else float(pct)
            elif score is not None and target_score is not None:
                step.to_target = score - target_score
            if cell is not None and score is not None:
                _changes(step, cell, cells[:k], steps[:k], years[:k], rel[dim])
            steps.append(step)
        title = overall_title(r.questionnaire) if dim == OVERALL else (
            r.dimensions[dim].title if dim in r.dimensions else dim
        )  # fmt: skip
        trends.append(
            Trend(
                dimension=dim,
                title=title,
                target_level=None if dim == OVERALL else target_level,
                target_level_name=r.level_name(target_level)
                if target_level and dim != OVERALL
                else None,
                target_score=None if dim == OVERALL else target_score,
                reliability=rel[dim],
                years=steps,
            )
        )
    return FirmHistory(
        firm=firm, years=infos, trends=trends, notes=_notes(pooled, years, infos, order)
    )


def _changes(step: YearScore, cell: object, before: list, earlier: list[YearScore],
             years: list[int], rel: Reliability) -> None:  # fmt: skip
    key = cell.def_key  # type: ignore[attr-defined]
    if before:
        prev = before[-1]
        if prev is None or pd.isna(prev.score):
            step.change_verdict = None
        elif prev.def_key != key:
            step.change_verdict = NOT_COMPARABLE
        else:
            step.change = step.score - float(prev.score)  # type: ignore[operator]
            step.change_verdict = rel.verdict(
                shown_change(step.score, float(prev.score)),  # type: ignore[arg-type]
                int(prev.scored),
                step.respondents,
                earlier[-1].level != step.level,
            )
    base = next(
        (
            (y, c, e)
            for y, c, e in zip(years, before, earlier, strict=True)
            if c is not None and c.def_key == key and not pd.isna(c.score)
        ),
        None,
    )
    if base is None:
        step.baseline_year = step.year
        return
    step.baseline_year = base[0]
    step.vs_baseline = step.score - float(base[1].score)  # type: ignore[operator]
    step.baseline_verdict = rel.verdict(
        shown_change(step.score, float(base[1].score)),  # type: ignore[arg-type]
        int(base[1].scored),
        step.respondents,
        base[2].level != step.level,
    )


def _notes(
    pooled: pd.DataFrame, years: list[int], infos: list[YearInfo], order: list[str]
) -> list[str]:
    notes = []
    for info in infos:
        if info.left_out:
            notes.append(
                f"{info.year}: {info.left_out} assessment(s) made with other instrument or rubric "
                f"versions than the year's latest ({info.instrument} / {info.rubric}) are left out."
            )
    for prev, info, year in zip(infos, infos[1:], years[1:], strict=False):
        if (prev.instrument, prev.rubric) == (info.instrument, info.rubric):
            continue
        now = pooled[pooled["year"] == year].set_index("dimension")["def_key"]
        before = pooled[pooled["year"] == prev.year].set_index("dimension")["def_key"]
        dims = [d for d in order if d in now.index and d != OVERALL]
        same = [d for d in dims if d in before.index and before[d] == now[d]]
        other = [d for d in dims if d not in same]
        text = (
            f"{year} was scored with instrument {info.instrument} / rubric {info.rubric}, "
            f"{prev.year} with {prev.instrument} / {prev.rubric}: "
        )
        if not same:
            text += "no dimension is scored the same way, so no change is shown."
        else:
            text += f"changes are shown only for the comparable dimensions ({', '.join(same)})"
            text += f"; not comparable: {', '.join(other)}." if other else "."
        overall_same = OVERALL in before.index and before[OVERALL] == now.get(OVERALL)
        if same and not overall_same:
            text += " The overall index is not comparable."
        notes.append(text)
    return notes
