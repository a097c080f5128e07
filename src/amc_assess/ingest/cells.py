"""What a sheet's cells say beyond their text: cells Excel shows as percentages, the item a
column that matches none was probably meant for, rows with no cell, and bad cells as error
rows."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from amc_assess.answertext import compact
from amc_assess.ingest.codebooks import code_texts
from amc_assess.ingest.profiles import Target
from amc_assess.ingest.readers import Sheet
from amc_assess.models import Questionnaire
from amc_assess.numtext import in_percent

ERROR_COLUMNS = ["file", "row", "column", "item", "value", "error"]


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
    within = sorted((n for n in names if len(n) > 2 and (n in wanted or _part(wanted, n))),
                    key=len)  # fmt: skip
    close = within[-1:] or difflib.get_close_matches(wanted, list(names), 1, 0.8)
    return f" (near: item {names[close[0]]})" if close else ""


def _part(header: str, name: str) -> bool:
    """Whether a (compacted) header is a part of an item's id or question long enough to
    name it: a question cut short in an export's header, not three letters that happen to
    run across two of its words ("sex" in "...project leads, executive sponsors...")."""
    return header in name and (len(header) >= 12 or 2 * len(header) >= len(name))


def percent_points(
    frame: pd.DataFrame, sheet: Sheet, skip: int, targets: Sequence[Target], q: Questionnaire
) -> None:
    """Cells shown as percentages (Excel keeps 90% as 0.9): on a number item answered in
    percent (``%``, ``% of revenue``) the percentage shown, 90, not 0.9; on any other item the
    text shown, ``90%``, which the decoder refuses as it refuses that cell in a CSV file (a
    count of alliances shown as 100% is not 1 alliance)."""
    items = q.item_map()
    for j, rows in sheet.percent.items():
        target = targets[j] if j < len(targets) else None
        item = items.get(target.name) if target is not None and target.kind == "item" else None
        at = np.array([r - skip for r in rows if r >= skip], dtype=np.intp)
        if item is None or not len(at):
            continue
        column = frame[j].astype(object).to_numpy(copy=True)
        shown = np.round(column[at].astype(float) * 100, 10)
        if item.type == "number" and in_percent(item.unit):
            column[at] = shown
        else:
            column[at] = [f"{value:g}%" for value in shown.tolist()]
        frame[j] = pd.Series(column, index=frame.index).infer_objects()


def error_rows(**columns: object) -> pd.DataFrame:
    """A frame of ERROR_COLUMNS from the columns given (the others empty)."""
    return pd.DataFrame({c: columns.get(c, []) for c in ERROR_COLUMNS})


def cell_errors(
    name: str,
    rownum: np.ndarray,
    column: str,
    item: str,
    raw: pd.Series,
    bad: np.ndarray,
    messages: list[str],
) -> pd.DataFrame | None:
    """The column's bad cells as error rows (None: none bad)."""
    if not len(bad):
        return None
    return error_rows(
        file=[name] * len(bad),
        row=rownum[bad],
        column=[column] * len(bad),
        item=[item] * len(bad),
        value=code_texts(raw.iloc[bad]),
        error=messages,
    )


def empty_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows without a cell, or only cells of spaces (a spreadsheet's row of blanks), column
    by column over the rows still empty: number columns first, then after a column or two
    that most rows fill, only a few rows are left to look at."""
    rows = np.arange(len(frame))
    numeric = [pd.api.types.is_numeric_dtype(frame.dtypes.iloc[j]) for j in range(frame.shape[1])]
    order = [j for j in range(frame.shape[1]) if numeric[j]]
    order += [j for j in range(frame.shape[1]) if not numeric[j]]
    for j in order:
        if not len(rows):
            break
        column = frame.iloc[:, j]
        cells = column if len(rows) == len(frame) else column.iloc[rows]
        blank = np.array(cells.isna().to_numpy(), dtype=bool)  # writable
        if not numeric[j] and not blank.all():
            filled = np.flatnonzero(~blank)
            blank[filled] = _spaces(cells.iloc[filled])
        rows = rows[blank]
    empty = np.zeros(len(frame), dtype=bool)
    empty[rows] = True
    return empty


def _spaces(cells: pd.Series) -> np.ndarray:
    """Per cell (none missing), whether it is text of spaces only; in the order of ``cells``
    (the caller's rows where it holds some)."""
    out = np.zeros(len(cells), dtype=bool)
    if isinstance(cells.dtype, pd.CategoricalDtype):
        blanks = np.array([isinstance(c, str) and not c.strip() for c in cells.cat.categories])
        codes = cells.cat.codes.to_numpy()
        return blanks[codes] if len(blanks) else out
    if pd.api.types.is_string_dtype(cells.dtype) and not cells.dtype == object:
        return (cells.str.strip() == "").to_numpy(dtype=bool, na_value=False)
    return np.fromiter(
        (isinstance(c, str) and not c.strip() for c in cells), dtype=bool, count=len(cells)
    )
