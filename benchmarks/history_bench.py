"""Store 100k scored assessments, then time ``benchmark`` and ``history show`` for one firm.

    python benchmarks/history_bench.py               # 100,000 assessments
    python benchmarks/history_bench.py --rows 5000   # a quick run
    python benchmarks/history_bench.py --db big.db   # keep the database (default: a temp dir)

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
import subprocess
import sys
import tempfile
import time
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
    sys.path.insert(0, str(Path(__file__).parent))
    from score_bench import synthetic

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


def best(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="assessments to store")
    parser.add_argument("--db", type=Path, help="database file to keep (default: temporary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if db.exists():
            db.unlink()
        start = time.perf_counter()
        recs = records(args.rows)
        made = time.perf_counter() - start
        q, r = instrument()
        start = time.perf_counter()
        with Store.open(db) as store:
            added = store.add(recs, {versions_of(q, r): digests(q, r)})
        stored = time.perf_counter() - start
        size = db.stat().st_size
        print(f"{len(added.added):,} assessments of {args.rows // YEARS:,} firms, {YEARS} years")
        print(f"  made and scored in {made:.1f} s; stored in {stored:.1f} s "
              f"({len(recs) / stored:,.0f} per s); database {size / 1e6:.1f} MB")  # fmt: skip
        firm = "Bench firm 000042"
        for label, peers in (("all firms", None), ("same industry", "industry"),
                             ("same industry and revenue band", "industry,revenue")):  # fmt: skip
            seconds, result = best(lambda p=peers: benchmark(firm, db=db, peers=p))
            print(f"benchmark vs {label}: {seconds * 1000:.0f} ms ({result.size:,} peer firms)")
        cmd = [sys.executable, "-m", "amc_assess", "benchmark", firm, "--db", str(db)]
        seconds, proc = best(lambda: subprocess.run(cmd, capture_output=True, text=True), 3)
        assert proc.returncode == 0, proc.stderr
        print(f"amc benchmark (new process, all firms): {seconds * 1000:.0f} ms")
        seconds, result = best(lambda: history(firm, db))
        print(f"history show: {seconds * 1000:.0f} ms ({len(result.years)} years)")


if __name__ == "__main__":
    main()
