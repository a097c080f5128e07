"""Turn a frame of raw answers into answer states and whole item scores.

Cells of the answers frame (columns are item ids, rows are responses):
empty / NaN / ``dont_know`` -> don't know; ``not_applicable`` -> not applicable;
otherwise the answer: a number for agreement and number items, a code for
yesno and choice items. Item score codes are int8: 1..5 scored, 0 missing
(don't know or invalid), -1 left out of the denominator (not applicable or skipped).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from amc_assess.models import Item, RubricItem

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
ANSWERED, MISSING, LEFT_OUT = 1, 0, -1
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


@dataclass
class Column:
    """One item's answers, normalized: ``values`` and ``state`` (1 answered, 0, -1)."""

    values: pd.Series
    state: np.ndarray
    invalid: np.ndarray  # given but not a valid answer (counted as missing)
    reasons: pd.Series | None = None


def _reason(item: Item) -> str:
    if item.type == "agreement":
        return "expected a whole number 1..5"
    if item.type == "number":
        whole = "a whole number" if item.integer else "a number"
        return f"expected {whole} from {item.min:g} to {item.max:g}"
    return f"expected one of: {', '.join(item.codes())}"


def normalize(raw: pd.Series | None, item: Item, n: int) -> Column:
    """Normalize one column of raw answers for ``item``."""
    if raw is None:
        empty = pd.Series(np.full(n, np.nan))
        return Column(empty, np.zeros(n, np.int8), np.zeros(n, bool))
    numeric_item = item.type in ("agreement", "number")
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        numbers = raw.astype(float)
        given = ~np.isnan(numbers.to_numpy())
        dk = ~given
        na = np.zeros(n, bool)
        values = numbers if numeric_item else _codes_from_numbers(numbers)
    else:
        text = raw.astype("string").str.strip()
        lowered = text.str.lower()
        dk = (text.isna() | (lowered == DONT_KNOW) | (text == "")).to_numpy(dtype=bool)
        na = (lowered == NOT_APPLICABLE).fillna(False).to_numpy(dtype=bool)
        given = ~(dk | na)
        if numeric_item:
            values = pd.to_numeric(text.where(given), errors="coerce").astype(float)
        elif item.type == "yesno":
            values = lowered.where(given)
            values = values.mask(values.isin(_TRUE), "yes").mask(values.isin(_FALSE), "no")
        else:
            values = text.where(given)
    valid = given & _valid(values, item)
    invalid = given & ~valid
    if na.any() and not item.not_applicable:
        invalid = invalid | na
        na = np.zeros(n, bool)
    state = np.where(valid, ANSWERED, np.where(na, LEFT_OUT, MISSING)).astype(np.int8)
    values = values.where(valid)
    reasons = None
    if invalid.any():
        reasons = pd.Series(_reason(item), index=raw.index)
        if item.not_applicable is False:
            reasons = reasons.mask(
                (raw.astype("string").str.strip().str.lower() == NOT_APPLICABLE).fillna(False),
                "'not applicable' is not allowed for this item",
            )
    return Column(values.reset_index(drop=True), state, invalid, reasons)


def _codes_from_numbers(numbers: pd.Series) -> pd.Series:
    """Numeric cells in a code column (e.g. choice codes read as numbers) become text codes."""
    text = numbers.map(lambda v: f"{v:g}" if v == v else None)
    return text.astype("string")


def _valid(values: pd.Series, item: Item) -> np.ndarray:
    if item.type == "agreement":
        v = values.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            return (v >= 1) & (v <= 5) & (np.floor(v) == v)
    if item.type == "number":
        v = values.to_numpy(dtype=float, na_value=np.nan)
        assert item.min is not None and item.max is not None
        with np.errstate(invalid="ignore"):
            ok = (v >= item.min) & (v <= item.max)
            if item.integer:
                ok &= np.floor(v) == v
        return ok
    if item.type == "text":
        return values.notna().to_numpy(dtype=bool)
    return values.isin(item.codes()).to_numpy(dtype=bool)


def item_scores(column: Column, item: Item, rule: RubricItem) -> np.ndarray:
    """Whole item scores 1..5 as int8, with 0 for missing and -1 for left out."""
    out = np.where(column.state == LEFT_OUT, LEFT_OUT, MISSING).astype(np.int8)
    answered = column.state == ANSWERED
    if item.type in ("agreement", "number"):
        v = np.nan_to_num(column.values.to_numpy(dtype=float, na_value=np.nan), nan=0.0)
        if item.type == "agreement":
            lut = np.array([0, 5, 4, 3, 2, 1] if rule.reverse else [0, 1, 2, 3, 4, 5], np.int8)
            scored = lut[v.astype(np.int64)]
        else:
            bands = rule.bands or []
            edges = np.array([band.min for band in bands[1:]])
            lut = np.array([band.score for band in bands], np.int8)
            scored = lut[np.searchsorted(edges, v, side="right")]
    else:
        mapping = dict(rule.map or {})
        if item.type == "yesno":
            mapping = {"yes": 5, "no": 1, **mapping}
        codes = list(item.codes())
        lut = np.array([mapping[c] for c in codes] + [0], np.int8)
        index = pd.Categorical(column.values, categories=codes).codes
        scored = lut[index]  # code -1 (not a category) picks the trailing 0
    return np.where(answered, scored, out).astype(np.int8)
