"""What disclosure control costs on the bundled synthetic peer set (issue 18).

    python benchmarks/disclosure_error.py                 # 3000 trials
    python benchmarks/disclosure_error.py --trials 300    # as the test does

1. Released quartiles against the exact ones (type 7, unrounded), over every menu grouping of
   every firm's value with 10 firms or more: the error is the rounding alone.
2. How often a group is shown only by maturity level (5 to 9 firms) or not at all (under 5).
3. Trials: a firm assessed in 2026 and a menu grouping drawn at random (redrawn while the
   group has under 10 peers, where no band is shown); the released quartile band against the
   exact computation: the firm's mid-rank percentile among its peers, and its place among the
   exact quartiles. Per group size, overall index and all dimensions.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from amc_assess.benchmark_peers import read_peer_file
from amc_assess.benchmark_stats import standings
from amc_assess.definitions import OVERALL, known_definitions
from amc_assess.disclosure import GROUPING_COLUMNS, MENU, MIN_PEERS, QUANTILE_MIN, cut_points
from amc_assess.models import Rubric
from amc_assess.store.frames import attach_keys, latest_year, pool, records_frame
from amc_assess.validation import instrument

TIERS = [(10, 19), (20, 49), (50, 99), (100, 10_000)]


def load() -> tuple[pd.DataFrame, pd.DataFrame, Rubric]:
    q, r = instrument(None, None)
    pf = read_peer_file("synthetic", q, r, None)
    long = latest_year(records_frame(pf.records))
    pooled = pool(attach_keys(long, known_definitions(q, r)), r)
    profile = long.drop_duplicates("firm_key").set_index("firm_key")[list(GROUPING_COLUMNS)]
    return pooled, profile, r


def rank_quartile(score: float, peers: np.ndarray) -> int:
    below = (peers < score - 1e-9).sum() + 0.5 * (np.abs(peers - score) <= 1e-9).sum()
    return min(int(100 * below / len(peers) // 25), 3) + 1


def cells(profile: pd.DataFrame) -> list[list[str]]:
    out = []
    for columns in MENU:
        if not columns:
            out.append(list(profile.index))
            continue
        for _, part in profile.groupby(list(columns)):
            out.append(list(part.index))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20260518)
    args = parser.parse_args()
    pooled, profile, r = load()
    groups = cells(profile)
    errors = []
    for firms in groups:
        if len(firms) < QUANTILE_MIN:
            continue
        part = pooled[pooled["firm_key"].isin(firms)]
        for _, rows in part.groupby("dimension"):
            values = rows["score"].dropna().to_numpy(dtype=float)
            exact = np.quantile(values, [0.25, 0.5, 0.75])
            released = cut_points(values, (25, 50, 75))
            errors += [abs(released[p] - e) for p, e in zip((25, 50, 75), exact, strict=True)]
    sizes = np.array([len(g) for g in groups])
    print(f"menu groupings of the synthetic set: {len(groups)}; under {MIN_PEERS} firms "
          f"{(sizes < MIN_PEERS).sum()}, {MIN_PEERS}-{QUANTILE_MIN - 1} (levels only) "
          f"{((sizes >= MIN_PEERS) & (sizes < QUANTILE_MIN)).sum()}, "
          f"{QUANTILE_MIN} or more {(sizes >= QUANTILE_MIN).sum()}")  # fmt: skip
    err = np.array(errors)
    print(f"released vs exact quartiles ({len(err)} figures): mean |error| {err.mean():.4f}, "
          f"max {err.max():.4f}")  # fmt: skip
    rng = np.random.default_rng(args.seed)
    latest = pooled.groupby("firm_key")["year"].max()
    firms = sorted(latest[latest == 2026].index)
    menu = list(MENU)
    rows = []
    while len({t for t, *_ in rows}) < args.trials:
        firm = firms[rng.integers(len(firms))]
        columns = list(menu[rng.integers(len(menu))])
        same = (profile[columns] == profile.loc[firm, columns]).all(axis=1)
        cell = list(profile.index[same])  # the group, the firm among them, as benchmark() has it
        peers = pooled[pooled["firm_key"].isin(cell)]
        dims, _ = standings(pooled[pooled["firm_key"] == firm], peers, r, MIN_PEERS)
        if dims[-1].position is None:
            continue
        trial = len({t for t, *_ in rows})
        for s in dims:
            if s.position is None or s.score is None:
                continue
            values = peers[peers["dimension"] == s.dimension]["score"].dropna().to_numpy(float)
            exact_q = 1 + int(np.searchsorted(np.quantile(values, [0.25, 0.5, 0.75]), s.score,
                                              side="right"))  # fmt: skip
            rows.append((trial, s.dimension == OVERALL, len(values), s.position.quartile,
                         rank_quartile(s.score, values), exact_q))  # fmt: skip
    t = pd.DataFrame(rows, columns=["trial", "overall", "n", "band", "rank", "quartiles"])
    print(f"\n{args.trials} trials: released quartile band = exact band")
    print(f"{'peers':<10}{'figures':>8}{'overall vs rank':>17}{'all vs rank':>13}"
          f"{'all vs quartiles':>18}")  # fmt: skip
    for low, high in [*TIERS, (10, 10_000)]:
        part = t[(t["n"] >= low) & (t["n"] <= high)]
        o = part[part["overall"]]
        label = f"{low}-{high}" if high < 10_000 else (f"{low}+" if low > 10 else "all")
        print(f"{label:<10}{len(part):>8}{(o['band'] == o['rank']).mean():>17.3f}"
              f"{(part['band'] == part['rank']).mean():>13.3f}"
              f"{(part['band'] == part['quartiles']).mean():>18.3f}")  # fmt: skip
    apart = (t["band"] - t["rank"]).abs()
    print(f"misses {int((apart > 0).sum())} of {len(t)}; farthest {int(apart.max())} band(s) from "
          "the exact one")  # fmt: skip


if __name__ == "__main__":
    main()
