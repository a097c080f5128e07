"""Where to draw each person of a relationship audit: own firm left, partner right, levels in bands.

:func:`layout` reads a :class:`~amc_assess.network.analysis.NetworkResult` only (never the ties
files) and returns positions in a ``width`` x ``height`` box, y pointing up:

* the own firm fills the left half, the partner the right half, with a gap between them;
* each management level is a horizontal band (senior on top, operational at the bottom), so
  same-level ties between the firms run across the gap at the same height;
* inside those cells a force-directed layout (``networkx.spring_layout``, weight = tie strength,
  fixed seed: the same result gives the same picture) orders people: those with ties to the
  partner are pulled towards the gap, close colleagues sit near each other;
* finally people closer than ``spacing`` are pushed apart within their cell.

Above ``limit`` people only a subset is placed (:func:`select`): the designated key contacts,
the cut points, the top brokers, the boundary spanners with their counterparts at the other
firm, then the closest colleagues of those, so that a network of thousands stays a readable
picture of the people the findings are about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from amc_assess.models.network import Link, NetworkResult, PersonResult
from amc_assess.network.reader import LEVELS, SIDES

LIMIT = 200
GAP = 0.1  # share of the width between the two firms
BAND_GAP = 0.05  # share of the height between two level bands
Anchor = tuple[str, str, str]  # ("\0anchor", side, level): a fixed point of the spring layout
KINDS = ("key_contacts", "cut_points", "brokers", "spanners", "counterparts", "colleagues")


@dataclass(frozen=True)
class Layout:
    """Positions of the people shown, the ties among them and the boxes they were placed in."""

    positions: dict[str, tuple[float, float]]
    links: list[Link]
    total: int
    width: float
    height: float
    bands: dict[str, tuple[float, float]]  # level -> (bottom, top)
    sides: dict[str, tuple[float, float]]  # side -> (left, right)
    picked: dict[str, int] = field(default_factory=dict)  # subset: why people were chosen

    @property
    def shown(self) -> list[str]:
        return list(self.positions)

    @property
    def subset(self) -> bool:
        return len(self.positions) < self.total


def select(result: NetworkResult, limit: int = LIMIT) -> tuple[list[str], dict[str, int]]:
    """Everybody up to ``limit`` people; above, the people the findings turn on, and their ties.

    Priority: designated key contacts; cut points (largest group cut off first, at most a
    quarter of ``limit``); the top brokers; boundary spanners (highest betweenness first), each
    with their strongest contact at the other firm, up to half of ``limit`` in all; then, round
    by round, the closest colleagues of the people already picked (strongest tie first, core
    members before peripheral ones) until ``limit``. Returns the names and how many were picked
    for each reason (``key_contacts``, ``cut_points``, ``brokers``, ``spanners``, ``counterparts``,
    ``colleagues``); empty when everybody is shown.
    """
    if result.people <= limit:
        return [p.name for p in result.persons], {}
    by = {p.name: p for p in result.persons}
    near: dict[str, list[tuple[float, str]]] = {}
    for link in result.links:
        near.setdefault(link.a, []).append((link.strength, link.b))
        near.setdefault(link.b, []).append((link.strength, link.a))
    chosen: dict[str, str] = {}  # name -> why

    def take(kind: str, names: list[str], upto: int) -> None:
        for name in names:
            if len(chosen) >= min(upto, limit):
                break
            chosen.setdefault(name, kind)

    take("key_contacts", [k.name for k in result.key_contacts], limit)
    take("cut_points", [c.name for c in result.articulation_points], len(chosen) + limit // 4)
    take("brokers", [b.name for b in result.top_betweenness], limit)
    spanners = sorted(
        result.boundary_spanners,
        key=lambda n: (-by[n].betweenness, -by[n].weighted_degree, n),
    )
    half = max(len(chosen), limit // 2)
    for name in spanners:
        if len(chosen) >= half:
            break
        take("spanners", [name], half)
        across = [(s, m) for s, m in near.get(name, []) if by[m].side != by[name].side]
        if across:
            take("counterparts", [min(across, key=lambda t: (-t[0], t[1]))[1]], half)
    frontier = list(chosen)
    while len(chosen) < limit and frontier:
        found: dict[str, tuple] = {}
        for name in frontier:
            for strength, other in near.get(name, []):
                if other not in chosen:
                    key = (not by[other].core, -strength, -by[other].weighted_degree, other)
                    found[other] = min(found.get(other, key), key)
        frontier = sorted(found, key=found.__getitem__)[: limit - len(chosen)]
        take("colleagues", frontier, limit)
    counts = {kind: sum(1 for k in chosen.values() if k == kind) for kind in KINDS}
    return list(chosen), {kind: n for kind, n in counts.items() if n}


def layout(
    result: NetworkResult,
    limit: int = LIMIT,
    width: float = 1.0,
    height: float = 1.0,
    spacing: float = 0.0,
    seed: int = 7,
) -> Layout:
    """Positions (x, y) in the ``width`` x ``height`` box for the people :func:`select` picks."""
    names, picked = select(result, limit)
    keep = set(names)
    by = {p.name: p for p in result.persons}
    links = [link for link in result.links if link.a in keep and link.b in keep]
    levels = [lv for lv in LEVELS if any(by[n].level == lv for n in names)]
    bands = _bands(names, by, levels, height)
    half = width * (1 - GAP) / 2
    sides = {"own": (0.0, half), "partner": (width - half, width)}
    if not names:
        return Layout({}, [], result.people, width, height, bands, sides, picked)
    raw = _spring(names, by, links, levels, seed)
    xy = np.zeros((len(names), 2))
    boxes = np.zeros((len(names), 4))  # left, right, bottom, top
    index = {n: k for k, n in enumerate(names)}
    for side in SIDES:
        members = [n for n in names if by[n].side == side]
        if not members:
            continue
        left, right = sides[side]
        # Inside a cell, people near the gap stay nearest to it: a spanner's x ranks high.
        xs = _spread_01([raw[n][0] for n in members])
        for n, x in zip(members, xs, strict=True):
            xy[index[n], 0] = left + x * (right - left)
            boxes[index[n], :2] = (left, right)
        for lv in levels:
            cell = [n for n in members if by[n].level == lv]
            if not cell:
                continue
            bottom, top = bands[lv]
            pad = min(spacing / 2, (top - bottom) / 4)
            ys = _spread_01([raw[n][1] for n in cell])
            for n, y in zip(cell, ys, strict=True):
                xy[index[n], 1] = bottom + pad + y * (top - bottom - 2 * pad)
                boxes[index[n], 2:] = (bottom + pad, top - pad)
    if spacing > 0:
        xy = _separate(xy, boxes, spacing)
    positions = {n: (float(xy[k, 0]), float(xy[k, 1])) for k, n in enumerate(names)}
    return Layout(positions, links, result.people, width, height, bands, sides, picked)


def _bands(
    names: list[str], by: dict[str, PersonResult], levels: list[str], height: float
) -> dict[str, tuple[float, float]]:
    """Level bands from the top, each as tall as its larger firm needs (at least a fifth)."""
    if not levels:
        return {}
    need = []
    for lv in levels:
        count = max(sum(1 for n in names if by[n].level == lv and by[n].side == s) for s in SIDES)
        need.append(float(np.sqrt(max(count, 1))))
    total = sum(need)
    need = [max(v, total / 5) for v in need]
    gap = height * BAND_GAP if len(levels) > 1 else 0.0
    room = height - gap * (len(levels) - 1)
    out: dict[str, tuple[float, float]] = {}
    top = height
    for lv, v in zip(levels, need, strict=True):
        size = room * v / sum(need)
        out[lv] = (top - size, top)
        top -= size + gap
    return out


def _spring(
    names: list[str], by: dict[str, PersonResult], links: list[Link], levels: list[str], seed: int
) -> dict[str, tuple[float, float]]:
    """Force-directed positions with fixed anchors: own firm left, partner right, levels stacked.

    Each person is tied (lightly) to the anchor of their firm and level, so the picture keeps
    the two firms apart while the real ties pull spanners towards each other.
    """
    import networkx as nx  # lazy: networkx only when a network is drawn

    graph = nx.Graph()
    graph.add_nodes_from(names)
    graph.add_weighted_edges_from((x.a, x.b, x.strength) for x in links)
    anchors: dict[Anchor, tuple[float, float]] = {}
    fixed: list[Anchor] = []
    for s, ax in zip(SIDES, (-1.0, 1.0), strict=True):
        for k, lv in enumerate(levels):
            key = ("\0anchor", s, lv)
            anchors[key] = (ax, 1.0 - 2.0 * k / max(len(levels) - 1, 1))
            graph.add_node(key)
            fixed.append(key)
    for n in names:
        graph.add_edge(n, ("\0anchor", by[n].side, by[n].level), weight=1.5)
    rng = np.random.default_rng(seed)
    start: dict[str | Anchor, np.ndarray] = {
        n: (anchors[("\0anchor", by[n].side, by[n].level)] + rng.normal(0, 0.2, 2)) for n in names
    }
    start.update({k: np.array(v) for k, v in anchors.items()})
    pos = nx.spring_layout(
        graph,
        k=1.0 / np.sqrt(len(graph)),
        pos=start,
        fixed=fixed,
        weight="weight",
        iterations=60,
        seed=seed,
    )
    return {n: (float(pos[n][0]), float(pos[n][1])) for n in names}


def _spread_01(values: list[float]) -> list[float]:
    """Values to 0..1: half min-max (keeps distances), half rank (uses the room evenly).

    The min-max part ignores the outer 2% on each side, so that a few stray people (no tie to
    anyone shown) do not squeeze everybody else together.
    """
    if len(values) == 1:
        return [0.5]
    arr = np.asarray(values)
    low, high = np.percentile(arr, (2, 98)) if len(arr) >= 50 else (arr.min(), arr.max())
    span = high - low
    scaled = np.clip((arr - low) / span, 0, 1) if span > 0 else np.full(len(arr), 0.5)
    ranks = np.empty(len(arr))
    ranks[np.argsort(arr, kind="stable")] = np.arange(len(arr)) / (len(arr) - 1)
    return [float(v) for v in 0.5 * scaled + 0.5 * ranks]


def _separate(xy: np.ndarray, boxes: np.ndarray, spacing: float, rounds: int = 60) -> np.ndarray:
    """Push people closer than ``spacing`` apart, each staying inside their own box."""
    xy = xy.copy()
    n = len(xy)
    if n < 2:
        return xy
    jitter = np.random.default_rng(0).normal(0, spacing * 1e-3, xy.shape)
    xy += jitter
    for _ in range(rounds):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=2))
        np.fill_diagonal(dist, 2 * spacing)
        close = dist < spacing
        if not close.any():
            break
        push = np.where(close, (spacing - dist) / np.maximum(dist, 1e-9) / 2, 0.0)
        xy += (push[:, :, None] * diff).sum(axis=1) * 0.5
        xy[:, 0] = np.clip(xy[:, 0], boxes[:, 0], boxes[:, 1])
        xy[:, 1] = np.clip(xy[:, 1], boxes[:, 2], boxes[:, 3])
    return xy


__all__ = ["KINDS", "LIMIT", "Layout", "layout", "select"]
