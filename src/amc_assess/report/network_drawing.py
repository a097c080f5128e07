"""The relationship audit as a vector drawing: who deals with whom across the two firms.

Encodings (all explained in the legend under the drawing):

* firm: fill color (own firm: the brand's primary color, partner: its accent color) and
  half of the drawing (own left, partner right);
* level: band (senior on top) and shape (senior square, middle diamond, operational circle);
* core / peripheral: filled / hollow;
* ties: strong ties (strength at or above the audit's threshold) solid, dark and thick; weak
  ties dashed, light and thin;
* designated key contacts: a solid ring; cut points (their departure splits the network): a
  dashed ring;
* names: beside their marks, where they hide no tie if there is such a place (see
  :func:`_labels`).

The drawing reads the :class:`NetworkResult` and its :class:`Layout` only. Its parts are named
groups (``frame``, ``ties``, ``nodes`` with one shape per person shown, ``marks``, ``labels``,
``legend``) so that callers and tests can inspect them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect
from reportlab.lib import colors

from amc_assess.models.network import NetworkResult
from amc_assess.network.layout import LIMIT, Layout, layout
from amc_assess.network.reader import LEVELS, SIDES
from amc_assess.report.brand import Colors
from amc_assess.report.charts import font_width, hexcolor, text
from amc_assess.report.fonts import clean, fit
from amc_assess.report.fonts import width as text_width

LABEL_ALL = 60  # up to this many people shown, every one is named
LABEL_FEW = 12  # above: only key contacts, the largest cut points and the top brokers
STRONG_LINE = colors.HexColor("#3E4652")
WEAK_LINE = colors.HexColor("#AEB5BF")
MARK = colors.HexColor("#1F2933")
LEGEND_GREY = colors.HexColor("#5F6773")
BAND = colors.HexColor("#F4F6F9")
HALO = colors.Color(1, 1, 1, alpha=0.6)  # behind a name: a line under it fades but shows
LABEL_W = 70.0  # longest name drawn (longer ones end in "…")
STRONG_COST, WEAK_COST, BOX_COST = 4.0, 1.0, 4.0  # what a name should not hide, per point
FAR_COST = 8.0  # a name set further off its mark: as bad as hiding 2 points of a strong tie
LEFT, TOP, ROW, LEGEND_SIZE = 16.0, 18.0, 13.0, 7.5
DASH = (1.6, 1.2)
Symbol = Callable[[float, float], list]


def side_colors(pal: Colors) -> dict[str, colors.Color]:
    return {"own": hexcolor(pal.primary), "partner": hexcolor(pal.accent)}


def shape(level: str, x: float, y: float, r: float, fill: Any, stroke: Any, width: float) -> Any:
    """Senior: square; middle: diamond; operational (and anything else): circle."""
    style = {"fillColor": fill, "strokeColor": stroke, "strokeWidth": width}
    if level == "senior":
        s = r * 0.9
        return Rect(x - s, y - s, 2 * s, 2 * s, **style)
    if level == "middle":
        s = r * 1.25
        return Polygon([x, y + s, x + s, y, x, y - s, x - s, y], **style)
    return Circle(x, y, r, **style)


def network_drawing(
    result: NetworkResult,
    lab: dict[str, str],
    pal: Colors,
    width: float = 470,
    plot_h: float = 430.0,
    limit: int = LIMIT,
) -> Drawing:
    """The network: a :func:`~amc_assess.network.layout.layout` of the result, with a legend."""
    small = min(result.people, limit) <= LABEL_ALL
    r = 4.5 if small else 2.6
    rows = _legend_rows(result, lab, pal, width)
    legend_h = len(rows) * ROW + 6
    spacing = 22.0 if small else 2 * r + 2.0
    pad = r + (5.5 if small else 3.5)  # room for the rings around a mark at the box's edge
    lay = layout(result, limit, width - LEFT - 2 - 2 * pad, plot_h - 2 * pad, spacing)
    d = Drawing(width, plot_h + TOP + legend_h + 4)
    bottom, top = legend_h + 4, legend_h + 4 + plot_h
    ox, oy = LEFT + pad, bottom + pad

    def at(name: str) -> tuple[float, float]:
        x, y = lay.positions[name]
        return ox + x, oy + y

    d.add(_frame(result, lay, lab, pal, (ox, oy), pad, top), name="frame")
    ties = Group()
    thin = 1.0 if small else 0.45
    for link in sorted(lay.links, key=lambda k: (k.strength >= result.strong_threshold, k.a, k.b)):
        strong = link.strength >= result.strong_threshold
        (x1, y1), (x2, y2) = at(link.a), at(link.b)
        ties.add(Line(x1, y1, x2, y2, strokeColor=STRONG_LINE if strong else WEAK_LINE,
                      strokeWidth=thin * (1.5 if strong else 0.6),
                      strokeDashArray=None if strong else (2, 1.5)))  # fmt: skip
    d.add(ties, name="ties")
    by = {p.name: p for p in result.persons}
    fills = side_colors(pal)
    cuts = {c.name for c in result.articulation_points}
    nodes, marks, reach = Group(), Group(), {}
    for name in reversed(lay.shown):  # the first picked (most important) on top
        p = by[name]
        x, y = at(name)
        fill = fills.get(p.side, MARK)
        if p.core:
            nodes.add(shape(p.level, x, y, r, fill, colors.white, 0.5))
        else:
            nodes.add(shape(p.level, x, y, r * 0.9, colors.white, fill, 1.2 if small else 0.8))
        reach[name] = ring = r * 1.25
        if p.key_contact:
            reach[name] = ring = r + (2.6 if small else 1.8)
            marks.add(Circle(x, y, ring, fillColor=None, strokeColor=MARK, strokeWidth=1.1))
        if name in cuts:
            reach[name] = ring = max(ring, r + 0.8) + (2.4 if small else 1.6)
            marks.add(Circle(x, y, ring, fillColor=None, strokeColor=MARK, strokeWidth=0.9,
                             strokeDashArray=DASH))  # fmt: skip
    d.add(nodes, name="nodes")
    d.add(marks, name="marks")
    named = lay.shown if small else _few(result, lay)
    degree = {n: 0 for n in named}
    segments = []
    for link in lay.links:
        for n in (link.a, link.b):
            if n in degree:
                degree[n] += 1
        segments.append((*at(link.a), *at(link.b), link.strength >= result.strong_threshold))
    named = sorted(named, key=lambda n: -degree[n])
    area = (LEFT, bottom - 2, width, top)  # not over the level names left of the bands
    d.add(_labels(named, at, reach, small, area, segments), name="labels")
    d.add(_legend(rows, width), name="legend")
    return d


def _few(result: NetworkResult, lay: Layout) -> list[str]:
    """For a big network: the key contacts, the largest cut points and the top brokers."""
    wanted = [k.name for k in result.key_contacts]
    wanted += [c.name for c in result.articulation_points[:5]]
    wanted += [b.name for b in result.top_betweenness[:5]]
    return list(dict.fromkeys(n for n in wanted if n in lay.positions))[:LABEL_FEW]


def _frame(
    result: NetworkResult,
    lay: Layout,
    lab: dict,
    pal: Colors,
    origin: tuple[float, float],
    pad: float,
    top_y: float,
) -> Group:
    """Level bands (every other one shaded, named on the left) and the two firms' headings."""
    g = Group()
    ox, oy = origin
    for k, lv in enumerate(lv for lv in LEVELS if lv in lay.bands):
        bottom, top = lay.bands[lv]
        if k % 2 == 0:
            g.add(Rect(LEFT, oy + bottom - pad + 2, lay.width + 2 * pad, top - bottom + 2 * pad - 4,
                       fillColor=BAND, strokeColor=None))  # fmt: skip
        name = Group(text(0, 0, lab[f"net_{lv}"], 7, hexcolor(pal.muted), "middle",
                          limit=top - bottom + 2 * pad - 4))  # fmt: skip
        name.translate(LEFT - 5, oy + (bottom + top) / 2)
        name.rotate(90)
        g.add(name)
    fills = side_colors(pal)
    for side in SIDES:
        left, right = lay.sides[side]
        count = f"{result.people_by_side.get(side, 0):,}"
        caption = lab["net_header"].replace("{side}", lab[f"net_{side}"]).replace("{count}", count)
        g.add(text(ox + (left + right) / 2, top_y + 6, caption, 8.5, fills[side], "middle",
                   True, right - left))  # fmt: skip
    return g


def _labels(
    names: list[str],
    at: Callable[[str], tuple[float, float]],
    reach: dict[str, float],
    small: bool,
    area: tuple[float, float, float, float],
    segments: list[tuple[float, float, float, float, bool]] | None = None,
) -> Group:
    """Names beside their marks, each where it hides the fewest ties, names and marks.

    Every name tries eight places around its mark (right, left, above, below, then the four
    diagonals), then the same eight a little further off, and takes the first that covers
    nothing, else the one that covers least: ``segments`` are the ties drawn,
    ``(x1, y1, x2, y2, strong)``; a point of strong tie hidden counts four times a point of weak
    tie, a square point of another name or mark as much as a point of strong tie, and the
    further places cost as much as two points of strong tie. Names are placed in the order
    given (the caller puts the people with the most ties, the fewest free places, first). The
    backing behind a name is only as large as the text and half transparent, so a tie under it
    still shows.
    """
    g = Group()
    size = 6.0 if small else 6.5
    lines = np.asarray([s[:4] for s in segments or []], dtype=float).reshape(-1, 4)
    weight = np.asarray([STRONG_COST if s[4] else WEAK_COST for s in segments or []])
    placed: list[tuple[float, float, float, float]] = []
    marks = {}
    for name, rr in reach.items():
        x, y = at(name)
        marks[name] = (x - rr, y - rr, x + rr, y + rr)
    for name in names:
        label = fit(clean(name), size, LABEL_W, not small, single=True)
        w = text_width(label, size, not small, single=True)
        x, y = at(name)
        rr = reach[name] + 1.2
        best, cost = None, None
        spots = [(*spot, 0.0) for spot in _spots(x, y, rr, size)]
        spots += [(*spot, FAR_COST * size) for spot in _spots(x, y, rr + 0.8 * size, size)]
        for lx, ly, anchor, extra in spots:
            x0 = lx if anchor == "start" else (lx - w if anchor == "end" else lx - w / 2)
            box = (x0, ly - 0.25 * size, x0 + w, ly + 0.75 * size)
            out = box[0] < area[0] or box[2] > area[2] or box[1] < area[1] or box[3] > area[3]
            score = (1e6 if out else 0.0) + extra
            score += BOX_COST * sum(_overlap(box, b) for b in placed)
            score += BOX_COST * sum(_overlap(box, m) for other, m in marks.items() if other != name)
            if len(lines):
                score += size * float(weight @ _hidden(box, lines))
            if cost is None or score < cost - 1e-9:
                best, cost = (lx, ly, anchor, box), score
            if score == 0:
                break
        assert best is not None
        lx, ly, anchor, box = best
        placed.append(box)
        g.add(Rect(box[0] - 0.5, box[1], box[2] - box[0] + 1.0, box[3] - box[1],
                   fillColor=HALO, strokeColor=None))  # fmt: skip
        g.add(text(lx, ly, label, size, MARK, anchor, not small))
    return g


def _spots(x: float, y: float, rr: float, size: float) -> list[tuple[float, float, str]]:
    """Baseline and anchor of a name right, left, above, below and diagonal to a mark."""
    mid = y - size / 4  # the baseline that centers the text on the mark
    d = rr * 0.75
    up, down = y + d + 0.25 * size, y - d - 0.75 * size
    return [
        (x + rr, mid, "start"),
        (x - rr, mid, "end"),
        (x, y + rr + 0.25 * size, "middle"),
        (x, y - rr - 0.75 * size, "middle"),
        (x + d, up, "start"),
        (x + d, down, "start"),
        (x - d, up, "end"),
        (x - d, down, "end"),
    ]


def _hidden(box: tuple[float, float, float, float], lines: np.ndarray) -> np.ndarray:
    """Length of each segment (rows x1, y1, x2, y2) inside the box (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = lines.T
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = np.zeros(len(lines)), np.ones(len(lines))
    inside = np.ones(len(lines), dtype=bool)
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        flat = p == 0
        inside &= ~(flat & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(flat, 0.0, q / np.where(flat, 1.0, p))
        t0 = np.where(~flat & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~flat & (p > 0), np.minimum(t1, r), t1)
    share = np.where(inside, np.clip(t1 - t0, 0.0, None), 0.0)
    return share * np.hypot(dx, dy)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _legend_rows(
    result: NetworkResult, lab: dict, pal: Colors, width: float
) -> list[list[tuple[float, str, Symbol]]]:
    """Firms and core/periphery, levels, ties and marks: (x, label, symbol) per entry, wrapped."""
    fills = side_colors(pal)
    grey = LEGEND_GREY

    def node(level: str, fill: Any, stroke: Any, lw: float) -> Symbol:
        return lambda x, y: [shape(level, x + 6, y + 3, 4, fill, stroke, lw)]

    def tie(strong: bool) -> Symbol:
        return lambda x, y: [
            Line(x, y + 3, x + 16, y + 3, strokeColor=STRONG_LINE if strong else WEAK_LINE,
                 strokeWidth=1.5 if strong else 0.8, strokeDashArray=None if strong else (2, 1.5))
        ]  # fmt: skip

    def ring(dashed: bool) -> Symbol:
        return lambda x, y: [
            Circle(x + 6, y + 3, 3, fillColor=grey, strokeColor=colors.white),
            Circle(x + 6, y + 3, 6 if dashed else 5, fillColor=None, strokeColor=MARK,
                   strokeWidth=0.9 if dashed else 1.1, strokeDashArray=DASH if dashed else None),
        ]  # fmt: skip

    groups: list[list[tuple[str, Symbol]]] = [
        [
            (lab["net_own"], node("operational", fills["own"], colors.white, 0.5)),
            (lab["net_partner"], node("operational", fills["partner"], colors.white, 0.5)),
            (lab["net_core"], node("operational", grey, colors.white, 0.5)),
            (lab["net_peripheral"], node("operational", colors.white, grey, 1.2)),
        ],
        [(lab[f"net_{lv}"], node(lv, grey, colors.white, 0.5)) for lv in LEVELS],
        [
            (lab["net_strong"].replace("{threshold}", f"{result.strong_threshold:g}"), tie(True)),
            (lab["net_weak"], tie(False)),
            (lab["net_key_contact"], ring(False)),
            (lab["net_cut_point"], ring(True)),
        ],
    ]
    rows: list[list[tuple[float, str, Symbol]]] = []
    for group in groups:
        rows.append([])
        x = LEFT
        for label, symbol in group:
            w = 20 + font_width(label, LEGEND_SIZE)
            if rows[-1] and x + w > width:
                rows.append([])
                x = LEFT
            rows[-1].append((x, label, symbol))
            x += w + 14
    return rows


def _legend(rows: list[list[tuple[float, str, Symbol]]], width: float) -> Group:
    g = Group()
    y = (len(rows) - 1) * ROW + 2
    for row in rows:
        for x, label, symbol in row:
            for item in symbol(x, y):
                g.add(item)
            g.add(text(x + 20, y, label, LEGEND_SIZE, MARK, limit=width - x - 20))
        y -= ROW
    return g


__all__ = ["network_drawing", "shape", "side_colors"]
