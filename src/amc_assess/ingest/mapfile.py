"""``--map map.yaml``: source columns to items, answer labels to codes, metadata columns.

```yaml
profile: limesurvey              # optional: the export layout (else detected)
columns:                         # source column -> item id, or item id plus its own labels
  "C1[SQ001]": str_exit_terms
  "C2": {item: daf_reporting, values: {"Chief executive": ceo, "Nobody": none}}
values:                          # labels -> codes for every column ("dont_know" etc. allowed)
  "Very dissatisfied": 1
  "Trifft zu": 4
meta: {firm: Company, respondent: id}   # metadata columns by name
ignore: ["A1", "A2"]             # columns to leave out on purpose
unmatched: error                 # or ignore: columns that match nothing are then skipped
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from amc_assess.ingest.codebooks import code_key
from amc_assess.loading import InvalidInput, parse
from amc_assess.models.base import Model
from amc_assess.yamlio import FileError, read_data

PROFILES = ("items", "qualtrics", "google_forms", "limesurvey", "redcap")
META_FIELDS = ("firm", "respondent", "side", "level", "function", "role", "year", "date")
MapValue = int | float | str
Profile = Literal["items", "qualtrics", "google_forms", "limesurvey", "redcap"]
MetaField = Literal["firm", "respondent", "side", "level", "function", "role", "year", "date"]


def _keys_as_codes(value: object) -> object:
    if isinstance(value, dict):
        return {code_key(k): v for k, v in value.items()}
    return value


class ColumnMap(Model):
    item: str
    values: dict[str, MapValue] = Field(default_factory=dict)

    @field_validator("values", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        return _keys_as_codes(value)


class MapFile(Model):
    profile: Profile | None = None
    columns: dict[str, str | ColumnMap] = Field(default_factory=dict)
    values: dict[str, MapValue] = Field(default_factory=dict)
    meta: dict[MetaField, str] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)
    unmatched: Literal["error", "ignore"] = "error"

    @field_validator("values", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        return _keys_as_codes(value)

    def column(self, name: str) -> ColumnMap | None:
        entry = self.columns.get(name)
        if entry is None:
            return None
        return ColumnMap(item=entry) if isinstance(entry, str) else entry


def load_map(path: str | Path, name: str, item_ids: set[str]) -> MapFile:
    """Read and check a map file: every mapped item must exist."""
    try:
        data = read_data(path)
    except FileError as exc:
        raise InvalidInput([str(exc)]) from None
    mapping = parse(MapFile, data, name)
    errors = [
        f"{name}: columns.{column}: {entry.item!r} is not an item of the questionnaire"
        for column in mapping.columns
        if (entry := mapping.column(column)) is not None and entry.item not in item_ids
    ]
    if errors:
        raise InvalidInput(errors)
    return mapping
