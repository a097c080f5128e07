"""The JSON record beside each PDF: the figures it shows, versions, peer group, input hashes.

The relationship audit is recorded without its per-person and per-tie lists (thousands of rows
in a big network): they are recomputed from the ties files, whose hashes are in ``inputs``.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from amc_assess.levels import PROGRESS_DEFINITION, progress_explanation
from amc_assess.metrics import measure
from amc_assess.models import Rubric
from amc_assess.report.context import respondent_spread
from amc_assess.report.drafts import draft
from amc_assess.report.models import ReportInput


def _generator() -> str:
    try:
        return f"amc-assess {version('amc-assess')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "amc-assess"


def combined_hash(sources: dict[str, str]) -> str:
    """One hash over every input: sha256 of the sorted ``name sha256`` lines."""
    lines = "".join(f"{Path(name).name} {digest}\n" for name, digest in sorted(sources.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def record(
    inp: ReportInput,
    rubric: Rubric,
    pdf_name: str,
    sources: dict[str, str],
    roadmap: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Everything needed to trace and recompute a figure of the report; ``roadmap``: the
    report's ranked advice, each with the practices and answers that triggered it."""
    res = inp.result
    dims = {}
    for d in res.dimensions:
        dims[d.dimension] = {
            **d.model_dump(mode="json", exclude={"dimension", "descriptor", "next_steps"}),
            "item_scores": {
                ri.item: res.item_scores.get(ri.item) for ri in rubric.dimensions[d.dimension].items
            }
            if res.item_scores
            else None,  # a scored table has no item scores
        }
    peers = inp.peers
    return {
        "report": pdf_name,
        "generator": _generator(),
        "firm": inp.meta.firm,
        "assessment_date": inp.meta.date.isoformat() if inp.meta.date else None,
        "assessor": inp.meta.assessor,
        "respondent": inp.meta.respondent,
        "draft": draft(inp),  # None for finished answers
        "partner_respondents": {"count": inp.partners, "in_scores": inp.partners_counted},
        "instrument": {"id": res.instrument, "version": res.instrument_version},
        "rubric": {"id": res.rubric, "version": res.rubric_version},
        "targets": {d.dimension: d.target for d in res.dimensions},
        # targets branch: where the targets come from, and how progress to them is counted
        "targets_agreement": res.targets.model_dump(mode="json", exclude={"levels"}),
        "progress_definition": {
            "name": PROGRESS_DEFINITION,
            "text": progress_explanation(len(rubric.levels)),
        },
        "scores": {
            "overall": {
                "score": res.overall_score,
                "level": res.overall_level,
                "level_name": res.overall_level_name,
                "percent_to_target": res.percent_to_target,
            },
            "dimensions": dims,
        },
        "rules": [rule.id for rule in res.rules],
        "recommendations": [
            {
                k: step[k]
                for k in (
                    "rank",
                    "id",
                    "kind",
                    "dimension",
                    "text",
                    "items",
                    "effort",
                    "horizon",
                    "effect",
                    "gain",
                    "owner",
                    "unscored",
                    "group",
                    "holds",
                    "withheld",
                    "tempered_by",
                )
            }
            for step in roadmap or []
        ],  # fmt: skip
        "peer_group": None
        if peers is None
        else {
            "definition": peers.definition,
            "size": peers.size,
            "filters": peers.filters,
            "as_of": peers.as_of.isoformat() if peers.as_of else None,
        },
        "peers": None
        if peers is None
        else peers.model_dump(
            mode="json", exclude={"definition", "size", "filters", "as_of", "disclosure"}
        ),
        # how the peer figures were protected: size band, method, rounding, no noise
        "disclosure": None
        if peers is None or peers.disclosure is None
        else peers.disclosure.model_dump(mode="json"),
        "history": None if inp.history is None else inp.history.model_dump(mode="json")["points"],
        "history_changes": None if inp.history is None else dict(inp.history.verdicts),
        "history_since_first": None if inp.history is None else dict(inp.history.since_first),
        "respondents": [
            {
                "name": p.name or p.result.respondent,
                "side": p.side,
                "level": p.level,
                "function": p.function,
                "overall_score": p.result.overall_score,
                "scores": {d.dimension: d.score for d in p.result.dimensions},
            }
            for p in inp.respondents
        ]
        or None,
        "spread": respondent_spread(inp) if inp.respondents else None,
        "agreement": None if inp.agreement is None else inp.agreement.model_dump(mode="json"),
        "network": None
        if inp.network is None
        else {
            **inp.network.model_dump(mode="json", exclude={"persons", "links"}),
            "measures": measure(inp.network),  # the values behind the network_* item scores
        },
        "inputs": dict(sorted(sources.items())),
        "inputs_sha256": combined_hash(sources),
    }
