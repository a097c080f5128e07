"""What a firm should do next: advice tied to the practices it addresses.

:func:`advice_for` turns a scored result into a ranked list of :class:`Advice`, drawn from three
parts of the rubric:

* **practice** advice (``advice:`` of a rubric item), given when the item score is below the
  advice's ``below`` (a firm's item score is its respondents' rounded mean);
* **level** recommendations of each dimension's current level, dropped when every practice they
  address already score 4 or more (the rubric's sound score: 4 on 1..5, the same share of any
  other score range);
* **rule** messages of the rules that fired (dropped likewise when they address practices and
  all of those score 4 or more).

A step whose practices lie in a dimension with no score (too few answers: insufficient data)
has no effect figure (``effect`` None): that dimension's gap is not known, and a rise computed
from its few answered practices would look precise without being so. Such steps follow those
that close a known gap.

A level recommendation or rule some of whose practices went unscored (answered "don't know", not
applicable, not asked) while the others are sound, and the practice advice of a practice answered
"don't know", is kept but marked ``unscored`` and ranked last: nothing says whether the practice
is in place, so the report words it as "find out first".

Nothing is rendered here: ``Advice.scores`` carries the item scores so that the report can
quote the answer behind each piece of advice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from amc_assess.models.response import Response
from amc_assess.models.result import AssessmentResult, DimensionResult
from amc_assess.models.rubric import SOUND, Effort, Rubric
from amc_assess.resources import data_dir
from amc_assess.yamlio import read_data

Kind = Literal["practice", "level", "rule"]
HORIZONS: dict[str, str] = {"S": "0–6 months", "M": "6–12 months", "L": "12–24 months"}
EFFORT_COST: dict[str, int] = {"S": 1, "M": 2, "L": 3}  # ranking divides the effect by this
DEFAULT_EFFORT: Effort = "M"  # plain-string recommendations and rules that give no effort
Scores = Mapping[str, float | None]


@dataclass
class Advice:
    """One piece of advice for a firm or respondent."""

    id: str  # "<item>" (practice), "<dimension>.L<level>.<k>" (level), "rule:<id>" (rule)
    kind: Kind
    dimension: str | None
    text: str
    items: list[str]  # the practices it addresses; their scores are in ``scores``
    scores: dict[str, float | None]  # item id -> the item score that triggered the advice
    effort: Effort
    horizon: str
    effect: float | None  # points of the dimension's gap to target closed if ``items`` reached
    # 4; None where the dimension has no score (insufficient data), so no gap is known
    gain: float = 0.0  # score points the dimension would rise (not capped at its target)
    merged: list[str] = field(default_factory=list)  # ids of advice folded into this one
    unscored: bool = False  # needed only if a practice with no score proves missing
    withheld: list[Advice] = field(default_factory=list)  # steps this rule's advice holds back
    tempered_by: str | None = None  # the rule whose advice to mind in taking this step


def step_ids(rubric: Rubric) -> list[str]:
    """Every id a roadmap step of ``rubric`` can have (as :class:`Advice` ids them): practices
    with advice, each level's recommendations, rules."""
    ids = [ri.item for dim in rubric.dimensions.values() for ri in dim.items if ri.advice]
    ids += [f"{dim_id}.L{level}.{k}" for dim_id, dim in rubric.dimensions.items()
            for level, recs in dim.recommendations.items() for k in range(len(recs))]  # fmt: skip
    return ids + [f"rule:{rule.id}" for rule in rubric.rules]


def references() -> dict[str, str]:
    """The works the bundled instrument and rubric cite (``rubrics/references.yaml``): short
    citation as used in ``source`` fields -> full reference, in the file's order."""
    entries = read_data(data_dir("rubrics") / "references.yaml")
    return {str(e["key"]): " ".join(str(e["citation"]).split()) for e in entries}


def horizon_of(effort: Effort, given: str | None = None) -> str:
    """The time frame for acting on advice: as given, else derived from its effort."""
    return given or HORIZONS[effort]


def advice_for(
    result: AssessmentResult, rubric: Rubric, unknown: Collection[str] = ()
) -> list[Advice]:
    """Every piece of advice that applies to ``result``, deduplicated and ranked. ``unknown``:
    practices answered "don't know" (the responses say so; the result only has no score):
    their practice advice is given too, unscored ("find out first").

    Unscored advice (see the module's docstring) comes last; the rest is ranked by expected
    effect per unit of effort (S=1, M=2, L=3), steps of unknown effect (their dimension has no
    score) after those that close a gap and before those that close none, then by the rise of
    the score per unit of effort (which orders the steps of a dimension at its target: their
    effect is 0), then by the dimension's gap to target (largest first), then in rubric order
    (dimension by dimension: practices, then level recommendations; rules last). Without item
    scores (a scored table), practice advice cannot be selected: only level recommendations
    and rules are returned, with no effect (None: no practice's score is known), ranked by
    their dimension's gap to target.
    """
    scores: dict[str, float | None] = dict(result.item_scores)
    dims = {d.dimension: d for d in result.dimensions}
    found: list[Advice] = []
    for dim_id, dim in rubric.dimensions.items():
        if scores:
            for ri in dim.items:
                score = scores.get(ri.item)
                if ri.advice is None or (score is None and ri.item not in unknown):
                    continue
                if score is not None and score >= ri.advice.below:
                    continue
                found.append(
                    Advice(
                        id=ri.item, kind="practice", dimension=dim_id, text=ri.advice.text,
                        items=[ri.item], scores={ri.item: score}, effort=ri.advice.effort,
                        horizon=horizon_of(ri.advice.effort, ri.advice.horizon),
                        effect=effect([ri.item], scores, rubric, dims),
                        gain=gain([ri.item], scores, rubric),
                    )
                )  # fmt: skip
        level = dims[dim_id].level if dim_id in dims else None
        for k, rec in enumerate(dim.recommendations.get(level or 0, [])):
            if scores and all_sound(rec.addresses, scores, rubric.sound()):
                continue
            found.append(
                Advice(
                    id=f"{dim_id}.L{level}.{k}", kind="level", dimension=dim_id, text=rec.text,
                    items=list(rec.addresses), scores={i: scores.get(i) for i in rec.addresses},
                    effort=rec.effort, horizon=horizon_of(rec.effort, rec.horizon),
                    effect=effect(rec.addresses, scores, rubric, dims),
                    gain=gain(rec.addresses, scores, rubric),
                )
            )  # fmt: skip
    rules = {rule.id: rule for rule in rubric.rules}
    for fired in result.rules:
        rule = rules.get(fired.id)
        addresses = list(rule.addresses) if rule else []
        if scores and all_sound(addresses, scores, rubric.sound()):
            continue
        effort = (rule.effort if rule else None) or DEFAULT_EFFORT
        found.append(
            Advice(
                id=f"rule:{fired.id}", kind="rule", dimension=fired.dimension, text=fired.message,
                items=addresses, scores={i: scores.get(i) for i in addresses}, effort=effort,
                horizon=horizon_of(effort, rule.horizon if rule else None),
                effect=effect(addresses, scores, rubric, dims),
                gain=gain(addresses, scores, rubric),
            )
        )  # fmt: skip
    kept = _deduplicated(_tempered(found, rubric), scores, rubric.sound())
    for a in kept:
        if a.merged:  # advice of the same text may have brought more practices
            a.effect, a.gain = effect(a.items, scores, rubric, dims), gain(a.items, scores, rubric)
        a.unscored = bool(scores) and _unknown_only(a.items, scores, rubric.sound())
        if not scores:  # a scored table: no practice scores, so no step's effect is known
            a.effect = None
    order = {a.id: k for k, a in enumerate(kept)}

    def gap(a: Advice) -> float:
        d = dims.get(a.dimension or "")
        return (d.gap_to_target or 0.0) if d else 0.0

    def key(a: Advice) -> tuple[bool, int, float, float, float, int]:
        cost = EFFORT_COST[a.effort]
        group = 0 if a.effect else 1 if a.effect is None else 2  # closes a gap; unknown; none
        return a.unscored, group, -(a.effect or 0.0) / cost, -a.gain / cost, -gap(a), order[a.id]

    return sorted(kept, key=key)


def _tempered(found: list[Advice], rubric: Rubric) -> list[Advice]:
    """A practice's own advice (raise it to the sound score) where a fired rule's advice
    ``tempers`` the practice (warns against pushing it further): left out, and listed in the
    rule's ``withheld``, unless it closes part of a gap to target; then it is kept with
    ``tempered_by`` naming the rule. Level recommendations are written for the level reached
    and stay (the bundled ones at levels 4 and 5 ask to tune the function to repeat partners);
    one that cites a tempered practice is kept with ``tempered_by``, so that the roadmap says
    to mind the rule there too.
    Done before advice is folded together, so that a recommendation is not folded into advice
    that is left out. Without the rule's own advice nothing is held back: no step says why."""
    tempers = {f"rule:{rule.id}": set(rule.tempers) for rule in rubric.rules if rule.tempers}
    rules = [a for a in found if a.id in tempers]
    out: list[Advice] = []
    for a in found:
        by = next((r for r in rules if a.kind == "practice" and a.items[0] in tempers[r.id]),
                  None)  # fmt: skip
        cites = next((r for r in rules if a.kind == "level" and tempers[r.id] & set(a.items)),
                     None)  # fmt: skip
        if cites is not None:  # a level step resting on a tempered practice: mind the rule
            a.tempered_by = cites.id
        if by is None:
            out.append(a)
        elif a.effect:
            a.tempered_by = by.id
            out.append(a)
        else:
            by.withheld.append(a)
    return out


def dont_know(result: AssessmentResult, responses: Iterable[Response]) -> set[str]:
    """The practices some respondent answered "don't know" that have no score in ``result``
    (what :func:`advice_given` may say to find out first)."""
    return {
        item_id for resp in responses for item_id, a in resp.answers.items()
        if a.state == "dont_know" and result.item_scores.get(item_id) is None
    }  # fmt: skip


def advice_given(
    result: AssessmentResult, rubric: Rubric, unknown: Collection[str]
) -> list[Advice]:
    """:func:`advice_for` where the answers are known: unscored advice only where a practice it
    addresses was answered "don't know" (in ``unknown``); where every unscored practice did not
    apply or was not asked (a "no" to the question before), there is nothing to find out."""
    return [a for a in advice_for(result, rubric, unknown)
            if not a.unscored or set(unknown).intersection(a.items)]  # fmt: skip


def _unknown_only(items: list[str], scores: Scores, sound: float) -> bool:
    """Some of ``items`` has no score and every one that has scores ``sound`` or more: the
    advice is needed only if what is unknown turns out to be missing."""
    values = [scores.get(i) for i in items]
    return None in values and all(v is None or v >= sound for v in values)


def all_sound(items: Iterable[str], scores: Scores, sound: float = SOUND) -> bool:
    """Whether ``items`` is not empty and every one of them scores ``sound`` (4) or more."""
    values = [scores.get(i) for i in items]
    return bool(values) and all(v is not None and v >= sound for v in values)


def effect(
    items: Iterable[str], scores: Scores, rubric: Rubric, dims: Mapping[str, DimensionResult]
) -> float | None:
    """Points of the dimensions' gaps to target closed if ``items`` scored at least 4 (the
    rubric's sound score): each dimension's :func:`rises`, capped at its gap to target
    (uncapped when the result has no such dimension). A dimension with no score (insufficient
    data) adds nothing: None when every dimension the items lie in is such a one."""
    total, known = 0.0, False
    rising = rises(items, scores, rubric)
    for dim_id, rise in rising.items():
        result = dims.get(dim_id)
        if result is not None and result.score is None:
            continue  # its gap is not known
        known = True
        gap = result.gap_to_target if result else None
        total += rise if gap is None else min(rise, gap)
    return round(total, 6) if known or not rising else None


def gain(items: Iterable[str], scores: Scores, rubric: Rubric) -> float:
    """Points the dimensions' scores would rise if ``items`` scored at least 4, targets aside."""
    return round(sum(rises(items, scores, rubric).values()), 6)


def rises(items: Iterable[str], scores: Scores, rubric: Rubric) -> dict[str, float]:
    """Per dimension, the rise of its score if ``items`` scored at least 4: raising an item from
    ``s`` to 4 adds ``weight x (4 - s)`` to the weighted sum over the dimension's answered
    items. Unanswered items add nothing."""
    wanted = set(items)
    sound = rubric.sound()
    out: dict[str, float] = {}
    for dim_id, dim in rubric.dimensions.items():
        weights = {ri.item: ri.weight for ri in dim.items}
        mine = wanted & weights.keys()
        answered = sum(w for i, w in weights.items() if scores.get(i) is not None)
        if not mine or not answered:
            continue
        rise = 0.0
        for item in mine:
            score = scores.get(item)
            if score is not None and score < sound:
                rise += weights[item] * (sound - score)
        out[dim_id] = rise / answered
    return out


def _deduplicated(found: list[Advice], scores: Scores, sound: float = SOUND) -> list[Advice]:
    """Advice with the same text folded into the first; a level recommendation or a rule whose
    practices are covered by practice advice (see :func:`_covered`) folded into that practice
    advice, so one gap is advised once."""
    practice = {a.items[0]: a for a in found if a.kind == "practice"}
    by_text: dict[str, Advice] = {}
    kept: list[Advice] = []
    for a in found:
        same = by_text.get(a.text)
        if same is not None:
            same.merged.append(a.id)
            for item in a.items:
                if item not in same.items:
                    same.items.append(item)
                    same.scores[item] = a.scores.get(item)
            continue
        covered = a.items and _covered(a.items, practice, scores, sound)
        if a.kind in ("level", "rule") and covered:
            for item in a.items:
                if item in practice:
                    practice[item].merged.append(a.id)
            continue
        by_text[a.text] = a
        kept.append(a)
    return kept


def _covered(
    items: list[str], practice: Mapping[str, Advice], scores: Scores, sound: float = SOUND
) -> bool:
    """Some item has practice advice, and each of the others has it too, scores 4 or more, or
    has no score (nothing is known that the recommendation would add)."""

    def done(item: str) -> bool:
        score = scores.get(item)
        return item in practice or score is None or score >= sound

    return any(item in practice for item in items) and all(done(i) for i in items)
