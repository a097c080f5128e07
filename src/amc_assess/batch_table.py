"""The table ``amc batch`` writes: one row per response, with its source, metadata, context
answers, per dimension figures and targets, the overall figures and the fired rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from amc_assess.figures import row_targets
from amc_assess.grouping import META_ORDER
from amc_assess.models import Item, Questionnaire, Rubric, TargetsBlock
from amc_assess.models.targets import TARGET_SOURCES
from amc_assess.names import VERSION_COLUMNS
from amc_assess.scored.responses import resolve_targets
from amc_assess.scoring import Scored


def fired_rules(rules: pd.DataFrame) -> pd.Categorical:
    """Per row, the ids of the fired rules joined by ';' (one string per distinct pattern)."""
    n = len(rules)
    if rules.shape[1] == 0:
        return pd.Categorical.from_codes(np.zeros(n, np.int8), categories=[""])
    ids = list(rules.columns)
    flags = rules.to_numpy(dtype=bool)
    bits = np.zeros(n, dtype=object if len(ids) > 62 else np.int64)
    for k in range(len(ids)):
        bits = bits + flags[:, k].astype(bits.dtype) * (1 << k)
    inverse, patterns = pd.factorize(bits)
    texts = [";".join(i for k, i in enumerate(ids) if int(p) >> k & 1) for p in patterns]
    return pd.Categorical.from_codes(inverse, categories=pd.Index(texts))


@dataclass
class TargetColumns:
    """Each row's target levels (n x d, for the engine) and the table's target columns."""

    levels: np.ndarray
    columns: dict[str, object]

    @classmethod
    def of(cls, blocks: dict[int, TargetsBlock], r: Rubric, n: int) -> TargetColumns:
        """The rubric's targets, with each response file's ``targets:`` block (``blocks``:
        row -> block) laid over its row; the columns ``<dim>_target_source``,
        ``targets_source``, ``targets_agreed_on`` and ``targets_agreed_by`` (the table's
        ``<dim>_target`` are the engine's)."""
        dims = list(r.dimensions)
        if not blocks:  # the common case: the rubric's targets, no text, in a few arrays
            columns = {f"{dim}_target_source": _sources(np.zeros(n, np.int8)) for dim in dims}
            columns["targets_source"] = _sources(np.zeros(n, np.int8))  # 0: rubric default
            nothing = _sparse_text({}, n)
            return cls(row_targets(r, n), {**columns, "targets_agreed_on": nothing,
                                           "targets_agreed_by": nothing})  # fmt: skip
        levels = np.array(row_targets(r, n), dtype=np.int8)  # a writable copy
        code = {source: k for k, source in enumerate(TARGET_SOURCES)}
        sources = np.zeros((n, len(dims)), dtype=np.int8)  # 0: rubric default
        row_source = np.zeros(n, dtype=np.int8)
        agreed_on: dict[int, str] = {}
        agreed_by: dict[int, str] = {}
        for pos, block in blocks.items():
            targets, by_dim = resolve_targets(block, r)
            levels[pos] = [targets.levels[d] for d in dims]
            sources[pos] = [code[by_dim[d]] for d in dims]
            row_source[pos] = code[targets.source]
            if targets.agreed_on is not None:
                agreed_on[pos] = targets.agreed_on.isoformat()
            if targets.agreed_by is not None:
                agreed_by[pos] = targets.agreed_by
        columns = {f"{dim}_target_source": _sources(sources[:, k]) for k, dim in enumerate(dims)}
        columns["targets_source"] = _sources(row_source)
        for name, values in (("targets_agreed_on", agreed_on), ("targets_agreed_by", agreed_by)):
            columns[name] = _sparse_text(values, n)
        return cls(levels, columns)


def _sparse_text(values: dict[int, str], n: int) -> pd.api.extensions.ExtensionArray:
    """A text column empty but for ``values`` (row -> text)."""
    import pyarrow as pa  # lazy: loaded with pandas' text already

    if not values:  # the common case: Arrow's array of nulls, no buffer of n cells
        return pd.array(pa.nulls(n, pa.large_string()), dtype="string")
    cells = np.full(n, None, dtype=object)
    for row, text in values.items():
        cells[row] = text
    return pd.array(cells, dtype="string")


def _sources(codes: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(TARGET_SOURCES), validate=False)


def input_columns(
    meta: pd.DataFrame, answers: pd.DataFrame | None, questionnaire: Questionnaire,
    rubric: Rubric,
) -> dict[str, object]:  # fmt: skip
    """The scored table's first columns, known once the inputs are read: source, metadata,
    instrument and rubric versions, context answers (as :func:`build_table` has them where
    the engine refused none of their cells)."""
    out: dict[str, object] = {
        "source_file": meta["source_file"],
        "source_row": meta["source_row"],
    }
    for name in META_ORDER:
        if name in meta.columns:
            out[name] = meta[name]
    q, r = questionnaire, rubric
    for name, value in zip(VERSION_COLUMNS, (q.id, q.version, r.id, r.version), strict=True):
        out[name] = pd.Categorical.from_codes(np.zeros(len(meta), np.int8), categories=[value])
    for item, cells in _contexts(answers, questionnaire, rubric):
        kept = _context(cells, item.type == "number", [])
        out[item.id] = _whole(kept) if item.integer else kept
    return out


def _contexts(
    answers: pd.DataFrame | None, questionnaire: Questionnaire, rubric: Rubric
) -> list[tuple[Item, pd.Series]]:
    """The context items answered (items of no dimension, not text), with their cells."""
    if answers is None:
        return []
    scored_items = {ri.item for d in rubric.dimensions.values() for ri in d.items}
    return [
        (item, answers[item.id].reset_index(drop=True))
        for item in questionnaire.items()
        if item.id in answers.columns and item.id not in scored_items and item.type != "text"
    ]


SHOWN_PER_DIMENSION = ("score", "level", "status", "answered_share", "answered", "applicable",
                       "target")  # the engine's figures in the table, in its order  # fmt: skip


def build_table(
    scored: Scored,
    meta: pd.DataFrame,
    errors: pd.DataFrame,
    answers: pd.DataFrame | None = None,
    targets: TargetColumns | None = None,
    inputs: dict[str, object] | None = None,
) -> pd.DataFrame:
    """Source, metadata, instrument and rubric versions, context answers, per dimension
    score/level/status/answered share/answered/applicable/target and its source, overall,
    where the targets come from, rules. Context answers (firm profile, portfolio) let peer
    groups be formed later. ``inputs``: :func:`input_columns`, if made already."""
    if targets is None:
        targets = TargetColumns.of({}, scored.rubric, scored.n)
    q, r = scored.questionnaire, scored.rubric
    shown = [f"{dim}_{metric}" for dim in r.dimensions for metric in SHOWN_PER_DIMENSION]
    shown += [f"overall_{m}" for m in ("score", "level", "status", "percent_to_target")]
    dims = scored.frame(shown).reset_index(drop=True)  # not the gaps: none is in the table
    out = dict(inputs if inputs is not None else input_columns(meta, answers, q, r))
    refused: dict[str, list[int]] = {}
    for bad in scored.invalid:
        refused.setdefault(bad.item, []).append(bad.row)
    for item, cells in _contexts(answers, q, r):
        if item.id in refused:  # blank where the engine refused the cell
            kept = _context(cells, item.type == "number", refused[item.id])
            out[item.id] = _whole(kept) if item.integer else kept
    for dim in r.dimensions:
        for metric in SHOWN_PER_DIMENSION:  # the target: the engine's (targets.levels)
            out[f"{dim}_{metric}"] = dims[f"{dim}_{metric}"]
        out[f"{dim}_target_source"] = targets.columns[f"{dim}_target_source"]
    out["overall_score"] = dims["overall_score"]
    out["overall_level"] = dims["overall_level"]
    out["overall_status"] = dims["overall_status"]
    out["percent_to_target"] = dims["overall_percent_to_target"]
    for name in ("targets_source", "targets_agreed_on", "targets_agreed_by"):
        out[name] = targets.columns[name]
    out["rules"] = fired_rules(scored.rules)
    out["errors"] = _errors_per_row(meta, errors)
    return pd.DataFrame(out, copy=False)  # copy-on-write: no block copy of the columns


def _context(cells: pd.Series, number: bool, refused: list[int]) -> pd.Series:
    """A context answer as the table keeps it: blank where the engine refused the cell (the
    row was scored without it), and a number item's column numbers only (a non-answer blank,
    as a don't-know is), so every column has one type (Parquet needs it)."""
    if number and cells.dtype.kind != "f":
        cells = pd.to_numeric(pd.Series(cells.to_numpy(object)), errors="coerce")
    if refused:
        blank = np.zeros(len(cells), bool)
        blank[refused] = True
        cells = cells.mask(blank)
    return cells


def _whole(cells: pd.Series) -> pd.Series:
    """An integer item's column as whole numbers (nullable), not floats: 12 stays 12 in
    Parquet and spreadsheets; left as is if a cell is not whole (never, once validated)."""
    values = cells.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(values)
    known = values[~missing]
    if not np.array_equal(known, np.floor(known)) or np.abs(known).max(initial=0) >= 2.0**53:
        return cells
    whole = np.where(missing, 0.0, values).astype(np.int64)  # exact: whole, below 2**53
    return pd.Series(pd.arrays.IntegerArray(whole, missing), index=cells.index)


def _errors_per_row(meta: pd.DataFrame, errors: pd.DataFrame) -> np.ndarray:
    """How many problems each row has (matched on file and row number, as integers)."""
    counts = np.zeros(len(meta), dtype=np.int32)
    if not len(errors) or not len(meta):
        return counts
    files = meta["source_file"].cat
    span = int(meta["source_row"].max(skipna=True) if meta["source_row"].notna().any() else 0) + 1
    row_keys = files.codes.to_numpy(np.int64) * span + meta["source_row"].fillna(0).to_numpy(
        np.int64
    )
    err_files = pd.Categorical(errors["file"], categories=files.categories).codes.astype(np.int64)
    err_rows = errors["row"].fillna(0).to_numpy(np.int64)
    err_keys = np.where(err_files >= 0, err_files * span + err_rows, -1)
    tally = pd.Series(err_keys).value_counts()
    return pd.Series(row_keys).map(tally).fillna(0).to_numpy(dtype=np.int32)
