"""The networkx path: the tie graph as a ``networkx.Graph`` and networkx's betweenness.

:func:`~amc_assess.network.analysis.analyze` does not use it (``engine="igraph"``, the default);
it is the reference the compiled path is tested and benchmarked against, and a networkx graph
for callers who want one. ``engine="networkx"`` runs the audit as it ran before igraph:
networkx's Python Brandes algorithm with path length ``1/strength`` as a float.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from amc_assess.network.graph import build
from amc_assess.network.reader import Ties


def build_graph(data: Ties) -> nx.Graph:
    """Undirected graph: node attributes side/level/function/key_contact; edge strength,
    confirmed, ``distance`` (1/strength, a float) and ``length`` (its exact integer form)."""
    light = build(data)
    graph = nx.Graph()
    for person in light.people.values():
        graph.add_node(person.name, side=person.side, level=person.level,
                       function=person.function, key_contact=person.key_contact)  # fmt: skip
    for e in light.edges:
        graph.add_edge(e.a, e.b, strength=e.strength, distance=1 / e.strength,
                       confirmed=e.confirmed, length=e.distance)  # fmt: skip
    return graph


def betweenness(
    graph: nx.Graph, sample: int | None = None, weight: str = "distance"
) -> dict[Any, float]:
    """networkx's normalized betweenness (``sample`` sources drawn with seed 0, or all)."""
    return nx.betweenness_centrality(graph, k=sample, weight=weight, seed=0)


__all__ = ["betweenness", "build_graph"]
