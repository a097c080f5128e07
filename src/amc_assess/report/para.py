"""The report's paragraph: reportlab's ``Paragraph``, its lines broken once per width.

reportlab wraps a paragraph again each time a layout step asks: a table sizes its rows by
wrapping every cell, then wraps each cell again to draw it; a frame wraps what a
``KeepTogether`` already wrapped. A paragraph's lines depend only on its text, its style and
the width (never on the height offered), so a second wrap at the width of the last one returns
the same size from the lines already broken. That halves the line breaking of a report.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph


class Para(Paragraph):
    """A ``Paragraph`` that does not break its lines again for the width it last wrapped to."""

    _wrapped: tuple[float, float, float] | None = None  # (width offered, width, height)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        last = self._wrapped
        # split() drops blPara when nothing fits: then lay out afresh, as reportlab would
        if last is not None and last[0] == availWidth and hasattr(self, "blPara"):
            self.width, self.height = last[1], last[2]
            return last[1], last[2]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, width, height)
        return width, height
