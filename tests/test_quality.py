"""Code quality of the package itself: mypy passes, the import graph has no circles, and
imports deferred into functions say why."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = "amc_assess"
SOURCE = REPO / "src" / PACKAGE

# Third-party libraries slow enough to import that a light command should not pay for them.
HEAVY = frozenset(
    {"pandas", "pyarrow", "scipy", "networkx", "reportlab", "questionary", "openpyxl", "rich"}
)
LAZY_COMMENT = re.compile(r"#\s*lazy:\s*\S")


@dataclass(frozen=True)
class Import:
    """One import statement of a package module, and the modules it names."""

    module: str  # dotted name of the importing module
    path: Path
    line: int
    end_line: int
    local: bool  # inside a function (or a class inside one), not run at import time
    own: tuple[str, ...]  # modules of the package it imports
    third_party: tuple[str, ...]  # top-level names of other distributions it imports


def module_names(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module under the package folder ``root``."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module ``name`` is, or lives in (``pkg.mod.func`` -> ``pkg.mod``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _named(node: ast.Import | ast.ImportFrom, module: str, modules: dict[str, Path]) -> list[str]:
    """The dotted names an import statement of ``module`` imports, relative ones made absolute."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        here = (
            module.split(".") if modules[module].name == "__init__.py" else module.split(".")[:-1]
        )
        here = here[: len(here) - (node.level - 1)]
        base = ".".join(here + ([base] if base else []))
    return [
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
        for alias in node.names
    ]


def imports(root: Path) -> list[Import]:
    """Every import statement of the package at ``root``, skipping ``if TYPE_CHECKING:`` blocks."""
    package = root.name
    modules = module_names(root)
    found: list[Import] = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        pending: list[tuple[ast.AST, bool]] = [(tree, False)]
        while pending:
            node, local = pending.pop()
            for child in ast.iter_child_nodes(node):
                if _is_type_checking(child):
                    continue
                if isinstance(child, ast.Import | ast.ImportFrom):
                    own: list[str] = []
                    other: list[str] = []
                    for name in _named(child, module, modules):
                        if name == package or name.startswith(package + "."):
                            target = _resolve(name, modules)
                            if target and target != module and target not in own:
                                own.append(target)
                        elif name.split(".")[0] not in other:
                            other.append(name.split(".")[0])
                    end = child.end_lineno or child.lineno
                    found.append(
                        Import(module, path, child.lineno, end, local, tuple(own), tuple(other))
                    )
                inside = local or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                pending.append((child, inside))
    return sorted(found, key=lambda statement: (statement.module, statement.line))


def circles(edges: dict[str, dict[str, Import]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def import_graph(root: Path) -> dict[str, dict[str, Import]]:
    """Importing module -> imported module -> the first statement importing it."""
    graph: dict[str, dict[str, Import]] = {name: {} for name in module_names(root)}
    for statement in imports(root):
        for target in statement.own:
            graph[statement.module].setdefault(target, statement)
    return graph


def describe(circle: list[str], graph: dict[str, dict[str, Import]], root: Path) -> str:
    """The circle's modules and its shortest closed path, each step with the importing line."""
    members = set(circle)
    start = circle[0]
    # shortest way back to start, searched breadth first inside the circle
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier and start not in came_from:
        following = []
        for v in frontier:
            for w in graph[v]:
                if w in members and w not in came_from:
                    came_from[w] = v
                    following.append(w)
        frontier = following
    path = [start]
    while True:
        path.append(came_from[path[-1]])
        if path[-1] == start:
            break
    path.reverse()
    steps = [start]
    for v, w in zip(path, path[1:], strict=False):
        statement = graph[v][w]
        where = f"{statement.path.relative_to(root.parent)}:{statement.line}"
        steps.append(f"-> {w} ({where}{', in a function' if statement.local else ''})")
    return f"{len(circle)} modules ({', '.join(circle)}), for one: " + " ".join(steps)


def import_circles_message(root: Path) -> str:
    graph = import_graph(root)
    return "\n".join(describe(circle, graph, root) for circle in circles(graph))


def unexplained_lazy_imports(root: Path) -> list[str]:
    """Imports inside functions, of the package or a heavy library, without `# lazy: <reason>`:
    trailing, or on the comment line above the import or above the run of imports it ends."""
    statements = imports(root)
    ending_on = {(s.path, s.end_line): s for s in statements}
    lines_of: dict[Path, list[str]] = {}

    def headed(statement: Import, lines: list[str]) -> bool:
        above = lines[statement.line - 2].strip() if statement.line > 1 else ""
        if above.startswith("#"):
            return bool(LAZY_COMMENT.search(above))
        previous = ending_on.get((statement.path, statement.line - 1))
        return previous is not None and headed(previous, lines)

    missing = []
    for statement in statements:
        if not statement.local or not (statement.own or HEAVY & set(statement.third_party)):
            continue
        lines = lines_of.setdefault(statement.path, statement.path.read_text("utf-8").splitlines())
        said = lines[statement.line - 1 : statement.end_line]
        if not any(LAZY_COMMENT.search(line) for line in said) and not headed(statement, lines):
            where = statement.path.relative_to(root.parent)
            missing.append(f"{where}:{statement.line}: {lines[statement.line - 1].strip()}")
    return missing


@pytest.mark.slow
def test_mypy_passes():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(REPO / ".mypy_cache")],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_imports_no_circles():
    message = import_circles_message(SOURCE)
    assert not message, "modules importing each other in a circle:\n" + message


def test_imports_inside_functions_say_why():
    missing = unexplained_lazy_imports(SOURCE)
    assert not missing, (
        "imports inside functions (of the package, or of a heavy library) need a trailing "
        "`# lazy: <reason>` comment, or should move to the top of the module:\n"
        + "\n".join(missing)
    )


def _package(root: Path, files: dict[str, str]) -> Path:
    package = root / "pkg"
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    return package


def test_the_circle_check_finds_a_circle_through_a_function_local_import(tmp_path):
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from pkg import b\n",
            "b.py": "def f():\n    from pkg.sub import c\n",
            "sub/__init__.py": "",
            "sub/c.py": "from .. import a\n",
            "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n",
            "e.py": "import pkg.d\n",
        },
    )
    message = import_circles_message(package)
    assert message.splitlines() == [
        "3 modules (pkg.a, pkg.b, pkg.sub.c), for one: pkg.a -> pkg.b (pkg/a.py:1) -> pkg.sub.c (pkg/b.py:2, in a function)"
        " -> pkg.a (pkg/sub/c.py:1)"
    ]


def test_the_lazy_check_wants_a_reason_for_own_and_heavy_imports_in_functions(tmp_path):
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": (
                "import pandas\n"  # module level: fine
                "def f():\n"
                "    import json\n"  # light library: fine
                "    from pkg import b\n"  # 4: no reason
                "    import pandas as pd  # lazy: keeps pandas off `validate`\n"
                "    from pkg import b\n"  # 6: the comment above belongs to another line
                "    from pyarrow import (  # lazy:\n"  # 7: empty reason
                "        parquet,\n"
                "    )\n"
                "    # lazy: only the report needs it\n"
                "    from reportlab.lib import colors\n"
                "def g():\n"
                "    # lazy: openpyxl writes .xlsx files only\n"
                "    from openpyxl import Workbook\n"
                "    from openpyxl.styles import Font\n"  # 15: the comment heads the run
                "\n"
                "    from openpyxl.utils import get_column_letter\n"  # 17: a new run
            ),
            "b.py": "",
        },
    )
    assert unexplained_lazy_imports(package) == [
        "pkg/a.py:4: from pkg import b",
        "pkg/a.py:6: from pkg import b",
        "pkg/a.py:7: from pyarrow import (  # lazy:",
        "pkg/a.py:17: from openpyxl.utils import get_column_letter",
    ]
