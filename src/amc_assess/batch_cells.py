"""The bad-cell rows ``amc batch`` adds after scoring: answers the engine refused, and answers
given to questions skip logic did not ask, each located in its file, row and column."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from amc_assess.answertext import DONT_KNOW, NOT_APPLICABLE
from amc_assess.ingest import Ingested
from amc_assess.ingest.codebooks import code_texts
from amc_assess.ingest.inputs import ERROR_COLUMNS
from amc_assess.kernels import take
from amc_assess.models import Questionnaire
from amc_assess.models.conditions import clauses, condition_text
from amc_assess.scoring import Scored

NOT_ASKED = "not asked: asked only when {when}, which this row's answers do not meet, so the "
NOT_ASKED += "answer is ignored"
GATE_UNREAD = "ignored: whether it was asked depends on {gates}, whose cell in this row is bad"


def not_asked(
    ingested: Ingested, q: Questionnaire, scored: Scored, bad: Sequence[pd.DataFrame] = ()
) -> pd.DataFrame:
    """Answers given to questions that skip logic did not ask (the engine left them out: its
    masks of the rows not asked); where the condition's own item is a ``bad`` cell of the
    row, the line says so (the condition is unknown, not false)."""
    answers = ingested.answers
    gates = {
        i.id: sorted({c.item for c in clauses(i.when) if c.item})
        for i in q.items()
        if i.when is not None and i.id in answers.columns
    }  # per conditional item, the items its condition reads
    conditions = {i.id: i.when for i in q.items() if i.when is not None}
    frames = [_no_errors()]
    if not gates or not len(answers):
        return frames[0]
    unread = _unread_cells(ingested, {g for found in gates.values() for g in found}, bad)
    for item, reads in gates.items():
        cells = answers[item]
        skipped = _given(cells) & scored.skipped[item]
        unknown = np.zeros(len(answers), dtype=bool)
        for gate in reads:
            if gate in unread:
                unknown |= unread[gate]
        pos = np.flatnonzero(skipped & ~unknown)
        if len(pos):
            said = NOT_ASKED.format(when=condition_text(conditions[item]))
            frames.append(_located(ingested, pos, item, cells.iloc[pos], said))
        pos = np.flatnonzero(skipped & unknown)
        if len(pos):
            why = GATE_UNREAD.format(gates=" or ".join(g for g in reads if g in unread))
            frames.append(_located(ingested, pos, item, cells.iloc[pos], why))
    return pd.concat(frames, ignore_index=True)


def _unread_cells(
    ingested: Ingested, items: set[str], bad: Sequence[pd.DataFrame]
) -> dict[str, np.ndarray]:
    """Per item of ``items`` with a bad cell in some row: a mask of the answers' rows."""
    found = [f[f["item"].isin(items) & f["row"].notna()] for f in bad if len(f)]
    found = [f for f in found if len(f)]
    if not found:
        return {}
    cells = pd.concat(found, ignore_index=True)
    meta = ingested.meta
    rows = pd.MultiIndex.from_arrays(
        [meta["source_file"].astype(str).to_numpy(), meta["source_row"].to_numpy(np.int64)]
    )
    out: dict[str, np.ndarray] = {}
    for item, group in cells.groupby("item", sort=False):
        asked = pd.MultiIndex.from_arrays(
            [group["file"].astype(str).to_numpy(), group["row"].to_numpy(np.int64)]
        )
        where = rows.get_indexer(asked)
        mask = np.zeros(len(meta), dtype=bool)
        mask[where[where >= 0]] = True
        out[str(item)] = mask
    return out


NON_ANSWERS = (DONT_KNOW, NOT_APPLICABLE)  # no answer, whether the question was asked


def _given(cells: pd.Series) -> np.ndarray:
    """Cells holding an answer (not empty, not "don't know" or "not applicable": a sheet
    may hold either in a question it did not ask, as a survey tool fills skipped cells)."""
    if isinstance(cells.dtype, pd.CategoricalDtype):
        keep = [str(c) not in NON_ANSWERS for c in cells.cat.categories] + [False]  # -1: empty
        return take(cells.cat.codes.to_numpy(), np.array(keep, np.int8)).view(np.bool_)
    given = cells.notna().to_numpy()
    if cells.dtype == object:
        given = given & ~cells.isin(NON_ANSWERS).to_numpy()
    return given


def engine_problems(scored: Scored, ingested: Ingested) -> pd.DataFrame:
    problems = scored.problems
    frames = [_no_errors()]
    for item, group in problems.groupby("item", sort=False):
        pos = group["row"].to_numpy(dtype=np.int64)
        frames.append(
            _located(ingested, pos, str(item), group["value"], group["reason"].to_numpy())
        )
    return pd.concat(frames, ignore_index=True)


def _no_errors() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in ERROR_COLUMNS})


def _located(ingested: Ingested, pos: np.ndarray, item: str, cells: pd.Series,
             error: object) -> pd.DataFrame:  # fmt: skip
    """Error rows for answers-frame positions ``pos`` of ``item``, with the file's own text."""
    source = ingested.meta["source_file"].cat
    files = np.asarray(source.categories, dtype=object)[source.codes.to_numpy()[pos]]
    column = np.empty(len(pos), dtype=object)
    value = code_texts(cells.reset_index(drop=True))
    for name in pd.unique(files):
        here = files == name
        column[here] = ingested.columns.get(name, {}).get(item, f"answers.{item}")
        start, raws = ingested.raw.get(name, (0, {}))
        if item in raws:
            value[here] = code_texts(raws[item].iloc[pos[here] - start])
    return pd.DataFrame(
        {
            "file": files,
            "row": ingested.meta["source_row"].to_numpy()[pos],
            "column": column,
            "item": item,
            "value": value,
            "error": _read_as(error, cells, value),
        }
    )


def _read_as(error: object, cells: pd.Series, texts: np.ndarray) -> object:
    """Each refused number's message with the number it was read as, where the cell does
    not write it plainly: '1.125' read as 1125 where '.' groups thousands said only
    "expected a number from 0 to 500", which 1.125 is (a trial)."""
    numbers = pd.to_numeric(cells.reset_index(drop=True), errors="coerce").to_numpy(float)
    if np.isnan(numbers).all():
        return error
    out = np.array(np.broadcast_to(np.asarray(error, dtype=object), len(numbers)))
    for k in np.flatnonzero(~np.isnan(numbers)):
        try:
            plain = float(str(texts[k]).strip())
        except ValueError:
            plain = None
        if plain != numbers[k] and str(out[k]).startswith("expected"):  # out of range
            out[k] = f"{out[k]} (read as {numbers[k]:g})"
    return out
