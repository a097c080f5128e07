"""Turn a frame of raw answers into answer states and item score codes.

Cells of the answers frame (columns are item ids, rows are responses):
empty / NaN / ``dont_know`` -> don't know; ``not_applicable`` -> not applicable;
otherwise the answer: a number for agreement and number items (an agreement answer is a code
of the item's scale), a code for yesno and choice items. Item score codes are int8: positive
scored, 0 missing (don't know or invalid), -1 left out of the denominator (not applicable or
skipped). A positive code is the item score itself when every score the item can take is a
whole number 1..127 (the bundled 1..5 rubric); otherwise it stands for the score
``table[code]`` of the item's :class:`ScoreCodes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from amc_assess.models import Item, RubricItem, Scale
from amc_assess.models.rubric import SCALE_MAX, SCALE_MIN, ItemScore

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
ANSWERED, MISSING, LEFT_OUT = 1, 0, -1
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
DEFAULT_RANGE: tuple[ItemScore, ItemScore] = (SCALE_MIN, SCALE_MAX)
MAX_DIRECT = 127  # whole scores 1..127 are their own int8 codes


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


def _reason(item: Item, scale: Scale | None = None) -> str:
    if item.type == "agreement":
        codes = scale.codes if scale is not None else (1, 2, 3, 4, 5)
        if codes == tuple(range(codes[0], codes[-1] + 1)):
            return f"expected a whole number {codes[0]}..{codes[-1]}"
        return f"expected one of: {', '.join(map(str, codes))}"
    if item.type == "number":
        whole = "a whole number" if item.integer else "a number"
        return f"expected {whole} from {item.min:g} to {item.max:g}"
    return f"expected one of: {', '.join(item.codes())}"


def normalize(raw: pd.Series | None, item: Item, n: int, scale: Scale | None = None) -> Column:
    """Normalize one column of raw answers for ``item`` (vectorized); ``scale``: the scale of
    an agreement item (default: codes 1..5)."""
    if raw is None:
        return Column(
            pd.Series(np.full(n, np.nan)), np.zeros(n, np.int8), np.zeros(n, bool),
            code_index=np.full(n, -1, np.int64) if item.codes() else None,
        )  # fmt: skip
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        return _from_numbers(raw.to_numpy(dtype=float, na_value=np.nan), item, raw.index, scale)
    # text, object, categorical or boolean cells: normalize each distinct value once
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    distinct = _from_distinct(pd.Series(uniques, dtype=object), item, scale)
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


def _from_numbers(v: np.ndarray, item: Item, index: pd.Index, scale: Scale | None) -> Column:
    given = ~np.isnan(v)
    if item.type in ("agreement", "number"):
        valid = given & _valid_numbers(v, item, scale)
        values = pd.Series(np.where(valid, v, np.nan))
        code_index = None
    else:  # codes typed as numbers (e.g. choice code 1): compare as text
        return _from_distinct_numbers(v, item, index)
    invalid = given & ~valid
    state = valid.astype(np.int8)
    reasons = pd.Series(_reason(item, scale), index=index) if invalid.any() else None
    return Column(values, state, invalid, reasons, code_index)


def _from_distinct_numbers(v: np.ndarray, item: Item, index: pd.Index) -> Column:
    return normalize(pd.Series(v, index=index).astype(object), item, len(v))


def _from_distinct(uniques: pd.Series, item: Item, scale: Scale | None) -> Column:
    """Normalize the distinct cells (few), plus one trailing entry for empty cells."""
    cells = [*uniques.tolist(), None]
    m = len(cells)
    state = np.zeros(m, np.int8)
    invalid = np.zeros(m, bool)
    values: list[object] = [np.nan] * m
    reasons = [_reason(item, scale)] * m
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
            ok = bool(_valid_numbers(np.array([number]), item, scale)[0])
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


def _valid_numbers(v: np.ndarray, item: Item, scale: Scale | None = None) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if item.type == "agreement":
            codes = scale.codes if scale is not None else (1, 2, 3, 4, 5)
            low, high, integer = float(codes[0]), float(codes[-1]), True
            if codes != tuple(range(codes[0], codes[-1] + 1)):  # gaps between the codes
                return np.isin(v, np.array(codes, dtype=float))
        else:
            assert item.min is not None and item.max is not None
            low, high, integer = item.min, item.max, item.integer
        ok = (v >= low) & (v <= high)
        if integer:
            ok &= np.floor(v) == v
        return ok


@dataclass
class ScoreCodes:
    """An item's answers as int8 score codes (see the module doc), and the scores they stand
    for: ``table[code]`` for a positive code, or the code itself when ``table`` is None."""

    codes: np.ndarray
    table: np.ndarray | None = None


def answer_scores(
    item: Item,
    rule: RubricItem,
    scale: Scale | None = None,
    score_range: tuple[ItemScore, ItemScore] = DEFAULT_RANGE,
) -> list[ItemScore]:
    """The item score of each answer the item can take, in answer order: an agreement item's
    codes in ascending order, a number item's bands, a yesno or choice item's codes.

    An agreement answer of rank r (0: the label of the lowest score) on a k-point scale scores
    ``min + r * (max - min) / (k - 1)`` on the rubric's score range, unless the rubric's
    ``map`` gives its code a score; ``reverse`` mirrors the score within the range."""
    low, high = score_range
    if item.type == "agreement":
        scale = scale if scale is not None else Scale.labelled(["1", "2", "3", "4", "5"])
        mapping = rule.map or {}
        k = scale.points
        scores = [
            mapping.get(str(code), _on_range(rank, k, low, high))
            for code, rank in zip(scale.codes, scale.ranks, strict=True)
        ]
        if rule.reverse:
            scores = [_whole(low + high - score) for score in scores]
        return scores
    if item.type == "number":
        return [band.score for band in rule.bands or []]
    mapping = dict(rule.map or {})
    if item.type == "yesno":
        mapping = {"yes": high, "no": low, **mapping}
    return [mapping[code] for code in item.codes()]


def _on_range(rank: int, k: int, low: ItemScore, high: ItemScore) -> ItemScore:
    """Rank ``rank`` of ``k`` points placed linearly on low..high (whole numbers stay int)."""
    if rank == 0:
        return low
    if rank == k - 1:
        return high
    return _whole(low + rank * (high - low) / (k - 1))


def _whole(value: float) -> ItemScore:
    return int(value) if float(value).is_integer() else value


def score_codes(scores: list[ItemScore]) -> tuple[np.ndarray, np.ndarray | None]:
    """The int8 code of each score in ``scores``, and the table of scores the codes stand for
    (None: every score is a whole number 1..127, its own code)."""
    values = np.asarray(scores, dtype=float)
    whole = bool(np.all((np.floor(values) == values) & (values >= 1) & (values <= MAX_DIRECT)))
    if whole or not len(values):
        return values.astype(np.int8), None
    table = np.unique(values)
    if len(table) > MAX_DIRECT:
        raise ValueError(f"an item can take at most {MAX_DIRECT} distinct scores")
    codes = (np.searchsorted(table, values) + 1).astype(np.int8)
    return codes, np.concatenate([[0.0], table])  # code 0 (no score) looks up 0


def item_scores(
    column: Column,
    item: Item,
    rule: RubricItem,
    scale: Scale | None = None,
    score_range: tuple[ItemScore, ItemScore] = DEFAULT_RANGE,
) -> ScoreCodes:
    """Item score codes as int8 (positive scored, 0 missing, -1 left out), and their table."""
    answered = column.state == ANSWERED
    codes, table = score_codes(answer_scores(item, rule, scale, score_range))
    if item.type in ("agreement", "number"):
        v = np.where(answered, column.values.to_numpy(dtype=float, na_value=np.nan), 0.0)
        if item.type == "agreement":
            answer_codes = scale.codes if scale is not None else (1, 2, 3, 4, 5)
            lut = np.zeros(answer_codes[-1] + 1, np.int8)  # answer code -> score code
            lut[list(answer_codes)] = codes
            scored = lut[v.astype(np.int64)]
        else:
            bands = rule.bands or []
            edges = np.array([band.min for band in bands[1:]])
            scored = codes[np.searchsorted(edges, v, side="right")]
    else:
        lut = np.append(codes, np.int8(0))
        assert column.code_index is not None
        scored = lut[column.code_index]  # index -1 picks the trailing 0
    return ScoreCodes(np.where(answered, scored, column.state).astype(np.int8), table)
