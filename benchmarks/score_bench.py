"""Scoring engine vs the matmul bound, side by side in one process.

    python benchmarks/score_bench.py                 # 1M rows, n=5 alternating runs
    python benchmarks/score_bench.py --rows 100000 --runs 3

Synthetic responses to the bundled instrument (62 columns: 56 rubric items and context
items), about 5% don't-know cells, typed as a survey export read with pandas has them:
agreement and numbers as float, yes/no and choices as categoricals. The bound is a bare
``answers @ W``: the filled item-score matrix (float64, n x 56) times the weight matrix
(56 x 4), on one BLAS thread (threadpoolctl), the engine's C kernels on one thread too
(``$AMC_NETWORK_THREADS=1``; ``amc batch`` aggregates a large batch on two).
Timings alternate engine / bound; medians and the spread (min..max) are printed.

The 4M / 1M line is the engine called again and again in one process. Its user time scales
(0.57 vs 0.14 s, 4.1x, 2026-12-04); the excess is system time at 4M only (0.05-0.96 s a call,
0.00 at 1M). strace of one call: at 4M the heap grows by 126 MiB in 4 MiB steps and 84 MiB
are trimmed at its end, plus one 38 MiB mmap (1M: 41 and 21 MiB, no mmap), so each call
faults in fresh pages. Their cost is the host's (``benchmarks/fresh_pages.py``, same day):
this machine is a Firecracker guest that reports free memory to the host (virtio-balloon
free page reporting), and a huge page (numpy advises them for arrays of 4 MiB or more) that
has rested free for 2 s or more costs 1.6-2.2 ms/MiB to touch again, against 0.10 ms/MiB
when recently freed and 0.56 ms/MiB for 4 KiB pages; compaction is not it (``compact_stall``
in /proc/vmstat stayed 0). With malloc keeping freed memory
(``MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_MMAP_THRESHOLD_=1073741824``) the ratio was 3.43x
and 3.97x (two runs, n=5, system 0.00 s); without numpy's huge-page advice
(``NUMPY_MADVISE_HUGEPAGE=0``) 5.70x and 6.85x. Not taken: amc sets no process-wide allocator
option for a library call, and the aim stays as stated (not met where these faults occur).

2026-12-05: most of those fresh pages were copies the engine made itself, of every
categorical column's codes (``Series.cat.codes``, 26 columns). Read as views
(``Series.array.codes``), 1M rows took 0.090 s, not 0.106 s, and 4M / 1M 4.1x, not 4.6-4.9x
(system 0.02 s a call at 4M; two alternating runs of this script each, n=5).

2026-12-06: the kernels prefetch what they read next (``prefetch_span`` in kernels.c). This
machine's own prefetcher left ``numeric_options`` over 36M float64 cells at 3.9 GB/s (74 ms);
asking for the cells 2 KiB ahead gave 11 GB/s (25-29 ms). One call at 1M rows: 0.19 s before,
0.115-0.123 s after (score_frame, medians of 7 after 2 warm-ups, one BLAS thread).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_info, threadpool_limits

from amc_assess.api import instrument
from amc_assess.clib import THREADS_ENV
from amc_assess.scoring import score_frame
from amc_assess.simulate import answers_by_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: benchmarks.*
from benchmarks.common import Aim, idle_cores  # noqa: E402


def synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    q, r = instrument()
    rng = np.random.default_rng(seed)
    rules = {ri.item: ri for dim in r.dimensions.values() for ri in dim.items}
    cols: dict[str, object] = {}
    for item in q.items():
        if item.type == "text":
            continue
        if item.type in ("agreement", "number"):
            lo, hi = (1, 5) if item.type == "agreement" else (item.min, item.max)
            assert lo is not None and hi is not None  # the bundled number items are bounded
            v = rng.integers(int(lo), int(hi) + 1, n).astype(float)
            v[rng.random(n) < 0.05] = np.nan
            cols[item.id] = v
        else:
            codes: list[object] = list(item.codes())
            if item.id in rules and item.type == "choice":
                codes = list(answers_by_score(item, rules[item.id]).values())
            cat = pd.Categorical.from_codes(rng.integers(0, len(codes), n), categories=codes)
            cols[item.id] = pd.Series(cat).where(rng.random(n) >= 0.05)
    return pd.DataFrame(cols)


def bound_inputs(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    q, r = instrument()
    scored = score_frame(frame.head(10), q, r)
    filled = np.maximum(score_frame(frame, q, r).codes, 0).astype(np.float64, order="C")
    weights = np.zeros((len(scored.items), len(r.dimensions)))
    pos = {item: j for j, item in enumerate(scored.items)}
    for k, dim in enumerate(r.dimensions.values()):
        for ri in dim.items:
            weights[pos[ri.item], k] = ri.weight
    return filled, weights


@contextmanager
def one_thread() -> Iterator[None]:
    """The engine's C kernels and BLAS on one thread each, as the bound's one matmul: amc
    aggregates a large batch on two threads (``$AMC_NETWORK_THREADS``), which this aim does
    not count."""
    saved = os.environ.get(THREADS_ENV)
    os.environ[THREADS_ENV] = "1"
    try:
        with threadpool_limits(1):
            yield
    finally:
        if saved is None:
            del os.environ[THREADS_ENV]
        else:
            os.environ[THREADS_ENV] = saved


def side_by_side(frame: pd.DataFrame, runs: int) -> tuple[list[float], list[float]]:
    q, r = instrument()
    filled, weights = bound_inputs(frame)
    ours, bound = [], []
    with one_thread():
        score_frame(frame, q, r)  # warm: kernels compiled or loaded
        for _ in range(runs):
            t = time.perf_counter()
            score_frame(frame, q, r)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            filled @ weights
            bound.append(time.perf_counter() - t)
    return ours, bound


def first_call(n: int) -> dict[str, float]:
    """The engine's first call and the bound in a fresh process (kernels loaded from cache)."""
    cmd = [sys.executable, __file__, "--first-call", str(n)]
    env = {**os.environ, THREADS_ENV: "1"}  # as one_thread
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _first_call(n: int) -> None:
    frame = synthetic(n)
    filled = np.ones((n, 56))
    weights = np.ones((56, 4))
    q, r = instrument()
    with one_thread():
        t = time.perf_counter()
        score_frame(frame, q, r)
        engine = time.perf_counter() - t
        t = time.perf_counter()
        filled @ weights
        bound = time.perf_counter() - t
    print(json.dumps({"engine": engine, "bound": bound}))


def scaling(small: pd.DataFrame, big: pd.DataFrame, runs: int) -> dict[str, list[float]]:
    """Wall, user and system seconds of ``score_frame`` on ``small`` and ``big``, called
    alternately ``runs`` times each (one BLAS thread) after one untimed call of each."""
    q, r = instrument()
    times: dict[str, list[float]] = {f"{k}_{f}": [] for k in ("small", "big") for f in "wus"}
    with one_thread():
        score_frame(small, q, r)
        score_frame(big, q, r)
        for _ in range(runs):
            for key, frame in (("small", small), ("big", big)):
                before, t = os.times(), time.perf_counter()
                score_frame(frame, q, r)
                wall, after = time.perf_counter() - t, os.times()
                times[f"{key}_w"].append(wall)
                times[f"{key}_u"].append(after.user - before.user)
                times[f"{key}_s"].append(after.system - before.system)
    return times


def peak_memory(frame: pd.DataFrame) -> tuple[int, int]:
    """Peak bytes the engine allocates (tracemalloc), and the answer matrix's bytes."""
    q, r = instrument()
    score_frame(frame.head(5000), q, r)
    tracemalloc.start()
    score_frame(frame, q, r)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    matrix = len(frame) * 56 * 8  # the float64 answer matrix the bound multiplies
    return peak, matrix


def spread(values: list[float]) -> str:
    return f"{min(values):.3f}..{max(values):.3f}"


def aims(rows: int = 1_000_000, runs: int = 5) -> list[Aim]:
    frame = synthetic(rows)
    ours, bound = side_by_side(frame, runs)
    ratio = statistics.median(ours) / statistics.median(bound)
    first = first_call(rows)
    peak, matrix = peak_memory(frame)
    big = synthetic(4 * rows, seed=8)
    scaled = scaling(frame, big, runs)
    del big
    med = {key: statistics.median(values) for key, values in scaled.items()}
    scale = med["big_w"] / med["small_w"]
    detail = (f"engine {statistics.median(ours):.3f} s ({spread(ours)}), bound "
              f"{statistics.median(bound):.4f} s ({spread(bound)})")  # fmt: skip
    return [
        Aim(f"scoring {rows:,} x 56 vs bare answers @ W", ratio, 3.0, runs, detail),
        Aim(
            "first call in a fresh process vs the bound there",
            first["engine"] / first["bound"],
            5.0,
            1,
            f"engine {first['engine']:.3f} s, bound {first['bound']:.4f} s",
        ),  # fmt: skip
        Aim(
            "peak memory vs the answer matrix",
            peak / matrix,
            1.2,
            1,
            f"peak {peak / 2**20:.0f} MiB, matrix {matrix / 2**20:.0f} MiB",
        ),  # fmt: skip
        Aim(
            f"{4 * rows:,} rows vs {rows:,} rows (time)",
            scale,
            4.4,
            runs,
            f"{med['big_w']:.3f} s ({spread(scaled['big_w'])}) vs {med['small_w']:.3f} s, "
            f"alternately; user {med['big_u']:.2f} vs {med['small_u']:.2f} s, system "
            f"{med['big_s']:.2f} ({spread(scaled['big_s'])}) vs {med['small_s']:.2f} s",
        ),  # fmt: skip
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--first-call", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_call:
        return _first_call(args.first_call)
    blas = [(i["internal_api"], i["num_threads"]) for i in threadpool_info()]
    print(f"BLAS pools {blas} (timed on 1 thread); idle cores {idle_cores()} of {os.cpu_count()}")
    for aim in aims(args.rows, args.runs):
        print(aim.line())


if __name__ == "__main__":
    main()
