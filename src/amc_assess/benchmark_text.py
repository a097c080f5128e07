"""The ``amc benchmark`` text of a firm's standing among its peers."""

from __future__ import annotations

from amc_assess.benchmark import Benchmark
from amc_assess.terminal import printable

DEFINITION = (
    "Percentile: share of peers scoring below the firm, ties counted half (0-100). "
    "Quartiles: linear interpolation."
)


def render(result: Benchmark) -> str:
    """The ``amc benchmark`` text."""
    lines = list(result.warnings)
    lines.append(f"Benchmark of {printable(result.firm)}, {result.year}")
    lines.append(f"Peers: {result.definition}")
    lines.append(DEFINITION)
    lines.append("")
    width = max(len(s.title) for s in [*result.dimensions, result.overall])
    lines.append(
        f"{'':<{width}}  {'firm':>5}  {'percentile':>10}  {'peer Q1':>7}  {'median':>6}  "
        f"{'peer Q3':>7}  {'peers':>5}"
    )
    for s in [*result.dimensions, result.overall]:
        score = f"{s.score:.2f}" if s.score is not None else "–"
        if s.percentile is None:
            lines.append(f"{s.title:<{width}}  {score:>5}  {s.note}")
            continue
        lines.append(
            f"{s.title:<{width}}  {score:>5}  {s.percentile:>10.1f}  {s.q1:>7.2f}  "
            f"{s.median:>6.2f}  {s.q3:>7.2f}  {s.n:>5}"
        )
    if result.notes:
        lines.append("")
        lines += [f"Note: {n}" for n in result.notes]
    return "\n".join(lines)
