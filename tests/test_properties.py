"""Invariants of the engine under random answers (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amc_assess.models.conditions import clauses
from amc_assess.scoring import score_frame
from amc_assess.simulate import answers_by_score
from amc_assess.validation import load_pair
from conftest import MINI

Q, R = load_pair(MINI / "questionnaire.yaml", MINI / "rubric.yaml")
ITEMS = Q.item_map()
SCORED = [ri for dim in R.dimensions.values() for ri in dim.items]
CHOICES = {ri.item: answers_by_score(ITEMS[ri.item], ri) for ri in SCORED}
SPECIAL = st.sampled_from(["dont_know", None])
# Items that open follow-up questions (skip logic) change which items are asked, so a better
# answer there can add low-scoring follow-ups; monotonicity holds for the others.
GATES = {c.item for item in Q.items() if item.when for c in clauses(item.when)}
UNGATED = [ri.item for ri in SCORED if ri.item not in GATES]


def answer(item_id: str) -> st.SearchStrategy:
    item = ITEMS[item_id]
    options = list(CHOICES[item_id].values())
    if item.type == "number":
        values = st.floats(min_value=item.min, max_value=item.max, allow_nan=False)
        if item.integer:
            values = st.integers(min_value=int(item.min), max_value=int(item.max))
        base = st.one_of(values, st.sampled_from(options))
    else:
        base = st.sampled_from(options)
    if item.not_applicable:
        return st.one_of(base, SPECIAL, st.just("not_applicable"))
    return st.one_of(base, SPECIAL)


ROW = st.fixed_dictionaries(
    {ri.item: answer(ri.item) for ri in SCORED}
    | {"ctx_repeat_share": st.one_of(st.integers(0, 100), SPECIAL)}
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dims(rows: list[dict]) -> pd.DataFrame:
    return score_frame(pd.DataFrame(rows, dtype=object), Q, R).dimensions


@FAST
@given(st.lists(ROW, min_size=1, max_size=20))
def test_scores_and_shares_stay_in_bounds(rows):
    d = dims(rows)
    for dim in [*R.dimensions, "overall"]:
        scores = d[f"{dim}_score"].dropna()
        assert ((scores >= 1 - 1e-12) & (scores <= 5 + 1e-12)).all()
        levels = d[f"{dim}_level"].dropna()
        assert levels.between(1, 5).all()
        assert (d[f"{dim}_score"].isna() == d[f"{dim}_level"].isna()).all()
    for dim in R.dimensions:
        assert d[f"{dim}_answered_share"].between(0, 1).all()
        assert (d[f"{dim}_gap_to_target"].dropna() >= 0).all()


@FAST
@given(ROW, st.sampled_from(UNGATED), st.data())
def test_improving_an_answer_never_lowers_a_score(row, item_id, data):
    scores = sorted(CHOICES[item_id])
    low = data.draw(st.sampled_from(scores[:-1]))
    high = data.draw(st.sampled_from([s for s in scores if s > low]))
    worse = dict(row, **{item_id: CHOICES[item_id][low]})
    better = dict(row, **{item_id: CHOICES[item_id][high]})
    d = dims([worse, better])
    for dim in [*R.dimensions, "overall"]:
        a, b = d[f"{dim}_score"]
        if not (np.isnan(a) or np.isnan(b)):
            assert b >= a - 1e-12
        a, b = d[f"{dim}_level"]
        if a is not pd.NA and b is not pd.NA:
            assert b >= a


@FAST
@given(st.lists(ROW, min_size=2, max_size=8))
def test_a_batch_scores_each_row_as_if_alone(rows):
    together = dims(rows)
    alone = pd.concat([dims([row]) for row in rows], ignore_index=True)
    pd.testing.assert_frame_equal(together, alone)
