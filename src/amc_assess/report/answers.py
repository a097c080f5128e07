"""What the respondents told us, for the report: answers in words, notes and evidence, the
firm profile, and per dimension the practices in place and the gaps.

Nothing here scores: practice scores are read from the result, answers from the responses.
"""

from __future__ import annotations

from typing import Any

from amc_assess.models import Answer, Completion, Item, Questionnaire, Response, Rubric
from amc_assess.numtext import read_number, with_unit_text, without_unit
from amc_assess.report.models import ReportInput
from amc_assess.report.scale import ScoreScale
from amc_assess.scored.members import counted
from amc_assess.scored.responses import answer_columns
from amc_assess.scored.unknowns import asked_dont_know
from amc_assess.scoring import asked_rows


def answer_label(item: Item, answer: Answer | None, q: Questionnaire) -> str | None:
    """How a respondent answered, in words (None when the item was not asked)."""
    if answer is None:
        return None
    if answer.state == "dont_know":
        return "Don't know"
    if answer.state == "not_applicable":
        return "Not applicable"
    value = answer.value
    if item.type == "agreement" and isinstance(value, int | float):
        label = q.scale_of(item).label_of(value)  # by the scale's own codes, not their place
        return label if label is not None else str(value)
    if item.type == "yesno":
        return {"yes": "Yes", "no": "No"}.get(str(value), str(value))
    if item.type == "choice":
        options = {o.code: o.label for o in item.options or []}
        return options.get(str(value), str(value))
    if item.type == "number" and isinstance(value, int | float):
        return with_unit_text(f"{value:g}", item.unit)
    if item.type == "number" and isinstance(value, str):  # "40 %" as typed in a file
        number = read_number(without_unit(value, item.unit)[0])
        if number is not None:  # written as the numbers beside it are: "40%, 55%"
            return with_unit_text(f"{number:g}", item.unit)
    return str(value)


def _people(inp: ReportInput, view: bool = False) -> list[tuple[str | None, Response]]:
    """The responses behind the firm's scores, with the respondent's name (None for one
    respondent); ``view``: instead, the partner-side responses left out of them (shown as
    the partner's view, never as the firm's own answers)."""
    return [(name, response) for name, response, _ in _members(inp, view)]


def _members(inp: ReportInput, view: bool = False) -> list[tuple[str | None, Response, set[str]]]:
    """:func:`_people`, each with the items skip logic did not ask of that respondent."""
    if inp.respondents:
        keep = counted([p.side for p in inp.respondents], inp.partners_counted)
        return [
            (p.name or f"Respondent {k + 1}", p.response, _unasked(p.result.completion))
            for k, (p, mine) in enumerate(zip(inp.respondents, keep, strict=True))
            if p.response is not None and mine != view
        ]
    if inp.response is None or view:
        return []
    return [(None, inp.response, _unasked(inp.result.completion))]


def _unasked(done: Completion | None) -> set[str]:
    return set(done.not_asked) if done is not None else set()


def notes(inp: ReportInput, item_ids: list[str], q: Questionnaire) -> list[dict[str, Any]]:
    """Every note and piece of evidence given on these items, with who gave it."""
    items = q.item_map()
    out: list[dict[str, Any]] = []
    for item_id in item_ids:
        same: dict[tuple[str | None, str | None], dict[str, Any]] = {}
        partners = [(f"{who} (partner view)", r) for who, r in _people(inp, view=True)]
        for who, response in _people(inp) + partners:
            answer = response.answers.get(item_id)
            if answer is None or not (answer.note or answer.evidence):
                continue
            key = (answer.note, answer.evidence)
            if key in same:  # the same note from several respondents: once, with every name
                same[key]["who"] = f"{same[key]['who']}, {who}" if who else same[key]["who"]
                continue
            item = items.get(item_id)
            same[key] = {
                "id": item_id, "text": item.text if item else item_id, "who": who,
                "note": answer.note, "evidence": answer.evidence,
            }  # fmt: skip
            out.append(same[key])
    return out


def measure_label(name: str, measures: dict[str, float | None] | None, score: float | None) -> str:
    """A network measure's value in words (the score itself comes from the result)."""
    value = None if measures is None else measures.get(name)
    if measures is None:
        return "No audit data"
    if value is None:
        return "Not defined"
    return f"{value:.0%}" if score is not None else f"{value:.0%} (not scored)"


def measured(inp: ReportInput, r: Rubric) -> dict[str, str]:
    """Each network measure's practice id -> its value in words, from the report's audit."""
    from amc_assess.metrics import measure  # lazy: the audit's figures, with an audit only

    values = measure(inp.network) if inp.network is not None else None
    return {ri.item: measure_label(ri.metric, values, inp.result.item_scores.get(ri.item))
            for dim in r.dimensions.values() for ri in dim.items if ri.metric}  # fmt: skip


def quoted(inp: ReportInput, item_id: str, q: Questionnaire) -> str | None:
    """The answer in words: the answer all respondents gave, or how they differ ("Yes ×3, No")."""
    item = q.item_map().get(item_id)
    if item is None:
        return None
    own = _tally(_labels(inp, item, q))
    view = _tally(_labels(inp, item, q, view=True))
    if view and view != own:  # the partner's answers, apart: not the firm's, not in its scores
        return f"{own}; partner view: {view}" if own else f"partner view: {view}"
    return own


def _labels(inp: ReportInput, item: Item, q: Questionnaire, view: bool = False) -> list[str | None]:
    """Each respondent's answer in words, as :func:`_people` lists them; None where skip
    logic did not ask that respondent the question (an answer kept in the file from before
    a gate changed is no answer of this assessment: a firm without an alliance function is
    not shown its head's reporting line)."""
    return [
        None if item.id in unasked else answer_label(item, response.answers.get(item.id), q)
        for _, response, unasked in _members(inp, view)
    ]


def _tally(labels: list[str | None]) -> str | None:
    """The answer all gave, or how they differ ("Yes ×3, No"); None when nobody answered."""
    given = [label for label in labels if label is not None]
    if not given:
        return None
    if len(set(given)) == 1:
        return given[0]
    counts: dict[str, int] = {}
    for label in given:
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{label} ×{n}" if n > 1 else label for label, n in counts.items())


def not_answered(inp: ReportInput, q: Questionnaire, r: Rubric) -> tuple[set[str], set[str]]:
    """The rubric's practices (network measures aside) nobody answered at all: those the
    skip logic asked of some respondent (left unanswered), and those it asked of none."""
    members = _members(inp)
    people = [resp for _, resp, _ in members]
    if not people:
        return set(), set()
    # an answer kept in the file to a question the skip logic then did not ask is no answer:
    # shown "(not asked)", not "Not answered" (a trial changed DAF to "No" in the review)
    answered = {
        item for _, resp, unasked in members for item in resp.answers if item not in unasked
    }
    ids = [ri.item for dim in r.dimensions.values() for ri in dim.items if ri.metric is None]
    silent = [i for i in ids if i not in answered]
    asked = asked_rows(answer_columns(people, q), len(people), q)
    unasked = {i for i in silent if i in asked and not asked[i].any()}
    return set(silent) - unasked, unasked


def unscored_dont_know(inp: ReportInput, q: Questionnaire) -> set[str]:
    """The practices some respondent answered "don't know" that have no score."""
    return asked_dont_know(inp.result, [resp for _, resp in _people(inp)], q)


def profile(inp: ReportInput, q: Questionnaire, r: Rubric) -> list[dict[str, Any]]:
    """The questions that are not scored (firm profile, portfolio), section by section, with
    every answer, note and evidence given."""
    scored = {ri.item for dim in r.dimensions.values() for ri in dim.items}
    people = _people(inp)
    sections = []
    for section in q.sections:
        rows = []
        for item in section.items:
            if item.id in scored or item.type == "contacts":
                continue
            answer = quoted(inp, item.id, q)
            given = [
                (who, a) for who, resp in people if (a := resp.answers.get(item.id)) is not None
            ] + [
                (f"{who} (partner view)", a) for who, resp in _people(inp, view=True)
                if (a := resp.answers.get(item.id)) is not None
            ]  # fmt: skip
            if answer is None and not given:
                continue
            rows.append({
                "id": item.id, "text": item.text, "answer": answer or "–",
                "notes": [
                    {"who": who, "note": a.note, "evidence": a.evidence}
                    for who, a in given if a.note or a.evidence
                ],
            })  # fmt: skip
        if rows:
            sections.append({"id": section.id, "title": section.title, "rows": rows})
    return sections


def shows(
    rows: list[dict[str, Any]], scale: ScoreScale | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The practices in place and the gaps, from a dimension's rows: on 1..5 (the default
    ``scale``) scores 4-5 and 1-2; on any range, see ``ScoreScale.in_place``/``gaps``."""
    scale = scale or ScoreScale()
    scored = [row for row in rows if row["score"] is not None]
    return {
        "in_place": [row for row in scored if row["score"] >= scale.in_place_min],
        "gaps": [row for row in scored if row["score"] <= scale.gap_max],
    }
