"""The top betweenness ranking (amc_assess.network.analysis.ranking): only the figures near the
last place are rounded and sorted, and the ranking is that of rounding and sorting all of them."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from amc_assess.network.analysis import _ten_digits, ranking

# figures a few units apart in the 10th or 11th digit (equal or not once rounded), zeros, and
# figures far apart
NEAR = st.integers(0, 40).map(lambda k: 0.123456789 + k * 3e-11)
FIGURES = st.one_of(NEAR, st.just(0.0), st.floats(0, 1e6), NEAR.map(lambda x: x * 1e4))


@settings(max_examples=300, deadline=None)
@given(st.lists(FIGURES, max_size=40), st.integers(-2, 8))
@example([0.1234567891, 0.12345678914, 0.12345678906, 0.1, 0.0], 2)
@example([0.0, 0.0, 0.0], 1)
def test_the_ranking_of_every_figure_rounded(figures: list[float], top: int) -> None:
    names = [f"P{i}" for i in reversed(range(len(figures)))]  # not in name order
    between = dict(zip(names, figures, strict=True))
    every = sorted(names, key=lambda v: (-_ten_digits(between[v]), v))[:top]
    assert ranking(names, between, top) == every
