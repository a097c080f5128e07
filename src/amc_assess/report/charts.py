"""Charts as native reportlab vector drawings: radar, level scale, percentile bar, trend.

Charts read the report context (figures already computed) and never compute a score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from amc_assess.report.brand import Colors
from amc_assess.report.fonts import fit, font_of
from amc_assess.report.fonts import width as text_width

SERIES = ["#1F3A5F", "#2A9D8F", "#E9A23B", "#8E5EA2", "#C0392B", "#4C6EF5"]


def hexcolor(value: str, alpha: float | None = None) -> colors.Color:
    c = colors.HexColor(value)
    return colors.Color(c.red, c.green, c.blue, alpha) if alpha is not None else c


def tint(value: str, amount: float) -> colors.Color:
    """Mix a colour with white (amount 0 = the colour, 1 = white)."""
    c = colors.HexColor(value)
    return colors.Color(*(x + (1 - x) * amount for x in (c.red, c.green, c.blue)))


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


def legend(
    drawing: Drawing,
    x: float,
    y: float,
    entries: Sequence[tuple[str, Any, bool]],
    size: float = 8,
    gap: float = 16,
    center: float | None = None,
) -> None:
    """A legend: (label, colour, dashed) per entry, from x at baseline y (rows wrap).

    With ``center`` (the drawing's width) a single row is centred instead.
    """
    fitted = [
        (fit(label, size, 200, single=True), color, dashed) for label, color, dashed in entries
    ]
    widths = [20 + font_width(label, size) for label, _, _ in fitted]
    if center is not None and sum(widths) + gap * (len(widths) - 1) < center - 8:
        x = (center - sum(widths) - gap * (len(widths) - 1)) / 2
    start, limit = x, (center or drawing.width) - 4
    for (label, color, dashed), w in zip(fitted, widths, strict=True):
        if x > start and x + w > limit:
            x, y = start, y - 12
        drawing.add(
            Line(
                x,
                y + 3,
                x + 16,
                y + 3,
                strokeColor=color,
                strokeWidth=2,
                strokeDashArray=(3, 2) if dashed else None,
            )
        )
        drawing.add(text(x + 20, y, label, size))
        x += w + gap


def font_width(value: str, size: float) -> float:
    return text_width(value, size, single=True)


def radar(
    dims: list[dict],
    labels: dict[str, str],
    palette: Colors,
    width: float = 470,
    height: float = 280,
    peer: bool = False,
) -> Drawing:
    """Firm vs peer median (when given) vs target, on a 1..5 radar with level rings."""
    d = Drawing(width, height)
    radius = (height - 84) / 2  # room for the labels above and below, and the legend
    size = 2 * radius
    cx, cy = width / 2, 57 + radius
    chart = SpiderChart()
    chart.x, chart.y, chart.width, chart.height = cx - size / 2, cy - size / 2, size, size
    chart.labels = [""] * len(dims)
    firm = [(x["score"] - 1) if x["score"] is not None else 0 for x in dims]
    target = [x["target_score"] - 1 for x in dims]
    rows = [[4.0] * len(dims), target, firm]
    styles: list[tuple[Any, str | None, float, tuple[float, float] | None]] = [
        (None, None, 0, None),
        (None, palette.accent, 1.5, (4, 3)),
        (hexcolor(palette.primary, 0.22), palette.primary, 2, None),
    ]
    if peer:
        median = [(x["peer"]["median"] - 1) if x["peer"] else 0 for x in dims]
        rows.insert(2, median)
        styles.insert(2, (None, palette.peer, 1.5, (1.5, 2)))
    chart.data = rows
    for k, (fill, stroke, line, dash) in enumerate(styles):
        strand = chart.strands[k]
        strand.fillColor = fill
        strand.strokeColor = hexcolor(stroke) if stroke else None
        strand.strokeWidth = line
        strand.strokeDashArray = dash
    chart.strands[len(rows) - 1].symbol = makeMarker("FilledCircle")
    chart.strands[len(rows) - 1].symbolSize = 5
    chart.spokes.strokeColor = colors.HexColor("#C8CDD5")
    chart.spokes.strokeWidth = 0.6
    n = len(dims)
    angles = [math.pi / 2 - 2 * math.pi * k / n for k in range(n)]
    for ring, name in zip(
        (0.8, 1.6, 2.4, 3.2, 4.0), ("1.8", "2.6", "3.4", "4.2", "5.0"), strict=True
    ):
        points = []
        for a in angles:
            points += [cx + math.cos(a) * radius * ring / 4, cy + math.sin(a) * radius * ring / 4]
        d.add(
            Polygon(points, fillColor=None, strokeColor=colors.HexColor("#DDE1E7"), strokeWidth=0.6)
        )
        d.add(text(cx - 3, cy + radius * ring / 4 + 2, name, 6, colors.HexColor("#9AA1AD"), "end"))
    d.add(chart)
    for a, x in zip(angles, dims, strict=True):
        lx, ly = cx + math.cos(a) * (radius + 14), cy + math.sin(a) * (radius + 14)
        anchor = "middle" if abs(math.cos(a)) < 0.3 else ("start" if math.cos(a) > 0 else "end")
        if abs(math.sin(a)) > 0.7:
            ly += 2 if math.sin(a) > 0 else -10
        score = "–" if x["score"] is None else f"{x['score']:.2f}"
        room = width / 2 - radius - 20 if anchor != "middle" else width / 2
        d.add(text(lx, ly, x["title"], 9, hexcolor(palette.text), anchor, True, room))
        d.add(text(lx, ly - 11, score, 9, hexcolor(palette.primary), anchor))
    entries = [(labels["legend_firm"], hexcolor(palette.primary), False)]
    if peer:
        entries.append((labels["legend_peer_median"], hexcolor(palette.peer), True))
    entries.append((labels["legend_target"], hexcolor(palette.accent), True))
    legend(d, 4, 6, entries, center=width)
    return d


def level_scale(
    dim: dict, levels: list[dict], labels: dict[str, str], palette: Colors, width: float = 470
) -> Drawing:
    """The five levels as coloured bands on the 1..5 scale, the firm's score, target and peers."""
    peer = dim.get("peer")
    band_y, band_h = (54 if peer else 28), 14
    height = band_y + band_h + 20
    d = Drawing(width, height)
    left, right = 4, width - 4

    def xpos(score: float) -> float:
        return left + (right - left) * (min(max(score, 1.0), 5.0) - 1) / 4

    def anchored(x: float) -> str:
        return "start" if x < left + 20 else ("end" if x > right - 20 else "middle")

    bounds = [lv["min"] for lv in levels] + [5.0]
    for k, lv in enumerate(levels):
        x0, x1 = xpos(bounds[k]), xpos(bounds[k + 1])
        d.add(
            Rect(
                x0,
                band_y,
                x1 - x0,
                band_h,
                fillColor=tint(palette.levels[k], 0.55),
                strokeColor=colors.white,
                strokeWidth=1,
            )
        )
        d.add(
            text(
                (x0 + x1) / 2,
                band_y + 4,
                f"{lv['level']} {lv['name']}",
                7,
                hexcolor(palette.text),
                "middle",
                limit=x1 - x0 - 4,
            )
        )
    for value in bounds:
        d.add(
            text(
                xpos(value),
                band_y - 9,
                f"{value:.1f}",
                6,
                hexcolor(palette.muted),
                anchored(xpos(value)),
            )
        )
    tx = xpos(dim["target_score"])
    d.add(
        Line(
            tx,
            band_y - 2,
            tx,
            band_y + band_h + 2,
            strokeColor=hexcolor(palette.accent),
            strokeWidth=1.5,
            strokeDashArray=(3, 2),
        )
    )
    d.add(
        text(
            tx,
            band_y - 19,
            f"{labels['legend_target']} {dim['target_score']:.2f}",
            7,
            hexcolor(palette.accent),
            anchored(tx),
            True,
        )
    )
    if dim["score"] is not None:
        fx = xpos(dim["score"])
        d.add(
            Polygon(
                [fx - 5, band_y + band_h + 7, fx + 5, band_y + band_h + 7, fx, band_y + band_h],
                fillColor=hexcolor(palette.primary),
                strokeColor=None,
            )
        )
        d.add(
            Line(
                fx,
                band_y,
                fx,
                band_y + band_h,
                strokeColor=hexcolor(palette.primary),
                strokeWidth=2,
            )
        )
        d.add(
            text(
                fx,
                band_y + band_h + 10,
                f"{dim['score']:.2f}",
                8,
                hexcolor(palette.primary),
                anchored(fx),
                True,
            )
        )
    if peer:
        y = 2
        d.add(text(left, y + 15, labels["peer_band"], 7, hexcolor(palette.muted)))
        q1, q3, med = xpos(peer["q1"]), xpos(peer["q3"]), xpos(peer["median"])
        d.add(
            Line(
                xpos(1),
                y + 5,
                xpos(5),
                y + 5,
                strokeColor=colors.HexColor("#E3E6EB"),
                strokeWidth=1,
            )
        )
        d.add(
            Rect(
                q1,
                y,
                max(q3 - q1, 1),
                10,
                fillColor=tint(palette.peer, 0.6),
                strokeColor=hexcolor(palette.peer),
                strokeWidth=0.6,
            )
        )
        d.add(Line(med, y - 1, med, y + 11, strokeColor=hexcolor(palette.text), strokeWidth=1.2))
        if dim["score"] is not None:
            d.add(
                Circle(
                    xpos(dim["score"]),
                    y + 5,
                    3,
                    fillColor=hexcolor(palette.primary),
                    strokeColor=colors.white,
                    strokeWidth=0.6,
                )
            )
    return d


def percentile_bar(percentile: float, caption: str, palette: Colors, width: float = 470) -> Drawing:
    """The firm's percentile among its peers as a filled bar with quartile ticks."""
    d = Drawing(width, 34)
    left, right, y = 4, width - 4, 14
    span = right - left
    d.add(Rect(left, y, span, 9, fillColor=colors.HexColor("#E6E9EE"), strokeColor=None))
    d.add(
        Rect(
            left,
            y,
            span * percentile / 100,
            9,
            fillColor=hexcolor(palette.primary),
            strokeColor=None,
        )
    )
    for tick in (0, 25, 50, 75, 100):
        x = left + span * tick / 100
        d.add(Line(x, y - 2, x, y + 11, strokeColor=colors.HexColor("#9AA1AD"), strokeWidth=0.6))
        d.add(text(x, y - 10, str(tick), 6, hexcolor(palette.muted), "middle"))
    d.add(text(left, y + 14, caption, 8, hexcolor(palette.text), limit=span))
    return d


def trend(
    labels_x: list[str],
    series: list[tuple[str, list[float | None], bool]],
    labels: dict[str, str],
    palette: Colors,
    width: float = 470,
    height: float = 230,
) -> Drawing:
    """Scores over the assessments (x: the history labels), one line per series, 1..5."""
    d = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 36, 52, width - 60, height - 70
    data: list[list[tuple[int, float]]] = []
    styles: list[tuple[str, bool] | None] = []
    for k, (_, values, bold) in enumerate(series):
        points = [(i, v) for i, v in enumerate(values) if v is not None]
        if not points:
            points = [(0, 1.0)]
            styles.append(None)
        else:
            styles.append((SERIES[k % len(SERIES)] if not bold else palette.text, bold))
        data.append(points)
    plot.data = data
    for k, style in enumerate(styles):
        line = plot.lines[k]
        if style is None:
            line.strokeColor = None
            continue
        color, bold = style
        line.strokeColor = hexcolor(color)
        line.strokeWidth = 2.5 if bold else 1.5
        line.symbol = makeMarker("FilledCircle")
        line.symbol.size = 4
        line.symbol.fillColor = hexcolor(color)
    n = len(labels_x)
    plot.xValueAxis.valueMin = -0.4
    plot.xValueAxis.valueMax = max(n - 1, 0) + 0.4
    plot.xValueAxis.valueSteps = list(range(n))
    plot.xValueAxis.labelTextFormat = lambda v: labels_x[int(round(v))] if 0 <= v < n else ""
    plot.xValueAxis.labels.fontName = font_of("".join(labels_x))
    plot.xValueAxis.labels.fontSize = 8
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 1, 5, 1
    plot.yValueAxis.labels.fontSize = 8
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = colors.HexColor("#E3E6EB")
    plot.yValueAxis.gridStrokeWidth = 0.5
    d.add(plot)
    entries = [
        (name, hexcolor(s[0]), False)
        for (name, _, _), s in zip(series, styles, strict=True)
        if s is not None
    ]
    legend(d, 36, 10, entries)
    d.add(text(4, height - 10, labels["axis_score"], 7, hexcolor(palette.muted)))
    return d
