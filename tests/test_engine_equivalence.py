"""The engine against an independent, row-by-row recomputation in exact fractions, on random
instruments: scales of 2..9 points with explicit and reversed codes, score ranges, maps,
reverse keys, number bands, yes/no and choice items, don't-know, not-applicable, invalid
cells, skip logic, weights, 2..7 levels and per-row targets. Every form of input (object
cells, typed columns, categoricals) and every kernel implementation (Python loops, C, numba) must
give the same figures."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amc_assess.models import Questionnaire, Rubric
from amc_assess.scoring import score_frame

EPS = Fraction(1, 10**6)
SPECIALS = [None, "dont_know", "not_applicable", "bogus"]


@st.composite
def instruments(draw):
    low = draw(st.sampled_from([0, 1, 1, 10]))
    high = low + draw(st.sampled_from([4, 4, 6, 90]))
    items, rules = [], {}
    dims = [f"d{k}" for k in range(draw(st.integers(1, 3)))]
    sections = []
    for dim in dims:
        section = []
        gate = f"{dim}_gate"
        section.append({"id": gate, "type": "yesno", "text": "Gate?"})
        rules[gate] = {"item": gate, "weight": draw(st.sampled_from([1, 2, 0.5]))}
        for k in range(draw(st.integers(1, 5))):
            item_id = f"{dim}_i{k}"
            kind = draw(st.sampled_from(["agreement", "agreement", "number", "choice"]))
            item: dict = {"id": item_id, "type": kind, "text": "Q?"}
            rule: dict = {"item": item_id, "weight": draw(st.sampled_from([1, 2, 0.5]))}
            if draw(st.booleans()):
                item["not_applicable"] = True
            if draw(st.integers(0, 3)) == 0:
                item["when"] = {"item": gate, "eq": "yes"}
            if kind == "agreement":
                points = draw(st.integers(2, 9))
                scale = f"s_{item_id}"
                spec: dict = {"labels": [f"L{p}" for p in range(points)]}
                if draw(st.booleans()):
                    spec["codes"] = sorted(draw(st.lists(st.integers(0, 20), min_size=points,
                                                         max_size=points, unique=True)))  # fmt: skip
                if draw(st.booleans()):
                    spec["reversed"] = True
                item["scale"] = scale
                items.append((scale, spec))
                rule["reverse"] = draw(st.booleans())
                if draw(st.integers(0, 3)) == 0:
                    code = (spec.get("codes") or list(range(1, points + 1)))[0]
                    rule["map"] = {str(code): high - Fraction(high - low, 4)}
            elif kind == "number":
                item.update(min=0, max=100, integer=draw(st.booleans()))
                cuts = sorted(draw(st.lists(st.integers(1, 99), max_size=3, unique=True)))
                edges = [0, *cuts]
                rule["bands"] = [
                    {"min": a, "max": b, "score": draw(st.sampled_from([low, high, (low + high) / 2]))}
                    for a, b in zip(edges, [*cuts, 100], strict=True)
                ]  # fmt: skip
            else:
                item["options"] = [{"code": c, "label": c} for c in ("x", "y", "z")]
                rule["map"] = {c: draw(st.sampled_from([low, high, low + 1])) for c in "xyz"}
            section.append(item)
            rules[item_id] = rule
        sections.append({"id": dim, "dimension": dim, "items": section})
    n_levels = draw(st.integers(2, 7))
    span = Fraction(high - low)
    mins = [low + span * k / n_levels for k in range(n_levels)]
    q = Questionnaire.model_validate({
        "id": "t", "version": "1", "scales": {name: spec for name, spec in items},
        "sections": sections,
    })  # fmt: skip
    r = Rubric.model_validate({
        "id": "t", "version": "1", "questionnaire": "t", "score_range": [low, high],
        "levels": [{"level": k + 1, "name": f"L{k}", "min": float(m)} for k, m in enumerate(mins)],
        "missing": {"min_answered_share": draw(st.sampled_from([0.3, 0.6, 1.0]))},
        "overall": {"require_all_dimensions": draw(st.booleans())},
        "dimensions": {
            dim: {"weight": draw(st.sampled_from([1, 2])),
                  "items": [{k: (float(v) if isinstance(v, Fraction) else v) for k, v in rule.items()}
                            | ({"map": {c: float(s) for c, s in rule["map"].items()}} if "map" in rule else {})
                            for i, rule in rules.items() if i.startswith(dim + "_")]}
            for dim in dims
        },
    })  # fmt: skip
    return q, r


def cell_strategy(q: Questionnaire, item_id: str) -> st.SearchStrategy:
    item = q.item_map()[item_id]
    if item.type == "agreement":
        codes = list(q.scale_of(item).codes)
        base = st.sampled_from(codes) | st.sampled_from([max(codes) + 1, 2.5])
    elif item.type == "number":
        base = st.integers(0, 100) | st.sampled_from([0.5, 150])
    elif item.type == "yesno":
        base = st.sampled_from(["yes", "no"])
    else:
        base = st.sampled_from(["x", "y", "z"])
    return base | st.sampled_from(SPECIALS)


def exact_round(x: Fraction) -> Fraction:
    """``x`` to six decimals, ties to even."""
    exact = Decimal(x.numerator) / Decimal(x.denominator)
    return Fraction(exact.quantize(Decimal("0.000001"), ROUND_HALF_EVEN))


def reference(q: Questionnaire, r: Rubric, row: dict, targets: list[int]) -> dict:
    """One row's figures, computed from the documented rules in exact fractions."""
    low, high = (Fraction(v) for v in r.score_range)
    items = q.item_map()
    thresholds = [Fraction(t) for t in r.thresholds()]

    def asked(item_id: str) -> bool:
        when = items[item_id].when
        return when is None or (asked(when.item) and row.get(when.item) == "yes")

    def score(item_id: str, rule) -> tuple[str, Fraction | None]:
        item, cell = items[item_id], row.get(item_id)
        if not asked(item_id):
            return "out", None
        if cell in (None, "dont_know"):
            return "missing", None
        if cell == "not_applicable":
            return ("out", None) if item.not_applicable else ("missing", None)
        if item.type == "agreement":
            scale = q.scale_of(item)
            if cell not in scale.codes:
                return "missing", None
            rank = scale.ranks[scale.codes.index(cell)]
            s = low + (high - low) * rank / (scale.points - 1)
            if rule.map and str(cell) in rule.map:
                s = Fraction(rule.map[str(cell)])
            return "ok", (low + high - s if rule.reverse else s)
        if item.type == "number":
            if (
                not isinstance(cell, int | float)
                or not 0 <= cell <= 100
                or (item.integer and cell != int(cell))
            ):
                return "missing", None
            band = [b for b in rule.bands if b.min <= cell][-1]
            return "ok", Fraction(band.score)
        if cell not in item.codes():
            return "missing", None
        mapping = {"yes": high, "no": low} if item.type == "yesno" else {}
        mapping.update({c: Fraction(v) for c, v in (rule.map or {}).items()})
        return "ok", mapping[cell]

    def level(s: Fraction) -> int:
        return max(k + 1 for k, t in enumerate(thresholds) if s + EPS >= t)

    out: dict = {}
    total = weight = done = need = Fraction(0)
    scored = 0
    for (dim_id, dim), target in zip(r.dimensions.items(), targets, strict=True):
        num = den = Fraction(0)
        answered = left_out = 0
        for ri in dim.items:
            state, s = score(ri.item, ri)
            if state == "ok":
                num, den, answered = (
                    num + Fraction(ri.weight) * s,
                    den + Fraction(ri.weight),
                    answered + 1,
                )
            left_out += state == "out"
        applicable = len(dim.items) - left_out
        share = Fraction(answered, applicable) if applicable else Fraction(0)
        out[f"{dim_id}_answered"], out[f"{dim_id}_applicable"] = answered, applicable
        out[f"{dim_id}_answered_share"] = float(share)
        if applicable and share + EPS >= Fraction(r.missing.min_answered_share) and den:
            s = exact_round(num / den)
            lv = level(s)
            out[f"{dim_id}_score"], out[f"{dim_id}_level"] = float(s), lv
            nxt = thresholds[lv] - s if lv < len(thresholds) else Fraction(0)
            out[f"{dim_id}_gap_to_next"] = float(max(nxt, Fraction(0)))
            out[f"{dim_id}_gap_to_target"] = float(max(thresholds[target - 1] - s, Fraction(0)))
            steps = min(lv, target) - 1
            out[f"{dim_id}_percent_to_target"] = (
                float(Fraction(steps, target - 1)) if target > 1 else 1.0
            )
            total, weight = total + s * Fraction(dim.weight), weight + Fraction(dim.weight)
            done, need, scored = done + steps, need + target - 1, scored + 1
        else:
            out[f"{dim_id}_level"] = 0
    if scored and not (r.overall.require_all_dimensions and scored < len(r.dimensions)):
        s = exact_round(total / weight)
        out["overall_score"], out["overall_level"] = float(s), level(s)
        out["overall_percent_to_target"] = float(done / need) if need else 1.0
    else:
        out["overall_level"] = 0
    return out


def typed(frame: pd.DataFrame, q: Questionnaire) -> pd.DataFrame:
    """The cells as a survey export read with pandas has them: numbers, categoricals."""
    out = {}
    for column in frame.columns:
        item = q.item_map()[column]
        cells = frame[column]
        if item.type in ("agreement", "number"):
            numbers = pd.to_numeric(cells, errors="coerce")
            out[column] = numbers if numbers.notna().sum() == cells.notna().sum() else cells
        else:
            out[column] = cells.astype("category")
    return pd.DataFrame(out)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(data=st.data())
def test_engine_equals_an_exact_recomputation_in_every_form(data, monkeypatch_module):
    q, r = data.draw(instruments())
    ids = [item.id for item in q.items()]
    rows = data.draw(st.lists(st.fixed_dictionaries({i: cell_strategy(q, i) for i in ids}),
                              min_size=1, max_size=12))  # fmt: skip
    n_levels = len(r.levels)
    targets = np.array(data.draw(st.lists(st.lists(st.integers(1, n_levels), min_size=len(r.dimensions),
                       max_size=len(r.dimensions)), min_size=len(rows), max_size=len(rows))), np.int8)  # fmt: skip
    want = [reference(q, r, row, list(t)) for row, t in zip(rows, targets.tolist(), strict=True)]
    frame = pd.DataFrame(rows, columns=ids, dtype=object)
    first: dict[str, np.ndarray] = {}
    for mode in ("python", "c", "numba"):
        monkeypatch_module.setenv("AMC_KERNELS", mode)
        for form in (frame, typed(frame, q)):
            scored = score_frame(form, q, r, targets)
            for name, array in scored.figures.items():  # every implementation: to the bit
                same = np.array_equal(first.setdefault(name, array), array, equal_nan=True)
                assert same, (mode, name)
            for pos, expected in enumerate(want):
                for name, value in expected.items():
                    got = scored.figures[name][pos]
                    if isinstance(value, float):
                        assert got == pytest.approx(value, abs=1e-9), (mode, name, pos)
                    else:
                        assert got == value, (mode, name, pos)
                for name in scored.figures:
                    if name.endswith(("_score", "_gap_to_next")) and name not in expected:
                        assert np.isnan(scored.figures[name][pos]), (name, pos)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch
