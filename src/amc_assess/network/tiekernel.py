"""The audit's betweenness kernel straight from the tie rows, without numpy (issue 14).

Where the C kernels are compiled here (:mod:`amc_assess.clib`) and ``AMC_KERNELS`` asks for no
other, the ties are merged by C (``tie_merge`` in ``kernels.c``: the arrays of
:func:`~amc_assess.network.brandes.tie_edges` and its adjacency, the same figures) into plain
:mod:`array` buffers, and the kernel (``dependencies``) runs on them on a thread of its own, as
:func:`~amc_assess.network.brandes.start_sums` runs it. numpy, some 0.15 s to import before the
kernel could start, is then not loaded at all by ``amc network``.
"""

from __future__ import annotations

import ctypes
import os
import threading
from array import array
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from amc_assess import clib
from amc_assess.network.graph import LCM, Edge, Graph, assemble
from amc_assess.network.reader import TieRows, Ties

T = TypeVar("T")


def library() -> ctypes.CDLL | None:
    """The compiled kernels, where the audit may run them without numpy (else None: C is not
    compiled here, or ``AMC_KERNELS`` asks for the Python loops or numba)."""
    if os.environ.get("AMC_KERNELS", "") not in ("", "c"):
        return None
    return clib.library()


class Merged(NamedTuple):
    """The merged ties (as :class:`~amc_assess.network.brandes.TieEdges`: ends by position,
    namings, strength, path length) and their adjacency (``indptr``, ``indices``, ``lengths``
    of :func:`~amc_assess.network.brandes.adjacency`; ``2 * len(first)`` used)."""

    first: array[int]
    second: array[int]
    namings: array[int]
    strength: array[float]
    length: array[int]
    indptr: array[int]
    indices: array[int]
    lengths: array[int]


def merge(lib: ctypes.CDLL, data: Ties, names: list[str]) -> Merged:
    """The ties of ``data`` merged by C, as ``tie_edges`` merges them (``names``: the people
    in order)."""
    ties = data.ties
    if isinstance(ties, TieRows):  # a clean table's columns
        named, contacts = ties.respondents, ties.contacts
        ratings = [ties.frequency, ties.importance, ties.closeness]
    else:
        named, contacts = [t.respondent for t in ties], [t.contact for t in ties]
        ratings = [[t.frequency for t in ties], [t.importance for t in ties],
                   [t.closeness for t in ties]]  # fmt: skip
    index = {name: i for i, name in enumerate(names)}
    m, n = len(named), len(names)
    given = [array("q", list(map(index.__getitem__, named))),
             array("q", list(map(index.__getitem__, contacts))),
             *(array("q", column) for column in ratings),
             array("q", sorted(range(n), key=names.__getitem__))]  # fmt: skip
    made = [array("q", bytes(8 * m)) for _ in range(3)]  # first, second, namings
    strength, length = array("d", bytes(8 * m)), array("q", bytes(8 * m))
    indptr, indices, lengths = array("q", bytes(8 * (n + 1))), array("i"), array("q")
    indices.frombytes(bytes(8 * m))  # 2 m int32
    lengths.frombytes(bytes(16 * m))
    address = [a.buffer_info()[0] for a in given]
    filled: list[array[Any]] = [*made, strength, length, indptr, indices, lengths]
    out = [a.buffer_info()[0] for a in filled]
    count = lib.tie_merge(m, n, *address, LCM, *out)
    if count < 0:
        raise MemoryError("tie_merge: no memory for the pairs")
    first, second, namings = (a[:count] for a in made)
    return Merged(first, second, namings, strength[:count], length[:count], indptr, indices,
                  lengths)  # fmt: skip


def graph(data: Ties, names: list[str], merged: Merged) -> Graph:
    """``build(data)`` from its merged ties (as :func:`~.brandes.tie_graph`)."""
    person = names.__getitem__
    made = list(map(Edge, map(person, merged.first.tolist()),
                    map(person, merged.second.tolist()), merged.strength.tolist(),
                    map((2).__eq__, merged.namings.tolist()), merged.length.tolist()))  # fmt: skip
    return assemble(data.people, made)


def start(
    lib: ctypes.CDLL, data: Ties, names: list[str], picked: list[str] | None
) -> tuple[Callable[[], list[float]], Graph]:
    """The kernel's sums over ``picked`` sources (None: everybody) begun on a thread of its
    own, as :func:`~.brandes.start_sums` sums them (the returned function waits for them, or
    raises what the kernel raised); and the graph, built meanwhile."""
    merged = merge(lib, data, names)
    n = len(names)
    if merged.length and max(merged.length) * n >= 1 << 61:  # no tie is: LCM / 6 < 2**39
        raise ValueError("path lengths too long for the kernel")
    if picked is None:
        sources = array("q", range(n))
    else:
        index = {name: i for i, name in enumerate(names)}
        sources = array("q", [index[s] for s in picked])
    out = array("d", bytes(8 * n))

    def work() -> list[float]:
        status = lib.dependencies(
            merged.indptr.buffer_info()[0], n, merged.indices.buffer_info()[0],
            merged.lengths.buffer_info()[0], 2 * len(merged.first),
            sources.buffer_info()[0], len(sources), out.buffer_info()[0], clib.threads(), 0,
        )  # fmt: skip
        if status:
            raise MemoryError("dependencies: no memory for the work arrays")
        return out.tolist()

    finish = meanwhile(work)
    return finish, graph(data, names, merged)


def meanwhile(work: Callable[[], T]) -> Callable[[], T]:
    """``work`` begun on a thread of its own (the kernel releases the interpreter); the
    returned function waits for it and returns its result, or raises what it raised."""
    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as error:  # handed to the caller by finish()
            failed.append(error)

    thread = threading.Thread(target=run, name="amc-betweenness", daemon=True)
    thread.start()

    def finish() -> T:
        thread.join()
        if failed:
            raise failed[0]
        return done[0]

    return finish


__all__ = ["Merged", "graph", "library", "meanwhile", "merge", "start"]
