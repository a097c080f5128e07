"""Turn one export column into the engine's cells for one item, reporting bad cells.

Work is per distinct value: a column of a million answers has a handful of labels,
each decoded once (``pd.factorize``), then spread back with one array lookup.
Numeric columns of agreement and number items pass straight through.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from amc_assess.ahead import PARALLEL_FROM
from amc_assess.answertext import DONT_KNOW, NOT_APPLICABLE, non_answer, normalize
from amc_assess.condition_checks import did_you_mean
from amc_assess.formats import plural
from amc_assess.ingest.codebooks import code_key
from amc_assess.ingest.xlsxfast import Unsaved
from amc_assess.models import Item, Questionnaire
from amc_assess.numtext import read_number, without_unit

STATES = (DONT_KNOW, NOT_APPLICABLE)
YES = frozenset({"yes", "y", "true", "1", "ja", "oui", "si", "sí"})
NO = frozenset({"no", "n", "false", "0", "nein", "non"})
_CODE_LABEL = re.compile(r"^(\d+)\s*[-:.)=]?\s*(.*)$")
PARALLEL_WORKERS = 2
FEW_CATEGORIES = 64  # categoricals of more categories: pandas' hashing
PREFIX_ROWS = 1 << 16  # rows looked at first for where each category first appears
UNSAVED_FORMULA = (
    "a formula whose result was never saved (the workbook was written by a program): open "
    "it in a spreadsheet and save it, or enter the answer"
)
SHEET_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})  # fmt: skip  # the error values a spreadsheet formula shows


@dataclass
class Decoded:
    """The engine's cells for one column, and the cells that could not be read."""

    values: np.ndarray | pd.Categorical
    bad: np.ndarray  # row positions
    messages: list[str]  # one per bad position
    non_answers: Counter[str]
    note: str | None = None  # what a reader should know about the column
    fractions: np.ndarray | None = None  # positions of fractions among percentages above 1


def fractions_note(item: Item, numbers: np.ndarray) -> str | None:
    """A line where every answer to an item in percent (0..100) is a fraction, some not
    whole: 0.65 is read as 0.65%, and was probably meant as 65% (the interview asks)."""
    if not item.share_in_percent:
        return None
    given = numbers[~np.isnan(numbers)]
    if not len(given) or given.min() < 0 or given.max() > 1 or (given == np.floor(given)).all():
        return None
    return (
        f"every answer to {item.id} is between 0 and 1 ({plural(len(given), 'answer')}), read "
        "as a percentage (0.65 is 0.65%); if they are fractions (0.65 for 65%), multiply by 100"
    )


def stray_fractions(item: Item, numbers: np.ndarray) -> np.ndarray | None:
    """Positions of answers strictly between 0 and 1, not whole, to an item in percent whose
    other answers include one above 1: a share written as a fraction (0.65 for 65%) among
    percentages, read as 0.65% (None where there is none, or every answer is a fraction:
    :func:`fractions_note` says that)."""
    if not item.share_in_percent:
        return None
    with np.errstate(invalid="ignore"):
        if not (np.nanmax(numbers, initial=0) > 1 and np.nanmin(numbers, initial=1) < 1):
            return None
        stray = np.flatnonzero((numbers > 0) & (numbers < 1))
    return stray if len(stray) else None


def fractions_rows_note(where: str, item_id: str, rows: np.ndarray) -> str:
    """The line for :func:`stray_fractions` at ``where`` (file and column), naming the rows
    (``rows``: row numbers)."""
    shown = ", ".join(str(r) for r in rows[:10]) + (" ..." if len(rows) > 10 else "")
    some = plural(len(rows), "answer")
    verb = "is" if len(rows) == 1 else "are"
    return (
        f"warning: {where}: {some} to {item_id} {verb} between 0 and 1 among percentages above 1 "
        f"(row{'s' * (len(rows) > 1)} {shown}), read as percentages (0.65 is 0.65%); if a "
        "fraction was meant (0.65 for 65%), write it times 100"
    )


@dataclass
class Coder:
    """Decodes one distinct value of one column (labels, codes, numbers, non-answers)."""

    item: Item
    scale: list[str]
    overrides: dict[str, object]
    codebook: dict[str, str]
    vocabulary: dict[str, str]
    non_answers: dict[str, str] = field(default_factory=dict)  # map file: label/code -> state
    states: dict[str, str] = field(default_factory=dict)  # codebook: code -> state
    decimal: str = "."  # the file's decimal mark (``,`` in semicolon-separated files)

    def __call__(self, value: object) -> tuple[object, str | None, str | None]:
        """(cell for the engine, error message, non-answer state read from a label)."""
        if isinstance(value, Unsaved):  # whatever the column's codes: nothing was saved
            return None, UNSAVED_FORMULA, None
        key = code_key(value)
        if key in self.overrides or normalize(key) in self.overrides:
            return self._interpret(self.overrides.get(key, self.overrides.get(normalize(key))))
        if (state := self.non_answers.get(normalize(key), self.states.get(key))) is not None:
            return _non_answer(state)
        if key in self.codebook:  # code -> label, and the map may recode the label
            label = self.codebook[key]
            if (state := self.non_answers.get(normalize(label))) is not None:
                return _non_answer(state)
            cell, error, state = self._interpret(self.overrides.get(normalize(label), label))
            return cell, (f"label {label!r}: {error}" if error else None), state
        cell, error, state = self._interpret(value)
        if self.codebook and state is None and (error is not None or cell not in (None, *STATES)):
            codes = ", ".join(self.codebook)
            return None, f"not a code of this column in the dictionary (codes: {codes})", None
        return cell, error, state

    def _interpret(self, value: object) -> tuple[object, str | None, str | None]:
        item = self.item
        if isinstance(value, bool | np.bool_):
            value = "yes" if value else "no"
        if isinstance(value, int | float | np.integer | np.floating):
            return self._number(float(value))
        text = str(value).strip()
        if not text:
            return None, None, None
        low = normalize(text)
        if low in STATES:  # the engine's own codes
            return (None if low == DONT_KNOW else low), None, None
        if item.type == "text":
            return text, None, None
        if item.type != "choice" and (number := read_number(low, self.decimal)) is not None:
            return self._number(number)
        rest, with_unit = without_unit(low, item.unit if item.type == "number" else None)
        if with_unit and (number := read_number(rest, self.decimal)) is not None:
            return self._number(number)  # "90 %", "12 FTE", as the interview reads them
        if item.type == "agreement":
            answer = self._agreement(low)
            if answer is not None:
                return answer, None, None
        elif item.type == "yesno":
            if low in YES or low in NO:
                return ("yes" if low in YES else "no"), None, None
        elif item.type == "choice":
            for option in item.options or []:
                if low in (normalize(option.code), normalize(option.label)):
                    return option.code, None, None
            if re.fullmatch(r"-\d+", low):
                return None, None, DONT_KNOW  # negative recode of a non-answer
        state = non_answer(low, self.vocabulary)
        if state is not None:
            return (state if state == NOT_APPLICABLE else None), None, state
        if text.upper() in SHEET_ERRORS:
            return None, "a spreadsheet's error value, not an answer", None
        if low.endswith("%") and read_number(low[:-1].strip(), self.decimal) is not None:
            return None, self._not_percent(), None  # a cell shown as 100% on a count
        return None, self._expected(text), None

    def _not_percent(self) -> str:
        item = self.item
        if item.type == "number":
            return f"a percentage, but the item is answered in {item.unit or 'plain numbers'}"
        return f"a percentage: {self._expected()}"

    def _number(self, number: float) -> tuple[object, str | None, str | None]:
        item = self.item
        coded = item.type in ("agreement", "yesno", "choice")
        if coded and number < 0 and number.is_integer():
            return None, None, DONT_KNOW  # negative recode of a non-answer
        if item.type in ("agreement", "number"):
            return number, None, None
        if item.type == "yesno" and number in (0.0, 1.0):
            return ("yes" if number else "no"), None, None
        if item.type == "choice" and code_key(number) in item.codes():
            return code_key(number), None, None
        if item.type == "text":
            return code_key(number), None, None
        return None, self._expected(), None

    def _agreement(self, low: str) -> float | None:
        labels = [normalize(s) for s in self.scale]
        if low in labels:
            return float(labels.index(low) + 1)
        m = _CODE_LABEL.match(low)  # "4 - Agree"
        if m and m[2] in labels and labels.index(m[2]) + 1 == int(m[1]):
            return float(m[1])
        return None

    def _expected(self, given: str | None = None) -> str:
        """What the item takes, in the words a sheet offers (its labels, a code beside a label
        that differs from it), and the label a misspelt answer was probably meant as."""
        item = self.item
        if item.type == "number":
            return "not a number"
        if item.type == "agreement":
            labels = list(self.scale)
            said = f"1..{len(labels)} or one of: {', '.join(labels)}"
        elif item.type == "yesno":
            labels, said = ["yes", "no"], "yes or no"
        else:
            labels = [o.label for o in item.options or []]
            said = "one of: " + ", ".join(
                o.label if normalize(o.label) == normalize(o.code) else f"{o.label} ({o.code})"
                for o in item.options or []
            )
        spare = ["Don't know", *(["Not applicable"] if item.not_applicable else [])]
        hint = did_you_mean(given, [*labels, *spare]) if given else ""  # a non-answer too
        return f"unknown label (expected {said}){hint}"


def _non_answer(state: str) -> tuple[object, str | None, str | None]:
    return (state if state == NOT_APPLICABLE else None), None, state


def coder(
    item: Item,
    q: Questionnaire,
    overrides: Mapping[str, object] | None = None,
    codebook: Mapping[str, str] | None = None,
    vocabulary: Mapping[str, str] | None = None,
    non_answers: Mapping[str, str] | None = None,
    states: Mapping[str, str] | None = None,
    decimal: str = ".",
) -> Coder:
    """A decoder for ``item``'s column; ``overrides`` from the map file win over the codebook.

    ``non_answers`` (the map file's, by normalized label or code) and ``states`` (the
    codebook's non-answer codes) name what reads as "don't know" or "not applicable"."""
    scale = q.scales.get(item.scale or "", []) if item.type == "agreement" else []
    over = dict(overrides or {})
    over.update({normalize(k): v for k, v in (overrides or {}).items()})
    return Coder(
        item, scale, over, dict(codebook or {}), dict(vocabulary or {}),
        dict(non_answers or {}), dict(states or {}), decimal,
    )  # fmt: skip


class Decoder:
    """Decodes a file's columns, each independent of the others: on two threads for a large
    file (Arrow's hashing of text and numpy's lookups release the GIL, so a second core can
    take part of the work), in the calling thread for a small one. Results are futures."""

    def __init__(self, rows: int) -> None:
        workers = min(PARALLEL_WORKERS, os.cpu_count() or 1)
        self.pool = ThreadPoolExecutor(workers) if rows >= PARALLEL_FROM and workers > 1 else None

    def submit(self, raw: pd.Series, code: Coder) -> Future[Decoded]:
        if self.pool is not None:
            return self.pool.submit(decode, raw, code)
        done: Future[Decoded] = Future()
        done.set_result(decode(raw, code))  # an exception propagates at once, as before
        return done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


def decode(raw: pd.Series, code: Coder) -> Decoded:
    """Decode a whole column, one distinct value at a time."""
    item = code.item
    n = len(raw)
    numeric = pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype)
    if (
        numeric
        and item.type in ("agreement", "number")
        and not code.overrides
        and not code.codebook
        and not code.non_answers
        and not code.states
    ):
        numbers = raw.to_numpy(dtype=float, na_value=np.nan)
        counts: Counter[str] = Counter()
        if item.type == "agreement":
            with np.errstate(invalid="ignore"):
                negative = numbers < 0  # whole negatives: non-answers; floor only if any
                if negative.any():
                    negative &= np.floor(numbers) == numbers
            if negative.any():
                numbers = np.where(negative, np.nan, numbers)
                counts[DONT_KNOW] = int(negative.sum())
        return Decoded(numbers, np.empty(0, np.int64), [], counts, *_fractions(item, numbers))
    codes, table, uniques = _coded(raw)  # a row's distinct value: table[code] (-1: the last)
    decoded = [code(u) for u in uniques]
    cells = [d[0] for d in decoded] + [None]
    errors = [d[1] for d in decoded] + [None]
    as_float = item.type in ("agreement", "number") and all(
        c is None or isinstance(c, float) for c in cells
    )
    values: np.ndarray | pd.Categorical
    if as_float:  # one lookup per row: per distinct raw code, its number
        numbers = np.array([np.nan if c is None else c for c in cells], dtype=float)
        values = numbers[table].take(codes)
    else:  # codes and labels: a categorical, so no per-row strings are made
        categories = list(dict.fromkeys(c for c in cells if c is not None))
        position = {c: k for k, c in enumerate(categories)}
        small = np.int8 if len(categories) < 127 else np.int32
        lut = np.array([-1 if c is None else position[c] for c in cells], dtype=small)
        values = pd.Categorical.from_codes(
            lut[table].take(codes), categories=pd.Index(categories, dtype=object), validate=False
        )
    failed = np.array([e is not None for e in errors])
    bad = np.flatnonzero(failed[table].take(codes)) if failed.any() else np.empty(0, np.int64)
    counts = Counter()
    if any(d[2] is not None for d in decoded):  # a pass over the rows only when needed
        per_value = np.bincount(table.take(codes), minlength=len(cells))
        for k, d in enumerate(decoded):
            if d[2] is not None:
                counts[d[2]] += int(per_value[k])
    messages = [errors[k] or "" for k in table.take(codes[bad]).tolist()]
    assert len(values) == n
    if isinstance(values, np.ndarray):
        return Decoded(values, bad, messages, counts, *_fractions(item, values))
    return Decoded(values, bad, messages, counts)


def _fractions(item: Item, numbers: np.ndarray) -> tuple[str | None, np.ndarray | None]:
    return fractions_note(item, numbers), stray_fractions(item, numbers)


def _coded(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, Sequence[object]]:
    """Each row's code (-1: missing), a table from code to the position of the row's value
    among the distinct values (its last entry, which code -1 takes, ``len(uniques)``: missing),
    and the distinct values in order of first appearance. A categorical of few categories
    keeps its own codes: every per-row array is then one lookup of them."""
    if isinstance(raw.dtype, pd.CategoricalDtype) and len(raw.cat.categories) <= FEW_CATEGORIES:
        codes, lut, present = _first_appearance(raw)
        return codes, np.where(lut < 0, len(present), lut), present
    codes, uniques = _factorize(raw)
    return codes, np.arange(len(uniques) + 1), uniques


def _factorize(raw: pd.Series) -> tuple[np.ndarray, Sequence[object]]:
    """``pd.factorize``; Arrow-backed text (pandas' ``str``) by Arrow's own hashing."""
    if isinstance(raw.dtype, pd.StringDtype) and raw.dtype.storage == "pyarrow":
        from amc_assess.ingest import arrowio  # lazy: pyarrow (already loaded for such text)

        return arrowio.factorize(raw.array)
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    return codes, list(uniques)


def _factorize_categories(raw: pd.Series) -> tuple[np.ndarray, list[object]]:
    """``pd.factorize`` of a categorical with few categories (see :func:`_first_appearance`)."""
    codes, lut, uniques = _first_appearance(raw)
    return lut.take(codes), uniques


def _first_appearance(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, list[object]]:
    """A categorical with few categories (Parquet text read as a dictionary): its codes, a
    table from code to the position of the category among those present (-1: absent; the last
    entry, for missing, -1), and the categories present, in order of first appearance, found
    without hashing every row. A growing prefix of the rows finds where each first appears
    (most answers appear in the first few); only a category not seen there takes a pass over
    the other rows."""
    codes = raw.cat.codes.to_numpy()
    categories = raw.cat.categories
    first: dict[int, int] = {}
    start, size = 0, 1024
    while len(first) < len(categories) and start < len(codes) and size <= PREFIX_ROWS:
        found, at = np.unique(codes[start : start + size], return_index=True)
        for code, k in zip(found.tolist(), at.tolist(), strict=True):
            if code >= 0 and code not in first:
                first[code] = start + k
        start, size = start + size, size * 4
    rest = codes[start:]
    for code in range(len(categories) if len(rest) else 0):
        if code not in first:
            hit = rest == code
            k = int(hit.argmax())
            if hit[k]:
                first[code] = start + k
    order = sorted(first, key=first.__getitem__)
    lut = np.full(len(categories) + 1, -1, dtype=np.intp)  # the last entry: missing (-1)
    lut[order] = np.arange(len(order))
    return codes, lut, categories.take(np.array(order, dtype=np.intp)).tolist()
