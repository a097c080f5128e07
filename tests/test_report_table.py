"""``amc report --batch scored.parquet``: one report per firm from an ``amc batch`` table."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from pypdf import PdfReader

from conftest import REPO, invoke

EXAMPLES = sorted(str(p) for p in (REPO / "examples").glob("*.yaml"))
UNAVAILABLE = "Item-level results are not available from a scored table"


def text_of(pdf) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, object]:
    """The bundled examples (3 firms) scored by ``amc batch`` to Parquet and to CSV."""
    folder = tmp_path_factory.mktemp("batch")
    out = {}
    for suffix in ("parquet", "csv"):
        path = folder / f"scored.{suffix}"
        done = invoke("batch", *EXAMPLES, "--out", str(path))
        assert done.exit_code == 0, done.output
        out[suffix] = path
    return out


def test_the_scored_table_has_counts_and_versions(tables):
    table = pd.read_parquet(tables["parquet"])
    columns = list(table.columns)
    assert columns.index("structure_answered") == columns.index("structure_answered_share") + 1
    assert columns.index("structure_applicable") == columns.index("structure_answered") + 1
    for name in ("instrument", "instrument_version", "rubric", "rubric_version"):
        assert table[name].notna().all()
    assert (table["structure_answered"] <= table["structure_applicable"]).all()


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_one_report_per_firm_from_a_scored_table(tmp_path, tables, suffix):
    out = tmp_path / "out"
    done = invoke("report", "--batch", str(tables[suffix]), "--out-dir", str(out), "-j", "1")
    assert done.exit_code == 0, done.output
    pdfs = sorted(out.glob("*.pdf"))
    records = sorted(out.glob("*.json"))
    assert len(pdfs) == 3 and len(records) == 3
    table = pd.read_parquet(tables["parquet"]).set_index("firm")
    for path in records:
        record = json.loads(path.read_text())
        row = table.loc[record["firm"]]
        assert record["instrument"]["version"] == row["instrument_version"]
        for dim, figures in record["scores"]["dimensions"].items():
            assert figures["score"] == pytest.approx(row[f"{dim}_score"], abs=1e-5)
            assert figures["level"] == row[f"{dim}_level"]
            assert figures["answered"] == row[f"{dim}_answered"]
            assert figures["applicable"] == row[f"{dim}_applicable"]
            assert figures["item_scores"] is None
        overall = record["scores"]["overall"]
        assert overall["score"] == pytest.approx(row["overall_score"], abs=1e-5)
        assert ";".join(record["rules"]) == str(row["rules"])
        assert record["respondents"] is None
    text = text_of(pdfs[0])
    assert UNAVAILABLE in " ".join(text.split())


def test_a_table_report_matches_the_response_file_report(tmp_path, tables):
    """Scores, gaps, levels and rules agree; only the item scores are missing."""
    mid = REPO / "examples" / "mid_maturity.yaml"
    assert invoke("report", str(mid), "--out", str(tmp_path / "a.pdf")).exit_code == 0
    invoke("report", "--batch", str(tables["parquet"]), "--out-dir", str(tmp_path / "b"), "-j", "1")
    a = json.loads((tmp_path / "a.json").read_text())
    b = next(
        r
        for p in (tmp_path / "b").glob("*.json")
        if (r := json.loads(p.read_text()))["firm"] == a["firm"]
    )
    assert a["scores"]["overall"] == b["scores"]["overall"]
    assert a["rules"] == b["rules"]
    for dim, figures in a["scores"]["dimensions"].items():
        assert {k: v for k, v in figures.items() if k != "item_scores"} == {
            k: v for k, v in b["scores"]["dimensions"][dim].items() if k != "item_scores"
        }


def test_a_version_mismatch_is_one_line_naming_file_and_row(tmp_path, tables):
    table = pd.read_csv(tables["csv"])
    table.loc[1, "rubric_version"] = "0.0-old"
    path = tmp_path / "old.csv"
    table.to_csv(path, index=False)
    done = invoke("report", "--batch", str(path), "--out-dir", str(tmp_path / "out"))
    assert done.exit_code == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert f"{path}: row 3: scored with" in lines[0]
    assert "0.0-old" in lines[0] and "--rubric" in lines[0]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_two_respondents_of_one_firm_get_a_respondents_page(tmp_path, tables):
    table = pd.read_parquet(tables["parquet"]).head(2).copy()
    firm = str(table["firm"].iloc[0])
    table["firm"] = firm
    table["respondent"] = ["Ann Own", "Bo Partner"]
    table["side"] = ["own", "partner"]
    path = tmp_path / "two.parquet"
    table.to_parquet(path, index=False)
    done = invoke("report", str(path), "--out", str(tmp_path / "firm.pdf"), "--include-partner")
    assert done.exit_code == 0, done.output
    record = json.loads((tmp_path / "firm.json").read_text())
    assert [p["name"] for p in record["respondents"]] == ["Ann Own", "Bo Partner"]
    assert [p["side"] for p in record["respondents"]] == ["own", "partner"]
    for dim, figures in record["scores"]["dimensions"].items():
        mean = table[f"{dim}_score"].mean()
        assert figures["score"] == pytest.approx(mean, abs=1e-5)
        assert figures["answered"] == table[f"{dim}_answered"].sum()
        assert figures["item_scores"] is None
    text = " ".join(text_of(tmp_path / "firm.pdf").split())
    assert "Respondents" in text and "2 people answered for" in text
    assert UNAVAILABLE in text
