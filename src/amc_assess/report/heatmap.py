"""The practice heatmap: every scored practice on one page, grouped by dimension.

One row per practice (``d["items"]`` of each dimension): its number and short text, a cell
colored by its score on the rubric's score range (the level colors spread over the range's
ticks, see :mod:`~amc_assess.report.scale`) with the score printed in it, and, when the
item carries a ``peer_median``, a smaller cell with the peers' median. A practice without a
score gets a hatched grey cell with a dash. The row height follows from the number of rows,
so the whole table fits the height given.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, Rect
from reportlab.lib import colors

from amc_assess.formats import fmt_item
from amc_assess.report.brand import Colors
from amc_assess.report.chartkit import (
    GRID,
    Key,
    font_width,
    hatch,
    hexcolor,
    ink_on,
    legend_group,
    legend_rows,
    text,
    tint,
)
from amc_assess.report.fonts import fit
from amc_assess.report.scale import ScoreScale, number, score_shade

HEAD_H = 14.0  # the column headings
GROUP_H = 14.0  # a dimension's heading
GROUP_GAP = 4.0
MAX_ROW = 15.0
SCORE_W = 34.0
PEER_W = 30.0
NUMBER_W = 16.0
DEFAULT_HEIGHT = 660.0  # a body page (about 250 mm) less a heading and a line of text


def _cell(
    x: float,
    y: float,
    w: float,
    h: float,
    score: float | None,
    palette: Colors,
    size: float,
    scale: ScoreScale,
) -> Group:
    """A score cell: the level color with the score in it, or hatched grey with a dash."""
    g = Group()
    if score is None:
        g.add(hatch(x, y, w, h, step=3))
        g.add(
            Rect(
                x + w * 0.3, y + h * 0.2, w * 0.4, h * 0.6, fillColor=colors.white, strokeColor=None
            )
        )
        g.add(
            text(
                x + w / 2,
                y + (h - size * 0.7) / 2,
                "–",
                size,
                hexcolor(palette.muted),
                "middle",
                True,
            )
        )
        return g
    fill = hexcolor(score_shade(palette.levels, score, scale))
    g.add(Rect(x, y, w, h, fillColor=fill, strokeColor=None))
    value = fmt_item(score, 1)  # the cell is narrow
    g.add(text(x + w / 2, y + (h - size * 0.7) / 2, value, size, ink_on(fill), "middle", True))
    return g


def _peer_cell(
    x: float,
    y: float,
    w: float,
    h: float,
    median: float,
    palette: Colors,
    size: float,
    scale: ScoreScale,
) -> Group:
    g = Group()
    level = score_shade(palette.levels, median, scale)
    g.add(
        Rect(x, y, w, h, fillColor=tint(level, 0.6), strokeColor=hexcolor(level), strokeWidth=0.6)
    )
    g.add(text(x + w / 2, y + (h - size * 0.7) / 2, f"{median:.1f}", size, colors.black, "middle"))
    return g


def heatmap(
    dims: list[dict],
    lab: dict[str, str],
    palette: Colors,
    width: float,
    peers: bool,
    height: float = DEFAULT_HEIGHT,
    scale: ScoreScale | None = None,
) -> Drawing:
    """Every practice of every dimension as a row with its score cell, colored on the score
    range (``scale``, default 1..5); fits ``height``.

    About 56 practices in 4 dimensions fit 660 points (rows of 10 points, text of 7); far more
    would make the rows too small to read: draw the dimensions in two heatmaps then.

    Named groups: head (column headings), groups (a heading per dimension), rows (numbers
    and practice texts), cells (one group per practice: a colored Rect or a hatched group,
    and the score text), peer (one group per practice with a peer median), legend.
    """
    scale = scale or ScoreScale()
    items = [item for d in dims for item in d["items"]]
    show_peer = peers and any(item.get("peer_median") is not None for item in items)
    key, key_h = _legend(width, lab, palette, show_peer, scale)
    fixed = HEAD_H + key_h + 4 + len(dims) * GROUP_H + max(len(dims) - 1, 0) * GROUP_GAP
    row = max(min(MAX_ROW, (height - fixed) / max(len(items), 1)), 1.0)
    size = max(4.0, min(8.0, row * 0.72))
    used = fixed + row * len(items)
    d = Drawing(width, used)
    muted, ink = hexcolor(palette.muted), hexcolor(palette.text)
    peer_x = width - PEER_W
    score_x = (peer_x - 6 if show_peer else width) - SCORE_W
    text_x, text_w = NUMBER_W, score_x - NUMBER_W - 6
    head, groups, rows, cells, peer = Group(), Group(), Group(), Group(), Group()
    y = used - HEAD_H
    head.add(text(text_x, y + 4, lab.get("heatmap_practice", "Practice"), 7, muted, bold=True))
    head.add(
        text(
            score_x + SCORE_W / 2,
            y + 4,
            lab.get("heatmap_score", "Score"),
            7,
            muted,
            "middle",
            True,
        )
    )
    if show_peer:
        name = lab.get("heatmap_peers", "Peers")
        head.add(text(peer_x + PEER_W / 2, y + 4, name, 7, muted, "middle", True, PEER_W + 10))
    head.add(Line(0, y + 1, width, y + 1, strokeColor=muted, strokeWidth=0.6))
    for k, dim in enumerate(dims):
        if k:
            y -= GROUP_GAP
        y -= GROUP_H
        groups.add(
            Rect(0, y, width, GROUP_H - 1, fillColor=hexcolor(palette.light), strokeColor=None)
        )
        title = dim["title"]
        groups.add(
            text(4, y + 3.5, title, 8, hexcolor(palette.primary), bold=True, limit=width / 2)
        )
        if dim.get("score") is not None:
            note = lab.get("heatmap_dimension_score", "Dimension score {score}")
            note = note.replace("{score}", f"{dim['score']:.2f}")
        else:
            note = lab.get("insufficient", "Insufficient data")
        groups.add(text(score_x - 6, y + 3.5, note, 7, muted, "end", limit=width / 2 - 16))
        for n, item in enumerate(dim["items"], start=1):
            y -= row
            if n % 2 == 0:
                rows.add(Rect(0, y, width, row, fillColor=hexcolor("#F7F8FA"), strokeColor=None))
            base = y + (row - size * 0.7) / 2
            rows.add(text(NUMBER_W - 4, base, str(n), size, muted, "end"))
            practice = fit(item.get("short") or item["text"], size, text_w, single=True)
            rows.add(text(text_x, base, practice, size, ink))
            inset = min(1.0, row * 0.08)
            score = item["score"]
            cells.add(
                _cell(score_x, y + inset, SCORE_W, row - 2 * inset, score, palette, size, scale)
            )
            median = item.get("peer_median")
            if show_peer and median is not None:
                ph = max(row - 4 * inset - 1, 1)
                peer.add(
                    _peer_cell(
                        peer_x, y + (row - ph) / 2, PEER_W, ph, median, palette, size * 0.9, scale
                    )
                )
    rows.add(Line(0, y, width, y, strokeColor=hexcolor(GRID), strokeWidth=0.6))
    for name, group in (("head", head), ("groups", groups), ("rows", rows), ("cells", cells)):
        d.add(group, name=name)
    d.add(peer, name="peer")
    d.add(key, name="legend")
    return d


def _legend(
    width: float, lab: dict[str, str], palette: Colors, show_peer: bool, scale: ScoreScale
) -> tuple[Group, float]:
    """The key (the color of each tick of the score range with its number, the no-score
    cell, the peer cell) and its height; its rows wrap within ``width``."""
    low, high = scale.low_text, scale.high_text
    default = f"Practice score, {low} (lowest) to {high} (highest):"
    caption = lab.get("heatmap_legend_score", default)
    x = font_width(caption, 7) + 6
    missing = lab.get("heatmap_no_score", "no score (don't know, not applicable, not asked)")
    keys = [Key(missing, None, swatch=_cell(0, 0, 16, 10, None, palette, 7, scale))]
    if show_peer:
        name = lab.get("heatmap_legend_peer", "median of the peer firms")
        middle = (scale.low + scale.high) / 2
        swatch = _peer_cell(0, 0, 16, 10, middle, palette, 6, scale)
        keys.append(Key(name, None, swatch=swatch))
    ticks = scale.ticks()
    tick_w = max(16.0, *(font_width(number(t), 7) + 4 for t in ticks))
    start = x + len(ticks) * (tick_w + 2) + 10
    rows = legend_rows(keys, start, width, size=7, gap=10)
    y = 3 + 12 * (rows - 1)
    g = Group(text(0, y + 1, caption, 7, hexcolor(palette.muted)))
    for tick in ticks:
        g.add(_cell(x, y - 1, tick_w, 10, tick, palette, 7, scale))
        x += tick_w + 2
    g.add(legend_group(keys, start, y + 1, width - 4, size=7, gap=10))
    return g, y + 12
