"""``amc report --batch``: one valid PDF and JSON record per firm, rendered in parallel."""

from __future__ import annotations

import hashlib
import json

import pytest
import yaml
from pypdf import PdfReader

from amc_assess.names import shown
from amc_assess.report.batch import file_names, slug
from amc_assess.report.models import CoverMeta, ReportInput
from conftest import REPO, invoke

EXAMPLES = REPO / "examples"


def firms(tmp_path, count: int) -> list[str]:
    """``count`` response files for distinct firms, copied from the examples."""
    paths = []
    sources = ["low_maturity.yaml", "mid_maturity.yaml", "high_maturity.yaml"]
    for k in range(count):
        data = yaml.safe_load((EXAMPLES / sources[k % 3]).read_text())
        data["assessment"]["firm"] = f"Firm {k} <b>&</b> Co"
        path = tmp_path / f"firm{k}.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.slow
def test_batch_renders_one_valid_pdf_per_firm_in_parallel(tmp_path):
    paths = firms(tmp_path, 5)
    out = tmp_path / "reports"
    result = invoke(
        "report", "--batch", *paths, "--out-dir", str(out), "--jobs", "2", "--no-progress"
    )
    assert result.exit_code == 0, result.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.name for p in pdfs] == [f"firm-{k}-b-b-co.pdf" for k in range(5)]
    assert len(result.stdout.splitlines()) == 5
    for k, pdf in enumerate(pdfs):
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 10
        assert (
            reader.metadata.title == f"Alliance Management Capability report: Firm {k} <b>&</b> Co"
        )
        assert "Executive summary" in reader.pages[1].extract_text()
        record = json.loads(pdf.with_suffix(".json").read_text())
        assert record["firm"] == f"Firm {k} <b>&</b> Co"
        assert record["report"] == pdf.name
        source = next(name for name in record["inputs"] if name.endswith(f"firm{k}.yaml"))
        digest = hashlib.sha256((tmp_path / f"firm{k}.yaml").read_bytes()).hexdigest()
        assert record["inputs"][source] == digest
        assert any(name.endswith("rubrics/amc.yaml") for name in record["inputs"])


def test_batch_in_process_matches_the_single_report(tmp_path):
    paths = firms(tmp_path, 2)
    one = invoke("report", paths[1], "--out", str(tmp_path / "single.pdf"))
    assert one.exit_code == 0, one.stderr
    many = invoke(
        "report", "--batch", *paths, "--out-dir", str(tmp_path / "b"), "-j", "1", "--no-progress"
    )
    assert many.exit_code == 0, many.stderr
    single = json.loads((tmp_path / "single.json").read_text())
    batch = json.loads((tmp_path / "b" / "firm-1-b-b-co.json").read_text())
    single.pop("report"), batch.pop("report")
    assert single == batch


def test_batch_usage_and_duplicate_firms(tmp_path):
    paths = firms(tmp_path, 1)
    usage = invoke("report", "--batch", paths[0], "--out", "x.pdf")
    assert usage.exit_code == 2 and "--batch writes into --out-dir DIR" in usage.stderr
    dupe = invoke("report", "--batch", paths[0], paths[0], "--out-dir", str(tmp_path / "d"))
    assert dupe.exit_code == 0, dupe.stderr  # read once, as batch and history add read it
    name = shown(paths[0])
    assert f"warning: {name}: given more than once among the inputs (as {name} first): " in (
        dupe.stderr
    )
    record = json.loads(next((tmp_path / "d").glob("*.json")).read_text())
    alone = invoke("report", paths[0], "--out", str(tmp_path / "alone.pdf"))
    assert alone.exit_code == 0, alone.stderr
    assert (
        record["respondents"] == json.loads((tmp_path / "alone.json").read_text())["respondents"]
    )  # its respondents counted once


def test_file_names_are_safe_and_distinct():
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("Société Générale") == "societe-generale"
    assert slug("北京") == "firm"
    meta = [CoverMeta(firm=name) for name in ("A & B", "A/B", "北京", "東京")]
    inputs = [ReportInput.model_construct(meta=m) for m in meta]
    assert file_names(inputs) == ["a-b", "a-b-2", "firm", "firm-2"]


def test_a_report_from_a_scored_table_says_its_steps_may_be_in_place(tmp_path):
    """From a scored table (no answers) step 8 read "Add a formal build, buy or partner
    comparison to the approval process" to a firm that had answered yes to having one, with
    no word that such a step may be in place already (a new-user trial)."""
    mid = EXAMPLES / "mid_maturity.yaml"
    assert yaml.safe_load(mid.read_text(encoding="utf-8"))["answers"]["str_build_buy_partner"]
    table = tmp_path / "s.csv"
    assert invoke("batch", mid, "--out", table).exit_code == 0
    done = invoke("report", table, "--batch", "--out-dir", tmp_path / "rep")
    assert done.exit_code == 0, done.stderr
    (pdf,) = (tmp_path / "rep").glob("*.pdf")
    texts = [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]
    text = " ".join(texts)
    assert "Add a formal build, buy or partner comparison" in text
    roadmap = next(t for t in texts if " Roadmap Every recommendation of this report" in t)
    assert "a step may name a practice that is already in place" in roadmap
    pages = [t for t in texts if "these steps follow from the level reached, and one may name a "
             "practice already in place" in t]  # fmt: skip
    assert len(pages) == 4  # each dimension page with steps
    direct = tmp_path / "direct.pdf"
    assert invoke("report", mid, "--out", direct).exit_code == 0
    plain = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(direct).pages)
    assert "already in place" not in plain
    assert "Add a formal build, buy or partner comparison" not in plain
