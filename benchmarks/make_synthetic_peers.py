"""Make the bundled SYNTHETIC peer set: fictional firms, answers drawn at random, real scores.

    python benchmarks/make_synthetic_peers.py            # rewrites examples/synthetic_peers/
    python benchmarks/make_synthetic_peers.py --out DIR  # somewhere else

Nothing here describes a real firm. The set exists so that ``amc benchmark`` can be tried
without client data (README quickstart); never present it as market evidence. Seeded: the same
instrument, rubric and seed give the same table (a test checks the bundled file against it).
Rerun it after changing the bundled instrument or rubric.

Assumptions (all invented, chosen to look plausible, not estimated from data):

* 300 firms named "Synthetic firm 001" .. "Synthetic firm 300", each assessed in 1, 2 or 3
  consecutive years (30/35/35%) ending in 2026 (70%) or 2025; 1, 2 or 3 respondents per
  assessment (50/30/20%), all on the firm's own side, at random levels.
* Profile from the default instrument's context options: industry (alliance-intensive
  industries more frequent), revenue band (15/25/30/20/10% from the smallest), employees one
  band around the revenue band, region (Europe and North America 35% each, Asia-Pacific 20%).
* Capability: a firm latent ``theta ~ N(mu, 0.8)`` with ``mu`` from -0.8 (revenue under 50m) to
  +0.8 (over 10bn) plus 0.2 in pharma/biotech, medtech and ICT; each dimension adds N(0, 0.5);
  each year after the first adds 0.12 on average (firms that re-assess improve a little); each
  respondent adds N(0, 0.3).
* Items: an item's target score is ``round(3 + 0.8 x theta_dim + N(0, 0.9))`` clipped to 1..5,
  turned into an answer that the rubric scores that way (agreement codes, reversed for
  reverse-keyed items; the yes/no or choice option whose mapped score is nearest; a number drawn
  inside the band with the nearest score). 4% of scored answers are "don't know"; questions the
  skip logic would not ask (no DAF) are left out. Context numbers are drawn to fit the profile.
* The answers are then scored by THE engine (``amc_assess.scoring.score_frame``), so every
  score, level and status in the table is what ``amc score`` would give for those answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from amc_assess.api import instrument
from amc_assess.models import Item, Questionnaire, Rubric, RubricItem
from amc_assess.scoring import asked, score_frame

SEED = 20260515
FIRMS = 300
LAST_YEAR = 2026
NAME = "peers_synthetic"
OUT = Path(__file__).resolve().parents[1] / "examples" / "synthetic_peers"
INDUSTRY_WEIGHT = {
    "pharma_biotech": 2.0, "medtech": 1.5, "chemicals": 1.0, "industrial": 1.0,
    "automotive": 1.0, "ict": 1.5, "telecom": 0.7, "financial": 0.7, "energy": 0.7,
    "consumer": 0.9, "other": 0.5,
}  # fmt: skip
ALLIANCE_INTENSIVE = {"pharma_biotech", "medtech", "ict"}
REVENUE_SHARE = [0.15, 0.25, 0.30, 0.20, 0.10]
REGION_SHARE = {
    "europe": 0.35, "north_america": 0.35, "asia_pacific": 0.20, "latin_america": 0.05,
    "middle_east_africa": 0.05,
}  # fmt: skip
DONT_KNOW = 0.04


def _codes(q: Questionnaire, item_id: str) -> list[str]:
    return list(q.item_map()[item_id].codes())


def firms(q: Questionnaire, rng: np.random.Generator) -> pd.DataFrame:
    """One row per firm: name, profile, latent capability, years assessed."""
    industries = _codes(q, "ctx_industry")
    weights = np.array([INDUSTRY_WEIGHT.get(c, 1.0) for c in industries])
    revenue = _codes(q, "ctx_revenue_band")
    employees = _codes(q, "ctx_employees")
    regions = _codes(q, "ctx_region")
    region_p = np.array([REGION_SHARE.get(c, 0.0) for c in regions])
    rows = []
    for k in range(FIRMS):
        industry = industries[rng.choice(len(industries), p=weights / weights.sum())]
        band = int(rng.choice(len(revenue), p=REVENUE_SHARE))
        staff = int(np.clip(band + rng.integers(-1, 2), 0, len(employees) - 1))
        mu = -0.8 + 0.4 * band + (0.2 if industry in ALLIANCE_INTENSIVE else 0.0)
        n_years = int(rng.choice([1, 2, 3], p=[0.30, 0.35, 0.35]))
        last = LAST_YEAR if rng.random() < 0.7 else LAST_YEAR - 1
        rows.append(
            {
                "firm": f"Synthetic firm {k + 1:03d}",
                "industry": industry,
                "revenue_band": revenue[band],
                "employees": employees[staff],
                "region": regions[rng.choice(len(regions), p=region_p / region_p.sum())],
                "theta": rng.normal(mu, 0.8),
                "years": list(range(last - n_years + 1, last + 1)),
            }
        )
    return pd.DataFrame(rows)


def _answer(item: Item, ri: RubricItem, target: int, rng: np.random.Generator) -> object:
    """An answer the rubric scores as near ``target`` as the item allows."""
    if item.type == "agreement":
        return 6 - target if ri.reverse else target
    if item.type == "number":
        bands = ri.bands or []
        best = min(abs(b.score - target) for b in bands)
        band = [b for b in bands if abs(b.score - target) == best][0]
        value = rng.uniform(band.min, band.max)
        if item.integer:
            value = float(np.floor(value))
        return round(value, 1)
    mapping = dict(ri.map or {})
    if item.type == "yesno":
        mapping = {"yes": 5, "no": 1, **mapping}
    best = min(abs(mapping[c] - target) for c in item.codes())
    near = [c for c in item.codes() if abs(mapping[c] - target) == best]
    return near[int(rng.integers(len(near)))]


def _context(item: Item, profile: pd.Series, theta: float, rng: np.random.Generator) -> object:
    size = {"under_50m": 4, "from_50m_to_250m": 10, "from_250m_to_1bn": 25,
            "from_1bn_to_10bn": 60, "over_10bn": 150}.get(profile["revenue_band"], 20)  # fmt: skip
    draws: dict[str, object] = {
        "ctx_industry": profile["industry"],
        "ctx_revenue_band": profile["revenue_band"],
        "ctx_employees": profile["employees"],
        "ctx_region": profile["region"],
        "ctx_active_alliances": int(rng.poisson(size)),
        "ctx_formed_3y": int(rng.poisson(size * 0.3)),
        "ctx_terminated_3y": int(rng.poisson(size * 0.12)),
        "ctx_success_share": float(np.clip(round(rng.normal(50 + 8 * theta, 12)), 0, 100)),
        "ctx_repeat_share": float(np.clip(round(rng.normal(40, 18)), 0, 100)),
    }
    if item.id in draws:
        return draws[item.id]
    if item.type == "choice":
        return item.codes()[int(rng.integers(len(item.codes())))]
    return None


def answers(q: Questionnaire, r: Rubric, table: pd.DataFrame, rng: np.random.Generator):
    """The answers frame (one row per respondent) and its metadata rows."""
    rubric_items = {ri.item: (d, ri) for d, dim in r.dimensions.items() for ri in dim.items}
    rows, meta = [], []
    for firm in table.itertuples(index=False):
        dim_theta = {d: firm.theta + rng.normal(0, 0.5) for d in r.dimensions}
        for step, year in enumerate(firm.years):
            growth = step * rng.normal(0.12, 0.1)
            date = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 330)))
            for k in range(int(rng.choice([1, 2, 3], p=[0.5, 0.3, 0.2]))):
                noise = rng.normal(0, 0.3)
                row: dict[str, object] = {}
                for item in q.items():
                    if item.type == "text":
                        continue
                    if item.id not in rubric_items:
                        row[item.id] = _context(item, pd.Series(firm._asdict()), firm.theta, rng)
                        continue
                    dim, ri = rubric_items[item.id]
                    theta = dim_theta[dim] + growth + noise
                    target = int(np.clip(round(3 + 0.8 * theta + rng.normal(0, 0.9)), 1, 5))
                    row[item.id] = _answer(item, ri, target, rng)
                    if rng.random() < DONT_KNOW:
                        row[item.id] = "dont_know"
                rows.append(row)
                meta.append(
                    {
                        "firm": firm.firm, "respondent": f"Synthetic respondent {k + 1}",
                        "side": "own", "level": ["senior", "middle", "operational"][
                            int(rng.integers(3))],
                        "year": year, "date": date.isoformat(), "industry": firm.industry,
                        "revenue_band": firm.revenue_band, "employees": firm.employees,
                        "region": firm.region,
                    }
                )  # fmt: skip
    frame = pd.DataFrame(rows, columns=[i.id for i in q.items()], dtype=object)
    frame = frame.where(asked(frame, q), None)  # skip logic: not asked, not answered
    return frame, pd.DataFrame(meta)


def build(seed: int = SEED) -> pd.DataFrame:
    """The synthetic peer table: batch-table columns plus profile and versions."""
    q, r = instrument()
    rng = np.random.default_rng(seed)
    frame, meta = answers(q, r, firms(q, rng), rng)
    scored = score_frame(frame, q, r)
    if len(scored.problems):
        raise SystemExit(f"generator made invalid answers:\n{scored.problems.head()}")
    dims = scored.dimensions.reset_index(drop=True)
    out = meta.copy()
    out.insert(0, "source_file", f"{NAME} (synthetic)")
    out.insert(1, "source_row", np.arange(1, len(out) + 1))
    for key, value in (("instrument", q.id), ("instrument_version", q.version),
                       ("rubric", r.id), ("rubric_version", r.version)):  # fmt: skip
        out[key] = value
    for dim in r.dimensions:
        for metric in ("score", "level", "status", "answered_share"):
            out[f"{dim}_{metric}"] = dims[f"{dim}_{metric}"]
    out["overall_score"] = dims["overall_score"]
    out["overall_level"] = dims["overall_level"]
    out["overall_status"] = dims["overall_status"]
    out["percent_to_target"] = dims["overall_percent_to_target"]
    out["synthetic"] = True
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype) or out[col].dtype == object:
            out[col] = out[col].astype("string")
    return out


def metadata(table: pd.DataFrame, data_file: Path) -> dict[str, object]:
    q, r = instrument()
    return {
        "name": f"{NAME}: SYNTHETIC peer set (fictional firms, not market data)",
        "synthetic": True,
        "file": data_file.name,
        "sha256": hashlib.sha256(data_file.read_bytes()).hexdigest(),
        "generator": "benchmarks/make_synthetic_peers.py",
        "seed": SEED,
        "instrument": f"{q.id} {q.version}",
        "rubric": f"{r.id} {r.version}",
        "firms": int(table["firm"].nunique()),
        "assessments": len(table),
        "firm_years": int(table[["firm", "year"]].drop_duplicates().shape[0]),
        "years": sorted(int(y) for y in table["year"].unique()),
        "assumptions": [
            " ".join(part.split()) for part in __doc__.split("Assumptions")[1].split("\n* ")[1:]
        ],
        "use": "amc benchmark FIRM --peer-file synthetic (or this file's path): demonstration "
        "only; every firm, respondent and answer is invented",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write into")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    table = build()
    data_file = args.out / f"{NAME}.parquet"
    table.to_parquet(data_file, index=False)
    meta = metadata(table, data_file)
    text = "# SYNTHETIC DATA: made by benchmarks/make_synthetic_peers.py; no real firm is in it.\n"
    text += yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    (args.out / f"{NAME}.yaml").write_text(text, encoding="utf-8")
    print(
        f"wrote {data_file} ({meta['firms']} synthetic firms, {meta['assessments']} assessments, "
        f"{data_file.stat().st_size:,} bytes) and {NAME}.yaml"
    )


if __name__ == "__main__":
    main()
