"""The scoring engine against hand-computed values on the mini instrument."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from amc_assess.scoring import score_frame

FULL = {
    "ctx_repeat_share": 70, "a_agree1": 4, "a_agree2": 2, "a_yes": "yes", "a_choice": "some",
    "b_exists": "yes", "b_count": 7, "b_budget": "not_applicable", "b_agree": "dont_know",
}  # fmt: skip


def run(mini_pair, *rows: dict) -> pd.DataFrame:
    q, r = mini_pair
    scored = score_frame(pd.DataFrame(list(rows), dtype=object), q, r)
    return scored


def test_hand_computed_example(mini_pair):
    s = run(mini_pair, FULL)
    d = s.dimensions.iloc[0]
    # alpha: (4 + (6-2) + 2*5 + 3) / (1+1+2+1) = 21/5
    assert d["alpha_score"] == pytest.approx(4.2)
    assert d["alpha_level"] == 5  # exactly on the 4.2 threshold
    assert d["alpha_gap_to_next"] == 0
    # beta: b_exists yes=5 (w1), b_count 7 -> band [5,10) = 3 (w2); b_budget N/A; b_agree don't know
    assert d["beta_score"] == pytest.approx(11 / 3)
    assert d["beta_level"] == 4
    assert d["beta_answered"] == 2 and d["beta_applicable"] == 3
    assert d["beta_answered_share"] == pytest.approx(2 / 3)
    assert d["beta_gap_to_next"] == pytest.approx(4.2 - 11 / 3)
    # overall: weights alpha 2, beta 1
    assert d["overall_score"] == pytest.approx((2 * 4.2 + 11 / 3) / 3)
    assert d["overall_level"] == 4
    assert s.fired(0) == ["formal_with_repeat"]


def test_gap_to_target_in_points_and_progress_in_level_steps(mini_pair):
    row = dict(FULL, a_agree1=1, a_agree2=5, a_yes="no", a_choice="none", b_count=0, b_agree=1)
    s = run(mini_pair, row)
    d = s.dimensions.iloc[0]
    assert d["alpha_score"] == 1.0 and d["alpha_level"] == 1
    # beta answered: 5 (w1), 1 (w2), 1 (w1) -> 8/4
    assert d["beta_score"] == pytest.approx(2.0) and d["beta_level"] == 2
    # targets: alpha level 4 = 3.4, beta level 3 = 2.6; gaps in score points
    assert d["alpha_gap_to_target"] == pytest.approx(2.4)
    assert d["beta_gap_to_target"] == pytest.approx(0.6)
    # progress: levels completed toward the target / levels needed
    assert d["alpha_percent_to_target"] == 0.0  # level 1 of target 4: 0 of 3 steps
    assert d["beta_percent_to_target"] == pytest.approx(1 / 2)  # level 2 of 3: 1 of 2 steps
    assert d["overall_percent_to_target"] == pytest.approx((0 + 1) / (3 + 2))


def test_reverse_key(mini_pair):
    s = run(mini_pair, {"a_agree2": 1}, {"a_agree2": 5})
    items = s.item_frame()
    assert list(items["a_agree2"]) == [5, 1]


@pytest.mark.parametrize(
    ("count", "score"),
    [(0, 1), (0.999, 1), (1, 2), (4, 2), (5, 3), (9, 3), (10, 4), (19, 4), (20, 5), (100, 5)],
)
def test_band_edges_lower_inclusive_upper_exclusive_last_inclusive(mini_pair, count, score):
    q, r = mini_pair
    q = q.model_copy(deep=True)
    q.item_map()["b_count"].integer = False
    s = score_frame(pd.DataFrame([{"b_exists": "yes", "b_count": count}], dtype=object), q, r)
    assert s.item_frame()["b_count"].iloc[0] == score


def test_dont_know_counts_against_share_not_applicable_does_not(mini_pair):
    base = {"b_exists": "yes", "b_count": 7, "b_agree": 3}
    s = run(mini_pair, dict(base, b_budget="dont_know"), dict(base, b_budget="not_applicable"))
    d = s.dimensions
    assert list(d["beta_applicable"]) == [4, 3]
    assert list(d["beta_answered"]) == [3, 3]
    # same score either way: missing answers are never scored as low
    assert d["beta_score"].iloc[0] == pytest.approx(d["beta_score"].iloc[1])


def test_insufficient_data_gives_no_number(mini_pair):
    # alpha: 2 of 4 answered = 0.5 < 0.6
    s = run(mini_pair, {"a_agree1": 5, "a_yes": "yes", "b_exists": "no", "b_agree": 4})
    d = s.dimensions.iloc[0]
    assert d["alpha_status"] == "insufficient data"
    assert math.isnan(d["alpha_score"]) and d["alpha_level"] is pd.NA
    assert d["alpha_answered_share"] == 0.5
    assert d["beta_status"] == "ok"
    assert math.isnan(d["overall_score"]) and d["overall_status"] == "insufficient data"


def test_share_exactly_at_minimum_is_enough(mini_pair):
    # beta with b_exists yes: 4 applicable... use 3 answered of 5? mini has 4: 3/4 = .75
    q, r = mini_pair
    r = r.model_copy(deep=True)
    r.missing.min_answered_share = 0.75
    s = score_frame(
        pd.DataFrame([{"b_exists": "yes", "b_count": 3, "b_budget": 2}], dtype=object), q, r
    )
    assert s.dimensions["beta_status"].iloc[0] == "ok"


def test_skip_logic_leaves_items_out_and_ignores_stale_answers(mini_pair):
    s = run(mini_pair, {"b_exists": "no", "b_count": 50, "b_budget": 5, "b_agree": 2})
    d = s.dimensions.iloc[0]
    assert d["beta_applicable"] == 2  # b_count and b_budget were not asked
    assert d["beta_score"] == pytest.approx((1 + 2) / 2)
    assert s.item_frame()["b_count"].isna().iloc[0]


def test_not_applicable_where_not_allowed_is_a_problem(mini_pair):
    s = run(mini_pair, {"a_agree1": "not_applicable", "a_choice": "lots", "b_count": 7.5,
                        "b_exists": "yes"})  # fmt: skip
    problems = s.problems.set_index("item")
    assert problems.loc["a_agree1", "reason"] == "'not applicable' is not allowed for this item"
    assert problems.loc["a_choice", "reason"] == "expected one of: none, some, full"
    assert problems.loc["b_count", "reason"] == "expected a whole number from 0 to 100"
    assert s.dimensions["alpha_answered"].iloc[0] == 0


def test_contextual_rules(mini_pair):
    s = run(
        mini_pair,
        FULL,  # repeat partners and a strong beta: caution
        dict(FULL, ctx_repeat_share=20, b_exists="no"),  # new partners and no B
        dict(FULL, ctx_repeat_share=50),  # neither
        dict(FULL, ctx_repeat_share="dont_know", b_exists="no"),  # unknown never satisfies
    )
    assert [s.fired(k) for k in range(4)] == [["formal_with_repeat"], ["no_b_new_partners"], [], []]


def test_yes_no_spellings(mini_pair):
    s = run(mini_pair, {"a_yes": True}, {"a_yes": " Yes "}, {"a_yes": "no"}, {"a_yes": False})
    assert list(s.item_frame()["a_yes"]) == [5, 5, 1, 1]


def test_numeric_columns_take_the_fast_path(mini_pair):
    q, r = mini_pair
    frame = pd.DataFrame({"a_agree1": [1.0, np.nan, 5.0], "b_agree": [2, 3, 4]})
    s = score_frame(frame, q, r)
    assert s.item_frame()["a_agree1"].isna().tolist() == [False, True, False]
    assert s.codes[:, s.items.index("a_agree1")].tolist() == [1, 0, 5]


def test_compiled_kernels_give_the_same_figures_as_the_python_loops(mini_pair, monkeypatch):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "a_agree1": rng.integers(1, 6, 50), "a_agree2": rng.integers(1, 6, 50),
            "a_yes": rng.choice(["yes", "no"], 50), "a_choice": rng.choice(["none", "full"], 50),
            "b_exists": "yes", "b_count": rng.integers(0, 100, 50), "b_agree": rng.integers(1, 6, 50),
        }
    )  # fmt: skip
    q, r = mini_pair
    frame.loc[::7, "a_agree1"] = 9  # invalid answers: counted in the kernel
    monkeypatch.setenv("AMC_KERNELS", "python")
    python = score_frame(frame, q, r)
    for mode in ("c", "numba"):
        monkeypatch.setenv("AMC_KERNELS", mode)
        compiled = score_frame(frame, q, r)
        pd.testing.assert_frame_equal(python.dimensions, compiled.dimensions, check_exact=True)
        pd.testing.assert_frame_equal(python.problems, compiled.problems)
        assert np.array_equal(python.codes, compiled.codes)
    assert len(python.problems) == 8 and python.dimensions["alpha_score"].notna().all()


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.uint8, np.int32])
def test_whole_number_comparisons_answer_as_float_comparisons(dtype):
    """Levels are compared with a whole number in their own type; the answers are those of
    comparing them as floats, for fractional, whole and out-of-range operands."""
    from amc_assess.evaluate import _compare

    info = np.iinfo(dtype)
    values = np.array(sorted({info.min, info.min + 1, 0, 1, 2, 3, 5, info.max - 1, info.max}),
                      dtype=dtype)  # fmt: skip
    operands = [2.0, 2.5, -0.5, 0.0, -0.0, 3.0000001, info.max + 0.5, info.min - 0.5,
                float(info.max) + 1, float(info.min) - 1, 1e300, -1e300, math.inf, -math.inf]  # fmt: skip
    for op, as_floats in [("eq", np.equal), ("gt", np.greater), ("gte", np.greater_equal),
                          ("lt", np.less), ("lte", np.less_equal)]:  # fmt: skip
        for x in operands:
            want = as_floats(values.astype(float), x)
            got = _compare(values, op, x)
            assert got.dtype == bool and np.array_equal(got, want), (op, x)


def test_a_categorical_column_reaches_the_engine_without_a_copy_of_its_codes():
    """A survey export's coded column is read through its own codes (a copy per column cost
    the engine 16 ms at 1M rows and made 4M rows fault in fresh pages)."""
    from amc_assess.scoring import frame_column

    series = pd.Series(pd.Categorical(["yes", "no", None, "yes"]))
    coded = frame_column(series)
    assert np.shares_memory(coded.codes, series.array.codes)
    assert coded.codes.tolist() == [1, 0, -1, 1] and coded.categories == ["no", "yes"]


def _answers(q, n: int, seed: int = 5) -> pd.DataFrame:
    """Answers to every item of ``q`` as an export read by pandas has them, some blank, some
    refused (numbers past the scale, unknown labels)."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {}
    for item in q.items():
        if item.type in ("agreement", "number"):
            lo, hi = (1, 5) if item.type == "agreement" else (item.min, item.max)
            values = rng.integers(int(lo or 0), int(hi or 10) + 2, n).astype(float)  # some past
            values[rng.random(n) < 0.05] = np.nan
            cols[item.id] = values
        elif item.type != "text":
            labels = np.array([*item.codes(), "no idea"], dtype=object)
            cells = labels[rng.integers(0, len(labels), n)]
            cells[rng.random(n) < 0.05] = None
            cols[item.id] = pd.Categorical(cells)
    return pd.DataFrame(cols)


def test_items_encoded_on_two_threads_give_what_one_thread_gives(monkeypatch) -> None:
    """A large frame's items are encoded a few ahead on two threads (:mod:`amc_assess.ahead`):
    the same code matrix, figures, fired rules and refused cells, in the same order, as when
    each is encoded in turn; skip logic, blanks and bad cells (out of range, unknown labels)."""
    from amc_assess import ahead, clib
    from amc_assess.api import instrument

    q, r = instrument()
    frame = _answers(q, 3000)
    monkeypatch.setattr(ahead, "PARALLEL_FROM", 1 << 40)
    one = score_frame(frame, q, r)
    monkeypatch.setattr(ahead, "PARALLEL_FROM", 0)
    monkeypatch.setattr(clib, "threads", lambda: 2)  # also on a machine of one core
    two = score_frame(frame, q, r)
    assert len(one.invalid) > 100  # bad cells in many items
    assert [(a.row, a.item, a.value, a.reason) for a in two.invalid] == [
        (a.row, a.item, a.value, a.reason) for a in one.invalid
    ]
    assert np.array_equal(one.codes, two.codes)
    assert one.rules.equals(two.rules) and one.rules.to_numpy().any()
    for name, values in one.figures.items():
        assert np.array_equal(values, two.figures[name], equal_nan=True), name


def test_gaps_are_made_when_first_asked_for_and_equal_the_python_kernels(monkeypatch) -> None:
    """The C kernel leaves each dimension's gaps and progress out until one is asked for
    (:class:`amc_assess.figures.Figures`); then all are made, equal to the bit to those the
    Python kernel writes at once, and the other figures are the same arrays as before."""
    from amc_assess.api import instrument
    from amc_assess.figures import LATER

    q, r = instrument()
    frame = _answers(q, 5000, seed=9)
    monkeypatch.setenv("AMC_KERNELS", "c")
    lazy = score_frame(frame, q, r)
    monkeypatch.setenv("AMC_KERNELS", "python")
    eager = score_frame(frame, q, r)
    gaps = [f"{d}_{m}" for d in r.dimensions for m in LATER]
    assert list(lazy.figures) == list(eager.figures) and set(gaps) < set(lazy.figures)
    made = lazy.figures._made  # type: ignore[attr-defined]
    assert not set(gaps) & set(made)  # none made yet
    score = made["structure_score"]
    table = lazy.frame(["structure_score", "overall_level"])  # the batch table's: no gap
    assert not set(gaps) & set(made) and list(table.columns) == ["structure_score", "overall_level"]
    assert np.isfinite(lazy.figures["daf_gap_to_next"]).any()
    assert set(gaps) <= set(made) and made["structure_score"] is score
    for name in lazy.figures:
        assert np.array_equal(lazy.figures[name], eager.figures[name], equal_nan=True), name
    assert lazy.dimensions.equals(eager.dimensions)


def test_the_c_kernel_takes_all_three_gap_outputs_or_none() -> None:
    from amc_assess import native

    lib = native.library()
    if lib is None:
        pytest.skip("no C compiler")
    n, d = 3, 1
    out = [np.empty((d, n)), np.empty((d, n), np.int8), np.empty((d, n), np.int16),
           np.empty((d, n), np.int16), np.empty((d, n)), None, np.empty((d, n)), None,
           np.empty(n), np.empty(n, np.int8), np.empty(n)]  # fmt: skip
    args = [np.ones((1, n), np.int8), np.zeros((1, 128)), np.ones(1, np.bool_),
            np.zeros(1, np.int64), np.ones(1), np.array([0, 1], np.int64),
            np.array([1.0, 2, 3, 4, 5]), np.ones((n, d), np.int8), np.ones(1), 0.5, False, 1e-9]  # fmt: skip
    with pytest.raises(ValueError, match="together"):
        native.aggregate_rows(lib, *args, *out)
