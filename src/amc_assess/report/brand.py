"""The consultancy's brand: colors, logo, consultant name and footer, from ``brand.yaml``.

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
  levels: ["#B8372B", "#E69F00", "#E8CF5A", "#56B4E9", "#0072B2"]   # level 1..5
```

The default level colors run red, orange, sand, sky blue, blue (after the Okabe–Ito set):
they stay apart for red-green color blindness, which a red-to-green scale does not. Charts and
tables never show a level by color alone: its number or name is printed too.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, field_validator

from amc_assess import limits
from amc_assess.loading import parse
from amc_assess.models.base import Model
from amc_assess.problems import InvalidInput
from amc_assess.yamlio import FileError, read_data

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _hex(value: str) -> str:
    if not HEX.match(value):
        raise ValueError(f"{value!r} is not a color of the form #RRGGBB")
    return value.upper()


class Colors(Model):
    primary: str = "#1F3A5F"
    accent: str = "#C0392B"
    text: str = "#1F2933"
    muted: str = "#6B7280"
    light: str = "#EEF2F7"
    peer: str = "#8A94A6"
    levels: list[str] = Field(
        default_factory=lambda: ["#B8372B", "#E69F00", "#E8CF5A", "#56B4E9", "#0072B2"],
        min_length=5,
        max_length=5,
    )

    @field_validator("primary", "accent", "text", "muted", "light", "peer")
    @classmethod
    def _color(cls, value: str) -> str:
        return _hex(value)

    @field_validator("levels")
    @classmethod
    def _level_colors(cls, values: list[str]) -> list[str]:
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
    too_long = [_too_long(path, key, text, size, limit, bold) for key, text, size, limit, bold
                in (("name", brand.name, 10, "BRAND_NAME_W", True),
                    ("footer", brand.footer, 8, "FOOTER_W", False))]  # fmt: skip
    if any(too_long):
        raise InvalidInput([line for line in too_long if line])
    if brand.logo is not None:
        logo = brand.logo if brand.logo.is_absolute() else Path(path).parent / brand.logo
        if not logo.is_file():
            raise InvalidInput([f"{path}: logo: {brand.logo}: file not found"])
        check_logo(logo, f"{path}: logo: {brand.logo}")
        brand = brand.model_copy(update={"logo": logo})
    return brand


def _too_long(
    path: str | Path, key: str, text: str | None, size: float, limit: str, bold: bool
) -> str:
    """The error for a brand text that does not fit its one line ("" when it fits): it was
    cut short with an ellipsis on every page, unsaid."""
    if not text:
        return ""
    from amc_assess.report import page  # lazy: reportlab, only for a brand file's texts
    from amc_assess.report.fonts import fit  # lazy: font metrics, only for a brand's texts

    room = float(getattr(page, limit))
    shown = fit(" ".join(text.split()), size, room, bold, single=True)
    if not shown.endswith("…") or text.endswith("…"):
        return ""
    return (
        f"{path}: {key}: too long for its one line ({len(text)} characters; about "
        f"{len(shown) - 1} fit): shorten it"
    )


def check_logo(path: Path, where: str) -> None:
    """Refuse a logo that is not an image or has more pixels than the limit, from its header
    (nothing is decoded); Pillow's own bomb check is then set to the same limit."""
    from PIL import Image, UnidentifiedImageError  # lazy: Pillow comes with reportlab

    most = limits.value("image_pixels")
    Image.MAX_IMAGE_PIXELS = None  # the header only: our check, with our message
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput([f"{where}: not an image that can be read (use PNG or JPEG)"]) from None
    finally:
        Image.MAX_IMAGE_PIXELS = most
    limits.check("image_pixels", width * height, where, f"a {width:,} x {height:,} image of")
