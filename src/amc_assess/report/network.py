"""The report's relationship-audit section: its context, tables and flows (drawing elsewhere).

``network_context`` copies what ``report_network.j2`` says off the :class:`NetworkResult`
(nothing is recomputed from the ties files); ``flows`` supplies the drawing and the tables.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table

from amc_assess.models.network import NetworkResult
from amc_assess.report.flowables import Flows
from amc_assess.report.styles import Styles
from amc_assess.report.tables import cell, table

SHOWN = 12  # names listed in the text before "and N more"
ROWS = 10  # rows of the turnover-risk table
CENTRAL = 0.5  # key contacts in at least this share of the cross-firm ties: one channel
# Density across / mean density within: below FAR, two separate groups; below HALF, clearly
# sparser (about half as dense); below DENSER, about as dense; from DENSER on, denser across.
FAR, HALF, DENSER = 1 / 3, 2 / 3, 1.5


def _names(names: list[str]) -> dict[str, Any]:
    return {"count": len(names), "names": names[:SHOWN], "more": max(len(names) - SHOWN, 0)}


def network_context(r: NetworkResult, limit: int | None = None) -> dict[str, Any]:
    """Plain data for the template: counts, names and flags read off the result; ``limit``:
    the most people the drawing shows (the layout's ``LIMIT`` by default)."""
    # lazy: the network package and the drawing load only for a report with an audit
    from amc_assess.network.layout import LIMIT, select
    from amc_assess.network.reader import LEVELS, SIDES
    from amc_assess.report.network_drawing import LABEL_ALL

    by = {p.name: p for p in r.persons}

    def per_side(names: list[str]) -> dict[str, int]:
        return {s: sum(1 for n in names if by[n].side == s) for s in SIDES}

    cross = [x for x in r.links if by[x.a].side != by[x.b].side]
    coverage = []
    for c in r.coverage:
        status = "missing" if not c.present else ("weak" if not c.strong_ties else "strong")
        coverage.append({**c.model_dump(), "status": status})
    seniors = []
    for s in SIDES:
        all_seniors = [p.name for p in r.persons if p.side == s and p.level == "senior"]
        weak = [n for n in r.weak_seniors if by[n].side == s]
        apart = [n for n in all_seniors if n not in weak and n in r.peripheral]  # one tie only
        seniors.append(
            {
                "side": s,
                "total": len(all_seniors),
                "weak": _names(weak),
                "apart": _names(apart),
                "all_weak": bool(all_seniors) and len(weak) == len(all_seniors),
            }
        )
    cut = [{**c.model_dump(), "key_contact": by[c.name].key_contact} for c in r.articulation_points]
    keys = [k.model_dump() for k in r.key_contacts]
    channels = []
    for ch in r.channels:
        mine = [k for k in r.key_contacts if k.side == ch.side]
        share = _key_share(mine, cross)
        if not mine:
            style = "none"
        elif share is None:
            style = "unused"  # no tie between the firms at all
        elif share >= CENTRAL:
            style = "central"
        else:
            style = "bypassed"
        channels.append(
            {
                **ch.model_dump(),
                "direct_share": ch.with_partner_ties / ch.people if ch.people else None,
                "key_share": share,
                "style": style,
            }
        )
    d = r.density
    ratio, reading = density_reading(d.own, d.partner, d.across)
    silent = {p.name for p in r.persons if not p.respondent}
    names, picked = select(r, LIMIT if limit is None else limit)
    return {
        "sources": r.sources,
        "people": r.people,
        "by_side": r.people_by_side,
        "respondents": r.respondents,
        "answers": {
            "few": r.few_answered,
            "silent": len(silent),
            "peripheral": _names([n for n in r.peripheral if n in silent]),
            "weak_seniors": _names([n for n in r.weak_seniors if n in silent]),
        },
        "ties": r.ties,
        "confirmed": r.confirmed_ties,
        "components": r.components,
        "cross_ties": len(cross),
        "strong": r.strong_threshold,
        "strong_ties": sum(1 for link in r.links if link.strength >= r.strong_threshold),
        "core_k": r.core_k,
        "core": {**_names(r.core), **per_side(r.core)},
        "peripheral": {
            **_names(r.peripheral),
            **per_side(r.peripheral),
            "seniors": _names([n for n in r.peripheral if by[n].level == "senior"]),
        },
        "spanners": {
            **_names(r.boundary_spanners),
            "most_level": max(  # the level most spanners work at (the higher on a tie)
                LEVELS, key=lambda lv: (r.spanners_by_level.get(lv, 0), -LEVELS.index(lv))
            ),
            **per_side(r.boundary_spanners),
            "by_level": [{"level": lv, "count": r.spanners_by_level.get(lv, 0)} for lv in LEVELS],
            "top_level": next(  # the highest level with a spanner (LEVELS runs top down)
                (lv for lv in LEVELS if r.spanners_by_level.get(lv, 0)), LEVELS[-1]
            ),
        },
        "coverage": coverage,
        "missing_levels": [c["level"] for c in coverage if c["status"] == "missing"],
        "weak_levels": [c["level"] for c in coverage if c["status"] == "weak"],
        "seniors": seniors,
        "weak_seniors": len(r.weak_seniors),
        "cut_points": {
            **_names([c["name"] for c in cut]),
            "rows": cut[:SHOWN],
            "largest": cut[0]["cut_off"] if cut else 0,
        },
        "brokers": [b.model_dump() for b in r.top_betweenness],
        "sampled": r.betweenness_sample,
        "channels": channels,
        "key_contacts_given": r.key_contacts_given,
        "key_contacts": keys,
        "key_risks": [  # and whether the firms keep a tie between them without this person
            {**k, "channel_goes": not any(k["name"] not in (x.a, x.b) for x in cross)}
            for k in keys
            if k["cut_off"]
        ],
        "density": {**d.model_dump(), "ratio": ratio, "reading": reading},
        "separate": reading == "far_sparser",
        "drawing": {
            "shown": len(names),
            "total": r.people,
            "subset": len(names) < r.people,
            "named_all": len(names) <= LABEL_ALL,
            "picked": picked,
        },
    }


def density_reading(
    own: float | None, partner: float | None, across: float | None
) -> tuple[float | None, str | None]:
    """Density across over the mean density within the firms, and how to read it.

    ``far_sparser`` (below a third), ``sparser`` (below two thirds: about half as dense),
    ``similar`` (below one and a half times) or ``denser``; ``None`` when a density is missing
    or neither firm nor the two together have any tie.
    """
    within = [v for v in (own, partner) if v is not None]
    if across is None or not within:
        return None, None
    mean = sum(within) / len(within)
    if mean == 0:
        return None, ("denser" if across > 0 else None)
    ratio = across / mean
    if ratio < FAR:
        return ratio, "far_sparser"
    if ratio < HALF:
        return ratio, "sparser"
    return ratio, "similar" if ratio < DENSER else "denser"


def _key_share(mine: list, cross: list) -> float | None:
    """Share of the cross-firm ties at least one of these key contacts takes part in."""
    if not cross:
        return None
    names = {k.name for k in mine}
    return sum(1 for x in cross if x.a in names or x.b in names) / len(cross)


def flows(ctx: dict, result: NetworkResult, lab: dict[str, str], st: Styles, width: float) -> Flows:
    # lazy: the drawing (numpy, the layout) loads only for a report with an audit
    from amc_assess.report.network_drawing import network_drawing

    return {
        "drawing": lambda: network_drawing(result, lab, st.brand.colors, width),
        "coverage": lambda: coverage_table(ctx, lab, st, width),
        "risk": lambda: risk_table(ctx, result, lab, st, width),
        "channels": lambda: channel_table(ctx, lab, st, width),
    }


def _who(side: str, level: str, lab: dict[str, str]) -> str:
    return f"{lab.get('side_' + side, side)} · {lab.get('level_' + level, level)}"


def coverage_table(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    net = ctx["network"]
    rows: list[list[Any]] = [
        [
            lab["level"],
            lab["col_cross_ties"],
            lab["col_strong_ties"],
            lab["col_mean_strength"],
            lab["col_reading"],
        ],
    ]
    extra = []
    for k, c in enumerate(net["coverage"], start=1):
        mean = "–" if c["mean_strength"] is None else f"{c['mean_strength']:.2f}"
        rows.append(
            [
                cell(lab.get("level_" + c["level"], c["level"]), st, "cell_bold"),
                cell(c["ties"], st),
                cell(c["strong_ties"], st),
                cell(mean, st),
                cell(lab.get(_status(c)) or lab["net_status_" + c["status"]], st),
            ]
        )
        if c["status"] != "strong":
            extra.append(
                ("BACKGROUND", (4, k), (4, k), st.level_tint(1 if c["status"] == "missing" else 2))
            )
    return table(rows, [w * width for w in (0.2, 0.2, 0.14, 0.16, 0.3)], st, extra)


def _status(c: dict) -> str:
    """The label of a coverage row: missing, weak ties only, one strong tie or strong ties."""
    if c["status"] == "strong":
        return "net_status_strong_one" if c["strong_ties"] == 1 else "net_status_strong"
    if c["status"] == "weak":
        return "net_status_weak_one" if c["ties"] == 1 else "net_status_weak"
    return "net_status_missing"


def risk_table(
    ctx: dict, result: NetworkResult, lab: dict[str, str], st: Styles, width: float
) -> Table | None:
    """The people the network depends on: cut points first, then the top brokers."""
    by = {p.name: p for p in result.persons}
    cuts = {c.name: c.cut_off for c in result.articulation_points}
    names = list(dict.fromkeys([*cuts, *(b.name for b in result.top_betweenness)]))[:ROWS]
    if not names:
        return None
    rows: list[list[Any]] = [
        [
            lab["col_person"],
            lab["col_side_level"],
            lab["col_cut_off"],
            lab["col_betweenness"],
            lab["col_role"],
        ],
    ]
    for n in names:
        p = by[n]
        roles = [lab["net_role_key"]] if p.key_contact else []
        roles += [lab["net_role_spanner"]] if p.boundary_spanner else []
        roles += [lab["net_role_core"] if p.core else lab["net_role_peripheral"]]
        rows.append(
            [
                cell(n, st, "cell_bold"),
                cell(_who(p.side, p.level, lab), st),
                cell(cuts.get(n, 0), st),
                cell(f"{p.betweenness:.3f}", st),
                cell(", ".join(roles), st),
            ]
        )
    return table(rows, [w * width for w in (0.22, 0.22, 0.14, 0.14, 0.28)], st)


def channel_table(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    rows: list[list[Any]] = [
        [
            lab["side"],
            lab["col_people"],
            lab["col_direct"],
            lab["col_key_contacts"],
            lab["col_key_share"],
        ],
    ]
    for ch in ctx["network"]["channels"]:
        share = (
            "–" if ch["key_share"] is None or not ch["key_contacts"] else f"{ch['key_share']:.0%}"
        )
        rows.append(
            [
                cell(lab.get("side_" + ch["side"], ch["side"]), st, "cell_bold"),
                cell(ch["people"], st),
                cell(ch["with_partner_ties"], st),
                cell(", ".join(ch["key_contacts"]) or "–", st),
                cell(share, st),
            ]
        )
    return table(rows, [w * width for w in (0.14, 0.1, 0.25, 0.29, 0.22)], st)


__all__ = [
    "coverage_table",
    "channel_table",
    "density_reading",
    "flows",
    "network_context",
    "risk_table",
]
