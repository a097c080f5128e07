"""While a report is laid out, reportlab's pure helpers remember what they computed.

Laying out one report calls a few pure functions of reportlab thousands of times with the
same arguments: the paragraph module measures every word of every line it breaks with
``stringWidth`` (the same few hundred words, ~14,000 times; tables, charts and the canvas
measure ~5,000 strings more), and the canvas writes every coordinate, color and font size
through ``fp_str`` (~8,000 times, mostly the same numbers) and every string through
``escapePDF``. :func:`remembered` gives those modules versions
that compute each distinct call once, for the duration of one layout, and puts reportlab's own
functions back after (as :func:`amc_assess.report.pdf.binary_streams` does with its setting).
The results are the functions' own, so the PDF is byte for byte the same; a font's metrics do
not change while a report is laid out. Nothing is kept between layouts.

A process-wide change while it lasts, like any reportlab setting: a layout in another thread
meanwhile gets the same results (and keeps the versions in place until the last one ends).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas, pathobject, textobject
from reportlab.platypus import paragraph

# (module, name): the pure helpers the layout calls most, where the layout code looks them up
HELPERS: list[tuple[ModuleType, str]] = [
    (paragraph, "stringWidth"),
    (pdfmetrics, "stringWidth"),  # the canvas's, and the report's own tables and charts
    (textobject, "pdfmetrics_stringWidth"),
    (renderPDF, "stringWidth"),
    (canvas, "fp_str"),
    (textobject, "fp_str"),
    (pathobject, "fp_str"),
    (pdfdoc, "fp_str"),
    (canvas, "escapePDF"),
]

_lock = threading.Lock()
_active = 0  # layouts under way
_originals: list[Callable[..., Any]] = []


def remembering(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` computing each distinct call once (calls with keywords or unhashable
    arguments, such as a list of numbers, are computed every time)."""
    seen: dict[tuple, Any] = {}

    def remembered(*args: Any, **keywords: Any) -> Any:
        if keywords:
            return func(*args, **keywords)
        try:
            return seen[args]
        except KeyError:
            result = seen[args] = func(*args)
            return result
        except TypeError:  # unhashable: compute
            return func(*args)

    remembered.__wrapped__ = func  # type: ignore[attr-defined]
    return remembered


@contextmanager
def remembered() -> Iterator[None]:
    """reportlab's pure layout helpers remember their results while the block runs."""
    global _active
    with _lock:
        if _active == 0:
            _originals[:] = [getattr(module, name) for module, name in HELPERS]
            for (module, name), func in zip(HELPERS, _originals, strict=True):
                setattr(module, name, remembering(func))
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                for (module, name), func in zip(HELPERS, _originals, strict=True):
                    setattr(module, name, func)
                _originals.clear()
