"""The C kernels: compiled once into the cache folder, loaded from it afterwards, and where
no compiler works the engine falls back to numba with the same figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SCRIPT = """
import json, numpy as np, pandas as pd
from amc_assess import kernels, native
from amc_assess.api import instrument
from amc_assess.scoring import score_frame
q, r = instrument()
rng = np.random.default_rng(3)
cols = {}
for i in q.items():
    if i.type in ("agreement", "number"):
        lo, hi = (1, 5) if i.type == "agreement" else (int(i.min), min(int(i.max), 200))
        cols[i.id] = rng.integers(lo, hi + 1, 5000).astype(float)
    elif i.type != "text":
        cols[i.id] = pd.Categorical.from_codes(rng.integers(0, len(i.codes()), 5000),
                                               categories=list(i.codes()))
frame = pd.DataFrame(cols)
agree = [i.id for i in q.items() if i.type == "agreement"]
frame.loc[::11, agree[0]] = np.nan
frame.loc[::13, agree[1]] = 9.0
scored = score_frame(frame, q, r)
print(json.dumps({
    "native": native.library() is not None,
    "numba": "numba" in __import__("sys").modules,
    "scores": np.nan_to_num(scored.figures["structure_score"], nan=-1).tolist(),
    "levels": scored.figures["structure_level"].tolist(),
    "invalid": len(scored.invalid),
}))
"""


def run(tmp_path, **env):
    environ = {**os.environ, "AMC_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    environ.pop("AMC_KERNELS", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT], env={**environ, **env},
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_compiled_once_then_loaded_and_numba_where_no_compiler_works(tmp_path):
    first = run(tmp_path)
    libraries = list((tmp_path / "cache").glob("kernels-*.so"))
    assert first["native"] and not first["numba"] and len(libraries) == 1
    assert not list((tmp_path / "cache").glob("*.partial"))  # never a half-written library
    assert oct((tmp_path / "cache").stat().st_mode & 0o777) == "0o700"
    stamp = libraries[0].stat().st_mtime_ns
    again = run(tmp_path)  # loaded, not compiled again
    assert again == first and libraries[0].stat().st_mtime_ns == stamp
    (tmp_path / "cache" / "kernels-0000000000000000.so").write_bytes(b"an older version")
    (tmp_path / "cache" / libraries[0].name).unlink()
    run(tmp_path)  # compiled again: the other version's library is removed
    assert [p.name for p in (tmp_path / "cache").glob("kernels-*.so")] == [libraries[0].name]
    fallback = run(tmp_path / "other", CC="false")  # the compiler fails: numba instead
    assert not fallback["native"] and fallback["numba"]
    assert {k: fallback[k] for k in ("scores", "levels", "invalid")} == {
        k: first[k] for k in ("scores", "levels", "invalid")
    }
    assert first["invalid"] == len(range(0, 5000, 13)) and min(first["levels"]) >= 1


def test_a_library_in_a_folder_others_can_write_is_never_loaded(tmp_path):
    run(tmp_path)
    (tmp_path / "cache").chmod(0o777)  # as if another user could have planted it
    try:
        got = run(tmp_path, CC="false", TMPDIR=str(tmp_path / "none"))
    finally:
        (tmp_path / "cache").chmod(0o700)
    assert not got["native"] and got["numba"]


def test_c_kernels_equal_the_python_loops_cell_for_cell():
    import numpy as np
    import pytest

    from amc_assess import kernels, native

    lib = native.library()
    if lib is None:
        pytest.fail("no C compiler here: the C kernels cannot be tested")
    rng = np.random.default_rng(11)
    n = 10_007  # not a multiple of the vector width: the tail runs too
    cells = rng.choice([np.nan, np.inf, -np.inf, -0.0, 0.5, 2.5, 1e300, *range(-2, 40)], n)
    points = np.zeros(31, np.int16)  # codes 10, 20, 30 only (gaps are not answers)
    points[[0, 10, 20]] = [1, 2, 3]
    cases = [
        (0.0, 30.0, True, points, np.zeros(0), points[:0]),  # a scale with gaps, from 0
        (10.0, 40.0, True, points, np.zeros(0), points[:0]),
        (1.0, 5.0, True, np.arange(1, 6, dtype=np.int16), np.zeros(0), points[:0]),
        (0.0, 10.0, True, points[:11], np.zeros(0), points[:0]),  # codes 0 and 10: 11 slots
        (-5.0, 10.0, True, np.arange(-1, 15, dtype=np.int16), np.zeros(0), points[:0]),
        (0.0, 35.0, False, points[:0], np.array([5.0, 12.5, 20.0]), np.arange(1, 5, dtype=np.int16)),
        (-1.0, 30.0, True, points[:0], np.array([0.0, 10.0]), np.array([2, 0, 7], np.int16)),
        (0.0, 9.0, True, points[:0], np.array([5.0, 3.0]), np.arange(1, 4, dtype=np.int16)),  # unsorted
    ]  # fmt: skip
    for dtype in (np.int16, np.int8):
        for case in cases:
            want, got = np.full(n, 99, dtype), np.full(n, 99, dtype)
            bad_want = kernels.numeric_options(cells, *case, want)
            bad_got = native.numeric_options(lib, cells, *case, got)
            assert bad_got == bad_want and np.array_equal(got, want), (dtype, case[:3])
    codes = rng.integers(-1, 7, n).astype(np.int8)
    table = np.array([0, 3, 1, 4, 1, 5, 9, -1], np.int16)
    for code_type in (np.int8, np.int16, np.int32, np.int64):
        for out_type in (np.int8, np.int16):
            want, got = np.zeros(n, out_type), np.zeros(n, out_type)
            kernels.take_codes(codes.astype(code_type), table, want)
            native.take_codes(lib, codes.astype(code_type), table, got)
            assert np.array_equal(got, want) and np.array_equal(
                want, np.take(table, codes, mode="wrap")
            )


def _aggregation_inputs(case: str, n: int = 2_051):
    """Item score codes (13 items x 2,051 rows: two blocks and a tail that is not a multiple
    of 4) and their rubric, for the two ways the C kernel sums a dimension."""
    import numpy as np

    rng = np.random.default_rng(5)
    m = 13
    codes = rng.integers(-1, 8, (m, n)).astype(np.int8)
    codes[:, ::97] = 0  # rows with nothing answered
    scores = np.tile(np.arange(128, dtype=float), (m, 1))
    direct = np.ones(m, bool)
    members = rng.permutation(m).astype(np.int64)
    if case == "fractional":  # float64 sums: fractional scores and weights
        direct[[2, 7]] = False  # items whose codes stand for fractional scores
        scores[2, 1:8] = [0.25, 1.1, 2.7, 3.3, 4.05, 4.9, 5.0]
        scores[7, 1:8] = [1.0, 1.5, 2.25, 3.0, 3.75, 4.5, 4.99]
        weights = rng.choice([0.5, 1.0, 1.5, 2.0, 0.3, 1.7], m)
        starts = np.array([0, 4, 5, 13], np.int64)  # dimensions of 4, 1 and 8 items
    else:  # whole-number sums (weights whole in halves, quarters...), looked-up figures
        codes = rng.integers(-1, 6, (m, n)).astype(np.int8)
        codes[:, ::97] = 0
        late = 1500 if n < 10_000 else n - 5000  # larger codes in a later block
        codes[:, late : late + 100] = rng.integers(-1, 121, (m, 100))
        codes[[0, 5], 3] = 127
        weights = rng.choice([0.5, 1.0, 1.5, 2.0, 0.25, 3.0], m)
        weights[members[9:11]] = 64.0  # a table too large: the float64 figures of the sums
        weights[members[11]] = 0.3  # not whole in any power of two: float64 sums
        starts = np.array([0, 4, 5, 9, 11, 13], np.int64)  # 4, 1, 4, 2 and 2 items
    return codes, scores, direct, members, weights, starts


def test_c_aggregation_equals_the_python_loops_to_the_bit():
    import numpy as np
    import pytest

    from amc_assess import kernels, native

    lib = native.library()
    if lib is None:
        pytest.fail("no C compiler here: the C kernels cannot be tested")
    rng = np.random.default_rng(6)
    thresholds = np.array([1.0, 1.7, 2.4, 3.1, 3.8, 4.5])  # share 1/2 is enough within eps
    for case in ("fractional", "whole"):
        codes, scores, direct, members, weights, starts = _aggregation_inputs(case)
        d, n = len(starts) - 1, codes.shape[1]
        dim_weights = np.array([1.0, 2.0, 0.7, 1.5, 0.5][:d])
        for require_all in (False, True):
            for targets in (
                rng.integers(1, 7, (n, d)).astype(np.int8),
                np.broadcast_to(np.array([2, 6, 1, 4, 3][:d], np.int8), (n, d)),
            ):
                runs = []
                for run in (kernels.aggregate_rows, lambda *a: native.aggregate_rows(lib, *a)):
                    out = [np.full((d, n), 7.5), np.full((d, n), 9, np.int8),
                           np.full((d, n), 9, np.int16), np.full((d, n), 9, np.int16),
                           *[np.full((d, n), 7.5) for _ in range(4)],
                           np.full(n, 7.5), np.full(n, 9, np.int8), np.full(n, 7.5)]  # fmt: skip
                    run(codes, scores, direct, members, weights, starts, thresholds, targets,
                        dim_weights, 0.5 + 1e-10, require_all, 1e-9, *out)  # fmt: skip
                    runs.append(out)
                for want, got in zip(*runs, strict=True):
                    assert np.array_equal(want, got, equal_nan=True), case
                assert np.isnan(runs[0][0]).any() and (runs[0][1] == 6).any()  # both kinds


def test_c_aggregation_on_two_threads_equals_one_to_the_bit(monkeypatch: pytest.MonkeyPatch):
    """A large batch is aggregated on two threads, each over half the rows with tables of
    its own (the second half holds larger codes): the same figures as on one."""
    import numpy as np

    from amc_assess import native

    lib = native.library()
    if lib is None:
        pytest.fail("no C compiler here: the C kernels cannot be tested")
    thresholds = np.array([1.0, 1.7, 2.4, 3.1, 3.8, 4.5])
    for case in ("fractional", "whole"):
        codes, scores, direct, members, weights, starts = _aggregation_inputs(case, 150_001)
        d, n = len(starts) - 1, codes.shape[1]
        targets = np.random.default_rng(8).integers(1, 7, (n, d)).astype(np.int8)
        runs = []
        for threads in ("1", "2"):
            monkeypatch.setenv(native.THREADS_ENV, threads)
            out = [np.full((d, n), 7.5), np.full((d, n), 9, np.int8),
                   np.full((d, n), 9, np.int16), np.full((d, n), 9, np.int16),
                   *[np.full((d, n), 7.5) for _ in range(4)],
                   np.full(n, 7.5), np.full(n, 9, np.int8), np.full(n, 7.5)]  # fmt: skip
            native.aggregate_rows(lib, codes, scores, direct, members, weights, starts,
                                  thresholds, targets, np.array([1.0, 2.0, 0.7, 1.5, 0.5][:d]),
                                  0.5 + 1e-10, False, 1e-9, *out)  # fmt: skip
            runs.append(out)
        for one, two in zip(*runs, strict=True):
            assert np.array_equal(one, two, equal_nan=True), case
        assert not np.isin(runs[0][1], [9]).any()  # every row written, on both threads


@pytest.mark.parametrize("distinct", [5, 1000])
def test_c_brandes_equals_the_python_loops_to_the_bit(
    distinct: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 1, 2 and 3 threads, ties in 32 bits and in 64, sources in several blocks (a last
    partial one), a few path lengths (as tie strengths give) or many."""
    import numpy as np

    from amc_assess import native
    from amc_assess.network import brandes

    lib = native.library()
    if lib is None:
        pytest.fail("no C compiler here: the C kernels cannot be tested")
    rng = np.random.default_rng(9)
    n = 300
    pairs = {tuple(sorted(p)) for p in rng.integers(0, n, (1500, 2)).tolist() if p[0] != p[1]}
    ends = np.array(sorted(pairs), np.int64)
    if distinct == 5:  # 6/strength, strengths 1..5
        length = rng.choice([6, 12, 15, 20, 30], len(ends)).astype(np.int64)
    else:
        length = rng.integers(1000, 5000, len(ends)).astype(np.int64)
    indptr, indices, lengths = brandes.adjacency(ends, length, n)
    sources = np.concatenate([np.arange(n), np.arange(0, n, 7)]).astype(np.int64)
    assert len(sources) % brandes.SOURCE_BLOCK and len(sources) > 3 * brandes.SOURCE_BLOCK
    want = same_on_every_thread_count(lib, monkeypatch, indptr, indices, lengths, sources)
    assert want.max() > 0


def same_on_every_thread_count(lib, monkeypatch, indptr, indices, lengths, sources):
    """The Python loops' dependencies, after checking that C gives them to the bit on 1, 2 and
    3 threads with 32- and 64-bit ties."""
    import numpy as np

    from amc_assess import native
    from amc_assess.network import brandes

    want = np.zeros(len(indptr) - 1)
    brandes.dependencies(indptr, indices, lengths, sources, want)
    for threads in ("1", "2", "3"):
        monkeypatch.setenv(native.THREADS_ENV, threads)
        for wide in (False, True):
            got = np.zeros(len(want))
            native.dependencies(lib, indptr, indices, lengths, sources, got, wide=wide)
            assert np.array_equal(want, got), (threads, wide)
    return want


def test_brandes_threads_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from amc_assess import native

    monkeypatch.delenv(native.THREADS_ENV, raising=False)
    assert 1 <= native.threads() <= 2
    monkeypatch.setenv(native.THREADS_ENV, "4")
    assert native.threads() == 4
    monkeypatch.setenv(native.THREADS_ENV, "0")
    assert native.threads() == 1
    monkeypatch.setenv(native.THREADS_ENV, "two")
    with pytest.raises(ValueError, match="AMC_NETWORK_THREADS"):
        native.threads()
