"""Conditions over many rows: the compiled clause pass (C, and numba where no compiler works)
gives the same truth as numpy's whole-array tests, for every kind of value and test."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import TypeAdapter

from amc_assess.evaluate import Coded, evaluate
from amc_assess.models.conditions import Condition

N = 5_003  # above the compiled kernels' row threshold, and not a multiple of a block
CATEGORIES = ["yes", "no", "3", "2.5", "x"]  # codes, some of which read as numbers


def subjects(rng: np.random.Generator) -> dict[str, tuple[object, np.ndarray]]:
    """Values as lookups give them: numbers with NaN, levels, counts, codes (-1: none)."""
    floats = rng.choice([np.nan, -1.0, 0.0, 0.5, 1.0, 2.0, 2.5, 3.0, 60.0, 1e300], N)
    out: dict[str, tuple[object, np.ndarray]] = {
        "number": (floats, ~np.isnan(floats) & (rng.random(N) < 0.9)),
        "level": (lv := rng.integers(0, 6, N).astype(np.int8), lv > 0),
        "count": (rng.integers(-3, 300, N).astype(np.int16), rng.random(N) < 0.8),
        "wide": (rng.integers(-5, 5, N).astype(np.int64), rng.random(N) < 0.7),
    }
    codes = rng.integers(-1, len(CATEGORIES), N).astype(np.int16)
    out["choice"] = (Coded(codes, CATEGORIES), codes >= 0)
    options = rng.integers(-1, len(CATEGORIES) + 1, N).astype(np.int16)  # as Encoded.values
    out["options"] = (Coded(options, ["\x00unanswered\x00", *CATEGORIES]), options > 0)
    return out


TESTS = [
    {"eq": 2}, {"eq": 2.5}, {"eq": "yes"}, {"eq": True}, {"eq": "3"}, {"ne": "no"}, {"ne": 3},
    {"ne": 2.5}, {"gt": 2}, {"gte": 2.5}, {"lt": 1}, {"lte": 0.5}, {"gte": 1e300},
    {"lt": -1e300}, {"gt": 127.5}, {"lte": -129}, {"in": ["yes", 3, 2.5]}, {"not_in": ["no", 2]},
    {"answered": True}, {"answered": False}, {"gte": 1, "lte": 3}, {"eq": "x"},
]  # fmt: skip


def random_condition(rng: np.random.Generator, names: list[str], depth: int = 0) -> dict:
    if depth < 3 and rng.random() < 0.45:
        kind = str(rng.choice(["all", "any", "not"]))
        if kind == "not":
            return {"not": random_condition(rng, names, depth + 1)}
        size = int(rng.integers(1, 4))
        return {kind: [random_condition(rng, names, depth + 1) for _ in range(size)]}
    test = dict(TESTS[int(rng.integers(len(TESTS)))])
    kind = "level" if rng.random() < 0.15 and "answered" not in test else "item"
    return {kind: str(rng.choice(names)), **test}


@pytest.mark.parametrize("seed", range(6))
def test_compiled_clauses_equal_numpy_for_every_value_and_test(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    values = subjects(rng)
    names = list(values)
    adapter = TypeAdapter(Condition)
    conditions = [random_condition(rng, names) for _ in range(60)]
    conditions += [{"item": name, **test} for name in names for test in TESTS]
    seen = {"some": 0, "none": 0}
    for raw in conditions:
        condition = adapter.validate_python(raw)
        got = {}
        for mode in ("python", "c", "numba"):
            monkeypatch.setenv("AMC_KERNELS", mode)
            out = np.ones(N, bool)  # overwritten, whatever it held
            evaluate(condition, lambda kind, name: values[name], N, out=out)
            got[mode] = out
        assert np.array_equal(got["c"], got["python"]), raw
        assert np.array_equal(got["numba"], got["python"]), raw
        seen["some" if got["python"].any() else "none"] += 1
    assert seen["some"] > 100 and seen["none"] > 20  # both outcomes are tested
