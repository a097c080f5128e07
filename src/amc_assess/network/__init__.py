"""Relationship audit of an alliance: who deals with whom across the partners (seed 001).

``read_ties`` validates ties from CSV, XLSX and audit response files (format in
:mod:`amc_assess.network.ties`),
``analyze`` builds the weighted graph and reports its structure
(definitions in :mod:`amc_assess.network.analysis`), ``render`` prints it as text.
"""

from __future__ import annotations

from pathlib import Path

from amc_assess.network.analysis import NetworkResult, analyze, build_graph
from amc_assess.network.render import render
from amc_assess.network.ties import Ties, read_ties


def audit(paths: list[str | Path] | tuple[str | Path, ...]) -> NetworkResult:
    """Read, validate and analyse ties files in one call."""
    return analyze(read_ties(paths))


__all__ = ["NetworkResult", "Ties", "analyze", "audit", "build_graph", "read_ties", "render"]
