"""The rubric linter: run synthetic answers through the real engine and check the outcome."""

from __future__ import annotations

import pandas as pd

from amc_assess.metrics import scored_items
from amc_assess.models import Item, Questionnaire, Rubric, RubricItem
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
    return errors
