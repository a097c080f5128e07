"""Paragraph and table styles, colored by the brand (the page geometry is in page.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from amc_assess.report.brand import Brand
from amc_assess.report.charts import hexcolor, tint
from amc_assess.report.fonts import BASE, BASE_BOLD
from amc_assess.report.scale import ScoreScale, level_shade, score_shade


@dataclass
class Styles:
    """Paragraph styles and the colors of levels and scores (the brand's level colors
    spread over the rubric's levels and score range, ``scale``)."""

    brand: Brand
    para: dict[str, ParagraphStyle]
    scale: ScoreScale = field(default_factory=ScoreScale)

    def _shade(self, level: int) -> str:
        return level_shade(self.brand.colors.levels, level, self.scale.levels)

    def level_color(self, level: int | None) -> colors.Color:
        if not level:
            return colors.HexColor("#9AA1AD")
        return hexcolor(self._shade(level))

    def level_tint(self, level: int | None, amount: float = 0.75) -> colors.Color:
        if not level:
            return colors.HexColor("#F1F3F5")
        return tint(self._shade(level), amount)

    def score_tint(self, score: float | None, amount: float = 0.75) -> colors.Color:
        """A practice score's color, tinted (grey without a score)."""
        if score is None:
            return colors.HexColor("#F1F3F5")
        return tint(score_shade(self.brand.colors.levels, score, self.scale), amount)


def make_styles(brand: Brand, scale: ScoreScale | None = None) -> Styles:
    c = brand.colors
    text, primary, muted = hexcolor(c.text), hexcolor(c.primary), hexcolor(c.muted)
    base = ParagraphStyle(
        "body",
        fontName=BASE,
        fontSize=9.5,
        leading=13.5,
        textColor=text,
        alignment=TA_LEFT,
        spaceAfter=5,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )
    para = {
        "p": base,
        "lead": ParagraphStyle("lead", base, fontSize=11, leading=15.5, spaceAfter=8),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=muted),
        "li": ParagraphStyle("li", base, leftIndent=12, bulletIndent=2, spaceAfter=3),
        "h1": ParagraphStyle(
            "h1",
            base,
            keepWithNext=1,
            fontName=BASE_BOLD,
            fontSize=18,
            leading=22,
            textColor=primary,
            spaceBefore=20,  # where a section goes on below another; none at a page's top
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            keepWithNext=1,
            fontName=BASE_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=primary,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "h3": ParagraphStyle(
            "h3",
            base,
            keepWithNext=1,
            fontName=BASE_BOLD,
            fontSize=10.5,
            leading=14,
            textColor=text,
            spaceBefore=6,
            spaceAfter=3,
        ),
        "callout": ParagraphStyle("callout", base, fontSize=9, leading=12.5, spaceAfter=0),
        "title": ParagraphStyle(
            "title",
            base,
            fontName=BASE_BOLD,
            fontSize=30,
            leading=36,
            textColor=colors.white,
            spaceAfter=10,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", base, fontSize=14, leading=19, textColor=colors.white, spaceAfter=4
        ),
        "meta": ParagraphStyle("meta", base, fontSize=10.5, leading=15, spaceAfter=2),
        "cell": ParagraphStyle("cell", base, fontSize=8.3, leading=10.5, spaceAfter=0),
        "cell_center": ParagraphStyle(
            "cell_center", base, fontSize=8.3, leading=10.5, spaceAfter=0, alignment=1
        ),
        "cell_bold": ParagraphStyle(
            "cell_bold", base, fontName=BASE_BOLD, fontSize=8.3, leading=10.5, spaceAfter=0
        ),
        "cell_head": ParagraphStyle(
            "cell_head",
            base,
            fontName=BASE_BOLD,
            fontSize=8,
            leading=10,
            spaceAfter=0,
            textColor=colors.white,
        ),
        "cell_head_small": ParagraphStyle(
            "cell_head_small",
            base,
            fontName=BASE_BOLD,
            fontSize=7,
            leading=8.5,
            spaceAfter=0,
            textColor=colors.white,
        ),
        "tile_label": ParagraphStyle(
            "tile_label", base, fontSize=7.5, leading=9.5, textColor=muted, spaceAfter=0
        ),
        "tile_value": ParagraphStyle(
            "tile_value", base, fontName=BASE_BOLD, fontSize=15, leading=18, spaceAfter=0
        ),
        "tile_value_small": ParagraphStyle(  # a value too wide for its tile at full size
            "tile_value_small", base, fontName=BASE_BOLD, fontSize=11, leading=18, spaceAfter=0
        ),
    }
    return Styles(brand, para, scale or ScoreScale())
