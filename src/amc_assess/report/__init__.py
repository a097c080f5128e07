"""The PDF benchmark report: one firm's result (plus optional peers, history, respondents).

``render_report`` writes ``<name>.pdf`` and, beside it, ``<name>.json`` with the figures the
PDF shows, the instrument and rubric versions, the peer-group definition and input hashes.
``amc_assess.report.batch.render_batch`` renders many firms in parallel processes.

Peer benchmarks (``PeerStats``), history (``History``) and several respondents
(``RespondentEntry``, ``Agreement``) are optional inputs: their sections render only when given,
and the text says so when they are absent. The report only renders: it receives a firm's
result (:mod:`amc_assess.scored.firm`) with what it is compared with, assembled by
:mod:`amc_assess.reporting`, and never reads input files or scores.

Fonts (see ``fonts.py``): Helvetica for everything Windows-1252 covers (Western European
accents); other alphabets (Latin Extended, Greek, Cyrillic...) switch run by run to the bundled
DejaVu Sans, embedded as a subset; Chinese, Japanese and Korean use reportlab's built-in Adobe
CID fonts, which are not embedded: viewers without Adobe's Asian fonts show empty boxes there,
while the text stays searchable and copyable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from amc_assess import (
    deferred,  # noqa: F401 - its hook, before jinja2 and reportlab load
    jsontext,
)
from amc_assess.atomic import is_stream, write_text
from amc_assess.models import Questionnaire, Rubric
from amc_assess.report.brand import Brand, load_brand
from amc_assess.report.models import (
    Agreement,
    CoverMeta,
    History,
    HistoryPoint,
    PeerStats,
    Position,
    Quartiles,
    ReportInput,
    RespondentEntry,
)
from amc_assess.report.text import check_template_dir

__all__ = [
    "Agreement",
    "Brand",
    "CoverMeta",
    "History",
    "HistoryPoint",
    "PeerStats",
    "Position",
    "Quartiles",
    "ReportInput",
    "Rendered",
    "RespondentEntry",
    "load_brand",
    "record_path",
    "render_report",
]


@dataclass
class Rendered:
    pdf: Path
    record: Path | None  # None: the PDF went to a stream (/dev/null, a pipe)
    pages: int

    def wrote(self, name: Callable[[Path], str] = str) -> str:
        """``x.pdf (18 pages) and x.json``: what was written, each path through ``name``."""
        record = f" and {name(self.record)}" if self.record is not None else ""
        return f"{name(self.pdf)} ({self.pages} pages){record}"


def record_path(pdf: str | Path) -> Path | None:
    """Where a report's JSON record goes: beside the PDF, same name, ``.json``; None for a PDF
    sent to a stream (/dev/null, a pipe), which has nothing beside it."""
    return None if is_stream(pdf) else Path(pdf).with_suffix(".json")


def render_report(
    inp: ReportInput,
    out: str | Path,
    questionnaire: Questionnaire,
    rubric: Rubric,
    brand: Brand | None = None,
    template_dir: str | Path | None = None,
    today: dt.date | None = None,
) -> Rendered:
    """Render one firm's report to ``out`` (PDF) and its JSON record beside it."""
    from amc_assess.report.context import build_context  # lazy: reportlab only when rendering
    from amc_assess.report.pdf import build_pdf  # lazy: reportlab only when rendering
    from amc_assess.report.record import record  # lazy: imports context, so reportlab

    brand = brand or Brand()
    folder = check_template_dir(template_dir)
    pdf_path = Path(out)
    context = build_context(inp, questionnaire, rubric, brand, today)
    data = build_pdf(context, brand, folder, pdf_path)
    sources = dict(inp.sources)
    json_path = record_path(pdf_path)
    if json_path is not None:
        payload = record(inp, rubric, pdf_path.name, sources, context["roadmap"])
        write_text(json_path, jsontext.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return Rendered(pdf_path, json_path, data.count(b"/Type /Page\n"))
