"""Network measures a rubric can score, like items: ``- metric: level_coverage``.

Each measure is a share from 0 to 1 computed from a relationship audit
(:mod:`amc_assess.network`). To the scoring engine it is a number item with id
``network_<name>``, range 0..1 and bands in the rubric; it is validated like one. When an
assessment has no audit data, or a measure is undefined (e.g. no boundary spanners to judge),
the measure is *left out* of its dimension, like a not-applicable answer: scores without
network data are the questionnaire's alone.

This module imports no networkx; :func:`measure` reads a finished ``NetworkResult``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from amc_assess.models import Answer, Item, Questionnaire, Response, Rubric
from amc_assess.names import folded_key
from amc_assess.problems import InvalidInput

if TYPE_CHECKING:
    from amc_assess.models.network import NetworkResult

PREFIX = "network_"
SOURCE = "Hutt et al. 2000, relationship audit of the Alpha-Omega alliance"


def _item(name: str, text: str, help_text: str) -> Item:
    """A measure as an item, made without validating (a test validates each: the same item);
    so a command that never validates a questionnaire never builds the Item validator."""
    return Item.model_construct(
        id=PREFIX + name, type="number", text=text, help=help_text, source=SOURCE,
        unit="share", min=0, max=1, not_applicable=True,
    )  # fmt: skip


METRICS: dict[str, Item] = {
    m.id.removeprefix(PREFIX): m
    for m in (
        _item(
            "level_coverage",
            "Levels (senior, middle, operational) joined across the partners by a strong tie",
            "Share of the three levels at which someone holds a strong tie to a counterpart of "
            "the same level in the partner firm. Ties at all three levels anchor goals at the "
            "top, plans in the middle and day-to-day work at the front line.",
        ),
        _item(
            "spanner_share",
            "Participants who are boundary spanners",
            "Share of the people in the audit with strong ties both inside their own firm and "
            "to the partner: the people who carry information between the two organizations.",
        ),
        _item(
            "spanner_authority",
            "Boundary spanners at senior or middle level",
            "Share of the boundary spanners who are senior or middle managers. Spanners without "
            "authority cannot decide what may be shared and must refer questions upwards, which "
            "the partner reads as a lack of openness. Left out when there are no spanners.",
        ),
        _item(
            "senior_involvement",
            "Senior executives with at least one strong tie",
            "Share of the senior executives of both firms in the audit who hold at least one "
            "strong alliance tie. Visible involvement at the top drives the commitment the "
            "partner perceives. Left out when the audit names no senior executive.",
        ),
        _item(
            "continuity",
            "People still connected whoever leaves",
            "One minus the share of participants who would lose touch with the rest of the "
            "alliance if its single most critical person left (an articulation point of the "
            "tie network): the turnover risk of the relationship.",
        ),
    )
}


def metric_item(name: str) -> Item | None:
    return METRICS.get(name)


def rubric_metrics(rubric: Rubric) -> dict[str, Item]:
    """The metric items a rubric scores, by item id (``network_<name>``)."""
    out = {}
    for dim in rubric.dimensions.values():
        for ri in dim.items:
            if ri.metric is not None and ri.metric in METRICS:
                out[ri.item] = METRICS[ri.metric]
    return out


def scored_items(questionnaire: Questionnaire, rubric: Rubric) -> dict[str, Item]:
    """Every item the engine can score: the questionnaire's, then the rubric's metrics."""
    return {**questionnaire.item_map(), **rubric_metrics(rubric)}


def measure(result: NetworkResult) -> dict[str, float | None]:
    """Every measure of :data:`METRICS` from a relationship audit (None: undefined)."""
    people = result.persons
    n = len(people)
    spanners = [p for p in people if p.boundary_spanner]
    seniors = [p for p in people if p.level == "senior"]
    joined = sum(1 for c in result.coverage if c.strong_ties > 0)
    worst = max((c.cut_off for c in result.articulation_points), default=0)

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    return {
        "level_coverage": share(joined, len(result.coverage)),
        "spanner_share": share(len(spanners), n),
        "spanner_authority": share(sum(p.level != "operational" for p in spanners), len(spanners)),
        "senior_involvement": share(sum(p.strong_ties > 0 for p in seniors), len(seniors)),
        "continuity": round(1 - worst / (n - 1), 4) if n > 1 else None,
    }


def firm_problems(firms: Sequence[str], result: NetworkResult) -> list[str]:
    """Lines for audit response files that name another firm than the one assessed."""

    wanted = {folded_key(f) for f in firms}
    return [
        f"{path}: assessment.firm: the relationship audit is of {firm!r}, but the assessment "
        f"is of {', '.join(repr(f) for f in dict.fromkeys(firms))}"
        for path, firm in result.firms.items()
        if folded_key(firm) not in wanted
    ]


def with_network(responses: Sequence[Response], result: NetworkResult) -> list[Response]:
    """Copies of ``responses`` carrying the audit's measures as answers (same for each).

    Raises InvalidInput when an audit response file names another firm.
    """
    problems = firm_problems([r.assessment.firm for r in responses], result)
    if problems:
        raise InvalidInput(problems)
    answers = {
        PREFIX + name: Answer(value=value) if value is not None else Answer(state="not_applicable")
        for name, value in measure(result).items()
    }
    return [r.model_copy(update={"answers": {**r.answers, **answers}}) for r in responses]
