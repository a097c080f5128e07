"""The rubric linter: run synthetic answers through the real engine and check the outcome."""

from __future__ import annotations

import pandas as pd

from amc_assess.advice import Advice, advice_for
from amc_assess.metrics import scored_items
from amc_assess.models import Item, Questionnaire, Rubric, RubricItem
from amc_assess.models.rubric import SOUND
from amc_assess.scored.responses import to_results
from amc_assess.scoring import score_frame


def answers_by_score(item: Item, ri: RubricItem) -> dict[int, object]:
    """For each item score the item can take, one answer that produces it."""
    if item.type == "agreement":
        return {6 - v if ri.reverse else v: v for v in range(1, 6)}
    if item.type == "number":
        out: dict[int, object] = {}
        for band in ri.bands or []:
            out.setdefault(band.score, band.min)
        return out
    mapping = dict(ri.map or {})
    if item.type == "yesno":
        mapping = {"yes": 5, "no": 1, **mapping}
    out = {}
    for code in item.codes():
        out.setdefault(mapping[code], code)
    return out


def simulate(q: Questionnaire, r: Rubric, path: str) -> list[str]:
    """Lint ``r``: extremes reach levels 1 and 5, every item moves its score, no level is missed."""
    items = scored_items(q, r)
    entries = [(d, i, ri) for d, dim in r.dimensions.items() for i, ri in enumerate(dim.items)]
    choices = {ri.item: answers_by_score(items[ri.item], ri) for _, _, ri in entries}
    lowest = {k: v[min(v)] for k, v in choices.items()}
    highest = {k: v[max(v)] for k, v in choices.items()}
    rows: list[dict[str, object]] = [lowest, highest]
    drops: list[tuple[int, str, int, str]] = []  # (row, dimension, position in it, item)
    for d, i, ri in entries:  # each item lowered alone from all-highest
        drops.append((len(rows), d, i, ri.item))
        rows.append({**highest, ri.item: lowest[ri.item]})
    order = [ri.item for item in items.values() for _, _, ri in entries if ri.item == item.id]
    current = dict(highest)
    for item_id in reversed(order):  # walk down one item score at a time
        for score in sorted(choices[item_id], reverse=True)[1:]:
            current = {**current, item_id: choices[item_id][score]}
            rows.append(current)
    frame = pd.DataFrame(rows, columns=list(items), dtype=object)
    dims = score_frame(frame, q, r).dimensions
    errors = []
    for d in r.dimensions:
        for pos, want in ((0, 1), (1, 5)):
            got = dims[f"{d}_level"].iloc[pos]
            if got is pd.NA or got != want:
                kind = "lowest" if want == 1 else "highest"
                score = dims[f"{d}_score"].iloc[pos]
                errors.append(
                    f"{path}: dimensions.{d}: all-{kind} answers give level {got} "
                    f"(score {score:.2f}), expected level {want}"
                )
        for pos, dim, index, item_id in drops:
            if dim == d and not dims[f"{d}_score"].iloc[pos] < dims[f"{d}_score"].iloc[1]:
                errors.append(
                    f"{path}: dimensions.{d}.items[{index}]: {item_id!r} cannot move "
                    "the dimension's score"
                )
        reached = set(dims[f"{d}_level"].dropna().astype(int))
        for level in r.levels:
            if level.level not in reached:
                errors.append(
                    f"{path}: dimensions.{d}: level {level.level} ({level.name}) is never reached "
                    "between all-lowest and all-highest answers"
                )
    return errors + advice_problems(q, r, path, choices, highest)


def advice_problems(
    q: Questionnaire,
    r: Rubric,
    path: str,
    choices: dict[str, dict[int, object]],
    highest: dict[str, object],
) -> list[str]:
    """Every piece of advice can apply to some answers, and none applies to the all-highest
    answers (``choices``: item -> score -> answer; ``highest``: the best answer per item)."""
    errors = []
    for d, dim in r.dimensions.items():
        for i, ri in enumerate(dim.items):
            lowest = min(choices[ri.item])
            if ri.advice is not None and not lowest < ri.advice.below:
                errors.append(
                    f"{path}: dimensions.{d}.items[{i}].advice: can never apply: the lowest score "
                    f"of {ri.item!r} is {lowest}, not below {ri.advice.below:g}"
                )
        for level, recs in dim.recommendations.items():
            for k, rec in enumerate(recs):
                errors += _never_low(
                    rec.addresses, choices, f"dimensions.{d}.recommendations.{level}[{k}]", path
                )
    for k, rule in enumerate(r.rules):
        errors += _never_low(rule.addresses, choices, f"rules[{k}]", path)
    frame = pd.DataFrame([highest], columns=list(scored_items(q, r)), dtype=object)
    top = to_results(score_frame(frame, q, r))[0]
    for advice in advice_for(top, r):
        if advice.kind == "rule" and advice.id.removeprefix("rule:") not in _advising_rules(r):
            continue  # cautions and insights may hold at the top; they ask for no action
        errors.append(
            f"{path}: {_where(advice, r)}: applies to the all-highest answers ({_why(advice)})"
        )
    return errors


def _never_low(
    addresses: list[str], choices: dict[str, dict[int, object]], where: str, path: str
) -> list[str]:
    known = [choices[item] for item in addresses if item in choices]
    if known and all(min(scores) >= SOUND for scores in known):
        return [
            f"{path}: {where}: can never apply: every practice it addresses scores "
            f"{SOUND} or more whatever the answer"
        ]
    return []


def _advising_rules(r: Rubric) -> set[str]:
    return {rule.id for rule in r.rules if rule.kind == "recommendation" or rule.addresses}


def _where(advice: Advice, r: Rubric) -> str:
    """The rubric field an advice comes from."""
    if advice.kind == "practice":
        dim = r.dimensions[advice.dimension or ""]
        index = next(i for i, ri in enumerate(dim.items) if ri.item == advice.id)
        return f"dimensions.{advice.dimension}.items[{index}].advice"
    if advice.kind == "level":
        level, k = advice.id.rsplit(".", 2)[1:]
        return f"dimensions.{advice.dimension}.recommendations.{level[1:]}[{k}]"
    index = next(k for k, rule in enumerate(r.rules) if f"rule:{rule.id}" == advice.id)
    return f"rules[{index}]"


def _why(advice: Advice) -> str:
    """Why ``advice`` applies to the all-highest answers."""
    if advice.kind == "practice":
        return f"the best answer to {advice.id!r} scores {advice.scores[advice.id]}"
    if not advice.items:
        return "it addresses no practice"
    low = [f"{i!r} scores {s}" for i, s in advice.scores.items() if s is None or s < SOUND]
    if not low:
        return "although every practice it addresses scores 4 or more"
    return f"at the best answers {', '.join(low)}"
