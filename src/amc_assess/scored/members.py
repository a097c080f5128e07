"""A firm's respondents: who counts toward its figures, and their rows for the aggregation.

The one partner rule (:func:`counted`, :func:`counted_rows`) is used by the firm result, by
``amc batch --group-by``, the store's pooling and ``history show``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from amc_assess.formats import plural
from amc_assess.models import Rubric
from amc_assess.models.firm import RespondentEntry
from amc_assess.scored.respondent import ScoredRespondent

if TYPE_CHECKING:
    import pandas as pd


def all_items(r: Rubric) -> list[str]:
    """Every item the rubric scores, sorted."""
    return sorted({ri.item for dim in r.dimensions.values() for ri in dim.items})


def entry(resp: ScoredRespondent) -> RespondentEntry:
    """A respondent as the firm result lists it (attributes the groups are built from)."""
    assert resp.result is not None
    who = resp.response.respondent if resp.response else None
    side, level = resp.who.get("side"), resp.who.get("level")
    return RespondentEntry(
        name=(who.name if who else None) or resp.who.get("respondent") or resp.result.respondent,
        role=who.role if who else resp.who.get("role"),
        side=who.side if who else (side if side in ("own", "partner") else None),  # type: ignore[arg-type]
        level=who.level if who else (
            level if level in ("senior", "middle", "operational") else None  # type: ignore[arg-type]
        ),
        function=who.function if who else resp.who.get("function"),
        result=resp.result,
        response=resp.response,
    )  # fmt: skip


def respondent_table(firm: str, entries: Sequence[RespondentEntry], r: Rubric) -> pd.DataFrame:
    """One row per respondent: firm, side, level, function and the engine's dimension figures."""
    import pandas as pd  # lazy: several respondents only; one respondent's result is its own

    rows = []
    for e in entries:
        row: dict[str, object] = {
            "firm": firm, "side": e.side, "level": e.level, "function": e.function,
        }  # fmt: skip
        own = {d.dimension: d for d in e.result.dimensions}
        for dim in r.dimensions:
            d = own.get(dim)
            row[f"{dim}_score"] = d.score if d else None
            row[f"{dim}_answered"] = d.answered if d else 0
            row[f"{dim}_applicable"] = d.applicable if d else 0
            row[f"{dim}_target"] = d.target if d else None
        row["overall_score"] = e.result.overall_score
        rows.append(row)
    table = pd.DataFrame(rows)
    numbers = [c for c in table.columns if c.endswith(("_score", "_target"))]
    return table.astype({c: float for c in numbers})


def item_frame(entries: Sequence[RespondentEntry], r: Rubric) -> pd.DataFrame:
    """One row per respondent, one column per rubric item: the item scores."""
    import pandas as pd  # lazy: several respondents only; one respondent's result is its own

    items = all_items(r)
    rows = [[e.result.item_scores.get(i) for i in items] for e in entries]
    return pd.DataFrame(rows, columns=items, dtype=float)


def counted(sides: Sequence[str | None], include_partner: bool = False) -> list[bool]:
    """The one rule for whose answers make a firm's scores: its own side's (respondents of
    unknown side count as own); partner-side respondents only when ``include_partner`` or when
    nobody answered for the own side."""
    own = [side != "partner" for side in sides]
    return [True] * len(own) if include_partner or not any(own) else own


def counted_rows(
    table: pd.DataFrame, by: list[str], include_partner: bool = False
) -> npt.NDArray[np.bool_]:
    """:func:`counted` for every group of ``table`` (by the ``by`` columns) at once: the rows
    whose answers make their group's figures, from a ``side`` column (none: every row)."""
    if include_partner or "side" not in table.columns or not len(table):
        return np.ones(len(table), dtype=bool)
    own: npt.NDArray[np.bool_] = (
        (table["side"].astype("string") != "partner").fillna(True).to_numpy(dtype=bool)
    )
    keys = [table[k] for k in by]
    mine = table.assign(_own=own).groupby(keys, sort=False, dropna=False)["_own"]
    any_own: npt.NDArray[np.bool_] = mine.transform("any").to_numpy(dtype=bool)
    return own | ~any_own


def copy_rows(table: pd.DataFrame, items: pd.DataFrame, by: list[str]) -> npt.NDArray[np.bool_]:
    """Rows that repeat an earlier row of their group: the same respondent with the same item
    scores (one file given with another holding the same rows). A copy is one assessment,
    counted once, as a report counts it and the store keeps it."""
    import pandas as pd  # lazy: tables only; one respondent's result needs no pandas

    none = np.zeros(len(table), dtype=bool)
    if "respondent" not in table.columns or not len(table):
        return none
    who = table["respondent"]
    given = who.notna().to_numpy(dtype=bool)
    if not given.any() or not who[given].duplicated().any():  # the usual case: one pass
        return none
    keys = table[list(dict.fromkeys([*by, "respondent"]))].reset_index(drop=True)
    scores = items.reset_index(drop=True).add_prefix("\0")  # never a key's name
    again: npt.NDArray[np.bool_] = pd.concat([keys, scores], axis=1).duplicated().to_numpy()
    out: npt.NDArray[np.bool_] = again & given
    return out


def copies_note(count: int) -> str:
    """Said when :func:`copy_rows` found copies."""
    return (
        f"{plural(count, 'row')} {'repeats' if count == 1 else 'repeat'} an earlier row's "
        "respondent and answers: counted once in the group figures, as amc report and amc "
        "history add count a copy"
    )
