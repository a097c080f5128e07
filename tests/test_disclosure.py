"""Disclosure control of peer benchmarks (issue 18): the attacks that used to read peers' scores
off the output, an honest firm's benchmark on the synthetic set, and the store's audit log."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from amc_assess.benchmark import benchmark
from amc_assess.benchmark_peers import read_peer_file
from amc_assess.benchmark_stats import standings
from amc_assess.definitions import OVERALL, known_definitions
from amc_assess.disclosure import MENU, coarse, cut_points, position, size_band
from amc_assess.levels import overall_index
from amc_assess.store.frames import attach_keys, latest_year, pool, records_frame
from amc_assess.validation import instrument
from conftest import REPO, invoke

MID = REPO / "examples" / "mid_maturity.yaml"
LUMORA = "Lumora Medical Inc. (fictional)"
DIMS = ("structure", "coordination", "learning", "daf", OVERALL)
CLOSE = 0.05  # an attack "recovers" a peer's score when it lands this close to it


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "no-store.db"))
    monkeypatch.setenv("AMC_USER", "analyst-7")
    return tmp_path


@pytest.fixture(scope="module")
def synthetic() -> dict:
    """The bundled synthetic set, read and pooled once: each firm's result at its latest
    year, and its profile (through the library's own readers)."""
    q, r = instrument(None, None)
    pf = read_peer_file("synthetic", q, r, None)
    long = latest_year(records_frame(pf.records))
    pooled = pool(attach_keys(long, known_definitions(q, r)), r)
    profile = long.drop_duplicates("firm_key").set_index("firm_key")[
        ["industry", "revenue_band", "region"]
    ]
    return {"q": q, "r": r, "pooled": pooled, "profile": profile, "records": pf.records}


def scores_of(pooled: pd.DataFrame, firms) -> dict[str, list[float]]:
    part = pooled[pooled["firm_key"].isin(list(firms))]
    return {d: part[part["dimension"] == d]["score"].dropna().tolist() for d in DIMS}


def released_numbers(result: dict) -> dict[str, list[float]]:
    """Every number a benchmark's JSON releases about the peers, per dimension (the firm's
    own score and level are its own; counts of firms per level are whole numbers of firms)."""
    out = {}
    for s in [*result["dimensions"], result["overall"]]:
        values = [s[k] for k in ("q1", "median", "q3") if s[k] is not None]
        values += list(s["cuts"].values())
        out[s["dimension"]] = [float(v) for v in values]
    return out


def recovered(candidates: dict[str, list[float]], truth: dict[str, list[float]]) -> list:
    """Every (dimension, estimate, peer score) where an estimate lands within 0.05."""
    return [
        (d, est, true)
        for d in DIMS
        for est in candidates.get(d, [])
        for true in truth[d]
        if abs(est - true) < CLOSE
    ]


def write_rows(path: Path, rows: list[dict]) -> str:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path.name


def row(firm: str, values: tuple[float, ...], **extra: object) -> dict:
    """A stored firm's row: its four dimension scores (the first four ``values``), and the
    overall score that follows from them by the rubric's rule (``history add`` refuses one
    that does not; a fifth value is not used)."""
    scores = dict(zip([f"{d}_score" for d in DIMS[:4]], values[:4], strict=True))
    overall = float(overall_index(np.array([values[:4]]), [1.0] * 4, True)[0])
    return {"firm": firm, "year": 2026, **scores, "overall_score": overall, **extra}


def bench_json(*args: str) -> dict:
    result = invoke("benchmark", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- the rules by hand -----------------------------------------------------------------------


def test_rounding_size_bands_and_position_by_hand():
    assert [coarse(v) for v in (2.45, 2.449, 3.05, 2.15, 1.0)] == [2.5, 2.4, 3.1, 2.2, 1.0]
    assert [size_band(n) for n in (3, 4, 5, 9, 10, 19, 20, 49, 50, 300, 1200)] == [
        "3–4", "3–4", "5–9", "5–9", "10–19", "10–19", "20–49", "20–49", "50–99", "200–499",
        "1000 or more",
    ]  # fmt: skip
    values = [1.0, 1.5, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 3.3, 3.6, 4.0, 4.5]
    # type 7 over 12: positions 3.75, 6.5, 9.25 -> 2.15, 2.7, 3.375, rounded half up
    cuts = cut_points(values, (25, 50, 75))
    assert cuts == {25: 2.2, 50: 2.7, 75: 3.4}
    assert position(2.19, cuts, "quartile").label == "bottom quartile"
    assert position(2.2, cuts, "quartile").label == "25th–50th percentile"  # on a cut: above
    tied = {25: 3.0, 50: 3.0, 75: 3.0}  # tied with every cut: the middle, as a mid-rank
    assert position(3.0, tied, "quartile").label == "50th–75th percentile"
    assert position(3.4, cuts, "quartile").model_dump() == {
        "low": 75, "high": 100, "label": "top quartile", "quartile": 4,
    }  # fmt: skip


def test_peer_groups_come_from_the_fixed_menu(here: Path):
    refused = invoke("benchmark", LUMORA, "--assessment", str(MID), "--peer-file", "synthetic",
                     "--peers", "industry=ict,revenue=from_1bn_to_10bn,region=europe")  # fmt: skip
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr == (
        "--peers: industry, revenue band and region together are not a peer grouping on the "
        "menu (narrower groups could expose single firms); use one of: all firms (no --peers); "
        "industry; revenue; region; industry,revenue; industry,region\n"
    )
    employees = invoke("benchmark", LUMORA, "--assessment", str(MID), "--peer-file",
                       "synthetic", "--peers", "employees")  # fmt: skip
    assert employees.exit_code == 1
    assert employees.stderr.startswith("--peers: unknown key 'employees'; use industry, revenue")
    assert len(MENU) == 6


# -- the attacks of the issue ------------------------------------------------------------------


def six_firm_cell(synthetic: dict) -> tuple[dict[str, str], list[str]]:
    """The first menu grouping of the synthetic set (industry with revenue band or region)
    with exactly six firms: the smallest group shown by default (five peers beside each)."""
    prof = synthetic["profile"]
    for other in ("revenue_band", "region"):
        sizes = prof.groupby(["industry", other]).size()
        if (sizes == 6).any():
            industry, value = sorted(sizes[sizes == 6].index)[0]
            cell = prof[(prof["industry"] == industry) & (prof[other] == value)]
            key = "revenue" if other == "revenue_band" else other
            return {"industry": industry, key: value}, list(cell.index)
    raise AssertionError("no menu grouping of six firms in the synthetic set")


def test_five_peers_no_order_statistic_is_released(here: Path, synthetic: dict):
    """With five peers the old quartiles were the 2nd, 3rd and 4th peer's scores exactly; the
    smallest group shown now (six firms, none of them the probe) shows levels alone."""
    peers, firms = six_firm_cell(synthetic)
    spec = ",".join(f"{k}={v}" for k, v in peers.items())
    result = bench_json(LUMORA, "--assessment", str(MID), "--peer-file", "synthetic",
                        "--peers", spec)  # fmt: skip
    truth = scores_of(synthetic["pooled"], firms)
    got = released_numbers(result)
    assert recovered(got, truth) == []
    # the attack of the issue: read Q1, median and Q3 as x2, x3, x4
    for s in [*result["dimensions"], result["overall"]]:
        assert (s["q1"], s["median"], s["q3"], s["position"]) == (None, None, None, None)
        assert s["peers"] == "5–9" and sum(s["levels"].values()) == 6
    assert result["size"] == "5–9" and result["disclosure"]["size_band"] == "5–9"
    text = invoke("benchmark", LUMORA, "--assessment", str(MID), "--peer-file", "synthetic",
                  "--peers", spec).stdout  # fmt: skip
    own = {f"{s['score']:.2f}" for s in [*result["dimensions"], result["overall"]]}
    for d in DIMS:  # a peer's score printed is a leak, unless it is the probe's own as well
        for value in truth[d]:
            assert f"{value:.6f}" not in text
            assert f"{value:.2f}" not in text or f"{value:.2f}" in own


def differencing_candidates(before: dict, after: dict) -> dict[str, list[float]]:
    """What differencing two benchmarks can compute: every released number, and for each
    pair (u before, v after) the newcomer as the issue's formulas give it."""
    a, b = released_numbers(before), released_numbers(after)
    out = {}
    for d in DIMS:
        found = a.get(d, []) + b.get(d, [])
        for u, v in itertools.product(a.get(d, []), b.get(d, [])):
            found += [(v - 0.25 * u) / 0.75, (v - 0.75 * u) / 0.25, 2 * v - u, 2 * u - v]
        out[d] = found
    return out


FIVE = [  # five peers with different, known scores on every dimension
    row("Peer A", (1.35, 2.05, 3.15, 1.95, 2.12)),
    row("Peer B", (2.45, 2.85, 2.25, 3.05, 2.63)),
    row("Peer C", (3.15, 1.65, 3.85, 2.55, 2.81)),
    row("Peer D", (3.85, 3.55, 1.45, 4.15, 3.27)),
    row("Peer E", (4.45, 4.25, 4.65, 3.35, 4.19)),
]
FIRM = row("Asking Firm", (3.0, 3.0, 3.0, 3.0, 3.0))
NEWCOMER = row("Newcomer SE", (2.95, 3.65, 2.65, 1.75, 2.74))


def test_differencing_five_then_six_peers_recovers_no_one(here: Path):
    before = bench_json("Asking Firm", "--peer-file", write_rows(here / "p5.csv", [FIRM, *FIVE]))
    after = bench_json("Asking Firm", "--peer-file",
                       write_rows(here / "p6.csv", [FIRM, *FIVE, NEWCOMER]))  # fmt: skip
    truth = scores_of_rows([*FIVE, NEWCOMER])
    assert recovered(differencing_candidates(before, after), truth) == []
    # what the two do say: the newcomer's level, never a score
    assert after["overall"]["levels"] != before["overall"]["levels"]
    # in a store, the sixth firm changes the group by fewer than 5 firms: the same answer
    assert invoke("history", "add", "p5.csv", "--db", "s.db").exit_code == 0
    first = bench_json("Asking Firm", "--db", "s.db")
    assert invoke("history", "add", "p6.csv", "--db", "s.db").exit_code == 0
    second = bench_json("Asking Firm", "--db", "s.db")
    assert second["overall"] == first["overall"] and second["dimensions"] == first["dimensions"]
    assert second["disclosure"]["answered_from"].startswith(
        "query 1 in the store's audit log, asked 20"
    )


def scores_of_rows(rows: list[dict]) -> dict[str, list[float]]:
    return {d: [r[f"{d}_score"] for r in rows] for d in DIMS}


def test_differencing_at_ten_and_eleven_peers_is_answered_from_the_earlier_group(here: Path):
    """From ten peers quartiles are shown; a store answers the group with one firm more from
    the group answered before, so the answer does not depend on the newcomer at all."""
    rng = np.random.default_rng(18)
    ten = [row(f"Firm {k:02d}", tuple(np.round(rng.uniform(1.5, 4.5, 5), 3))) for k in range(10)]
    write_rows(here / "p10.csv", [FIRM, *ten])
    answers = []
    for k, scores in enumerate([(2.95, 3.65, 2.65, 1.75, 2.74), (4.8, 1.2, 4.6, 4.9, 3.9)]):
        db = f"s{k}.db"
        assert invoke("history", "add", "p10.csv", "--db", db).exit_code == 0
        first = bench_json("Asking Firm", "--db", db)
        assert first["overall"]["median"] is not None and first["overall"]["peers"] == "10–19"
        write_rows(here / f"new{k}.csv", [row("Newcomer SE", scores)])
        assert invoke("history", "add", f"new{k}.csv", "--db", db).exit_code == 0
        second = bench_json("Asking Firm", "--db", db)
        assert released_numbers(second) == released_numbers(first)
        answers.append(second)
    # two newcomers with very different scores: the same released figures
    assert released_numbers(answers[0]) == released_numbers(answers[1])
    # five firms more than the group answered: it is answered afresh
    more = [row(f"Later {k}", (2.0 + k / 5, 2.5, 3.0, 3.5, 2.75)) for k in range(4)]
    assert invoke("history", "add", write_rows(here / "p15.csv", more), "--db", "s0.db"
                  ).exit_code == 0  # fmt: skip
    third = bench_json("Asking Firm", "--db", "s0.db")
    assert third["disclosure"]["answered_from"] is None
    assert third["dimensions"] != answers[0]["dimensions"]


def test_narrowing_probes_learn_nothing_beyond_the_printed_figures(here: Path, synthetic: dict):
    """Made-up firms placed anywhere (--assessment probes): against a group of 5 to 9 the answer
    depends on the probe's level alone; against a larger group the position changes only at
    the printed (rounded) cut points."""
    peers, _ = six_firm_cell(synthetic)
    spec = ",".join(f"{k}={v}" for k, v in peers.items())
    thresholds = [1.8, 2.6, 3.4, 4.2]
    seen_small: dict[int, dict] = {}
    seen_large = []
    for k, score in enumerate(np.arange(1.08, 5.0, 0.33)):
        probe = write_rows(here / f"probe{k}.csv", [row("Probe Co", (round(score, 2),) * 5,
                           industry="ict", revenue_band="from_1bn_to_10bn")])  # fmt: skip
        small = bench_json("Probe Co", "--assessment", probe, "--peer-file", "synthetic",
                           "--peers", spec)  # fmt: skip
        level = 1 + sum(score >= t for t in thresholds)
        figures = [{**s, "score": None, "level": None} for s in small["dimensions"]]
        assert seen_small.setdefault(level, figures) == figures  # the same for every probe
        if k % 3 == 0:
            large = bench_json("Probe Co", "--assessment", probe, "--peer-file", "synthetic",
                               "--peers", "industry")  # fmt: skip
            seen_large.append((score, large["overall"]))
    cuts = seen_large[0][1]["cuts"]
    for score, overall in seen_large:
        assert overall["cuts"] == cuts  # the probe never moves the released figures
        low = max([int(p) for p, c in cuts.items() if score >= c], default=0)
        assert overall["position"]["low"] == low  # the band follows from the printed cuts


def test_three_peers_with_allow_small_group_show_level_counts_only(here: Path):
    three = FIVE[:3]
    name = write_rows(here / "p3.csv", [FIRM, *three])
    result = bench_json("Asking Firm", "--peer-file", name, "--min-peers", "3",
                        "--allow-small-group")  # fmt: skip
    assert recovered(released_numbers(result), scores_of_rows(three)) == []
    # the attack: x2 = median, x1 = 2 Q1 - x2, x3 = 2 Q3 - x2: nothing to read
    for s in [*result["dimensions"], result["overall"]]:
        assert (s["q1"], s["median"], s["q3"], s["cuts"], s["position"]) == (
            None, None, None, {}, None,
        )  # fmt: skip
        assert s["peers"] == "3–4" and sum(s["levels"].values()) == 4  # the firm's own too
    assert result["overall"]["levels"] == {"1": 0, "2": 1, "3": 3, "4": 0, "5": 0}
    text = invoke("benchmark", "Asking Firm", "--peer-file", name, "--min-peers", "3",
                  "--allow-small-group").stdout  # fmt: skip
    overall = next(line for line in text.splitlines() if line.startswith("Overall AMC index"))
    assert overall.split()[3:] == ["3.00", "firms", "at", "level", "1/2/3/4/5:", "0/1/3/0/0;",
                                   "the", "firm", "at", "level", "3"]  # fmt: skip


# -- an honest firm still lands in the right quartile band -----------------------------------


def rank_quartile(score: float, peers: np.ndarray) -> int:
    """The exact computation: the firm's mid-rank percentile in its group, as a quartile."""
    below = (peers < score - 1e-9).sum() + 0.5 * (np.abs(peers - score) <= 1e-9).sum()
    return min(int(100 * below / len(peers) // 25), 3) + 1


def test_an_honest_firm_lands_in_its_quartile_band_in_95_percent_of_300_trials(synthetic):
    pooled, profile, r = synthetic["pooled"], synthetic["profile"], synthetic["r"]
    rng = np.random.default_rng(20260518)
    # firms assessed in 2026, so that every peer's latest assessment is the one pooled here
    latest = pooled.groupby("firm_key")["year"].max()
    firms, groupings = sorted(latest[latest == 2026].index), list(MENU)
    right, trials = 0, 0
    while trials < 300:
        firm = firms[rng.integers(len(firms))]
        columns = groupings[rng.integers(len(groupings))]
        same = (profile[list(columns)] == profile.loc[firm, list(columns)]).all(axis=1)
        cell = list(profile.index[same])  # the group, the firm among them, as benchmark() has it
        peers = pooled[pooled["firm_key"].isin(cell)]
        mine = pooled[pooled["firm_key"] == firm]
        dims, _ = standings(mine, peers, r, 5)
        overall = dims[-1]
        if overall.position is None:  # fewer than 10 peers beside it: no band, draw again
            continue
        trials += 1
        values = peers[peers["dimension"] == OVERALL]["score"].to_numpy(dtype=float)
        right += overall.position.quartile == rank_quartile(float(overall.score), values)
    assert right / trials >= 0.95, right


def test_the_trials_shortcut_is_what_benchmark_prints(synthetic):
    """The trials above call the standings directly; benchmark() gives the same figures."""
    pooled, profile, r = synthetic["pooled"], synthetic["profile"], synthetic["r"]
    latest = pooled.groupby("firm_key")["year"].max()
    firm = sorted(latest[latest == 2026].index)[7]
    cell = list(profile.index[profile["region"] == profile.loc[firm, "region"]])
    dims, _ = standings(pooled[pooled["firm_key"] == firm],
                        pooled[pooled["firm_key"].isin(cell)], r, 5)  # fmt: skip
    full = benchmark(firm, peer_file="synthetic", peers="region")
    assert [*full.dimensions, full.overall] == dims


# -- the audit log ---------------------------------------------------------------------------


def test_the_audit_log_records_every_query(here: Path):
    rows = [FIRM, *FIVE, NEWCOMER]
    rows = [{**r, "industry": "medtech" if k % 2 else "ict"} for k, r in enumerate(rows)]
    assert invoke("history", "add", write_rows(here / "p.csv", rows), "--db", "s.db").exit_code == 0
    asked = [
        ("benchmark", "Asking Firm", "--db", "s.db", "--peers", "industry"),  # refused: few
        ("benchmark", "Asking Firm", "--db", "s.db"),
        ("benchmark", LUMORA, "--db", "s.db", "--assessment", str(MID)),  # a probe
        ("benchmark", "Asking Firm", "--db", "s.db", "--peers", "industry"),  # asked again
        ("report", str(MID), "--db", "s.db", "--out", "r.pdf"),  # the report asks too
    ]
    codes = [invoke(*args).exit_code for args in asked]
    assert codes == [1, 0, 0, 1, 0]
    logged = json.loads(invoke("history", "audit", "--db", "s.db", "-f", "json").stdout)
    assert len(logged) == 5
    refused, first, probe, narrowed, report = reversed(logged)
    assert all(e["who"] == "analyst-7" and e["year"] == 2026 for e in logged)
    assert [e["firm"] for e in (refused, first, probe, report)] == [
        "Asking Firm", "Asking Firm", LUMORA, LUMORA,
    ]  # fmt: skip
    assert (refused["grouping"], refused["outcome"], refused["size_band"]) == (
        "industry=ict", "refused: too few peer firms", "fewer than 5",  # no finer than refused
    )  # fmt: skip
    assert (first["grouping"], first["outcome"], first["size_band"]) == (
        "all firms", "answered", "5–9",
    )  # fmt: skip
    assert probe["probe"] and report["probe"] and not first["probe"]
    assert probe["answered_from"] == first["id"]  # the very group answered before
    # ICT alone is within 5 firms of all firms, yet too few as asked: refused again, as at
    # first (it was answered from the larger group, labelled as ICT)
    assert (narrowed["outcome"], narrowed["answered_from"]) == ("refused: too few peer firms", None)
    assert all(e["asked_at"].endswith("+00:00") for e in logged)
    table = invoke("history", "audit", "--db", "s.db", "--limit", "2").stdout.splitlines()
    assert table[0].split()[:4] == ["id", "asked", "at", "(UTC)"] and len(table) == 3
    # the probe answered with the very group of an earlier query reads so, apart from
    # "answered from an earlier group (query N)" (a trial read "answered (query N)" as one)
    whole = invoke("history", "audit", "--db", "s.db").stdout
    assert f"answered: the group of query {first['id']}" in whole
    assert f"answered (query {first['id']})" not in whole


def test_a_group_near_an_earlier_small_group_is_refused_not_answered_afresh(here: Path):
    """A new-user trial: three peers answered with --allow-small-group, then three firms more
    with the default minimum of five. The store chose the earlier group (too small now), logged
    the query as refused, and the benchmark printed the six-peer group afresh: the two level
    counts gave the three newcomers' levels. It is refused; five firms away it is answered."""
    rng = np.random.default_rng(5)
    peers = [row(f"Peer {k}", tuple(np.round(rng.uniform(1.2, 4.8, 5), 2))) for k in range(14)]
    assert invoke("history", "add", write_rows(here / "a.csv", [FIRM, *peers[:3]]), "--db",
                  "s.db").exit_code == 0  # fmt: skip
    small = bench_json("Asking Firm", "--db", "s.db", "--min-peers", "3", "--allow-small-group")
    assert small["overall"]["peers"] == "3–4"
    assert invoke("history", "add", write_rows(here / "b.csv", peers[3:6]), "--db",
                  "s.db").exit_code == 0  # fmt: skip
    refused = invoke("benchmark", "Asking Firm", "--db", "s.db", "-f", "json")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.startswith(
        "This peer group differs by fewer than 5 firms from one answered before "
        "(query 1 in the store's audit log, asked 20"
    ) and len(refused.stderr.strip().splitlines()) == 1  # fmt: skip
    assert invoke("history", "add", write_rows(here / "c.csv", peers[6:]), "--db",
                  "s.db").exit_code == 0  # fmt: skip
    afresh = bench_json("Asking Firm", "--db", "s.db")  # 11 firms from the first group
    assert afresh["overall"]["peers"] == "10–19" and afresh["disclosure"]["answered_from"] is None
    logged = json.loads(invoke("history", "audit", "--db", "s.db", "-f", "json").stdout)
    outcomes = [(e["outcome"], e["answered_from"]) for e in reversed(logged)]
    assert outcomes == [
        ("answered", None), ("refused: close to an earlier, smaller group", 1), ("answered", None)
    ]  # fmt: skip


def test_a_report_of_a_stored_firm_is_no_probe(here: Path):
    """``amc report --db --firm`` scores the store's own records of the firm: not a probe
    (the log said it was); a report of a response file is one."""
    assert invoke("history", "add", str(MID), "--db", "s.db").exit_code == 0
    rows = [{**r, "firm": f"Peer {k}"} for k, r in enumerate(FIVE)]
    assert invoke("history", "add", write_rows(here / "p.csv", rows), "--db", "s.db").exit_code == 0
    for args in (["--db", "s.db", "--firm", LUMORA], [str(MID), "--db", "s.db"]):
        assert invoke("report", *args, "--out", "r.pdf").exit_code == 0
    logged = json.loads(invoke("history", "audit", "--db", "s.db", "-f", "json").stdout)
    assert [(e["firm"], e["probe"]) for e in reversed(logged)] == [(LUMORA, False), (LUMORA, True)]


def test_a_group_too_small_as_asked_is_refused_though_near_an_earlier_one(here: Path):
    """A new-user trial: all four peers answered (--min-peers 3), then --peers region, which
    holds two: the store answered it from the four-peer group, labelled "region: North
    America" with the European firms' levels counted. Too few as asked is refused, as a fresh
    store refuses it."""
    rng = np.random.default_rng(9)
    peers = [row(f"Peer {k}", tuple(np.round(rng.uniform(1.2, 4.8, 5), 2)),
                 region="north_america" if k < 2 else "europe") for k in range(4)]  # fmt: skip
    firm = {**FIRM, "region": "north_america"}
    assert invoke("history", "add", write_rows(here / "a.csv", [firm, *peers]), "--db",
                  "s.db").exit_code == 0  # fmt: skip
    small = ("--min-peers", "3", "--allow-small-group")
    assert bench_json("Asking Firm", "--db", "s.db", *small)["overall"]["peers"] == "5–9"
    narrow = invoke("benchmark", "Asking Firm", "--db", "s.db", *small, "--peers", "region",
                    "-f", "json")  # fmt: skip
    assert narrow.exit_code == 1 and narrow.stdout == ""
    assert narrow.stderr.startswith("Too few firms match (region: North America")
    logged = json.loads(invoke("history", "audit", "--db", "s.db", "-f", "json").stdout)
    assert [e["outcome"] for e in reversed(logged)] == ["answered", "refused: too few peer firms"]


def test_a_group_answered_from_an_earlier_one_is_described_as_that_group(here: Path):
    """Twelve peers, ten of them in medtech: all firms answered first, then --peers industry
    (ten, two fewer): answered from the first group, and described as that group (all
    industries), never as medtech alone, with a note naming the group asked for."""
    rng = np.random.default_rng(4)
    peers = [row(f"Peer {k:02d}", tuple(np.round(rng.uniform(1.2, 4.8, 5), 2)),
                 industry="medtech" if k < 10 else "ict") for k in range(12)]  # fmt: skip
    firm = {**FIRM, "industry": "medtech"}
    assert invoke("history", "add", write_rows(here / "a.csv", [firm, *peers]), "--db",
                  "s.db").exit_code == 0  # fmt: skip
    first = bench_json("Asking Firm", "--db", "s.db")
    by_industry = bench_json("Asking Firm", "--db", "s.db", "--peers", "industry")
    assert by_industry["disclosure"]["answered_from"].startswith(
        "query 1 in the store's audit log, asked 20"
    )
    assert released_numbers(by_industry) == released_numbers(first)
    assert by_industry["filters"] == {} and by_industry["definition"] == first["definition"]
    assert "all industries" in by_industry["definition"]
    assert any(n.startswith("The peer group asked for (industry: Medical technology")
               for n in by_industry["notes"])  # fmt: skip


def test_who_asks_never_changes_the_figures(here: Path):
    """The figures used to leave the asking firm out: two members of one group, or a probe
    named after a stored firm and one named otherwise, got figures one firm apart, and the
    difference gave that firm's levels away (even when answered from an earlier group). The
    figures are the whole group's now, whoever asks."""
    rng = np.random.default_rng(41)
    firms = [row(f"Member {k}", tuple(np.round(rng.uniform(1.2, 4.8, 5), 2))) for k in range(7)]
    assert invoke("history", "add", write_rows(here / "g.csv", firms), "--db", "s.db"
                  ).exit_code == 0  # fmt: skip

    def figures(result: dict) -> list:
        return [{**s, "score": None, "level": None, "position": None}
                for s in [*result["dimensions"], result["overall"]]]  # fmt: skip

    members = [bench_json(f"Member {k}", "--db", "s.db") for k in (0, 3)]
    assert figures(members[0]) == figures(members[1])
    assert sum(members[0]["overall"]["levels"].values()) == 7  # the whole group
    probe = write_rows(here / "probe.csv", [{**row("Member 3", (3.0,) * 5)}])
    other = write_rows(here / "other.csv", [{**row("Probe Inc", (3.0,) * 5)}])
    named = bench_json("Member 3", "--assessment", probe, "--db", "s.db")
    unnamed = bench_json("Probe Inc", "--assessment", other, "--db", "s.db")
    assert figures(named) == figures(unnamed) == figures(members[0])
    assert named["size"] == unnamed["size"] == "5–9"


def test_a_copied_store_keeps_its_audit_log_and_its_guard(here: Path, stores) -> None:
    """history copy left the audit log behind: in the copy, a group one firm away from a group
    the source had answered was answered afresh, and the two answers gave the added firm away.
    The log is copied (its member ids made the target's), once however often it is copied."""
    src, dst = stores("s"), stores("t")
    rng = np.random.default_rng(18)
    ten = [row(f"Firm {k:02d}", tuple(np.round(rng.uniform(1.5, 4.5, 5), 3))) for k in range(10)]
    # the target holds a firm already, so its assessment ids differ from the source's
    assert invoke("history", "add", write_rows(here / "own.csv", [NEWCOMER]), "--db",
                  dst).exit_code == 0  # fmt: skip
    assert invoke("history", "add", write_rows(here / "p.csv", [FIRM, *ten]), "--db",
                  src).exit_code == 0  # fmt: skip
    first = bench_json("Asking Firm", "--db", src)
    assert first["disclosure"]["answered_from"] is None
    copied = invoke("history", "copy", "--from", src, "--to", dst)
    assert copied.exit_code == 0, copied.stderr
    assert copied.stdout.splitlines()[-1].endswith("; 1 benchmark query added to its audit log")
    log = json.loads(invoke("history", "audit", "--db", dst, "-f", "json").stdout)
    source = json.loads(invoke("history", "audit", "--db", src, "-f", "json").stdout)
    same = ("asked_at", "who", "firm", "grouping", "outcome", "size_band")
    assert [[e[k] for k in same] for e in log] == [[e[k] for k in same] for e in source]
    # the target holds the newcomer too: its group is one firm away from the one answered
    again = bench_json("Asking Firm", "--db", dst)
    assert again["disclosure"]["answered_from"].startswith("query 1 in the store's audit log")
    assert released_numbers(again) == released_numbers(first)
    twice = invoke("history", "copy", "--from", src, "--to", dst)
    assert "audit log" not in twice.stdout
    assert len(json.loads(invoke("history", "audit", "--db", dst, "-f", "json").stdout)) == 2


def test_a_group_answered_before_holds_the_firms_earlier_scores_and_says_so(here: Path):
    """A second respondent changes the firm's scores, so the group by one firm: the figures
    are the earlier group's, which hold the firm's earlier assessment. The header had said
    "its own scores count" beside counts with no firm at the level printed for it (a trial)."""
    assert invoke("history", "add", write_rows(here / "p.csv", [FIRM, *FIVE]), "--db",
                  "s.db").exit_code == 0  # fmt: skip
    first = bench_json("Asking Firm", "--db", "s.db")
    assert first["firm_counted"] == "current"
    assert first["definition"].endswith("its own scores count in the figures.")
    later = {**row("Asking Firm", (4.6, 4.6, 4.6, 4.6, 4.6)), "respondent": "Second"}
    assert invoke("history", "add", write_rows(here / "n.csv", [later]), "--db",
                  "s.db").exit_code == 0  # fmt: skip
    second = bench_json("Asking Firm", "--db", "s.db")
    assert second["disclosure"]["answered_from"] is not None
    assert second["overall"]["levels"] == first["overall"]["levels"]  # the earlier group's
    assert second["overall"]["level"] != first["overall"]["level"]  # 3.8 now, 3.0 then
    assert second["firm_counted"] == "other"
    assert second["definition"].endswith(
        "The benchmarked firm is one of them with the assessment it had when this group was "
        "first answered: those scores count in the figures; its current ones are set beside "
        "them, not added to them."
    )


def test_an_earlier_group_changed_since_is_not_answered_from(here: Path):
    """After a peer's assessment was corrected (history add --replace) or a firm renamed, a
    benchmark "answered from the earlier group" gave that group less the changed firm, whose
    earlier levels were then read off the difference (a trial): such a query is refused."""
    rng = np.random.default_rng(7)
    peers = [row(f"Peer {k:02d}", tuple(np.round(rng.uniform(1.5, 4.5, 5), 2)), respondent="R")
             for k in range(10)]  # fmt: skip
    write_rows(here / "a.csv", [FIRM, *peers])
    assert invoke("history", "add", "a.csv", "--db", "s.db").exit_code == 0
    first = bench_json("Asking Firm", "--db", "s.db")
    assert first["overall"]["median"] is not None
    fixed = row("Peer 05", (4.9, 4.9, 4.9, 4.9, 4.9), respondent="R")  # a corrected copy
    write_rows(here / "fix.csv", [fixed])
    added = invoke("history", "add", "fix.csv", "--db", "s.db", "--replace")
    assert added.exit_code == 0, added.stderr
    again = invoke("benchmark", "Asking Firm", "--db", "s.db", "-f", "json")
    assert again.exit_code == 1
    assert "an assessment of that group has since been corrected, removed or stored under " in (
        again.stderr
    )
    assert '"median"' not in again.stdout
    audit = invoke("history", "audit", "--db", "s.db")
    assert "refused: close to an earlier group changed since" in audit.stdout
    # a rename that merges two firms changes the group likewise
    write_rows(here / "b.csv", [FIRM, *peers])
    assert invoke("history", "add", "b.csv", "--db", "t.db").exit_code == 0
    assert bench_json("Asking Firm", "--db", "t.db")["overall"]["median"] is not None
    assert invoke("history", "rename", "Peer 06", "Peer 07", "--db", "t.db").exit_code == 0
    merged = invoke("benchmark", "Asking Firm", "--db", "t.db")
    assert merged.exit_code == 1 and "has since been corrected" in merged.stderr


def test_a_group_answered_from_an_earlier_year_says_that_year(here: Path):
    """Asked for 2025 and answered from the group asked for 2024, the figures were described
    as "each firm's latest assessment up to 2025" (a trial): they are that group's, of 2024."""
    rng = np.random.default_rng(11)
    peers = [{**row(f"Peer {k:02d}", tuple(np.round(rng.uniform(1.5, 4.5, 5), 2))), "year": 2024}
             for k in range(10)]  # fmt: skip
    write_rows(here / "a.csv", [{**FIRM, "year": 2024}, *peers])
    assert invoke("history", "add", "a.csv", "--db", "s.db").exit_code == 0
    first = bench_json("Asking Firm", "--db", "s.db", "--year", "2024")
    assert "latest assessment up to 2024" in first["definition"]
    write_rows(here / "b.csv", [{**row("Asking Firm", (3.5, 3.5, 3.5, 3.5, 3.5)), "year": 2025}])
    assert invoke("history", "add", "b.csv", "--db", "s.db").exit_code == 0
    second = bench_json("Asking Firm", "--db", "s.db", "--year", "2025")
    assert second["disclosure"]["answered_from"] is not None
    assert "latest assessment up to 2024" in second["definition"], second["definition"]
