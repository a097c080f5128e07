"""The PDF: a platypus document of cover, summary, dimension pages, roadmap and appendix.

Every word comes from a template (``report_*.j2``), every figure from the context; the
flowables come from :mod:`~amc_assess.report.story`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
)
from reportlab.platypus.doctemplate import PageBegin

from amc_assess.atomic import write_bytes
from amc_assess.report.brand import Brand
from amc_assess.report.charts import hexcolor
from amc_assess.report.collector import paused_gc
from amc_assess.report.flowables import section_titles
from amc_assess.report.fonts import BASE, fit, font_of
from amc_assess.report.memo import remembered
from amc_assess.report.page import (
    BAND_BOTTOM,
    BAND_TOP,
    BODY_W,
    BRAND_NAME_W,
    FOOTER_W,
    PAGE_H,
    PAGE_MARGIN,
    PAGE_W,
)
from amc_assess.report.story import story
from amc_assess.report.styles import Styles, make_styles
from amc_assess.report.text import labels

NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
DRAFT_RED = "#B3261E"  # the draft strip: unmistakable on any brand


class ReportDocument(BaseDocTemplate):
    """Cover page, then body pages with running header and footer; headings feed the outline."""

    def __init__(self, target: Any, st: Styles, lab: dict[str, str], **meta: Any) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=PAGE_MARGIN,
            rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN + 6 * mm,
            bottomMargin=PAGE_MARGIN,
            **meta,
        )
        self.st, self.lab = st, lab
        self._outline_level = -1
        self._sections: list[int] = []  # the page of each major section, in order
        self.contents_entries = 0  # lines of the table of contents (each needs a form)
        self._keys = 0
        band = Frame(
            PAGE_MARGIN,
            BAND_BOTTOM + 10 * mm,
            BODY_W,
            BAND_TOP - BAND_BOTTOM - 20 * mm,
            id="band",
            **NO_PADDING,
        )
        below = Frame(
            PAGE_MARGIN,
            PAGE_MARGIN + 22 * mm,
            BODY_W,
            BAND_BOTTOM - PAGE_MARGIN - 30 * mm,
            id="below",
            **NO_PADDING,
        )
        body = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", **NO_PADDING
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [band, below], onPage=self._cover),
                PageTemplate("body", [body], onPage=self._chrome),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        info = getattr(flowable, "_amc_outline", None)
        if not info:
            return
        title, level = info
        level = min(level, self._outline_level + 1)
        self._outline_level = level
        self._keys += 1
        key = f"s{self._keys}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        if level == 0:  # a major section: its page for the table of contents
            self.canv.bookmarkPage(f"amc_section_{len(self._sections)}")
            self._sections.append(self.page)

    def _cover(self, canv: Any, doc: Any) -> None:
        c = self.st.brand.colors
        canv.saveState()
        canv.setFillColor(hexcolor(c.primary))
        canv.rect(0, BAND_BOTTOM, PAGE_W, BAND_TOP - BAND_BOTTOM, stroke=0, fill=1)
        canv.setFillColor(hexcolor(c.accent))
        canv.rect(0, BAND_BOTTOM - 2 * mm, PAGE_W, 2 * mm, stroke=0, fill=1)
        logo = self.st.brand.logo
        top = PAGE_H - 12 * mm
        if logo is not None:
            image = ImageReader(str(logo))
            iw, ih = image.getSize()
            scale = min(50 * mm / iw, 18 * mm / ih)
            canv.drawImage(
                image, PAGE_MARGIN, top - ih * scale, iw * scale, ih * scale, mask="auto"
            )
        name = self.lab.get("cover_brand", "")
        if name:
            _draw(
                canv,
                PAGE_W - PAGE_MARGIN,
                top - 11,
                name,
                10,
                hexcolor(c.primary),
                "right",
                BRAND_NAME_W,
                bold=True,
            )
        _draw(
            canv,
            PAGE_MARGIN,
            PAGE_MARGIN,
            self.lab.get("footer", ""),
            8,
            hexcolor(c.muted),
            "left",
            BODY_W,
        )
        self._draft(canv)
        canv.restoreState()

    def _draft(self, canv: Any) -> None:
        """A red strip across the top of the page when the answers are a draft."""
        text = self.lab.get("draft", "")
        if not text:
            return
        canv.setFillColor(colors.HexColor(DRAFT_RED))
        canv.rect(0, PAGE_H - 6 * mm, PAGE_W, 6 * mm, stroke=0, fill=1)
        _draw(canv, PAGE_MARGIN, PAGE_H - 4.2 * mm, text, 8, colors.white, "left", BODY_W,
              bold=True)  # fmt: skip

    def _chrome(self, canv: Any, doc: Any) -> None:
        c = self.st.brand.colors
        canv.saveState()
        y_head = PAGE_H - PAGE_MARGIN + 2 * mm
        half = BODY_W / 2 - 6
        _draw(
            canv,
            PAGE_MARGIN,
            y_head,
            self.lab.get("header_left", ""),
            8,
            hexcolor(c.primary),
            "left",
            half,
            bold=True,
        )
        _draw(
            canv,
            PAGE_W - PAGE_MARGIN,
            y_head,
            self.lab.get("header_right", ""),
            8,
            hexcolor(c.muted),
            "right",
            half,
        )
        canv.setStrokeColor(hexcolor(c.primary))
        canv.setLineWidth(0.6)
        canv.line(PAGE_MARGIN, y_head - 4, PAGE_W - PAGE_MARGIN, y_head - 4)
        y_foot = PAGE_MARGIN - 8 * mm
        canv.setStrokeColor(colors.HexColor("#D9DEE5"))
        canv.line(PAGE_MARGIN, y_foot + 10, PAGE_W - PAGE_MARGIN, y_foot + 10)
        number = (
            f"{self.lab.get('page', 'Page')} {canv.getPageNumber()} {self.lab.get('of', 'of')} "
        )
        reserve = stringWidth("00", BASE, 8)
        _draw(
            canv,
            PAGE_W - PAGE_MARGIN - reserve,
            y_foot,
            number,
            8,
            hexcolor(c.muted),
            "right",
            BODY_W / 3,
        )
        canv.saveState()
        canv.translate(PAGE_W - PAGE_MARGIN - reserve, y_foot)
        canv.doForm("amc_total_pages")
        canv.restoreState()
        _draw(
            canv,
            PAGE_MARGIN,
            y_foot,
            self.lab.get("footer", ""),
            8,
            hexcolor(c.muted),
            "left",
            FOOTER_W,
        )
        self._draft(canv)
        canv.restoreState()

    def _endBuild(self) -> None:  # noqa: N802 - reportlab's hook: define the page total, save
        self._removeVars(("build", "page", "frame"))
        if self._hanging != [] and self._hanging[-1] is PageBegin:
            del self._hanging[-1]
            self.clean_hanging()
        else:
            self.clean_hanging()
            self.handle_pageBreak()
        canv = self.canv
        canv.beginForm("amc_total_pages")
        canv.setFont(BASE, 8)
        canv.setFillColor(hexcolor(self.st.brand.colors.muted))
        canv.drawString(0, 0, str(self.page))
        canv.endForm()
        for k in range(max(len(self._sections), self.contents_entries)):
            canv.beginForm(f"amc_toc_{k}")  # drawn right-aligned at x = 30 (forms clip x < 0)
            canv.setFont(BASE, 9)
            canv.setFillColor(hexcolor(self.st.brand.colors.text))
            canv.drawRightString(30, 0, str(self._sections[k]) if k < len(self._sections) else "")
            canv.endForm()
        canv.showOutline()
        canv.save()


def _draw(
    canv: Any,
    x: float,
    y: float,
    text: str,
    size: float,
    color: Any,
    align: str,
    limit: float,
    bold: bool = False,
) -> None:
    """One line of plain text, shortened to fit, in the font its characters need."""
    if not text:
        return
    text = fit(text, size, limit, bold, single=True)
    canv.setFont(font_of(text, bold), size)
    canv.setFillColor(color)
    if align == "right":
        canv.drawRightString(x, y, text)
    else:
        canv.drawString(x, y, text)


@contextmanager
def binary_streams() -> Iterator[None]:
    """Page and image streams stored compressed, without reportlab's ASCII85 layer on top
    (``rl_config.useA85``, a process-wide setting, restored after): the same content in a
    smaller file, and no pass of pure-Python ASCII85 encoding over every stream."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def build_pdf(ctx: dict, brand: Brand, template_dir: str | None, out: str | Path | None) -> bytes:
    """Render the report; write it to ``out`` atomically when given, and return the bytes."""
    with paused_gc():
        data = _layout(ctx, brand, template_dir)
    if out is not None:
        write_bytes(Path(out), data)
    return data


def _layout(ctx: dict, brand: Brand, template_dir: str | None) -> bytes:
    st = make_styles(brand, ctx.get("scale"))
    lab = labels(ctx, template_dir)
    buffer = io.BytesIO()
    doc = ReportDocument(
        buffer,
        st,
        lab,
        title=lab.get("pdf_title", ""),
        author=lab.get("pdf_author", ""),
        subject=lab.get("pdf_subject", ""),
        creator="amc-assess",
        keywords=lab.get("pdf_keywords", ""),
    )
    with remembered():
        made = story(ctx, st, lab, template_dir)
        doc.contents_entries = len(section_titles(made))
        with binary_streams():
            doc.build(made)
    return buffer.getvalue()
