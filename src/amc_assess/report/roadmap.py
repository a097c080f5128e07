"""The report's roadmap: every piece of advice that applies, with the answers behind it.

The advice and its ranking (expected effect per effort) come from :func:`amc_assess.advice.
advice_given`; this module only adds what the report shows beside each entry: the practices'
texts and answers, the dimension's title, and the owner the consultant assigned.
"""

from __future__ import annotations

from typing import Any

from amc_assess.advice import Advice, advice_given
from amc_assess.formats import fmt_item
from amc_assess.models import Questionnaire, Rubric
from amc_assess.report import answers
from amc_assess.report.models import ReportInput

EFFORT_WORDS = {"S": "small", "M": "medium", "L": "large"}


def entries(inp: ReportInput, q: Questionnaire, r: Rubric) -> list[dict[str, Any]]:
    """The roadmap rows, ranked; ``rank`` 1 is the first thing to do. An unscored step (see
    :mod:`amc_assess.advice`) reads "find out first" where one of its practices was answered
    "don't know"; one whose unscored practices did not apply or were not asked is left out.
    ``holds``: the ids of the advice it gives (its own and those folded into it); ``findings``:
    the titles of the findings (fired rules) whose advice was folded into it; ``withheld``: the
    ids of the steps a finding left out, ``tempered_by``: the finding to mind first."""
    refs = practice_refs(r)
    titles = {d: dim.title for d, dim in r.dimensions.items()}
    out: list[dict[str, Any]] = []
    unknown = answers.unscored_dont_know(inp, q)
    findings = {f"rule:{rule.id}": rule.title for rule in r.rules}
    given = advice_given(inp.result, r, unknown)
    ranks = {a.id: k for k, a in enumerate(given, start=1)}
    measures = answers.measured(inp, r)
    for a in given:
        rank = len(out) + 1
        out.append({
            "rank": rank, "id": a.id, "kind": a.kind, "dimension": a.dimension,
            "title": titles.get(a.dimension or "", "Across dimensions"), "text": a.text,
            "because": _because(a, inp, q, refs, measures), "effort": a.effort,
            "effort_word": EFFORT_WORDS[a.effort], "horizon": a.horizon,
            # "find out first", or a finding that names no practice: no figure to work out
            "effect": None if a.unscored or not a.items else a.effect,
            "named": bool(a.items),
            "gain": a.gain, "owner": inp.owners.get(a.id),
            "unscored": a.unscored, "holds": [a.id, *a.merged],
            "group": group_of(a) if inp.result.item_scores else "table",
            "findings": [findings[m] for m in a.merged if m in findings],
            "notes": _notes(a, ranks, refs, given), "tempered_by": a.tempered_by,
            "withheld": [w.id for w in a.withheld],
            "items": [
                {"id": i, "score": a.scores.get(i), "answer": answers.quoted(inp, i, q)}
                for i in a.items
            ],
        })  # fmt: skip
    return out


def _notes(
    a: Advice, ranks: dict[str, int], refs: dict[str, str], given: list[Advice]
) -> list[str]:
    """What a step says of the steps a finding tempers (:func:`amc_assess.advice._tempered`):
    the finding names those it leaves out, and the steps it tempers (which name it)."""
    if a.tempered_by is not None:
        return [f"mind the finding of step {ranks[a.tempered_by]} before taking this one"]
    if not a.withheld:
        return []
    held = [" and ".join(refs.get(i, i) for i in w.items) for w in a.withheld]
    what = held[0] if len(held) == 1 else f"{', '.join(held[:-1])} and {held[-1]}"
    # only each practice's own advice to raise it is held back: a level step may still rest on
    # the practice (the note said "no advice to raise" it beside such steps), alone or with
    # others ("touch them among other practices" stood beside a step on one of them alone)
    minding = sorted(ranks[b.id] for b in given if b.tempered_by == a.id)
    steps = "" if not minding else (
        f"; step {minding[0]}, which rests on them too, says to mind this finding"
        if len(minding) == 1 else
        f"; steps {', '.join(map(str, minding[:-1]))} and {minding[-1]}, which rest on them "
        "too, say to mind this finding"
    )  # fmt: skip
    return [
        f"for this reason the roadmap holds back each practice's own advice to raise {what} "
        f"further, as it would close no gap{steps}"
    ]


# the roadmap's sections, in rank order; "table": every step of a report from a scored table,
# which keeps no practice scores (so no step's effect is known)
GROUPS = ("gap", "unmeasured", "further", "check", "table")


def group_of(a: Advice) -> str:
    """The roadmap section of a step: ``gap`` (closes part of a gap to target), ``unmeasured``
    (its dimension has no score), ``further`` (closes no gap: its dimension is at target, or
    the finding it answers names no practice), ``check`` (find out first)."""
    if a.unscored:
        return "check"
    if a.effect is None:
        return "unmeasured"
    return "gap" if a.effect else "further"


def unknown_refs(inp: ReportInput, q: Questionnaire, r: Rubric) -> list[str]:
    """The practices answered "don't know" (and so unscored), as ``Structure 3``, in rubric
    order."""
    return refs_of(answers.unscored_dont_know(inp, q), r)


def refs_of(items: set[str], r: Rubric) -> list[str]:
    """``items`` as ``Structure 3``, in rubric order."""
    return [ref for item_id, ref in practice_refs(r).items() if item_id in items]


def practice_refs(r: Rubric) -> dict[str, str]:
    """Each practice's short reference, as the heatmap numbers it: ``Structure 3``."""
    return {
        ri.item: f"{dim.title} {k}"
        for dim in r.dimensions.values()
        for k, ri in enumerate(dim.items, start=1)
    }


def _because(
    a: Advice, inp: ReportInput, q: Questionnaire, refs: dict[str, str], measures: dict[str, str]
) -> str:
    """The practices and answers that call for the advice: ``Structure 3: “Disagree”``; where
    every one of them is unscored (a level's advice beside a "don't know"), those answers: the
    step then starts by finding out whether the practice exists."""
    parts, unscored = [], []
    if not inp.result.item_scores:
        return ""  # a scored table: no answers to quote, none missing either
    for item_id in a.items:
        score = a.scores.get(item_id)
        if a.unscored and score is not None:
            continue  # in place: the step is about the unknown ones
        if item_id in measures and score is not None:  # a measure: "67%", not "score 3"
            parts.append(f"{refs.get(item_id, item_id)}: {measures[item_id]}")
            continue
        answer = answers.quoted(inp, item_id, q)
        if score is None:  # don't know, not asked: a reason only when there is no other
            unscored.append(f"{refs.get(item_id, item_id)}: “{answer or 'not answered'}”")
            continue
        said = f"“{answer}”" if answer else f"score {fmt_item(score)}"
        item = q.item_map().get(item_id)
        if answer and item is not None and item.reverse_worded:  # "Agree" reads as a strength
            said += f" to a statement against the practice, scored {fmt_item(score)}"
        parts.append(f"{refs.get(item_id, item_id)}: {said}")
    return "; ".join(parts or unscored)


def by_dimension(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The roadmap rows of each dimension, in rank order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["dimension"] or "", []).append(row)
    return out
