"""Tables of the respondents section (several per firm): counts, scores, spread and gaps."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table

from amc_assess.formats import fmt_score
from amc_assess.report.styles import Styles
from amc_assess.report.tables import cell, table


def respondent_counts(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    resp = ctx["respondents"]
    rows: list[list[Any]] = [[lab["col_group"], lab["col_respondents"]]]
    for g in resp["by_side"]:
        rows.append(
            [
                cell(f"{lab['side']}: {lab.get('side_' + g['group'], g['group'])}", st),
                cell(g["count"], st),
            ]
        )
    for g in resp["by_level"]:
        rows.append(
            [
                cell(f"{lab['level']}: {lab.get('level_' + g['group'], g['group'])}", st),
                cell(g["count"], st),
            ]
        )
    return table(rows, [0.35 * width, 0.15 * width], st)


def respondent_scores(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    resp = ctx["respondents"]
    dims = ctx["dimensions"]
    head = [
        cell(h, st, "cell_head_small")
        for h in [
            lab["col_respondent"],
            lab["col_side_level"],
            *[d["title"] for d in dims],
            lab["overall_short"],
        ]
    ]
    rest = 0.6 / (len(dims) + 1)
    rows: list[list[Any]] = [head]
    extra = []
    for r, p in enumerate(resp["rows"], start=1):
        who = " · ".join(
            lab.get(f"{k}_{v}", v) for k, v in (("side", p["side"]), ("level", p["level"])) if v
        )
        row = [cell(p["name"] or lab["anonymous"], st, "cell_bold"), cell(who or "–", st)]
        for k, d in enumerate(dims):
            value = p["scores"].get(d["id"])
            row.append(cell(fmt_score(value), st))
            level = next(
                (
                    lv["level"]
                    for lv in reversed(ctx["levels"])
                    if value is not None and value + 1e-6 >= lv["min"]
                ),
                None,
            )
            extra.append(("BACKGROUND", (2 + k, r), (2 + k, r), st.level_tint(level, 0.7)))
        row.append(cell(fmt_score(p["overall"]), st, "cell_bold"))
        rows.append(row)
    return table(rows, [0.24 * width, 0.16 * width] + [rest * width] * (len(dims) + 1), st, extra)


def spread(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    resp = ctx["respondents"]
    head = [
        lab["col_dimension"],
        lab["col_respondents"],
        lab["col_lowest"],
        lab["col_highest"],
        lab["col_range"],
        lab["col_sd"],
    ]
    widths = [0.3, 0.14, 0.14, 0.14, 0.14, 0.14]
    if resp["has_rwg"]:
        head.append(lab["col_rwg"])
        widths = [0.26, 0.13, 0.12, 0.12, 0.12, 0.12, 0.13]
    rows: list[list[Any]] = [head]
    for s in resp["spread"]:
        row = [
            cell(s["title"], st, "cell_bold"),
            cell(s["n"], st),
            cell(fmt_score(s["min"]), st),
            cell(fmt_score(s["max"]), st),
            cell(_shown_range(s["min"], s["max"]), st),
            cell(fmt_score(s["sd"]), st),
        ]
        if resp["has_rwg"]:
            flag = f" ({lab['caution']})" if s["caution"] else ""
            row.append(cell(fmt_score(s["rwg_j"]) + flag, st))
        rows.append(row)
    return table(rows, [w * width for w in widths], st)


def _shown_range(low: float | None, high: float | None) -> str:
    """The range of the lowest and highest as printed beside it (3.28 to 3.34 reads 0.06,
    though the scores behind them are 0.069 apart)."""
    if low is None or high is None:
        return fmt_score(None)
    return fmt_score(float(fmt_score(high)) - float(fmt_score(low)))


def gaps(ctx: dict, lab: dict[str, str], st: Styles, width: float) -> Table:
    rows: list[list[Any]] = [
        [
            lab["col_dimension"],
            lab["col_groups"],
            lab["col_means"],
            lab["col_gap"],
            lab["col_verdict"],
        ]
    ]
    for g in ctx["respondents"]["gaps"]:
        interval = ""
        if g["ci_low"] is not None and g["ci_high"] is not None:
            interval = f" [{g['ci_low']:.2f}, {g['ci_high']:.2f}]"
        rows.append(
            [
                cell(
                    lab["overall_index"] if g["dimension"] == "overall" else g["title"],
                    st,
                    "cell_bold",
                ),
                cell(f"{g['group_a']} vs {g['group_b']}", st),
                cell(f"{fmt_score(g['mean_a'])} / {fmt_score(g['mean_b'])}", st),
                cell(f"{g['gap']:+.2f}{interval}", st),
                cell(g["verdict"] or "–", st),
            ]
        )
    return table(rows, [w * width for w in (0.22, 0.22, 0.14, 0.2, 0.22)], st)
