"""The alliance's tie graph in plain Python: people, merged ties, adjacency (no networkx).

:func:`build` merges the named ties into undirected edges. Iteration orders follow the ones
networkx used before (people in input order, neighbours in the order their ties were first
named), so lists in the result come out in the same order as they always did.

Each edge also carries ``distance``, the path length the betweenness uses (1/strength, shortest
paths prefer strong ties), as an exact integer: ``LCM * 6 / T`` / 6 for a strength of ``T``/6.
A strength is a mean of rating means, so it is always a multiple of 1/6 between 1 and 5 and ``T``
is a whole number 6..30 that divides ``LCM``. Sums of these integers are exact in floating point
up to ``2**53``, i.e. paths of some 23,000 ties, so paths of equal length are equal, not equal
up to a rounding error (with ``1/strength`` as a float, a path over ties of strength 2 and 4 is
0.75 long but a tie of strength 4/3, 1 and 5/3 averaged, 0.7499999999999999, and networkx's
``==`` then counts one of the two equally short paths only; its documentation recommends
integer weights for this reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import add
from typing import Any, NamedTuple

from amc_assess.network.reader import Person, TieRows, Ties

LCM = 2_329_089_562_800  # lcm(6, 7, ..., 30): every T divides it
Adjacency = Mapping[str, Iterable[str]]


class Edge(NamedTuple):
    """One undirected tie (``a`` < ``b``): mean strength, both named it, exact path length."""

    a: str
    b: str
    strength: float
    confirmed: bool
    distance: int  # LCM / (6 * strength): proportional to 1/strength, exact


@dataclass
class Graph:
    """People (input order) and the merged ties between them."""

    people: dict[str, Person]
    edges: list[Edge] = field(default_factory=list)  # in the order first named
    adj: dict[str, dict[str, Edge]] = field(default_factory=dict)  # person -> neighbour -> edge

    def listed(self) -> list[Edge]:
        """The edges in the order networkx lists them: by first end, then by neighbour."""
        seen: set[str] = set()
        out: list[Edge] = []
        for name, neighbours in self.adj.items():
            seen.add(name)
            out.extend(e for other, e in neighbours.items() if other not in seen)
        return out


def build(data: Ties) -> Graph:
    """Merge the ties: a tie named by both people is one edge with the mean of the two strengths."""
    ties = data.ties
    sums: Iterable[int]  # each tie's three ratings summed
    if isinstance(ties, TieRows):  # a clean table's columns: no Tie objects made
        named, contacts = ties.respondents, ties.contacts
        sums = map(add, map(add, ties.frequency, ties.importance), ties.closeness)
    else:
        named, contacts = [t.respondent for t in ties], [t.contact for t in ties]
        sums = (t.frequency + t.importance + t.closeness for t in ties)
    merged: dict[tuple[str, str], list[Any]] = {}  # pair -> [sum of strengths, ratings, namings]
    for a, b, rating in zip(named, contacts, sums, strict=True):
        pair = (a, b) if a < b else (b, a)
        known = merged.get(pair)
        if known is None:
            merged[pair] = [rating / 3, rating, 1]  # a tie's strength: its ratings' mean
        else:
            known[0] += rating / 3
            known[1] += rating
            known[2] += 1
    edges = [
        # strength = ratings / (3 * namings) = T / 6 with T = 2 * ratings / namings
        Edge(a, b, strengths / namings, namings == 2, LCM * namings // (2 * ratings))
        for (a, b), (strengths, ratings, namings) in merged.items()
    ]
    return assemble(data.people, edges)


def assemble(people: Mapping[str, Person], edges: list[Edge]) -> Graph:
    """The graph of ``people`` and their merged ``edges`` (in the order first named)."""
    adj: dict[str, dict[str, Edge]] = {name: {} for name in people}
    for edge in edges:
        adj[edge.a][edge.b] = edge
        adj[edge.b][edge.a] = edge
    return Graph(dict(people), edges, adj)


def k_core(adj: Adjacency, k: int) -> set[str]:
    """The ``k``-core: who is left after repeatedly removing people with fewer than ``k`` ties."""
    degree = {v: len(list(adj[v])) for v in adj}
    gone = [v for v, d in degree.items() if d < k]
    removed = set(gone)
    while gone:
        v = gone.pop()
        for w in adj[v]:
            if w not in removed:
                degree[w] -= 1
                if degree[w] < k:
                    removed.add(w)
                    gone.append(w)
    return set(adj) - removed


def cut_points(adj: Adjacency) -> dict[str, int]:
    """Articulation points -> people cut off from the largest remaining group (O(n + m)).

    ``adj``: person -> neighbours (:attr:`Graph.adj`, or any such mapping, a networkx graph too).
    """
    names, nbrs = numbered(adj)
    return {names[v]: cut for v, cut in cut_counts(nbrs)[0].items()}


def numbered(adj: Adjacency) -> tuple[list[Any], list[list[int]]]:
    """The people of ``adj`` in its order, and each one's neighbours by position."""
    names = list(adj)
    index = {name: i for i, name in enumerate(names)}
    return names, [[index[w] for w in adj[v]] for v in names]


def cut_counts(nbrs: list[list[int]]) -> tuple[dict[int, int], int]:
    """:func:`cut_points` by position (``nbrs``: neighbours of each person by position), and
    the number of connected groups (the searches started)."""
    n = len(nbrs)
    disc = [-1] * n  # order of discovery
    low = [0] * n
    size = [0] * n
    out: dict[int, int] = {}
    found = groups = 0
    for root in range(n):
        if disc[root] >= 0:
            continue
        groups += 1
        pieces: dict[int, list[int]] = {}
        disc[root] = low[root] = found
        found += 1
        size[root] = 1
        # a frame: person, parent, neighbours, next neighbour's position in them
        stack: list[list[Any]] = [[root, -1, nbrs[root], 0]]
        while stack:
            frame = stack[-1]
            node, parent, children, at = frame
            if at == len(children):
                stack.pop()
                if parent >= 0:
                    size[parent] += size[node]
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                    if low[node] >= disc[parent]:
                        pieces.setdefault(parent, []).append(size[node])
                continue
            child = children[at]
            frame[3] = at + 1
            if child == parent:
                continue
            seen = disc[child]
            if seen >= 0:
                if seen < low[node]:
                    low[node] = seen
            else:
                disc[child] = low[child] = found
                found += 1
                size[child] = 1
                stack.append([child, node, nbrs[child], 0])
        comp = size[root]  # everybody the search from root reached
        for node, parts in pieces.items():
            if node == root and len(parts) < 2:
                continue
            rest = comp - 1 - sum(parts)
            if node != root:
                parts = [*parts, rest]
            out[node] = comp - 1 - max(parts)
    return out, groups


__all__ = [
    "LCM",
    "Edge",
    "Graph",
    "assemble",
    "build",
    "cut_counts",
    "cut_points",
    "k_core",
    "numbered",
]
