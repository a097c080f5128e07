"""YAML and JSON reading and atomic writing.

The loader is ``yaml.SafeLoader`` with YAML 1.2 booleans: only ``true``/``false``
are booleans, so answer codes such as ``yes``, ``no``, ``on`` and ``off`` stay strings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from amc_assess.atomic import write_bytes
from amc_assess.faults import cause

if TYPE_CHECKING:  # both loaders have the same resolver interface, all this module uses
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class SafeLoader12(_Base):
    """Safe loader whose booleans are YAML 1.2's ``true`` / ``false`` only."""


SafeLoader12.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SafeLoader12.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class FileError(Exception):
    """A file could not be read or parsed; the message names the file."""


def read_data(path: str | Path) -> Any:
    """Read a YAML or JSON file (by extension; YAML otherwise) into Python data."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileError(f"{path}: cannot read: {cause(exc)}") from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=SafeLoader12)  # noqa: S506 - safe loader subclass
    except json.JSONDecodeError as exc:
        raise FileError(f"{path}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileError(f"{path}: {where}invalid YAML: {problem}") from None


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (:func:`amc_assess.atomic.write_file`)."""
    write_bytes(path, data)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` (with ``\n`` line ends) to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))


def dump_data(path: str | Path, data: Any) -> None:
    """Write data atomically as JSON (``.json``) or YAML (anything else)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    else:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    atomic_write_text(path, text)
