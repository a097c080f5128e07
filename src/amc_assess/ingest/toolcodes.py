"""What a survey tool's export read without its dictionary says of itself: columns of codes
no label matches (or off the scale), agreement columns of the tool's option numbers, and the
rows of a Qualtrics export that are previews or tests."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from amc_assess.formats import plural
from amc_assess.numtext import read_number

BOOKS = {  # the survey tools whose codes a dictionary labels, and what that file is
    "redcap": "data dictionary (.csv)", "limesurvey": "survey structure (.lss or .txt)",
    "qualtrics": "survey definition (.qsf)",
}  # fmt: skip


def codes_unlabeled(raw: pd.Series, bad: np.ndarray, messages: Sequence[str]) -> bool:
    """Whether a column's answers that no label matched, or that lie off the item's scale,
    are all whole numbers: an export of codes read without its dictionary (Qualtrics recodes
    a scale's answers to 10..14, say; a misspelt label is only a bad cell)."""
    off = ("unknown label", "expected a whole number", "expected one of")
    unknown = [k for k, m in zip(bad.tolist(), messages, strict=True) if m.startswith(off)]
    if not unknown:
        return False
    values = {str(v).strip() for v in raw.iloc[unknown].tolist()}
    return all(re.fullmatch(r"-?\d+(\.0+)?", v) is not None for v in values)


def off_scale(values: object, codes: Sequence[int]) -> bool:
    """Whether an agreement column read as numbers holds whole numbers off its scale (a
    tool's recoded values, 10..14, read without the survey's dictionary)."""
    if not isinstance(values, np.ndarray) or values.dtype.kind != "f":
        return False
    given = values[~np.isnan(values)]
    whole = given[given == np.floor(given)]
    return bool(len(whole)) and not np.isin(whole, codes).all()


PREVIEW = {"1", "2", "survey preview", "survey test"}  # Qualtrics' Status of non-answers


def previews(name: str, frame: pd.DataFrame, names: list[str], rownum: np.ndarray,
             profile: str) -> list[str]:  # fmt: skip
    """A warning naming the rows of a Qualtrics export that are a survey preview or test
    (its Status column): scored like answers, though nobody answered them."""
    if profile != "qualtrics" or "Status" not in names:
        return []
    status = frame[names.index("Status")].astype("string").str.strip().str.casefold()
    rows = rownum[status.isin(PREVIEW).fillna(False).to_numpy(dtype=bool)]
    if not len(rows):
        return []
    shown_rows = ", ".join(str(r) for r in rows[:10]) + (" ..." if len(rows) > 10 else "")
    return [
        f"warning: {name}: {plural(len(rows), 'row')} "
        f"{'are survey previews or tests' if len(rows) > 1 else 'is a survey preview or test'} "
        f"(Status; row{'s' * (len(rows) > 1)} {shown_rows}), scored as answers: leave "
        f"{'them' if len(rows) > 1 else 'it'} out if nobody answered"
    ]


def all_codes(raw: pd.Series) -> bool:
    """Whether every answer given in a column is a whole number (no label among them)."""
    given = raw.dropna()
    if not len(given):
        return False
    if pd.api.types.is_numeric_dtype(given.dtype):
        return True
    values = {str(v).strip() for v in given.unique().tolist()}
    return all(re.fullmatch(r"-?\d+(\.0+)?", v) is not None for v in values)


def code_notes(
    name: str, profile: str, booked: bool, unlabeled: list[str], coded: list[str]
) -> list[str]:
    """The lines on a survey tool's export read without its dictionary (``booked``: one was
    given): ``unlabeled`` columns of codes no label matches or off the scale, and ``coded``
    agreement columns of numbers that may be the tool's option numbers."""
    out = []
    if unlabeled and not booked and profile in BOOKS:
        shown_columns = ", ".join(repr(c) for c in unlabeled[:5]) + (" ..." * (len(unlabeled) > 5))
        out.append(
            f"{name}: {plural(len(unlabeled), 'column')} of answers in codes no label "
            f"matches or off the scale ({shown_columns}): a "
            f"{profile} export of codes reads with its {BOOKS[profile]} "
            "(--dictionary FILE)"
        )
    if coded and not unlabeled:
        shown_columns = ", ".join(repr(c) for c in coded[:5]) + (" ..." * (len(coded) > 5))
        out.append(
            f"warning: {name}: {plural(len(coded), 'agreement column')} in numbers "
            f"({shown_columns}), read as points from the scale's low end (1 = strongly "
            f"disagree); a {profile} export of codes numbers the options as the survey "
            f"lists them, where 1 may be strongly agree: give its {BOOKS[profile]} "
            "(--dictionary FILE), or export the answers as labels"
        )
    return out


def labels_codes(values: Mapping[str, object]) -> bool:
    """Whether a map's ``values:`` label codes (``"3": agree``): they label a column of
    numbers, where labels such as ``"Foo"`` leave its numbers read as points (a trial's map
    with an unrelated ``values: {Foo: 1}`` silenced the warning that says so)."""
    return any(read_number(str(label)) is not None for label in values)
