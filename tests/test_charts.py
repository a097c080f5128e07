"""The charts as drawings: missing data drawn as missing, series told apart without color,
peer marks explained, the color-blind-safe palette and the practice heatmap.

The drawings are inspected shape by shape (reportlab Drawing and Group contents)."""

from __future__ import annotations

import copy
import itertools
import math

import pytest
from reportlab.graphics.shapes import Circle, Group, Line, Polygon, PolyLine, Rect, String, mmult
from reportlab.lib import colors

from amc_assess import api
from amc_assess.report import charts
from amc_assess.report.brand import Colors
from amc_assess.report.chartkit import OKABE_ITO, SERIES, font_width, walk
from amc_assess.report.context import build_context
from amc_assess.report.heatmap import heatmap
from amc_assess.report.page import BODY_W
from amc_assess.report.text import labels
from amc_assess.reporting import report_inputs
from conftest import REPO

PAL = Colors()
WIDTH, HEIGHT = 470.0, 250.0
CENTRE = (WIDTH / 2, 57 + (HEIGHT - 84) / 2)  # where radar() puts the radar's center


@pytest.fixture(scope="module")
def ctx():
    q, r = api.instrument()
    inp = report_inputs([REPO / "examples" / "mid_maturity.yaml"], q, r)[0][0]
    return build_context(inp, q, r)


@pytest.fixture(scope="module")
def lab(ctx):
    return labels(ctx)


def with_peers(dims):
    out = copy.deepcopy(dims)
    for d in out:
        d["peer"] = {"q1": 2.1, "median": 2.8, "q3": 3.5, "peers": "20–49", "levels": None}
    return out


def without_score(dims, k):
    out = copy.deepcopy(dims)
    out[k].update(score=None, ok=False, level=None, status="insufficient data")
    return out


def points(shape) -> list[tuple[float, float]]:
    xy = list(shape.points)
    return list(zip(xy[::2], xy[1::2], strict=True))


def strings(node) -> list[str]:
    return [s.text for s in walk(node) if isinstance(s, String)]


def placed(node, transform=(1, 0, 0, 1, 0, 0)):
    """(shape, transform to drawing coordinates) for every shape, groups' transforms applied."""
    for child in getattr(node, "contents", []):
        here = mmult(transform, child.transform) if isinstance(child, Group) else transform
        yield child, here
        yield from placed(child, here)


def apply(t, x, y):
    return t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]


def inside(drawing) -> None:
    """Every string's baseline and every rectangle lie within the drawing."""
    for shape, t in placed(drawing):
        if isinstance(shape, String):
            x, y = apply(t, shape.x, shape.y)
            assert -0.5 <= y <= drawing.height and -0.5 <= x <= drawing.width + 0.5, shape.text
        if isinstance(shape, Rect):
            x0, y0 = apply(t, shape.x, shape.y)
            x1, y1 = apply(t, shape.x + shape.width, shape.y + shape.height)
            assert min(y0, y1) >= -0.5 and max(y0, y1) <= drawing.height + 0.5
            assert min(x0, x1) >= -0.5 and max(x0, x1) <= drawing.width + 0.5


# --- radar ----------------------------------------------------------------------------------


def test_radar_leaves_a_gap_for_a_dimension_without_score(ctx, lab):
    dims = without_score(with_peers(ctx["dimensions"]), 2)
    d = charts.radar(dims, lab, PAL, WIDTH, HEIGHT, peer=True)
    n = len(dims)
    missing_angle = math.pi / 2 - 2 * math.pi * 2 / n
    firm = [s for s in walk(d.firm) if isinstance(s, Polygon | PolyLine)]
    assert firm, "the scored part is still drawn"
    for shape in firm:
        for x, y in points(shape):
            if isinstance(shape, Polygon) and math.dist((x, y), CENTRE) < 1e-9:
                continue  # the fill closes at the center, along the spokes beside the gap
            assert math.dist((x, y), CENTRE) > 1, "no firm line vertex at the center"
            angle = math.atan2(y - CENTRE[1], x - CENTRE[0])
            assert abs(math.remainder(angle - missing_angle, 2 * math.pi)) > 0.01
    # the fill covers the scored sectors only: a fan from the center, no chord across the gap
    (fan,) = [s for s in walk(d.firm) if isinstance(s, Polygon)]
    assert points(fan)[0] == pytest.approx(CENTRE)
    assert len(points(fan)) == n  # the center and the n - 1 scored values
    assert len([m for m in walk(d.firm) if getattr(m, "kind", None)]) == n - 1
    # the missing dimension is labeled, in place of its score
    names = [s.text for s in d.labels.contents]
    title = names.index(dims[2]["title"])
    assert names[title + 1] == lab["insufficient"]
    assert "Insufficient data" in names[title + 1]
    # its axis is hatched; the legend says what the hatching means
    assert any(isinstance(s, Line) and s.strokeWidth == 0.5 for s in walk(d.axes))
    assert any("No score" in t for t in strings(d.legend))
    # target and peer median still go all the way round
    for group in (d.target, d.peer):
        (line,) = [s for s in walk(group) if isinstance(s, PolyLine)]
        assert len(points(line)) == n + 1
    # the two sectors beside it are grey to the rim: the fan's dip to the center sits in "no
    # data", not in white, where it read as a score at the bottom of the scale (a trial)
    grey = [s for s in walk(d.axes) if isinstance(s, Polygon) and s.fillColor is not None
            and s.fillColor.alpha < 1 and len(points(s)) == 3]  # fmt: skip
    assert len(grey) == 2
    rim = (HEIGHT - 84) / 2
    for wedge in grey:
        centre, *ends = points(wedge)
        assert centre == pytest.approx(CENTRE)
        assert all(math.dist(e, CENTRE) == pytest.approx(rim) for e in ends)
        angles = sorted(math.atan2(y - CENTRE[1], x - CENTRE[0]) for x, y in ends)
        assert any(abs(math.remainder(a - missing_angle, 2 * math.pi)) < 1e-9 for a in angles)
    scored = charts.radar(with_peers(ctx["dimensions"]), lab, PAL, WIDTH, HEIGHT, peer=True)
    assert not [s for s in walk(scored.axes) if isinstance(s, Polygon) and s.fillColor]
    inside(d)


def test_radar_peer_median_breaks_where_a_dimension_has_no_peer_figures(ctx, lab):
    dims = with_peers(ctx["dimensions"])
    dims[1]["peer"] = None
    d = charts.radar(dims, lab, PAL, WIDTH, HEIGHT, peer=True)
    lines = [s for s in walk(d.peer) if isinstance(s, PolyLine)]
    assert sum(len(points(s)) for s in lines) == len(dims) - 1
    assert all(math.dist(p, CENTRE) > 1 for s in lines for p in points(s))


def test_radar_of_a_group_released_as_levels_only_draws_and_names_no_median(ctx, lab):
    """5-9 peers: counts per level, no median; the legend does not promise one."""
    dims = with_peers(ctx["dimensions"])
    for x in dims:
        x["peer"] = {**x["peer"], "median": None, "q1": None, "q3": None}
    d = charts.radar(dims, lab, PAL, WIDTH, HEIGHT, peer=True)
    assert not hasattr(d, "peer")
    assert not any(lab["legend_peer_median"] in t for t in strings(d.legend))
    released = charts.radar(with_peers(ctx["dimensions"]), lab, PAL, WIDTH, HEIGHT, peer=True)
    assert any(lab["legend_peer_median"] in t for t in strings(released.legend))


def test_radar_of_a_complete_profile_is_one_closed_shape(ctx, lab):
    d = charts.radar(ctx["dimensions"], lab, PAL, WIDTH, HEIGHT)
    (fill,) = [s for s in walk(d.firm) if isinstance(s, Polygon)]
    (line,) = [s for s in walk(d.firm) if isinstance(s, PolyLine)]
    assert len(points(fill)) == len(ctx["dimensions"])
    assert points(line)[0] == points(line)[-1]
    assert not any("No score" in t for t in strings(d.legend))
    assert f"{ctx['dimensions'][0]['score']:.2f}" in strings(d.labels)


# --- level scale ----------------------------------------------------------------------------


def test_level_scale_without_score_has_no_marker_and_says_so(ctx, lab):
    dim = without_score(ctx["dimensions"], 0)[0]
    d = charts.level_scale(dim, ctx["levels"], lab, PAL, WIDTH)
    assert not [s for s in walk(d) if isinstance(s, Polygon | Circle)]
    assert lab["insufficient"] in strings(d)
    scored = charts.level_scale(ctx["dimensions"][0], ctx["levels"], lab, PAL, WIDTH)
    assert [s for s in walk(scored) if isinstance(s, Polygon)]
    assert lab["insufficient"] not in strings(scored)


def test_level_scale_peer_marks_have_a_legend_and_an_axis(ctx, lab):
    dim = with_peers(ctx["dimensions"])[0]
    d = charts.level_scale(dim, ctx["levels"], lab, PAL, WIDTH)
    keys = strings(d.legend)
    assert lab["legend_peer_median"] in keys and lab["legend_firm"] in keys
    assert any("Q1" in k and "Q3" in k for k in keys)
    assert lab["axis_score"] in strings(d)
    assert {"1.0", "5.0"} <= set(strings(d))
    # the box spans Q1..Q3 on the same axis as the bands
    (box,) = [s for s in d.peers.contents if isinstance(s, Rect)]
    left, right = 4, WIDTH - 4
    assert box.x == pytest.approx(left + (right - left) * (2.1 - 1) / 4)
    assert box.x + box.width == pytest.approx(left + (right - left) * (3.5 - 1) / 4)
    inside(d)
    # no firm dot, and no firm entry in the legend, without a score
    dim["score"] = None
    d = charts.level_scale(dim, ctx["levels"], lab, PAL, WIDTH)
    assert not [s for s in walk(d) if isinstance(s, Circle)]
    assert lab["legend_firm"] not in strings(d.legend)


# --- trend ----------------------------------------------------------------------------------


def trend_series(lab):
    return [
        ("Structure", [2.5, 2.9, 3.3, 3.4], False),
        ("Coordination", [2.2, None, 2.8, 3.0], False),
        ("Learning", [None, 2.65, 2.9, None], False),
        ("Dedicated alliance function", [2.7, 2.95, 3.1, 3.2], False),
        ("Relationship audit", [2.0, 2.1, 2.2, 2.3], False),
        (lab["overall_index"], [2.4, 2.8, 3.0, 3.2], True),
    ]


YEARS = ["2023", "2024", "2025", "2026"]


def test_trend_series_differ_in_dash_and_marker_and_the_index_is_thicker(lab):
    series = trend_series(lab)
    d = charts.trend(YEARS, series, lab, PAL, WIDTH)
    drawn = d.series.contents
    assert len(drawn) == len(series)
    styles = []
    for group in drawn:
        lines = [s for s in group.contents if isinstance(s, PolyLine)]
        kinds = {m.kind for m in group.contents if getattr(m, "kind", None)}
        assert len(kinds) == 1 and lines
        dash = {tuple(s.strokeDashArray or ()) for s in lines}
        width = {s.strokeWidth for s in lines}
        color = {s.strokeColor.hexval() for s in lines}
        assert len(dash) == len(width) == len(color) == 1
        styles.append((dash.pop(), kinds.pop(), width.pop(), color.pop()))
    assert len({(dash, kind) for dash, kind, _, _ in styles}) == len(series)
    assert len({c for _, _, _, c in styles}) == len(series)
    index = styles[-1]
    assert index[0] == () and all(w < index[2] for _, _, w, _ in styles[:-1])
    # the legend shows each series with its own line and marker
    legend_lines = [s for s in d.legend.contents if isinstance(s, Line)]
    legend_kinds = [m.kind for m in d.legend.contents if getattr(m, "kind", None)]
    assert [
        (tuple(s.strokeDashArray or ()), k) for s, k in zip(legend_lines, legend_kinds, strict=True)
    ] == [(dash, kind) for dash, kind, _, _ in styles]
    assert [name for name, _, _ in series] == [
        s.text for s in d.legend.contents if isinstance(s, String)
    ]
    # axis title and year labels
    assert lab["axis_score"] in strings(d.grid) and set(YEARS) <= set(strings(d.grid))
    inside(d)


def test_trend_leaves_a_gap_where_a_year_has_no_score(lab):
    d = charts.trend(YEARS, trend_series(lab), lab, PAL, WIDTH)
    year_x = {s.text: s.x for s in d.grid.contents if isinstance(s, String) and s.text in YEARS}
    xs = [year_x[y] for y in YEARS]
    for group, (_, values, _) in zip(d.series.contents, trend_series(lab), strict=True):
        marks = sorted(m.x for m in group.contents if getattr(m, "kind", None))
        assert marks == pytest.approx([x for x, v in zip(xs, values, strict=True) if v is not None])
        for k, v in enumerate(values):
            if v is not None:
                continue
            for line in (s for s in group.contents if isinstance(s, PolyLine)):
                at = [x for x, _ in points(line)]
                assert not (min(at) - 0.01 <= xs[k] <= max(at) + 0.01), "line through a gap"
    coordination = d.series.contents[1]
    assert not [s for s in coordination.contents if isinstance(s, PolyLine) and len(s.points) < 4]
    learning = [s for s in d.series.contents[2].contents if isinstance(s, PolyLine)]
    assert len(learning) == 1 and [x for x, _ in points(learning[0])] == pytest.approx(xs[1:3])


def test_trend_series_without_any_score_is_left_out(lab):
    series = trend_series(lab)
    series[2] = ("Learning", [None] * 4, False)
    d = charts.trend(YEARS, series, lab, PAL, WIDTH)
    assert len(d.series.contents) == len(series) - 1
    assert "Learning" not in strings(d.legend)


# --- palette --------------------------------------------------------------------------------


def test_series_colors_are_okabe_ito_without_yellow():
    assert SERIES == ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
    assert set(SERIES) <= set(OKABE_ITO.values()) and OKABE_ITO["yellow"] not in SERIES
    assert charts.SERIES is SERIES


# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
CVD = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
}


def seen(hexval: str, matrix, amount: float) -> tuple[float, float, float]:
    """CIELAB of a color (mixed with white by ``amount``) as a dichromat sees it."""
    rgb = [int(hexval[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    rgb = [c + (1 - c) * amount for c in rgb]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    sim = [min(max(sum(m * c for m, c in zip(row, lin, strict=True)), 0), 1) for row in matrix]
    xyz = [
        (0.4124 * sim[0] + 0.3576 * sim[1] + 0.1805 * sim[2]) / 0.9505,
        0.2126 * sim[0] + 0.7152 * sim[1] + 0.0722 * sim[2],
        (0.0193 * sim[0] + 0.1192 * sim[1] + 0.9505 * sim[2]) / 1.089,
    ]
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


@pytest.mark.parametrize("kind", sorted(CVD))
@pytest.mark.parametrize("amount", [0.0, 0.45, 0.55])  # solid, and as tables and scale tint them
def test_default_level_colors_stay_apart_for_red_green_color_blindness(kind, amount):
    lab_colors = [seen(c, CVD[kind], amount) for c in Colors().levels]
    closest = min(math.dist(a, b) for a, b in itertools.combinations(lab_colors, 2))
    assert closest > 10, f"two level colors {closest:.1f} apart (CIELAB) for {kind}"


def test_the_old_red_to_green_levels_would_fail_the_check():
    old = ["#B83B3B", "#D9822B", "#C9A227", "#5B9A4B", "#2E7D5B"]
    seen_old = [seen(c, CVD["deuteranopia"], 0.0) for c in old]
    assert min(math.dist(a, b) for a, b in itertools.combinations(seen_old, 2)) < 10


# --- heatmap --------------------------------------------------------------------------------


def with_peer_medians(dims):
    out = copy.deepcopy(dims)
    for k, item in enumerate(i for d in out for i in d["items"]):
        if k % 3 != 2:
            item["peer_median"] = 1.5 + (k % 7) * 0.5
        elif k % 2:
            item["peer_median"] = None
    return out


def test_heatmap_one_cell_per_practice_with_its_score_grouped_by_dimension(ctx, lab):
    dims = with_peer_medians(ctx["dimensions"])
    items = [i for d in dims for i in d["items"]]
    assert len(items) > 50
    d = heatmap(dims, lab, PAL, BODY_W, True, 660)
    assert d.height <= 660 and d.width == BODY_W
    inside(d)
    cells = d.cells.contents
    assert len(cells) == len(items)
    headers = [s for s in d.groups.contents if isinstance(s, Rect)]
    titles = [s.text for s in d.groups.contents if isinstance(s, String) and s.fontSize == 8]
    assert titles == [x["title"] for x in dims] and len(headers) == len(dims)
    cell_iter = iter(cells)
    for k, dim in enumerate(dims):
        top = headers[k].y
        floor = headers[k + 1].y + headers[k + 1].height if k + 1 < len(dims) else 0
        for item in dim["items"]:
            cell = next(cell_iter)
            shapes = walk(cell)
            (label,) = [s for s in shapes if isinstance(s, String)]
            box = next(s for s in shapes if isinstance(s, Rect))
            assert floor <= box.y and box.y + box.height <= top, "under its dimension's header"
            assert box.x <= label.x <= box.x + box.width
            assert box.y <= label.y <= box.y + box.height
            if item["score"] is None:
                assert label.text == "–"
                assert any(isinstance(s, Line) for s in shapes), "hatched"
            else:
                assert label.text == str(item["score"])
                level = PAL.levels[int(item["score"]) - 1]
                assert box.fillColor.hexval() == colors.HexColor(level).hexval()
    assert any(i["score"] is None for i in items), "the example has practices without score"
    peers = d.peer.contents
    assert len(peers) == sum(i.get("peer_median") is not None for i in items)
    assert "2.5" in strings(d.peer)
    for cell, median in zip(
        peers, [i["peer_median"] for i in items if i.get("peer_median")], strict=True
    ):
        (box,) = [s for s in walk(cell) if isinstance(s, Rect)]
        level = PAL.levels[min(math.floor(median), 5) - 1]  # 2.5 takes 2 color: not yet 3
        assert box.strokeColor.hexval() == colors.HexColor(level).hexval()
    # practice texts are shortened to end before the score column
    score_x = min(s.x for c in cells for s in walk(c) if isinstance(s, Rect))
    texts = [s for s in d.rows.contents if isinstance(s, String) and len(s.text) > 3]
    assert len(texts) == len(items)
    assert any(s.text.endswith("…") for s in texts)
    assert all(s.x + font_width(s.text, s.fontSize) < score_x for s in texts)


def test_heatmap_fits_a_smaller_height_and_needs_no_peer_column(ctx, lab):
    dims = ctx["dimensions"]
    d = heatmap(dims, lab, PAL, BODY_W, True, 480)
    assert d.height <= 480
    inside(d)
    assert not d.peer.contents  # peers asked for, but the items carry no peer median
    assert "Peers" not in strings(d.head)
    assert len(d.cells.contents) == sum(len(x["items"]) for x in dims)
    few = heatmap(dims[:1], lab, PAL, BODY_W, False)
    assert few.height < 480, "rows keep a sensible height when there are few practices"
    with_medians = heatmap(with_peer_medians(dims), lab, PAL, BODY_W, False)
    assert not with_medians.peer.contents, "no peer column unless peers are shown"


def test_heatmap_labels_have_defaults_and_can_be_replaced(ctx):
    dims = without_score(ctx["dimensions"], 1)
    d = heatmap(dims, {}, PAL, BODY_W, False)
    assert "Insufficient data" in strings(d.groups) and "Practice" in strings(d.head)
    d = heatmap(dims, {"heatmap_practice": "Pratique", "insufficient": "Données insuffisantes"},
                PAL, BODY_W, False)  # fmt: skip
    assert "Pratique" in strings(d.head) and "Données insuffisantes" in strings(d.groups)


def test_position_bar_fills_the_band_and_nothing_else():
    """The firm's place among its peers is a band (here 50th to 75th), never a point."""
    d = charts.position_bar(50, 75, "Position among peers: 50th–75th percentile", PAL, WIDTH)
    left, span = 4, WIDTH - 8
    assert (d.band.x, d.band.width) == pytest.approx((left + span * 0.5, span * 0.25))
    assert [s.text for s in walk(d) if isinstance(s, String)][-1].startswith("Position among")
    decile = charts.position_bar(60, 70, "x", PAL, WIDTH)
    ticks = sorted(s.text for s in walk(decile) if isinstance(s, String) and s.text.isdigit())
    assert ticks == sorted(["0", "25", "50", "60", "70", "75", "100"])


@pytest.mark.parametrize("below", [0.0, 0.05, 0.12, 0.3])
def test_no_score_marker_covers_a_ring_label(ctx, lab, below):
    """The ring labels (6 pt, grey) stay 1.5 pt clear of every firm, target and peer marker,
    also when the top dimension's score sits just under a ring (3.28 under 3.4 touched it)."""
    dims = with_peers(ctx["dimensions"])
    rings = charts.ScoreScale().rings()
    for k, d in enumerate(dims):  # every dimension just under a ring, the top one included
        d["score"] = rings[(k + 2) % (len(rings) - 1)] - below
    d = charts.radar(dims, lab, PAL, WIDTH, HEIGHT, peer=True)
    ring_texts = {f"{r:.1f}" for r in rings}
    boxes = []
    assert not [s for s in walk(d.axes) if isinstance(s, String)]  # all drawn over the series
    for shape, t in placed(d.rings):
        if isinstance(shape, String) and shape.text in ring_texts:
            x, y = apply(t, shape.x, shape.y)
            w = font_width(shape.text, shape.fontSize)
            x0 = {"start": x, "middle": x - w / 2, "end": x - w}[shape.textAnchor]
            boxes.append((x0, y - 1, x0 + w, y + shape.fontSize * 0.75))
    assert len(boxes) == len(rings)
    names = list(d.contents)
    assert names.index(d.rings) > max(names.index(g) for g in (d.firm, d.target, d.peer))
    grounds = [r for r in walk(d.rings) if isinstance(r, Rect)]
    assert len(grounds) == len(rings)  # each on a white ground
    assert all(g.fillColor.red == g.fillColor.green == g.fillColor.blue == 1 for g in grounds)
    markers = [m for g in (d.firm, d.target, d.peer) for m in walk(g) if getattr(m, "kind", None)]
    assert markers
    for m in markers:
        r = m.size / 2 + m.strokeWidth / 2 + 1.5  # the marker, its rim, and room to read
        for x0, y0, x1, y1 in boxes:
            apart = m.x + r < x0 or m.x - r > x1 or m.y + r < y0 or m.y - r > y1
            assert apart, (m.x, m.y, (x0, y0, x1, y1))
    inside(d)


@pytest.mark.parametrize("target", [2.6, 3.4])
def test_no_level_name_stands_under_the_score_marker_or_the_target_line(ctx, lab, target):
    """The marker at 2.93 ran through "3 Defined" and 4.48 through "5 Optimizing": a band's
    name now stands in the widest part of the band the lines leave."""
    names = {f"{lv['level']} {lv['name']}" for lv in ctx["levels"]}
    left, right = 4, WIDTH - 4
    for step in range(0, 81):
        score = 1.0 + step * 0.05
        dim = {**ctx["dimensions"][0], "score": score, "target_score": target}
        d = charts.level_scale(dim, ctx["levels"], lab, PAL, WIDTH)
        lines = [left + (right - left) * (v - 1) / 4 for v in (score, target)]
        shown = [s for s in walk(d) if isinstance(s, String) and s.text in names]
        assert len(shown) == len(names)  # every band keeps its name, whole
        for s in shown:
            width = font_width(s.text, s.fontSize)
            x0 = s.x - width / 2
            for x in lines:
                assert not (x0 - 1 < x < x0 + width + 1), (score, s.text, x0, x)


def test_a_tile_that_needs_room_takes_it_from_the_others():
    """'5 Optimizing' was set smaller than the other tiles' figures (it did not fit a fifth
    of the row); now each tile gets what its figure needs and a share of the rest."""
    from amc_assess.report.tables import TILE_PADDING, _tile_widths

    assert _tile_widths([40.0, 50.0, 60.0], 300.0) == [100.0, 100.0, 100.0]  # all fit
    values = [40.0, 140.0, 40.0, 40.0, 40.0]
    widths = _tile_widths(values, 470.0)
    assert sum(widths) == pytest.approx(470.0)
    assert all(w >= v + TILE_PADDING for w, v in zip(widths, values, strict=True))
    assert widths[0] == pytest.approx(widths[2])  # the rest shared alike
    assert _tile_widths([200.0, 200.0, 200.0], 300.0) == [100.0, 100.0, 100.0]  # no room


def test_radar_draws_the_peer_median_over_the_firms_shading(ctx, lab):
    """Under the firm's shaded shape the dotted median line was washed out, hard to tell from
    the firm's and the target's lines (a trial): it is drawn after the shape."""
    d = charts.radar(with_peers(ctx["dimensions"]), lab, PAL, WIDTH, HEIGHT, peer=True)
    order = [id(c) for c in d.contents]
    assert order.index(id(d.peer)) > order.index(id(d.firm))
