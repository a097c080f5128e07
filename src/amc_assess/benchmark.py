"""Peer benchmarks: where a firm stands among comparable firms, without exposing any of them.

* **Peer group**: every other firm once (the firm itself is never its own peer), at its latest
  assessment year not after the benchmarked year, its score per dimension the mean over that
  year's respondents. ``--peers`` filters on the profile (industry, revenue band, employees,
  region; a key without a value means "the same as the firm"). Peers come from the store or
  from a scored table (``--peer-file``; ``synthetic`` names the bundled synthetic set).
* **Percentile rank** (mid-rank): ``100 x (peers below + half the peers tied) / peers``: above
  every peer 100, below every peer 0, tied with every peer 50. Scores within 1e-9 are tied.
* **Quartiles**: linear interpolation between order statistics (Hyndman & Fan type 7, numpy's
  default) over the peers with a comparable score.
* **Comparable**: a peer's dimension score counts only when made with the same definition as
  the firm's (:mod:`amc_assess.definitions`); a note says how many were left out.
* **Anonymity**: with fewer than ``min_peers`` peer firms (default 5) no statistic is shown,
  and a dimension with fewer than ``min_peers`` comparable scores is withheld. The minimum may
  be raised freely; lowering it (to 3 at the least) needs ``allow_small_group`` and puts a
  warning on the output. No output names a peer or shows a single peer's score: the peer
  frames never even carry names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field

from amc_assess.benchmark_peers import item_medians, read_peer_file
from amc_assess.definitions import OVERALL, known_definitions, versions_of
from amc_assess.models import Questionnaire
from amc_assess.models.base import Model
from amc_assess.models.comparison import PeerStats, Quartiles
from amc_assess.names import firm_key, pick_firm, shown
from amc_assess.problems import InvalidInput
from amc_assess.scored.firm import targets_of
from amc_assess.scored.read import read_scored
from amc_assess.scored.respondent import ScoredRespondent, When
from amc_assess.store.db import Store, locate
from amc_assess.store.frames import attach_keys, latest_year, pool, records_frame, typed
from amc_assess.validation import instrument

MIN_PEERS = 5
FLOOR = 3
TIE = 1e-9
FILTER_KEYS = {
    "industry": "industry", "revenue": "revenue_band", "revenue_band": "revenue_band",
    "employees": "employees", "region": "region",
}  # fmt: skip


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
        "With so few peers, a reader who knows who they are may work out a single firm's "
        "scores: keep this output within the engagement."
    )


def percentile_rank(score: float, peers: Sequence[float] | np.ndarray) -> float:
    """Mid-rank percentile of ``score`` among ``peers``: 100 x (below + ties / 2) / n."""
    values = np.asarray(peers, dtype=float)
    if not len(values):
        raise ValueError("no peer scores")
    below = int((values < score - TIE).sum())
    ties = int((np.abs(values - score) <= TIE).sum())
    return 100.0 * (below + ties / 2) / len(values)


def quartiles(values: Sequence[float] | np.ndarray) -> tuple[float, float, float]:
    """Q1, median, Q3 by linear interpolation (numpy's default)."""
    q1, med, q3 = np.quantile(np.asarray(values, dtype=float), [0.25, 0.5, 0.75])
    return float(q1), float(med), float(q3)


class Standing(Model):
    """The firm's score on one dimension (or overall) against its peers."""

    dimension: str
    title: str
    score: float | None
    percentile: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    n: int = Field(default=0, description="peers with a comparable score")
    note: str | None = Field(default=None, description="why no statistic is shown")


class Benchmark(Model):
    """Everything ``amc benchmark`` prints; it never names or shows a single peer."""

    firm: str
    year: int
    as_of: dt.date | None
    definition: str
    filters: dict[str, str]
    source: str = Field(description="where the peers were read: the store's or the file's path")
    synthetic: bool
    size: int = Field(description="peer firms")
    min_peers: int
    dimensions: list[Standing]
    overall: Standing
    warnings: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    item_medians: dict[str, float] = Field(
        default_factory=dict, description="practice id -> peer firms' median practice score"
    )

    def peer_stats(self) -> PeerStats:
        """The report's PeerStats (shown dimensions only; warnings folded into the definition)."""

        def quart(s: Standing) -> Quartiles | None:
            if s.q1 is None or s.median is None or s.q3 is None:
                return None
            return Quartiles(percentile=s.percentile, q1=s.q1, median=s.median, q3=s.q3, n=s.n)

        dims = {s.dimension: q for s in self.dimensions if (q := quart(s)) is not None}
        definition = self.definition
        if self.min_peers < MIN_PEERS:
            definition += f" Small peer group allowed (minimum {self.min_peers} firms)."
        return PeerStats(
            definition=definition,
            filters=self.filters,
            size=self.size,
            as_of=self.as_of,
            dimensions=dims,
            overall=quart(self.overall),
            items=self.item_medians,
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
                f"--peers: unknown key {key!r}; use {', '.join(sorted(set(FILTER_KEYS)))}"
            )
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
    peer_file: str | Path | None = None,
    assessment: Sequence[str | Path] = (),
    respondents: Sequence[ScoredRespondent] = (),
    year: int | None = None,
    peers: str | None = None,
    min_peers: int = MIN_PEERS,
    allow_small_group: bool = False,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
) -> Benchmark:
    """Percentile and peer quartiles of one firm, per dimension and overall.

    The firm's own scores come from ``respondents`` (already scored, e.g. with a relationship
    audit) and ``assessment`` files when given, else from the store, else from ``peer_file``.
    Peers come from ``peer_file`` when given, else from the store.
    Raises TooFewPeers when the group is below ``min_peers``.
    """
    problem = min_peers_problem(min_peers, allow_small_group)
    if problem:
        raise InvalidInput([f"--min-peers: {problem}"])
    q, r = instrument(questionnaire, rubric)
    filters = parse_peers(peers, q)
    key = firm_key(firm)
    store_path = locate(db).shown
    store = Store.open_existing(db)
    items: dict[str, float] = {}
    try:
        known = {**(store.definitions() if store else {}), **known_definitions(q, r)}
        pf = read_peer_file(peer_file, q, r, year) if peer_file is not None else None
        # the firm's own scores: its files, else the store, else the peer file
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
            own, name = records_frame(mine), mine[-1].firm
        elif store is not None and (stored := store.find_firm(firm)[0]) is not None:
            own, name = typed(store.firm_frame(stored)), stored
        elif pf is not None and (mine := records_of(pf.records, firm)):
            own, name = records_frame(mine), mine[-1].firm
        else:
            where = [f"the store {store_path}"] + ([pf.shown] if pf else [])
            near = store.find_firm(firm)[1] if store is not None else []
            hint = f" (did you mean {' or '.join(map(repr, near))}?)" if near else ""
            raise InvalidInput(
                [
                    f"no assessment of firm {firm!r} in {' or '.join(where)}{hint}: add it with "
                    "amc history add, or give its file with --assessment"
                ]
            )
        key = firm_key(name)  # the firm as stored: its own rows never count as a peer's
        own_pooled = pool(attach_keys(own, known), r.thresholds(), targets_of(r))
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
        # the peers: other firms only, and their frames carry no names
        if pf is not None:
            frame = records_frame([rec for rec in pf.records if rec.firm_key != key])
            frame = frame[frame["year"] <= chosen]
            for column, value in resolved.items():
                frame = frame[frame[column] == value]
            frame = latest_year(frame)
            source, label, synthetic = pf.shown, pf.label, pf.synthetic
        elif store is not None:
            frame = typed(store.peer_frame(name, chosen, resolved))
            source, label, synthetic = f"the store {store.path}", "the assessment store", False
            items = item_medians(frame, store, versions_of(q, r), min_peers)
        else:
            raise InvalidInput(
                [f"no peers: there is no store at {store_path}; give --peer-file FILE or --db"]
            )
    finally:
        if store is not None:
            store.close()
    peer_pooled = pool(attach_keys(frame, known), r.thresholds(), targets_of(r))
    size = int(peer_pooled["firm_key"].nunique())
    if size < min_peers:
        which = _filters_text(resolved, q) + (", " if resolved else "")
        raise TooFewPeers(
            [
                f"Only {size} peer firm{'' if size == 1 else 's'} match ({which}"
                f"assessed up to {chosen}); peer statistics need at "
                f"least {min_peers}, so that no single firm's scores can be inferred. Widen the "
                "peer group (drop a --peers filter) or add more assessments."
            ]
        )
    order = [d for d in r.dimensions if d in set(mine_now["dimension"])]
    order += [d for d in mine_now["dimension"] if d not in order and d != OVERALL]
    standings, notes = [], []
    for dim in [*order, OVERALL]:
        title = "Overall AMC index" if dim == OVERALL else (
            r.dimensions[dim].title if dim in r.dimensions else dim
        )  # fmt: skip
        standing, note = _standing(dim, title, mine_now, peer_pooled, min_peers)
        standings.append(standing)
        if note:
            notes.append(note)
    as_of = mine_now["date"].dropna()
    return Benchmark(
        firm=name,
        year=chosen,
        as_of=dt.date.fromisoformat(str(as_of.iloc[0])) if len(as_of) else None,
        definition=_describe(size, label, synthetic, resolved, q, chosen),
        filters=resolved,
        source=source,
        synthetic=synthetic,
        size=size,
        min_peers=min_peers,
        dimensions=standings[:-1],
        overall=standings[-1],
        warnings=[small_group_warning(min_peers)] if min_peers < MIN_PEERS else [],
        item_medians=items,
        notes=notes,
    )


def peer_stats(firm: str, **options: object) -> PeerStats:
    """The report's PeerStats for ``firm`` (options as for :func:`benchmark`).

    Raises TooFewPeers (an InvalidInput, with the message to show) when the group is too small.
    """
    return benchmark(firm, **options).peer_stats()  # type: ignore[arg-type]


def _filters_text(filters: dict[str, str], q: Questionnaire) -> str:
    items = q.item_map()
    parts = []
    for column, code in filters.items():
        item = items.get(f"ctx_{column}")
        labels = {o.code: o.label for o in (item.options or [])} if item else {}
        parts.append(f"{column.replace('_', ' ')}: {labels.get(code, code)}")
    return "; ".join(parts)


def _describe(size: int, label: str, synthetic: bool, filters: dict[str, str],
              q: Questionnaire, year: int) -> str:  # fmt: skip
    """The peer group in words (for the report: no local paths)."""
    text = f"{size} firm{'' if size == 1 else 's'} from {label}"
    if synthetic:
        text += " (SYNTHETIC data: invented firms, for demonstration only)"
    text += f", {_filters_text(filters, q)}" if filters else ", all industries and sizes"
    text += f"; each firm's latest assessment up to {year}, its respondents averaged."
    return text


def _standing(dim: str, title: str, mine: pd.DataFrame, peers: pd.DataFrame,
              min_peers: int) -> tuple[Standing, str | None]:  # fmt: skip
    row = mine[mine["dimension"] == dim]
    score = float(row["score"].iloc[0]) if len(row) and pd.notna(row["score"].iloc[0]) else None
    if score is None:
        return Standing(dimension=dim, title=title, score=None,
                        note="the firm has insufficient data here"), None  # fmt: skip
    key = row["def_key"].iloc[0]
    here = peers[(peers["dimension"] == dim) & peers["score"].notna()]
    same = here[here["def_key"] == key]["score"].to_numpy(dtype=float)
    other = int((here["def_key"] != key).sum())
    note = None
    if other:
        note = (
            f"{title}: {other} peer firm{'' if other == 1 else 's'} scored with another "
            "instrument or rubric version that defines it differently are left out."
        )
    n = len(same)
    if n < min_peers:
        withheld = f"withheld: fewer than {min_peers} peers with a comparable score"
        return Standing(dimension=dim, title=title, score=score, n=n, note=withheld), note
    q1, med, q3 = quartiles(same)
    return (
        Standing(
            dimension=dim,
            title=title,
            score=score,
            percentile=percentile_rank(score, same),
            q1=q1,
            median=med,
            q3=q3,
            n=n,
        ),
        note,
    )
