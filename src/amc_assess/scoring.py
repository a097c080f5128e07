"""The scoring engine: N responses in, every score and level out.

One engine for everything: the interview, ``score``, ``batch``, benchmarks and reports all
call :func:`score_columns` (a frame through :func:`score_frame`). A single response is a
batch of one. Each item's answers become one int8 row of score codes (:mod:`encoding`),
skip logic one mask per item, and every dimension and overall figure comes from one pass
over the code matrix (:func:`amc_assess.kernels.aggregate_rows`): no per-row Python for
large frames, no n x k float temporaries. The engine needs numpy only; pandas is for frames.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from amc_assess.ahead import ahead
from amc_assess.encoding import (
    LEFT_OUT,
    Encoded,
    Raw,
    ScoreCodes,
    answer_scores,
    encode,
    score_codes,
)
from amc_assess.evaluate import Coded, Lookup, Values, evaluate
from amc_assess.figures import aggregate, row_targets
from amc_assess.kernels import put
from amc_assess.metrics import rubric_metrics, scored_items
from amc_assess.models import Item, Questionnaire, Rubric, RubricItem, Scale
from amc_assess.models.conditions import clauses

if TYPE_CHECKING:
    import pandas as pd

STATUS = ["ok", "insufficient data"]


@dataclass
class InvalidAnswer:
    """An invalid answer: the row (its position), the item, the cell given, and why."""

    row: int
    item: str
    value: object
    reason: str


@dataclass
class Scored:
    """The engine's output for N responses: arrays, with frames built on request.

    ``figures`` holds ``<dimension>_<metric>`` and ``overall_<metric>`` arrays (n): scores,
    gaps and shares float64, levels and targets int8 (0: no level), counts int16, status
    bool (True: ok). ``index`` labels the rows of the frames (the input frame's index)."""

    rubric: Rubric
    questionnaire: Questionnaire
    n: int
    items: list[str]
    codes: np.ndarray  # int8 N x items: positive scored, 0 missing, -1 left out
    figures: Mapping[str, np.ndarray]  # figures.Figures: the gaps made when asked for
    rule_ids: list[str]
    fired_rules: np.ndarray  # bool N x rules
    invalid: list[InvalidAnswer] = field(default_factory=list)
    tables: list[np.ndarray | None] | None = None  # per item: the scores its codes stand for
    index: Any = None  # pandas Index of the input frame, or None (0..N-1)
    skipped: dict[str, np.ndarray] = field(default_factory=dict)  # per item with when: not asked

    def value(self, name: str, row: int) -> float | int | str | None:
        """One figure of one row as a plain value (None where there is none)."""
        array = self.figures[name]
        if array.dtype == bool:  # status
            return STATUS[0] if array[row] else STATUS[1]
        if array.dtype == np.int8:  # levels and targets
            return int(array[row]) or None
        if array.dtype.kind == "f":
            return None if math.isnan(array[row]) else float(array[row])
        return int(array[row])

    def item_values(self) -> np.ndarray:
        """Item scores (float, NaN where not scored), responses x items."""
        return item_values(self.codes, self.tables or [])

    def fired(self, row: int) -> list[str]:
        """Ids of the rules that fired for the row at position ``row``."""
        return [rule for rule, hit in zip(self.rule_ids, self.fired_rules[row], strict=True) if hit]

    @cached_property
    def dimensions(self) -> pd.DataFrame:
        """The figures as a frame: levels and targets nullable Int8, status categorical."""
        return self.frame(list(self.figures))

    def frame(self, names: Sequence[str]) -> pd.DataFrame:
        """The figures ``names`` as in :attr:`dimensions` (only those: the others unmade)."""
        import pandas as pd  # lazy: frames only for the callers that want them

        out: dict[str, object] = {}
        for name in names:
            array = self.figures[name]
            if array.dtype == np.int8:  # levels and targets
                out[name] = pd.arrays.IntegerArray(array, array == 0)
            elif array.dtype == bool:  # status
                codes = (~array).astype(np.int8)
                out[name] = pd.Categorical.from_codes(codes, categories=STATUS)
            else:
                out[name] = array
        return pd.DataFrame(out, index=self.index, copy=False)

    @cached_property
    def rules(self) -> pd.DataFrame:
        """Bool frame, one column per rule id."""
        import pandas as pd  # lazy: frames only for the callers that want them

        return pd.DataFrame(self.fired_rules, index=self.index, columns=self.rule_ids, dtype=bool)

    @cached_property
    def problems(self) -> pd.DataFrame:
        """Invalid answers: row (the input frame's label), item, value, reason."""
        import pandas as pd  # lazy: frames only for the callers that want them

        labels = self.index if self.index is not None else pd.RangeIndex(self.n)
        return pd.DataFrame(
            {
                "row": [labels[p.row] for p in self.invalid],
                "item": [p.item for p in self.invalid],
                "value": pd.Series([p.value for p in self.invalid], dtype=object),
                "reason": [p.reason for p in self.invalid],
            }
        )

    def item_frame(self) -> pd.DataFrame:
        """Item scores as a nullable frame (<NA> where not scored): integers when every code
        is its own score (the bundled rubric), else floats."""
        import pandas as pd  # lazy: frames only for the callers that want them

        if not any(t is not None for t in self.tables or []):
            frame = pd.DataFrame(self.codes, index=self.index, columns=self.items).astype("Int8")
            return frame.mask(frame <= 0)
        scores = self.item_values()
        return pd.DataFrame(scores, index=self.index, columns=self.items).astype("Float64")


def score_frame(
    answers: pd.DataFrame,
    questionnaire: Questionnaire,
    rubric: Rubric,
    targets: np.ndarray | None = None,
) -> Scored:
    """Score every row of ``answers`` (columns are item ids; see :func:`score_columns`)."""
    columns = {name: frame_column(answers[name]) for name in answers.columns}
    scored = score_columns(columns, len(answers), questionnaire, rubric, targets)
    scored.index = answers.index
    return scored


def frame_column(series: pd.Series) -> Raw:
    """A frame's column as the engine takes it: numbers as float, other cells coded."""
    import pandas as pd  # lazy: only a frame's column is converted

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return Coded(series.array.codes, list(dtype.categories))  # read-only view, no copy
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if dtype == np.float64:
            return np.asarray(series.to_numpy())  # the column itself, no copy
        numbers: np.ndarray = series.to_numpy(dtype=float, na_value=np.nan)
        return numbers
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return Coded(codes, list(uniques))


def score_columns(
    columns: Mapping[str, Raw],
    n: int,
    questionnaire: Questionnaire,
    rubric: Rubric,
    targets: np.ndarray | None = None,
) -> Scored:
    """Score N responses given as one array per item id (numbers as float with NaN, other
    cells as object arrays or :class:`Coded`) with ``rubric``.

    ``targets``: each row's target level per dimension (n x d, the rubric's dimension order);
    by default the rubric's targets for every row.
    """
    item_defs = scored_items(questionnaire, rubric)
    metrics = rubric_metrics(rubric)
    rubric_items = {ri.item: ri for dim in rubric.dimensions.values() for ri in dim.items}
    referenced = _condition_items(questionnaire, rubric)
    cache: dict[str, Encoded] = {}  # only the items that conditions refer to

    def encoded(item_id: str) -> Encoded:
        found = cache.get(item_id)
        if found is None:
            item = item_defs[item_id]
            found = encode(
                columns.get(item_id),
                item,
                n,
                _scale(questionnaire, item),
                rubric_items.get(item_id),
            )
            if item_id in referenced:
                cache[item_id] = found
        return found

    def item_lookup(kind: str, name: str) -> tuple[Values, np.ndarray]:
        return encoded(name).values(item_defs[name])

    skipped = skipped_items(questionnaire, item_lookup, n)
    for item_id, col in cache.items():  # skipped answers never feed rules
        if item_id in skipped:
            col.leave_out(skipped[item_id])
    item_ids = list(rubric_items)
    by_item = np.empty((len(item_ids), n), dtype=np.int8)  # one contiguous row per item
    tables: list[np.ndarray | None] = [None] * len(item_ids)
    position = {item_id: j for j, item_id in enumerate(item_ids)}
    invalid: list[InvalidAnswer] = []
    plan: list[tuple[Item, ScoreCodes | None]] = [
        (item, item_score_codes(item, rubric_items[item.id], questionnaire, rubric)
         if item.id in position else None)
        for item in [*questionnaire.items(), *metrics.values()]
        if item.id in columns or item.id in position
    ]  # fmt: skip

    def straight(item: Item, lut: np.ndarray) -> Callable[[], Encoded]:
        """Score codes straight from the answers, in one pass, into the item's row."""
        scale, rule = _scale(questionnaire, item), rubric_items[item.id]
        row = by_item[position[item.id]]
        return lambda: encode(columns.get(item.id), item, n, scale, rule, lut, out=row)

    jobs = [(item.id, straight(item, coded.lut)) for item, coded in plan
            if coded is not None and item.id not in referenced]  # fmt: skip
    with ahead(jobs, n) as take:
        for item, coded in plan:
            if coded is None or item.id in referenced:
                col = encoded(item.id)  # answer options
            else:
                col = take(item.id)
            if item.id in skipped and item.id not in cache:
                col.leave_out(skipped[item.id])
            if item.id in metrics:  # no audit data: the measure is left out, not missing
                absent = col.options == 0
                if col.invalid is not None:
                    absent &= ~col.invalid
                put(col.options, absent, LEFT_OUT)
            if coded is not None:
                j = position[item.id]
                if col.options.dtype == np.int16:  # answer options: their score codes
                    by_item[j] = coded.of(col.options)
                elif not np.shares_memory(col.options, by_item[j]):
                    by_item[j] = col.options
                tables[j] = coded.table
            if col.invalid is not None and col.reasons is not None:
                raw = columns[item.id]
                for row in np.flatnonzero(col.invalid).tolist():
                    invalid.append(
                        InvalidAnswer(row, item.id, _cell(raw, row), str(col.reasons[row]))
                    )
            del col  # one column at a time: memory stays near the code matrix
    codes = by_item.T  # responses x items, column-major
    figures = aggregate(codes, tables, item_ids, rubric, row_targets(rubric, n, targets))

    figure_values: dict[str, tuple[Values, np.ndarray]] = {}  # each figure once, for all rules

    def lookup(kind: str, name: str) -> tuple[Values, np.ndarray]:
        if kind == "item":
            return item_lookup(kind, name)
        key = f"{name}_{kind}"
        if key not in figure_values:
            values = figures[key]
            if kind == "level":  # 0: no level (every comparison is also 'answered')
                figure_values[key] = values, values > 0
            else:
                figure_values[key] = values, ~np.isnan(values)
        return figure_values[key]

    rule_ids = [rule.id for rule in rubric.rules]
    by_rule = np.empty((len(rule_ids), n), dtype=bool)  # one contiguous row per rule
    for k, each in enumerate(rubric.rules):
        evaluate(each.when, lookup, n, out=by_rule[k])
    fired = by_rule.T  # responses x rules, column-major
    return Scored(
        rubric,
        questionnaire,
        n,
        item_ids,
        codes,
        figures,
        rule_ids,
        fired,
        invalid,
        tables,
        skipped=skipped,
    )


def _cell(raw: Raw, row: int) -> object:
    """The cell a respondent gave, as given."""
    if isinstance(raw, Coded):
        code = int(raw.codes[row])
        return raw.categories[code] if code >= 0 else None
    cell = raw[row]
    return cell.item() if isinstance(cell, np.generic) else cell


def item_score_codes(
    item: Item, rule: RubricItem, questionnaire: Questionnaire, rubric: Rubric
) -> ScoreCodes:
    """The score code of each answer option of a rubric item, and their table."""
    return score_codes(answer_scores(item, rule, _scale(questionnaire, item), rubric.score_range))


def _scale(questionnaire: Questionnaire, item: Item) -> Scale | None:
    """The scale of an agreement item (None for other items and network measures)."""
    return questionnaire.scale_of(item) if item.type == "agreement" else None


def possible_scores(questionnaire: Questionnaire, rubric: Rubric) -> dict[str, list[float]]:
    """Per rubric item, the score of each of its answer options."""
    items = scored_items(questionnaire, rubric)
    out = {}
    for dim in rubric.dimensions.values():
        for ri in dim.items:
            item = items[ri.item]
            scale = _scale(questionnaire, item)
            out[ri.item] = [float(s) for s in answer_scores(item, ri, scale, rubric.score_range)]
    return out


def whole_scored(questionnaire: Questionnaire, rubric: Rubric) -> set[str]:
    """The rubric items whose every possible score is a whole number (all of the bundled
    rubric's are)."""
    scores = possible_scores(questionnaire, rubric)
    return {item for item, each in scores.items() if all(s.is_integer() for s in each)}


def item_values(codes: np.ndarray, tables: Sequence[np.ndarray | None]) -> np.ndarray:
    """Item scores (float, NaN where not scored) of score codes (responses x items)."""
    out = np.where(codes > 0, codes, np.nan).astype(float)
    for j, table in enumerate(tables):
        if table is not None:
            out[:, j] = np.where(codes[:, j] > 0, table[np.maximum(codes[:, j], 0)], np.nan)
    return out


def skipped_items(questionnaire: Questionnaire, lookup: Lookup, n: int) -> dict[str, np.ndarray]:
    """Per item with ``when:``, the rows where it was not asked.

    An item whose condition refers to a skipped item is skipped too, because
    a skipped answer never satisfies a comparison.
    """
    skipped: dict[str, np.ndarray] = {}

    def masked_lookup(kind: str, name: str) -> tuple[Values, np.ndarray]:
        values, answered = lookup(kind, name)
        if name in skipped:
            answered = answered & ~skipped[name]
        return values, answered

    masks: dict[tuple[str, tuple[bool, ...]], np.ndarray] = {}  # one per distinct condition
    for item in questionnaire.items():
        if item.when is not None:
            names = tuple(c.subject[1] for c in clauses(item.when))
            key = (repr(item.when), tuple(name in skipped for name in names))
            if key not in masks:  # e.g. every item asked only where the DAF exists
                masks[key] = ~evaluate(item.when, masked_lookup, n)
                masks[key].flags.writeable = False  # shared by the items it skips
            skipped[item.id] = masks[key]
    return skipped


def _condition_items(questionnaire: Questionnaire, rubric: Rubric) -> set[str]:
    conditions = [item.when for item in questionnaire.items() if item.when is not None]
    conditions += [rule.when for rule in rubric.rules]
    return {c.subject[1] for cond in conditions for c in clauses(cond) if c.item is not None}


def asked_rows(
    columns: Mapping[str, Raw], n: int, questionnaire: Questionnaire
) -> dict[str, np.ndarray]:
    """Per item, True where it is asked given the answers so far (skip logic)."""
    item_defs = questionnaire.item_map()

    def lookup(kind: str, name: str) -> tuple[Values, np.ndarray]:
        item = item_defs[name]
        col = encode(columns.get(name), item, n, _scale(questionnaire, item))
        return col.values(item)

    skipped = skipped_items(questionnaire, lookup, n)
    return {
        item.id: ~skipped[item.id] if item.id in skipped else np.ones(n, bool)
        for item in questionnaire.items()
    }


def asked(answers: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Boolean frame: True where an item is asked, given the answers so far (skip logic)."""
    import pandas as pd  # lazy: frames only for the callers that want them

    columns = {name: frame_column(answers[name]) for name in answers.columns}
    rows = asked_rows(columns, len(answers), questionnaire)
    return pd.DataFrame(rows, index=answers.index, copy=False)  # fresh arrays: no block copy
