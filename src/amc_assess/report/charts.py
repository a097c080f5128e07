"""Charts as native reportlab vector drawings: radar, level scale, percentile bar, trend, heatmap.

Charts read the report context (figures already computed) and never compute a score. What has
no score is drawn as missing (a gap, a hatched grey mark, the words "insufficient data"), never
at the bottom of the scale. The helpers live in :mod:`amc_assess.report.chartkit`; the trend
and the practice heatmap in modules of their own.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect
from reportlab.lib import colors

from amc_assess.report.brand import Colors
from amc_assess.report.chartkit import (
    GRID,
    MISSING,
    SERIES,
    Key,
    box_swatch,
    dot_swatch,
    font_width,
    hatch,
    hexcolor,
    legend,
    marker,
    median_swatch,
    polar,
    text,
    tint,
)
from amc_assess.report.heatmap import heatmap
from amc_assess.report.scale import ScoreScale, level_shade
from amc_assess.report.trend_chart import trend

__all__ = [
    "SERIES",
    "font_width",
    "heatmap",
    "hexcolor",
    "legend",
    "level_scale",
    "position_bar",
    "radar",
    "text",
    "tint",
    "trend",
]


def _runs(present: list[bool]) -> tuple[list[list[int]], bool]:
    """Runs of consecutive present axes around the radar, and whether the one run is closed."""
    n = len(present)
    if all(present):
        return [list(range(n))], True
    start = present.index(False) + 1
    runs: list[list[int]] = []
    current: list[int] = []
    for k in range(start, start + n):
        if present[k % n]:
            current.append(k % n)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs, False


MARKER_CLEAR = 5.0  # points left of a spoke where a ring label may end


def _strand(
    points: list[tuple[float, float] | None],
    color: str,
    width: float,
    dash: tuple[float, ...] | None,
    fill: Any = None,
    symbol: str | None = None,
    centre: tuple[float, float] = (0.0, 0.0),
) -> Group:
    """One series on the radar: a line through the axes that have a value, broken where one
    has none (no point is made up); filled over the scored part, which a broken line closes
    at the ``centre`` (along its end spokes, not by a chord across the unscored sectors);
    markers at the values."""
    g = Group()
    runs, closed = _runs([p is not None for p in points])
    for run in runs:
        xy = [c for k in run for c in points[k] or ()]
        if fill is not None and len(run) >= (3 if closed else 2):
            area = xy if closed else [*centre, *xy]
            g.add(Polygon(area, fillColor=fill, strokeColor=None, strokeWidth=0))
        if len(run) >= 2:
            line = xy + xy[:2] if closed else xy
            g.add(
                PolyLine(line, strokeColor=hexcolor(color), strokeWidth=width, strokeDashArray=dash)
            )
    if symbol:
        for p in points:
            if p is not None:
                g.add(marker(symbol, p[0], p[1], 5, hexcolor(color)))
    return g


def radar(
    dims: list[dict],
    labels: dict[str, str],
    palette: Colors,
    width: float = 470,
    height: float = 280,
    peer: bool = False,
    scale: ScoreScale | None = None,
) -> Drawing:
    """Firm vs peer median (when given) vs target on the rubric's score range (``scale``,
    default 1..5), with a ring where each level starts and at the top of the range.

    A dimension without a score gets no point: the firm's line breaks there, its axis is
    hatched grey and labeled "insufficient data", and the sectors on either side of it are
    grey (the firm's shape stops at its scored neighbours: no reader takes it for a low
    score). Named groups: axes, target, peer, firm, rings (the ring labels), labels, legend.
    """
    scale = scale or ScoreScale()
    d = Drawing(width, height)
    radius = (height - 84) / 2  # room for the labels above and below, and the legend
    cx, cy = width / 2, 57 + radius
    n = len(dims)
    angles = [math.pi / 2 - 2 * math.pi * k / n for k in range(n)]

    def at(k: int, score: float | None) -> tuple[float, float] | None:
        if score is None:
            return None
        return polar(cx, cy, angles[k], radius * scale.share(score))

    axes, ring_labels = Group(), Group()
    for ring_score in scale.rings():
        ring = [c for a in angles for c in polar(cx, cy, a, radius * scale.share(ring_score))]
        axes.add(Polygon(ring, fillColor=None, strokeColor=hexcolor("#DDE1E7"), strokeWidth=0.6))
        # under the ring, left of the top spoke and of any marker on it (5 pt wide, with an
        # outline): clear of the top dimension's score, its target and the peer median; on a
        # white ground drawn over the series, so that no line crosses the figure
        ry = cy + radius * scale.share(ring_score) - 7
        label = f"{ring_score:.1f}"
        w = font_width(label, 6)
        ring_labels.add(Rect(cx - MARKER_CLEAR - w - 1, ry - 1.5, w + 2, 7, strokeColor=None,
                             fillColor=colors.Color(1, 1, 1, 0.85)))  # fmt: skip
        ring_labels.add(text(cx - MARKER_CLEAR, ry, label, 6, hexcolor(MISSING), "end"))
    missing = [x["score"] is None for x in dims]
    for k in range(n):  # a sector beside a dimension without a score: grey, not a low score
        if n > 2 and (missing[k] or missing[(k + 1) % n]):
            wedge = [cx, cy, *polar(cx, cy, angles[k], radius),
                     *polar(cx, cy, angles[(k + 1) % n], radius)]  # fmt: skip
            axes.add(Polygon(wedge, fillColor=hexcolor(MISSING, 0.12), strokeColor=None))
    for a, x in zip(angles, dims, strict=True):
        end = polar(cx, cy, a, radius)
        if x["score"] is None:
            band = hatch(0, -4, radius, 8, step=4)
            band.translate(cx, cy)
            band.rotate(math.degrees(a))
            axes.add(band)
        axes.add(
            Line(
                cx,
                cy,
                *end,
                strokeColor=hexcolor("#C8CDD5" if x["score"] is not None else MISSING),
                strokeWidth=0.6,
                strokeDashArray=None if x["score"] is not None else (2, 2),
            )
        )
    d.add(axes, name="axes")
    target = [at(k, x["target_score"]) for k, x in enumerate(dims)]
    d.add(_strand(target, palette.accent, 1.5, (4, 3)), name="target")
    medians = [x["peer"]["median"] if peer and x["peer"] else None for x in dims]
    peer = peer and any(m is not None for m in medians)  # 5-9 peers: levels only, no median
    firm = [at(k, x["score"]) for k, x in enumerate(dims)]
    fill = hexcolor(palette.primary, 0.22)
    d.add(_strand(firm, palette.primary, 2, None, fill, "FilledCircle", (cx, cy)), name="firm")
    if peer:  # over the firm's shading, which had washed the dotted line out (a trial)
        median = [at(k, m) for k, m in enumerate(medians)]
        d.add(_strand(median, palette.peer, 1.5, (1.5, 2)), name="peer")
    d.add(ring_labels, name="rings")
    names = Group()
    for a, x in zip(angles, dims, strict=True):
        lx, ly = polar(cx, cy, a, radius + 14)
        anchor = "middle" if abs(math.cos(a)) < 0.3 else ("start" if math.cos(a) > 0 else "end")
        if abs(math.sin(a)) > 0.7:
            ly += 2 if math.sin(a) > 0 else -10
        room = width / 2 - radius - 20 if anchor != "middle" else width / 2
        if x["score"] is None:
            title_color = hexcolor(MISSING)
            value, value_color = labels.get("insufficient", "Insufficient data"), title_color
        else:
            title_color = hexcolor(palette.text)
            value, value_color = f"{x['score']:.2f}", hexcolor(palette.primary)
        names.add(text(lx, ly, x["title"], 9, title_color, anchor, True, room))
        names.add(text(lx, ly - 11, value, 9 if x["score"] is not None else 8, value_color, anchor))
    d.add(names, name="labels")
    entries = [Key(labels["legend_firm"], hexcolor(palette.primary), None, "FilledCircle")]
    if peer:
        entries.append(Key(labels["legend_peer_median"], hexcolor(palette.peer), (1.5, 2)))
    entries.append(Key(labels["legend_target"], hexcolor(palette.accent), (4, 3)))
    if any(x["score"] is None for x in dims):
        entries.append(
            Key(
                labels.get("legend_no_score", "No score (insufficient data)"),
                None,
                swatch=hatch(0, 0, 16, 8, step=3),
            )
        )
    legend(d, 4, 6, entries, center=width)
    return d


def level_scale(
    dim: dict,
    levels: list[dict],
    labels: dict[str, str],
    palette: Colors,
    width: float = 470,
    scale: ScoreScale | None = None,
) -> Drawing:
    """The levels as colored bands on the score range (``scale``, default 1..5), the firm's
    score, target and peers.

    Without a score there is no marker: the words "insufficient data" stand where it would be.
    With peers, a box plot row on the same axis (middle half Q1 to Q3, median, the firm's
    score) and a legend saying what its marks are.
    """
    scale = scale or ScoreScale()
    peer = dim.get("peer")
    peer = peer if peer and peer.get("median") is not None else None  # level counts: no box
    band_y, band_h = (70 if peer else 28), 14
    height = band_y + band_h + 20
    d = Drawing(width, height)
    left, right = 4, width - 4
    muted = hexcolor(palette.muted)

    def xpos(score: float) -> float:
        return left + (right - left) * scale.share(score)

    def anchored(x: float) -> str:
        return "start" if x < left + 20 else ("end" if x > right - 20 else "middle")

    bounds = [lv["min"] for lv in levels] + [float(scale.high)]
    marks = [xpos(dim["target_score"])]  # lines across the bands: no label under them
    if dim["score"] is not None:
        marks.append(xpos(dim["score"]))
    for k, lv in enumerate(levels):
        x0, x1 = xpos(bounds[k]), xpos(bounds[k + 1])
        d.add(
            Rect(
                x0,
                band_y,
                x1 - x0,
                band_h,
                fillColor=tint(level_shade(palette.levels, k + 1, len(levels)), 0.55),
                strokeColor=colors.white,
                strokeWidth=1,
            )
        )
        name = f"{lv['level']} {lv['name']}"
        start, stop = _clear_span(x0 + 2, x1 - 2, font_width(name, 7), marks)
        d.add(
            text(
                (start + stop) / 2,
                band_y + 4,
                name,
                7,
                hexcolor(palette.text),
                "middle",
                limit=stop - start,
            )
        )
    for value in bounds:
        d.add(text(xpos(value), band_y - 9, f"{value:.1f}", 6, muted, anchored(xpos(value))))
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
    target = f"{labels['legend_target']} {dim['target_score']:.2f}"
    d.add(text(tx, band_y - 19, target, 7, hexcolor(palette.accent), anchored(tx), True))
    axis = labels.get("axis_score", f"Score ({scale.low_text} to {scale.high_text})")
    target_right = {"start": tx + font_width(target, 7), "middle": tx + font_width(target, 7) / 2}
    if target_right.get(anchored(tx), tx) < right - font_width(axis, 6.5) - 8:
        d.add(text(right, band_y - 19, axis, 6.5, muted, "end"), name="axis")
    if dim["score"] is not None:
        fx = xpos(dim["score"])
        top = band_y + band_h
        d.add(
            Polygon(
                [fx - 5, top + 7, fx + 5, top + 7, fx, top],
                fillColor=hexcolor(palette.primary),
                strokeColor=None,
            )
        )
        d.add(Line(fx, band_y, fx, top, strokeColor=hexcolor(palette.primary), strokeWidth=2))
        score = f"{dim['score']:.2f}"
        d.add(text(fx, top + 10, score, 8, hexcolor(palette.primary), anchored(fx), True))
    else:
        missing = labels.get("insufficient", "Insufficient data")
        d.add(
            text(width / 2, band_y + band_h + 6, missing, 8, hexcolor(MISSING), "middle", True),
            name="missing",
        )
    if peer:
        _peer_row(d, peer, dim["score"], labels, palette, xpos, bounds, scale)
    return d


MARK_CLEAR = 4.0  # points kept free on either side of a line across a band


def _clear_span(x0: float, x1: float, width: float, marks: list[float]) -> tuple[float, float]:
    """Where a label ``width`` wide goes in the band [x0, x1]: the whole band when no line
    crosses where it would stand centred, else the widest part of the band the lines leave
    (the marker no longer runs through "3 Defined")."""
    middle = (x0 + x1) / 2
    inside = sorted(m for m in marks if x0 < m < x1)
    if not any(abs(m - middle) < width / 2 + MARK_CLEAR for m in inside):
        return x0, x1
    edges = [x0, *[e for m in inside for e in (m - MARK_CLEAR, m + MARK_CLEAR)], x1]
    parts = [(edges[k], edges[k + 1]) for k in range(0, len(edges), 2)]
    return max(parts, key=lambda part: part[1] - part[0])


def _peer_row(
    d: Drawing,
    peer: dict,
    score: float | None,
    labels: dict[str, str],
    palette: Colors,
    xpos: Any,
    bounds: list[float],
    scale: ScoreScale,
) -> None:
    """The peers' box plot under the level bands, on the same axis, and its legend."""
    y = 18
    g = Group()
    g.add(text(xpos(scale.low), y + 15, labels["peer_band"], 7, hexcolor(palette.muted)))
    q1, q3, med = xpos(peer["q1"]), xpos(peer["q3"]), xpos(peer["median"])
    low, high = xpos(scale.low), xpos(scale.high)
    g.add(Line(low, y + 5, high, y + 5, strokeColor=hexcolor(GRID), strokeWidth=1))
    for value in bounds:
        g.add(Line(xpos(value), y + 2, xpos(value), y + 8, strokeColor=hexcolor(GRID)))
    g.add(
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
    g.add(Line(med, y - 1, med, y + 11, strokeColor=hexcolor(palette.text), strokeWidth=1.2))
    if score is not None:
        g.add(
            Circle(
                xpos(score),
                y + 5,
                3,
                fillColor=hexcolor(palette.primary),
                strokeColor=colors.white,
                strokeWidth=0.6,
            )
        )
    d.add(g, name="peers")
    keys = [
        Key(labels.get("legend_peer_middle_half", "Middle half of peers (Q1 to Q3)"), None,
            swatch=box_swatch(palette)),
        Key(labels["legend_peer_median"], None, swatch=median_swatch(palette)),
    ]  # fmt: skip
    if score is not None:
        keys.append(Key(labels["legend_firm"], None, swatch=dot_swatch(palette)))
    legend(d, xpos(scale.low), 2, keys, size=7)


def position_bar(
    low: float, high: float, caption: str, palette: Colors, width: float = 470
) -> Drawing:
    """The firm's position among its peers: the percentile band from ``low`` to ``high``
    (e.g. 50 to 75) filled on a 0-100 bar with quartile ticks. Named group: band."""
    d = Drawing(width, 34)
    left, right, y = 4, width - 4, 14
    span = right - left
    d.add(Rect(left, y, span, 9, fillColor=colors.HexColor("#E6E9EE"), strokeColor=None))
    d.add(
        Rect(
            left + span * low / 100,
            y,
            span * (high - low) / 100,
            9,
            fillColor=hexcolor(palette.primary),
            strokeColor=None,
        ),
        name="band",
    )
    for tick in sorted({0, 25, 50, 75, 100, int(low), int(high)}):
        x = left + span * tick / 100
        d.add(Line(x, y - 2, x, y + 11, strokeColor=colors.HexColor("#9AA1AD"), strokeWidth=0.6))
        d.add(text(x, y - 10, str(tick), 6, hexcolor(palette.muted), "middle"))
    d.add(text(left, y + 14, caption, 8, hexcolor(palette.text), limit=span))
    return d
