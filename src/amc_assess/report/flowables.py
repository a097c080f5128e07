"""Rendered template blocks to platypus flowables; ``<flow>`` names call a section's builders.

A section (:mod:`~amc_assess.report.story`) renders its template to blocks
(:func:`amc_assess.report.text.blocks`) and passes its ``Flows``: the charts and tables the
template may place by name.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
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
from amc_assess.report.fonts import BASE, font_of, with_fallbacks
from amc_assess.report.page import BODY_H, BODY_W
from amc_assess.report.para import Para
from amc_assess.report.styles import Styles
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
            if made and _whole(made[0]) and _caption(out):
                out[-1].keepWithNext = 1  # a chart's caption never ends a page without it
            out += made
            if made and not isinstance(made[-1], Spacer):
                out.append(Spacer(1, FLOW_GAP))
        elif block.kind == "li":
            out.append(Para(with_fallbacks(block.text), st.para["li"], bulletText="•"))
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


SHORT_TABLE = 15  # rows, and at most a third of a page: moved on with its caption


def _whole(flow: Flowable) -> bool:
    """Whether a flow is drawn in one piece, so that its caption goes with it: a chart, or a
    short table (a longer one splits across pages, its caption above its first part; moving
    it whole would leave most of a page empty)."""
    if isinstance(flow, Drawing | FitHeight):
        return True
    if not isinstance(flow, Table) or len(getattr(flow, "_cellvalues", [])) > SHORT_TABLE:
        return False
    return flow.wrap(BODY_W, BODY_H)[1] <= BODY_H / 3


def _caption(out: list[Flowable]) -> bool:
    """Whether the last flowable is a small-print paragraph (a chart's caption)."""
    last = out[-1] if out else None
    return isinstance(last, Paragraph) and getattr(last.style, "name", "") == "small"


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


FLOW_GAP = 8.0  # points of space after each flow


class FitHeight(Flowable):
    """A drawing made when the page is laid out, for the height left below what precedes it
    and above the gap after a flow (at most ``most``): a caption of one more line never
    pushes it, or the gap, onto a page of its own. Less than ``least`` left: made ``most``
    high, so it moves to the next page whole."""

    def __init__(self, make: Callable[[float], Flowable], most: float, least: float) -> None:
        super().__init__()
        self.make, self.most, self.least = make, most, least
        self.made: Flowable | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        left = availHeight - FLOW_GAP
        height = self.most if left < self.least else min(self.most, left)
        self.made = self.make(height)
        return self.made.wrap(availWidth, availHeight)

    def draw(self) -> None:
        assert self.made is not None
        self.made.drawOn(self.canv, 0, 0)


class Contents(Flowable):
    """The table of contents: the report's major sections with their page numbers.

    Drawn in one pass: each page number is a PDF form that the document defines once the
    pages are known (:meth:`amc_assess.report.pdf.ReportDocument._endBuild`), like the page
    total in the footer; each line links to its section.
    """

    ROW = 13.0

    def __init__(self, titles: list[str], heading: str, st: Styles) -> None:
        super().__init__()
        self.titles, self.heading, self.st = titles, heading, st

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = min(availWidth, BODY_W)
        return self.width, self.ROW * (len(self.titles) + 1.6)

    def draw(self) -> None:
        canv = self.canv
        c = self.st.brand.colors
        # page numbers and links only in the report's document, which defines them at its end
        numbered = hasattr(getattr(canv, "_doctemplate", None), "contents_entries")
        top = self.ROW * (len(self.titles) + 0.6)
        canv.setFont(f"{BASE}-Bold" if BASE == "Helvetica" else BASE, 10)
        canv.setFillColor(hexcolor(c.primary))
        canv.drawString(0, top, self.heading)
        for k, title in enumerate(self.titles):
            y = top - self.ROW * (k + 1.2)
            canv.setFont(font_of(title, False), 9)
            canv.setFillColor(hexcolor(c.text))
            canv.drawString(0, y, title)
            start = stringWidth(title, font_of(title, False), 9) + 4
            canv.setStrokeColor(hexcolor(c.muted))
            canv.setDash(0.5, 2.5)
            canv.line(start, y + 1, self.width - 22, y + 1)
            canv.setDash()
            if not numbered:
                continue
            canv.saveState()
            canv.translate(self.width - 30, y)
            canv.doForm(f"amc_toc_{k}")
            canv.restoreState()
            canv.linkRect("", f"amc_section_{k}", (0, y - 3, self.width, y + 10), relative=1)


def section_titles(made: list[Flowable]) -> list[str]:
    """The titles of the major sections (top-level outline entries) in a story."""
    out = []
    for f in made:
        inner = getattr(f, "_content", None)  # a KeepTogether's flowables
        if isinstance(inner, list):
            out += section_titles(inner)
        elif getattr(f, "_amc_outline", (None, 1))[1] == 0:
            out.append(f._amc_outline[0])
    return out
