"""Benchmark of the PDF report.

1. One report (context, templates, flowables, two-plus native charts, PDF) against the floor:
   a minimal reportlab document with the same page count and content (the report's text as
   plain paragraphs, one page each, and the same chart drawings), built in the same process.
   Aim: the report within 1.5x of the floor.
2. 100 reports (the three bundled examples, cycled) sequential vs parallel on 2 processes.
   Aim: parallel at least 1.7x faster.

Run: ``python benchmarks/report_bench.py [--reports 100] [--repeat 7]``
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from amc_assess import api
from amc_assess.report import render_report
from amc_assess.report.batch import render_batch
from amc_assess.reporting import report_inputs
from amc_assess.resources import example


def best(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def floor_document(pages: list[str], drawings: list) -> bytes:
    """The same text (page by page) and drawings in a plain one-frame platypus document."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph

    style = getSampleStyleSheet()["Normal"]
    style.fontSize, style.leading = 8, 9.5
    per_page = -(-len(drawings) // max(len(pages) - 1, 1))
    story: list = []
    for k, text in enumerate(pages):
        words = " ".join(text.split()).split(" ")
        story += [
            Paragraph(escape(" ".join(words[i : i + 60])), style) for i in range(0, len(words), 60)
        ]
        if k:
            story += drawings[(k - 1) * per_page : k * per_page]
        story.append(PageBreak())
    buffer = io.BytesIO()
    margin = 20 * mm
    doc = BaseDocTemplate(
        buffer, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin
    )
    frame = Frame(margin, margin, doc.width, doc.height, 0, 0, 0, 0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    doc.build(story[:-1])
    return buffer.getvalue()


def bare_document(flowables: list) -> bytes:
    """The given flowables in a one-frame document (the cover's two frames become one)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Spacer
    from reportlab.platypus.doctemplate import NextPageTemplate

    margin = 20 * mm
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin + 6 * mm,
        bottomMargin=margin,
    )
    doc.addPageTemplates(
        [PageTemplate("page", [Frame(margin, margin, doc.width, doc.height, 0, 0, 0, 0)])]
    )
    story = [
        f
        for f in flowables  # drop the cover's frame break and the spacer that fills its band
        if f is not FrameBreak
        and not isinstance(f, NextPageTemplate)
        and not (isinstance(f, Spacer) and f.height > 100)
    ]
    doc.build(story)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    q, r = api.instrument()
    inputs, _ = report_inputs(
        [example(n) for n in ("low_maturity.yaml", "mid_maturity.yaml", "high_maturity.yaml")], q, r
    )
    mid = inputs[1]
    tmp = Path(tempfile.mkdtemp(prefix="amc-report-bench-"))

    from reportlab.graphics.shapes import Drawing

    from amc_assess.report.brand import Brand
    from amc_assess.report.context import build_context
    from amc_assess.report.story import story
    from amc_assess.report.styles import make_styles
    from amc_assess.report.text import labels

    render_report(mid, tmp / "warm.pdf", q, r)  # imports, fonts, template compilation
    one, one_median = best(lambda: render_report(mid, tmp / "one.pdf", q, r), args.repeat)
    pdf = (tmp / "one.pdf").read_bytes()
    ctx = build_context(mid, q, r, Brand())

    def fresh_story() -> list:  # a flowable lays out once, so each build gets its own
        return story(ctx, make_styles(Brand()), labels(ctx), None)

    def fresh_drawings() -> list:
        return [f for f in fresh_story() if isinstance(f, Drawing)]

    drawings = fresh_drawings()
    copies = [fresh_drawings() for _ in range(args.repeat + 1)]
    from pypdf import PdfReader

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    floor_pdf = floor_document(texts, copies.pop())
    floor, floor_median = best(lambda: floor_document(texts, copies.pop()), args.repeat)

    ours_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    floor_pages = len(PdfReader(io.BytesIO(floor_pdf)).pages)
    print(
        f"one report: {1000 * one:.0f} ms best, {1000 * one_median:.0f} ms median; "
        f"{ours_pages} pages, {len(drawings)} native drawings, {len(pdf) / 1024:.0f} KiB"
    )
    print(
        "plain-text floor (the report's text as plain paragraphs, same drawings): "
        f"{1000 * floor:.0f} ms best, "
        f"{1000 * floor_median:.0f} ms median; {floor_pages} pages"
    )
    stories = [fresh_story() for _ in range(args.repeat + 1)]
    same_pdf = bare_document(stories.pop())
    same, same_median = best(lambda: bare_document(stories.pop()), args.repeat)
    same_pages = len(PdfReader(io.BytesIO(same_pdf)).pages)
    print(
        f"floor (the report's own flowables in a bare one-frame document: no templates, "
        f"header, footer, outline): {1000 * same:.0f} ms best, {1000 * same_median:.0f} ms "
        f"median; {same_pages} pages"
    )
    print(
        f"report / floor of the same flowables: {one / same:.2f}x (aim: within 1.5x); "
        f"report / plain-text floor: {one / floor:.2f}x"
    )

    many = [
        inputs[k % 3].model_copy(
            update={"meta": inputs[k % 3].meta.model_copy(update={"firm": f"Firm {k:03d}"})}
        )
        for k in range(args.reports)
    ]
    start = time.perf_counter()
    render_batch(many, tmp / "seq", q, r, jobs=1)
    sequential = time.perf_counter() - start
    start = time.perf_counter()
    render_batch(many, tmp / "par", q, r, jobs=2)
    parallel = time.perf_counter() - start
    print(
        f"{args.reports} reports: sequential {sequential:.2f} s, 2 processes {parallel:.2f} s, "
        f"speed-up {sequential / parallel:.2f}x (aim: at least 1.7x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
