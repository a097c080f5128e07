"""Plain-text rendering of a relationship audit (JSON is ``result.model_dump_json``)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from amc_assess.cellguard import guard_cell

if TYPE_CHECKING:
    from amc_assess.models.network import NetworkResult

SHOWN = 10


def _names(names: list[str], shown: int = SHOWN) -> str:
    if not names:
        return "none"
    more = f" ... (+{len(names) - shown} more)" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def few_answered(r: NetworkResult) -> list[str]:
    """A caution when fewer than half of the people (or fewer than 5) answered the audit."""
    if r.few_answered:
        return [
            f"CAUTION: only {r.respondents} of the {r.people} people answered; the others are "
            "seen only through the ties named to them, so findings about them are uncertain."
        ]
    return []


def render(result: NetworkResult) -> str:
    r = result
    by = {p.name: p for p in r.persons}
    lines = [
        "Relationship audit: " + ", ".join(r.sources),
        f"people {r.people} (own {r.people_by_side['own']}, partner "
        f"{r.people_by_side['partner']}; {r.respondents} answered), ties {r.ties} "
        f"({r.confirmed_ties} confirmed by both), "
        + _count(r.components, "connected group", "connected groups"),
        f"strong tie: strength >= {r.strong_threshold:g}; core: {r.core_k}-core of strong ties",
        *few_answered(r),
        "",
        f"Core participants ({len(r.core)}): {_names(r.core)}",
        f"Peripheral ({len(r.peripheral)}): {_names(r.peripheral)}",
        "",
        f"Boundary spanners ({len(r.boundary_spanners)}): "
        + ", ".join(f"{lv} {n}" for lv, n in r.spanners_by_level.items()),
        f"  {_names(r.boundary_spanners)}",
        "",
        "Cross-firm ties at the same level:",
        f"  {'level':<12} {'ties':>5} {'strong':>7} {'mean':>6}",
    ]
    for c in r.coverage:
        mean = "-" if c.mean_strength is None else f"{c.mean_strength:.2f}"
        note = "" if c.present else "  MISSING"
        lines.append(f"  {c.level:<12} {c.ties:>5} {c.strong_ties:>7} {mean:>6}{note}")
    weak = [f"{n} ({by[n].side})" for n in r.weak_seniors]
    lines += ["", f"Senior executives with weak ties ({len(weak)}): {_names(weak)}", ""]
    lines.append(f"Turnover risk: departure would cut the network ({len(r.articulation_points)})")
    for cp in r.articulation_points[:SHOWN]:
        lines.append(f"  {cp.name} ({cp.side}, {cp.level}): {cp.cut_off} cut off")
    if len(r.articulation_points) > SHOWN:
        lines.append(f"  ... (+{len(r.articulation_points) - SHOWN} more)")
    sampled = f", estimated from {r.betweenness_sample} people" if r.betweenness_sample else ""
    lines.append(f"Highest betweenness{sampled}:")
    for b in r.top_betweenness:
        lines.append(f"  {b.name} ({b.side}, {b.level}): {b.betweenness:.3f}")
    if not r.top_betweenness:
        lines.append("  none")
    lines += ["", "Channels between the firms:"]
    for ch in r.channels:
        keys = f"; key contact {', '.join(ch.key_contacts)}" if ch.key_contacts else ""
        lines.append(
            f"  {ch.side}: {ch.with_partner_ties} of {ch.people} "
            f"{'deals' if ch.with_partner_ties == 1 else 'deal'} with the other firm{keys}"
        )
    for kc in r.key_contacts:
        share = "-" if kc.channel_share is None else f"{kc.channel_share:.0%}"
        cut = f", {kc.cut_off} cut off if they leave" if kc.cut_off else ""
        ties = _count(kc.partner_ties, "cross-firm tie", "cross-firm ties")
        lines.append(f"  key contact {kc.name} ({kc.side}, {kc.level}): {ties}, "
                     f"{share} of all cross-firm ties{cut}")  # fmt: skip
    d = r.density
    lines += [
        "",
        f"Density: within own {_pct(d.own)}, within partner {_pct(d.partner)}, "
        f"across {_pct(d.across)}",
    ]
    return "\n".join(lines)


def persons_csv(result: NetworkResult) -> str:
    """One row per person with every per-person figure (for a spreadsheet)."""
    # lazy: loaded with the result already (amc network loads pydantic while the kernel runs)
    from amc_assess.models.network import PersonResult

    fields = list(PersonResult.model_fields)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for person in result.persons:
        row = vars(person)  # its fields (model_dump() copies them: 4 µs a person)
        writer.writerow([guard_cell(row[f]) if isinstance(row[f], str) else row[f] for f in fields])
    return buffer.getvalue().rstrip("\n")
