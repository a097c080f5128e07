"""Disclosure control: which peer figures a benchmark may show, and how coarsely.

Firms give their scores to a benchmark because no other participant can learn them. A minimum
group size alone does not keep that promise: with five peers the quartiles *are* three peers'
scores, and two benchmarks one firm apart give the added firm away. The rules below are the ones
statistics offices apply to the tables they publish (Hundepool et al. 2012; Willenborg & de Waal
2001), applied to peer groups:

* **The group's figures, whoever asks**: every figure is over the whole group, the benchmarked
  firm among them when it is stored in it, so two askers of one group (or probes under any
  name) get the same figures; the thresholds count the peers beside any one firm (n - 1).
* **Minimum frequency**: no figure from fewer than ``MIN_PEERS`` (5) peer firms; 3 at the least
  with ``--allow-small-group``.
* **Level counts only for small groups**: from 3 to ``QUANTILE_MIN - 1`` (9) comparable peers the
  benchmark shows how many peers are at each maturity level, nothing finer: no quartile, no
  median, no rank. A level spans a whole band of scores, so no peer's score can be read off.
* **Coarsened quantiles**: from ``QUANTILE_MIN`` (10) comparable peers, quartiles by linear
  interpolation (Hyndman & Fan 1996, type 7) rounded to ``STEP`` (0.1) *before* anything else
  uses them; no unrounded figure reaches any output, so no arithmetic on the output inverts the
  rounding.
* **Position from released figures only**: the firm's place is the band between the rounded cut
  points that holds its score (quartile bands; quintiles from 40 peers; deciles from 100). It is
  a function of the printed cut points and the firm's own score, so placing made-up firms
  anywhere (``--assessment`` probes) learns nothing the cut points do not already say.
* **Size bands**: a group's size is shown as a band (10–19, 20–49, ...), never exactly.
* **Fixed groupings**: peer groups come from ``MENU`` (all firms; industry; revenue band; region;
  industry with revenue band; industry with region), not from free stacks of filters.
* **No noise**: differential privacy (Dwork et al. 2006) would need noise of about a whole point
  on a 1-5 scale for groups of 10 to 50 firms; rounding, the thresholds and the differencing rule
  of the store (:mod:`amc_assess.store.audit`) protect instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from amc_assess.models.comparison import Disclosure, Position

MIN_PEERS = 5  # fewest peer firms for any figure (minimum frequency rule)
FLOOR = 3  # the least --allow-small-group accepts
QUANTILE_MIN = 10  # fewest comparable peers for quartiles and a position band
STEP = 0.1  # quartiles and cut points are rounded to this, half up, before any other use
DIGITS = 1
# band width -> (fewest comparable peers, cut percentiles); the widest band that fits is used
TIERS = (
    ("decile", 100, (10, 20, 30, 40, 50, 60, 70, 80, 90)),
    ("quintile", 40, (20, 40, 60, 80)),
    ("quartile", QUANTILE_MIN, (25, 50, 75)),
)
QUARTILES = (25, 50, 75)
TIERS_BY_NAME = {name: cuts for name, _, cuts in TIERS}
SIZE_EDGES = (3, 5, 10, 20, 50, 100, 200, 500, 1000)
DIFFERENCE_K = MIN_PEERS  # a store answers a group this close to an earlier one from that one
GROUPING_COLUMNS = ("industry", "revenue_band", "region")
# the fixed menu of peer groupings: profile columns, and how the grouping is named
MENU: dict[tuple[str, ...], str] = {
    (): "all firms",
    ("industry",): "industry",
    ("revenue_band",): "revenue band",
    ("region",): "region",
    ("industry", "revenue_band"): "industry and revenue band",
    ("industry", "region"): "industry and region",
}
METHOD = (
    "minimum frequency (no figure below {min_peers} peer firms), counts by maturity level only "
    "below {quantile_min} comparable peers, quartiles and cut points rounded to {step} before "
    "any other use, the firm's position as a band between the rounded cut points, group sizes "
    "in bands, groupings from a fixed menu"
)


def coarse(value: float) -> float:
    """``value`` rounded half up to ``STEP`` (0.1), as its shortest decimal form reads:
    2.45 -> 2.5, 3.05 -> 3.1, 2.449 -> 2.4."""
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-DIGITS), ROUND_HALF_UP)
    return float(exact)


def size_band(n: int) -> str:
    """A group's size as a band: 3–4, 5–9, 10–19, 20–49, 50–99, ..., 1000 or more."""
    if n < SIZE_EDGES[0]:
        return f"fewer than {SIZE_EDGES[0]}"
    for low, high in zip(SIZE_EDGES, SIZE_EDGES[1:], strict=False):
        if n < high:
            return f"{low}–{high - 1}"
    return f"{SIZE_EDGES[-1]} or more"


def grouping_name(columns: Iterable[str]) -> str | None:
    """The menu's name of a grouping (its profile columns in any order), None when off the menu."""
    given = set(columns)
    if given - set(GROUPING_COLUMNS):
        return None
    return MENU.get(tuple(c for c in GROUPING_COLUMNS if c in given))


def menu_text() -> str:
    """The menu in words, for messages: ``all firms (no --peers), industry, ...``."""
    keys = {"industry": "industry", "revenue_band": "revenue", "region": "region"}
    entries = ["all firms (no --peers)"]
    entries += [",".join(keys[c] for c in columns) for columns in MENU if columns]
    return "; ".join(entries)


def tier(n: int) -> tuple[str, tuple[int, ...]] | None:
    """The band width and cut percentiles for ``n`` comparable peers (None below 10)."""
    for name, fewest, cuts in TIERS:
        if n >= fewest:
            return name, cuts
    return None


def cut_points(values: Sequence[float] | np.ndarray, percents: Iterable[int]) -> dict[int, float]:
    """Type 7 quantiles (linear interpolation) at ``percents``, each rounded to 0.1."""
    data = np.asarray(values, dtype=float)
    order = sorted(set(percents))
    found = np.quantile(data, [p / 100 for p in order])
    return {p: coarse(float(v)) for p, v in zip(order, found, strict=True)}


def position(score: float, cuts: dict[int, float], width: str) -> Position:
    """The band of rounded cut points holding ``score``.

    ``cuts`` holds the quartiles and the tier's cut points; the band is ``width`` wide
    (quartile, quintile or decile), and ``quartile`` comes from the quartiles alone. A score
    equal to cut points is placed above half of them (a single one: above it), as a mid-rank
    places ties: a firm tied with every cut point lands in the middle, not at the top."""
    percents = TIERS_BY_NAME[width]
    passed = _passed(score, [cuts[p] for p in percents])
    low = percents[passed - 1] if passed else 0
    high = percents[passed] if passed < len(percents) else 100
    quartile = 1 + _passed(score, [cuts[p] for p in QUARTILES])
    return Position(low=low, high=high, label=band_label(low, high, width), quartile=quartile)


def _passed(score: float, values: Sequence[float]) -> int:
    """How many of the ascending cut points ``score`` is above (half of those it equals)."""
    below = sum(score > v for v in values)
    return below + (sum(score == v for v in values) + 1) // 2


def band_label(low: int, high: int, width: str) -> str:
    """``top quartile``, ``bottom decile``, ``40th–60th percentile``."""
    if low == 0:
        return f"bottom {width}"
    if high == 100:
        return f"top {width}"
    return f"{low}th–{high}th percentile"


def level_counts(levels: Iterable[int | None], top: int) -> dict[str, int]:
    """Peers per maturity level, every level 1..``top`` listed (0 where none)."""
    counts = {str(level): 0 for level in range(1, top + 1)}
    for level in levels:
        if level is not None and str(level) in counts:
            counts[str(level)] += 1
    return counts


def disclosure(
    size: int, min_peers: int, grouping: str, *, store: bool, answered_from: str | None = None
) -> Disclosure:
    """The record of how a benchmark's peer figures were protected."""
    return Disclosure(
        method=METHOD.format(min_peers=min_peers, quantile_min=QUANTILE_MIN, step=STEP),
        size_band=size_band(size),
        min_peers=min_peers,
        levels_only_below=QUANTILE_MIN,
        quantiles="linear interpolation between order statistics (Hyndman & Fan type 7) over "
        "the peers with a comparable score",
        rounding=STEP,
        rounding_rule="half up, applied to every quartile and cut point before the position "
        "band, the charts or any other figure is worked out from it",
        noise="none",
        position_bands={
            name: (f"{fewest} peers or more" if k == 0 else f"{fewest}–{TIERS[k - 1][1] - 1} peers")
            for k, (name, fewest, _) in enumerate(TIERS)
        },
        grouping=grouping,
        difference_rule=(
            f"a group that differs from one answered before by fewer than {DIFFERENCE_K} firms "
            "is answered from that earlier group"
        )
        if store
        else None,
        answered_from=answered_from,
        audited=store,
    )
