"""`amc report` with peers and history from the benchmark store (issues 5 and 6 together)."""

from __future__ import annotations

import json

from pypdf import PdfReader

from amc_assess.resources import example
from conftest import invoke

FIRM = "Lumora Medical Inc. (fictional)"


def text_of(pdf) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_report_with_synthetic_peers_matches_amc_benchmark(tmp_path):
    pdf = tmp_path / "r.pdf"
    mid = str(example("mid_maturity.yaml"))
    result = invoke(
        "report", mid, "--out", str(pdf), "--peer-file", "synthetic", "--peers", "industry"
    )
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "r.json").read_text())
    peers = record["peers"]["dimensions"]
    bench = invoke(
        "benchmark", FIRM, "--assessment", mid, "--peer-file", "synthetic", "--peers", "industry"
    )
    assert bench.exit_code == 0, bench.stderr
    line = next(x for x in bench.stdout.splitlines() if x.startswith("Structure "))
    structure = peers["structure"]  # the same released figures in the report's record
    assert line.split("  ")[-1] == structure["peers"] == "20–49"
    assert f"  {structure['position']['label']}  " in line
    assert f"  {structure['q1']:.1f}  " in line and f"  {structure['median']:.1f}  " in line
    text = " ".join(text_of(pdf).split())
    assert "SYNTHETIC data" in text  # the report says the peers are invented
    assert f"median {structure['median']:.1f}, middle half from {structure['q1']:.1f}" in text
    assert record["peer_group"]["size"] == "20–49"  # 35 firms, never printed exactly
    assert record["disclosure"]["size_band"] == "20–49" and record["disclosure"]["noise"] == "none"
    assert "35 firms" not in text
    # the methodology says how the peers are protected, and what a reader can and cannot infer
    assert "How the peer firms are protected" in text
    assert "are rounded to 0.1 before anything else is drawn from them" in text
    assert "What a reader can infer: the rounded quartiles of the group" in text
    assert "What a reader cannot infer: any single peer firm's score, its rank" in text
    assert "Hundepool, A., Domingo-Ferrer, J." in text  # the References page
    # not one of them: the paragraph no longer goes on "Lumora among them where it is one of
    # its firms", nor runs "not in the figures, set beside ..." into one clause (a trial)
    assert "The benchmarked firm is not one of them: its own scores are not in the figures. " in (
        text
    )
    assert f"The report sets them beside {FIRM}'s assessment of 3 March 2026." in text
    assert "The figures are the whole group's, so that every firm of the group" in text
    assert "among them where it is one of its firms" not in text


def test_small_peer_group_warns_and_renders_without_peers(tmp_path):
    pdf = tmp_path / "r.pdf"
    result = invoke(
        "report", str(example("mid_maturity.yaml")), "--out", str(pdf),
        "--peer-file", "synthetic", "--peers", "industry", "--min-peers", "50",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"{FIRM}: no peer statistics in the report. ")
    record = json.loads((tmp_path / "r.json").read_text())
    assert record["peers"] is None and record["disclosure"] is None
    text = " ".join(text_of(pdf).split())
    assert "Peer position" not in text
    # the PDF says why there are no peers (it said "none in this edition" and "once a peer
    # benchmark is available" though one was asked for; a trial)
    assert "Peer group: none: too few comparable firms to release peer figures" in text
    assert "a benchmark was asked for, but too few comparable firms matched" in text
    assert "once a peer benchmark is available" not in text


def test_report_from_the_store_shows_the_trend(tmp_path):
    db = str(tmp_path / "amc.db")
    earlier = example("mid_maturity.yaml").read_text(encoding="utf-8")
    earlier = earlier.replace("date: 2026-03-03", "date: 2024-03-05").replace(
        "str_exit_terms: 2", "str_exit_terms: 1"
    )
    (tmp_path / "2024.yaml").write_text(earlier, encoding="utf-8")
    added = invoke(
        "history", "add", str(tmp_path / "2024.yaml"), str(example("mid_maturity.yaml")), "--db", db
    )
    assert added.exit_code == 0, added.stderr
    pdf = tmp_path / "r.pdf"
    result = invoke("report", str(example("mid_maturity.yaml")), "--out", str(pdf), "--db", db)
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "r.json").read_text())
    labels = [point["label"] for point in record["history"]]
    assert labels == ["2024", "2026"]
    assert "2024" in text_of(pdf)


def test_batch_output_keeps_the_profile_so_the_store_can_form_peer_groups(tmp_path):
    import pandas as pd

    out = tmp_path / "scored.parquet"
    result = invoke("batch", str(example("mid_maturity.yaml").parent), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    table = pd.read_parquet(out).set_index("firm")
    assert table.loc[FIRM, "ctx_industry"] == "medtech"
    db = str(tmp_path / "amc.db")
    assert invoke("history", "add", str(out), "--db", db).exit_code == 0
    export = tmp_path / "all.csv"
    assert invoke("history", "export", "--out", str(export), "--db", db).exit_code == 0
    stored = pd.read_csv(export).set_index("firm")
    assert stored.loc[FIRM, "industry"] == "medtech"


def test_the_trend_ends_at_this_reports_own_figures(tmp_path):
    from test_network import KEY_CONTACT, seed001_ties, write_ties

    db = str(tmp_path / "amc.db")
    earlier = example("mid_maturity.yaml").read_text(encoding="utf-8")
    (tmp_path / "2024.yaml").write_text(
        earlier.replace("date: 2026-03-03", "date: 2024-03-05"), encoding="utf-8"
    )
    assert invoke("history", "add", str(tmp_path / "2024.yaml"), "--db", db).exit_code == 0
    ties = write_ties(tmp_path / "ties.csv", seed001_ties(), keys={KEY_CONTACT})
    pdf = tmp_path / "r.pdf"
    # only an earlier year is stored: the trend still has this year, from this report
    result = invoke("report", str(example("mid_maturity.yaml")), "--out", str(pdf), "--db", db,
                    "--network", str(ties))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "r.json").read_text())
    assert [p["label"] for p in record["history"]] == ["2024", "2026"]
    shown = record["scores"]["dimensions"]["coordination"]["score"]
    assert record["history"][-1]["dimensions"]["coordination"] == shown
    # this year stored without the audit: the trend still shows the report's (audited) score
    assert invoke("history", "add", str(example("mid_maturity.yaml")), "--db", db).exit_code == 0
    result = invoke("report", str(example("mid_maturity.yaml")), "--out", str(pdf), "--db", db,
                    "--network", str(ties))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "r.json").read_text())
    assert record["history"][-1]["dimensions"]["coordination"] == shown
    assert record["history"][0]["dimensions"]["structure"] is not None


def test_a_group_of_five_to_nine_draws_no_median_and_the_caption_says_why(tmp_path):
    """Such a group is released as counts per level only: the radar draws no median line, and
    its caption says so instead of naming a dotted median line."""
    import pandas as pd

    peers = tmp_path / "peers.csv"
    pd.DataFrame(
        [
            {
                "firm": f"Quiet Peer {k}",
                "year": 2026,
                "structure_score": 2.0 + k / 4,
                "coordination_score": 3.0,
                "learning_score": 2.5,
                "daf_score": 2.0,
                "overall_score": (2.0 + k / 4 + 3.0 + 2.5 + 2.0) / 4,
            }  # fmt: skip
            for k in range(6)
        ]
    ).to_csv(peers, index=False)
    pdf = tmp_path / "r.pdf"
    mid = str(example("mid_maturity.yaml"))
    result = invoke("report", mid, "--out", str(pdf), "--peer-file", str(peers))
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "r.json").read_text())
    assert record["peer_group"]["size"] == "5–9"
    assert all(d["median"] is None for d in record["peers"]["dimensions"].values())
    text = " ".join(text_of(pdf).split())
    assert "the peer group (5–9 firms) is released as counts of firms per level only" in text
    assert "the dotted line the median of the peer group" not in text
    assert "Peer median" not in text


def test_peers_without_a_peer_source_is_refused(tmp_path):
    """``--peers industry`` with neither --db nor --peer-file was ignored: a report said
    "Peer group: none" with exit 0 and no word about the option."""
    pdf = tmp_path / "x.pdf"
    result = invoke("report", str(example("mid_maturity.yaml")), "--peers", "industry",
                    "--out", str(pdf))  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == "Error: --peers filters the peers of --db or --peer-file: give one\n"
    assert not pdf.exists()


def test_a_heading_never_ends_a_page_without_its_text(tmp_path):
    """ "How the peer firms are protected" stood alone at the foot of a page, its text on the
    next (a trial): the last paragraphs of a section move on together with their heading."""
    pdf = tmp_path / "r.pdf"
    done = invoke("report", str(example("mid_maturity.yaml")), "--out", str(pdf),
                  "--peer-file", "synthetic")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]
    (page,) = [p for p in pages if "How the peer firms are protected" in p]
    assert "The peer firms gave their scores on the promise" in page
