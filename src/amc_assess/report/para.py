"""The report's paragraph: reportlab's ``Paragraph``, laid out without repeated work.

reportlab wraps a paragraph again each time a layout step asks: a table sizes its rows by
wrapping every cell, then wraps each cell again to draw it; a frame wraps what a
``KeepTogether`` already wrapped. A paragraph's lines depend only on its text, its style and
the width (never on the height offered), so a second wrap at the width of the last one returns
the same size from the lines already broken. That halves the line breaking of a report.

Plain text (no tag, no entity: most table cells and many lines of the report) is one
fragment in the paragraph's font, size and color. reportlab runs its markup parser (an HTML
parser set up afresh for every paragraph) to find that out; :class:`Para` copies the fragment
the parser made of a plain word in that font, size and color. (Word widths:
:mod:`~amc_assess.report.memo`.)
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser


class Para(Paragraph):
    """A ``Paragraph`` that does not break its lines again for the width it last wrapped to,
    and takes plain text without running the markup parser."""

    _wrapped: tuple[float, float, float] | None = None  # (width offered, width, height)

    def __init__(
        self,
        text: Any,
        style: Any = None,
        bulletText: Any = None,  # noqa: N803 - reportlab's name
        frags: Any = None,
        caseSensitive: int = 1,  # noqa: N803 - reportlab's name
        encoding: str = "utf8",
    ) -> None:
        if frags is None and style is not None and isinstance(text, str):
            frags, text = _plain(text, style)
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        last = self._wrapped
        # split() drops blPara when nothing fits: then lay out afresh, as reportlab would
        if last is not None and last[0] == availWidth and hasattr(self, "blPara"):
            self.width, self.height = last[1], last[2]
            return last[1], last[2]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, width, height)
        return width, height


def _plain(text: str, style: Any) -> tuple[list[ParaFrag] | None, str]:
    """The fragments reportlab's parser makes of plain ``text`` (None: not plain, parse it),
    and the text as the paragraph keeps it (cleaned of line breaks, as reportlab does)."""
    if "<" in text or "&" in text or getattr(style, "textTransform", None):
        return None, text
    cleaned = cleanBlockQuotedText(text)
    if not cleaned:
        return None, text
    first = _fragment(style)
    # the parser copies its <para> fragment for the text: same attributes, in the same order
    return [first.clone(text=cleaned, textColor=style.textColor, link=[], us_lines=[])], cleaned


_FRAGMENTS: dict[tuple[str, float, Any], ParaFrag] = {}


def _fragment(style: Any) -> ParaFrag:
    """The fragment reportlab's parser makes of one plain word in ``style``; its font, size
    and color are all a fragment takes from a style without markup, so one is kept for each
    (a handful per report)."""
    key = (style.fontName, style.fontSize, style.textColor)
    frag = _FRAGMENTS.get(key)
    if frag is None:
        parser = ParaParser()
        parser.caseSensitive = 1
        _, frags, _ = parser.parse("x", style)
        if frags is None or len(frags) != 1:
            raise AssertionError(f"reportlab made {frags!r} of one plain word")
        if len(_FRAGMENTS) >= 256:
            _FRAGMENTS.clear()
        frag = _FRAGMENTS[key] = frags[0]
    return frag
