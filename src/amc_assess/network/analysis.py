"""The relationship audit: build the alliance's weighted tie graph and read its structure.

Definitions (the defaults are arguments of :func:`analyze`):

* **tie strength**: mean of frequency, importance and closeness (1..5). The graph is
  undirected; a tie named by both people is one edge with the mean of the two strengths and
  counts as *confirmed*.
* **strong tie**: strength of at least ``strong`` (3.5, i.e. above the scale midpoint).
* **core / peripheral**: core participants are the ``core_k``-core (default 2) of the graph
  of strong ties: everyone left after repeatedly removing people with fewer than ``core_k``
  strong ties to the remaining people. Everybody else is peripheral. (A k-core, not a
  quantile of weighted degree, so that a network of weak ties has no core at all.)
* **boundary spanner**: at least one strong tie inside their own firm and at least one to
  the partner.
* **level coverage**: cross-firm ties between people of the same level (senior-senior,
  middle-middle, operational-operational), their number and mean strength.
* **senior with weak ties**: a senior executive with no strong tie.
* **turnover risk**: articulation points (a person whose departure splits their part of the
  network; ``cut_off`` is how many people would lose touch with the largest remaining
  group) and the highest betweenness centrality over all ties, with path length
  1/strength so that shortest paths prefer strong ties (compiled: igraph for small networks,
  a bucket-queue Brandes kernel in C (or numba) from 2,000 people, the same figures, computed
  on threads of its own while the rest is analysed; :mod:`amc_assess.network.betweenness`).
  Exact up to ``exact_limit`` people; above, estimated from ``sample`` source people (fixed
  seed, reproducible).
* **density**: ties present / ties possible, within each firm and across the two.
* **channels**: per firm, how many of its people deal with the partner directly, and its
  designated key contacts with the share of the firm's cross-firm ties they take part in
  (Hutt et al. 2000: one partner channelled everything through one manager, the other let every
  participant talk to the partner).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from amc_assess.network.betweenness import compiled, start, start_ties
from amc_assess.network.graph import build, cut_counts, cut_points, k_core, numbered
from amc_assess.network.reader import LEVELS, SIDES, Ties

if TYPE_CHECKING:
    from amc_assess.models.network import NetworkResult

ENGINES = ("igraph", "networkx")
EXACT_LIMIT = 5000


def _density(links: int, possible: int) -> float | None:
    return round(links / possible, 4) if possible else None


def analyze(
    data: Ties,
    strong: float = 3.5,
    core_k: int = 2,
    top: int = 5,
    exact_limit: int = EXACT_LIMIT,
    sample: int = 100,
    engine: str = "igraph",
) -> NetworkResult:
    """Run the relationship audit on validated ties.

    ``engine``: ``igraph`` (compiled betweenness: igraph, or the kernel of
    :mod:`amc_assess.network.brandes` for large networks) or ``networkx`` (the reference path of
    :mod:`amc_assess.network.reference`, as the audit ran before; slow).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")
    n = len(data.people)  # everybody is in the graph
    k = None if n <= exact_limit else min(sample, n)
    early = engine == "igraph" and n >= 3 and compiled(n)  # fewer: nobody lies between
    finish: Callable[[], dict[str, float]]
    if early:  # from 2,000 people the kernel runs meanwhile, on threads of its own: it reads
        finish, graph = start_ties(data, k)  # the tie rows, so the graph is built meanwhile
    else:
        graph = build(data)
    adj = graph.adj
    if engine == "networkx":
        from amc_assess.network import reference  # lazy: networkx on the reference path only

        done = reference.betweenness(reference.build_graph(data), k)
        finish = lambda: done  # noqa: E731
    elif not early:
        finish = start(graph, k)
    # lazy: the result's models (pydantic, ~0.25 s to import) load while the kernel runs
    from amc_assess.models.network import Broker, NetworkResult

    names, nbrs = numbered(adj)  # people by position: the graph searches on whole numbers
    strong_adj = {v: [w for w, e in on.items() if e.strength >= strong] for v, on in adj.items()}
    core = k_core(strong_adj, core_k) if n else set()
    cut_at, groups = cut_counts(nbrs)
    cuts = {names[v]: cut for v, cut in cut_at.items()}
    side = {v: p.side for v, p in graph.people.items()}
    level = {v: p.level for v, p in graph.people.items()}
    edges = graph.listed()
    rounded = _Rounded(3)  # a few dozen distinct strengths: each rounded once
    links = [
        {"a": e.a, "b": e.b, "strength": rounded[e.strength], "confirmed": e.confirmed}
        for e in edges
    ]

    figures: list[dict[str, Any]] = []
    spanners: list[str] = []
    respondents = data.respondents
    for name in sorted(adj):
        inside = across = 0
        mine = side[name]
        for other in strong_adj[name]:
            if side[other] == mine:
                inside += 1
            else:
                across += 1
        spanner = inside > 0 and across > 0
        if spanner:
            spanners.append(name)
        person = data.people[name]
        on = adj[name]
        figures.append({
            "name": name, "side": person.side, "level": person.level,
            "function": person.function, "respondent": name in respondents, "ties": len(on),
            "strong_ties": inside + across,
            "weighted_degree": round(sum([e.strength for e in on.values()]), 3),
            "betweenness": 0.0,  # the kernel's, once validated
            "core": name in core, "boundary_spanner": spanner,
            "key_contact": person.key_contact, "cut_off": cuts.get(name, 0),
        })  # fmt: skip

    coverage = []
    cross = [(e.a, e.b, e.strength) for e in edges if side[e.a] != side[e.b]]
    for lv in LEVELS:
        same = [s for a, b, s in cross if level[a] == lv and level[b] == lv]
        coverage.append({
            "level": lv, "present": bool(same), "ties": len(same),
            "strong_ties": sum(s >= strong for s in same),
            "mean_strength": round(sum(same) / len(same), 2) if same else None,
        })  # fmt: skip

    by_side = {s: sum(1 for v in side.values() if v == s) for s in SIDES}
    within = {s: 0 for s in SIDES}
    for e in edges:
        if side[e.a] == side[e.b]:
            within[side[e.a]] += 1
    density = {
        "own": _density(within["own"], by_side["own"] * (by_side["own"] - 1) // 2),
        "partner": _density(within["partner"], by_side["partner"] * (by_side["partner"] - 1) // 2),
        "across": _density(len(cross), by_side["own"] * by_side["partner"]),
    }
    channels, keys = _channels(side, figures, cross, cuts, by_side)
    articulation = sorted(cuts, key=lambda v: (-cuts[v], v))
    # one validation of everything (pydantic's compiled validator, some 4x faster than
    # model_construct per link and person), while the kernel runs: its figures come last
    result = NetworkResult.model_validate({
        "sources": data.sources,
        "people": n,
        "people_by_side": by_side,
        "respondents": len(respondents),
        "ties": len(edges),
        "confirmed_ties": sum(1 for e in edges if e.confirmed),
        "components": groups,
        "strong_threshold": strong,
        "core_k": core_k,
        "betweenness_sample": k,
        "core": sorted(core),
        "peripheral": sorted(set(adj) - core),
        "boundary_spanners": spanners,
        "spanners_by_level": {lv: sum(level[s] == lv for s in spanners) for lv in LEVELS},
        "coverage": coverage,
        "weak_seniors": [
            p["name"] for p in figures if p["level"] == "senior" and p["strong_ties"] == 0
        ],
        "articulation_points": [
            {"name": v, "side": side[v], "level": level[v], "cut_off": cuts[v]}
            for v in articulation
        ],
        "top_betweenness": [],  # below
        "density": density,
        "channels": channels,
        "key_contacts": keys,
        "persons": figures,
        "notes": list(data.notes),
        "firms": dict(data.firms),
        "key_contacts_given": data.key_contacts_given,
        "links": links,
    })  # fmt: skip
    # what the result no longer needs is freed now, while the kernel runs, not after it
    del graph, adj, strong_adj, nbrs, edges, links, figures, cross
    between = finish()
    for figure in result.persons:
        figure.betweenness = round(between[figure.name], 4)
    ranked = ranking(names, between, top)
    result.top_betweenness = [
        Broker(name=v, side=side[v], level=level[v], betweenness=round(between[v], 4))
        for v in ranked
        if between[v] > 0
    ]
    return result


class _Rounded(dict[float, float]):
    """``round(value, digits)`` of each value asked for, computed once per distinct value."""

    def __init__(self, digits: int) -> None:
        super().__init__()
        self.digits = digits

    def __missing__(self, value: float) -> float:
        self[value] = rounded = round(value, self.digits)
        return rounded


def __getattr__(name: str) -> Any:  # NetworkResult: loaded when first asked for
    if name == "NetworkResult":
        from amc_assess.models.network import NetworkResult  # lazy: pydantic on first use

        return NetworkResult
    raise AttributeError(name)


def ranking(names: list[str], between: dict[str, float], top: int) -> list[str]:
    """The ``top`` people of ``names`` by betweenness to 10 significant digits, then by name.

    Only the people within 1e-8 (relative) of the ``top``-th highest figure are rounded and
    sorted: rounding to 10 digits moves a figure by 5e-10 of it at most and keeps the order,
    so everybody further below ranks after the ``top`` first (not 5,000 figures formatted
    after the kernel, but a few)."""
    if 0 < top < len(names):
        last = heapq.nlargest(top, map(between.__getitem__, names))[-1]
        floor = last - abs(last) * 1e-8
        names = [v for v in names if between[v] >= floor]
    return sorted(names, key=lambda v: (-_ten_digits(between[v]), v))[:top]


def _ten_digits(value: float) -> float:
    """``value`` to 10 significant digits: people whose betweenness differs only by rounding
    (equal in exact arithmetic, summed in another order) rank by name."""
    return float(f"{value:.10g}")


def _channels(
    side: dict[str, str],
    persons: list[dict[str, Any]],
    cross: list[tuple[str, str, float]],
    cuts: dict[str, int],
    by_side: dict[str, int],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per firm: who deals with the partner, and what its key contacts carry."""
    partner_ties = {v: 0 for v in side}
    for a, b, _ in cross:
        partner_ties[a] += 1
        partner_ties[b] += 1
    channels, keys = [], []
    for s in SIDES:
        named = [p for p in persons if p["side"] == s and p["key_contact"]]
        channels.append({
            "side": s, "people": by_side[s],
            "with_partner_ties": sum(1 for v in side if side[v] == s and partner_ties[v]),
            "key_contacts": [p["name"] for p in named],
        })  # fmt: skip
        for p in named:
            name = p["name"]
            keys.append({
                "name": name, "side": s, "level": p["level"], "partner_ties": partner_ties[name],
                "channel_share": round(partner_ties[name] / len(cross), 4) if cross else None,
                "boundary_spanner": p["boundary_spanner"], "cut_off": cuts.get(name, 0),
            })  # fmt: skip
    return channels, keys


__all__ = ["ENGINES", "EXACT_LIMIT", "NetworkResult", "analyze", "cut_points", "ranking"]
