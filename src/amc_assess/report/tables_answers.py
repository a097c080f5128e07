"""Tables of what the respondents told us: the firm profile and portfolio answers."""

from __future__ import annotations

from html import escape as _escape
from typing import Any

from reportlab.platypus import Table

from amc_assess.report.styles import Styles
from amc_assess.report.tables import cell, para, table


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped for paragraph markup (quotes kept, as in the text)."""
    return _escape(text, quote=False)  # xml.sax.saxutils.escape's result, without urllib


def profile(section: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    """One section of unscored questions: question, answer, and any note or evidence."""
    rows: list[list[Any]] = [[lab["col_question"], lab["col_answer"], lab["col_note"]]]
    for row in section["rows"]:
        parts = []
        for n in row["notes"]:
            who = f"<b>{escape(n['who'])}:</b> " if n["who"] else ""
            if n["note"]:
                parts.append(who + escape(n["note"]))
            if n["evidence"]:
                parts.append(f"{who}<i>{escape(lab['evidence'])}:</i> {escape(n['evidence'])}")
        rows.append([
            cell(row["text"], st), cell(row["answer"], st, "cell_bold"),
            para("<br/>".join(parts), st.para["cell"]),
        ])  # fmt: skip
    return table(rows, [0.44 * width, 0.24 * width, 0.32 * width], st)
