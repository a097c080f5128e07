"""Tables and tiles of the report, built from the context (labels from ``report_labels.j2``).

The respondents section's tables are in :mod:`~amc_assess.report.tables_respondents`, the
roadmap's in :mod:`~amc_assess.report.tables_roadmap`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, Table, TableStyle

from amc_assess.formats import fmt_gap, fmt_item, fmt_pct, fmt_progress, fmt_score
from amc_assess.report.charts import hexcolor
from amc_assess.report.fonts import standard, with_fallbacks
from amc_assess.report.para import Para
from amc_assess.report.styles import Styles
from amc_assess.report.text import escape

GRID = colors.HexColor("#D9DEE5")
ZEBRA = colors.HexColor("#F7F8FA")


def para(markup: str, style: Any) -> Paragraph:
    return Para(with_fallbacks(markup, "Bold" in style.fontName), style)


@dataclass
class Cell:
    """Plain text for a table cell; ``table`` prints it as a string when it fits on one line
    (much cheaper to lay out) and as an escaped, wrapping paragraph otherwise."""

    text: str
    style: str = "cell"

    def flow(self, st: Styles) -> Paragraph:
        return para(escape(self.text), st.para[self.style])


def cell(value: object, st: Styles, style: str = "cell") -> Cell:
    """A table cell from plain text (escaped when it becomes a paragraph)."""
    return Cell("" if value is None else " ".join(str(value).split()), style)


PAD_X, PAD_Y = 5, 3.5


def _resolve(rows: list[list[Any]], widths: Sequence[float], st: Styles) -> tuple[list, list]:
    """Cells that fit on one line become strings with FONT/TEXTCOLOR commands; others wrap."""
    out, commands = [], []
    for r, row in enumerate(rows):
        new = []
        for c, value in enumerate(row):
            if not isinstance(value, Cell):
                new.append(value)
                continue
            style = st.para[value.style]
            plain = standard(value.text)
            if (
                plain
                and pdfmetrics.stringWidth(value.text, style.fontName, style.fontSize)
                <= widths[c] - 2 * PAD_X
            ):
                new.append(value.text)
                commands += [
                    ("FONT", (c, r), (c, r), style.fontName, style.fontSize, style.leading),
                    ("TEXTCOLOR", (c, r), (c, r), style.textColor),
                ]
                if style.alignment == 1:
                    commands.append(("ALIGN", (c, r), (c, r), "CENTER"))
            else:
                new.append(value.flow(st))
        out.append(new)
    return out, commands


class BalancedTable(Table):
    """A table that splits across pages only where each part keeps at least ``MIN_ROWS``
    rows (besides the header): no page ends or starts with a stray row or two."""

    MIN_ROWS = 3

    def split(self, availWidth: float, availHeight: float) -> list[Table]:  # noqa: N803
        parts: list[Table] = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head = self.repeatRows
        body = len(self._cellvalues) - head
        if body < 2 * self.MIN_ROWS:
            return []  # too short to split well: move it whole
        first = len(parts[0]._cellvalues) - head
        if first < self.MIN_ROWS:
            return []
        short = self.MIN_ROWS - (body - first)
        if short <= 0:
            return parts
        self.wrap(availWidth, availHeight)
        heights = self._rowHeights[head + first - short : head + first]
        return super().split(availWidth, availHeight - sum(heights))


def table(
    rows: list[list[Any]],
    widths: Sequence[float],
    st: Styles,
    extra: Sequence[tuple] = (),
    header: bool = True,
) -> Table:
    """A report table: header row in the brand color, light rules, zebra rows."""
    if header:
        rows = [[cell(h, st, "cell_head") if isinstance(h, str) else h for h in rows[0]], *rows[1:]]
    rows, fonts = _resolve(rows, widths, st)
    t = BalancedTable(rows, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
        *fonts,
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), hexcolor(st.brand.colors.primary)))
        commands += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(rows), 2)]
    t.setStyle(TableStyle(commands + list(extra)))
    return t


def level_text(level: int | None, name: str | None, insufficient: str) -> str:
    return f"{level} {name}" if level else insufficient


def bar(value: float | None, st: Styles, width: float = 110, height: float = 8) -> Drawing:
    """A small horizontal bar for a 0..1 share."""
    d = Drawing(width, height)
    d.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#E6E9EE"), strokeColor=None))
    if value is not None:
        d.add(
            Rect(
                0,
                0,
                width * max(0.0, min(value, 1.0)),
                height,
                fillColor=hexcolor(st.brand.colors.primary),
                strokeColor=None,
            )
        )
    return d


TILE_PADDING = 20.0  # a tile's left padding, right padding and the white rule after it


def _tile_widths(values: list[float], width: float) -> list[float]:
    """Equal tiles, unless a value would not fit its tile at the large size while the others
    leave room: then each tile gets what its value needs and an equal share of the rest (so
    '5 Optimizing' keeps the size of the other figures)."""
    equal = [width / len(values)] * len(values)
    need = [v + TILE_PADDING for v in values]
    if all(n <= e for n, e in zip(need, equal, strict=True)) or sum(need) > width:
        return equal
    spare = (width - sum(need)) / len(values)
    return [n + spare for n in need]


def tiles(items: list[tuple[str, str, Any]], st: Styles, width: float) -> Table:
    """A row of figure tiles: (label, value, accent color or None). Labels and values are two
    rows, so that a label wrapped onto two lines leaves every value on one line (a wrapped
    "Progress to target" set its figure lower than the others)."""
    labels, values, commands = [], [], []
    big = st.para["tile_value"]
    widths = _tile_widths([pdfmetrics.stringWidth(v, big.fontName, big.fontSize)
                           for _, v, _ in items], width)  # fmt: skip
    for k, (label, value, accent) in enumerate(items):
        room = widths[k] - TILE_PADDING
        fits = pdfmetrics.stringWidth(value, big.fontName, big.fontSize) <= room
        style = "tile_value" if fits else "tile_value_small"
        labels.append(cell(label, st, "tile_label").flow(st))
        values.append(cell(value, st, style).flow(st))
        commands.append(
            ("LINEBEFORE", (k, 0), (k, 1), 3, accent or hexcolor(st.brand.colors.primary))
        )
    t = Table([labels, values], colWidths=widths, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), hexcolor(st.brand.colors.light)),
                ("VALIGN", (0, 0), (-1, 0), "TOP"),
                ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
                ("LINEAFTER", (0, 0), (-2, 1), 4, colors.white),
                *commands,
            ]
        )
    )
    return t


def overview(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    """The dimension table of the executive summary."""
    peers = ctx["peers"] is not None
    head = [
        lab["col_dimension"],
        lab["col_score"],
        lab["col_level"],
        lab["col_target"],
        lab["col_gap_to_target"],
        lab["col_percent_to_target"],
    ]
    widths = [0.28, 0.11, 0.2, 0.13, 0.13, 0.15]
    if peers:
        head.append(lab["col_percentile"])
        widths = [0.25, 0.1, 0.18, 0.12, 0.11, 0.12, 0.12]
    rows: list[list[Any]] = [head]
    extra: list[tuple[Any, ...]] = []
    for r, d in enumerate(ctx["dimensions"], start=1):
        row = [
            cell(d["title"], st, "cell_bold"),
            cell(fmt_score(d["score"]), st),
            cell(level_text(d["level"], d["level_name"], lab["insufficient"]), st),
            cell(f"{d['target']} {d['target_name']}", st),
            cell(fmt_gap(d["gap_to_target"]), st),
            cell(fmt_progress(d["percent_to_target"]), st),
        ]
        if peers:
            peer = d["peer"]
            row.append(cell(peer["short"] if peer and peer["short"] else "–", st))
        rows.append(row)
        extra.append(("BACKGROUND", (2, r), (2, r), st.level_tint(d["level"])))
    o = ctx["overall"]
    total = [
        cell(lab["overall_index"], st, "cell_bold"),
        cell(fmt_score(o["score"]), st, "cell_bold"),
        cell(level_text(o["level"], o["level_name"], lab["insufficient"]), st, "cell_bold"),
        cell("", st),
        cell("", st),
        cell(fmt_progress(o["percent_to_target"]), st, "cell_bold"),
    ]
    if peers:
        shown = o["peer"]["short"] if o["peer"] and o["peer"]["short"] else "–"
        total.append(cell(shown, st, "cell_bold"))
    rows.append(total)
    n = len(rows) - 1
    extra += [
        ("LINEABOVE", (0, n), (-1, n), 1, hexcolor(st.brand.colors.primary)),
        ("BACKGROUND", (0, n), (-1, n), colors.white),
        ("BACKGROUND", (2, n), (2, n), st.level_tint(o["level"])),
    ]
    return table(rows, [w * width for w in widths], st, extra)


def items(d: dict, ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    """The item-level results of one dimension, numbered as the summary and the roadmap cite
    them (``Coordination 5``), the score cell colored by its level."""
    answers = ctx["has_answers"]
    head = [lab["col_rank"], lab["col_practice"], lab["col_item_score"]]
    widths = [0.05, 0.81, 0.14]
    if answers:
        head.insert(2, lab["col_answer"])
        widths = [0.05, 0.59, 0.24, 0.12]
    rows: list[list[Any]] = [head]
    extra = []
    for r, item in enumerate(d["table_items"], start=1):
        score = item["score"]
        row = [
            cell(item["number"], st, "cell_bold"),
            cell(item["text"], st),
            cell(fmt_item(score) if score is not None else lab["not_scored"], st, "cell_center"),
        ]
        if answers:
            row.insert(2, cell(item["answer"] or lab[item.get("missing", "not_asked")], st))
        rows.append(row)
        extra.append(
            ("BACKGROUND", (len(row) - 1, r), (len(row) - 1, r), st.score_tint(score, 0.45))
        )
    return table(rows, [w * width for w in widths], st, extra)


def notes(d: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    rows: list[list[Any]] = [[lab["col_practice"], lab["col_note"]]]
    for n in d["notes"]:
        who = f"<b>{escape(n['who'])}:</b> " if n.get("who") else ""
        parts = [who + escape(n["note"])] if n["note"] else ([who.rstrip()] if who else [])
        if n["evidence"]:
            parts.append(f"<i>{escape(lab['evidence'])}:</i> {escape(n['evidence'])}")
        rows.append([cell(n["text"], st, "cell"), para("<br/>".join(parts), st.para["cell"])])
    return table(rows, [0.5 * width, 0.5 * width], st)


def _trend_cell(
    values: list[float | None], marks: list[dict[str, Any]], k: int, lab: dict[str, str], st: Styles
) -> Paragraph:
    """``3.28`` over a grey ``level 3 · +1.32 real rise``: the change is the difference of the
    rounded scores shown, named by the history's verdict."""
    value = values[k]
    if value is None:
        return para(fmt_score(value), st.para["cell"])
    mark = marks[k] if k < len(marks) else {}
    notes = [f"{lab['level_word']} {mark['level']}"] if mark.get("level") else []
    before = values[k - 1] if k else None
    verdict = mark.get("verdict")
    if verdict and before is not None:
        delta = round(round(value, 2) - round(before, 2), 2)
        word = lab.get(f"trend_{verdict.replace(' ', '_').replace(',', '')}", verdict)
        notes.append(f"{delta:+.2f} {word}" if delta else lab.get("trend_no_change", "no change"))
    small = f'<br/><font size="7" color="#6B7280">{escape(" · ".join(notes))}</font>'
    return para(fmt_score(value) + (small if notes else ""), st.para["cell"])


def progress(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    rows: list[list[Any]] = [
        [
            lab["col_dimension"],
            lab["col_score"],
            lab["col_target"],
            lab["col_gap_to_target"],
            lab["col_percent_to_target"],
            "",
        ]
    ]
    bar_width = 0.24 * width - 12
    for d in ctx["dimensions"]:
        rows.append(
            [
                cell(d["title"], st, "cell_bold"),
                cell(fmt_score(d["score"]), st),
                cell(f"{d['target']} ({fmt_score(d['target_score'])})", st),
                cell(fmt_gap(d["gap_to_target"]), st),
                cell(fmt_progress(d["percent_to_target"]), st),
                bar(d["percent_to_target"], st, bar_width),
            ]
        )
    return table(rows, [w * width for w in (0.28, 0.1, 0.14, 0.12, 0.12, 0.24)], st)


def answered(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    rows: list[list[Any]] = [
        [
            lab["col_dimension"],
            lab["col_answered"],
            lab["col_applicable"],
            lab["col_answered_share"],
            lab["col_status"],
        ]
    ]
    for d in ctx["dimensions"]:
        status = lab["status_ok"] if d["ok"] else lab["insufficient"]
        rows.append(
            [
                cell(d["title"], st, "cell_bold"),
                cell(d["answered"], st),
                cell(d["applicable"], st),
                cell(fmt_pct(d["answered_share"]), st),
                cell(status, st),
            ]
        )
    return table(rows, [w * width for w in (0.32, 0.15, 0.15, 0.16, 0.22)], st)


def levels(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    rows: list[list[Any]] = [[lab["col_level"], lab["col_from_score"]]]
    extra = []
    for r, lv in enumerate(ctx["levels"], start=1):
        rows.append([cell(f"{lv['level']} {lv['name']}", st), cell(f"{lv['min']:.1f}", st)])
        extra.append(("BACKGROUND", (0, r), (0, r), st.level_tint(lv["level"])))
    return table(rows, [0.3 * width, 0.2 * width], st, extra)


def trend_table(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    """The history's scores, one column per assessment; under each score its level and, where
    the history judged it, the change since the previous assessment against measurement noise."""
    points = ctx["history"]["labels"]
    head = [cell(h, st, "cell_head_small") for h in [lab["col_dimension"], *points]]
    rows: list[list[Any]] = [head]
    series = [(d["title"], d["history"] or [], d["history_marks"]) for d in ctx["dimensions"]]
    o = ctx["overall"]
    series.append((lab["overall_index"], o["history"] or [], o["history_marks"]))
    for title, values, marks in series:
        cells = [_trend_cell(values, marks, k, lab, st) for k in range(len(values))]
        rows.append([cell(title, st, "cell_bold"), *cells])
    first = min(0.34, 1 - 0.09 * len(points))
    rest = (1 - first) / max(len(points), 1)
    return table(rows, [first * width] + [rest * width] * len(points), st)
