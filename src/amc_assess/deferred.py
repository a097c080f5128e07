"""Work that importing reportlab, PyYAML and Jinja2 does at once and a run mostly never needs,
done on first use.

Importing them costs a command a good part of its start:

* ``yaml.reader`` compiles ``Reader.NON_PRINTABLE`` (a class over most of Unicode: 25-50 ms
  here), which only PyYAML's pure-Python reader uses; amc reads YAML through libyaml;
* ``jinja2._identifier`` compiles the expression of a name in a template (~15 ms), which
  only Jinja2's lexer uses: a report renders templates compiled ahead;
* ``reportlab.platypus.paragraph`` compiles ``uri_pat``, a URL-matching regular expression
  (case-insensitive over most of Unicode: ~60 ms, a tenth of the imports), used only to split
  long URLs when ``rl_config.uriWasteReduce`` is set (it is not, by default);
* ``reportlab.lib.textsplit`` compiles ``rx``, used only by its ``cjkwrap`` helper;
  ``reportlab.lib.rl_safe_eval`` one that nothing uses, ``reportlab.lib.PyFontify`` one for
  Python listings (a few ms each);
* ``reportlab.lib.utils`` imports Pillow's ``PIL.Image`` (~20 ms), used only for images: the
  brand's logo.

:func:`install` (run when this module is first imported: by the command line before it imports
a command, and by the report package before it imports the others) has those modules imported
as before, except that these expressions
compile when first used, and ``PIL.Image`` loads on first use of one of its names (the
standard library's :class:`importlib.util.LazyLoader`). Nothing else changes: the same code
runs with the same results, only later or not at all. A module imported before the hook was
installed is left as it is.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import re
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

# module -> (start, flags) of each pattern it compiles at import that waits for its first use;
# each is used only through its methods (match, search, sub), never passed to ``re`` itself
PATTERNS: dict[str, tuple[tuple[str, int], ...]] = {
    "yaml.reader": (("[^\x09\x0a\x0d\x20-\x7e\x85", 0),),  # Reader.NON_PRINTABLE
    "jinja2._identifier": (("[\\w\xb7", 0),),  # pattern, the lexer's name_re
    "reportlab.platypus.paragraph": (("(^(?:[a-z0-9\\.\\-\\+]*)://)", re.I),),  # uri_pat
    "reportlab.lib.textsplit": (("([\u2e80-\uffff])", re.UNICODE),),  # rx, for cjkwrap
    "reportlab.lib.rl_safe_eval": ((r"\b(?:", re.M),),  # __rl_unsafe_re__, unused
    "reportlab.lib.PyFontify": ((r"#[^\n]*|", 0),),  # matchRE, for Python listings
}
LAZY_MODULES = ("PIL.Image",)

_compile = re.compile
_lock = threading.Lock()


class Pattern:
    """A regular expression compiled on first use; then the compiled pattern's own methods."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for names not yet on the instance
        if name.startswith("__") or name == "_args":
            raise AttributeError(name)
        with _lock:
            compiled = self.__dict__.get("_compiled") or _compile(*self._args)
            self.__dict__["_compiled"] = compiled
        value = getattr(compiled, name)
        if callable(value):
            self.__dict__[name] = value  # later look-ups find the bound method directly
        return value


_depth = 0  # modules of PATTERNS being imported (one may import another)


def _deferring(pattern: Any, flags: int = 0) -> Any:
    """``re.compile`` while a module of PATTERNS runs: the patterns named there for the
    calling module wait, any other compiles at once."""
    caller = sys._getframe(1).f_globals.get("__name__")
    if isinstance(pattern, str) and any(
        pattern.startswith(start) and flags == wanted
        for start, wanted in PATTERNS.get(caller, ())  # type: ignore[arg-type]
    ):
        return Pattern(pattern, flags)
    return _compile(pattern, flags)


class _Loader(importlib.abc.Loader):
    """Runs a module's own loader with the patterns of PATTERNS left to compile on first use
    (any other caller of ``re.compile`` meanwhile gets its own pattern compiled as usual)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        global _depth
        with _lock:
            _depth += 1
            re.compile = _deferring
        try:
            self.loader.exec_module(module)
        finally:
            with _lock:
                _depth -= 1
                if _depth == 0:
                    re.compile = _compile


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in PATTERNS and name not in LAZY_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        if name in PATTERNS:
            spec.loader = _Loader(spec.loader)
        else:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


_finder = _Finder()


def install() -> None:
    """Put the hook first on the import path (once)."""
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


install()
