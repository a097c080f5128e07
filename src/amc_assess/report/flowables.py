"""Rendered template blocks to platypus flowables; ``<flow>`` names call a section's builders.

A section (:mod:`~amc_assess.report.story`) renders its template to blocks
(:func:`amc_assess.report.text.blocks`) and passes its ``Flows``: the charts and tables the
template may place by name.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from amc_assess.problems import InvalidInput
from amc_assess.report import tables
from amc_assess.report.charts import hexcolor
from amc_assess.report.fonts import with_fallbacks
from amc_assess.report.styles import BODY_W, Styles
from amc_assess.report.text import Block, plain

Flows = dict[str, Callable[[], Flowable | list[Flowable] | None]]
"""A section's builders by flow name: each returns a flowable, several, or None (left out)."""


def to_flowables(found: list[Block], st: Styles, flows: Flows, template: str) -> list[Flowable]:
    """Blocks of a rendered template to flowables; ``<flow>`` names call the section's builders."""
    out: list[Flowable] = []
    for block in found:
        if block.kind == "flow":
            name = block.attrs["name"]
            if name not in flows:
                known = ", ".join(sorted(flows)) or "none"
                raise InvalidInput(
                    [
                        f'{template}: <flow name="{name}"/> is not available in '
                        f"this section (available: {known})"
                    ]
                )
            made = flows[name]()
            made = made if isinstance(made, list) else ([made] if made is not None else [])
            out += made
            if made and not isinstance(made[-1], Spacer):
                out.append(Spacer(1, 8))
        elif block.kind == "li":
            out.append(Paragraph(with_fallbacks(block.text), st.para["li"], bulletText="•"))
        elif block.kind == "callout":
            out.append(callout(block, st))
        else:
            flow = tables.para(block.text, st.para[block.kind])
            if block.kind in ("h1", "h2"):
                flow._amc_outline = (plain(block.text), 0 if block.kind == "h1" else 1)
            out.append(flow)
            if block.kind in ("h2", "h3"):
                out.insert(len(out) - 1, CondPageBreak(60 * mm if block.kind == "h2" else 40 * mm))
    return out


def callout(block: Block, st: Styles) -> Table:
    c = st.brand.colors
    kind = block.attrs.get("kind", "insight")
    edge = {"caution": c.accent, "recommendation": c.levels[3]}.get(kind, c.primary)
    t = Table([[tables.para(block.text, st.para["callout"])]], colWidths=[BODY_W])
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), hexcolor(c.light)),
                ("LINEBEFORE", (0, 0), (0, -1), 3, hexcolor(edge)),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return KeepTogether([t, Spacer(1, 6)])
