"""Relationship audit of an alliance: who deals with whom across the partners (Hutt et al. 2000).

``read_ties`` validates ties from CSV, XLSX and audit response files (format in
:mod:`amc_assess.network.ties`),
``analyze`` builds the weighted graph and reports its structure
(definitions in :mod:`amc_assess.network.analysis`), ``render`` prints it as text.
Importing this package is cheap: the result's models (pydantic) load when a result is built,
igraph (or, from 2,000 people, the C kernel: without numpy where C is
compiled, :mod:`~amc_assess.network.tiekernel`; else numpy and numba) loads when
betweenness is computed (:mod:`~amc_assess.network.betweenness`), networkx only with
``build_graph`` (a ``networkx.Graph`` of the ties, :mod:`~amc_assess.network.reference`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amc_assess.network.analysis import analyze
from amc_assess.network.render import render
from amc_assess.network.ties import Ties, read_ties

if TYPE_CHECKING:
    from amc_assess.models.network import NetworkResult


def audit(paths: list[str | Path] | tuple[str | Path, ...]) -> NetworkResult:
    """Read, validate and analyze ties files in one call."""
    with paused_gc():
        return analyze(read_ties(paths))


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile (the collector is switched back on after).

    Reading and analysing build some ten small objects per tie and none in a reference
    cycle; with the collector on, its full passes over all of them took about half of the
    time of both at 5,000 people. After, what was made meanwhile joins the oldest generation
    at once (unless something is frozen: :func:`gc.freeze` and back), where the collector's
    first pass would have gone over all of it (some 30 ms after an audit of 5,000 people).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():  # a freeze of the caller's stays as it is
                gc.freeze()
                gc.unfreeze()  # everything tracked, in the oldest generation
            gc.enable()


def __getattr__(name: str) -> Any:  # build_graph, NetworkResult: loaded on first use
    if name == "build_graph":
        from amc_assess.network import reference  # lazy: networkx only for a networkx graph

        return reference.build_graph
    if name == "NetworkResult":
        # lazy: pydantic loads while the kernel runs (analyze), not before the ties are read
        from amc_assess.models.network import NetworkResult

        return NetworkResult
    raise AttributeError(name)


__all__ = ["NetworkResult", "Ties", "analyze", "audit", "build_graph", "read_ties", "render"]
