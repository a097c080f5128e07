"""The bundled report templates compiled ahead of time, as pip byte-compiles a package.

Jinja2 compiles a template to Python the first time it is loaded: lexing, parsing and code
generation are most of a first run's extra time (the compiled code is kept in the user's
cache folder after that, :mod:`amc_assess.report.bytecode`). The package ships that Python
code for its own templates in :mod:`amc_assess.report.compiled`, one module per template,
byte-compiled on install with the rest of the package. A module's code is used only when it
was generated from the same template text, by the same Jinja2 version, for an environment
with the same options as the one loading it; otherwise (an edited template, a template from
``--template-dir``, another Jinja2) the template compiles as before. The code is run as
Jinja2 runs code it compiled itself, with the template's own file name, so error messages
name the template and its line as before.

Regenerate after changing a bundled template: ``python -m amc_assess.report.compile_templates``
(tests/test_report_speed.py fails while a module is out of date).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import BaseLoader, Environment, Template

PACKAGE = "amc_assess.report.compiled"
FOLDER = Path(__file__).parent / "compiled"
# last, so that the code's line numbers stay those Jinja2's line map of the template counts
FOOTER = "# generated from report_templates/{name} by amc_assess.report.compile_templates\n"


def module_name(template: str) -> str:
    """``report_cover.j2`` -> ``report_cover``; ``summary.md.j2`` -> ``summary_md``."""
    return template.removesuffix(".j2").replace(".", "_")


def digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class AheadLoader(BaseLoader):
    """``inner``'s templates; those it finds in the bundled folder from their code compiled
    ahead where that code fits (see the module's docstring)."""

    def __init__(self, inner: BaseLoader, bundled: str | os.PathLike[str], tag: str) -> None:
        self.inner = inner
        self.bundled = os.path.normpath(os.fspath(bundled))
        self.tag = tag

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        return self.inner.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        source, filename, uptodate = self.get_source(environment, name)
        code = None
        if filename is not None and os.path.dirname(filename) == self.bundled:
            code = ahead(name, source, filename, self.tag)
        if code is None:
            return super().load(environment, name, globals)
        globals = {} if globals is None else globals
        return environment.template_class.from_code(environment, code, globals, uptodate)


def ahead(name: str, source: str, filename: str, tag: str) -> CodeType | None:
    """The code compiled ahead for template ``name`` with this text, for an environment with
    options ``tag``, under the template's ``filename``; None where there is none that fits."""
    from amc_assess.report import compiled  # lazy: the index, only when a template loads

    if (compiled.JINJA, compiled.TAG) != (jinja2.__version__, tag):
        return None
    if compiled.SOURCES.get(name) != digest(source):
        return None
    spec = importlib.util.find_spec(f"{PACKAGE}.{module_name(name)}")
    loader = getattr(spec, "loader", None)
    try:
        code = loader.get_code(spec.name) if spec is not None and loader is not None else None
    except (ImportError, OSError, SyntaxError):
        return None
    return None if code is None else renamed(code, filename)


def renamed(code: CodeType, filename: str) -> CodeType:
    """``code`` and every code object inside it under ``filename`` (as if compiled from it)."""
    consts = tuple(renamed(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def generate(environment: Environment, folder: Path, tag: str) -> dict[str, str]:
    """File name -> text of every module of the compiled package, for the templates in
    ``folder`` as ``environment`` compiles them (its options described by ``tag``)."""
    out, sources = {}, {}
    for path in sorted(folder.glob("report_*.j2")):  # summary.md.j2 is not the report's
        source = path.read_text(encoding="utf-8")
        code = environment.compile(source, path.name, str(path), raw=True)
        out[f"{module_name(path.name)}.py"] = code + "\n" + FOOTER.format(name=path.name)
        sources[path.name] = digest(source)
    index = "\n".join(f"    {k!r}: {v!r}," for k, v in sources.items())
    out["__init__.py"] = (
        '"""Report templates compiled ahead (amc_assess.report.compile_templates): generated, do '
        'not edit."""\n\n'
        f"JINJA = {jinja2.__version__!r}\nTAG = {tag!r}\nSOURCES = {{\n{index}\n}}\n"
    )
    return out
