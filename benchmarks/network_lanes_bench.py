"""The bit-parallel Brandes study (``benchmarks/network_lanes.c``) against the shipped kernel.

    python benchmarks/network_lanes_bench.py                  # 5,000 people, 3 rounds each
    python benchmarks/network_lanes_bench.py --lanes 32 --threads 1

Both kernels run in this process, alternately (``--rounds`` each), on the ties of the generated
network of ``benchmarks/network_bench.py``; printed: the medians of wall and CPU time, and how
far the study's dependency sums are from the shipped kernel's (relative; the same top 50).
``--lanes``: sources searched at once (8, 16, 32 or 64; a block of 64 is then searched in
64 / lanes rounds).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from amc_assess import native  # noqa: E402
from amc_assess.network import brandes, read_ties  # noqa: E402
from amc_assess.network.graph import build  # noqa: E402
from network_bench import generate  # noqa: E402

STUDY = Path(__file__).resolve().parent / "network_lanes.c"


def compiled(folder: Path, lanes: int) -> ctypes.CDLL:
    """The study kernel, compiled as the shipped kernels are (``native.FLAGS``)."""
    path = folder / f"lanes{lanes}.so"
    cc = os.environ.get("CC", "cc")
    subprocess.run([cc, str(STUDY), f"-DLANES={lanes}", "-o", str(path), *native.FLAGS],
                   check=True)  # fmt: skip
    lib = ctypes.CDLL(str(path))
    p, i64, c_int = ctypes.c_void_p, ctypes.c_int64, ctypes.c_int
    lib.dependencies.restype = c_int
    lib.dependencies.argtypes = [p, i64, p, p, i64, p, i64, p, c_int, c_int]
    return lib


def timed(run: object) -> tuple[float, float, np.ndarray]:
    start, cpu = time.perf_counter(), time.process_time()
    out = run()  # type: ignore[operator]
    return time.perf_counter() - start, time.process_time() - cpu, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lanes", type=int, default=64, choices=[8, 16, 32, 64])
    parser.add_argument("--threads", type=int, default=native.threads())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder / "ties.csv", args.people, 8)
        graph = build(read_ties([folder / "ties.csv"]))
        names = list(graph.adj)
        indptr, indices, lengths = brandes.arrays(graph, {v: i for i, v in enumerate(names)})
        sources = np.arange(len(names), dtype=np.int64)
        shipped, study = native.library(), compiled(folder, args.lanes)
        if shipped is None:
            raise SystemExit("no C compiler here")
        os.environ[native.THREADS_ENV] = str(args.threads)

        def ours() -> np.ndarray:
            out = np.zeros(len(names))
            native.dependencies(shipped, indptr, indices, lengths, sources, out)
            return out

        def lanes() -> np.ndarray:
            out = np.zeros(len(names))
            failed = study.dependencies(
                indptr.ctypes.data, len(names), indices.ctypes.data, lengths.ctypes.data,
                len(lengths), sources.ctypes.data, len(sources), out.ctypes.data,
                args.threads, 0,
            )  # fmt: skip
            if failed:
                raise MemoryError("study kernel: no memory")
            return out

        runs: dict[str, list[tuple[float, float]]] = {"shipped": [], "lanes": []}
        want = got = np.zeros(0)
        for _ in range(args.rounds):
            wall, cpu, want = timed(ours)
            runs["shipped"].append((wall, cpu))
            wall, cpu, got = timed(lanes)
            runs["lanes"].append((wall, cpu))
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = handle.read().split()[:3]
    print(f"{len(names)} people, {len(lengths) // 2} ties, {args.threads} threads, "
          f"{args.lanes} lanes, n={args.rounds} each, load {' '.join(load)}")  # fmt: skip
    for name, times in runs.items():
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"  {name:8s} wall {wall:.3f} s  CPU {cpu:.3f} s")
    rel = np.abs(got - want) / np.maximum(np.abs(want), 1e-300)
    same = bool((np.argsort(-want, kind="stable")[:50] == np.argsort(-got, kind="stable")[:50])
                .all())  # fmt: skip
    print(f"  largest relative difference {rel[want > 0].max():.2e}; same top 50: {same}")


if __name__ == "__main__":
    main()
