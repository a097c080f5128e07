"""Work reportlab does on import that a report rarely or never needs, left until it is needed.

**Two regular expressions.** Importing ``reportlab.platypus`` compiles ``paragraph.uri_pat``
(a case-insensitive URL pattern over the range ``\\xa1-\\uffff``, used only for paragraphs
styled with ``uriWasteReduce``) and ``textsplit.rx`` (used only by ``cjkwrap``). Case folding
that range makes the first one cost more than all the rest of reportlab's import; a report
never calls either. Python's ``re`` looks a pattern up in its cache, keyed by the pattern's
text and flags, before compiling it: :func:`defer` puts a :class:`LazyPattern` there for these
two, before reportlab's modules load. reportlab receives the stand-in, which compiles the real
pattern the first time anything uses it. Where the cache is not the plain dict this relies on
(another Python), or a reportlab release changed the text of a pattern, nothing is seeded or
nothing matches, and reportlab compiles as usual.

**Pillow.** ``reportlab.lib.utils`` imports ``PIL.Image`` (with its EXIF and TIFF tables),
which only an image (a brand's logo) uses. :func:`defer` registers it as a lazy module
(:class:`importlib.util.LazyLoader`, the standard library's own): the module loads on its
first attribute access, so a report with a logo loads it, one without never does.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from typing import Any

URI = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|"
    "([a-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?"
    "(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|"
    "xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
)  # reportlab.platypus.paragraph.uri_pat, compiled with re.I
CJK = "([\u2e80-\uffff])"  # reportlab.lib.textsplit.rx, compiled with re.UNICODE
DEFERRED = ((URI, int(re.I)), (CJK, int(re.UNICODE)))


class LazyPattern:
    """A compiled pattern, compiled when first used."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            from re import _compiler  # type: ignore[attr-defined]  # lazy: only if ever used

            self._compiled = _compiler.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # match, search, sub, groups...
        return getattr(self.compiled(), name)


def defer() -> None:
    """Before reportlab loads: stand-ins for the patterns above in ``re``'s cache, and
    ``PIL.Image`` registered to load on first use (each unless already loaded)."""
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict) and "reportlab.platypus.paragraph" not in sys.modules:
        for pattern, flags in DEFERRED:
            cache.setdefault((str, pattern, flags), LazyPattern(pattern, flags))
    if "PIL.Image" not in sys.modules:
        lazy_module("PIL.Image")


def lazy_module(name: str) -> None:
    """Register module ``name`` to be executed on its first attribute access."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:  # as an import binds a submodule: ``from PIL import Image`` then finds it
        setattr(sys.modules[parent], child, module)  # without touching it (which would load it)
