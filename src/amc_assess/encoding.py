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
    """One item's answers, normalized.

    ``values``: numbers (agreement, number) or codes (yesno, choice, text), NaN where not
    answered; ``state``: 1 answered, 0 missing, -1 not applicable; ``invalid``: a cell was
    given but is not a valid answer (counted as missing); ``reasons``: why, per row.
    """

    values: pd.Series
    state: np.ndarray
    invalid: np.ndarray
    reasons: pd.Series | None = None
    code_index: np.ndarray | None = None  # yesno/choice: index into item.codes(), -1 if none


def _reason(item: Item) -> str:
    if item.type == "agreement":
        return "expected a whole number 1..5"
    if item.type == "number":
        whole = "a whole number" if item.integer else "a number"
        return f"expected {whole} from {item.min:g} to {item.max:g}"
    return f"expected one of: {', '.join(item.codes())}"


def normalize(raw: pd.Series | None, item: Item, n: int) -> Column:
    """Normalize one column of raw answers for ``item`` (vectorized)."""
    if raw is None:
        return Column(
            pd.Series(np.full(n, np.nan)), np.zeros(n, np.int8), np.zeros(n, bool),
            code_index=np.full(n, -1, np.int64) if item.codes() else None,
        )  # fmt: skip
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        return _from_numbers(raw.to_numpy(dtype=float, na_value=np.nan), item, raw.index)
    # text, object, categorical or boolean cells: normalize each distinct value once
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    distinct = _from_distinct(pd.Series(uniques, dtype=object), item)
    pick = np.where(codes < 0, len(uniques), codes)  # NaN cells take the trailing "missing"
    state = distinct.state[pick]
    invalid = distinct.invalid[pick]
    code_index = None if distinct.code_index is None else distinct.code_index[pick]
    if code_index is not None:  # codes stay integers: no per-row strings
        values = pd.Series(pd.Categorical.from_codes(code_index, categories=list(item.codes())))
    elif item.type in ("agreement", "number"):
        values = pd.Series(distinct.values.to_numpy(dtype=float, na_value=np.nan)[pick])
    else:
        values = pd.Series(distinct.values.to_numpy()[pick], dtype=object)
    reasons = None
    if invalid.any():
        assert distinct.reasons is not None
        reasons = pd.Series(distinct.reasons.to_numpy()[pick], index=raw.index)
    return Column(values, state, invalid, reasons, code_index)


def _from_numbers(v: np.ndarray, item: Item, index: pd.Index) -> Column:
    given = ~np.isnan(v)
    if item.type in ("agreement", "number"):
        valid = given & _valid_numbers(v, item)
        values = pd.Series(np.where(valid, v, np.nan))
        code_index = None
    else:  # codes typed as numbers (e.g. choice code 1): compare as text
        return _from_distinct_numbers(v, item, index)
    invalid = given & ~valid
    state = valid.astype(np.int8)
    reasons = pd.Series(_reason(item), index=index) if invalid.any() else None
    return Column(values, state, invalid, reasons, code_index)


def _from_distinct_numbers(v: np.ndarray, item: Item, index: pd.Index) -> Column:
    return normalize(pd.Series(v, index=index).astype(object), item, len(v))


def _from_distinct(uniques: pd.Series, item: Item) -> Column:
    """Normalize the distinct cells (few), plus one trailing entry for empty cells."""
    cells = [*uniques.tolist(), None]
    m = len(cells)
    state = np.zeros(m, np.int8)
    invalid = np.zeros(m, bool)
    values: list[object] = [np.nan] * m
    reasons = [_reason(item)] * m
    numeric = item.type in ("agreement", "number")
    codes = {code: k for k, code in enumerate(item.codes())}
    code_index = np.full(m, -1, np.int64) if codes else None
    for k, cell in enumerate(cells):
        text = _as_text(cell)
        lowered = text.lower()
        if lowered in ("", DONT_KNOW):
            continue
        if lowered == NOT_APPLICABLE:
            if item.not_applicable:
                state[k] = LEFT_OUT
            else:
                invalid[k] = True
                reasons[k] = "'not applicable' is not allowed for this item"
            continue
        if numeric:
            try:
                number = float(text)
            except ValueError:
                number = np.nan
            ok = bool(_valid_numbers(np.array([number]), item)[0])
            value: object = number
        elif item.type == "text":
            ok, value = True, text
        else:
            if item.type == "yesno":
                text = "yes" if lowered in _TRUE else "no" if lowered in _FALSE else text
            ok, value = text in codes, text
            if ok and code_index is not None:
                code_index[k] = codes[text]
        if ok:
            state[k] = ANSWERED
            values[k] = value
        else:
            invalid[k] = True
    return Column(pd.Series(values, dtype=object), state, invalid, pd.Series(reasons), code_index)


def _as_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _valid_numbers(v: np.ndarray, item: Item) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if item.type == "agreement":
            low, high, integer = 1.0, 5.0, True
        else:
            assert item.min is not None and item.max is not None
            low, high, integer = item.min, item.max, item.integer
        ok = (v >= low) & (v <= high)
        if integer:
            ok &= np.floor(v) == v
        return ok


def item_scores(column: Column, item: Item, rule: RubricItem) -> np.ndarray:
    """Whole item scores 1..5 as int8, with 0 for missing and -1 for left out."""
    answered = column.state == ANSWERED
    if item.type in ("agreement", "number"):
        v = np.where(answered, column.values.to_numpy(dtype=float, na_value=np.nan), 0.0)
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
        lut = np.array([mapping[c] for c in item.codes()] + [0], np.int8)
        assert column.code_index is not None
        scored = lut[column.code_index]  # index -1 picks the trailing 0
    return np.where(answered, scored, column.state).astype(np.int8)
