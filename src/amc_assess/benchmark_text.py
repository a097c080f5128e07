"""The ``amc benchmark`` text of a firm's standing among its peers."""

from __future__ import annotations

from amc_assess.benchmark import Benchmark
from amc_assess.benchmark_stats import Standing
from amc_assess.disclosure import QUANTILE_MIN, STEP
from amc_assess.terminal import printable

DEFINITION = (
    "Figures: the whole group's, the firm among them where it is one of its members (anyone "
    f"asking about the group sees the same figures). From {QUANTILE_MIN} comparable peers "
    f"beside any one firm, quartiles (linear interpolation) rounded to {STEP}, and the firm's "
    "position as the percentile band between rounded cut points; with fewer, the number of "
    "firms at each maturity level. Group sizes are shown as bands."
)


def render(result: Benchmark) -> str:
    """The ``amc benchmark`` text."""
    lines = list(result.warnings)
    lines.append(f"Benchmark of {printable(result.firm)}, {result.year}")
    lines.append(f"Peers: {result.definition}")
    lines.append(DEFINITION)
    lines.append("")
    rows = [*result.dimensions, result.overall]
    width = max(len(s.title) for s in rows)
    place = max([len("position"), *(len(_band(s)) for s in rows if s.position)])
    if any(s.position for s in rows):
        lines.append(
            f"{'':<{width}}  {'firm':>5}  {'position':<{place}}  {'peer Q1':>7}  {'median':>6}  "
            f"{'peer Q3':>7}  peers"
        )
    else:
        lines.append(f"{'':<{width}}  {'firm':>5}  peers by maturity level")
    for s in rows:
        score = f"{s.score:.2f}" if s.score is not None else "–"
        head = f"{s.title:<{width}}  {score:>5}  "
        if s.position is not None:
            lines.append(
                f"{head}{_band(s):<{place}}  {s.q1:>7.1f}  {s.median:>6.1f}  "
                f"{s.q3:>7.1f}  {s.peers}"
            )
        elif s.levels is not None:  # the counts give the group's size: no band beside them
            lines.append(f"{head}{_levels(s)}")
        else:
            lines.append(f"{head}{s.note}")
    if result.notes:
        lines.append("")
        lines += [f"Note: {n}" for n in result.notes]
    return "\n".join(lines)


def _band(s: Standing) -> str:
    """The position band with the rounded cut points that bound it when it is finer than
    quartiles (whose cuts are the columns beside it): ``60th–80th percentile (3.6–3.9)``,
    ``top decile (from 4.3)``."""
    assert s.position is not None
    if {s.position.low, s.position.high} <= {0, 25, 50, 75, 100}:
        return s.position.label  # quartiles: the columns beside it show its cut points
    low, high = s.cuts.get(str(s.position.low)), s.cuts.get(str(s.position.high))
    if low is not None and high is not None:
        return f"{s.position.label} ({low:.1f}–{high:.1f})"
    if high is not None:
        return f"{s.position.label} (up to {high:.1f})"
    if low is not None:
        return f"{s.position.label} (from {low:.1f})"
    return s.position.label


def _levels(s: Standing) -> str:
    """``firms at level 1/2/3/4/5: 0/3/2/0/0; the firm at level 3`` (the group's firms)."""
    assert s.levels is not None
    counts = "/".join(str(v) for v in s.levels.values())
    own = f"; the firm at level {s.level}" if s.level is not None else ""
    return f"firms at level {'/'.join(s.levels)}: {counts}{own}"
