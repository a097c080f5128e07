"""``amc history copy``: move stored assessments from one store to another, as they are.

Rows travel whole (content hash, source, when first added, answers, item scores, dimension
scores), so a copy is recognised as the same assessment everywhere. Copying is idempotent:
an assessment whose content hash the target holds with the same scores is *already present*;
one the target holds with other scores is *conflicting* and left as the target has it. A firm
whose name the target spells otherwise ("ACME" for "Acme") is the same firm (its assessments hash
alike): they are already present, and the target's spelling is kept and said.

The benchmark audit log travels too (:func:`_copy_log`): the guard against differencing
compares a new peer group with every group answered before, so a store made by copying must
know what its source released. Each logged query keeps its time, asker and outcome; the
assessment ids of its members and the query it was answered from are those of the target.
A query the target already logs is not logged twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from amc_assess.problems import InvalidInput
from amc_assess.store.db import Store
from amc_assess.store.queries import CHUNK
from amc_assess.store.rows import ASSESSMENT_COLUMNS, COLUMNS, DIMENSION_COLUMNS, DIMENSIONS

SHOW = 10
SCORES = ("overall_score", "overall_level", "firm", "year", "rubric", "rubric_version")
FIRM = SCORES.index("firm")


@dataclass
class CopyReport:
    source: str
    target: str
    added: int = 0
    present: int = 0
    conflicts: list[str] = field(default_factory=list)
    queries: int = 0  # benchmark queries of the source's audit log newly logged in the target
    definition_conflicts: list[str] = field(default_factory=list)
    spellings: dict[str, str] = field(default_factory=dict)  # source's firm name -> target's

    def lines(self) -> list[str]:
        out = [f"Warning: {c}" for c in self.definition_conflicts]
        out += [
            f"{name!r} is {there!r} in the target: its assessments are there under that name"
            for name, there in self.spellings.items()
        ]
        out += [f"conflicting: {c}" for c in self.conflicts[:SHOW]]
        if len(self.conflicts) > SHOW:
            out.append(f"... and {len(self.conflicts) - SHOW} more conflicting")
        out.append(
            f"Copied from {self.source} to {self.target}: {self.added} added, "
            f"{self.present} already present, {len(self.conflicts)} conflicting"
            + (
                f"; {self.queries} benchmark quer{'y' if self.queries == 1 else 'ies'} added to "
                "its audit log"
                if self.queries
                else ""
            )  # fmt: skip
        )
        return out


def copy_store(source: str | Path, target: str | Path) -> CopyReport:
    """Copy every assessment of ``source`` into ``target`` (created when missing)."""
    with Store.open(source, create=False) as src:
        fetched = src.conn.execute(
            f"SELECT {ASSESSMENT_COLUMNS}, id FROM assessments ORDER BY id"
        ).fetchall()
        rows = [dict(zip(COLUMNS, r[:-1], strict=True)) for r in fetched]
        ids = [r[-1] for r in fetched]
        dims = _dimensions(src)
        definitions = src.definitions()
        log = src.conn.execute(
            f"SELECT {', '.join(LOG)} FROM benchmark_queries ORDER BY id"
        ).fetchall()
        shown_source = str(src.path)
    with Store.open(target) as dst:
        if shown_source == str(dst.path):
            raise InvalidInput([f"--to: {dst.path} is the store copied from (--from)"])
        report = dst.retried(lambda: _copy(dst, rows, ids, dims, definitions, log))
        report.source, report.target = shown_source, str(dst.path)
    return report


def _dimensions(store: Store) -> dict[Any, list[tuple[Any, ...]]]:
    out: dict[Any, list[tuple[Any, ...]]] = {}
    for row in store.conn.execute(
        f"SELECT {DIMENSION_COLUMNS} FROM dimension_scores ORDER BY assessment_id, dimension"
    ):
        out.setdefault(row[0], []).append(tuple(row[1:]))
    return out


def _copy(
    dst: Store,
    rows: Sequence[dict[str, Any]],
    ids: Sequence[Any],
    dims: dict[Any, list[tuple[Any, ...]]],
    definitions: dict[Any, dict[str, str]],
    log: Sequence[Sequence[Any]],
) -> CopyReport:
    report = CopyReport("", "")
    with dst.write() as conn:
        for versions, by_dim in definitions.items():
            report.definition_conflicts += dst._register(versions, by_dim)
        held = _held(dst, [r["content_hash"] for r in rows])
        unheld = [(r, a) for r, a in zip(rows, ids, strict=True) if r["content_hash"] not in held]
        renamed = _renamed(dst, unheld, dims)
        fresh: list[tuple[dict[str, Any], Any]] = []
        for row, aid in zip(rows, ids, strict=True):
            there = held.get(row["content_hash"])
            if there is None and row["content_hash"] in renamed:  # renamed in one store only
                report.present += 1
                report.spellings[row["firm"]] = renamed[row["content_hash"]]
            elif there is None:
                fresh.append((row, aid))
            elif _same(row, dims.get(aid, []), there):
                report.present += 1
                if there[0][FIRM] != row["firm"]:
                    report.spellings[row["firm"]] = there[0][FIRM]
            else:
                report.conflicts.append(
                    f"{row['firm']}, {row['year']}, {row['respondent'] or 'no respondent'} "
                    f"(from {row['source']}): stored in the target with other scores"
                )
        new_ids = conn.insert_new(
            "assessments", COLUMNS, [tuple(row[c] for c in COLUMNS) for row, _ in fresh],
            "content_hash",
        )  # fmt: skip
        scores = []
        for (_, old), new in zip(fresh, new_ids, strict=True):
            if new is None:  # stored by another writer meanwhile: already present
                report.present += 1
                continue
            report.added += 1
            scores += [(new, *d) for d in dims.get(old, [])]
        conn.copy_rows("dimension_scores", DIMENSIONS, scores)
        report.queries = _copy_log(dst, rows, ids, log)
    return report


IDENTITY = (
    "year",
    "respondent",
    "instrument",
    "instrument_version",
    "rubric",
    "rubric_version",
    "overall_score",
)  # with the dimension scores: one assessment


def _renamed(
    dst: Store, rows: Sequence[tuple[dict[str, Any], Any]], dims: dict[Any, list[tuple[Any, ...]]]
) -> dict[str, str]:
    """Content hash -> the target's firm name, for each of ``rows`` the target holds under
    another firm's name (the same year, respondent, versions and scores): renamed in one store
    and not the other, it was copied as a second assessment (a trial)."""
    if not rows:
        return {}
    index: dict[tuple[Any, ...], list[tuple[int, str]]] = {}
    for aid, firm, *key in dst.conn.execute(
        f"SELECT id, firm, {', '.join(IDENTITY)} FROM assessments"
    ):
        index.setdefault(tuple(key), []).append((int(aid), str(firm)))
    out: dict[str, str] = {}
    for row, aid in rows:
        for there, firm in index.get(tuple(row[c] for c in IDENTITY), []):
            theirs = dst.conn.execute(
                "SELECT dimension, score FROM dimension_scores WHERE assessment_id = ?", (there,)
            ).fetchall()
            if firm != row["firm"] and sorted(theirs) == sorted(
                (d[0], d[1]) for d in dims.get(aid, [])
            ):
                out[row["content_hash"]] = firm
                break
    return out


LOG = (
    "id", "asked_at", "who", "firm", "probe", "grouping", "year", "outcome", "size_band",
    "answered_from", "members",
)  # fmt: skip


def _copy_log(
    dst: Store, rows: Sequence[dict[str, Any]], ids: Sequence[Any], log: Sequence[Sequence[Any]]
) -> int:
    """Log the source's benchmark queries in the target (inside its write transaction), their
    members' assessment ids and ``answered_from`` turned into the target's; return how many
    were new. Run after the assessments are copied: every member is then in the target."""
    if not log:
        return 0
    held = _target_ids(dst, [r["content_hash"] for r in rows])
    aid_map = {old: held.get(r["content_hash"]) for r, old in zip(rows, ids, strict=True)}
    fields = LOG[1:]
    there: dict[tuple[Any, ...], int] = {}
    for row in dst.conn.execute(f"SELECT id, {', '.join(fields)} FROM benchmark_queries"):
        there.setdefault(tuple(row[1:]), int(row[0]))
    id_map: dict[int, int] = {}
    added = 0
    for old_id, *values in log:
        entry = dict(zip(fields, values, strict=True))
        entry["members"] = _members(entry["members"], aid_map)
        if entry["answered_from"] is not None:
            entry["answered_from"] = id_map.get(int(entry["answered_from"]))
        key = tuple(entry[f] for f in fields)
        if key in there:
            id_map[int(old_id)] = there[key]
            continue
        marks = ", ".join("?" * len(fields))
        new = dst.conn.execute(
            f"INSERT INTO benchmark_queries ({', '.join(fields)}) VALUES ({marks}) RETURNING id",
            list(key),
        ).fetchall()[0][0]
        id_map[int(old_id)] = there[key] = int(new)
        added += 1
    return added


def _members(text: str | None, aid_map: dict[Any, int | None]) -> str | None:
    """A logged group's tokens (``<firm hash>:<id>+<id>``) with the target's assessment ids."""
    if text is None:
        return None
    out = []
    for token in text.split():
        firm, aids = token.split(":", 1)
        # an assessment the source no longer holds (merged by a rename) matches none here
        mapped = sorted(_mapped(aid_map, int(a)) for a in aids.split("+"))
        out.append(f"{firm}:{'+'.join(str(a) for a in mapped)}")
    return " ".join(sorted(out))


def _mapped(aid_map: dict[Any, int | None], aid: int) -> int:
    new = aid_map.get(aid)
    return -abs(aid) if new is None else new


def _target_ids(store: Store, hashes: Sequence[str]) -> dict[str, int]:
    """The target's assessment id of each content hash it holds."""
    found: dict[str, int] = {}
    for start in range(0, len(hashes), CHUNK):
        part = list(hashes[start : start + CHUNK])
        marks = ", ".join("?" * len(part))
        for aid, digest in store.conn.execute(
            f"SELECT id, content_hash FROM assessments WHERE content_hash IN ({marks})", part
        ):
            found[digest] = int(aid)
    return found


def _held(store: Store, hashes: Sequence[str]) -> dict[str, tuple[tuple[Any, ...], list[Any]]]:
    """The target's copies of these hashes: (score columns, dimension score rows)."""
    found: dict[str, tuple[tuple[Any, ...], list[Any]]] = {}
    for start in range(0, len(hashes), CHUNK):
        part = list(hashes[start : start + CHUNK])
        marks = ", ".join("?" * len(part))
        heads = store.conn.execute(
            f"SELECT id, content_hash, {', '.join(SCORES)} FROM assessments "
            f"WHERE content_hash IN ({marks})",
            part,
        ).fetchall()
        by_id = {row[0]: row[1] for row in heads}
        dims: dict[str, list[Any]] = {h: [] for h in by_id.values()}
        if by_id:
            id_marks = ", ".join("?" * len(by_id))
            for row in store.conn.execute(
                f"SELECT {DIMENSION_COLUMNS} FROM dimension_scores WHERE assessment_id IN "
                f"({id_marks}) ORDER BY assessment_id, dimension",
                list(by_id),
            ):
                dims[by_id[row[0]]].append(tuple(row[1:]))
        for row in heads:
            found[row[1]] = (tuple(row[2:]), dims[row[1]])
    return found


def _same(
    row: dict[str, Any], dims: list[tuple[Any, ...]], there: tuple[tuple[Any, ...], list[Any]]
) -> bool:
    """The same scores (the firm's name aside: the equal content hash says it is the same firm)."""
    ours = [row[c] for c in SCORES if c != "firm"]
    theirs = [v for c, v in zip(SCORES, there[0], strict=True) if c != "firm"]
    return ours == theirs and [tuple(d) for d in dims] == there[1]
