"""Store 100k scored assessments in SQLite and in PostgreSQL, then time ``benchmark`` and
``history show`` for one firm on both, side by side.

    python benchmarks/history_bench.py               # 100,000 assessments
    python benchmarks/history_bench.py --rows 5000   # a quick run
    python benchmarks/history_bench.py --pg-url postgresql://me@host/empty_db

Without ``--pg-url`` a temporary PostgreSQL server is started as the tests start one.

The assessments: ``rows / 5`` firms, each assessed in five years (2022-2026) by one
respondent, with a random profile from the default instrument's options. Answers are random
(as in score_bench.py) and scored by the engine; item scores are stored, as for response files.
Timed: adding all of them (one transaction), ``benchmark`` of one firm against every other firm,
against its industry, and against industry and revenue band (library calls, best of 5), the
same through ``amc benchmark`` in a fresh process (interpreter start included), and
``history show`` of the firm (its five years and the reliability from the store).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from amc_assess.api import instrument
from amc_assess.benchmark import benchmark
from amc_assess.definitions import digests, versions_of
from amc_assess.scored.respondent import DimScore, ScoredRespondent, Source
from amc_assess.scoring import score_frame
from amc_assess.store.db import Store
from amc_assess.store.history import history

YEARS = 5
LAST_YEAR = 2026


def answers(n: int, seed: int):
    """Random answers (5% don't know) as score_bench.py makes them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.score_bench import synthetic

    return synthetic(n, seed)


def records(n: int, seed: int = 11) -> list[ScoredRespondent]:
    q, r = instrument()
    rng = np.random.default_rng(seed)
    frame = answers(n, seed)
    scored = score_frame(frame, q, r)
    dims = scored.dimensions.reset_index(drop=True)
    items = scored.codes
    item_ids = scored.items
    options = {p: list(q.item_map()[f"ctx_{p}"].codes()) for p in
               ("industry", "revenue_band", "employees", "region")}  # fmt: skip
    firms = n // YEARS
    profile = {p: rng.integers(0, len(codes), firms) for p, codes in options.items()}
    versions = versions_of(q, r)
    cols = {c: dims[c].to_numpy() for c in dims.columns if not c.endswith("_status")}
    out = []
    for i in range(n):
        firm = i // YEARS
        year = LAST_YEAR - YEARS + 1 + i % YEARS
        dim_scores = {}
        for d in r.dimensions:
            score = cols[f"{d}_score"][i]
            ok = not np.isnan(score)
            dim_scores[d] = DimScore(
                float(score) if ok else None,
                int(cols[f"{d}_level"][i]) if ok else None,
                "ok" if ok else "insufficient data",
                float(cols[f"{d}_answered_share"][i]),
                r.dimensions[d].target,
            )
        overall = cols["overall_score"][i]
        ok = not np.isnan(overall)
        codes = items[i]
        out.append(
            ScoredRespondent(
                firm=f"Bench firm {firm:06d}",
                year=year,
                date=None,
                versions=versions,
                dimensions=dim_scores,
                overall_score=float(overall) if ok else None,
                overall_level=int(cols["overall_level"][i]) if ok else None,
                overall_status="ok" if ok else "insufficient data",
                percent_to_target=float(cols["overall_percent_to_target"][i]) if ok else None,
                source=Source("bench.csv", "table", f"bench row {i + 1}"),
                who={"respondent": "Respondent"},
                profile={p: options[p][int(profile[p][firm])] for p in options},
                item_scores={k: int(c) if c > 0 else None for k, c in zip(item_ids, codes,
                                                                           strict=True)},
            )
        )  # fmt: skip
    return out


def median_alternating(
    fns: dict[str, Callable[..., object]], n: int
) -> dict[str, tuple[float, object]]:
    """Each function run ``n`` times, the backends taking turns; the median seconds of each."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    results: dict[str, object] = {}
    for _ in range(n):
        for key, fn in fns.items():
            start = time.perf_counter()
            results[key] = fn()
            times[key].append(time.perf_counter() - start)
    return {k: (statistics.median(v), results[k]) for k, v in times.items()}


def postgres_url(given: str | None):
    """The PostgreSQL store's URL: ``--pg-url``, else a fresh server as the tests start it."""
    if given:
        return given, None
    sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
    from postgres import start

    server = start()
    return server.new_database(), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="assessments to store")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each query")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database (default: a temporary "
                        "server, as the tests start one)")  # fmt: skip
    args = parser.parse_args()
    from threadpoolctl import threadpool_info

    blas = ",".join(str(i.get("num_threads")) for i in threadpool_info()) or "none"
    load = os.getloadavg()[0]
    second = "second core busy" if load > 1.0 else "second core idle"
    print(f"machine: {os.cpu_count()} cores, load average {load:.2f} at start ({second}); "
          f"BLAS threads {blas}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        url, server = postgres_url(args.pg_url)
        try:
            run(args, {"sqlite": str(Path(tmp) / "bench.db"), "postgresql": url})
        finally:
            if server is not None:
                server.stop()


def run(args: argparse.Namespace, dbs: dict[str, str]) -> None:
    start = time.perf_counter()
    recs = records(args.rows)
    print(f"{len(recs):,} assessments of {args.rows // YEARS:,} firms, {YEARS} years, made and "
          f"scored in {time.perf_counter() - start:.1f} s")  # fmt: skip
    q, r = instrument()
    rate = {}
    for kind, db in dbs.items():
        start = time.perf_counter()
        with Store.open(db) as store:
            added = store.add(recs, {versions_of(q, r): digests(q, r)})
        seconds = time.perf_counter() - start
        rate[kind] = len(added.added) / seconds
        print(f"  {kind:<10} stored {len(added.added):,} in {seconds:.1f} s "
              f"({rate[kind]:,.0f} assessments/s)")  # fmt: skip
    firm = "Bench firm 000042"
    rows = []
    for label, peers in (("benchmark vs all firms", None), ("benchmark vs industry", "industry"),
                         ("benchmark vs industry+revenue", "industry,revenue")):  # fmt: skip
        got = median_alternating(
            {k: (lambda d=db, p=peers: benchmark(firm, db=d, peers=p)) for k, db in dbs.items()},
            args.runs,
        )
        sizes = {k: v[1].size for k, v in got.items()}  # type: ignore[attr-defined]
        assert len(set(sizes.values())) == 1, sizes
        rows.append((f"{label} ({sizes['sqlite']} peers)", got["sqlite"][0], got["postgresql"][0]))
    cmds = {k: [sys.executable, "-m", "amc_assess", "benchmark", firm, "--db", db]
            for k, db in dbs.items()}  # fmt: skip
    got = median_alternating(
        {k: (lambda c=c: subprocess.run(c, capture_output=True, text=True, check=True))
         for k, c in cmds.items()}, max(3, args.runs // 2),
    )  # fmt: skip
    rows.append(("amc benchmark, new process", got["sqlite"][0], got["postgresql"][0]))
    got = median_alternating(
        {k: (lambda d=db: Store.open(d).close()) for k, db in dbs.items()}, args.runs
    )
    rows.append(("open for writing (SQLite: quick_check)", got["sqlite"][0], got["postgresql"][0]))
    got = median_alternating(
        {k: (lambda d=db: history(firm, d)) for k, db in dbs.items()}, args.runs
    )
    rows.append(("history show", got["sqlite"][0], got["postgresql"][0]))
    print(f"\nmedians of {args.runs} alternating runs (process rows: {max(3, args.runs // 2)})")
    print(f"{'query':<44} {'SQLite':>9} {'PostgreSQL':>11} {'ratio':>6}")
    for label, lite, pg in rows:
        print(f"{label:<44} {lite * 1000:>7.0f} ms {pg * 1000:>8.0f} ms {pg / lite:>5.2f}x")
    worst = max(pg / lite for label, lite, pg in rows[:3])
    print("\naims")
    print(f"  benchmark query on PostgreSQL <= 2x SQLite: worst {worst:.2f}x -> "
          f"{'met' if worst <= 2 else 'NOT MET'}")  # fmt: skip
    print(f"  bulk add >= 5,000 assessments/s on PostgreSQL: {rate['postgresql']:,.0f}/s -> "
          f"{'met' if rate['postgresql'] >= 5000 else 'NOT MET'}")  # fmt: skip


if __name__ == "__main__":
    main()
