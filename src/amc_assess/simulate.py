"""The rubric linter: run synthetic answers through the real engine and check the outcome."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from amc_assess.advice import Advice, advice_for, references
from amc_assess.encoding import DEFAULT_RANGE, answer_scores
from amc_assess.levels import levels
from amc_assess.metrics import scored_items
from amc_assess.models import Item, Questionnaire, Rubric, RubricItem, Scale
from amc_assess.models.rubric import ItemScore
from amc_assess.scored.responses import to_results
from amc_assess.scoring import Scored, score_columns

WARNING = "warning: "
MAX_SUMS = 200_000  # reachable weighted sums tracked per dimension before giving up
SHOWN = 3  # item ids named in a grouped warning
LIST = "rubrics/references.yaml"  # the works a source may cite, by key


def answers_by_score(
    item: Item,
    ri: RubricItem,
    scale: Scale | None = None,
    score_range: tuple[ItemScore, ItemScore] = DEFAULT_RANGE,
) -> dict[ItemScore, object]:
    """For each item score the item can take, one answer that produces it (``scale``: an
    agreement item's scale, default 1..5; ``score_range``: the rubric's)."""
    scores = answer_scores(item, ri, scale, score_range)
    answers: list[object]
    if item.type == "agreement":
        answers = list(scale.codes if scale is not None else range(1, 6))
    elif item.type == "number":
        answers = [band.min for band in ri.bands or []]
    else:
        answers = list(item.codes())
    out: dict[ItemScore, object] = {}
    for answer, score in zip(answers, scores, strict=True):
        out.setdefault(score, answer)
    return out


def item_choices(q: Questionnaire, r: Rubric) -> dict[str, dict[ItemScore, object]]:
    """Per rubric item: each score it can take, with one answer that produces it."""
    items = scored_items(q, r)
    out = {}
    for dim in r.dimensions.values():
        for ri in dim.items:
            item = items[ri.item]
            scale = q.scale_of(item) if item.type == "agreement" else None
            out[ri.item] = answers_by_score(item, ri, scale, r.score_range)
    return out


def simulate(
    q: Questionnaire, r: Rubric, path: str, warnings: list[str] | None = None
) -> list[str]:
    """Lint ``r``: extremes reach the lowest and the top level, every item moves its score.

    Returns the errors; appends to ``warnings`` (lines starting ``warning:``) what makes a
    report poorer without making scores wrong: a level no full set of answers reaches."""
    items = scored_items(q, r)
    entries = [(d, i, ri) for d, dim in r.dimensions.items() for i, ri in enumerate(dim.items)]
    choices = item_choices(q, r)
    lowest = {k: v[min(v)] for k, v in choices.items()}
    highest = {k: v[max(v)] for k, v in choices.items()}
    rows: list[dict[str, object]] = [lowest, highest]
    drops: list[tuple[int, str, int, str]] = []  # (row, dimension, position in it, item)
    for d, i, ri in entries:  # each item lowered alone from all-highest
        drops.append((len(rows), d, i, ri.item))
        rows.append({**highest, ri.item: lowest[ri.item]})
    scored = _score_rows(rows, list(items), q, r)
    top = len(r.levels)
    errors = []
    for d, dim in r.dimensions.items():
        for pos, want in ((0, 1), (1, top)):
            got = scored.value(f"{d}_level", pos)
            if got != want:
                kind = "lowest" if want == 1 else "highest"
                score = scored.figures[f"{d}_score"][pos]
                errors.append(
                    f"{path}: dimensions.{d}: all-{kind} answers give level "
                    f"{'<NA>' if got is None else got} (score {score:.2f}), expected level {want}"
                )
        score_of = scored.figures[f"{d}_score"]
        for pos, dim_id, index, item_id in drops:
            if dim_id == d and not score_of[pos] < score_of[1]:
                errors.append(
                    f"{path}: dimensions.{d}.items[{index}]: {item_id!r} cannot move "
                    "the dimension's score"
                )
        reached = reachable_levels([(ri.weight, list(choices[ri.item])) for ri in dim.items], r)
        if warnings is not None and reached is not None:
            warnings += [
                f"{WARNING}{path}: dimensions.{d}: level {level.level} ({level.name}) is never "
                f"reached: no full set of answers scores {_band(r, level.level)}"
                for level in r.levels
                if level.level not in reached
            ]
    return errors + advice_problems(q, r, path, choices, highest)


def _score_rows(
    rows: Sequence[dict[str, object]], items: list[str], q: Questionnaire, r: Rubric
) -> Scored:
    """Synthetic answers (one dict per row, item id -> answer) through the engine."""
    columns = {item: np.full(len(rows), None, dtype=object) for item in items}
    for k, row in enumerate(rows):
        for item, answer in row.items():
            columns[item][k] = answer
    return score_columns(columns, len(rows), q, r)


def reachable_levels(entries: list[tuple[float, list[ItemScore]]], r: Rubric) -> set[int] | None:
    """The levels of every dimension score that a full set of answers gives: ``entries`` are
    (weight, the scores the item can take). None when there are too many sums to track."""
    sums = {0.0}
    for weight, scores in entries:
        sums = {round(s + weight * x, 9) for s in sums for x in scores}
        if len(sums) > MAX_SUMS:
            return None
    total = sum(weight for weight, _ in entries)
    means = np.round(np.array(sorted(sums)) / total, 6)
    return {int(level) for level in levels(means, r.thresholds())}


def _band(r: Rubric, level: int) -> str:
    low = r.levels[level - 1].min
    if level == len(r.levels):
        return f"{low:g} or more"
    return f"from {low:g} to below {r.levels[level].min:g}"


def boilerplate(q: Questionnaire, r: Rubric | None, qpath: str, rpath: str) -> list[str]:
    """Warnings for the texts a report or an interview would lack: items without ``help`` or
    ``source``, dimensions without a descriptor for some level or a recommendation for some
    level below the top. None of them changes a score."""
    out = []
    for field, lacks in (
        ("help", "the interview has no help to show for them"),
        ("source", "the report cites no source for them"),
    ):
        missing = [
            (f"sections[{s}].items[{i}]", item.id)
            for s, section in enumerate(q.sections)
            for i, item in enumerate(section.items)
            if getattr(item, field) is None
        ]
        if len(missing) == 1:
            where, item_id = missing[0]
            out.append(f"{WARNING}{qpath}: {where}.{field}: none for {item_id!r}; {lacks}")
        elif missing:
            ids = [item_id for _, item_id in missing]
            named = ", ".join(ids[:SHOWN]) + (
                f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
            )
            out.append(
                f"{WARNING}{qpath}: sections[*].items[*].{field}: none for {len(ids)} of "
                f"{len(q.items())} items ({named}); {lacks}"
            )
    out += _uncited(q, r, qpath, rpath)
    if r is None:
        return out
    top = len(r.levels)
    for d, dim in r.dimensions.items():
        bare = [lv for lv in range(1, top + 1) if not dim.descriptors.get(lv)]
        if bare:
            out.append(
                f"{WARNING}{rpath}: dimensions.{d}.descriptors: none for level{_s(bare)} "
                f"{_levels(bare)}; the report describes no such level of {d}"
            )
        bare = [lv for lv in range(1, top) if not dim.recommendations.get(lv)]
        if bare:
            out.append(
                f"{WARNING}{rpath}: dimensions.{d}.recommendations: none for level{_s(bare)} "
                f"{_levels(bare)}; the report gives no next steps there"
            )
    return out


def _uncited(q: Questionnaire, r: Rubric | None, qpath: str, rpath: str) -> list[str]:
    """A warning per ``source`` that names no work of the references list (the report lists
    a work only when a source names its key, ``Kale & Singh 2007``)."""
    keys = list(references())
    places = [
        (qpath, f"sections[{s}].items[{i}].source", item.source)
        for s, section in enumerate(q.sections)
        for i, item in enumerate(section.items)
    ]
    if r is not None:
        places += [(rpath, f"rules[{k}].source", rule.source) for k, rule in enumerate(r.rules)]
    out = []
    for path in dict.fromkeys(p for p, _, _ in places):
        bad = [(where, text) for p, where, text in places
               if p == path and text and not any(key in text for key in keys)]  # fmt: skip
        if len(bad) == 1:
            out.append(
                f"{WARNING}{path}: {bad[0][0]}: {bad[0][1]!r} names no work of the "
                f"references list ({LIST}); the report's references leave it out"
            )
        elif bad:
            texts = list(dict.fromkeys(text for _, text in bad))
            named = ", ".join(repr(x) for x in texts[:SHOWN])
            named += f" and {len(texts) - SHOWN} more" if len(texts) > SHOWN else ""
            out.append(
                f"{WARNING}{path}: {len(bad)} sources name no work of the references "
                f"list ({LIST}): {named}; the report's references leave them out"
            )
    return out


def _s(values: list[int]) -> str:
    return "s" if len(values) > 1 else ""


def _levels(values: list[int]) -> str:
    return ", ".join(map(str, values))


def advice_problems(
    q: Questionnaire,
    r: Rubric,
    path: str,
    choices: dict[str, dict[ItemScore, object]],
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
                    f"of {ri.item!r} is {lowest:g}, not below {ri.advice.below:g}"
                )
        for level, recs in dim.recommendations.items():
            for k, rec in enumerate(recs):
                where = f"dimensions.{d}.recommendations.{level}[{k}]"
                errors += _never_low(rec.addresses, choices, where, path, r.sound())
    for k, rule in enumerate(r.rules):
        errors += _never_low(rule.addresses, choices, f"rules[{k}]", path, r.sound())
    top = to_results(_score_rows([highest], list(scored_items(q, r)), q, r))[0]
    found = []
    for advice in advice_for(top, r):
        if advice.kind == "rule" and advice.id.removeprefix("rule:") not in _advising_rules(r):
            continue  # cautions and insights may hold at the top; they ask for no action
        where = _where(advice, r)
        line = f"{path}: {where}: applies to the all-highest answers ({_why(advice, r.sound())})"
        found.append((_file_order(where, r), line))
    return errors + [line for _, line in sorted(found)]  # as the file has them, not by rank


def _file_order(where: str, r: Rubric) -> tuple[int, ...]:
    """Where a field of :func:`_where` stands in the rubric file: dimensions in order (their
    items, then their recommendations by level), then the rules."""
    numbers = [int(n) for n in re.findall(r"\d+", where)]
    if where.startswith("rules["):
        return (1, *numbers)
    dim = where.split(".")[1]
    part = 0 if ".items[" in where else 1
    return (0, list(r.dimensions).index(dim), part, *numbers)


def _never_low(
    addresses: list[str],
    choices: dict[str, dict[ItemScore, object]],
    where: str,
    path: str,
    sound: float,
) -> list[str]:
    known = [choices[item] for item in addresses if item in choices]
    if known and all(min(scores) >= sound for scores in known):
        return [
            f"{path}: {where}: can never apply: every practice it addresses scores "
            f"{sound:g} or more whatever the answer"
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


def _why(advice: Advice, sound: float) -> str:
    """Why ``advice`` applies to the all-highest answers."""
    if advice.kind == "practice":
        return f"the best answer to {advice.id!r} scores {advice.scores[advice.id]}"
    if not advice.items:
        return "it addresses no practice"
    low = [f"{i!r} scores {s}" for i, s in advice.scores.items() if s is None or s < sound]
    if not low:
        return f"although every practice it addresses scores {sound:g} or more"
    return f"at the best answers {', '.join(low)}"
