"""The report's flowables in order: cover, summary, dimensions, optional sections, appendix."""

from __future__ import annotations

import io
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from amc_assess.formats import fmt_progress, fmt_score
from amc_assess.names import shown as shown_path
from amc_assess.report import (
    charts,
    roadmap,
    tables,
    tables_answers,
    tables_respondents,
    tables_roadmap,
)
from amc_assess.report.charts import hexcolor
from amc_assess.report.flowables import Contents, FitHeight, Flows, section_titles, to_flowables
from amc_assess.report.network import flows as network_flows
from amc_assess.report.page import BAND_BOTTOM, BAND_TOP, BODY_H, BODY_W, PAGE_MARGIN
from amc_assess.report.styles import Styles
from amc_assess.report.text import blocks, plain


def _cover(ctx: dict, st: Styles, template_dir: str | None, contents: Flowable) -> list[Flowable]:
    found = blocks("report_cover.j2", ctx, template_dir)
    band = [b for b in found if b.kind in ("title", "subtitle")]
    rest = [b for b in found if b.kind not in ("title", "subtitle")]
    height = BAND_TOP - BAND_BOTTOM - 20 * mm
    banded = _title_fitting(st, " ".join(plain(b.text) for b in band if b.kind == "title"))
    top = KeepInFrame(
        BODY_W, height - 4, to_flowables(band, banded, {}, "report_cover.j2"), mode="shrink"
    )
    _, used = top.wrapOn(Canvas(io.BytesIO()), BODY_W, height - 4)
    return [
        Spacer(1, max(height - used - 8, 0)),  # the band's text sits at its bottom
        top,
        FrameBreak(),
        KeepInFrame(
            BODY_W,
            BAND_BOTTOM - PAGE_MARGIN - 30 * mm,
            [*to_flowables(rest, st, {}, "report_cover.j2"), Spacer(1, 10), contents],
            mode="shrink",
        ),
    ]


def _title_fitting(st: Styles, title: str) -> Styles:
    """The styles with the cover title's type small enough that its longest word (a long
    firm name, "Präzisionsantriebstechnik") fits the line: it was broken mid-word."""
    style = st.para["title"]
    widest = max((stringWidth(w, style.fontName, style.fontSize) for w in title.split()), default=0)
    if widest <= BODY_W:
        return st
    scale = max(BODY_W / widest, 0.5) * 0.99
    smaller = ParagraphStyle(
        "title_fitted", style, fontSize=style.fontSize * scale, leading=style.leading * scale
    )
    return replace(st, para={**st.para, "title": smaller})


def story(ctx: dict, st: Styles, lab: dict[str, str], template_dir: str | None) -> list[Flowable]:
    """Every page's flowables in order."""
    pal = st.brand.colors
    w = BODY_W
    peers = ctx["peers"] is not None
    out: list[Flowable] = [NextPageTemplate("body"), PageBreak()]

    def section(name: str, flows: Flows, extra: dict | None = None) -> list[Flowable]:
        context = {**ctx, "labels": lab, **(extra or {})}
        given = Path(template_dir) / name if template_dir else None
        where = shown_path(given) if given is not None and given.is_file() else name  # in errors
        made = to_flowables(blocks(name, context, template_dir), st, flows, where)
        while made and isinstance(made[-1], Spacer):  # alone on a page after a full one, a
            made.pop()  # section's closing space made a blank page before the next section
        return _keep_tail(made)

    o = ctx["overall"]
    summary_flows: Flows = {
        "headline": lambda: tables.tiles(_headline(ctx, lab, st), st, w),
        "overview": lambda: tables.overview(ctx, lab, st, w),
        "radar": lambda: FitHeight(
            lambda h: charts.radar(ctx["dimensions"], lab, pal, w, h, peers, st.scale), 250, 200
        ),
        "spacer": lambda: Spacer(1, 8),
    }
    out += section("report_summary.j2", summary_flows)
    if ctx["profile"]:
        profile_flows: Flows = {
            f"section_{s['id']}": partial(tables_answers.profile, s, lab, st, w)
            for s in ctx["profile"]
        }
        out += [_new_page(), *section("report_profile.j2", profile_flows)]
    if any(d["items_available"] for d in ctx["dimensions"]):
        audited = ctx["network"] is not None
        shown = [  # without an audit, its measures have nothing to show
            {**d, "items": [i for i in d["items"] if audited or not i["id"].startswith("network_")]}
            for d in ctx["dimensions"]
        ]
        heat: Flows = {
            "heatmap": lambda: FitHeight(
                lambda h: charts.heatmap(shown, lab, pal, w, peers, h, st.scale), 640, 480
            ),
        }
        out += [PageBreak(), *section("report_heatmap.j2", heat)]
    for d in ctx["dimensions"]:
        flows = _dimension_flows(d, ctx, lab, st)
        out += [PageBreak(), *section("report_dimension.j2", flows, {"d": d})]
    if ctx["history"]:
        series = [(d["title"], d["history"] or [], False) for d in ctx["dimensions"]]
        series.append((lab["overall_index"], o["history"] or [], True))
        trend_flows: Flows = {
            "trend": lambda: charts.trend(
                ctx["history"]["labels"], series, lab, pal, w, scale=st.scale
            ),
            "table": lambda: tables.trend_table(ctx, lab, st, w),
        }
        out += [_new_page(), *section("report_trend.j2", trend_flows)]
    if ctx["respondents"]:
        resp_flows: Flows = {
            "counts": lambda: tables_respondents.respondent_counts(ctx, lab, st, w),
            "scores": lambda: tables_respondents.respondent_scores(ctx, lab, st, w),
            "spread": lambda: tables_respondents.spread(ctx, lab, st, w),
            "gaps": lambda: (
                tables_respondents.gaps(ctx, lab, st, w) if ctx["respondents"]["gaps"] else None
            ),
        }
        out += [_new_page(), *section("report_respondents.j2", resp_flows)]
    if ctx["network"]:
        net_flows = network_flows(ctx, ctx["network_result"], lab, st, w)
        out += [PageBreak(), *section("report_network.j2", net_flows)]
    road_flows: Flows = {
        f"roadmap_{group}": partial(tables_roadmap.roadmap, ctx, lab, st, w, group)
        for group in roadmap.GROUPS
    }
    road_flows["progress"] = lambda: tables.progress(ctx, lab, st, w)
    out += [_new_page(), *section("report_roadmap.j2", road_flows)]
    method_flows: Flows = {
        "answered": lambda: tables.answered(ctx, lab, st, w),
        "levels": lambda: tables.levels(ctx, lab, st, w),
    }
    out += [_new_page(), *section("report_methodology.j2", method_flows)]
    if ctx["references"]:
        out += [_new_page(), *section("report_references.j2", {})]
    contents = Contents(section_titles(out), lab.get("contents", "Contents"), st)
    return [*_cover(ctx, st, template_dir, contents), *out]


def _new_page() -> Flowable:
    """A section starts on a new page unless more than half of the page is still free."""
    return CondPageBreak(BODY_H * 0.5)


def _keep_tail(made: list[Flowable], count: int = 6) -> list[Flowable]:
    """The last text blocks of a section (up to ``count`` paragraphs, stopping at a table or
    chart) move to the next page together, so no page holds a stray line or two."""
    start, texts = len(made), 0
    while start > 0 and texts < count:
        flow = made[start - 1]
        if isinstance(flow, Paragraph):
            texts += 1
        elif not isinstance(flow, (Spacer, CondPageBreak)):
            break
        start -= 1
    if texts < 2:
        return made
    while start > 0 and _heads(made[start - 1]):
        start -= 1  # a heading goes with the text it heads (it stood alone at a page's foot)
    tail = [f for f in made[start:] if not isinstance(f, CondPageBreak)]
    return [*made[:start], KeepTogether(tail)]


def _heads(flow: Flowable) -> bool:
    """Whether a flowable keeps with the next one (a heading, by its style)."""
    keep = getattr(flow, "getKeepWithNext", None)
    return bool(keep()) if keep is not None else False


def _dimension_flows(d: dict, ctx: dict, lab: dict[str, str], st: Styles) -> Flows:
    """The charts and tables of one dimension's page."""
    pal, w = st.brand.colors, BODY_W
    return {
        "scale": lambda: charts.level_scale(d, ctx["levels"], lab, pal, w, st.scale),
        "tiles": lambda: tables.tiles(_dimension_tiles(d, lab, st, ctx), st, w),
        "percentile": lambda: _position(d, lab, pal, w),
        "items": lambda: tables.items(d, ctx, lab, st, w),
        "notes": lambda: tables.notes(d, lab, st, w) if d["notes"] else None,
        "spacer": lambda: Spacer(1, 8),
    }


def _headline(ctx: dict, lab: dict[str, str], st: Styles) -> list[tuple[str, str, Any]]:
    o = ctx["overall"]
    level = f"{o['level']} {o['level_name']}" if o["level"] else lab["insufficient"]
    out = [
        (lab["overall_index"], f"{fmt_score(o['score'])} / {st.scale.high_text}", None),
        (lab["col_level"], level, st.level_color(o["level"])),
        (lab["col_percent_to_target"], fmt_progress(o["percent_to_target"]), None),
    ]
    if o["peer"] and o["peer"]["position"] is not None:
        out.append((lab["col_percentile"], o["peer"]["position"]["label"], None))
    return out


def _dimension_tiles(
    d: dict, lab: dict[str, str], st: Styles, ctx: dict
) -> list[tuple[str, str, Any]]:
    level = f"{d['level']} {d['level_name']}" if d["level"] else lab["insufficient"]
    return [
        (lab["col_score"], f"{fmt_score(d['score'])} / {st.scale.high_text}", None),
        (lab["col_level"], level, st.level_color(d["level"])),
        (lab["col_target"], f"{d['target']} {d['target_name']}", hexcolor(st.brand.colors.accent)),
        (
            lab.get("col_answered_all", lab["col_answered"])
            if ctx["respondents"]
            else lab["col_answered"],
            f"{d['answered']} / {d['applicable']}",
            None,
        ),
        (lab["col_percent_to_target"], fmt_progress(d["percent_to_target"]), None),
    ]


def _position(d: dict, lab: dict[str, str], pal: Any, w: float) -> Flowable | None:
    """The firm's position band among its peers (none for a group shown by levels only)."""
    peer = d["peer"]
    if not peer or peer["position"] is None:
        return None
    band = peer["position"]
    caption = lab["percentile_caption"].replace("{band}", band["label"])
    return charts.position_bar(band["low"], band["high"], caption, pal, w)
