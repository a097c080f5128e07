"""Render scored results as a terminal table, JSON or CSV (rendering never re-scores)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from amc_assess import jsontext
from amc_assess.cellguard import guard_cell
from amc_assess.formats import fmt_progress
from amc_assess.models import AssessmentResult, Rubric
from amc_assess.models.rubric import overall_title
from amc_assess.resources import template_loader
from amc_assess.terminal import printable

if TYPE_CHECKING:
    from rich.table import Table


def _to_next(gap: float | None) -> str:
    """Points to the next level; a dash at the top level, where there is none (the engine's
    gap is 0 there and only there: a score at a level's threshold is at that level)."""
    return "–" if gap == 0 else _fmt(gap)


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "–" if value is None else format(value, spec)


def to_json(results: Sequence[AssessmentResult]) -> str:
    return jsontext.dumps(
        [r.model_dump(mode="json") for r in results], indent=2, ensure_ascii=False
    )


def csv_rows(results: Sequence[AssessmentResult]) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the flat table: one row per assessment."""
    if not results:
        return [], []
    header = ["firm", "respondent"]
    for d in results[0].dimensions:
        header += [
            f"{d.dimension}_{m}"
            for m in ("score", "level", "status", "answered_share", "target", "target_source")
        ]
    header += ["overall_score", "overall_level", "percent_to_target", "targets_source", "rules"]
    rows = []
    for r in results:
        row: list[object] = [r.firm or "", r.respondent or ""]
        for d in r.dimensions:
            row += [_fmt(d.score, ".4f").replace("–", ""), d.level or "", d.status,
                    f"{d.answered_share:.4f}", d.target, d.target_source]  # fmt: skip
        row += [
            _fmt(r.overall_score, ".4f").replace("–", ""),
            r.overall_level or "",
            _fmt(r.percent_to_target, ".4f").replace("–", ""),
            r.targets.source,
            ";".join(rule.id for rule in r.rules),
        ]
        rows.append(row)
    return header, rows


def to_csv(results: Sequence[AssessmentResult]) -> str:
    header, rows = csv_rows(results)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    # a name a spreadsheet would run as a formula is written as text, as amc batch writes it
    writer.writerows([guard_cell(v) if isinstance(v, str) else v for v in row] for row in rows)
    return buffer.getvalue()


def future_date(who: str, date: dt.date | None) -> list[str]:
    """A warning when an assessment is dated after today (a mistyped year would reach a
    board; ``amc history add`` refuses such a date)."""
    if date is None or date <= dt.date.today():
        return []
    return [f"warning: {who}: dated {date.isoformat()}, after today: check the date"]


def draft_warnings(
    results: Sequence[AssessmentResult], files: Sequence[str] | None = None
) -> list[str]:
    """One warning line per draft among ``results`` (unfinished or too few answers), per
    assessment dated after today, and one per answer that skip logic did not ask (not scored;
    ``amc batch`` lists it as a bad cell). Each names its file where ``files`` are given (as
    the report's warnings do), else the firm and respondent."""
    out = []
    for k, r in enumerate(results):
        who = ", ".join(printable(x) for x in (r.firm, r.respondent) if x) or "a respondent"
        who = files[k] if files is not None else who
        out += future_date(who, r.date)
        if r.completion is None:
            continue
        if r.completion.draft:
            out.append(f"warning: {who}: a draft, not a finished assessment "
                       f"({r.completion.describe()})")  # fmt: skip
        out += not_asked_warning(who, r.completion.not_asked)
        out += fraction_warnings(who, r.completion.fractions)
    return out


def not_asked_warning(who: str, items: list[str]) -> list[str]:
    """One line on the answers that skip logic did not ask (kept in the file, not scored)."""
    if not items:
        return []
    if len(items) == 1:
        return [f"warning: {who}: answers.{items[0]}: answered, though not asked (its when: "
                "condition does not hold): the answer is not scored"]  # fmt: skip
    return [f"warning: {who}: {len(items)} answers to questions not asked (their when: "
            f"conditions do not hold) are kept but not scored: {', '.join(items)}"]  # fmt: skip


def other_rubric(
    who: str, named: tuple[str | None, str | None], used: tuple[str, str], now: str = "scored"
) -> list[str]:
    """A warning when a response file names the rubric its interview scored with (``named``:
    id and version) and it is scored now with another (``used``): its levels may differ from
    those the interview showed. ``now``: what is done with it (scored, reported)."""
    if named[0] is None or tuple(named) == tuple(used):
        return []
    return [
        f"warning: {who}: answered in an interview scored with rubric {named[0]} {named[1]}, "
        f"{now} with rubric {used[0]} {used[1]}: give that rubric (--rubric) for the "
        "scores the interview showed"
    ]


def fraction_warnings(who: str, fractions: dict[str, float]) -> list[str]:
    """A warning per answer in percent between 0 and 1 (read as 0.65%, 65% probably meant)."""
    return [
        f"warning: {who}: answers.{item}: a number between 0 and 1 in percent, read as "
        f"{value:g}%; if a share was meant ({value:g} for {value * 100:g}%), write "
        f'{value * 100:g}; to keep {value:g}%, write "{value:g}%"'
        for item, value in fractions.items()
    ]


def to_markdown(
    results: Sequence[AssessmentResult],
    template_dir: str | None = None,
    rubric: Rubric | None = None,
    unknown: Sequence[Collection[str]] | None = None,
    title: str = "AMC assessment",
) -> str:
    """Markdown summary from the ``summary.md.j2`` template (overridable folder), each
    firm's heading ``title`` (the questionnaire's, for an instrument of one's own). With the
    ``rubric``, each dimension's steps are its advice that fits the answers, as the report's
    roadmap ranks it; without, the rubric's recommendations for the dimension's level.
    ``unknown``: per result, the practices answered "don't know" (the responses say which):
    "find out first" steps then only for those, none for questions not asked."""
    from jinja2 import StrictUndefined

    from amc_assess.sandbox import environment  # lazy: imports jinja2

    loader = template_loader(template_dir)
    env = environment(loader=loader, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(progress=fmt_progress, g=lambda x: f"{x:g}")
    steps = [_steps(r, rubric, unknown[k] if unknown is not None else None)
             for k, r in enumerate(results)]  # fmt: skip
    # a dimension the rubric gives no advice for: said so, not "no advice fits"
    advises = {d: dim.advises for d, dim in (rubric.dimensions.items() if rubric else ())}
    return env.get_template("summary.md.j2").render(
        results=results, steps=steps, targets_line=targets_line, overall_title=overall_title,
        title=title, advises=advises,
    )  # fmt: skip


def _steps(
    result: AssessmentResult, rubric: Rubric | None, unknown: Collection[str] | None
) -> dict[str, list[dict[str, Any]]]:
    """Per dimension, the steps to list: ``text`` and ``unscored`` (needed only if a practice
    with no score proves missing: "find out first"). Rules have a section of their own."""
    if rubric is None:
        return {
            d.dimension: [{"text": t, "unscored": False} for t in d.next_steps]
            for d in result.dimensions
        }
    from amc_assess import advice  # lazy: only the markdown summary ranks advice

    out: dict[str, list[dict[str, Any]]] = {d.dimension: [] for d in result.dimensions}
    given = (advice.advice_for(result, rubric) if unknown is None
             else advice.advice_given(result, rubric, unknown))  # fmt: skip
    for a in given:
        if a.kind != "rule" and a.dimension in out:
            out[a.dimension].append({"text": a.text, "unscored": a.unscored})
    return out


def _measures_line(r: AssessmentResult) -> str:
    """The relationship-audit measures in one line: value and the score it gave (if scored)."""
    parts = []
    for name, value in (r.network_measures or {}).items():
        score = r.item_scores.get(f"network_{name}")
        shown = "undefined" if value is None else f"{value:.0%}"
        scored = f" (score {score})" if score is not None else ""
        parts.append(f"{name.replace('_', ' ')} {shown}{scored}")
    return "Relationship audit: " + ", ".join(parts)


def targets_line(r: AssessmentResult) -> str:
    """Where the target levels come from, in one line (progress counts level steps)."""
    t = r.targets
    if t.source == "agreed":
        when = f" on {t.agreed_on.isoformat()}" if t.agreed_on else ""
        who = f" by {t.agreed_by}" if t.agreed_by else ""
        where = f"agreed{when}{who}"
    elif t.source == "mixed":
        where = "mixed: " + ", ".join(f"{d.title} {d.target_source}" for d in r.dimensions)
    elif t.source == "rubric default":
        where = "the rubric's defaults (not agreed with the firm)"
    else:
        where = t.source
    return f"Targets: {where}. Progress to target counts maturity levels reached."


STACKED_BELOW = 90  # columns: narrower terminals get one block per dimension, not a table


def _pack(fields: list[str], width: int, indent: int = 2) -> list[str]:
    """``fields`` joined by `` · `` into lines of at most ``width`` columns, a field broken
    only when it is longer than a line by itself."""
    # lazy: textwrap only for the narrow layout
    import textwrap

    room = max(width - indent, 20)
    lines: list[str] = []
    for field in fields:
        if lines and len(lines[-1]) + 3 + len(field) <= room:
            lines[-1] += " · " + field
        else:
            lines += textwrap.wrap(field, room) or [""]
    return [" " * indent + line for line in lines]


def _who(r: AssessmentResult) -> str:
    """``Firm · Respondent``, and ``(partner view)`` for a partner-side respondent: the
    partner's view of the firm, not the firm's own assessment."""
    who = " · ".join(printable(x) for x in (r.firm, r.respondent) if x)
    return f"{who} (partner view)" if who and r.side == "partner" else who


def _stacked(r: AssessmentResult, width: int) -> list[str]:
    """The score table of a narrow terminal: the dimension's name, then its figures."""
    who = _who(r)
    lines = [who] if who else []
    for d in r.dimensions:
        level = f"level {d.level} {d.level_name}" if d.level else d.status
        lines.append(d.title)
        lines += _pack(
            [f"score {_fmt(d.score)}", level, f"answered {d.answered}/{d.applicable}",
             f"to next level {_to_next(d.gap_to_next)}", f"target {d.target}",
             f"gap to target {_fmt(d.gap_to_target)}"], width,
        )  # fmt: skip
    overall = (
        f"level {r.overall_level} {r.overall_level_name}"
        if r.overall_level
        else "insufficient data"
    )
    fields = [f"score {_fmt(r.overall_score)}", overall]
    if r.percent_to_target is not None:
        fields.append(f"{fmt_progress(r.percent_to_target)} to target")
    return [*lines, overall_title(r.instrument), *_pack(fields, width)]


def _table(r: AssessmentResult) -> Table:
    """The score table of one assessment (wide terminals)."""
    # lazy: rich loads for the text table only, not for the JSON and CSV formats
    from rich.table import Table

    who = _who(r)
    table = Table(title=who or None, title_justify="left")
    for name, justify in (
        ("Dimension", "left"), ("Score", "right"), ("Level", "left"), ("Answered", "right"),
        ("To next level", "right"), ("Target", "left"), ("Gap to target", "right"),
    ):  # fmt: skip
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for d in r.dimensions:
        level = f"{d.level} {d.level_name}" if d.level else d.status
        table.add_row(
            d.title, _fmt(d.score), level, f"{d.answered}/{d.applicable}",
            _to_next(d.gap_to_next), str(d.target), _fmt(d.gap_to_target),
        )  # fmt: skip
    overall = (
        f"{r.overall_level} {r.overall_level_name}" if r.overall_level else "insufficient data"
    )
    pct = fmt_progress(r.percent_to_target)
    table.add_section()
    table.add_row(overall_title(r.instrument), _fmt(r.overall_score), overall, "", "", "",
                  f"{pct} to target" if r.percent_to_target is not None else "")  # fmt: skip
    return table


def to_table(results: Sequence[AssessmentResult], width: int | None = None) -> str:
    """A plain-text report per assessment: dimensions, overall, fired rules.

    Cells wrap on words (a word wider than its column folds, never ends in "…"); below
    ``STACKED_BELOW`` columns each dimension is a name line and its figures underneath."""
    # lazy: rich loads for the text table only, not for the JSON and CSV formats
    from rich.console import Console
    from rich.padding import Padding

    width = width or min(max(shutil.get_terminal_size((100, 24)).columns, 60), 120)
    console = Console(file=io.StringIO(), width=width, color_system=None)
    for r in results:
        if width < STACKED_BELOW:
            console.print("\n".join(_stacked(r, width)), markup=False)
        else:
            console.print(_table(r))
        console.print(targets_line(r), markup=False)
        if r.network_measures is not None:
            console.print(_measures_line(r), markup=False)
        for rule in r.rules:
            console.print(f"[{rule.kind}] {rule.title}", markup=False)
            console.print(Padding(rule.message, (0, 0, 0, 4)), markup=False)
        console.print()
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
