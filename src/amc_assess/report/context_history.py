"""The report context's history: each dimension's series of scores over the assessments, the
level and verdict at each point, and the trend as the summary tells it (all read off the
store's history, which judges the changes)."""

from __future__ import annotations

from typing import Any

from amc_assess.models import Rubric
from amc_assess.report.models import ReportInput


def series(inp: ReportInput, dim: str | None) -> list[float | None] | None:
    if inp.history is None:
        return None
    if dim is None:
        return [p.overall for p in inp.history.points]
    return [p.dimensions.get(dim) for p in inp.history.points]


def marks(inp: ReportInput, key: str) -> list[dict[str, Any]]:
    """Per history point, the level of the score and the verdict on its change since the
    previous point (None where the history does not say)."""
    points = inp.history.points if inp.history is not None else []
    return [{"level": p.levels.get(key), "verdict": p.verdicts.get(key)} for p in points]


def history(inp: ReportInput, r: Rubric) -> dict[str, Any] | None:
    """The trend as the summary tells it: the change since the previous assessment first
    (with its verdict against measurement noise, where judged), then since the first."""
    if inp.history is None:
        return None
    points = inp.history.points
    out: dict[str, Any] = {
        "labels": [p.label for p in points],
        "count": len(points),
        "first": points[0].label,
        "first_overall": points[0].overall,
        "last_overall": points[-1].overall,
        "previous": None,
    }
    if len(points) > 1 and points[-2].overall is not None and points[-1].overall is not None:
        before, now = round(points[-2].overall, 2), round(points[-1].overall, 2)
        verdicts = inp.history.verdicts
        real = {d: v for d, v in verdicts.items() if d in r.dimensions and v.startswith("real")}
        out |= {
            "previous": points[-2].label,
            "previous_overall": points[-2].overall,
            "change": now - before,
            "since_first": now - round(points[0].overall or 0.0, 2),
            "since_first_verdict": inp.history.since_first.get("overall"),
            "verdict": verdicts.get("overall"),
            "fell": [r.dimensions[d].title for d, v in real.items() if v == "real decline"],
            "rose": [r.dimensions[d].title for d, v in real.items() if v == "real improvement"],
        }
    dims = [v for d, v in inp.history.thresholds.items() if d in r.dimensions]
    out["threshold"] = {  # what the latest change had to exceed to be real, in points
        "overall": inp.history.thresholds.get("overall"),
        "low": min(dims, default=None),
        "high": max(dims, default=None),
    }
    return out
