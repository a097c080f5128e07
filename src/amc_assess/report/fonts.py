"""Fonts: the standard PDF fonts first, a bundled Unicode font for what they cannot show.

* Helvetica (a standard font, never embedded) shows every character of Windows-1252, which
  covers Western European accented letters (é, ü, ñ, ø, ß...).
* Other alphabets (Latin Extended such as ł, ő, č; Greek; Cyrillic; ...) switch, run by run, to
  DejaVu Sans, bundled in ``fonts/`` (copied from Debian's fonts-dejavu-core; see its license)
  and embedded as a subset.
* Chinese, Japanese and Korean switch to reportlab's built-in Adobe CID fonts (STSong-Light,
  HYGothic-Medium). These are not embedded: Acrobat and macOS Preview show them, viewers
  without Adobe's Asian fonts (e.g. poppler with no CJK font installed) show empty boxes. The
  text stays in the PDF, searchable and copyable.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

BASE = "Helvetica"
BASE_BOLD = "Helvetica-Bold"
UNICODE = "AmcSans"
CJK = "STSong-Light"
HANGUL = "HYGothic-Medium"
FONT_DIR = Path(__file__).parent / "fonts"

# code point ranges (first, last) of the characters each built-in CID font shows; a range test
# rather than a regular expression, whose compiling cost every report ~8 ms
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))
_CJK = (
    (0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3190, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
)  # fmt: skip
_TAG = re.compile(r"(<[^>]*>)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def _standard(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def standard(text: str) -> bool:
    """Whether the standard fonts show every character of ``text`` (no fallback needed)."""
    if text.isascii():
        return True
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def font_for(char: str) -> str | None:
    """The fallback font a character needs, or None when the standard fonts show it."""
    if _standard(char):
        return None
    code = ord(char[0])
    if any(first <= code <= last for first, last in _HANGUL):
        return HANGUL
    if any(first <= code <= last for first, last in _CJK):
        return CJK
    return UNICODE


@cache
def register(name: str) -> str:
    """Register a fallback font with reportlab (once per process) and return its name."""
    from reportlab.lib.fonts import addMapping  # lazy: reportlab only when rendering
    from reportlab.pdfbase import pdfmetrics  # lazy: reportlab only when rendering

    if name == UNICODE:
        from reportlab.pdfbase.ttfonts import TTFont  # lazy: reportlab only when rendering

        pdfmetrics.registerFont(TTFont(UNICODE, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(f"{UNICODE}-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        addMapping(UNICODE, 0, 0, UNICODE)
        addMapping(UNICODE, 1, 0, f"{UNICODE}-Bold")
        addMapping(UNICODE, 0, 1, UNICODE)
        addMapping(UNICODE, 1, 1, f"{UNICODE}-Bold")
    else:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # lazy: reportlab only when rendering

        pdfmetrics.registerFont(UnicodeCIDFont(name))
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    return name


def runs(text: str) -> list[tuple[str | None, str]]:
    """Split text into (fallback font or None, run) pieces."""
    if standard(text):
        return [(None, text)] if text else []
    out: list[tuple[str | None, str]] = []
    for char in text:
        font = font_for(char) if not char.isspace() else (out[-1][0] if out else None)
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def clean(text: str) -> str:
    """Drop control characters a PDF cannot show."""
    return _CONTROL.sub("", text)


def with_fallbacks(markup: str, bold: bool = False) -> str:
    """Wrap the runs of paragraph markup that need another font in ``<font name=...>`` tags.

    Only the text between tags is touched; escaped user text holds no tags, so it cannot
    reach this level. ``bold`` says whether the paragraph's own font is bold; ``<b>`` tags
    inside are followed, so a fallback run takes the bold face where the text is bold.
    """
    if markup.isascii():
        return markup
    parts = _TAG.split(markup)
    depth = 1 if bold else 0
    for k, part in enumerate(parts):
        if k % 2:
            tag = part.lower()
            if tag in ("<b>", "<strong>"):
                depth += 1
            elif tag in ("</b>", "</strong>"):
                depth = max(depth - 1, 0)
            continue
        if not part or part.isascii():
            continue
        pieces = []
        for font, run in runs(part):
            if font is None:
                pieces.append(run)
            else:
                name = register(font)
                if depth and name == UNICODE:
                    name = f"{UNICODE}-Bold"
                pieces.append(f'<font name="{name}">{run}</font>')
        parts[k] = "".join(pieces)
    return "".join(parts)


def font_of(text: str, bold: bool = False) -> str:
    """One font for a whole string (chart labels): the first fallback it needs, else the base."""
    if standard(text):
        return BASE_BOLD if bold else BASE
    for char in text:
        font = font_for(char)
        if font is not None:
            name = register(font)
            return f"{name}-Bold" if bold and name == UNICODE else name
    return BASE_BOLD if bold else BASE


def width(text: str, size: float, bold: bool = False, single: bool = False) -> float:
    """Printed width of plain text, run by run (``single``: in one font, as chart labels are)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # lazy: reportlab only when rendering

    if single:
        return float(stringWidth(text, font_of(text, bold), size))
    total = 0.0
    for font, run in runs(text):
        name = (BASE_BOLD if bold else BASE) if font is None else register(font)
        if bold and name == UNICODE:
            name = f"{UNICODE}-Bold"
        total += stringWidth(run, name, size)
    return total


def fit(text: str, size: float, limit: float, bold: bool = False, single: bool = False) -> str:
    """Shorten plain text with an ellipsis so it prints within ``limit`` points."""
    if width(text, size, bold, single) <= limit:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if width(text[:mid].rstrip() + "…", size, bold, single) <= limit:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"
