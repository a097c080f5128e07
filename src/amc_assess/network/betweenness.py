"""Weighted betweenness centrality of the tie graph through igraph's compiled Brandes algorithm.

The figures are networkx's ``betweenness_centrality(G, k, normalized=True, weight=...,
seed=0)`` (networkx 3.6 and later), computed in C:

* path length: :attr:`~amc_assess.network.graph.Edge.distance`, the exact integer form of
  1/strength, so equally short paths are exactly equal (:mod:`amc_assess.network.graph`);
  igraph also takes path lengths that agree to 10 significant digits as equal;
* exact: every person is a source; the sum of the dependencies is divided by (n-1)(n-2),
  the ordered pairs of other people;
* sampled (``sample`` people): the sources are drawn as networkx draws them
  (``random.Random(0).sample`` of the people in input order) and the sums are scaled as
  networkx scales them, 1/((k-1)(n-2)) for a source and 1/(k(n-2)) for everybody else.

From :data:`COMPILED_FROM` people on, the sums come from the bucket-queue Brandes kernel of
:mod:`amc_assess.network.brandes` instead (C, or numba where no C compiler works; 3.3x less
CPU time than igraph at 5,000
people once loaded, the same figures to 1e-15), scaled alike.

igraph and the kernel are imported here only, when betweenness is computed (``# lazy``), so
that reading ties and reports without an audit never load them.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from amc_assess.network.graph import Graph
from amc_assess.network.reader import Ties

COMPILED_FROM = 2000  # people; below, igraph (no numpy to load)


def sources(names: list[str], sample: int | None) -> list[str] | None:
    """The sampled people (networkx's draw with seed 0), or None for everybody."""
    if sample is None or sample >= len(names):
        return None
    return random.Random(0).sample(names, sample)


def betweenness(
    graph: Graph, sample: int | None = None, compiled_from: int | None = None
) -> dict[str, float]:
    """Normalized betweenness of every person (exact, or estimated from ``sample`` sources).

    From ``compiled_from`` people on (default :data:`COMPILED_FROM`) through the bucket-queue
    Brandes kernel of :mod:`amc_assess.network.brandes` (compiled), below through igraph; the
    figures are the same."""
    return start(graph, sample, compiled_from)()


def compiled(people: int, compiled_from: int | None = None) -> bool:
    """Whether the figures of ``people`` people come from the kernel (else from igraph)."""
    return people >= (COMPILED_FROM if compiled_from is None else compiled_from)


def start(
    graph: Graph, sample: int | None = None, compiled_from: int | None = None
) -> Callable[[], dict[str, float]]:
    """:func:`betweenness`, begun: the returned function waits for the figures and returns
    them. From ``compiled_from`` people on the kernel runs meanwhile on a thread of its own (it
    releases the interpreter), so the caller's other work overlaps it; below, the figures are
    computed before this returns."""
    names = list(graph.adj)
    n = len(names)
    if n < 3:  # no pair of other people to lie between
        nobody = dict.fromkeys(names, 0.0)
        return lambda: nobody
    if compiled(n, compiled_from):
        from amc_assess.network import brandes  # lazy: numpy and the kernels for large networks

        picked = sources(names, sample)
        sums = brandes.start_sums(graph, names, picked)
        return lambda: _scaled(names, sums().tolist(), picked)
    done = _igraph(graph, names, sample)
    return lambda: done


def start_ties(
    data: Ties, sample: int | None = None
) -> tuple[Callable[[], dict[str, float]], Graph]:
    """:func:`start` through the kernel (at least 3 people) straight from the tie rows, before
    the graph is built; and the graph, built from the same arrays while the kernel runs (the
    graph of :func:`~amc_assess.network.graph.build`, :func:`~.brandes.tie_graph`). Where C is
    compiled, without numpy (:mod:`~amc_assess.network.tiekernel`, the same figures)."""
    from amc_assess.network import tiekernel  # lazy: ctypes and the kernels, large networks

    names = list(data.people)
    picked = sources(names, sample)
    lib = tiekernel.library()
    if lib is not None:
        summed, graph = tiekernel.start(lib, data, names, picked)
        return (lambda: _scaled(names, summed(), picked)), graph
    from amc_assess.network import brandes  # lazy: numpy and the kernels for large networks

    edges = brandes.tie_edges(data, {name: i for i, name in enumerate(names)})
    sums = brandes.start_sums(edges, names, picked)
    graph = brandes.tie_graph(data, names, edges)
    return (lambda: _scaled(names, sums().tolist(), picked)), graph


def _igraph(graph: Graph, names: list[str], sample: int | None) -> dict[str, float]:
    """The figures through igraph's weighted betweenness."""
    n = len(names)
    import igraph  # lazy: the compiled library only when an audit is analyzed

    index = {name: i for i, name in enumerate(names)}
    # GraphBase: igraph.Graph's C base, whose betweenness igraph.Graph uses as it is;
    # igraph.Graph() would import numpy (~0.1 s) to check whether the edges are an array.
    g = igraph.GraphBase(n, [(index[e.a], index[e.b]) for e in graph.edges], False)
    weights = [float(e.distance) for e in graph.edges]
    picked = sources(names, sample)
    if picked is None:
        # igraph counts each unordered pair once: half of networkx's sum over all sources
        half = g.betweenness(directed=False, weights=weights)
    else:
        half = g.betweenness(directed=False, weights=weights, sources=[index[s] for s in picked])
    return _scaled(names, [2 * h for h in half], picked)


def _scaled(names: list[str], sums: list[float], picked: list[str] | None) -> dict[str, float]:
    """networkx's scaling of the dependency sums (each pair counted from both ends)."""
    n = len(names)
    if picked is None:
        scale = 1 / ((n - 1) * (n - 2))
        return {name: sums[i] * scale for i, name in enumerate(names)}
    k = len(picked)
    chosen = set(picked)
    own = 1 / ((k - 1) * (n - 2)) if k > 1 else 0.0  # a lone source has no estimate of its own
    other = 1 / (k * (n - 2))
    return {name: sums[i] * (own if name in chosen else other) for i, name in enumerate(names)}


__all__ = ["COMPILED_FROM", "betweenness", "compiled", "sources", "start", "start_ties"]
