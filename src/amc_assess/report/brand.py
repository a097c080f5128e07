"""The consultancy's brand: colours, logo, consultant name and footer, from ``brand.yaml``.

```yaml
name: Northgate Strategy Partners     # shown on the cover and as the PDF author
consultant: R. Achebe                  # optional: the person who signs the report
logo: logo.png                         # optional: PNG or JPEG, relative to this file
footer: Confidential - prepared for the client's board
colors:
  primary: "#1F3A5F"                   # headings, cover band, firm series
  accent: "#C8102E"                    # target series, highlights
  text: "#222222"
  muted: "#6B7280"
  levels: ["#B83B3B", "#D9822B", "#D4B106", "#5B9A4B", "#2E7D5B"]   # level 1..5
```
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, field_validator

from amc_assess.loading import parse
from amc_assess.models.base import Model
from amc_assess.problems import InvalidInput
from amc_assess.yamlio import FileError, read_data

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _hex(value: str) -> str:
    if not HEX.match(value):
        raise ValueError(f"{value!r} is not a colour of the form #RRGGBB")
    return value.upper()


class Colors(Model):
    primary: str = "#1F3A5F"
    accent: str = "#C0392B"
    text: str = "#1F2933"
    muted: str = "#6B7280"
    light: str = "#EEF2F7"
    peer: str = "#8A94A6"
    levels: list[str] = Field(
        default_factory=lambda: ["#B83B3B", "#D9822B", "#C9A227", "#5B9A4B", "#2E7D5B"],
        min_length=5,
        max_length=5,
    )

    @field_validator("primary", "accent", "text", "muted", "light", "peer")
    @classmethod
    def _colour(cls, value: str) -> str:
        return _hex(value)

    @field_validator("levels")
    @classmethod
    def _level_colours(cls, values: list[str]) -> list[str]:
        return [_hex(v) for v in values]


class Brand(Model):
    name: str | None = None
    consultant: str | None = None
    logo: Path | None = None
    footer: str | None = None
    colors: Colors = Field(default_factory=Colors)


def load_brand(path: str | Path | None) -> Brand:
    """Read a brand file (the default look when None); the logo path is made absolute."""
    if path is None:
        return Brand()
    try:
        data = read_data(path)
    except FileError as exc:
        raise InvalidInput([str(exc)]) from None
    brand = parse(Brand, data, path)
    if brand.logo is not None:
        logo = brand.logo if brand.logo.is_absolute() else Path(path).parent / brand.logo
        if not logo.is_file():
            raise InvalidInput([f"{path}: logo: {brand.logo}: file not found"])
        brand = brand.model_copy(update={"logo": logo})
    return brand
