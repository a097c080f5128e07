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
        default_factory=lambda: ["#B8372B", "#E69F00", "#E8CF5A", "#56B4E9", "#0072B2"]
    )

    @field_validator("primary", "accent", "text", "muted", "light", "peer")
    @classmethod
    def _color(cls, value: str) -> str:
        return _hex(value)

    @field_validator("levels")
    @classmethod
    def _level_colors(cls, values: list[str]) -> list[str]:
        if len(values) != LEVEL_COLORS:
            raise ValueError(
                f"{LEVEL_COLORS} colors are needed, one per level from 1 to {LEVEL_COLORS} "
                f"(spread over the rubric's levels), not {len(values)}"
            )
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
    try:
        brand = parse(Brand, data, path)
    except InvalidInput as exc:  # with every color problem too, not in a second run
        raise InvalidInput([*exc.problems, *_color_problems(data, path)]) from None
    if faint := low_contrast(brand.colors, path) + alike_levels(brand.colors, path):
        raise InvalidInput(faint)
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


WHITE = "#FFFFFF"
# (color, background, least contrast, what it is used for): 4.5:1 for text, 3:1 for lines and
# marks (WCAG 2.2, 1.4.3 and 1.4.11)
CONTRASTS = (
    ("text", WHITE, 4.5, "body text on the page"),
    ("text", "light", 4.5, "body text on the shaded boxes (colors.light)"),
    ("muted", WHITE, 4.5, "notes and captions"),
    ("primary", WHITE, 4.5, "headings, and white text on table headers and the cover band"),
    ("accent", WHITE, 3.0, "the target line and highlights"),
)


def low_contrast(colors: Colors, path: str | Path) -> list[str]:
    """One line per brand color too faint to read against its background (with the same hue
    darkened until it reads, as a suggestion); none for the default colors."""
    out = []
    for key, behind, least, use in CONTRASTS:
        color = getattr(colors, key)
        ground = behind if behind.startswith("#") else getattr(colors, behind)
        ratio = contrast(color, ground)
        if ratio < least:
            shade = darkened(color, ground, least)
            out.append(
                f"{path}: colors.{key}: {color} against {ground} has a contrast of {ratio:.1f}:1, "
                f"and {least:g}:1 is needed for {use} (a darker shade such as {shade} has "
                f"{contrast(shade, ground):.1f}:1)"
            )
    return out


def _color_problems(data: object, path: str | Path) -> list[str]:
    """The contrast and likeness problems among the colors of a brand file that did not
    load, from those of its colors that are valid (the others keep their defaults)."""
    given = data.get("colors") if isinstance(data, dict) else None
    if not isinstance(given, dict):
        return []
    valid: dict[str, object] = {}
    for key, value in given.items():
        try:
            valid[key] = Colors.model_validate({key: value}).model_dump()[key]
        except ValueError:
            continue
    colors = Colors.model_validate(valid)
    return low_contrast(colors, path) + alike_levels(colors, path)


LEVEL_COLORS = 5
LEAST_APART = 15.0  # CIE76 color difference between any two level colors (default: 26 or more)


def alike_levels(colors: Colors, path: str | Path) -> list[str]:
    """One line per two level colors too alike to tell their levels apart (practice cells,
    legends and bands are shaded by level; a brand of five near-blacks made them one)."""
    out = []
    levels = colors.levels
    for i in range(len(levels)):
        for j in range(i + 1, len(levels)):
            apart = difference(levels[i], levels[j])
            if apart < LEAST_APART:
                out.append(
                    f"{path}: colors.levels[{i}], colors.levels[{j}]: {levels[i]} and "
                    f"{levels[j]} are too alike to tell levels {i + 1} and {j + 1} apart "
                    f"(color difference {apart:.1f}; at least {LEAST_APART:g} is needed)"
                )
    return out


def difference(a: str, b: str) -> float:
    """The CIE76 color difference of two ``#RRGGBB`` colors (Euclidean in CIELAB, D65)."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5


def _lab(color: str) -> tuple[float, float, float]:
    channels = [int(color[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def luminance(color: str) -> float:
    """The relative luminance of ``#RRGGBB`` (WCAG 2.2)."""
    channels = [int(color[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colors, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darkened(color: str, ground: str, least: float) -> str:
    """``color`` scaled toward black in steps of 2% until it has ``least`` contrast."""
    rgb = [int(color[k : k + 2], 16) for k in (1, 3, 5)]
    for step in range(51):
        shade = "#" + "".join(f"{round(c * (1 - step / 50)):02X}" for c in rgb)
        if contrast(shade, ground) >= least:
            return shade
    return "#000000"


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
