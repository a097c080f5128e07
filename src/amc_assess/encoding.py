"""Turn one item's raw answers into answer options, and options into item score codes.

Raw answers come as numbers (float, NaN where empty) or as coded cells (:class:`Coded`:
integer codes into a few distinct cells, as a categorical column or a factorized text
column is). A cell that is empty or ``dont_know`` is not answered; ``not_applicable`` is
left out (where the item allows it); otherwise it is an answer: a code of the item's scale
(agreement), a number (number) or a code (yesno, choice).

Answer options are int16: -1 left out, 0 not answered (or invalid), k >= 1 the item's k-th
answer (the k-th code of an agreement item's scale, the k-th band of a number item, the
k-th code of a yesno or choice item). Item score codes are int8: positive scored, 0
missing, -1 left out; a positive code is the item score itself when every score the item
can take is a whole number 1..127 (the bundled 1..5 rubric), otherwise it stands for the
score ``table[code]`` of the item's :class:`ScoreCodes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from amc_assess.evaluate import Coded
from amc_assess.kernels import kernel, numeric_options, put, take
from amc_assess.models import Item, RubricItem, Scale
from amc_assess.models.rubric import SCALE_MAX, SCALE_MIN, ItemScore

NA_REFUSED = "'not applicable' is not allowed for this item"
DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
ANSWERED, MISSING, LEFT_OUT = 1, 0, -1
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
DEFAULT_RANGE: tuple[ItemScore, ItemScore] = (SCALE_MIN, SCALE_MAX)
UNANSWERED = "\x00unanswered\x00"  # option 0's stand-in code: equal to no operand
MAX_DIRECT = 127  # whole scores 1..127 are their own int8 codes
Raw = np.ndarray | Coded  # numbers (float) or coded cells


@dataclass
class Encoded:
    """One item's answers: ``options`` (int16, see the module doc; or int8 score codes when
    encoded with a score table), the numbers given (agreement and number items), and where
    answers were invalid (None: nowhere)."""

    options: np.ndarray
    numbers: np.ndarray | None = None
    invalid: np.ndarray | None = None  # bool per row
    reasons: np.ndarray | None = None  # object per row, where invalid
    compared: tuple[np.ndarray | Coded, np.ndarray] | None = None  # values(), once computed

    def leave_out(self, rows: np.ndarray) -> None:
        """Rows where the item was not asked: left out, no answer, no error."""
        put(self.options, rows, LEFT_OUT)
        self.compared = None
        if self.invalid is not None:
            self.invalid = self.invalid & ~rows

    def values(self, item: Item) -> tuple[np.ndarray | Coded, np.ndarray]:
        """The answers as conditions compare them, numbers or codes, and where there is an
        answer (computed once per item, however many conditions ask). A condition holds only
        where there is an answer, so the values elsewhere (an invalid or skipped cell's
        number, an unanswered option) are never looked at: neither numbers nor options are
        copied. Options are the codes of ``[UNANSWERED, *item.codes()]``: option k >= 1 is the
        item's k-th code, 0 (and -1, left out) never an answer."""
        if self.compared is None:
            answered = self.options > 0
            assert self.options.dtype == np.int16, "options, not score codes"
            if self.numbers is not None:
                values: np.ndarray | Coded = self.numbers
            else:
                values = Coded(self.options, [UNANSWERED, *item.codes()])
            self.compared = (values, answered)
        return self.compared


def reason(item: Item, scale: Scale | None = None) -> str:
    """Why a cell is not a valid answer to ``item``."""
    if item.type == "agreement":
        return f"expected {scale.answers_text() if scale is not None else 'a whole number 1..5'}"
    if item.type == "number":
        whole = "a whole number" if item.integer else "a number"
        return f"expected {whole} from {item.min:g} to {item.max:g}"
    return f"expected one of: {', '.join(item.codes())}"


def encode(
    raw: Raw | None,
    item: Item,
    n: int,
    scale: Scale | None = None,
    rule: RubricItem | None = None,
    lut: np.ndarray | None = None,
    out: np.ndarray | None = None,
) -> Encoded:
    """One item's answers as options (one pass; see the module doc). ``scale``: an agreement
    item's (default: codes 1..5); ``rule``: a number item's rubric entry, for its bands.

    With ``lut`` (:attr:`ScoreCodes.lut`) the options come out as item score codes (int8)
    in the same pass: ``Encoded.options`` then holds codes, written into ``out`` when given
    (a row of the engine's code matrix: no copy)."""
    dtype = np.int16 if lut is None else np.int8
    if raw is None:
        return Encoded(np.zeros(n, dtype), np.full(n, np.nan) if _numeric(item) else None)
    if isinstance(raw, Coded):
        return _from_coded(raw, item, scale, rule, lut, out)
    if _numeric(item) and raw.dtype.kind == "f":
        options = np.empty(len(raw), dtype) if out is None or lut is None else out
        low, high, integer, points, edges, bands = _number_rule(item, scale, rule)
        if lut is not None:
            points, bands = lut[points], lut[bands]
        run = kernel(numeric_options, len(raw))
        if not run(raw, low, high, integer, points, edges, bands, options):
            return Encoded(options, raw)
        invalid = ~np.isnan(raw) & (options == 0)
        return Encoded(options, raw, invalid, np.full(len(raw), reason(item, scale), object))
    return _from_coded(factorize(raw), item, scale, rule, lut, out)


def _numeric(item: Item) -> bool:
    return item.type in ("agreement", "number")


def _number_rule(
    item: Item, scale: Scale | None, rule: RubricItem | None
) -> tuple[float, float, bool, np.ndarray, np.ndarray, np.ndarray]:
    """(low, high, whole numbers only, the option of each code from low (agreement), the
    bands' lower bounds but the first, the option of each band (number))."""
    if item.type == "agreement":
        codes = scale.codes if scale is not None else (1, 2, 3, 4, 5)
        points = np.zeros(codes[-1] - codes[0] + 1, np.int16)
        points[np.asarray(codes) - codes[0]] = np.arange(1, len(codes) + 1)
        return float(codes[0]), float(codes[-1]), True, points, np.zeros(0), points[:0]
    assert item.min is not None and item.max is not None
    bands = (rule.bands or []) if rule is not None else []
    edges = np.array([band.min for band in bands[1:]], dtype=float)
    options = np.arange(1, max(len(bands), 1) + 1, dtype=np.int16)
    return float(item.min), float(item.max), item.integer, options[:0], edges, options


def factorize(cells: np.ndarray) -> Coded:
    """Cells as codes into their distinct values (-1 where empty). Numbers are coded by
    numpy; other cells one by one (a few responses: a frame passes categoricals)."""
    if cells.dtype.kind in "fiub":
        values = cells.astype(float)
        given = ~np.isnan(values)
        distinct, inverse = np.unique(values[given], return_inverse=True)
        codes = np.full(len(values), -1, np.int64)
        codes[given] = inverse
        return Coded(codes, distinct.tolist())
    seen: dict[object, int] = {}
    codes = np.empty(len(cells), np.int64)
    for i, cell in enumerate(cells.tolist()):
        if _as_text(cell) == "":
            codes[i] = -1
        else:
            key = (type(cell).__name__, cell) if isinstance(cell, bool) else cell
            codes[i] = seen.setdefault(key, len(seen))
    return Coded(codes, [k[1] if isinstance(k, tuple) else k for k in seen])


def _from_coded(
    raw: Coded,
    item: Item,
    scale: Scale | None,
    rule: RubricItem | None,
    lut: np.ndarray | None = None,
    out: np.ndarray | None = None,
) -> Encoded:
    """Each distinct cell encoded once (few), then every row by a lookup of its code."""
    cells = [*raw.categories, None]  # code -1 picks the trailing empty cell
    m = len(cells)
    options = np.zeros(m, np.int16)
    invalid = np.zeros(m, bool)
    numbers = np.full(m, np.nan)
    reasons = np.full(m, reason(item, scale), object)
    codes = {code: k + 1 for k, code in enumerate(item.codes())}
    for k, cell in enumerate(cells):
        text = _as_text(cell)
        lowered = text.lower()
        if lowered in ("", DONT_KNOW):
            continue
        if lowered == NOT_APPLICABLE:
            if item.not_applicable:
                options[k] = LEFT_OUT
            else:
                invalid[k] = True
                reasons[k] = NA_REFUSED
            continue
        if _numeric(item):
            try:
                numbers[k] = float(text)
            except ValueError:
                invalid[k] = True
                continue
            one = np.zeros(1, np.int16)
            invalid[k] = bool(
                numeric_options(numbers[k : k + 1], *_number_rule(item, scale, rule), one)
            )
            options[k] = one[0]
        elif item.type == "text":
            options[k] = 1
        else:
            if item.type == "yesno":
                text = "yes" if lowered in _TRUE else "no" if lowered in _FALSE else text
            options[k] = codes.get(text, 0)
            invalid[k] = options[k] == 0
    pick = raw.codes  # -1 picks the trailing empty cell
    row_invalid = invalid[pick] if invalid.any() else None
    cell_options = options if lut is None else lut[options]
    into = out if out is not None and lut is not None else None
    return Encoded(
        take(pick, cell_options, into),
        numbers[pick] if _numeric(item) else None,
        row_invalid,
        reasons[pick] if row_invalid is not None else None,
    )


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return "" if text in ("<NA>", "nan", "NaT") and not isinstance(value, str) else text


@dataclass
class ScoreCodes:
    """An item's score code per answer option (``lut[option]``: option -1 picks the last
    entry), and the scores the codes stand for: ``table[code]`` for a positive code, or the
    code itself when ``table`` is None."""

    lut: np.ndarray
    table: np.ndarray | None = None

    def of(self, options: np.ndarray) -> np.ndarray:
        """Score codes (int8) of answer options (int16)."""
        return take(options, self.lut)


def answer_scores(
    item: Item,
    rule: RubricItem,
    scale: Scale | None = None,
    score_range: tuple[ItemScore, ItemScore] = DEFAULT_RANGE,
) -> list[ItemScore]:
    """The item score of each answer option, in option order: an agreement item's codes in
    ascending order, a number item's bands, a yesno or choice item's codes.

    An agreement answer of rank r (0: the label of the lowest score) on a k-point scale scores
    ``min + r * (max - min) / (k - 1)`` on the rubric's score range, unless the rubric's
    ``map`` gives its code a score; ``reverse`` mirrors the score within the range."""
    low, high = score_range
    if item.type == "agreement":
        scale = scale if scale is not None else Scale.labeled(["1", "2", "3", "4", "5"])
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


def score_codes(scores: list[ItemScore]) -> ScoreCodes:
    """The score code of each option's score (``scores``, in option order), and the table
    of scores the codes stand for (None: every score is a whole number 1..127, its own
    code)."""
    values = np.asarray(scores, dtype=float)
    whole = bool(np.all((np.floor(values) == values) & (values >= 1) & (values <= MAX_DIRECT)))
    table = None
    if whole or not len(values):
        codes = values.astype(np.int8)
    else:
        distinct = np.unique(values)
        if len(distinct) > MAX_DIRECT:
            raise ValueError(f"an item can take at most {MAX_DIRECT} distinct scores")
        codes = (np.searchsorted(distinct, values) + 1).astype(np.int8)
        table = np.concatenate([[0.0], distinct])  # code 0 (no score) looks up 0
    lut = np.concatenate([[MISSING], codes, [LEFT_OUT]]).astype(np.int8)
    return ScoreCodes(lut, table)
