"""A scored peer file for benchmarks, read into records; ``synthetic`` names the bundled set."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import pandas as pd

from amc_assess.disclosure import QUANTILE_MIN, coarse, size_band
from amc_assess.models import Questionnaire, Rubric
from amc_assess.names import VERSION_COLUMNS, shown
from amc_assess.problems import InvalidInput
from amc_assess.resources import data_dir
from amc_assess.scored.read import TABLE_SUFFIXES, read_scored, read_table
from amc_assess.scored.respondent import ScoredRespondent, When
from amc_assess.store.db import Store

SYNTHETIC = "synthetic"
SYNTHETIC_FILE = ("synthetic_peers", "peers_synthetic.parquet")


def synthetic_path() -> Path:
    return data_dir("examples").joinpath(*SYNTHETIC_FILE)


def peer_file_path(peer_file: str | Path) -> Path:
    """``synthetic`` names the bundled synthetic peer set; anything else is a path."""
    return synthetic_path() if str(peer_file) == SYNTHETIC else Path(peer_file)


@dataclass
class PeerFile:
    """A peer file read into records (names stay inside; they never reach the output)."""

    records: list[ScoredRespondent]
    shown: str  # how messages name it
    label: str  # how the peer-group definition names it (no local paths)
    synthetic: bool


def read_peer_file(
    peer_file: str | Path, q: Questionnaire, r: Rubric, year: int | None
) -> PeerFile:
    path = peer_file_path(peer_file)
    keyword = str(peer_file) == SYNTHETIC
    name = "the bundled synthetic peer set" if keyword else shown(path)
    if not path.is_file():
        raise InvalidInput([f"{shown(path)}: file not found"])
    read = read_scored([path], q, r, when=When(year=year), need_identity=True)
    if read.problems:
        shown_as = shown(path)
        raise InvalidInput(
            [replace(p, file=name) if p.file == shown_as else p for p in read.problems]
        )
    table = read_table(path) if path.suffix.lower() in TABLE_SUFFIXES else None
    synthetic = keyword or _is_synthetic(table, path)
    return PeerFile(read.respondents, name, name if keyword else path.name, synthetic)


def _is_synthetic(table: pd.DataFrame | None, path: Path) -> bool:
    if table is not None and "synthetic" in table.columns:
        flags = table["synthetic"]
        if len(flags) and bool(flags.fillna(False).astype(bool).all()):
            return True
    return SYNTHETIC in path.name.lower()


def item_medians(
    frame: pd.DataFrame, store: Store, versions: tuple[str, str, str, str]
) -> dict[str, float]:
    """Per practice, the median over peer firms of each firm's mean practice score, for the
    group's firms scored with these versions, rounded to 0.1; a practice with fewer than 10
    peers beside any one firm (11 firms) is left out (disclosure control: no single firm's
    answer can be read off)."""
    if frame.empty or "aid" not in frame.columns:
        return {}
    heads = frame.drop_duplicates("aid")
    same = heads[
        [tuple(row) == versions for row in heads[list(VERSION_COLUMNS)].itertuples(index=False)]
    ]
    scores = store.item_scores_of(same["aid"].tolist())
    if not scores:
        return {}
    firm_of = dict(zip(same["aid"], same["firm_key"], strict=True))
    long = pd.DataFrame(
        [(firm_of[aid], item, v) for aid, items in scores.items() for item, v in items.items()
         if v is not None],
        columns=["firm_key", "item", "score"],
    )  # fmt: skip
    if long.empty:
        return {}
    per_firm = long.groupby(["item", "firm_key"])["score"].mean().groupby("item")
    stats = per_firm.agg(["median", "count"])
    kept = stats[stats["count"] - 1 >= QUANTILE_MIN]
    return {str(item): coarse(float(v)) for item, v in kept["median"].items()}


def grouping_text(filters: dict[str, str]) -> str:
    """How the audit log names a peer group: ``industry=ict; region=europe``."""
    return "; ".join(f"{k}={v}" for k, v in filters.items()) or "all firms"


def filters_of(text: str) -> dict[str, str]:
    """The filters a logged grouping names (:func:`grouping_text` read back)."""
    if text in ("", "all firms"):
        return {}
    return dict(part.split("=", 1) for part in text.split("; "))


def filters_text(filters: dict[str, str], q: Questionnaire) -> str:
    items = q.item_map()
    parts = []
    for column, code in filters.items():
        item = items.get(f"ctx_{column}")
        labels = {o.code: o.label for o in (item.options or [])} if item else {}
        parts.append(f"{column.replace('_', ' ')}: {labels.get(code, code)}")
    return "; ".join(parts)


def describe_group(size: int, label: str, synthetic: bool, filters: dict[str, str],
              q: Questionnaire, year: int, member: bool, given: bool = False,
              earlier: bool = False) -> str:  # fmt: skip
    """The peer group in words (for the report: no local paths; the size as a band), and
    whether the benchmarked firm is one of its firms (``member``: its scores count; those
    stored, not an assessment ``given`` to set beside them; ``earlier``: those of the
    assessment it had when the group was first answered, not its current ones)."""
    text = f"{size_band(size)} firms from {label}"
    if synthetic:
        text += " (SYNTHETIC data: invented firms, for demonstration only)"
    text += f", {filters_text(filters, q)}" if filters else ", all industries and sizes"
    text += f"; each firm's latest assessment up to {year}, its respondents averaged. "
    if member and given:
        return text + (
            "The benchmarked firm is one of them: its stored assessment counts in the figures; "
            "the assessment given here is set beside them, not added to them."
        )
    if member and earlier:
        return text + (
            "The benchmarked firm is one of them with the assessment it had when this group was "
            "first answered: those scores count in the figures; its current ones are set beside "
            "them, not added to them."
        )
    return text + (
        "The benchmarked firm is one of them: its own scores count in the figures."
        if member
        else "The benchmarked firm is not one of them: its own scores are not in the figures."
    )


def firm_counted(
    mine: pd.DataFrame, group: pd.DataFrame, key: str
) -> Literal["current", "other"] | None:
    """Whether the firm's own scores (``mine``: its pooled rows) are in the ``group``'s
    figures: these (``current``), another assessment of it (``other``: a group answered
    before holds the one stored then, or one given differs from the one stored), or none."""
    rows = group[group["firm_key"] == key]
    if rows.empty:
        return None
    ours = mine.set_index("dimension")["score"].astype(float)
    theirs = rows.set_index("dimension")["score"].astype(float).reindex(ours.index)
    same = bool(((ours == theirs) | (ours.isna() & theirs.isna())).all())
    return "current" if same else "other"
