"""Progress to target counts maturity level steps (scoring.figures / overall_progress)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amc_assess.levels import PROGRESS_DEFINITION, PROGRESS_EXPLANATION, figures, overall_progress
from amc_assess.scoring import score_frame
from amc_assess.validation import load_pair
from conftest import MINI

THRESHOLDS = [1.0, 1.8, 2.6, 3.4, 4.2]


def level_by_hand(score: float) -> int:
    return max(k + 1 for k, t in enumerate(THRESHOLDS) if score + 1e-6 >= t)  # EPS rule


def test_a_level_3_firm_with_target_4_has_covered_two_of_three_steps():
    # structure 3.0 (level 3) and coordination 3.39 (level 3, 0.01 below level 4): 2 of 3
    fig = figures(np.array([[3.0, 3.39]]), THRESHOLDS, np.array([4, 4]))
    assert list(fig.level[0]) == [3, 3]
    assert fig.progress[0, 0] == pytest.approx(2 / 3)
    assert fig.progress[0, 1] == pytest.approx(2 / 3)  # never 100% short of the target
    assert fig.gap_to_target[0, 1] == pytest.approx(0.01)  # the gap stays in score points
    # all four dimensions at level 3, targets 4, 4, 3, 3: (2 + 2 + 2 + 2) / (3 + 3 + 2 + 2)
    score = np.array([[3.0, 3.39, 2.7, 3.0]])
    targets = np.array([4, 4, 3, 3])
    assert overall_progress(score, THRESHOLDS, targets)[0] == pytest.approx(8 / 10)


def test_reached_targets_and_level_one_targets_read_100_percent():
    fig = figures(np.array([[4.5, 1.0, 2.6]]), THRESHOLDS, np.array([4, 1, 3]))
    assert list(fig.progress[0]) == [1.0, 1.0, 1.0]
    assert overall_progress(np.array([[1.0, 1.2]]), THRESHOLDS, np.array([1, 1]))[0] == 1.0


def test_dimensions_without_a_score_are_left_out():
    score = np.array([[np.nan, 2.0], [np.nan, np.nan]])
    fig = figures(score, THRESHOLDS, np.array([4, 3]))
    assert np.isnan(fig.progress[0, 0]) and fig.progress[0, 1] == pytest.approx(1 / 2)
    overall = overall_progress(score, THRESHOLDS, np.array([4, 3]))
    assert overall[0] == pytest.approx(1 / 2) and np.isnan(overall[1])


def test_the_definition_is_named_for_the_report():
    assert PROGRESS_DEFINITION == "level steps"
    assert "SAMM" in PROGRESS_EXPLANATION and "(min(level, target) - 1)" in PROGRESS_EXPLANATION


ROWS = st.lists(
    st.tuples(st.floats(1.0, 5.0, allow_nan=False), st.integers(1, 5)), min_size=1, max_size=4
)


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_progress_is_whole_level_steps_and_full_only_at_the_target(pairs):
    score = np.array([[s for s, _ in pairs]])
    targets = np.array([[t for _, t in pairs]])
    fig = figures(score, THRESHOLDS, targets)
    for k, (s, t) in enumerate(pairs):
        level = level_by_hand(s)
        want = 1.0 if t == 1 else (min(level, t) - 1) / (t - 1)
        assert fig.progress[0, k] == pytest.approx(want)
        assert (fig.progress[0, k] == 1.0) == (level >= t)
        assert fig.gap_to_target[0, k] == pytest.approx(max(THRESHOLDS[t - 1] - s, 0.0))
    done = sum(min(level_by_hand(s), t) - 1 for s, t in pairs)
    need = sum(t - 1 for _, t in pairs)
    overall = overall_progress(score, THRESHOLDS, targets)[0]
    assert overall == pytest.approx(done / need if need else 1.0)
    assert (overall == 1.0) == all(level_by_hand(s) >= t for s, t in pairs)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 5), st.integers(1, 5), st.sampled_from(["yes", "no"]),
            st.integers(1, 5), st.integers(1, 5), st.integers(1, 5),
        ),
        min_size=1, max_size=12,
    )
)  # fmt: skip
def test_the_engine_scores_each_row_against_its_own_targets(rows):
    q, r = load_pair(MINI / "questionnaire.yaml", MINI / "rubric.yaml")
    answers = pd.DataFrame(
        [{"a_agree1": a, "a_agree2": b, "a_yes": y, "b_exists": "no", "b_agree": c}
         for a, b, y, c, _, _ in rows],
        dtype=object,
    )  # fmt: skip
    targets = [[t1, t2] for *_, t1, t2 in rows]
    dims = score_frame(answers, q, r, np.array(targets)).dimensions
    for k, (t_alpha, t_beta) in enumerate(targets):
        row = dims.iloc[k]
        for dim, target in (("alpha", t_alpha), ("beta", t_beta)):
            assert row[f"{dim}_target"] == target
            score = row[f"{dim}_score"]
            if np.isnan(score):
                assert np.isnan(row[f"{dim}_percent_to_target"])
                continue
            level = level_by_hand(score)
            want = 1.0 if target == 1 else (min(level, target) - 1) / (target - 1)
            assert row[f"{dim}_percent_to_target"] == pytest.approx(want)
            assert (row[f"{dim}_percent_to_target"] == 1.0) == (level >= target)
