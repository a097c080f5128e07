"""Scale reliability on a million respondents: ours against pingouin's ``cronbach_alpha``.

    python benchmarks/reliability_bench.py                      # 1,000,000 x 13, 2% missing
    python benchmarks/reliability_bench.py --rows 200000 --repeats 11

(pingouin is not a dependency: ``pip install pingouin`` first.)

Builds one frame of five-point item scores (one common factor, answers missing completely at
random) and, for each missing-value policy, times on that same frame
  - ours: ``amc_assess.reliability.scale_reliability`` (every figure ``amc reliability``
    prints: alpha, standardized alpha, lambda-6, mean r, item statistics, Feldt interval);
  - pingouin: ``cronbach_alpha`` (alpha and its interval), with ``nan_policy="pairwise"`` or
    ``"listwise"``; for ``median``, on the frame filled with each column's median (the fill
    timed too, since pingouin has no such policy).
The two are run alternately (which goes first swaps each round) after one untimed warm-up
each, and the medians of the rounds are compared. Prints the BLAS libraries and their thread
counts (threadpoolctl) and the load average before and after, which the timings depend on.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd


def frame(rows: int, items: int, missing: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    factor = rng.normal(size=(rows, 1))
    scores = np.clip(np.round(3 + factor + rng.normal(scale=1.2, size=(rows, items))), 1, 5)
    scores[rng.random((rows, items)) < missing] = np.nan
    return pd.DataFrame(scores, columns=[f"item{j + 1:02d}" for j in range(items)])


def timed(call: Callable[[], float]) -> tuple[float, float]:
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def blas() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    pools = threadpool_info()
    if not pools:
        return "no BLAS/OpenMP pools found"
    return "; ".join(
        f"{p.get('internal_api')} ({p.get('prefix')}) {p.get('num_threads')} threads" for p in pools
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=13)
    parser.add_argument("--missing", type=float, default=0.02, help="share of cells missing")
    parser.add_argument("--repeats", type=int, default=7, help="timed rounds per policy")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import pingouin

    from amc_assess.reliability import scale_reliability

    data = frame(args.rows, args.items, args.missing, args.seed)
    print(
        f"{args.rows:,} respondents x {args.items} items, {args.missing:.0%} missing; "
        f"{args.repeats} alternating rounds per policy after one warm-up each"
    )
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"pingouin {pingouin.__version__}; {os.cpu_count()} CPUs"
    )
    print(f"BLAS: {blas()}")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    def ours(policy: str) -> Callable[[], float]:
        return lambda: scale_reliability(data, policy).alpha

    def theirs(policy: str) -> Callable[[], float]:
        if policy == "median":
            return lambda: float(pingouin.cronbach_alpha(data.fillna(data.median()))[0])
        return lambda: float(pingouin.cronbach_alpha(data, nan_policy=policy)[0])

    print(
        f"\n{'policy':<9} {'ours median s':>13} {'pingouin median s':>17} {'ratio':>6}  "
        f"{'ours min':>8} {'pingouin min':>12}  {'n':>2}  alpha (ours = pingouin)"
    )
    for policy in ("pairwise", "listwise", "median"):
        a, b = ours(policy), theirs(policy)
        alpha_ours, alpha_theirs = a(), b()  # warm-up (imports, first touch of the frame)
        times_ours: list[float] = []
        times_theirs: list[float] = []
        for round_ in range(args.repeats):
            order = [(a, times_ours), (b, times_theirs)]
            for call, times in order if round_ % 2 == 0 else reversed(order):
                seconds, _ = timed(call)
                times.append(seconds)
        mo, mt = statistics.median(times_ours), statistics.median(times_theirs)
        same = "yes" if abs(alpha_ours - alpha_theirs) < 1e-9 else "NO"
        print(
            f"{policy:<9} {mo:>13.3f} {mt:>17.3f} {mo / mt:>6.2f}  {min(times_ours):>8.3f} "
            f"{min(times_theirs):>12.3f}  {args.repeats:>2}  {alpha_ours:.6f} ({same})"
        )
    print("\nload average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("ratio = ours / pingouin (below 1: ours faster); ours computes every figure")


if __name__ == "__main__":
    main()
