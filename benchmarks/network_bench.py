"""``amc network`` on a generated alliance network (default 5,000 people).

    python benchmarks/network_bench.py                # 5,000 people, ~8 named contacts each
    python benchmarks/network_bench.py --people 500 --contacts 6

Seeded synthetic ties (never real data): two firms of equal size; 10% senior, 30% middle,
60% operational; people work in teams of 25 inside their firm, name mostly team mates and
some other colleagues, and about one in eight names a contact at the partner (operational
people most often). Ratings are random 1..5 with team ties rated higher; a third of the ties
are named back by the contact. Times reading and validating the CSV, the analysis (graph,
k-core, sampled betweenness, cut points), and rendering as table and JSON, best of
``--rounds``.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

from amc_assess.network import analyze, read_ties, render
from amc_assess.network.ties import COLUMNS

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--contacts", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ties.csv"
        rows = generate(path, args.people, args.contacts)
        t_read, data = best(lambda: read_ties([path]), args.rounds)
        t_analyze, result = best(lambda: analyze(data), args.rounds)
        t_table, _ = best(lambda: render(result), args.rounds)
        t_json, _ = best(lambda: result.model_dump_json(indent=2), args.rounds)
    print(f"{result.people} people, {rows} tie rows -> {result.ties} ties "
          f"({result.confirmed_ties} confirmed), {result.components} groups")  # fmt: skip
    print(f"core {len(result.core)}, spanners {len(result.boundary_spanners)}, "
          f"cut points {len(result.articulation_points)}, "
          f"betweenness sample {result.betweenness_sample}")  # fmt: skip
    print(f"read+validate {t_read:.2f} s | analyze {t_analyze:.2f} s | "
          f"table {t_table * 1000:.0f} ms | json {t_json * 1000:.0f} ms | "
          f"total {t_read + t_analyze + t_table:.2f} s (best of {args.rounds})")  # fmt: skip


if __name__ == "__main__":
    main()
