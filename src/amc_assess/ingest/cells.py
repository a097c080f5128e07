"""What a sheet's cells say beyond their text, read before decoding: cells Excel shows as
percentages, and the item a column that matches none was probably meant for."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from amc_assess.ingest.profiles import Target
from amc_assess.ingest.readers import Sheet
from amc_assess.ingest.text import compact
from amc_assess.models import Questionnaire


def nearest_item(column: str, targets: Sequence[Target], q: Questionnaire) -> str:
    """`` (near: item str_decision_rights)``: the item no other column has whose id or
    question this header is spelt close to (a renamed column, a typo in a dictionary)."""
    taken = {t.name for t in targets if t.kind == "item"}
    names: dict[str, str] = {}
    for item in q.items():
        if item.id not in taken:
            names.setdefault(compact(item.id), item.id)
            names.setdefault(compact(item.text), item.id)
    wanted = compact(column)
    if not wanted:
        return ""
    within = sorted((n for n in names if len(n) > 2 and (n in wanted or wanted in n)), key=len)
    close = within[-1:] or difflib.get_close_matches(wanted, list(names), 1, 0.8)
    return f" (near: item {names[close[0]]})" if close else ""


def percent_points(
    frame: pd.DataFrame, sheet: Sheet, skip: int, targets: Sequence[Target], q: Questionnaire
) -> None:
    """Cells shown as percentages (Excel keeps 90% as 0.9) of items answered in percent
    (unit ``%``) read as the percentage shown, 90, not 0.9."""
    items = q.item_map()
    for j, rows in sheet.percent.items():
        target = targets[j] if j < len(targets) else None
        item = items.get(target.name) if target is not None and target.kind == "item" else None
        if item is None or item.type != "number" or item.unit != "%":
            continue
        at = np.array([r - skip for r in rows if r >= skip], dtype=np.intp)
        if len(at):
            column = frame[j].astype(object).to_numpy(copy=True)
            column[at] = np.round(column[at].astype(float) * 100, 10)
            frame[j] = pd.Series(column, index=frame.index).infer_objects()
