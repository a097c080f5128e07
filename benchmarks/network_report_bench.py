"""The report's relationship-audit drawing on a generated network (default 5,000 people).

    python benchmarks/network_report_bench.py                 # 5,000 people
    python benchmarks/network_report_bench.py --people 2000 --pdf /tmp/net.pdf

Uses the seeded synthetic ties of ``network_bench.py`` (never real data). Times, best of
``--rounds``: the analysis alone (``analyze`` on ties already read), the subset and layout
(``network.layout``), the layout plus the drawing (``network_drawing``, what the report adds to
the analysis), and the whole network section rendered to a PDF of its own. ``--pdf`` keeps that
PDF to look at.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from amc_assess.network import analyze, read_ties
from amc_assess.network.layout import LIMIT, layout
from amc_assess.report.brand import Brand
from amc_assess.report.network_drawing import network_drawing
from amc_assess.report.pdf import BODY_W

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: benchmarks.*
from benchmarks.network_bench import best, generate  # noqa: E402


def section_pdf(result, out: Path) -> int:
    """The network section alone, through the report's own templates and flows."""
    from reportlab.platypus import SimpleDocTemplate

    from amc_assess.report.flowables import to_flowables
    from amc_assess.report.network import flows, network_context
    from amc_assess.report.styles import make_styles
    from amc_assess.report.text import blocks, labels

    ctx = {"firm": "Benchmark alliance (synthetic)", "network": network_context(result)}
    st = make_styles(Brand())
    lab = labels({**ctx, "footer": None, "consultancy": None, "assessor": None})
    found = blocks("report_network.j2", ctx)
    story = to_flowables(found, st, flows(ctx, result, lab, st, BODY_W), "report_network.j2")
    doc = SimpleDocTemplate(str(out))
    doc.build(story)
    return doc.page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--contacts", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pdf", type=Path, help="keep the section's PDF here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ties.csv"
        generate(path, args.people, args.contacts)
        data = read_ties([path])
        t_analyze, result = best(lambda: analyze(data), args.rounds)
        t_layout, lay = best(lambda: layout(result, LIMIT, BODY_W - 30, 418, 7.2), args.rounds)
        lab = _labels()
        t_draw, drawing = best(
            lambda: network_drawing(result, lab, Brand().colors, BODY_W), args.rounds
        )
        out = args.pdf or Path(tmp) / "section.pdf"
        t_pdf, pages = best(lambda: section_pdf(result, out), args.rounds)
    print(
        f"{result.people:,} people, {result.ties:,} ties; drawn {len(drawing.nodes.contents)} "
        f"people, {len(drawing.ties.contents)} ties (layout alone: {len(lay.positions)})"
    )
    print(
        f"analyze {t_analyze:.2f} s | layout {t_layout:.2f} s | "
        f"layout+drawing {t_draw:.2f} s | section PDF ({pages} pages) {t_pdf:.2f} s "
        f"(best of {args.rounds})"
    )
    if args.pdf:
        print(f"wrote {args.pdf}")


def _labels() -> dict[str, str]:
    from amc_assess.report.text import labels

    return labels({"firm": "x", "footer": None, "consultancy": None, "assessor": None})


if __name__ == "__main__":
    main()
