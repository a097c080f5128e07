"""``amc benchmark``: released figures by hand, anonymity, peer groups, versions.

Disclosure control (issue 18) replaced exact percentiles and quartiles: groups of 3 to 9 show
counts per maturity level, groups of 10 or more rounded quartiles and a position band, sizes
as bands (the attacks themselves are in test_disclosure.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from amc_assess.benchmark import TooFewPeers, benchmark, peer_stats
from conftest import REPO, invoke

DIMS = ("structure", "coordination", "learning", "daf")
SECRET = [f"Secretive Peer {c} GmbH" for c in "ABCDEFGHIJ"]
WARNING = (
    "Warning: the minimum peer-group size is lowered to 3 (--allow-small-group). A group this "
    "small is shown only as counts of firms per maturity level, but a reader who knows who the "
    "peers are may still learn a firm's level: keep this output within the engagement."
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMC_DB", str(tmp_path / "no-store.db"))
    return tmp_path


def row(firm: str, structure: float, coordination: float, learning: float, daf: float,
        overall: float, year: int = 2026, **extra: object) -> dict:  # fmt: skip
    """A stored firm's row. ``overall`` must be what the rubric's rule makes of the four
    scores (their mean), as ``history add`` refuses a row whose overall does not follow."""
    assert abs(overall - (structure + coordination + learning + daf) / 4) < 1e-9, overall
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


HAND = [  # seven firms, the target among them: the group's figures are over all seven
    row("Target Co", 2.0, 3.0, 5.0, 1.0, 2.75, industry="medtech"),
    row(SECRET[0], 1.0, 3.0, 2.0, 1.5, 1.875, industry="medtech"),
    row(SECRET[1], 2.0, 3.0, 2.0, 2.0, 2.25, industry="medtech"),
    row(SECRET[2], 2.0, 3.0, 2.0, 2.0, 2.25, industry="medtech"),
    row(SECRET[3], 3.0, 3.0, 2.0, 2.0, 2.5, industry="medtech"),
    row(SECRET[4], 3.5, 3.0, 2.0, 2.0, 2.625, industry="medtech"),
    row(SECRET[5], 4.0, 3.0, 2.0, 2.0, 2.75, industry="medtech"),
]  # each overall is the mean of the four dimensions (weights 1), as a scored table has it


# twelve peers: from ten on, rounded quartiles and a position band
STRUCTURE12 = [1.0, 1.5, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 3.3, 3.6, 4.0, 4.5]
TWELVE = [row("Target Co", 2.0, 3.0, 4.6, 1.0, 2.65, industry="medtech")] + [
    row(SECRET[k] if k < 10 else f"Quiet Peer {k}", s, 3.0, 2.0, 2.0, (s + 7.0) / 4,
        industry="medtech")
    for k, s in enumerate(STRUCTURE12)
]  # fmt: skip


def test_small_group_by_hand_shows_levels_only(here: Path):
    name = write(here / "peers.csv", HAND)
    result = benchmark("target co", peer_file=name)
    assert (result.firm, result.year, result.size, result.min_peers) == ("Target Co", 2026,
                                                                        "5–9", 5)  # fmt: skip
    got = {s.dimension: s for s in [*result.dimensions, result.overall]}
    # levels start at 1.8, 2.6, 3.4 and 4.2; the target's own level is counted too
    assert got["structure"].levels == {"1": 1, "2": 3, "3": 1, "4": 2, "5": 0}
    assert got["coordination"].levels == {"1": 0, "2": 0, "3": 7, "4": 0, "5": 0}
    assert got["daf"].levels == {"1": 2, "2": 5, "3": 0, "4": 0, "5": 0}
    assert got["overall"].levels == {"1": 0, "2": 4, "3": 3, "4": 0, "5": 0}
    assert (got["overall"].level, got["structure"].level) == (3, 2)
    assert all((s.q1, s.median, s.q3, s.position) == (None,) * 4 for s in got.values())
    assert all(s.peers == "5–9" for s in got.values())
    assert result.definition == (
        "5–9 firms from peers.csv, all industries and sizes; each firm's latest assessment up "
        "to 2026, its respondents averaged. The benchmarked firm is one of them: its own "
        "scores count in the figures."
    )


def test_benchmark_from_a_peer_file_by_hand(here: Path):
    name = write(here / "peers.csv", TWELVE)
    result = benchmark("target co", peer_file=name)
    assert result.size == "10–19"
    got = {s.dimension: s for s in [*result.dimensions, result.overall]}
    # type 7 over the thirteen firms (the target's 2.0 too): positions 4, 7, 10 -> 2.0, 2.6, 3.3
    structure = got["structure"]
    assert (structure.q1, structure.median, structure.q3) == (2.0, 2.6, 3.3)
    # on the first quartile: above half of the cut points it equals
    assert structure.position is not None and structure.position.label == "25th–50th percentile"
    assert got["coordination"].position.label == "50th–75th percentile"  # on every cut
    assert got["learning"].position.label == "top quartile"
    assert got["daf"].position.label == "bottom quartile"
    # overall (s + 7) / 4 and the target's 2.65: 2.3, 2.45, 2.65 -> 2.3, 2.5, 2.7 (half up);
    # 2.65 is above the rounded median and below the rounded third quartile
    overall = got["overall"]
    assert (overall.q1, overall.median, overall.q3) == (2.3, 2.5, 2.7)
    assert overall.position.model_dump() == {
        "low": 50, "high": 75, "label": "50th–75th percentile", "quartile": 3,
    }  # fmt: skip
    assert all(s.peers == "10–19" and s.levels is None for s in got.values())
    assert result.disclosure.rounding == 0.1 and result.disclosure.noise == "none"
    assert result.disclosure.audited is False  # peers from a file: no store, no log
    # said in words: the target is one of the file's firms, so its scores count
    assert result.definition.endswith("The benchmarked firm is one of them: its own scores "
                                      "count in the figures.")  # fmt: skip


def test_cli_table_and_json(here: Path):
    name = write(here / "peers.csv", TWELVE)
    result = invoke("benchmark", "Target Co", "--peer-file", name)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "Benchmark of Target Co, 2026",
        "Peers: 10–19 firms from peers.csv, all industries and sizes; each firm's latest "
        "assessment up to 2026, its respondents averaged. The benchmarked firm is one of them: "
        "its own scores count in the figures.",
        "Figures: the whole group's, the firm among them where it is one of its members (anyone "
        "asking about the group sees the same figures). From 10 comparable peers beside any one "
        "firm, quartiles (linear interpolation) rounded to 0.1, and the firm's position as the "
        "percentile band between rounded cut points; with fewer, the number of firms at each "
        "maturity level. Group sizes are shown as bands.",
        "",
        "                              firm  position              peer Q1  median  peer Q3  peers",
        "Structure                     2.00  25th–50th percentile      2.0     2.6      3.3  10–19",
        "Coordination                  3.00  50th–75th percentile      3.0     3.0      3.0  10–19",
        "Learning                      4.60  top quartile              2.0     2.0      2.0  10–19",
        "Dedicated alliance function   1.00  bottom quartile           2.0     2.0      2.0  10–19",
        "Overall AMC index             2.65  50th–75th percentile      2.3     2.5      2.7  10–19",
    ]
    as_json = invoke("benchmark", "Target Co", "--peer-file", name, "--format", "json")
    library = benchmark("Target Co", peer_file=name)
    assert json.loads(as_json.stdout) == library.model_dump(mode="json")
    assert json.loads(as_json.stdout)["disclosure"]["size_band"] == "10–19"


def test_peer_stats_for_the_report(here: Path):
    from amc_assess.report.models import PeerStats

    name = write(here / "peers.csv", TWELVE)
    stats = peer_stats("Target Co", peer_file=name, peers="industry")
    assert isinstance(stats, PeerStats)
    assert stats.size == "10–19" and stats.filters == {"industry": "medtech"}
    assert list(stats.dimensions) == list(DIMS)
    assert stats.dimensions["structure"].median == 2.6  # over the 13 firms, the target too
    assert stats.dimensions["structure"].position.label == "25th–50th percentile"
    assert stats.overall is not None and stats.overall.peers == "10–19"
    assert stats.disclosure is not None and stats.disclosure.grouping == "industry"
    assert "industry: Medical technology and diagnostics" in stats.definition


def test_the_reports_level_counts_leave_the_firm_out_of_its_peers(here: Path):
    """Seven firms, the target among them at structure level 2 with two others: the report
    said "3 at the same" (itself counted as its own peer), where amc benchmark's group counts
    say 1/3/1/2/0 with the firm among them (a trial)."""
    from amc_assess.report.context import peer_view

    stats = peer_stats("Target Co", peer_file=write(here / "peers.csv", HAND))
    assert stats.firm_counted == "current"
    structure = stats.dimensions["structure"]
    assert structure.levels == {"1": 1, "2": 3, "3": 1, "4": 2, "5": 0}
    view = peer_view(structure, 2, stats.firm_counted)
    assert view is not None
    assert view["phrase"] == (
        "level 2, with 1 peer firm at a lower level, 2 at the same and 3 at a higher one"
    )  # six peers: the seven firms less the target
    other = peer_view(structure, 2, "other")  # the counts hold another assessment of it
    assert other is not None and other["phrase"].endswith(
        "3 at the same and 3 at a higher one (another assessment of the firm among them)"
    )


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
    assert now.size == "5–9"
    # the target 3.0 (level 3), peers 3.0 (pooled: level 3), 5.0 (2025: level 5), 2.5 x3
    assert now.overall.levels == {"1": 0, "2": 3, "3": 2, "4": 0, "5": 1}
    early = benchmark("Target Co", peer_file=name, year=2024, min_peers=3, allow_small_group=True)
    assert early.size == "5–9"  # SECRET[0] was assessed in 2026 only: five firms
    # the target's 3.0 of 2024, 1.0 and 2.5 x3
    assert early.overall.levels == {"1": 1, "2": 3, "3": 1, "4": 0, "5": 0}
    missing = invoke("benchmark", "Target Co", "--peer-file", name, "--year", "2025")
    assert missing.exit_code == 1
    assert missing.stderr == "firm 'Target Co' has no assessment in 2025 (assessed in 2024, 2026)\n"


# -- anonymity ------------------------------------------------------------------------------


def test_below_the_minimum_no_statistics_and_a_clear_message(here: Path):
    name = write(here / "peers.csv", HAND[:5])  # five firms: each has four peers
    result = invoke("benchmark", "Target Co", "--peer-file", name)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (  # not "5 firms": small counts are not given exactly either
        "Too few firms match (assessed up to 2026): peer statistics need a group in which every "
        "firm has at least 5 peers beside it, so that no single firm's scores can be inferred. "
        "Add the assessments of more firms.\n"
    )
    with pytest.raises(TooFewPeers):
        peer_stats("Target Co", peer_file=name)


def test_lowering_the_minimum_needs_the_flag_and_prints_a_warning(here: Path):
    name = write(here / "peers.csv", HAND[:4])  # four firms: three peers beside each
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
    line = "Structure                     2.00  firms at level 1/2/3/4/5: 1/3/0/0/0; the firm"
    assert [row for row in allowed.stdout.splitlines() if row.startswith(line)] == [
        line + " at level 2"
    ]  # no size band beside counts that give the size (it read "... level 2  3–4")
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
    assert "every firm has at least 7 peers beside it" in result.stderr
    assert invoke("benchmark", "Target Co", "--peer-file", name, "--min-peers", "6"
                  ).exit_code == 0  # fmt: skip


def test_a_dimension_with_too_few_comparable_scores_is_withheld(here: Path):
    rows = [dict(r) for r in HAND]
    rows[1]["daf_score"] = None  # five peers with a DAF score, then four
    rows[2]["daf_score"] = None
    rows[1]["overall_score"] = rows[2]["overall_score"] = None  # every dimension is required
    name = write(here / "peers.csv", rows)
    result = benchmark("Target Co", peer_file=name)
    daf = next(s for s in result.dimensions if s.dimension == "daf")
    assert (daf.position, daf.q1, daf.median, daf.levels, daf.peers) == (None,) * 5
    assert daf.note == "withheld: fewer than 5 peers with a comparable score"
    assert "daf" not in result.peer_stats().dimensions
    shown = invoke("benchmark", "Target Co", "--peer-file", name)
    assert ("Dedicated alliance function   1.00  withheld: fewer than 5 peers with a comparable "
            "score") in shown.stdout  # fmt: skip


def test_no_output_names_or_shows_a_peer(here: Path, db: str):
    rows = [dict(r) for r in HAND] + [row(SECRET[6], 4.9, 1.1, 3.3, 2.2, 2.875, industry="ict")]
    name = write(here / "peers.csv", rows)
    assert invoke("history", "add", name, "--db", db).exit_code == 0
    runs = [
        ("--peer-file", name),
        ("--peer-file", name, "-f", "json"),
        ("--db", db),
        ("--db", db, "-f", "json", "--peers", "industry"),
        ("--db", db, "--peers", "industry=ict"),  # too few: the message
        ("--db", db, "--min-peers", "3", "--allow-small-group", "--peers", "industry"),
    ]
    for args in runs:
        result = invoke("benchmark", "Target Co", *args)
        text = result.stdout + result.stderr
        assert text.strip()
        for secret in SECRET:
            assert secret not in text and secret.lower() not in text.lower()
        for value in ("4.90", "1.10", "3.30", "2.20", "2.88"):  # the lone ICT peer's scores
            assert value not in text
    frame = benchmark("Target Co", db=db).model_dump_json()
    assert not any(secret in frame for secret in SECRET)


# -- peer groups ----------------------------------------------------------------------------


def test_peer_filters(here: Path):
    rows = [dict(r) for r in HAND] + [
        row(SECRET[6 + k], 1.0, 1.0, 1.0, 1.0, 1.0, industry="ict") for k in range(3)
    ]
    name = write(here / "peers.csv", rows)
    assert benchmark("Target Co", peer_file=name).dimensions[0].levels["1"] == 4  # 3 ICT + 1
    assert benchmark("Target Co", peer_file=name, peers="industry").dimensions[0].levels[
        "1"
    ] == 1  # fmt: skip
    assert benchmark("Target Co", peer_file=name, peers="industry=MedTech").size == "5–9"
    by_label = benchmark("Target Co", peer_file=name,
                         peers="industry=Medical technology and diagnostics")  # fmt: skip
    assert by_label.filters == {"industry": "medtech"}
    bad = invoke("benchmark", "Target Co", "--peer-file", name, "--peers", "sector=x,industry=y")
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == [
        "--peers: unknown key 'sector'; use industry, revenue (or revenue_band) or region",
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


def test_the_firm_from_its_response_file_and_peers_from_the_store(here: Path, db: str):
    example = REPO / "examples" / "mid_maturity.yaml"
    rows = [row(SECRET[k], 2.0 + k / 4, 2.0, 2.0, 2.0, 2.0 + k / 16, industry="medtech")
            for k in range(6)]  # fmt: skip
    assert invoke("history", "add", write(here / "p.csv", rows), "--db", db).exit_code == 0
    # six stored firms: the probe is not one of them, and each of them has five peers
    result = benchmark("Lumora Medical Inc. (fictional)", assessment=[example], db=db,
                       peers="industry")  # fmt: skip
    assert result.size == "5–9" and result.filters == {"industry": "medtech"}
    assert str(result.as_of) == "2026-03-03"
    assert result.source == f"the store {db}"
    assert result.definition.endswith("The benchmarked firm is not one of them: its own scores "
                                      "are not in the figures.")  # fmt: skip
    # a probe under a stored firm's name: the stored assessment is in the figures, not the
    # probe (the definition said "its own scores count", a trial read the probe's as counted)
    probe = yaml.safe_load(example.read_text(encoding="utf-8"))
    probe["assessment"]["firm"] = SECRET[3]
    probe_path = here / "probe.yaml"
    probe_path.write_text(yaml.safe_dump(probe), encoding="utf-8")
    stored = benchmark(SECRET[3], assessment=[probe_path], db=db, peers="industry")
    assert stored.definition.endswith(
        "The benchmarked firm is one of them: its stored assessment counts in the figures; the "
        "assessment given here is set beside them, not added to them."
    )
    wrong = invoke("benchmark", "Someone Else", "--assessment", str(example), "--db", db)
    assert wrong.exit_code == 1
    assert wrong.stderr == f"{example}: no assessment of firm 'Someone Else'\n"
    nowhere = invoke("benchmark", "Nobody", "--db", db)
    assert nowhere.exit_code == 1
    assert nowhere.stderr == (
        f"no assessment of firm 'Nobody' in the store {db}: add it with amc history add, or give "
        "its file with --assessment\n"
    )
    no_peers = invoke("benchmark", "Lumora Medical Inc. (fictional)", "--assessment",
                      str(example))  # fmt: skip
    assert no_peers.exit_code == 1
    assert no_peers.stderr == (
        f"no peers: there is no store at {here / 'no-store.db'}; give --peer-file FILE or --db\n"
    )


def test_store_and_peer_file_give_the_same_benchmark(here: Path, db: str):
    name = write(here / "peers.parquet", HAND)
    assert invoke("history", "add", name, "--db", db).exit_code == 0
    from_store = benchmark("Target Co", db=db)
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
    assert result.size == "5–9"
    assert all(s.peers == "5–9" and sum(s.levels.values()) == 7 for s in result.dimensions)
    # as without the older two (their 1.0 would be level 1): the seven HAND firms
    assert result.overall.levels == {"1": 0, "2": 4, "3": 3, "4": 0, "5": 0}
    assert result.notes[0] == (  # how many as a band: two firms' exact counts added up to the
        "Structure: peer firms scored with another instrument or rubric version that defines "
        "it differently are left out (fewer than 3)."
    )  # exact size of a group shown by quartiles (a trial)
    assert len(result.notes) == 5
    shown = invoke("benchmark", "Target Co", "--peer-file", name)
    assert shown.stdout.splitlines()[-5].startswith("Note: Structure: peer firms scored")


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
        "Peers: 20–49 firms from the bundled synthetic peer set (SYNTHETIC data: invented firms, "
        "for demonstration only), industry: Medical technology and diagnostics;"
    )
    assert "Synthetic firm" not in result.stdout
    one = benchmark("Synthetic firm 001", peer_file="synthetic")
    assert one.synthetic and one.size == "200–499"


def test_a_band_finer_than_quartiles_shows_its_cut_points(here: Path):
    """200-499 peers: positions in tenths, whose cut points the quartile columns do not show;
    the band carries them (a trial saw Q3 3.8 beside "60th–80th percentile" for 3.85)."""
    args = ["benchmark", "Synthetic firm 001", "--peer-file", "synthetic"]
    text = invoke(*args)
    assert text.exit_code == 0, text.stderr
    data = json.loads(invoke(*args, "--format", "json").stdout)
    rows = {line[:30].strip(): line for line in text.stdout.splitlines()}
    checked = 0
    for s in [*data["dimensions"], data["overall"]]:
        low, high = s["position"]["low"], s["position"]["high"]
        line = rows[s["title"]]
        if {low, high} <= {0, 25, 50, 75, 100}:
            assert f"{s['position']['label']}  " in line
            continue
        cuts = s["cuts"]
        if low and high < 100:
            shown = f"({cuts[str(low)]:.1f}–{cuts[str(high)]:.1f})"
        else:
            shown = f"(up to {cuts[str(high)]:.1f})" if not low else f"(from {cuts[str(low)]:.1f})"
        assert f"{s['position']['label']} {shown}" in line
        checked += 1
    assert checked


def test_the_band_is_that_of_the_score_as_printed(here: Path):
    """2.498 printed as 2.50 beside a first quartile of 2.5 read "bottom quartile" (a trial):
    the band is placed from the printed score, so the line never contradicts itself."""
    others = [1.0, 1.5, 2.0, 2.5, 2.5, 2.5, 3.0, 3.3, 3.6, 4.0, 4.2, 4.5]
    rows = [row("Target Co", 2.498, 3.0, 2.0, 2.0, (2.498 + 7.0) / 4)] + [
        row(SECRET[k] if k < 10 else f"Quiet Peer {k}", v, 3.0, 2.0, 2.0, (v + 7.0) / 4)
        for k, v in enumerate(others)
    ]  # fmt: skip
    got = benchmark("Target Co", peer_file=write(here / "peers.csv", rows))
    structure = got.dimensions[0]
    assert (f"{structure.score:.2f}", structure.q1) == ("2.50", 2.5)
    assert structure.position is not None
    assert structure.position.label == "25th–50th percentile"


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


def test_a_peer_that_left_the_band_is_not_in_it_with_its_older_scores(here: Path, db: str):
    """Latest year first, then the grouping: Medora was medtech in 2024 and ict in 2025, so it
    is not a medtech peer at its 2024 score (1.0); the same from a peer file and the store."""
    rows = [dict(r) for r in HAND] + [
        row("Medora", 1.0, 1.0, 1.0, 1.0, 1.0, year=2024, industry="medtech"),
        row("Medora", 5.0, 5.0, 5.0, 5.0, 5.0, year=2025, industry="ict"),
    ]
    name = write(here / "peers.csv", rows)
    assert invoke("history", "add", name, "--db", db).exit_code == 0
    for source in ({"peer_file": name, "db": "nothing.db"}, {"db": db}):
        medtech = benchmark("Target Co", peers="industry", **source)
        assert medtech.size == "5–9"  # the seven HAND firms only
        assert medtech.overall.levels == {"1": 0, "2": 4, "3": 3, "4": 0, "5": 0}, source


def test_a_misspelt_peer_key_gets_a_suggestion(here: Path):
    name = write(here / "peers.csv", [dict(r) for r in HAND])
    result = invoke("benchmark", "Target Co", "--peer-file", name, "--peers", "industri")
    assert result.exit_code == 1
    assert "--peers: unknown key 'industri' (did you mean 'industry'?); use industry, revenue" in (
        result.stderr
    )


def test_a_peer_file_beside_a_store_says_its_query_is_not_logged(here: Path):
    """A benchmark from --peer-file with --db at hand left no line in the store's audit log,
    and said nothing of it, while the same group from the store was held to an earlier
    answer (a trial)."""
    name = write(here / "peers.csv", TWELVE)
    assert invoke("history", "add", name, "--db", "s.db").exit_code == 0
    done = invoke("benchmark", "Target Co", "--peer-file", name, "--db", "s.db")
    assert done.exit_code == 0, done.stderr
    assert (
        "Peers from peers.csv, not the store: the query is not logged in the store's audit "
        "log, and the rule that answers a group close to one answered before from that group "
        "applies to the store's peers only (whoever holds the file holds its figures)."
    ) in " ".join(done.stdout.split())
    assert "No benchmark queries logged yet." in invoke("history", "audit", "--db", "s.db").stdout
    alone = invoke("benchmark", "Target Co", "--peer-file", name)
    assert "not the store" not in alone.stdout
