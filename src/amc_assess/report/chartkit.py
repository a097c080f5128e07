"""What every chart draws with: colors, series styles, text, legends, hatching.

The series colors are the Okabe–Ito set (safe for red-green color blindness), without its
yellow, which is too pale for a line on white. No chart tells series apart by color alone:
each series also has its own dash pattern and marker shape (:func:`series_style`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from amc_assess.report.fonts import fit, font_of
from amc_assess.report.fonts import width as text_width

if TYPE_CHECKING:
    from amc_assess.report.brand import Colors

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, reddish purple,
# sky blue, vermillion (yellow #F0E442 left out: too pale for lines).
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
}
SERIES = [OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "sky", "vermillion")]
# Dash patterns and markers of the series; their counts are coprime, so the first 20
# series all differ in the pair. Solid lines are kept for the overall index.
DASHES: list[tuple[float, ...]] = [(6, 3), (1.5, 2.5), (8, 2.5, 1.5, 2.5), (3, 2), (10, 3)]
MARKERS = ["FilledCircle", "FilledTriangle", "FilledDiamond", "FilledSquare"]
BOLD_MARKER = "FilledSquare"
GRID = "#E3E6EB"
MISSING = "#9AA1AD"  # lines and text of what has no data
MISSING_FILL = "#F1F3F5"


def hexcolor(value: str, alpha: float | None = None) -> colors.Color:
    c = colors.HexColor(value)
    return colors.Color(c.red, c.green, c.blue, alpha) if alpha is not None else c


def tint(value: str, amount: float) -> colors.Color:
    """Mix a color with white (amount 0 = the color, 1 = white)."""
    c = colors.HexColor(value)
    return colors.Color(*(x + (1 - x) * amount for x in (c.red, c.green, c.blue)))


def ink_on(fill: colors.Color) -> colors.Color:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * linear(fill.red) + 0.7152 * linear(fill.green) + 0.0722 * linear(fill.blue)
    return colors.white if (lum + 0.05) / 0.05 < 1.05 / (lum + 0.05) else colors.black


def text(
    x: float,
    y: float,
    value: str,
    size: float = 8,
    color: Any = colors.black,
    anchor: str = "start",
    bold: bool = False,
    limit: float | None = None,
) -> String:
    if limit is not None:
        value = fit(value, size, limit, bold, single=True)
    return String(
        x,
        y,
        value,
        fontName=font_of(value, bold),
        fontSize=size,
        fillColor=color,
        textAnchor=anchor,
    )


def font_width(value: str, size: float) -> float:
    return text_width(value, size, single=True)


@dataclass(frozen=True)
class Style:
    """How one series is drawn: color, line width, dash pattern (None: solid), marker."""

    color: str
    width: float
    dash: tuple[float, ...] | None
    marker: str | None
    marker_size: float = 6


def series_style(k: int, bold: bool = False, bold_color: str = "#1F2933") -> Style:
    """The k-th series' style; ``bold`` (the overall index): thick, solid, square markers."""
    if bold:
        return Style(bold_color, 2.8, None, BOLD_MARKER, 7)
    return Style(SERIES[k % len(SERIES)], 1.8, DASHES[k % len(DASHES)], MARKERS[k % len(MARKERS)])


def marker(kind: str, x: float, y: float, size: float, color: Any) -> Any:
    """A reportlab marker (a widget; ``.kind`` names its shape) with a white rim."""
    return makeMarker(
        kind, x=x, y=y, size=size, fillColor=color, strokeColor=colors.white, strokeWidth=0.5
    )


@dataclass(frozen=True)
class Key:
    """One legend entry: a line (color, width, dash) with an optional marker, or a swatch."""

    label: str
    color: Any
    dash: tuple[float, ...] | None = None
    marker: str | None = None
    width: float = 2
    swatch: Any = None
    marker_size: float = 6  # a Group drawn in a 16 x 8 box instead of the line


def _keys(entries: Sequence[tuple[str, Any, bool] | Key]) -> list[Key]:
    return [e if isinstance(e, Key) else Key(e[0], e[1], (3, 2) if e[2] else None) for e in entries]


def _layout(
    keys: list[Key], x: float, y: float, size: float, gap: float, limit: float, center: bool
) -> list[tuple[str, float, float]]:
    """Each entry's fitted label and position; rows wrap at ``limit``, one row may be centered."""
    fitted = [fit(k.label, size, 200, single=True) for k in keys]
    widths = [20 + font_width(label, size) for label in fitted]
    total = sum(widths) + gap * (len(widths) - 1)
    if center and total < limit - 4:
        x = (limit + 4 - total) / 2
    start, out = x, []
    for label, w in zip(fitted, widths, strict=True):
        if x > start and x + w > limit:
            x, y = start, y - 12
        out.append((label, x, y))
        x += w + gap
    return out


def legend_rows(
    entries: Sequence[tuple[str, Any, bool] | Key],
    x: float,
    width: float,
    size: float = 8,
    gap: float = 16,
) -> int:
    """How many rows :func:`legend` takes for these entries from x in a drawing this wide."""
    places = _layout(_keys(entries), x, 0, size, gap, width - 4, False)
    return 1 - round(min((p[2] for p in places), default=0) / 12)


def legend(
    drawing: Drawing,
    x: float,
    y: float,
    entries: Sequence[tuple[str, Any, bool] | Key],
    size: float = 8,
    gap: float = 16,
    center: float | None = None,
) -> Group:
    """A legend from x at baseline y (rows wrap downwards); adds it as ``drawing.legend``.

    Entries are :class:`Key` objects or ``(label, color, dashed)``. With ``center`` (the
    drawing's width) a single row is centered instead.
    """
    limit = (center or drawing.width) - 4
    group = legend_group(entries, x, y, limit, size, gap, center is not None)
    drawing.add(group, name="legend")
    return group


def legend_group(
    entries: Sequence[tuple[str, Any, bool] | Key],
    x: float,
    y: float,
    limit: float,
    size: float = 8,
    gap: float = 16,
    center: bool = False,
) -> Group:
    """The legend's shapes as a group; rows wrap at x = ``limit``."""
    keys = _keys(entries)
    group = Group()
    for key, (label, lx, ly) in zip(
        keys, _layout(keys, x, y, size, gap, limit, center), strict=True
    ):
        if key.swatch is not None:
            swatch = key.swatch
            swatch.translate(lx, ly - 1)
            group.add(swatch)
        else:
            group.add(
                Line(
                    lx,
                    ly + 3,
                    lx + 16,
                    ly + 3,
                    strokeColor=key.color,
                    strokeWidth=key.width,
                    strokeDashArray=key.dash,
                )
            )
            if key.marker:
                group.add(marker(key.marker, lx + 8, ly + 3, key.marker_size, key.color))
        group.add(text(lx + 20, ly, label, size))
    return group


def hatch(
    x: float,
    y: float,
    w: float,
    h: float,
    color: Any = None,
    fill: Any = None,
    step: float = 3.5,
    border: Any = None,
) -> Group:
    """A rectangle filled with diagonal lines: the mark for 'no data' (grey by default)."""
    color = color if color is not None else hexcolor(MISSING)
    g = Group()
    g.add(Rect(x, y, w, h, fillColor=fill or hexcolor(MISSING_FILL), strokeColor=border))
    t = -h
    while t < w:
        start, end = max(t, 0.0), min(t + h, w)
        if start < end:
            g.add(
                Line(
                    x + start,
                    y + start - t,
                    x + end,
                    y + end - t,
                    strokeColor=color,
                    strokeWidth=0.5,
                )
            )
        t += step
    return g


def walk(node: Any) -> list[Any]:
    """Every shape in a drawing or group, depth first (groups opened, widgets as they are)."""
    out = []
    for child in getattr(node, "contents", []):
        out.append(child)
        out += walk(child)
    return out


def polar(cx: float, cy: float, angle: float, r: float) -> tuple[float, float]:
    return cx + math.cos(angle) * r, cy + math.sin(angle) * r


def box_swatch(palette: Colors) -> Group:
    """The legend mark of the peers' box: a box on a whisker line."""
    g = Group()
    g.add(Line(0, 4, 16, 4, strokeColor=hexcolor(GRID), strokeWidth=1))
    fill, edge = tint(palette.peer, 0.6), hexcolor(palette.peer)
    g.add(Rect(3, 0, 10, 8, fillColor=fill, strokeColor=edge, strokeWidth=0.6))
    return g


def median_swatch(palette: Colors) -> Group:
    """The legend mark of the peer median: a short upright line."""
    g = Group()
    g.add(Line(8, -1, 8, 9, strokeColor=hexcolor(palette.text), strokeWidth=1.2))
    return g


def dot_swatch(palette: Colors) -> Group:
    """The legend mark of the firm: a dot."""
    g = Group()
    fill = hexcolor(palette.primary)
    g.add(Circle(8, 4, 3, fillColor=fill, strokeColor=colors.white, strokeWidth=0.6))
    return g
