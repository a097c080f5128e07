"""Peer benchmarks: where a firm stands among comparable firms, without exposing any of them.

* **Peer group**: every firm of the grouping once, at its latest assessment year not after the
  benchmarked year, its score per dimension the mean over that year's respondents. The figures
  are the group's own, the firm included when it is stored in it: whoever asks (the firm, a
  peer, a probe named after either) gets the same figures, so no two answers differ by one
  firm. Thresholds count the firms *beside* any one member (a group of n has n - 1 peers).
  ``--peers`` picks a grouping from the fixed menu of :data:`amc_assess.disclosure.MENU`
  (industry, revenue band, region, industry with revenue band, industry with region; a key
  without a value means "the same as the firm"). Peers come from the store or from a scored
  table (``--peer-file``; ``synthetic`` names the bundled synthetic set).
* **Disclosure control** (:mod:`amc_assess.disclosure`): below ``min_peers`` peers beside any
  one firm (default 5) nothing is shown; below 10 only counts per maturity level; from 10,
  quartiles rounded to 0.1 and the firm's position as a percentile band between rounded cut
  points. Sizes are shown as bands. A store logs every query and answers a group that differs
  from an earlier one by fewer than 5 firms from that earlier group (:mod:`amc_assess.store.audit`).
* **Comparable**: a peer's dimension score counts only when made with the same definition as
  the firm's (:mod:`amc_assess.definitions`); a note says how many were left out.
* The minimum may be raised freely; lowering it (to 3 at the least) needs ``allow_small_group``
  and puts a warning on the output. No output names a peer: the peer frames carry no names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field

from amc_assess import disclosure
from amc_assess.benchmark_peers import (
    PeerFile,
    describe_group,
    filters_of,
    filters_text,
    firm_counted,
    grouping_text,
    item_medians,
    read_peer_file,
)
from amc_assess.benchmark_stats import Standing, standings
from amc_assess.condition_checks import did_you_mean
from amc_assess.definitions import known_definitions, versions_of
from amc_assess.disclosure import FLOOR, MIN_PEERS, grouping_name, menu_text, size_band
from amc_assess.models import Questionnaire, Rubric
from amc_assess.models.base import Model, empty_dict, empty_list
from amc_assess.models.comparison import Disclosure, PeerStats
from amc_assess.names import firm_key, pick_firm, shown
from amc_assess.problems import InvalidInput
from amc_assess.scored.read import read_scored
from amc_assess.scored.respondent import ScoredRespondent, When
from amc_assess.store import audit
from amc_assess.store.db import Store, locate
from amc_assess.store.frames import attach_keys, latest_year, pool, records_frame, typed
from amc_assess.validation import instrument

__all__ = ["MIN_PEERS", "Benchmark", "Standing", "TooFewPeers", "benchmark", "peer_stats"]
FILTER_KEYS = {
    "industry": "industry", "revenue": "revenue_band", "revenue_band": "revenue_band",
    "region": "region",
}  # fmt: skip


NO_PEER_ACCESS = (
    "this role reads only its own firm's assessments (a read-only grant), so the store gives "
    "it no peers: a role with write access runs the peer benchmark (amc db grant ROLE "
    "--write), or give --peer-file"
)


class TooFewPeers(InvalidInput):
    """The peer group is below the anonymity threshold: no statistics."""


def min_peers_problem(min_peers: int, allow_small_group: bool) -> str | None:
    """Why ``min_peers`` is not allowed (None when it is)."""
    if min_peers < FLOOR:
        return (
            f"{min_peers} is refused: peer groups of fewer than {FLOOR} firms are never shown, "
            "since they would expose single firms' scores"
        )
    if min_peers < MIN_PEERS and not allow_small_group:
        return (
            f"{min_peers} is below the default of {MIN_PEERS}: add --allow-small-group to accept "
            "the risk of exposing single firms"
        )
    return None


def small_group_warning(min_peers: int) -> str:
    return (
        f"Warning: the minimum peer-group size is lowered to {min_peers} (--allow-small-group). "
        "A group this small is shown only as counts of firms per maturity level, but a reader "
        "who knows who the peers are may still learn a firm's level: keep this output within "
        "the engagement."
    )


class Benchmark(Model):
    """Everything ``amc benchmark`` prints; it never names or shows a single peer."""

    firm: str
    year: int
    as_of: dt.date | None
    definition: str
    filters: dict[str, str]
    grouping: str = Field(description="the peer grouping, from the fixed menu")
    source: str = Field(description="where the peers were read: the store's or the file's path")
    synthetic: bool
    size: str = Field(description="peer firms, as a size band")
    min_peers: int
    dimensions: list[Standing]
    overall: Standing
    warnings: list[str] = Field(default_factory=empty_list)
    notes: list[str] = Field(default_factory=empty_list)
    item_medians: dict[str, float] = Field(
        default_factory=empty_dict,
        description="practice id -> peer firms' median practice score (10 firms or more, rounded)",
    )
    disclosure: Disclosure
    firm_counted: Literal["current", "other"] | None = None  # as PeerStats says

    def peer_stats(self) -> PeerStats:
        """The report's PeerStats (shown dimensions only; warnings folded into the definition)."""
        dims = {s.dimension: q for s in self.dimensions if (q := s.released()) is not None}
        definition = self.definition
        if self.min_peers < MIN_PEERS:
            definition += f" Small peer group allowed (minimum {self.min_peers} firms)."
        return PeerStats(
            definition=definition,
            filters=self.filters,
            size=self.size,
            as_of=self.as_of,
            dimensions=dims,
            overall=self.overall.released(),
            items=self.item_medians,
            disclosure=self.disclosure,
            firm_counted=self.firm_counted,
        )


def parse_peers(spec: str | None, q: Questionnaire) -> dict[str, str | None]:
    """``industry=medtech,revenue`` -> {industry: medtech, revenue_band: None (the firm's)}."""
    out: dict[str, str | None] = {}
    errors = []
    items = q.item_map()
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, _, value = part.partition("=")
        key = key.strip().lower()
        if key not in FILTER_KEYS:
            errors.append(
                f"--peers: unknown key {key!r}{did_you_mean(key, list(FILTER_KEYS))}; use "
                "industry, revenue (or revenue_band) or region"
            )
            continue
        if FILTER_KEYS[key] in out:
            errors.append(f"--peers: {key} is given twice")
            continue
        column = FILTER_KEYS[key]
        value = value.strip()
        if not value:
            out[column] = None
            continue
        item = items.get(f"ctx_{column}")
        if item is None or not item.options:
            out[column] = value
            continue
        codes = {o.code.lower(): o.code for o in item.options}
        codes.update({o.label.lower(): o.code for o in item.options})
        if value.lower() not in codes:
            errors.append(
                f"--peers: {key}={value}: not an option of {item.id} "
                f"({', '.join(o.code for o in item.options)})"
            )
            continue
        out[column] = codes[value.lower()]
    if not errors and grouping_name(out) is None:
        named = [c.replace("_", " ") for c in out]
        errors.append(
            f"--peers: {', '.join(named[:-1])} and {named[-1]} together are not a peer grouping "
            f"on the menu (narrower groups could expose single firms); use one of: {menu_text()}"
        )
    if errors:
        raise InvalidInput(errors)
    return out


def _resolve(
    filters: dict[str, str | None], profile: pd.DataFrame, name: str, year: int
) -> dict[str, str]:
    """Filters without a value take the firm's own profile value that year."""
    resolved = {}
    for column, value in filters.items():
        if value is None:
            seen = profile[column].dropna()
            if seen.empty:
                raise InvalidInput(
                    [
                        f"--peers: firm {name!r} has no {column} on record for {year}; "
                        f"give it, e.g. --peers {column}=CODE"
                    ]
                )
            value = str(seen.iloc[0])
        resolved[column] = value
    return resolved


def records_of(records: Sequence[ScoredRespondent], firm: str) -> list[ScoredRespondent]:
    """A firm's records: those of its exact name (spacing aside), else those of the one firm
    whose name matches with case, accents and punctuation aside."""
    found, _ = pick_firm(firm, [rec.firm for rec in records])
    return [] if found is None else [rec for rec in records if rec.firm_key == firm_key(found)]


def benchmark(
    firm: str,
    *,
    db: str | Path | None = None,
    peer_file: str | Path | PeerFile | None = None,
    assessment: Sequence[str | Path] = (),
    respondents: Sequence[ScoredRespondent] = (),
    year: int | None = None,
    peers: str | None = None,
    min_peers: int = MIN_PEERS,
    allow_small_group: bool = False,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    stored: bool = False,
) -> Benchmark:
    """The firm's released standing among its peers, per dimension and overall.

    The firm's own scores come from ``respondents`` (already scored, e.g. with a relationship
    audit) and ``assessment`` files when given, else from the store, else from ``peer_file``.
    ``stored``: the ``respondents`` are the store's own records of the firm, scored as stored
    (``amc report --db --firm``): the audit log does not count the query as a probe.
    Peers come from ``peer_file`` when given (a path, ``synthetic``, or one already read),
    else from the store, which logs the query. Raises TooFewPeers below ``min_peers``.
    """
    problem = min_peers_problem(min_peers, allow_small_group)
    if problem:
        raise InvalidInput([f"--min-peers: {problem}"])
    q, r = instrument(questionnaire, rubric)
    filters = parse_peers(peers, q)
    store_path = locate(db).shown
    store = Store.open_existing(db)
    items: dict[str, float] = {}
    earlier = None
    answered_as: dict[str, str] | None = None  # the grouping of the figures, where not as asked
    group_year: int | None = None  # the year of the figures' group, where not as asked
    try:
        known = {**(store.definitions() if store else {}), **known_definitions(q, r)}
        pf = peer_file if isinstance(peer_file, PeerFile) else (
            read_peer_file(peer_file, q, r, year) if peer_file is not None else None
        )  # fmt: skip
        own, name, probe = _own(firm, store, store_path, pf, assessment, respondents, q, r, year)
        probe = probe and not (stored and not assessment)
        own_pooled = pool(attach_keys(own, known), r)
        years = sorted(int(y) for y in own_pooled["year"].unique())
        chosen = year if year is not None else years[-1]
        if chosen not in years:
            raise InvalidInput(
                [
                    f"firm {name!r} has no assessment in {chosen} "
                    f"(assessed in {', '.join(map(str, years))})"
                ]
            )
        mine_now = own_pooled[own_pooled["year"] == chosen]
        resolved = _resolve(filters, own[own["year"] == chosen], name, chosen)
        # the group: every firm of the grouping (this one too), whose frames carry no names
        if pf is not None:
            cell = _file_cell(pf, chosen, resolved)
            source, label, synthetic = pf.shown, pf.label, pf.synthetic
        elif store is not None:
            if not store.sees_peers():
                raise TooFewPeers([f"{store.path}: {NO_PEER_ACCESS}"])
            cell = typed(store.peer_frame("", chosen, resolved))  # "" is no firm: all of them
            source, label, synthetic = f"the store {store.path}", "the assessment store", False
        else:
            raise InvalidInput(
                [f"no peers: there is no store at {store_path}; give --peer-file FILE or --db"]
            )
        cell_pooled = _pooled(cell, known, r)
        if pf is None and store is not None:
            kept = cell[cell["firm_key"].isin(cell_pooled["firm_key"])]
            query = audit.Query(audit.who(), name, probe, grouping_text(resolved), chosen)
            decision = audit.record(store, query, audit.tokens(kept), min_peers)
            if decision.outcome == audit.REFUSED_NEAR:
                raise TooFewPeers([audit.near_small_group(decision, min_peers)])
            if decision.outcome == audit.REFUSED_CHANGED:
                raise TooFewPeers([audit.changed_group(decision)])
            if decision.members is not None:  # too close to a group answered before
                cell = typed(audit.members_frame(store, decision.members))
                cell_pooled = _pooled(cell, known, r)
                earlier = decision.earlier
                answered_as = filters_of(decision.grouping or "")  # the figures are that group's
                group_year = decision.year or chosen  # ... of that group's year
            items = item_medians(cell, store, versions_of(q, r))
    finally:
        if store is not None:
            store.close()
    # the whole group, the firm too where stored: the same figures whoever asks
    size = int(cell_pooled["firm_key"].nunique())
    if size - 1 < min_peers:
        which = filters_text(resolved, q) + ("; " if resolved else "")
        raise TooFewPeers(
            [
                f"Too few firms match ({which}assessed up to {chosen}): peer statistics need "
                f"a group in which every firm has at least {min_peers} peers beside it, so that "
                "no single firm's scores can be inferred. "
                + (
                    "Widen the peer group (drop a --peers filter) or add more assessments."
                    if resolved
                    else "Add the assessments of more firms."
                )
            ]
        )
    dims, notes = standings(mine_now, cell_pooled, r, min_peers)
    if earlier is not None:
        asked = filters_text(resolved, q) or "all firms"
        notes.append(
            f"The peer group asked for ({asked}) differs by fewer than "
            f"{disclosure.DIFFERENCE_K} firms from one answered before ({earlier}); the figures "
            "are that earlier group's, as described, so that comparing the two benchmarks "
            "reveals no firm."
        )
    if pf is not None and store is not None:  # a store is at hand: its log is not this one's
        notes.append(
            f"Peers from {pf.shown}, not the store: the query is not logged in the store's "
            "audit log, and the rule that answers a group close to one answered before from "
            "that group applies to the store's peers only (whoever holds the file holds its "
            "figures)."
        )
    if answered_as is not None:
        resolved = answered_as
    as_of = mine_now["date"].dropna()
    grouping = grouping_name(resolved) or "all firms"
    counted = firm_counted(mine_now, cell_pooled, firm_key(name))
    return Benchmark(
        firm=name,
        year=chosen,
        as_of=dt.date.fromisoformat(str(as_of.iloc[0])) if len(as_of) else None,
        definition=describe_group(
            size,
            label,
            synthetic,
            resolved,
            q,
            group_year or chosen,
            member=counted is not None,
            given=bool(assessment),
            earlier=counted == "other" and not assessment,
        ),  # fmt: skip
        firm_counted=counted,
        filters=resolved,
        grouping=grouping,
        source=source,
        synthetic=synthetic,
        size=size_band(size),
        min_peers=min_peers,
        dimensions=dims[:-1],
        overall=dims[-1],
        warnings=[small_group_warning(min_peers)] if min_peers < MIN_PEERS else [],
        item_medians=items,
        notes=notes,
        disclosure=disclosure.disclosure(
            size, min_peers, grouping, store=pf is None, answered_from=earlier
        ),
    )


def _own(
    firm: str, store: Store | None, store_path: Path | str, pf: PeerFile | None,
    assessment: Sequence[str | Path],
    respondents: Sequence[ScoredRespondent], q: Questionnaire, r: Rubric, year: int | None,
) -> tuple[pd.DataFrame, str, bool]:  # fmt: skip
    """The firm's long frame, its name, and whether its scores came from files (a probe)."""
    if assessment or respondents:
        found = list(respondents)
        if assessment:
            read = read_scored(assessment, q, r, when=When(year=year), need_identity=True)
            if read.problems:
                raise InvalidInput(read.problems)
            found += read.respondents
        mine = records_of(found, firm)
        if not mine:
            names = ", ".join(shown(p) for p in assessment) or "the respondents given"
            raise InvalidInput([f"{names}: no assessment of firm {firm!r}"])
        return records_frame(mine), mine[-1].firm, True
    if store is not None and (stored := store.find_firm(firm)[0]) is not None:
        return typed(store.firm_frame(stored)), stored, False
    if pf is not None and (mine := records_of(pf.records, firm)):
        return records_frame(mine), mine[-1].firm, False
    where = [f"the store {store_path}"] + ([pf.shown] if pf else [])
    near = store.find_firm(firm)[1] if store is not None else []
    hint = f" (did you mean {' or '.join(map(repr, near))}?)" if near else ""
    raise InvalidInput(
        [
            f"no assessment of firm {firm!r} in {' or '.join(where)}{hint}: add it with "
            "amc history add, or give its file with --assessment"
        ]
    )


def _file_cell(pf: PeerFile, year: int, filters: dict[str, str]) -> pd.DataFrame:
    """Every firm of the peer file at its latest year up to ``year``, where that year's profile
    falls in the grouping (a firm that has since left it is not in it with older scores)."""
    frame = records_frame(pf.records)
    frame = latest_year(frame[frame["year"] <= year])
    for column, value in filters.items():
        frame = frame[frame[column] == value]
    return frame


def _pooled(cell: pd.DataFrame, known: dict, r: Rubric) -> pd.DataFrame:
    return pool(attach_keys(cell, known), r)


def peer_stats(firm: str, **options: object) -> PeerStats:
    """The report's PeerStats for ``firm`` (options as for :func:`benchmark`).

    Raises TooFewPeers (an InvalidInput, with the message to show) when the group is too small.
    """
    return benchmark(firm, **options).peer_stats()  # type: ignore[arg-type]
