"""Templates are data: they read the context they are given and can do nothing else.

Report and summary templates render in Jinja2's immutable sandbox: a template reaching for
an attribute it may not (``cycler.__init__.__globals__``, ``__class__``, a method that
changes a value) fails with one line naming the template and its line, and nothing runs.
A ``--template-dir`` folder is read through :class:`FolderLoader`: a template there that is
a symbolic link to a file outside the folder is refused before its content is read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import TracebackType
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from amc_assess.names import shown
from amc_assess.problems import InvalidInput


class FolderLoader(FileSystemLoader):
    """The templates of one folder, none of them a link to a file outside it."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        super().__init__(folder)
        self.root = os.path.realpath(folder)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = os.path.join(self.root, *split_template_path(template))
        if os.path.lexists(path):
            real = os.path.realpath(path)
            if os.path.commonpath([real, self.root]) != self.root:
                raise InvalidInput([
                    f"{_as_given(path)}: a link to a file outside the template folder; copy the "
                    "template into the folder instead"
                ])  # fmt: skip
        return super().get_source(environment, template)


def _as_given(path: str) -> str:
    """The link's own name (not its target's), relative to the working folder when inside."""
    cwd = os.getcwd()
    return os.path.relpath(path, cwd) if path.startswith(cwd + os.sep) else path


def loader(
    template_dir: str | os.PathLike[str] | None, bundled: str | os.PathLike[str]
) -> BaseLoader:
    """``template_dir`` first (file by file), then the bundled templates."""
    folders: list[BaseLoader] = [FolderLoader(template_dir)] if template_dir else []
    return ChoiceLoader([*folders, FileSystemLoader(bundled)])


def environment(**options: Any) -> Environment:
    """A sandboxed environment: templates read their context and change nothing."""
    return ImmutableSandboxedEnvironment(**options)


def where(exc: BaseException, name: str) -> str:
    """``report_cover.j2: line 3`` for an error raised while a template ran (the innermost
    template frame of the traceback), else ``name``."""
    found, line = name, None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found, line = shown(filename), tb.tb_lineno
        tb = tb.tb_next
    if getattr(exc, "filename", None):  # a syntax error names its file and line
        found, line = shown(exc.filename), getattr(exc, "lineno", None)  # type: ignore[attr-defined]
    return f"{found}: line {line}" if line else found
