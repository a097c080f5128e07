"""Exact Brandes betweenness on whole-number path lengths, with a bucket queue (issue 14).

Path lengths are whole numbers (:attr:`~amc_assess.network.graph.Edge.distance`) and the longest
tie is at most five times the shortest (strengths 1..5). Dijkstra's queue is then a ring of
buckets of width ``w``, the shortest tie (Dinitz's variant of Dial's algorithm): a person whose
distance falls in bucket ``b`` can only lengthen another person's path into bucket ``b + 1`` or
later, so everybody in the lowest bucket is settled at once, in any order, and no two people
of one bucket lie on each other's shortest paths. Equal sums are equal (integers), so every
tie between equally short paths is counted, as networkx counts them with integer lengths.

:func:`dependencies` is plain Python over numpy arrays (one pass per source: settle bucket by
bucket, counting shortest paths ``sigma`` and noting predecessors; then Brandes' accumulation
in reverse order). :func:`betweenness_sums` runs it compiled: as C (``kernels.c``, the same
computations in the same order, compiled once per machine, :mod:`amc_assess.native`), or by
numba where no C compiler works; ``AMC_KERNELS=python`` runs the same code uncompiled (tests).
The C kernel runs on two threads where two cores are there (``AMC_NETWORK_THREADS``), each
summing blocks of :data:`SOURCE_BLOCK` sources, which are added up in block order: the same
figures to the bit on any number of threads. :func:`start_sums` starts it on a thread of its own
(the compiled kernel releases the interpreter), so that the rest of the audit is analysed
meanwhile (:func:`amc_assess.network.analysis.analyze`). The audit starts it straight from the
tie rows (:func:`tie_edges`: numpy merges the ties as the graph does), before any graph is
built, and builds the graph from the same arrays (:func:`tie_graph`) while it runs; where C
is compiled, without numpy (:mod:`~amc_assess.network.tiekernel`: C merges them alike).

Measured at 5,000 people (the generated network of ``benchmarks/network_bench.py``, one core):
3.3x less CPU time than igraph's weighted betweenness (a binary heap and float lengths); from
300 to 2,000 people 2.5x to 3.9x less (C, one thread; igraph and numpy loaded already).

Measured slower and not kept (issue 14): searching 64 sources at once, bit-parallel (13x fewer
tie scans, but 2x the time: 64 sources' state misses the L2 cache that the one-source records
fit; the study is commit e49807f); a bitset of settled people, AVX2 gathers (AMD family 23).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from amc_assess import kernels
from amc_assess.network.graph import LCM, Edge, Graph, assemble
from amc_assess.network.reader import TieRows, Ties
from amc_assess.network.tiekernel import meanwhile

SOURCE_BLOCK = 64  # sources summed apart, then added in order (kernels.c: the same)


def dependencies(
    indptr: np.ndarray,
    indices: np.ndarray,
    lengths: np.ndarray,
    sources: np.ndarray,
    out: np.ndarray,
) -> None:
    """Add to ``out[v]`` the dependency of each source in ``sources`` on ``v`` (Brandes 2001):
    the share of the shortest paths from the source to everybody else that pass through ``v``.

    The graph: the neighbours of ``v`` are ``indices[indptr[v]:indptr[v + 1]]`` (int32) at
    ``lengths`` (int64, whole, positive, below ``2**61 / n``) alike; both directions of every
    tie are listed.
    Summed over every source, ``out`` counts each pair of people twice, as networkx does.

    The sources are taken in blocks of :data:`SOURCE_BLOCK`: a block's dependencies are summed
    apart (from 0.0, in source order) and each block's sum is added to ``out`` in block order.
    The C kernel sums blocks on several threads and adds them in the same order, so its figures
    are these to the bit whatever the number of threads."""
    n = indptr.shape[0] - 1
    m2 = indices.shape[0]
    if m2 == 0:
        return
    width = lengths[0]
    for p in range(m2):
        width = min(width, lengths[p])
    q = np.empty(m2, np.int64)  # a tie is q buckets and r more long
    r = np.empty(m2, np.int64)
    most = 0
    for p in range(m2):
        q[p] = lengths[p] // width
        r[p] = lengths[p] - q[p] * width
        most = max(most, q[p])
    ring = 1  # buckets in use at once: at most most + 2; a power of two for the modulo
    while ring < most + 2:
        ring *= 2
    mask = ring - 1
    shift = 1  # a tie in one int64: length << shift | neighbour (one load per tie, 12% faster)
    while (1 << shift) < n:
        shift += 1
    person = (np.int64(1) << shift) - 1
    arcs = np.empty(m2, np.int64)
    for p in range(m2):
        arcs[p] = (lengths[p] << shift) | indices[p]
    far = np.int64(1) << 62  # not reached; far + a tie does not overflow
    dist = np.empty(n, np.int64)
    sigma = np.zeros(n)
    delta = np.zeros(n)
    settled = np.empty(n, np.int32)  # in the order settled
    seen = np.full(n, -1, np.int64)  # the source (position in sources) that settled v
    entry = np.empty(m2 + 1, np.int32)  # queue entries: person, next entry in the bucket
    follow = np.empty(m2 + 1, np.int32)
    head = np.empty(ring, np.int32)
    preds = np.zeros(n, np.int32)  # predecessors of v: pred[indptr[v]:indptr[v] + preds[v]]
    pred = np.empty(m2, np.int32)
    total = np.zeros(n)  # the block's sum
    for si in range(sources.shape[0]):
        if si % SOURCE_BLOCK == 0:
            total[:] = 0.0
        s = sources[si]
        dist[:] = far
        head[:] = -1
        dist[s] = 0
        sigma[s] = 1.0
        preds[s] = 0
        entry[0] = s
        follow[0] = -1
        head[0] = 0
        used = 1
        pending = 1
        count = 0
        b = 0
        while pending > 0:
            slot = b & mask
            e = head[slot]
            head[slot] = -1
            low = b * width
            high = low + width
            while e != -1:
                v = entry[e]
                e = follow[e]
                pending -= 1
                dv = dist[v]
                if dv >= high or seen[v] == si:  # moved to an earlier bucket, or settled
                    continue
                seen[v] = si
                settled[count] = v
                count += 1
                off = dv - low
                sv = sigma[v]
                for p in range(indptr[v], indptr[v + 1]):
                    arc = arcs[p]
                    w = arc & person
                    nd = dv + (arc >> shift)
                    dw = dist[w]
                    if nd < dw:
                        dist[w] = nd
                        sigma[w] = sv
                        pred[indptr[w]] = v
                        preds[w] = 1
                        nb = (b + q[p] + (1 if off + r[p] >= width else 0)) & mask
                        entry[used] = w
                        follow[used] = head[nb]
                        head[nb] = used
                        used += 1
                        pending += 1
                    elif nd == dw:
                        sigma[w] += sv
                        pred[indptr[w] + preds[w]] = v
                        preds[w] += 1
            b += 1
        for i in range(count):
            delta[settled[i]] = 0.0
        for i in range(count - 1, 0, -1):  # settled[0] is the source
            w = settled[i]
            coeff = (1.0 + delta[w]) / sigma[w]
            start = indptr[w]
            for k in range(start, start + preds[w]):
                v = pred[k]
                delta[v] += sigma[v] * coeff
            total[w] += delta[w]
        if si % SOURCE_BLOCK == SOURCE_BLOCK - 1 or si == sources.shape[0] - 1:
            for v in range(n):
                out[v] += total[v]


def arrays(graph: Graph, index: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tie graph as :func:`dependencies` takes it (``index``: person -> position)."""
    ends = np.array([(index[e.a], index[e.b]) for e in graph.edges], np.int64).reshape(-1, 2)
    length = np.array([e.distance for e in graph.edges], np.int64)
    return adjacency(ends, length, len(index))


class TieEdges(NamedTuple):
    """The merged ties of :func:`~amc_assess.network.graph.build` as arrays, in the same order
    (first named first): ends by position (``first`` the one whose name sorts first), how many
    named the tie (1 or 2), the sum of their ratings, and the strength as ``build`` computes it."""

    first: np.ndarray
    second: np.ndarray
    namings: np.ndarray
    ratings: np.ndarray
    strength: np.ndarray

    def arrays(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:func:`arrays` of these ties among ``n`` people."""
        ends = np.stack([self.first, self.second], axis=1)
        return adjacency(ends, LCM * self.namings // (2 * self.ratings), n)


def tie_edges(data: Ties, index: dict[str, int]) -> TieEdges:
    """The ties of ``data`` merged as :func:`~amc_assess.network.graph.build` merges them, by
    numpy from the tie rows (no Python work per tie but a name lookup)."""
    ties = data.ties
    if isinstance(ties, TieRows):  # a clean table's columns
        named, contacts = ties.respondents, ties.contacts
        sums = np.array(ties.frequency, np.int64)
        sums += np.array(ties.importance, np.int64)
        sums += np.array(ties.closeness, np.int64)
    else:
        named, contacts = [t.respondent for t in ties], [t.contact for t in ties]
        sums = np.array([t.frequency + t.importance + t.closeness for t in ties], np.int64)
    m, n = len(named), len(index)
    a = np.fromiter(map(index.__getitem__, named), np.int64, m)
    b = np.fromiter(map(index.__getitem__, contacts), np.int64, m)
    rank = np.empty(n, np.int64)  # each person's place in name order: a < b as strings
    rank[np.array(sorted(range(n), key=list(index).__getitem__), np.int64)] = np.arange(n)
    first = np.where(rank[a] < rank[b], a, b)
    second = a + b - first
    pairs, at, which = np.unique(first * n + second, return_index=True, return_inverse=True)
    which = which.reshape(-1)
    order = np.argsort(at, kind="stable")  # the pairs in the order first named
    namings = np.bincount(which, minlength=len(pairs))
    # each pair's rows in row order: the first naming's, then the second's (if any)
    rows = np.argsort(which, kind="stable")
    starts = np.cumsum(namings) - namings
    once = sums[rows[starts]] / 3  # a tie's strength: its ratings' mean
    again = sums[rows[np.minimum(starts + 1, m - 1)]] / 3
    strength = np.where(namings == 2, (once + again) / 2, once)  # the mean of both namings'
    ratings = np.bincount(which, sums, len(pairs)).astype(np.int64)
    chosen = at[order]
    return TieEdges(first[chosen], second[chosen], namings[order], ratings[order],
                    strength[order])  # fmt: skip


def tie_arrays(data: Ties, index: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`arrays` of ``build(data)`` straight from the tie rows (:func:`tie_edges`)."""
    return tie_edges(data, index).arrays(len(index))


def tie_graph(data: Ties, names: list[str], edges: TieEdges) -> Graph:
    """``build(data)`` from its :func:`tie_edges` (``names``: the people in order)."""
    person = names.__getitem__
    made = list(map(Edge, map(person, edges.first.tolist()), map(person, edges.second.tolist()),
                    edges.strength.tolist(), (edges.namings == 2).tolist(),
                    (LCM * edges.namings // (2 * edges.ratings)).tolist()))  # fmt: skip
    return assemble(data.people, made)


def adjacency(
    ends: np.ndarray, length: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ties (``ends``: m x 2 positions, ``length`` each) as both directions' neighbour lists:
    ``indptr``, ``indices`` and ``lengths``, as :func:`dependencies` takes them."""
    tail = np.concatenate([ends[:, 0], ends[:, 1]])
    order = np.argsort(tail, kind="stable")
    indices = np.concatenate([ends[:, 1], ends[:, 0]])[order].astype(np.int32)
    lengths = np.concatenate([length, length])[order]
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(tail, minlength=n), out=indptr[1:])
    return indptr, indices, lengths


def betweenness_sums(
    graph: Graph | TieEdges, names: list[str], picked: list[str] | None
) -> np.ndarray:
    """Each person's dependencies summed over ``picked`` sources (None: everybody), as networkx
    sums them before scaling (each pair counted from both ends)."""
    return start_sums(graph, names, picked)()


def start_sums(
    graph: Graph | TieEdges, names: list[str], picked: list[str] | None
) -> Callable[[], np.ndarray]:
    """:func:`betweenness_sums` on a thread of its own (the compiled kernel releases the
    interpreter meanwhile): the returned function waits for the sums and returns them, or
    raises what the kernel raised. ``graph``: the tie graph, or its :func:`tie_edges`."""
    index = {name: i for i, name in enumerate(names)}
    made = arrays(graph, index) if isinstance(graph, Graph) else graph.arrays(len(names))
    indptr, indices, lengths = made
    if len(lengths) and int(lengths.max()) * len(names) >= 1 << 61:  # no tie is: LCM / 6 < 2**39
        raise ValueError("path lengths too long for the kernel")
    chosen = range(len(names)) if picked is None else [index[s] for s in picked]
    sources = np.array(chosen, np.int64)
    out = np.zeros(len(names))
    # compiled unless AMC_KERNELS=python (the tests run both)
    run = kernels.kernel(dependencies, kernels.COMPILE_FROM)

    def work() -> np.ndarray:
        run(indptr, indices, lengths, sources, out)
        return out

    return meanwhile(work)


__all__ = [
    "SOURCE_BLOCK",
    "TieEdges",
    "arrays",
    "betweenness_sums",
    "dependencies",
    "start_sums",
    "tie_arrays",
    "tie_edges",
    "tie_graph",
]
