"""``amc network`` on a generated alliance network (default 5,000 people), against networkx.

    python benchmarks/network_bench.py                # 5,000 people, ~8 named contacts each
    python benchmarks/network_bench.py --people 500 --contacts 6 --rounds 3
    python benchmarks/network_bench.py --nx-exact-limit 5000 --rounds 1   # exact networkx: slow

Seeded synthetic ties (never real data): two firms of equal size; 10% senior, 30% middle,
60% operational; people work in teams of 25 inside their firm, name mostly team mates and
some other colleagues, and about one in eight names a contact at the partner (operational
people most often). Ratings are random 1..5 with team ties rated higher; a third of the ties
are named back by the contact.

Side by side, as whole processes run alternately (``--rounds`` each, medians and range):

* ours: ``amc network FILE`` as shipped (betweenness exact up to 5,000 people: from 2,000
  people the bucket-queue Brandes kernel in C, compiled once per machine into the cache
  folder (its load counted), on two threads while the rest is analysed; below, igraph), or
  with another ``--exact-limit`` (estimated from 100 people above);
* the networkx path: the same command with the audit's betweenness computed by networkx on a
  ``networkx.Graph``, as before igraph (``engine="networkx"``), exact up to
  ``--nx-exact-limit`` people and estimated from 100 above (1,000: as ``amc network`` did).

The other processes' load during the runs (from ``/proc/stat``, less our own CPU time) tells
whether the second core was idle. Then, in this process, ours by step (median of ``--rounds``):
reading and validating the CSV, the analysis, its betweenness, the table and the JSON.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from amc_assess.network import analysis, analyze, read_ties, render
from amc_assess.network.ties import COLUMNS

AIM_SECONDS = 1.5
AIM_RATIO = 5.0
DRIVER = """import functools, sys
import amc_assess.network as network
network.analyze = functools.partial(
    network.analyze, engine=sys.argv[2], exact_limit=int(sys.argv[3]))
from amc_assess.cli import main
main(["network", sys.argv[1]])
"""  # amc network FILE with another engine or exact_limit

LEVELS = ["senior"] * 1 + ["middle"] * 3 + ["operational"] * 6
FUNCTIONS = ["marketing", "systems", "customer service", "finance"]


def generate(path: Path, people: int, contacts: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    who = []
    for i in range(people):
        side = "own" if i < people // 2 else "partner"
        who.append((f"P{i:05d}", side, rng.choice(LEVELS), rng.choice(FUNCTIONS)))
    half = people // 2
    named: set[tuple[int, int]] = set()
    rows = 0

    def rating(strong: bool) -> list[int]:
        low = 3 if strong else 1
        return [rng.randint(low, 5) for _ in range(3)]

    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)

        def write(a: int, b: int, strong: bool) -> None:
            nonlocal rows
            if a == b or (a, b) in named:
                return
            named.add((a, b))
            out.writerow([*who[a], *who[b], *rating(strong)])
            rows += 1

        for a in range(people):
            first = 0 if a < half else half
            team = first + ((a - first) // 25) * 25
            for _ in range(contacts):
                if rng.random() < 0.75:
                    b, strong = min(team + rng.randrange(25), people - 1), True
                else:
                    b, strong = first + rng.randrange(half), False
                write(a, b, strong)
                if strong and rng.random() < 0.33:
                    write(b, a, True)
            cross = 0.2 if who[a][2] == "operational" else 0.05
            if rng.random() < cross:
                other = half if a < half else 0
                write(a, other + rng.randrange(half), rng.random() < 0.5)
    return rows


def best(fn, rounds: int):
    times, value = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def _busy() -> tuple[int, int]:
    """Busy and total jiffies of all cores so far (``/proc/stat``)."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall time of a whole process, the load of the other processes meanwhile (cores), and
    the process's own CPU time (user + system: less sensitive to a busy machine)."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy, total = _busy()
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    busy2, total2 = _busy()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
    ticks = os.sysconf("SC_CLK_TCK")
    cores = os.cpu_count() or 1
    elapsed = (total2 - total) / cores / ticks  # seconds of wall time as /proc/stat saw it
    others = (busy2 - busy) / ticks - ours
    return wall, max(others / elapsed, 0.0) if elapsed > 0 else 0.0, ours


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f} s "
            f"(min {min(values):.2f}, max {max(values):.2f}, n={len(values)})")  # fmt: skip


def blas_threads() -> str:
    """What BLAS would use; ``amc network`` calls no BLAS (numpy and numba load for the kernel)."""
    keys = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    given = ", ".join(f"{k}={os.environ[k]}" for k in keys if k in os.environ) or "none set"
    return f"no BLAS call on the path of amc network (thread variables: {given})"


def side_by_side(
    path: Path, rounds: int, nx_limit: int, limit: int | None
) -> dict[str, list[float]]:
    amc = shutil.which("amc", path=str(Path(sys.executable).parent))
    ours = [*([amc] if amc else [sys.executable, "-m", "amc_assess"]), "network", str(path)]
    if limit is not None:
        ours = [sys.executable, "-c", DRIVER, str(path), "igraph", str(limit)]
    commands = {
        "ours": ours,
        "networkx": [sys.executable, "-c", DRIVER, str(path), "networkx", str(nx_limit)],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    others: list[float] = []
    run(commands["ours"])  # warm the file cache, the byte code and numba's compile cache once
    for _ in range(rounds):
        for name, command in commands.items():
            wall, load, cpu = run(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
            others.append(load)
    ratios = [nx / us for us, nx in zip(walls["ours"], walls["networkx"], strict=True)]
    ours_median = statistics.median(walls["ours"])
    ratio = statistics.median(walls["networkx"]) / ours_median
    load = statistics.median(others)
    print(f"machine: {os.cpu_count()} cores, other processes' load during the runs: median "
          f"{load:.2f} cores (max {max(others):.2f}): second core "
          f"{'idle' if load < 0.25 else 'NOT idle'}; {blas_threads()}")  # fmt: skip
    print("whole processes, run alternately:")
    shown = analysis.EXACT_LIMIT if limit is None else limit
    print(f"  ours (amc network, bucket-queue kernel, exact up to {shown}, else 100 sources): "
          f"{spread(walls['ours'])}")  # fmt: skip
    print(f"  networkx path (exact up to {nx_limit}, else 100 sources):          "
          f"{spread(walls['networkx'])}")  # fmt: skip
    print(f"  ratio networkx / ours: {ratio:.2f} (per pair: min {min(ratios):.2f}, "
          f"max {max(ratios):.2f}, n={len(ratios)})")  # fmt: skip
    cpu_ratio = statistics.median(cpus["networkx"]) / statistics.median(cpus["ours"])
    print(f"  CPU time (user + system): ours {spread(cpus['ours'])}; networkx path "
          f"{spread(cpus['networkx'])}; ratio {cpu_ratio:.2f}")  # fmt: skip
    met = {True: "met", False: "NOT met"}
    print(f"aim: ours <= {AIM_SECONDS} s: {met[ours_median <= AIM_SECONDS]} "
          f"({ours_median:.2f} s); >= {AIM_RATIO:g}x the networkx path: "
          f"{met[ratio >= AIM_RATIO]} ({ratio:.2f}x)")  # fmt: skip
    return walls


def aims(rounds: int = 3, people: int = 5000) -> list:
    """The network aims for ``python -m benchmarks``: seconds, and ours / the networkx path."""
    from benchmarks.common import Aim  # lazy: only where the aims are asked for

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ties.csv"
        generate(path, people, 8)
        walls = side_by_side(path, rounds, 1000, None)
    ours, nx = statistics.median(walls["ours"]), statistics.median(walls["networkx"])
    detail = f"ours {ours:.2f} s, networkx path {nx:.2f} s (exact to {analysis.EXACT_LIMIT})"
    return [
        Aim(
            f"amc network {people:,} people, whole process",
            ours,
            AIM_SECONDS,
            rounds,
            detail,
            unit="s",
        ),  # fmt: skip
        Aim(
            "amc network time / the networkx path's (aim >= 5x faster)",
            ours / nx,
            1 / AIM_RATIO,
            rounds,
            detail,
        ),  # fmt: skip
    ]


def steps(path: Path, rounds: int, limit: int) -> None:
    """Ours by step, in this process (median of ``rounds``)."""
    from amc_assess.network import betweenness, paused_gc
    from amc_assess.network.graph import build

    def median(fn):
        times, value = [], None
        for _ in range(rounds):
            with paused_gc():  # as audit() runs them
                start = time.perf_counter()
                value = fn()
                times.append(time.perf_counter() - start)
        return statistics.median(times), value

    t_read, data = median(lambda: read_ties([path]))
    t_analyze, result = median(lambda: analyze(data, exact_limit=limit))
    graph = build(data)
    k = result.betweenness_sample
    t_between, _ = median(lambda: betweenness.betweenness(graph, k))
    t_table, _ = median(lambda: render(result))
    t_json, _ = median(lambda: result.model_dump_json(indent=2))
    print(f"{result.people} people -> {result.ties} ties ({result.confirmed_ties} confirmed), "
          f"{result.components} groups; core {len(result.core)}, spanners "
          f"{len(result.boundary_spanners)}, cut points {len(result.articulation_points)}, "
          f"betweenness {'exact' if k is None else f'sampled from {k}'}")  # fmt: skip
    print(f"ours in process (median of {rounds}): read+validate {t_read:.2f} s | analyze "
          f"{t_analyze:.2f} s, of which betweenness {t_between:.2f} s | table "
          f"{t_table * 1000:.0f} ms | json {t_json * 1000:.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--contacts", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--nx-exact-limit", type=int, default=1000,
        help="the networkx path's exact_limit (1000: as amc network was)",
    )  # fmt: skip
    parser.add_argument(
        "--exact-limit", type=int, default=None,
        help=f"ours: exact betweenness up to this many people (default {analysis.EXACT_LIMIT})",
    )  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ties.csv"
        rows = generate(path, args.people, args.contacts)
        print(f"{args.people} people, {rows} tie rows")
        side_by_side(path, args.rounds, args.nx_exact_limit, args.exact_limit)
        limit = analysis.EXACT_LIMIT if args.exact_limit is None else args.exact_limit
        steps(path, args.rounds, limit)


if __name__ == "__main__":
    main()
