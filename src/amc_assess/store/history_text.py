"""The ``amc history show`` text of a firm's history."""

from __future__ import annotations

from amc_assess.definitions import OVERALL
from amc_assess.formats import fmt_progress
from amc_assess.store.history import FirmHistory

BASE_W = 33  # "+0.77 since 2024 (within noise)" and two spaces


def _num(value: float | None, fmt: str = ".2f", sign: bool = False) -> str:
    if value is None:
        return "–"
    return format(value, ("+" if sign else "") + fmt)


def render(result: FirmHistory) -> str:
    """The ``amc history show`` text."""
    lines = [f"History of {result.firm}: " + ", ".join(str(y.year) for y in result.years), ""]
    lines.append(f"{'year':<6}{'date':<12}{'respondents':>11}  {'instrument':<14}rubric")
    for y in result.years:
        date = y.date.isoformat() if y.date else "–"
        partner = f"  (+{y.partners} partner-side: their view, not in the figures)"
        lines.append(
            f"{y.year:<6}{date:<12}{y.respondents:>11}  {y.instrument:<14}{y.rubric}"
            + (partner if y.partners else "")
        )
    most = max((y.respondents for y in result.years), default=1)  # the largest year's
    for trend in result.trends:
        lines.append("")
        if trend.dimension == OVERALL:
            lines.append(f"{trend.title}")
            target_head = "% to target"
        else:
            level = f"level {trend.target_level} {trend.target_level_name or ''}".strip()
            if trend.target_level is None:
                level = "–"
            lines.append(f"{trend.title} (target: {level}, score {_num(trend.target_score)})")
            target_head = "vs target"
        lines.append(
            f"  {'year':<6}{'score':>6}  {'level':<14}{'change':>7}  {'':<29}"
            f"{'vs baseline':<{BASE_W}}{target_head}"
        )
        shown = {s.year: round(s.score, 2) for s in trend.years if s.score is not None}
        counts = {s.year: s.respondents for s in trend.years}
        used: set[tuple[int, int]] = set()  # the respondent counts compared: their thresholds
        for k, s in enumerate(trend.years):
            if s.score is None:
                lines.append(f"  {s.year:<6}{'–':>6}  insufficient data")
                continue
            before = trend.years[k - 1].year if k else None
            change = ""
            if s.change is not None and before in shown:  # as the printed scores differ
                change = _num(shown[s.year] - shown[before], sign=True)
                used.add((counts[before], s.respondents))
            verdict = WORDS.get(s.change_verdict or "", s.change_verdict or "")
            if change in ("+0.00", "-0.00"):
                verdict = "no change"
            if s.baseline_year == s.year:
                base = "baseline"
            else:
                since = shown.get(s.baseline_year or 0)
                rise = s.vs_baseline if since is None else shown[s.year] - since
                base = f"{_num(rise, sign=True)} since {s.baseline_year} "
                flat = rise is not None and round(rise, 2) == 0 and s.baseline_verdict
                base += "(no change)" if flat else _short(s.baseline_verdict)
                if s.baseline_verdict and s.baseline_year in counts:
                    used.add((counts[s.baseline_year], s.respondents))
            if trend.dimension == OVERALL:
                target = fmt_progress(s.to_target)
            elif s.to_target is None:
                target = "–"
            elif s.level is not None and trend.target_level and s.level >= trend.target_level:
                target = "reached"
            else:
                target = f"{s.to_target:+.2f}"
            level = f"{s.level} {s.level_name or ''}".strip() if s.level else "–"
            lines.append(
                f"  {s.year:<6}{s.score:>6.2f}  {level:<14}{change:>7}  "
                f"{verdict:<29}{base:<{BASE_W}}{target}"
            )
        said = trend.reliability.describe_used(used) if used else None
        scored = [s.respondents for s in trend.years if s.score is not None]  # with a score
        lines.append(f"  {said or trend.reliability.describe(max(scored, default=most))}")
    if result.notes:
        lines.append("")
        lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines)


WORDS = {  # as the report's trend page says them
    "real improvement": "real rise", "real decline": "real fall", "within noise": "within noise",
    "level changed, within noise": "level changed, within noise",
}  # fmt: skip


def _short(verdict: str | None) -> str:
    """``(real rise)``: a level changed within noise is within noise (a narrow column)."""
    return f"({WORDS[verdict].removeprefix('level changed, ')})" if verdict in WORDS else ""
