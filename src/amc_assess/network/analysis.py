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
  1/strength so that shortest paths prefer strong ties. Above ``exact_limit`` people
  betweenness is estimated from
  ``sample`` source people (fixed seed, reproducible).
* **density**: ties present / ties possible, within each firm and across the two.
* **channels**: per firm, how many of its people deal with the partner directly, and its
  designated key contacts with the share of the firm's cross-firm ties they take part in
  (Hutt et al. 2000: one partner channelled everything through one manager, the other let every
  participant talk to the partner).
"""

from __future__ import annotations

import networkx as nx

from amc_assess.models.network import (
    Broker,
    Channel,
    CutPoint,
    Density,
    KeyContact,
    LevelCoverage,
    Link,
    NetworkResult,
    PersonResult,
)
from amc_assess.network.reader import LEVELS, SIDES, Ties


def build_graph(data: Ties) -> nx.Graph:
    """Undirected graph: node attributes side/level/function, edge strength/confirmed."""
    graph = nx.Graph()
    for person in data.people.values():
        graph.add_node(person.name, side=person.side, level=person.level,
                       function=person.function, key_contact=person.key_contact)  # fmt: skip
    named: dict[tuple[str, str], list[float]] = {}
    for tie in data.ties:
        a, b = sorted((tie.respondent, tie.contact))
        named.setdefault((a, b), []).append(tie.strength)
    for (a, b), strengths in named.items():
        strength = sum(strengths) / len(strengths)
        graph.add_edge(a, b, strength=strength, distance=1 / strength,
                       confirmed=len(strengths) == 2)  # fmt: skip
    return graph


def cut_points(graph: nx.Graph) -> dict[str, int]:
    """Articulation points -> people cut off from the largest remaining group (O(n + m))."""
    disc: dict[str, int] = {}
    low: dict[str, int] = {}
    size: dict[str, int] = {}
    out: dict[str, int] = {}
    for root in graph:
        if root in disc:
            continue
        comp = len(nx.node_connected_component(graph, root))
        pieces: dict[str, list[int]] = {}
        disc[root] = low[root] = len(disc)
        size[root] = 1
        stack = [(root, None, iter(graph[root]))]
        while stack:
            node, parent, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if parent is not None:
                    size[parent] += size[node]
                    low[parent] = min(low[parent], low[node])
                    if low[node] >= disc[parent]:
                        pieces.setdefault(parent, []).append(size[node])
                continue
            if child == parent:
                continue
            if child in disc:
                low[node] = min(low[node], disc[child])
            else:
                disc[child] = low[child] = len(disc)
                size[child] = 1
                stack.append((child, node, iter(graph[child])))
        for node, parts in pieces.items():
            if node == root and len(parts) < 2:
                continue
            rest = comp - 1 - sum(parts)
            if node != root:
                parts = [*parts, rest]
            out[node] = comp - 1 - max(parts)
    return out


def _density(links: int, possible: int) -> float | None:
    return round(links / possible, 4) if possible else None


def analyze(
    data: Ties,
    strong: float = 3.5,
    core_k: int = 2,
    top: int = 5,
    exact_limit: int = 1000,
    sample: int = 100,
) -> NetworkResult:
    """Run the relationship audit on validated ties."""
    graph = build_graph(data)
    n = graph.number_of_nodes()
    strong_graph = nx.Graph()
    strong_graph.add_nodes_from(graph)
    strong_graph.add_edges_from((a, b) for a, b, s in graph.edges(data="strength") if s >= strong)
    core = set(nx.k_core(strong_graph, core_k)) if n else set()
    k = None if n <= exact_limit else min(sample, n)
    between = nx.betweenness_centrality(graph, k=k, weight="distance", seed=0)
    cuts = cut_points(graph)
    side = nx.get_node_attributes(graph, "side")
    level = nx.get_node_attributes(graph, "level")

    persons: list[PersonResult] = []
    spanners: list[str] = []
    for name in sorted(graph):
        inside = across = 0
        for other in strong_graph[name]:
            if side[other] == side[name]:
                inside += 1
            else:
                across += 1
        spanner = inside > 0 and across > 0
        if spanner:
            spanners.append(name)
        person = data.people[name]
        persons.append(PersonResult(
            name=name, side=person.side, level=person.level, function=person.function,
            respondent=name in data.respondents, ties=graph.degree(name),
            strong_ties=inside + across,
            weighted_degree=round(graph.degree(name, weight="strength"), 3),
            betweenness=round(between[name], 4), core=name in core, boundary_spanner=spanner,
            key_contact=person.key_contact, cut_off=cuts.get(name, 0),
        ))  # fmt: skip

    coverage = []
    cross = [(a, b, s) for a, b, s in graph.edges(data="strength") if side[a] != side[b]]
    for lv in LEVELS:
        same = [s for a, b, s in cross if level[a] == lv and level[b] == lv]
        coverage.append(LevelCoverage(
            level=lv, present=bool(same), ties=len(same),
            strong_ties=sum(s >= strong for s in same),
            mean_strength=round(sum(same) / len(same), 2) if same else None,
        ))  # fmt: skip

    by_side = {s: sum(1 for v in side.values() if v == s) for s in SIDES}
    within = {s: 0 for s in SIDES}
    for a, b in graph.edges():
        if side[a] == side[b]:
            within[side[a]] += 1
    density = Density(
        own=_density(within["own"], by_side["own"] * (by_side["own"] - 1) // 2),
        partner=_density(within["partner"], by_side["partner"] * (by_side["partner"] - 1) // 2),
        across=_density(len(cross), by_side["own"] * by_side["partner"]),
    )
    channels, keys = _channels(side, persons, cross, cuts, by_side)
    ranked = sorted(graph, key=lambda v: (-between[v], v))[:top]
    articulation = sorted(cuts, key=lambda v: (-cuts[v], v))
    return NetworkResult(
        sources=data.sources,
        people=n,
        people_by_side=by_side,
        respondents=len(data.respondents),
        ties=graph.number_of_edges(),
        confirmed_ties=sum(1 for *_, c in graph.edges(data="confirmed") if c),
        components=nx.number_connected_components(graph) if n else 0,
        strong_threshold=strong,
        core_k=core_k,
        betweenness_sample=k,
        core=sorted(core),
        peripheral=sorted(set(graph) - core),
        boundary_spanners=spanners,
        spanners_by_level={lv: sum(level[s] == lv for s in spanners) for lv in LEVELS},
        coverage=coverage,
        weak_seniors=[p.name for p in persons if p.level == "senior" and p.strong_ties == 0],
        articulation_points=[
            CutPoint(name=v, side=side[v], level=level[v], cut_off=cuts[v]) for v in articulation
        ],
        top_betweenness=[
            Broker(name=v, side=side[v], level=level[v], betweenness=round(between[v], 4))
            for v in ranked
            if between[v] > 0
        ],
        density=density,
        channels=channels,
        key_contacts=keys,
        persons=persons,
        notes=list(data.notes),
        firms=dict(data.firms),
        key_contacts_given=data.key_contacts_given,
        links=[
            Link(a=a, b=b, strength=round(d["strength"], 3), confirmed=d["confirmed"])
            for a, b, d in ((*sorted((u, v)), d) for u, v, d in graph.edges(data=True))
        ],
    )


def _channels(
    side: dict[str, str],
    persons: list[PersonResult],
    cross: list[tuple[str, str, float]],
    cuts: dict[str, int],
    by_side: dict[str, int],
) -> tuple[list[Channel], list[KeyContact]]:
    """Per firm: who deals with the partner, and what its key contacts carry."""
    partner_ties = {v: 0 for v in side}
    for a, b, _ in cross:
        partner_ties[a] += 1
        partner_ties[b] += 1
    channels, keys = [], []
    for s in SIDES:
        named = [p for p in persons if p.side == s and p.key_contact]
        channels.append(Channel(
            side=s, people=by_side[s],
            with_partner_ties=sum(1 for v in side if side[v] == s and partner_ties[v]),
            key_contacts=[p.name for p in named],
        ))  # fmt: skip
        for p in named:
            keys.append(KeyContact(
                name=p.name, side=s, level=p.level, partner_ties=partner_ties[p.name],
                channel_share=round(partner_ties[p.name] / len(cross), 4) if cross else None,
                boundary_spanner=p.boundary_spanner, cut_off=cuts.get(p.name, 0),
            ))  # fmt: skip
    return channels, keys


__all__ = ["NetworkResult", "analyze", "build_graph", "cut_points"]
