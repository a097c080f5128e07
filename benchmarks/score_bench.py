"""Scoring engine throughput and memory vs the matmul lower bound.

    python benchmarks/score_bench.py            # 100k and 1M responses
    python benchmarks/score_bench.py --rows 50000

Synthetic responses to the bundled instrument (62 columns: 52 scored items, 10 context items),
with about 5% don't-know cells, typed as a survey export read with pandas would be: agreement
and numbers as numbers, yes/no and choices as categoricals. The lower bound is one numpy matmul
of the same filled item-score matrix (float64, missing as 0) with the same weight matrix.
Also times `amc --help` against `python -c "import click"`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

from amc_assess.api import instrument
from amc_assess.scoring import _aggregate, score_frame
from amc_assess.simulate import answers_by_score


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
            v = rng.integers(int(lo), int(hi) + 1, n).astype(float)
            v[rng.random(n) < 0.05] = np.nan
            cols[item.id] = v
        else:
            codes = list(item.codes())
            if item.id in rules and item.type == "choice":
                codes = list(answers_by_score(item, rules[item.id]).values())
            cat = pd.Categorical.from_codes(rng.integers(0, len(codes), n), categories=codes)
            cols[item.id] = pd.Series(cat).where(rng.random(n) >= 0.05)
    return pd.DataFrame(cols)


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def run(n: int) -> None:
    q, r = instrument()
    frame = synthetic(n)
    scored = score_frame(frame, q, r)
    item_ids = scored.items
    filled = np.maximum(scored.codes, 0).astype(np.float64)  # the filled answer matrix
    weights = np.zeros((len(item_ids), len(r.dimensions)))
    pos = {item: j for j, item in enumerate(item_ids)}
    for k, dim in enumerate(r.dimensions.values()):
        for ri in dim.items:
            weights[pos[ri.item], k] = ri.weight
    t_engine = timed(lambda: score_frame(frame, q, r))
    t_bound = timed(lambda: filled @ weights, repeat=5)
    t_agg = timed(lambda: _aggregate(scored.codes, item_ids, r, n))
    matrix_bytes = filled.nbytes
    tracemalloc.start()
    score_frame(frame, q, r)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"rows={n:>9,}  items={len(item_ids)}  engine={t_engine:.3f}s "
        f"({n / t_engine:,.0f} rows/s)  matmul bound={t_bound:.4f}s  "
        f"ratio={t_engine / t_bound:.1f}x  "
        f"aggregation alone={t_agg:.3f}s ({t_agg / t_bound:.1f}x)  "
        f"peak extra memory={peak / 2**20:.0f} MiB = {peak / matrix_bytes:.2f}x the "
        f"{matrix_bytes / 2**20:.0f} MiB answer matrix"
    )


def startup() -> None:
    def cmd(args: list[str]) -> float:
        return timed(lambda: subprocess.run(args, capture_output=True, check=True), repeat=5)

    t_click = cmd([sys.executable, "-c", "import click"])
    t_help = cmd([sys.executable, "-m", "amc_assess", "--help"])
    print(f"startup: amc --help={t_help * 1000:.0f} ms  import click={t_click * 1000:.0f} ms  "
          f"ratio={t_help / t_click:.2f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    args = parser.parse_args()
    for n in args.rows:
        run(n)
    startup()


if __name__ == "__main__":
    main()
