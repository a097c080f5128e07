"""``amc history copy``: move stored assessments from one store to another, as they are.

Rows travel whole (content hash, source, when first added, answers, item scores, dimension
scores), so a copy is recognised as the same assessment everywhere. Copying is idempotent:
an assessment whose content hash the target holds with the same scores is *already present*;
one the target holds with other scores is *conflicting* and left as the target has it. A firm
whose name the target spells otherwise ("ACME" for "Acme") is the same firm (its assessments hash
alike): they are already present, and the target's spelling is kept and said.
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
        shown_source = str(src.path)
    with Store.open(target) as dst:
        if shown_source == str(dst.path):
            raise InvalidInput([f"--to: {dst.path} is the store copied from (--from)"])
        report = dst.retried(lambda: _copy(dst, rows, ids, dims, definitions))
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
) -> CopyReport:
    report = CopyReport("", "")
    with dst.write() as conn:
        for versions, by_dim in definitions.items():
            report.definition_conflicts += dst._register(versions, by_dim)
        held = _held(dst, [r["content_hash"] for r in rows])
        fresh: list[tuple[dict[str, Any], Any]] = []
        for row, aid in zip(rows, ids, strict=True):
            there = held.get(row["content_hash"])
            if there is None:
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
    return report


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
