"""``amc benchmark``: percentiles and quartiles by hand, anonymity, peer groups, versions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from amc_assess.benchmark import (
    TooFewPeers,
    benchmark,
    peer_stats,
    percentile_rank,
    quartiles,
)
from conftest import REPO, invoke

DIMS = ("structure", "coordination", "learning", "daf")
SECRET = [f"Secretive Peer {c} GmbH" for c in "ABCDEFGHIJ"]
WARNING = (
    "Warning: the minimum peer-group size is lowered to 3 (--allow-small-group). With so few "
    "peers, a reader who knows who they are may work out a single firm's scores: keep this "
    "output within the engagement."
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "no-store.db"))
    return tmp_path


def row(firm: str, structure: float, coordination: float, learning: float, daf: float,
        overall: float, year: int = 2026, **extra: object) -> dict:  # fmt: skip
    return {
        "firm": firm, "year": year, "structure_score": structure,
        "coordination_score": coordination, "learning_score": learning, "daf_score": daf,
        "overall_score": overall, **extra,
    }  # fmt: skip


def write(path: Path, rows: list[dict]) -> str:
    frame = pd.DataFrame(rows)
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    return path.name


HAND = [  # six peers; the firm is in the same file and never its own peer
    row("Target Co", 2.0, 3.0, 5.0, 1.0, 2.75, industry="medtech"),
    row(SECRET[0], 1.0, 3.0, 2.0, 1.5, 2.0, industry="medtech"),
    row(SECRET[1], 2.0, 3.0, 2.0, 2.0, 2.5, industry="medtech"),
    row(SECRET[2], 2.0, 3.0, 2.0, 2.0, 2.75, industry="medtech"),
    row(SECRET[3], 3.0, 3.0, 2.0, 2.0, 2.75, industry="medtech"),
    row(SECRET[4], 3.5, 3.0, 2.0, 2.0, 3.0, industry="medtech"),
    row(SECRET[5], 4.0, 3.0, 2.0, 2.0, 3.25, industry="medtech"),
]


def test_percentile_rank_and_quartiles_by_hand():
    peers = [1.0, 2.0, 2.0, 3.0, 3.5, 4.0]
    assert percentile_rank(2.0, peers) == pytest.approx(100 * (1 + 2 / 2) / 6)  # ties count half
    assert percentile_rank(0.5, peers) == 0.0
    assert percentile_rank(9.0, peers) == 100.0
    assert percentile_rank(3.0, [3.0] * 5) == 50.0
    assert percentile_rank(3.25, peers) == pytest.approx(100 * 4 / 6)
    # linear interpolation: positions 1.25, 2.5, 3.75 of the sorted six
    assert quartiles(peers) == pytest.approx((2.0, 2.5, 3.375))
    assert quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    with pytest.raises(ValueError):
        percentile_rank(1.0, [])


def test_benchmark_from_a_peer_file_by_hand(here: Path):
    name = write(here / "peers.csv", HAND)
    result = benchmark("target co", peer_file=name)
    assert (result.firm, result.year, result.size, result.min_peers) == ("Target Co", 2026, 6, 5)
    got = {s.dimension: s for s in [*result.dimensions, result.overall]}
    assert got["structure"].percentile == pytest.approx(100 / 3)
    assert (got["structure"].q1, got["structure"].median, got["structure"].q3) == pytest.approx(
        (2.0, 2.5, 3.375)
    )
    assert got["coordination"].percentile == 50.0  # tied with all six
    assert got["coordination"].q1 == got["coordination"].q3 == 3.0
    assert got["learning"].percentile == 100.0
    assert got["daf"].percentile == 0.0
    assert got["overall"].percentile == pytest.approx(100 * (2 + 2 / 2) / 6)
    assert all(s.n == 6 for s in got.values())
    assert result.definition == (
        "6 firms from peers.csv, all industries and sizes; each firm's latest assessment up to "
        "2026, its respondents averaged."
    )


def test_cli_table_and_json(here: Path):
    name = write(here / "peers.csv", HAND)
    result = invoke("benchmark", "Target Co", "--peer-file", name)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "Benchmark of Target Co, 2026",
        "Peers: 6 firms from peers.csv, all industries and sizes; each firm's latest assessment "
        "up to 2026, its respondents averaged.",
        "Percentile: share of peers scoring below the firm, ties counted half (0-100). "
        "Quartiles: linear interpolation.",
        "",
        "                              firm  percentile  peer Q1  median  peer Q3  peers",
        "Structure                     2.00        33.3     2.00    2.50     3.38      6",
        "Coordination                  3.00        50.0     3.00    3.00     3.00      6",
        "Learning                      5.00       100.0     2.00    2.00     2.00      6",
        "Dedicated alliance function   1.00         0.0     2.00    2.00     2.00      6",
        "Overall AMC index             2.75        50.0     2.56    2.75     2.94      6",
    ]
    as_json = invoke("benchmark", "Target Co", "--peer-file", name, "--format", "json")
    library = benchmark("Target Co", peer_file=name)
    assert json.loads(as_json.stdout) == library.model_dump(mode="json")


def test_peer_stats_for_the_report(here: Path):
    from amc_assess.report.models import PeerStats

    name = write(here / "peers.csv", HAND)
    stats = peer_stats("Target Co", peer_file=name, peers="industry")
    assert isinstance(stats, PeerStats)
    assert stats.size == 6 and stats.filters == {"industry": "medtech"}
    assert list(stats.dimensions) == list(DIMS)
    assert stats.dimensions["structure"].median == 2.5
    assert stats.dimensions["structure"].percentile == pytest.approx(100 / 3)
    assert stats.overall is not None and stats.overall.n == 6
    assert "industry: Medical technology and diagnostics" in stats.definition


def test_each_peer_firm_counts_once_at_its_latest_year(here: Path):
    rows = [
        row("Target Co", 3.0, 3.0, 3.0, 3.0, 3.0, year=2024),
        row("Target Co", 3.0, 3.0, 3.0, 3.0, 3.0, year=2026),
        row(SECRET[0], 2.0, 2.0, 2.0, 2.0, 2.0, respondent="x"),  # two respondents: mean 3.0
        row(SECRET[0], 4.0, 4.0, 4.0, 4.0, 4.0, respondent="y"),
        row(SECRET[1], 1.0, 1.0, 1.0, 1.0, 1.0, year=2024),  # 2024 at 1.0, 2025 at 5.0
        row(SECRET[1], 5.0, 5.0, 5.0, 5.0, 5.0, year=2025),
        *[row(SECRET[k], 2.5, 2.5, 2.5, 2.5, 2.5, year=2024) for k in (2, 3, 4)],
        row(SECRET[5], 3.5, 3.5, 3.5, 3.5, 3.5, year=2027),  # after the year: not a peer
    ]
    name = write(here / "peers.parquet", rows)
    now = benchmark("Target Co", peer_file=name)
    assert now.size == 5
    # peers 3.0 (pooled), 5.0 (2025), 2.5 x3: below 3, ties 1 -> (3 + 0.5) / 5
    assert now.overall.percentile == pytest.approx(70.0)
    assert now.overall.median == 2.5
    early = benchmark("Target Co", peer_file=name, year=2024, min_peers=3, allow_small_group=True)
    assert early.size == 4  # SECRET[0] was assessed in 2026 only
    assert early.overall.percentile == 100.0  # 1.0 and 2.5 x3, all below 3.0
    assert early.overall.q1 == pytest.approx(2.125)  # 1.0, 2.5, 2.5, 2.5 at position 0.75
    missing = invoke("benchmark", "Target Co", "--peer-file", name, "--year", "2025")
    assert missing.exit_code == 1
    assert missing.stderr == "firm 'Target Co' has no assessment in 2025 (assessed in 2024, 2026)\n"


# -- anonymity ------------------------------------------------------------------------------


def test_below_the_minimum_no_statistics_and_a_clear_message(here: Path):
    name = write(here / "peers.csv", HAND[:5])  # four peers
    result = invoke("benchmark", "Target Co", "--peer-file", name)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Only 4 peer firms match (assessed up to 2026); peer statistics need at least 5, so "
        "that no single firm's scores can be inferred. Widen the peer group (drop a --peers "
        "filter) or add more assessments.\n"
    )
    with pytest.raises(TooFewPeers):
        peer_stats("Target Co", peer_file=name)


def test_lowering_the_minimum_needs_the_flag_and_prints_a_warning(here: Path):
    name = write(here / "peers.csv", HAND[:4])  # three peers
    refused = invoke("benchmark", "Target Co", "--peer-file", name, "--min-peers", "3")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr.splitlines()[-1] == (
        "Error: Invalid value for --min-peers: 3 is below the default of 5: add "
        "--allow-small-group to accept the risk of exposing single firms"
    )
    allowed = invoke("benchmark", "Target Co", "--peer-file", name, "--min-peers", "3",
                     "--allow-small-group")  # fmt: skip
    assert allowed.exit_code == 0, allowed.stderr
    assert allowed.stdout.splitlines()[0] == WARNING
    assert "Structure                     2.00" in allowed.stdout
    as_json = invoke("benchmark", "Target Co", "--peer-file", name, "--min-peers", "3",
                     "--allow-small-group", "-f", "json")  # fmt: skip
    assert json.loads(as_json.stdout)["warnings"] == [WARNING]
    stats = peer_stats("Target Co", peer_file=name, min_peers=3, allow_small_group=True)
    assert stats.definition.endswith("Small peer group allowed (minimum 3 firms).")


def test_fewer_than_three_is_refused_even_with_the_flag(here: Path):
    name = write(here / "peers.csv", HAND)
    for value in ("2", "1", "0"):
        result = invoke("benchmark", "Target Co", "--peer-file", name, "--min-peers", value,
                        "--allow-small-group")  # fmt: skip
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.splitlines()[-1] == (
            f"Error: Invalid value for --min-peers: {value} is refused: peer groups of fewer "
            "than 3 firms are never shown, since they would expose single firms' scores"
        )
    from amc_assess.loading import InvalidInput

    with pytest.raises(InvalidInput):
        benchmark("Target Co", peer_file=name, min_peers=2, allow_small_group=True)


def test_the_minimum_can_be_raised_freely(here: Path):
    name = write(here / "peers.csv", HAND)
    result = invoke("benchmark", "Target Co", "--peer-file", name, "--min-peers", "7")
    assert result.exit_code == 1
    assert "peer statistics need at least 7" in result.stderr
    assert invoke("benchmark", "Target Co", "--peer-file", name, "--min-peers", "6"
                  ).exit_code == 0  # fmt: skip


def test_a_dimension_with_too_few_comparable_scores_is_withheld(here: Path):
    rows = [dict(r) for r in HAND]
    rows[1]["daf_score"] = None  # five peers with a DAF score, then four
    rows[2]["daf_score"] = None
    name = write(here / "peers.csv", rows)
    result = benchmark("Target Co", peer_file=name)
    daf = next(s for s in result.dimensions if s.dimension == "daf")
    assert (daf.percentile, daf.q1, daf.median, daf.n) == (None, None, None, 4)
    assert daf.note == "withheld: fewer than 5 peers with a comparable score"
    assert "daf" not in result.peer_stats().dimensions
    shown = invoke("benchmark", "Target Co", "--peer-file", name)
    assert ("Dedicated alliance function   1.00  withheld: fewer than 5 peers with a comparable "
            "score") in shown.stdout  # fmt: skip


def test_no_output_names_or_shows_a_peer(here: Path):
    rows = [dict(r) for r in HAND] + [row(SECRET[6], 4.9, 1.1, 3.3, 2.2, 4.4, industry="ict")]
    name = write(here / "peers.csv", rows)
    assert invoke("history", "add", name, "--db", "s.db").exit_code == 0
    runs = [
        ("--peer-file", name),
        ("--peer-file", name, "-f", "json"),
        ("--db", "s.db"),
        ("--db", "s.db", "-f", "json", "--peers", "industry"),
        ("--db", "s.db", "--peers", "industry=ict"),  # too few: the message
        ("--db", "s.db", "--min-peers", "3", "--allow-small-group", "--peers", "industry"),
    ]
    for args in runs:
        result = invoke("benchmark", "Target Co", *args)
        text = result.stdout + result.stderr
        assert text.strip()
        for secret in SECRET:
            assert secret not in text and secret.lower() not in text.lower()
        for value in ("4.90", "1.10", "3.30", "2.20", "4.40"):  # the lone ICT peer's scores
            assert value not in text
    frame = benchmark("Target Co", db="s.db").model_dump_json()
    assert not any(secret in frame for secret in SECRET)


# -- peer groups ----------------------------------------------------------------------------


def test_peer_filters(here: Path):
    rows = [dict(r) for r in HAND] + [
        row(SECRET[6 + k], 1.0, 1.0, 1.0, 1.0, 1.0, industry="ict") for k in range(3)
    ]
    name = write(here / "peers.csv", rows)
    assert benchmark("Target Co", peer_file=name).size == 9
    assert benchmark("Target Co", peer_file=name, peers="industry").size == 6
    assert benchmark("Target Co", peer_file=name, peers="industry=MedTech").size == 6
    by_label = benchmark("Target Co", peer_file=name,
                         peers="industry=Medical technology and diagnostics")  # fmt: skip
    assert by_label.filters == {"industry": "medtech"}
    bad = invoke("benchmark", "Target Co", "--peer-file", name, "--peers", "sector=x,industry=y")
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == [
        "--peers: unknown key 'sector'; use employees, industry, region, revenue, revenue_band",
        "--peers: industry=y: not an option of ctx_industry (pharma_biotech, medtech, chemicals, "
        "industrial, automotive, ict, telecom, financial, energy, consumer, other)",
        "2 problems found",
    ]
    unknown = invoke("benchmark", "Target Co", "--peer-file", name, "--peers", "region")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "--peers: firm 'Target Co' has no region on record for 2026; give it, e.g. "
        "--peers region=CODE\n"
    )


def test_the_firm_from_its_response_file_and_peers_from_the_store(here: Path):
    example = REPO / "examples" / "mid_maturity.yaml"
    rows = [row(SECRET[k], 2.0 + k / 4, 2.0, 2.0, 2.0, 2.0, industry="medtech") for k in range(5)]
    assert invoke("history", "add", write(here / "p.csv", rows), "--db", "s.db").exit_code == 0
    result = benchmark("Lumora Medical Inc. (fictional)", assessment=[example], db="s.db",
                       peers="industry")  # fmt: skip
    assert result.size == 5 and result.filters == {"industry": "medtech"}
    assert str(result.as_of) == "2026-03-03"
    assert result.source == "the store s.db"
    wrong = invoke("benchmark", "Someone Else", "--assessment", str(example), "--db", "s.db")
    assert wrong.exit_code == 1
    assert wrong.stderr == f"{example}: no assessment of firm 'Someone Else'\n"
    nowhere = invoke("benchmark", "Nobody", "--db", "s.db")
    assert nowhere.exit_code == 1
    assert nowhere.stderr == (
        "no assessment of firm 'Nobody' in the store s.db: add it with amc history add, or give "
        "its file with --assessment\n"
    )
    no_peers = invoke("benchmark", "Lumora Medical Inc. (fictional)", "--assessment",
                      str(example))  # fmt: skip
    assert no_peers.exit_code == 1
    assert no_peers.stderr == (
        f"no peers: there is no store at {here / 'no-store.db'}; give --peer-file FILE or --db\n"
    )


def test_store_and_peer_file_give_the_same_benchmark(here: Path):
    name = write(here / "peers.parquet", HAND)
    assert invoke("history", "add", name, "--db", "s.db").exit_code == 0
    from_store = benchmark("Target Co", db="s.db")
    from_file = benchmark("Target Co", peer_file=name, db="nothing.db")
    assert from_store.dimensions == from_file.dimensions
    assert from_store.overall == from_file.overall


# -- versions -------------------------------------------------------------------------------


def test_peers_scored_with_another_version_are_left_out_and_said_so(here: Path):
    versions = {"instrument": "amc", "instrument_version": "1.0.0", "rubric": "amc",
                "rubric_version": "1.0.0"}  # fmt: skip
    older = {**versions, "instrument_version": "0.9.0", "rubric_version": "0.9.0"}
    rows = [{**r, **versions} for r in HAND] + [
        {**row(SECRET[6 + k], 1.0, 1.0, 1.0, 1.0, 1.0), **older} for k in range(2)
    ]
    name = write(here / "peers.parquet", rows)
    result = benchmark("Target Co", peer_file=name)
    assert result.size == 8
    assert all(s.n == 6 for s in result.dimensions)
    assert result.overall.percentile == pytest.approx(50.0)  # as without the older two
    assert result.notes[0] == (
        "Structure: 2 peer firms scored with another instrument or rubric version that defines "
        "it differently are left out."
    )
    assert len(result.notes) == 5
    shown = invoke("benchmark", "Target Co", "--peer-file", name)
    assert shown.stdout.splitlines()[-5].startswith("Note: Structure: 2 peer firms scored")


# -- the bundled synthetic peer set -----------------------------------------------------------


def _generator():
    import importlib.util

    path = REPO / "benchmarks" / "make_synthetic_peers.py"
    spec = importlib.util.spec_from_file_location("make_synthetic_peers", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundled_synthetic_set_is_what_the_seeded_script_makes():
    import hashlib

    import yaml

    folder = REPO / "examples" / "synthetic_peers"
    bundled = pd.read_parquet(folder / "peers_synthetic.parquet")
    made = _generator().build()
    pd.testing.assert_frame_equal(bundled, made, check_dtype=False)
    meta = yaml.safe_load((folder / "peers_synthetic.yaml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and "SYNTHETIC" in meta["name"]
    digest = hashlib.sha256((folder / "peers_synthetic.parquet").read_bytes()).hexdigest()
    assert meta["sha256"] == digest
    assert meta["firms"] == bundled["firm"].nunique() == 300
    assert bundled["firm"].str.startswith("Synthetic firm ").all()
    assert bundled["synthetic"].all()
    assert np.isin(bundled["overall_level"].dropna(), [1, 2, 3, 4, 5]).all()


def test_synthetic_peers_are_labeled_synthetic_in_the_output(here: Path):
    example = REPO / "examples" / "mid_maturity.yaml"
    result = invoke("benchmark", "Lumora Medical Inc. (fictional)", "--assessment", str(example),
                    "--peer-file", "synthetic", "--peers", "industry")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith(
        "Peers: 35 firms from the bundled synthetic peer set (SYNTHETIC data: invented firms, "
        "for demonstration only), industry: Medical technology and diagnostics;"
    )
    assert "Synthetic firm" not in result.stdout
    one = benchmark("Synthetic firm 001", peer_file="synthetic")
    assert one.synthetic and one.size == 299


def test_readme_quickstart_runs(here: Path):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- benchmark quickstart -->")[1].split("```")[1]
    commands = [line.strip() for line in block.splitlines() if line.strip().startswith("amc ")]
    assert len(commands) >= 3
    import shlex

    outputs = []
    for command in commands:
        args = [a.replace("examples/", f"{REPO}/examples/") for a in shlex.split(command)[1:]]
        result = invoke(*args)
        assert result.exit_code == 0, (command, result.stderr)
        outputs.append(result.stdout)
    assert "Benchmark of Lumora Medical Inc. (fictional), 2026" in outputs[-1]


def test_readme_try_it_commands_run_as_printed(here: Path):
    """The first command's amc part, and the `amc ...` examples after it, with the venv's amc."""
    import re
    import shlex

    text = (REPO / "README.md").read_text(encoding="utf-8")
    first = text.split("**Try it**")[1].split("```bash")[1].split("```")[0].strip()
    assert first.startswith("python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/amc ")
    commands = [first.split("&& .venv/bin/amc ", 1)[1]]
    after = text.split("**Try it**")[1].split("**Run the tests:**")[0].split("```")[2]
    assert "source .venv/bin/activate" in after and "`.venv/bin/amc`" in after
    commands += [c[len("amc ") :] for c in re.findall(r"`(amc [^`]+)`", after)]
    assert len(commands) >= 2
    for command in commands:
        args = [a.replace("examples/", f"{REPO}/examples/") for a in shlex.split(command)]
        result = invoke(*args)
        assert result.exit_code == 0, (command, result.stderr)
    assert (here / "demo" / "amc-demo.pdf").exists() and (here / "demo" / "amc-demo.json").exists()
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "demo/" in ignored  # the demo's outputs never show up as untracked files
