"""The C Brandes kernel against the Python loops, to the bit, where its bookkeeping is tested
hardest: people never reached (several groups, people with no tie), many equally short paths
(predecessor chains), sources repeated, on 1, 2 and 3 threads."""

from __future__ import annotations

import numpy as np
import pytest

from amc_assess import native
from amc_assess.network import brandes
from test_native import same_on_every_thread_count


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_groups_and_equal_paths_as_the_python_loops(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = native.library()
    if lib is None:
        pytest.fail("no C compiler here: the C kernels cannot be tested")
    rng = np.random.default_rng(seed)
    n = 240  # four groups of 50 and 40 people with no tie
    pairs: set[tuple[int, int]] = set()
    for g in range(4):
        base = 50 * g
        for a, b in rng.integers(0, 50, (120, 2)).tolist():
            if a != b:
                pairs.add((base + min(a, b), base + max(a, b)))
        pairs.update((base + i, base + i + 1) for i in range(49))  # a path: one group
    ends = np.array(sorted(pairs), np.int64)
    length = rng.choice([6, 12], len(ends)).astype(np.int64)  # two lengths: many ties
    indptr, indices, lengths = brandes.adjacency(ends, length, n)
    sources = np.concatenate([rng.permutation(n), np.arange(0, n, 3)]).astype(np.int64)
    want = same_on_every_thread_count(lib, monkeypatch, indptr, indices, lengths, sources)
    assert want.max() > 0 and (want[200:] == 0).all()
