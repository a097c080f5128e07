"""The trend chart: scores over the assessments, one line per series, on the score range.

Each series has its own color, dash pattern and marker shape; the overall index is drawn
thicker, solid, with square markers. A year without a score leaves a gap in its line.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine

from amc_assess.report.brand import Colors
from amc_assess.report.chartkit import (
    GRID,
    Key,
    hexcolor,
    legend,
    legend_rows,
    marker,
    series_style,
    text,
)
from amc_assess.report.fonts import fit
from amc_assess.report.scale import ScoreScale, number


def _runs(values: list[float | None]) -> list[list[int]]:
    """Runs of consecutive indices that have a value."""
    runs: list[list[int]] = []
    for i, v in enumerate(values):
        if v is None:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def trend(
    labels_x: list[str],
    series: list[tuple[str, list[float | None], bool]],
    labels: dict[str, str],
    palette: Colors,
    width: float = 470,
    height: float = 230,
    scale: ScoreScale | None = None,
) -> Drawing:
    """Scores over the assessments (x: the history labels), one line per series, on the
    rubric's score range (``scale``, default 1..5) with a grid line at each of its ticks.

    ``series``: (name, values, bold) with None where an assessment has no score. Named
    groups: grid, series (one group per series drawn: its lines, then its markers), legend.
    """
    scale = scale or ScoreScale()
    d = Drawing(width, height)
    drawn = []
    for k, (name, values, bold) in enumerate(series):
        if any(v is not None for v in values):
            drawn.append((name, values, series_style(k, bold, palette.text)))
    keys = [
        Key(name, hexcolor(s.color), s.dash, s.marker, s.width, marker_size=s.marker_size)
        for name, _, s in drawn
    ]
    rows = legend_rows(keys, 36, width)
    x0, x1 = 40.0, width - 16
    y0, y1 = 36.0 + 12 * rows, height - 16
    n = len(labels_x)

    def xpos(i: int) -> float:
        return x0 + (x1 - x0) * (i + 0.4) / (max(n - 1, 0) + 0.8)

    def ypos(v: float) -> float:
        return y0 + (y1 - y0) * scale.share(v)

    grid = Group()
    muted = hexcolor(palette.muted)
    for tick in scale.ticks():
        grid.add(Line(x0, ypos(tick), x1, ypos(tick), strokeColor=hexcolor(GRID), strokeWidth=0.5))
        grid.add(text(x0 - 5, ypos(tick) - 3, number(tick), 8, muted, "end"))
    grid.add(Line(x0, y0, x0, y1, strokeColor=muted, strokeWidth=0.6))
    room = (x1 - x0) / max(n, 1) - 4
    for i, label in enumerate(labels_x):
        grid.add(Line(xpos(i), y0, xpos(i), y0 - 3, strokeColor=muted, strokeWidth=0.6))
        grid.add(text(xpos(i), y0 - 13, fit(label, 8, room, single=True), 8, muted, "middle"))
    axis_title = labels.get("axis_score", f"Score ({scale.low_text} to {scale.high_text})")
    title = text(0, 0, axis_title, 7.5, muted, "middle")
    axis = Group(title)
    axis.translate(12, (y0 + y1) / 2)
    axis.rotate(90)
    grid.add(axis)
    d.add(grid, name="grid")
    lines = Group()
    for _, values, style in drawn:
        g = Group()
        color = hexcolor(style.color)
        for run in _runs(values):
            if len(run) < 2:
                continue
            points = [c for i in run for c in (xpos(i), ypos(values[i] or scale.low))]
            g.add(
                PolyLine(
                    points,
                    strokeColor=color,
                    strokeWidth=style.width,
                    strokeDashArray=style.dash,
                )
            )
        for i, v in enumerate(values):
            if v is not None and style.marker:
                g.add(marker(style.marker, xpos(i), ypos(v), style.marker_size, color))
        lines.add(g)
    d.add(lines, name="series")
    legend(d, 36, 10 + 12 * (rows - 1), keys)
    return d
