"""Cross-reference checks between a questionnaire and a rubric, and the rubric linter.

Each check returns lines ``file: field.path: message``; nothing stops at the first problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path

from amc_assess import instrument_cache
from amc_assess.condition_checks import CLOSE, condition_refs, did_you_mean
from amc_assess.loading import InvalidInput, lenient, load_questionnaire, load_rubric
from amc_assess.metrics import METRICS, metric_item
from amc_assess.models import Item, Questionnaire, Rubric, RubricItem, Scale
from amc_assess.names import shown
from amc_assess.resources import default_questionnaire, default_rubric


def check_questionnaire(q: Questionnaire, path: str) -> list[str]:
    """Unique ids, known scales, skip logic referring to earlier items."""
    errors: list[str] = []
    seen: dict[str, str] = {}
    section_ids: set[str] = set()
    for s, section in enumerate(q.sections):
        if section.id in section_ids:
            errors.append(f"{path}: sections[{s}].id: duplicate section id {section.id!r}")
        section_ids.add(section.id)
        for i, item in enumerate(section.items):
            here = f"sections[{s}].items[{i}]"
            if item.id in seen:
                errors.append(
                    f"{path}: {here}.id: duplicate item id {item.id!r} (first at {seen[item.id]})"
                )
            if item.type == "agreement" and item.scale not in q.scales:
                known = ", ".join(q.scales)
                errors.append(
                    f"{path}: {here}.scale: unknown scale {item.scale!r} (known: {known})"
                )
            if item.when is not None:
                errors += condition_refs(
                    item.when, f"{here}.when", path, q, earlier=set(seen), allow_scores=False
                )
            seen.setdefault(item.id, here)
    return errors


def check_rubric(r: Rubric, q: Questionnaire, path: str, qpath: str) -> list[str]:
    """Every rubric reference exists in the questionnaire with a compatible type."""
    errors: list[str] = []
    if r.questionnaire != q.id:
        errors.append(f"{path}: questionnaire: {r.questionnaire!r} but {qpath} has id {q.id!r}")
    for k, level in enumerate(r.levels):
        if level.level != k + 1:
            errors.append(f"{path}: levels[{k}].level: expected {k + 1}, found {level.level}")
        if k and level.min <= r.levels[k - 1].min:
            errors.append(
                f"{path}: levels[{k}].min: thresholds must ascend "
                f"({level.min:g} is not above {r.levels[k - 1].min:g})"
            )
    low, high = r.score_range
    if r.levels[0].min != low:
        errors.append(
            f"{path}: levels[0].min: the lowest level must start at {low:g}, the lowest score "
            f"(found {r.levels[0].min:g})"
        )
    top = len(r.levels)
    if r.levels[-1].min > high:
        errors.append(
            f"{path}: levels[{top - 1}].min: must be at most {high:g}, the highest score, so "
            "the top level can be reached"
        )
    items = q.item_map()
    placed: dict[str, str] = {}
    meant: set[str] = set()  # items a misspelt id stands for: no knock-on lines about them
    rubric_ids = {ri.item for dim in r.dimensions.values() for ri in dim.items}
    for dim_id, dim in r.dimensions.items():
        here = f"dimensions.{dim_id}"
        if dim.target > top:
            errors.append(f"{path}: {here}.target: level {dim.target} does not exist {_of(top)}")
        for name, given in (
            ("descriptors", dim.descriptors),
            ("recommendations", dim.recommendations),
        ):
            extra = sorted(k for k in given if not 1 <= k <= top)
            if extra:
                errors.append(f"{path}: {here}.{name}: level {extra[0]} does not exist {_of(top)}")
        for i, ri in enumerate(dim.items):
            at = f"{here}.items[{i}]"
            if ri.metric is not None:
                errors += _metric_problems(ri, at, path, qpath, items, placed)
                if metric_item(ri.metric) is None:  # misspelt: the measure it stands for
                    known = [f"network_{m}" for m in METRICS]
                    meant.update(difflib.get_close_matches(ri.item, known, 1, CLOSE))
                continue
            if ri.item not in items:
                unscored = [i for i in items if i not in rubric_ids]
                hint = did_you_mean(ri.item, unscored)
                errors.append(f"{path}: {at}.item: {ri.item!r} is not an item of {qpath}{hint}")
                meant.update(difflib.get_close_matches(ri.item, unscored, 1, CLOSE))
                continue
            if ri.item in placed:
                errors.append(
                    f"{path}: {at}.item: {ri.item!r} is already scored at {placed[ri.item]}"
                )
            placed.setdefault(ri.item, at)
            item = items[ri.item]
            scale = q.scale_named(item.scale or "agree5") if item.type == "agreement" else None
            errors += [f"{path}: {at}{m}" for m in _item_fit(ri, item, scale)]
    for s, section in enumerate(q.sections):
        if section.dimension is None:
            continue
        if section.dimension not in r.dimensions:
            errors.append(
                f"{qpath}: sections[{s}].dimension: "
                f"{section.dimension!r} is not a dimension of {path}"
            )
            continue
        for item in section.items:
            if item.type not in ("text", "contacts") and item.id not in {*placed, *meant}:
                errors.append(
                    f"{path}: dimensions.{section.dimension}.items: {item.id!r} "
                    f"(section {section.id!r}) is not scored: add it to the dimension's "
                    f"items (- item: {item.id}), or move it to a section no dimension scores"
                )
    rule_ids: set[str] = set()
    for k, rule in enumerate(r.rules):
        if rule.id in rule_ids:
            errors.append(f"{path}: rules[{k}].id: duplicate rule id {rule.id!r}")
        rule_ids.add(rule.id)
        if rule.dimension is not None and rule.dimension not in r.dimensions:
            errors.append(f"{path}: rules[{k}].dimension: {rule.dimension!r} is not a dimension")
        found = condition_refs(
            rule.when, f"rules[{k}].when", path, q, dimensions=set(r.dimensions), rubric=r
        )
        errors += [e for e in found if not any(f"{m!r} is not an item" in e for m in meant)]
    return errors + advice_refs(r, path, meant)


def advice_refs(r: Rubric, path: str, meant: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Advice thresholds on the item score scale; every practice a recommendation or rule
    addresses is scored by the rubric (by the recommendation's own dimension). ``meant``:
    items whose rubric entry is misspelt (said once, where it is), not repeated here."""
    errors: list[str] = []
    everywhere = {  # never a misspelt measure, as the practice meant
        ri.item
        for dim in r.dimensions.values()
        for ri in dim.items
        if ri.metric is None or metric_item(ri.metric) is not None
    }
    low, high = r.score_range
    for dim_id, dim in r.dimensions.items():
        here = f"dimensions.{dim_id}"
        for i, ri in enumerate(dim.items):
            if ri.advice is not None and not low < ri.advice.below <= high:
                errors.append(
                    f"{path}: {here}.items[{i}].advice.below: must be above {low:g} and at "
                    f"most {high:g}, the item score range (found {ri.advice.below:g})"
                )
        own = {ri.item for ri in dim.items}
        for level, recs in dim.recommendations.items():
            for k, rec in enumerate(recs):
                for j, item in enumerate(rec.addresses):
                    if item not in own and item not in meant:
                        errors.append(
                            f"{path}: {here}.recommendations.{level}[{k}].addresses[{j}]: "
                            f"{item!r} is not an item of dimension {dim_id}"
                            + did_you_mean(item, sorted(own))
                        )
    for k, rule in enumerate(r.rules):
        for field in ("addresses", "tempers"):
            for j, item in enumerate(getattr(rule, field)):
                if item not in everywhere and item not in meant:
                    errors.append(
                        f"{path}: rules[{k}].{field}[{j}]: {item!r} is not an item of the rubric"
                        + did_you_mean(item, sorted(everywhere))
                    )
    return errors


def _metric_problems(
    ri: RubricItem, at: str, path: str, qpath: str, items: dict[str, Item], placed: dict[str, str]
) -> list[str]:
    """A network measure: known by name, scored once, banded over 0..1 like a number item."""
    assert ri.metric is not None
    item = metric_item(ri.metric)
    if item is None:
        known = ", ".join(METRICS)
        hint = did_you_mean(ri.metric, list(METRICS))
        return [f"{path}: {at}.metric: {ri.metric!r} is not a network measure{hint} (known: "
                f"{known})"]  # fmt: skip
    if ri.item in items:
        return [f"{path}: {at}.metric: {ri.item!r} is also an item id in {qpath}"]
    if ri.item in placed:
        return [f"{path}: {at}.metric: {ri.metric!r} is already scored at {placed[ri.item]}"]
    placed[ri.item] = at
    return [f"{path}: {at}{m}" for m in _item_fit(ri, item)]


def _of(top: int) -> str:
    return f"(levels are 1..{top})"


def _item_fit(ri: RubricItem, item: Item, scale: Scale | None = None) -> list[str]:
    """Problems fitting a rubric entry to its item (``scale``: an agreement item's, when the
    questionnaire has it); each starts with its sub-path."""
    t = item.type
    out = []
    if t == "text":
        return [f".item: {item.id!r} is a text item and cannot be scored"]
    if t == "contacts":  # a roster of named colleagues: amc network analyses it
        return [
            f".item: {item.id!r} is a contacts item (a list of named colleagues) and cannot "
            "be scored; analyze it with amc network"
        ]
    if ri.reverse != item.reverse_worded:
        which = "reverses" if ri.reverse else "does not reverse"
        worded = "is" if item.reverse_worded else "is not"
        out.append(f".reverse: rubric {which} {item.id!r} but the item {worded} reverse_worded")
    if ri.map is not None and t not in ("agreement", "yesno", "choice"):
        out.append(
            f".map: {item.id!r} is a {t} item; 'map' applies to agreement, yesno and choice items"
        )
    if ri.bands is not None and t != "number":
        out.append(f".bands: {item.id!r} is a {t} item; 'bands' apply to number items")
    if t == "agreement" and ri.map is not None and scale is not None:
        known = [str(code) for code in scale.codes]
        out += _map_coverage(ri.map, known, f"code(s) {{}} of {item.id!r}",
                             f"{{!r}} is not a code of scale {item.scale!r}")  # fmt: skip
    if t in ("yesno", "choice"):
        if t == "choice" and ri.map is None:
            out.append(
                f".map: choice item {item.id!r} needs a map from each option code to a score"
            )
        elif ri.map is not None:
            out += _map_coverage(ri.map, item.codes(), f"option(s) {{}} of {item.id!r}",
                                 f"{{!r}} is not an option of {item.id!r}")  # fmt: skip
    if t == "number":
        out += _band_problems(ri, item)
    return out


def _band_problems(ri: RubricItem, item: Item) -> list[str]:
    bands = ri.bands
    if not bands:
        return [f".bands: number item {item.id!r} needs bands mapping values to scores"]
    out = []
    assert item.min is not None and item.max is not None
    if bands[0].min != item.min:
        out.append(
            f".bands[0].min: bands must start at the item's min {item.min:g}, not {bands[0].min:g}"
        )
    if bands[-1].max != item.max:
        last = len(bands) - 1
        out.append(
            f".bands[{last}].max: bands must end at the item's max {item.max:g}, "
            f"not {bands[-1].max:g}"
        )
    for k, band in enumerate(bands):
        if band.min >= band.max:
            out.append(f".bands[{k}]: min {band.min:g} must be below max {band.max:g}")
        if k and band.min != bands[k - 1].max:
            out.append(
                f".bands[{k}].min: bands must be contiguous "
                f"({band.min:g} does not continue from {bands[k - 1].max:g})"
            )
        if k and band.score < bands[k - 1].score:
            out.append(f".bands[{k}].score: scores must not fall as the value rises")
    return out


def load_pair(qpath: str | Path, rpath: str | Path) -> tuple[Questionnaire, Rubric]:
    """Load and cross-check a questionnaire and a rubric; raise InvalidInput with every problem.

    A pair that checked cleanly before is taken from :mod:`amc_assess.instrument_cache`."""
    name = instrument_cache.key(qpath, rpath)
    kept = instrument_cache.get(name)
    if kept is not None:
        return kept
    errors: list[str] = []
    q = r = None
    try:
        q = load_questionnaire(qpath)
    except InvalidInput as exc:
        errors += exc.errors
    partial = None
    try:
        r = load_rubric(rpath)
    except InvalidInput as exc:
        errors += exc.errors
        if q is not None and not any(e.startswith(f"{rpath}: line ") for e in exc.errors):
            partial = lenient(Rubric, rpath)  # its other problems too, in the same run
    if q is not None:
        errors += check_questionnaire(q, str(qpath))
        checked = r if r is not None else partial
        if checked is not None:
            errors += check_rubric(checked, q, str(rpath), str(qpath))
    if errors:
        raise InvalidInput(errors)
    assert q is not None and r is not None
    instrument_cache.put(name, (q, r))
    return q, r


# ------------------------------------------ questionnaires no rubric scores (the audit)
def is_scored(q: Questionnaire) -> bool:
    """Whether a rubric applies: some section is scored (a relationship audit has none)."""
    return any(section.dimension is not None for section in q.sections)


def load_questionnaire_alone(qpath: str | Path) -> Questionnaire:
    """Load and check a questionnaire without a rubric; raise InvalidInput with every problem."""
    q = load_questionnaire(qpath)
    errors = check_questionnaire(q, str(qpath))
    if errors:
        raise InvalidInput(errors)
    return q


def unscored_questionnaire(qpath: str | Path) -> Questionnaire | None:
    """The questionnaire at ``qpath``, checked alone, when no section is scored (else None)."""
    q = load_questionnaire_alone(qpath)
    return None if is_scored(q) else q


def instrument(
    questionnaire: str | Path | None = None, rubric: str | Path | None = None
) -> tuple[Questionnaire, Rubric]:
    """Load and cross-check a questionnaire and rubric (bundled defaults when None)."""
    qpath = shown(questionnaire or default_questionnaire())
    rpath = shown(rubric or default_rubric())
    return load_pair(qpath, rpath)


def _map_coverage(
    mapping: Mapping[str, object], codes: Sequence[str], missing_what: str, unknown_what: str
) -> list[str]:
    """A map must score every code and only codes: ``.map: no score for …`` and
    ``.map: 'x' is not …`` lines (``missing_what``/``unknown_what`` take the codes)."""
    out = []
    missing = [c for c in codes if c not in mapping]
    unknown = [c for c in mapping if c not in codes]
    if missing:
        out.append(f".map: no score for {missing_what.format(', '.join(missing))}")
    if unknown:
        out.append(f".map: {unknown_what.format(unknown[0])}")
    return out
