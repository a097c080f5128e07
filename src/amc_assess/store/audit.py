"""The store's audit log of peer benchmarks, and its rule against differencing.

Every benchmark whose peers come from the store is one row of ``benchmark_queries`` (schema
version 5): when, who (``$AMC_USER``, else the operating-system user), which firm, whether the
firm's scores came from files rather than the store (a *probe*: ``--assessment``, or a report),
the peer grouping and year, what was answered, the group's size band, and, for a group answered
afresh, its members: one token per firm, a short hash of its name and the ids of the
assessments that make its scores.

Differencing: two answers for groups one firm apart give that firm away. So a group that
differs from a group answered before by fewer than ``DIFFERENCE_K`` firms (a firm in one and not
the other, or assessed again since, counts once) is answered from that earlier group (the
largest such), recomputed from its recorded assessments; only a group equal to an earlier one,
or at least ``DIFFERENCE_K`` firms away from every earlier one, is answered as asked. When the
earlier group has fewer peers than the minimum now asked for (it was answered with
``--allow-small-group``), the query is refused: answered afresh it would give away the firms
it adds. Refused queries are logged too, but release nothing.

Written to port: plain SQL with ``?`` placeholders through ``store.conn.execute``, every write
inside ``with store.write():``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from amc_assess import jsontext
from amc_assess.definitions import OVERALL
from amc_assess.disclosure import DIFFERENCE_K, size_band
from amc_assess.store.db import Store
from amc_assess.store.queries import CHUNK

USER_ENV = "AMC_USER"
ANSWERED = "answered"
FROM_EARLIER = "answered from an earlier group"
REFUSED = "refused: too few peer firms"
REFUSED_NEAR = "refused: close to an earlier, smaller group"
REFUSED_CHANGED = "refused: close to an earlier group changed since"
COLUMNS = (
    "id", "asked_at", "who", "firm", "probe", "grouping", "year", "outcome", "size_band",
    "answered_from",
)  # fmt: skip


def who() -> str:
    """Who is asking: ``$AMC_USER``, else the operating-system user."""
    named = os.environ.get(USER_ENV, "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        return "unknown"


def firm_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def tokens(frame: pd.DataFrame) -> list[str]:
    """One token per firm of a long frame: ``<firm hash>:<assessment ids joined by +>``."""
    if frame.empty:
        return []
    aids = frame.drop_duplicates("aid").groupby("firm_key")["aid"]
    return sorted(_token(str(key), [int(a) for a in ids]) for key, ids in aids)


def _token(key: str, aids: list[int]) -> str:
    """A firm's token: ``<firm hash>:<its assessment ids, ascending, joined by +>``."""
    return f"{firm_hash(key)}:{'+'.join(str(a) for a in sorted(aids))}"


def difference(one: set[str], other: set[str]) -> int:
    """Firms in one group and not the other, plus firms in both assessed differently."""
    a = dict(t.split(":", 1) for t in one)
    b = dict(t.split(":", 1) for t in other)
    return len(a.keys() ^ b.keys()) + sum(a[k] != b[k] for k in a.keys() & b.keys())


@dataclass(frozen=True)
class Query:
    who: str
    firm: str
    probe: bool
    grouping: str
    year: int


@dataclass(frozen=True)
class Decision:
    """What a query is answered from: its own group, or an earlier one (``members``)."""

    outcome: str
    members: list[int] | None = None  # assessment ids of the earlier group answered from
    answered_from: int | None = None
    earlier_at: str | None = None
    peers: int = 0
    grouping: str | None = None  # the earlier group's grouping, as logged (``region=europe``)
    year: int | None = None  # the earlier group's year: its firms' latest assessments up to it

    @property
    def earlier(self) -> str:
        """The earlier query as ``amc history audit`` lists it: its number and time."""
        at = (self.earlier_at or "").replace("T", " ")[:16]  # logged as ISO 8601 in UTC
        return f"query {self.answered_from} in the store's audit log, asked {at} UTC"


def record(store: Store, query: Query, group: list[str], min_peers: int) -> Decision:
    """Choose the group that answers ``query``, log the query, and say what was chosen.

    ``group``: the tokens of the peer group asked for (the firm itself included when stored).
    A group of n firms has n - 1 peers whoever asks, so the answer never depends on the asker."""
    mine = set(group)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.write():
        rows = store.conn.execute(
            "SELECT id, asked_at, members, grouping, year FROM benchmark_queries "
            "WHERE members IS NOT NULL ORDER BY id"
        ).fetchall()
        same, near = None, []
        for rid, asked_at, text, grouping, year in rows:
            theirs = set(text.split())
            apart = difference(mine, theirs)
            if apart == 0:
                same = (rid, asked_at)
            elif apart < DIFFERENCE_K:
                near.append((len(theirs), rid, asked_at, theirs, (grouping, year)))
        asked = len(mine) - 1  # the peers any one member has
        chosen, members, source, earlier_at, earlier = mine, None, None, None, (None, None)
        if asked < min_peers:  # too few as asked: refused, as a store without a log refuses
            near, same = [], None
        if same is not None:  # the very group answered before: nothing new is released
            source, earlier_at = same
        elif near:
            _, source, earlier_at, chosen, earlier = max(near, key=lambda x: x[:2])
            members = sorted(int(a) for t in chosen for a in t.split(":", 1)[1].split("+"))
        peers = len(chosen) - 1
        if members is not None and _now(store, members) != chosen:
            # an assessment of the earlier group was since corrected, removed or moved to
            # another firm: its figures cannot be given again as they were, and figures from
            # today's data would differ from them by that one firm's (a trial read a peer's
            # levels off the difference after history add --replace)
            outcome, stored = REFUSED_CHANGED, None
        elif peers < min_peers and members is not None:  # too close to a smaller group
            # the group asked for may be large enough, but answering it afresh would give
            # away the firms it adds to the earlier one, whose figures are below the minimum
            outcome, stored = REFUSED_NEAR, None
        elif peers < min_peers:
            outcome, stored, source = REFUSED, None, None
        else:
            outcome = ANSWERED if members is None else FROM_EARLIER
            stored = " ".join(sorted(mine)) if source is None else None
        refused = outcome in (REFUSED, REFUSED_NEAR, REFUSED_CHANGED)
        band = f"fewer than {min_peers}" if refused else size_band(len(chosen))  # as said
        store.conn.execute(
            "INSERT INTO benchmark_queries (asked_at, who, firm, probe, grouping, year, outcome, "
            "size_band, answered_from, members) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (now, query.who, query.firm, int(query.probe), query.grouping, query.year, outcome,
             band, source, stored),
        )  # fmt: skip
    grouping, year = (None, None) if refused else earlier
    return Decision(
        outcome, None if refused else members, source, earlier_at, peers, grouping,
        None if year is None else int(year),
    )  # fmt: skip


def _now(store: Store, aids: list[int]) -> set[str]:
    """The tokens these assessments make today: another set than those logged once one of
    them is gone (replaced by a corrected copy) or stored under another firm (renamed)."""
    found: list[tuple[int, str]] = []
    for start in range(0, len(aids), CHUNK):
        part = aids[start : start + CHUNK]
        marks = ", ".join("?" * len(part))
        found += store.conn.execute(
            f"SELECT id, firm_key FROM assessments WHERE id IN ({marks})", part
        ).fetchall()
    by_firm: dict[str, list[int]] = {}
    for aid, key in found:
        by_firm.setdefault(str(key), []).append(int(aid))
    return {_token(key, ids) for key, ids in by_firm.items()}


def changed_group(decision: Decision) -> str:
    """Why a query close to an earlier group that has changed since gets no figures."""
    return (
        f"This peer group differs by fewer than {DIFFERENCE_K} firms from one answered before "
        f"({decision.earlier}), and an assessment of that group has since been corrected, "
        "removed or stored under another firm's name: its figures cannot be given again as "
        "they were, and figures from today's data would reveal that one firm's change. "
        f"Ask again once the group differs by {DIFFERENCE_K} firms or more (more assessments, "
        "or another --peers grouping)."
    )


def _outcome(outcome: str, source: int | None) -> str:
    """An outcome as the audit table says it: "answered" of the very group an earlier query
    was answered with reads "answered: the group of query 1", not "answered (query 1)" beside
    "answered from an earlier group (query 1)" (a trial read the two as one)."""
    if source is None:
        return outcome
    if outcome == ANSWERED:
        return f"answered: the group of query {source}"
    return f"{outcome} (query {source})"


def near_small_group(decision: Decision, min_peers: int) -> str:
    """Why a query close to an earlier, smaller group gets no figures."""
    return (
        f"This peer group differs by fewer than {DIFFERENCE_K} firms from one answered before "
        f"({decision.earlier}), which had fewer than "
        f"{min_peers} peer firms: answered afresh, comparing the two would reveal the firms "
        "added since, so no figures are given. A group at least "
        f"{DIFFERENCE_K} firms away from it is answered (add assessments, or choose another "
        "--peers grouping)."
    )


def members_frame(store: Store, aids: list[int]) -> pd.DataFrame:
    """The long frame (scores, no profile) of these assessments: an earlier group's members."""
    head = (
        "a.id AS aid, a.firm_key, a.year, a.date, a.instrument, a.instrument_version, "
        "a.rubric, a.rubric_version, a.side"
    )
    parts = []
    for start in range(0, len(aids), CHUNK):
        part = aids[start : start + CHUNK]
        marks = ", ".join("?" * len(part))
        sql = (
            f"SELECT {head}, d.dimension, d.score, NULL AS percent_to_target "
            "FROM assessments a JOIN dimension_scores d ON d.assessment_id = a.id "
            f"WHERE a.id IN ({marks}) "
            f"UNION ALL SELECT {head}, '{OVERALL}' AS dimension, a.overall_score AS score, "
            f"a.percent_to_target FROM assessments a WHERE a.id IN ({marks})"
        )
        cursor = store.conn.execute(sql, [*part, *part])
        names = [d[0] for d in cursor.description]
        parts.append(pd.DataFrame.from_records(cursor.fetchall(), columns=names))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def entries(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """The audit log, newest first (members left out)."""
    sql = f"SELECT {', '.join(COLUMNS)} FROM benchmark_queries ORDER BY id DESC"
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = store.conn.execute(sql, params).fetchall()
    return [{**dict(zip(COLUMNS, row, strict=True)), "probe": bool(row[4])} for row in rows]


def audit_log(db: str | None, limit: int | None, fmt: str) -> str:
    """``amc history audit``: the log as a table or JSON."""
    with Store.open(db, create=False) as store:
        rows = entries(store, limit)
    if fmt != "table":
        return jsontext.dumps(rows, indent=2, ensure_ascii=False)
    if not rows:
        return "No benchmark queries logged yet."
    head = ("id", "asked at (UTC)", "who", "firm", "probe", "group", "year", "outcome", "size")
    table = [
        (str(r["id"]), r["asked_at"], r["who"], r["firm"], "yes" if r["probe"] else "no",
         r["grouping"], str(r["year"]),
         _outcome(r["outcome"], r["answered_from"]),
         r["size_band"] or "")
        for r in rows
    ]  # fmt: skip
    widths = [max(len(x[k]) for x in [head, *table]) for k in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(x, widths, strict=True)).rstrip()
                     for x in [head, *table])  # fmt: skip
