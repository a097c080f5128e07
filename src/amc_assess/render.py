"""Render scored results as a terminal table, JSON or CSV (rendering never re-scores)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Sequence

from amc_assess.formats import fmt_progress
from amc_assess.models import AssessmentResult
from amc_assess.resources import template_loader


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "–" if value is None else format(value, spec)


def to_json(results: Sequence[AssessmentResult]) -> str:
    return json.dumps([r.model_dump(mode="json") for r in results], indent=2, ensure_ascii=False)


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
    writer.writerows(rows)
    return buffer.getvalue()


def draft_warnings(results: Sequence[AssessmentResult]) -> list[str]:
    """One warning line per draft among ``results`` (unfinished or too few answers)."""
    out = []
    for r in results:
        if r.completion is not None and r.completion.draft:
            who = ", ".join(x for x in (r.firm, r.respondent) if x) or "a respondent"
            out.append(f"warning: {who}: a draft, not a finished assessment "
                       f"({r.completion.describe()})")  # fmt: skip
    return out


def to_markdown(results: Sequence[AssessmentResult], template_dir: str | None = None) -> str:
    """Markdown summary from the ``summary.md.j2`` template (overridable folder)."""
    from jinja2 import Environment, StrictUndefined

    loader = template_loader(template_dir)
    env = Environment(loader=loader, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(progress=fmt_progress, g=lambda x: f"{x:g}")
    return env.get_template("summary.md.j2").render(results=results)


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


def to_table(results: Sequence[AssessmentResult], width: int | None = None) -> str:
    """A plain-text report per assessment: dimensions, overall, fired rules."""
    # lazy: rich loads for the text table only, not for the JSON and CSV formats
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table

    width = width or min(max(shutil.get_terminal_size((100, 24)).columns, 80), 120)
    console = Console(file=io.StringIO(), width=width, color_system=None)
    for r in results:
        who = " · ".join(x for x in (r.firm, r.respondent) if x)
        table = Table(title=who or None, title_justify="left")
        for name, justify in (
            ("Dimension", "left"), ("Score", "right"), ("Level", "left"), ("Answered", "right"),
            ("To next level", "right"), ("Target", "left"), ("Gap to target", "right"),
        ):  # fmt: skip
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for d in r.dimensions:
            level = f"{d.level} {d.level_name}" if d.level else d.status
            table.add_row(
                d.title, _fmt(d.score), level, f"{d.answered}/{d.applicable}",
                _fmt(d.gap_to_next), str(d.target), _fmt(d.gap_to_target),
            )  # fmt: skip
        overall = (
            f"{r.overall_level} {r.overall_level_name}" if r.overall_level else "insufficient data"
        )
        pct = _fmt(None if r.percent_to_target is None else 100 * r.percent_to_target, ".0f")
        table.add_section()
        table.add_row("Overall AMC index", _fmt(r.overall_score), overall, "", "", "",
                      f"{pct}% to target" if r.percent_to_target is not None else "")  # fmt: skip
        console.print(table)
        console.print(targets_line(r), markup=False)
        if r.network_measures is not None:
            console.print(_measures_line(r), markup=False)
        for rule in r.rules:
            console.print(f"[{rule.kind}] {rule.title}", markup=False)
            console.print(Padding(rule.message, (0, 0, 0, 4)), markup=False)
        console.print()
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
