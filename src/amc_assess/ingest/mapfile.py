"""``--map map.yaml``: source columns to items, answer labels to codes, metadata columns.

```yaml
profile: limesurvey              # optional: the export layout (else detected)
columns:                         # source column -> item id, or item id plus its own labels
  "C1[SQ001]": str_exit_terms
  "C2": {item: daf_reporting, values: {"Chief executive": ceo, "Nobody": none}}
values:                          # labels -> codes for every column ("dont_know" etc. allowed)
  "Very dissatisfied": 1
  "Trifft zu": 4
non_answers:                     # labels or codes that mean no answer, in every column
  dont_know: ["Unfamiliar (N/A)", -9]
  not_applicable: [-2]
meta: {firm: Company, respondent: id}   # metadata columns by name
ignore: ["A1", "A2"]             # columns to leave out on purpose
unmatched: error                 # or ignore: columns that match nothing are then skipped
```

A ``columns:`` or ``meta:`` entry naming a column that no input has is an error (with the map
file's line), so a renamed export column never turns into silent "don't know".
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, PrivateAttr, field_validator

from amc_assess.answertext import DONT_KNOW, NOT_APPLICABLE, normalize
from amc_assess.ingest.codebooks import code_key
from amc_assess.ingest.values import coder
from amc_assess.loading import InvalidInput, parse
from amc_assess.models import Item, Questionnaire
from amc_assess.models.base import Model, empty_dict, empty_list
from amc_assess.yamlio import FileError, SafeLoader12, read_data

PROFILES = ("items", "qualtrics", "google_forms", "limesurvey", "redcap", "surveymonkey")
META_FIELDS = ("firm", "respondent", "side", "level", "function", "role", "year", "date")
MapValue = int | float | str
Profile = Literal["items", "qualtrics", "google_forms", "limesurvey", "redcap", "surveymonkey"]
MetaField = Literal["firm", "respondent", "side", "level", "function", "role", "year", "date"]


def _keys_as_codes(value: object) -> object:
    if isinstance(value, dict):
        return {code_key(k): v for k, v in value.items()}
    return value


class ColumnMap(Model):
    item: str
    values: dict[str, MapValue] = Field(default_factory=empty_dict)

    @field_validator("values", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        return _keys_as_codes(value)


class NonAnswers(Model):
    """Labels or codes that mean "don't know" or "not applicable" in every column."""

    dont_know: list[MapValue] = Field(default_factory=empty_list)
    not_applicable: list[MapValue] = Field(default_factory=empty_list)

    def states(self) -> dict[str, str]:
        """Normalized label or code -> ``dont_know`` / ``not_applicable``."""
        out = {normalize(code_key(v)): DONT_KNOW for v in self.dont_know}
        out.update({normalize(code_key(v)): NOT_APPLICABLE for v in self.not_applicable})
        return out


class MapFile(Model):
    profile: Profile | None = None
    columns: dict[str, ColumnMap] = Field(default_factory=empty_dict)
    values: dict[str, MapValue] = Field(default_factory=empty_dict)
    non_answers: NonAnswers = Field(default_factory=NonAnswers)
    meta: dict[MetaField, str] = Field(default_factory=empty_dict)
    ignore: list[str] = Field(default_factory=empty_list)
    unmatched: Literal["error", "ignore"] = "error"
    _lines: dict[tuple[str, str], int] = PrivateAttr(default_factory=dict)

    @field_validator("values", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        return _keys_as_codes(value)

    @field_validator("columns", mode="before")
    @classmethod
    def _item_alone(cls, value: object) -> object:
        """``column: item`` is short for ``column: {item: item}`` (one error path either way)."""
        if isinstance(value, dict):
            return {k: {"item": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    def column(self, name: str) -> ColumnMap | None:
        return self.columns.get(name)

    def line(self, section: str, key: str) -> int | None:
        """The line of ``section.key`` in the map file (None when unknown)."""
        return self._lines.get((section, key))

    def absent(self, name: str, columns: set[str]) -> list[str]:
        """One error per ``columns:`` / ``meta:`` entry naming a column none of ``columns``
        is (meta names match ignoring case and spaces, as when reading)."""
        low = {normalize(c) for c in columns}
        missing = [("columns", c, c) for c in self.columns if c not in columns]
        missing += [("meta", f, c) for f, c in self.meta.items() if normalize(c) not in low]
        out = []
        for section, key, column in missing:
            line = self.line(section, key)
            where = f"line {line}: " if line is not None else ""
            out.append(
                f"{name}: {where}{section}.{key}: no input has a column {column!r} "
                "(check the export's header)"
            )
        return out


def load_map(path: str | Path, name: str, q: Questionnaire) -> MapFile:
    """Read and check a map file: every mapped item must exist, and every label a column maps
    must become an answer its item takes."""
    try:
        data = read_data(path)
    except FileError as exc:
        raise InvalidInput([str(exc)]) from None
    mapping = parse(MapFile, data, name)
    items = q.item_map()
    errors = [
        f"{name}: columns.{column}: {entry.item!r} is not an item of the questionnaire"
        for column, entry in mapping.columns.items()
        if entry.item not in items
    ]
    errors += _clashes(mapping, name)
    if not errors:
        errors += _answers(mapping, name, q)
    if errors:
        raise InvalidInput(errors)
    mapping._lines = _entry_lines(Path(path))
    return mapping


def _answers(mapping: MapFile, name: str, q: Questionnaire) -> list[str]:
    """A column's ``values:`` that its item would refuse, e.g. a code it has no option for."""
    errors = []
    for column, entry in mapping.columns.items():
        if not entry.values:
            continue
        item = q.item_map()[entry.item]
        read = coder(item, q)
        for label, value in entry.values.items():
            cell, error, _ = read(value)
            if error is None and isinstance(cell, float) and isinstance(value, int | float):
                error = _out_of_range(cell, item, q)
            if error is not None:
                errors.append(
                    f"{name}: columns.{column}.values.{label}: {value!r} is not an answer to "
                    f"{item.id}: {error}"
                )
    return errors


def _clashes(mapping: MapFile, name: str) -> list[str]:
    """A label declared both a non-answer and a value, or both kinds of non-answer."""
    errors = []
    non = mapping.non_answers
    dont_know = {normalize(code_key(v)) for v in non.dont_know}
    for v in non.not_applicable:
        if normalize(code_key(v)) in dont_know:
            errors.append(
                f"{name}: non_answers: {code_key(v)!r} is both dont_know and not_applicable"
            )
    values = {normalize(k) for k in mapping.values}
    for state, labels in (("dont_know", non.dont_know), ("not_applicable", non.not_applicable)):
        for v in labels:
            if normalize(code_key(v)) in values:
                errors.append(f"{name}: non_answers.{state}: {code_key(v)!r} is also under values:")
    return errors


def _entry_lines(path: Path) -> dict[tuple[str, str], int]:
    """Line numbers of the ``columns:``, ``meta:`` and ``ignore:`` entries (1-based)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=SafeLoader12)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    lines: dict[tuple[str, str], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        section = str(key.value)
        if isinstance(value, yaml.MappingNode):
            for k, _ in value.value:
                lines[(section, str(k.value))] = k.start_mark.line + 1
        elif isinstance(value, yaml.SequenceNode):
            for v in value.value:
                lines[(section, str(v.value))] = v.start_mark.line + 1
    return lines


def _out_of_range(number: float, item: Item, q: Questionnaire) -> str | None:
    """Why a number is no answer to an agreement or number item (None: it is one)."""
    if item.type == "agreement":
        codes = q.scale_of(item).codes
        if number in codes:
            return None
        plain = codes == tuple(range(1, len(codes) + 1))
        return f"expected a whole number 1..{len(codes)}" if plain else f"expected one of {codes}"
    if item.type == "number" and item.min is not None and item.max is not None:
        if not item.min <= number <= item.max or (item.integer and not number.is_integer()):
            return f"expected a number from {item.min:g} to {item.max:g}"
    return None
