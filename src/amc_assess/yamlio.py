"""YAML and JSON reading and atomic writing.

The loader is ``yaml.SafeLoader`` with YAML 1.2 booleans: only ``true``/``false``
are booleans, so answer codes such as ``yes``, ``no``, ``on`` and ``off`` stay strings.
Before a YAML document is built, its node graph is checked against the limits
(:mod:`amc_assess.limits`): values with aliases expanded, aliases, nesting, number length;
an alias bomb is refused in the time it takes to read its text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from amc_assess import limits, parsed_ahead
from amc_assess.atomic import write_bytes
from amc_assess.faults import cause, not_utf8, yaml_problem

if TYPE_CHECKING:  # both loaders have the same resolver interface, all this module uses
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class SafeLoader12(_Base):
    """Safe loader whose booleans are YAML 1.2's ``true`` / ``false`` only."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date, or an error at its line: ``2026-13-45`` failed with no file or line."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value} is not a date on the calendar ({exc})", node.start_mark
            ) from None


SafeLoader12.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader12.construct_yaml_timestamp)


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
        limits.check("file_mb", path.stat().st_size, str(path), "the file is")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise FileError(f"{path}: {not_utf8(exc)}") from None
    except OSError as exc:
        raise FileError(f"{path}: cannot read: {cause(exc)}") from None
    except limits.LimitExceeded as exc:
        raise FileError(exc.errors[0]) from None
    try:
        if path.suffix.lower() == ".json":
            return _json(text, str(path))
        return _yaml(text, str(path))
    except json.JSONDecodeError as exc:
        raise FileError(f"{path}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        raise FileError(f"{path}: {yaml_problem(exc, text)}") from None
    except limits.LimitExceeded as exc:
        raise FileError(exc.errors[0]) from None


def _yaml(text: str, name: str) -> Any:
    found, data = parsed_ahead.lookup(text)  # a bundled instrument: parsed when it was made
    return data if found else parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Any:
    """The data of a YAML text, its limits checked first (``name``: the file, for messages)."""
    loader = SafeLoader12(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return check_nodes(node, name, loader)
        except _Unusual:  # PyYAML builds it, after the limits are checked alone
            check_nodes(node, name)
            return loader.construct_document(node)
    finally:
        loader.dispose()


class _Unusual(Exception):
    """A node the plain builder leaves to PyYAML: an explicit tag other than the plain
    types, a merge key, a key that is a list or mapping, a value its constructor refuses."""


_STR, _NULL, _MAP, _SEQ, _MERGE = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "null", "map", "seq", "merge")
)
_PLAIN = frozenset(f"tag:yaml.org,2002:{t}" for t in ("bool", "int", "float", "timestamp"))


def _scalar(node: yaml.ScalarNode, loader: Any) -> Any:
    """What PyYAML's safe constructor makes of a scalar (strings and nulls at once)."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _NULL:
        return None
    if tag not in _PLAIN:
        raise _Unusual
    try:
        return loader.yaml_constructors[tag](loader, node)
    except Exception:  # noqa: BLE001 - PyYAML raises it again, after the limits
        raise _Unusual from None


def _collection(node: yaml.Node, kids: list[yaml.Node], built: dict[int, Any]) -> Any:
    """A list or mapping of its values, built already (PyYAML's safe constructor's result)."""
    if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [built[id(k)] for k in kids]
    if node.tag != _MAP or not isinstance(node, yaml.MappingNode):
        raise _Unusual
    mapping = {}
    for j in range(0, len(kids), 2):
        key = built[id(kids[j])]
        if kids[j].tag == _MERGE or isinstance(key, (list, dict)):
            raise _Unusual
        mapping[key] = built[id(kids[j + 1])]
    return mapping


def check_nodes(root: yaml.Node, name: str, loader: Any = None) -> Any:
    """Refuse a YAML node graph over the limits: values with every alias expanded, aliases,
    nesting, digits of a number; or an alias inside what it names. Each node is visited once
    (an alias shares its anchor's node), so a bomb costs only its text.

    Given the ``loader``, the same walk builds and returns the document as PyYAML's safe
    constructor would (an alias is the same object as its anchor), in about a quarter of
    the time; :class:`_Unusual` where it leaves a node to PyYAML."""
    build = loader is not None
    built: dict[int, Any] = {}  # node -> its value (given the loader)
    size: dict[int, int] = {}  # node -> values under it, aliases expanded
    depth: dict[int, int] = {}
    open_: set[int] = set()
    edges = 0
    digits = limits.value("digits")
    scalar = yaml.ScalarNode
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    while stack:
        node, kids = stack.pop()
        key = id(node)
        if kids is not None:  # a list or mapping, after its values
            if isinstance(node, yaml.MappingNode):
                _unique_keys(kids[0::2], name, built if build else None)
            size[key] = 1 + sum([size[id(k)] for k in kids])
            depth[key] = 1 + max([depth[id(k)] for k in kids], default=0)
            open_.discard(key)
            if build:
                built[key] = _collection(node, kids, built)
            continue
        if key in size:
            continue
        if type(node) is scalar or isinstance(node, scalar):  # most nodes: done at once
            if len(node.value) > digits and node.tag.endswith((":int", ":float")):
                at = f"{name}: line {node.start_mark.line + 1}"
                limits.check("digits", len(node.value), at, "a number of")
            size[key], depth[key] = 1, 0
            if build:
                built[key] = _scalar(node, loader)
            continue
        if key in open_:
            at = f"{name}: line {node.start_mark.line + 1}"
            raise FileError(f"{at}: an alias refers to the list or mapping it is inside")
        open_.add(key)
        kids = _children(node)
        edges += len(kids)
        stack.append((node, kids))
        stack.extend([(k, None) for k in kids])
    limits.check("yaml_nodes", size[id(root)], name, "with its aliases expanded, it holds")
    limits.check("depth", depth[id(root)], name, "its lists and mappings nest")
    limits.check("yaml_aliases", edges - (len(size) - 1), name, "it uses")
    return built.get(id(root))


def _unique_keys(keys: list[yaml.Node], name: str, built: dict[int, Any] | None) -> None:
    """Refuse a mapping that gives a key twice (YAML forbids it; PyYAML keeps the last one,
    so the first answer, weight or threshold would be dropped without a word)."""
    seen: dict[object, int] = {}
    for node in keys:
        if not isinstance(node, yaml.ScalarNode) or node.tag == _MERGE:
            continue
        key: object = (node.tag, node.value) if node.tag != _NULL else ("value", None)
        if built is not None and id(node) in built:
            value = built[id(node)]
            key = ("value", value) if _hashable(value) else key  # 1, 1.0 and true collide
        line = node.start_mark.line + 1
        if key in seen:
            raise FileError(
                f"{name}: line {line}: duplicate key {node.value!r} (given first at line "
                f"{seen[key]}); give each key once"
            )
        seen[key] = line


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _json(text: str, name: str) -> Any:
    """``json.loads`` refusing long number literals and nesting past the limit."""

    def number(kind: type[int] | type[float]) -> Any:
        def parse(literal: str) -> int | float:
            if len(literal) > limits.value("digits"):
                line = text.count("\n", 0, max(text.find(literal), 0)) + 1
                limits.check("digits", len(literal), f"{name}: line {line}", "a number of")
            return kind(literal)

        return parse

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in pairs:
            if key in data:
                raise FileError(f"{name}: duplicate key {key!r} in an object; give each key once")
            data[key] = value
        return data

    try:
        return json.loads(
            text, parse_int=number(int), parse_float=number(float), object_pairs_hook=unique
        )
    except RecursionError:
        limits.check("depth", _json_depth(text), name, "its lists and mappings nest")
        raise


def _json_depth(text: str) -> int:
    """How deep the brackets of a JSON text nest (outside strings)."""
    deepest = level = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        token = match.group()
        if token in "[{":
            level += 1
            deepest = max(deepest, level)
        elif token in "]}":
            level -= 1
    return deepest


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
