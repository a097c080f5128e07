"""The roadmap's tables: one per section of steps, with the answers behind each step."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph, Table

from amc_assess.formats import fmt_gap
from amc_assess.report.styles import Styles
from amc_assess.report.tables import cell, para, table
from amc_assess.report.text import escape


def roadmap(ctx: dict, lab: dict[str, str], st: Styles, width: float, group: str) -> Table | None:
    """The steps of one section of the roadmap (:data:`amc_assess.report.roadmap.GROUPS`), or
    None where it has none: rank, dimension, the step with the practices behind it, horizon and
    effort, expected effect, and the owner (the columns as wide in every section)."""
    steps = [s for s in ctx["roadmap"] if s["group"] == group]
    if not steps:
        return None
    rows: list[list[Any]] = [[
        lab["col_rank"], lab["col_dimension"], lab["col_recommendation"],
        lab.get("col_horizon", "Horizon (effort)"), lab.get("col_effect", "Effect"),
        lab.get("col_owner", "Owner"),
    ]]  # fmt: skip
    for s in steps:
        word = lab.get("finding_word", "finding")
        findings = [f"{word}: {f}" for f in s.get("findings", [])]
        why = "; ".join([*([s["because"]] if s["because"] else []), *findings,
                         *s.get("notes", [])])  # fmt: skip
        why = why[:1].upper() + why[1:]  # a note first in the line starts as a sentence
        because = f'<br/><font size="7" color="#6B7280">{escape(why)}</font>'
        first = f"<b>{escape(lab['check_first'])}</b> " if s.get("unscored") else ""
        rows.append([
            cell(s["rank"], st, "cell_bold"), cell(s["title"], st),
            para(first + escape(s["text"]) + (because if why else ""), st.para["cell"]),
            cell(f"{s['horizon']} ({s['effort_word']})", st), _effect(s, st),
            cell(s["owner"] or "", st),
        ])  # fmt: skip
    owned = any(s["owner"] for s in ctx["roadmap"])  # names need room: not broken mid-word
    shares = (0.06, 0.13, 0.40, 0.13, 0.08, 0.20) if owned else (0.06, 0.14, 0.47, 0.14, 0.08, 0.11)
    return table(rows, [w * width for w in shares], st)


def _effect(step: dict[str, Any], st: Styles) -> Paragraph:
    """The step's effect; where it closes no gap (its dimension is at target), below it in grey
    how far the step would still raise the dimension's score; a dash where its practices or its
    dimension have no score (its effect is unknown)."""
    if step.get("unscored") or step["effect"] is None:
        return para("–", st.para["cell"])
    text = fmt_gap(step["effect"])
    if not step["effect"] and step.get("gain"):
        text += f'<br/><font size="7" color="#6B7280">+{fmt_gap(step["gain"])}</font>'
    return para(text, st.para["cell"])
