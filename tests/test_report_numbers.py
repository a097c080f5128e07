"""The practice numbers the summary and the roadmap cite ("Coordination 5") are the numbers of
the rows of that dimension's results table."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pypdf import PdfReader

from amc_assess.validation import instrument
from conftest import REPO, invoke

Q, R = instrument()


def test_every_cited_practice_number_is_its_row_in_the_dimension_table(tmp_path: Path):
    out = tmp_path / "report.pdf"
    assert invoke("report", REPO / "examples" / "mid_maturity.yaml", "--out", out).exit_code == 0
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    texts = {i.id: i.text for i in Q.items()}
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    cited = 0
    for step in record["recommendations"]:
        for item in step["items"]:
            dim = next(d for d in R.dimensions.values() if item["id"] in {i.item for i in d.items})
            number = [i.item for i in dim.items].index(item["id"]) + 1
            page = next(p for p in pages if "Results by practice" in p and
                        f"({dim.title} 1, {dim.title} 2, ...)" in p)  # fmt: skip
            opening = " ".join(texts[item["id"]].split()[:5])
            assert re.search(rf"(^| ){number} {re.escape(opening)}", page), (item["id"], number)
            cited += 1
    assert cited > 20
    summary = next(p for p in pages if "Three priorities" in p)
    refs = re.findall(r"(Structure|Coordination|Learning) (\d+): “", summary)
    assert refs  # the summary cites by number, and those rows exist
    for title, number in refs:
        dim = next(d for d in R.dimensions.values() if d.title == title)
        assert 1 <= int(number) <= len(dim.items)
