"""Load questionnaires, rubrics and responses from files into validated models.

Every problem is collected and reported as one line: ``file: field.path: message``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from amc_assess.models import Questionnaire, Response, Rubric
from amc_assess.problems import InvalidInput, Problem
from amc_assess.yamlio import FileError, read_data

__all__ = ["InvalidInput", "field_path", "parse", "validation_lines"]

M = TypeVar("M", bound=BaseModel)
_TAGS = {"group", "clause"}


def field_path(loc: Iterable[Any]) -> str:
    """Turn a pydantic error location into ``a.b[3].c``."""
    out = ""
    for part in loc:
        if part in _TAGS or (isinstance(part, str) and part.startswith("function-")):
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _message(error: dict[str, Any]) -> str:
    msg = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "extra_forbidden":
        loc = tuple(error.get("loc") or ())
        return "unknown field" + (_near_field(str(error.get("root", "")), loc) if loc else "")
    if error["type"] == "string_type" and error.get("input", "") is None:  # key: #1F3A5F
        return (
            f"{msg} (found nothing: an unquoted value starting with # is a YAML comment; "
            "quote it, as in '#1F3A5F')"
        )
    if error["type"] in ("model_type", "dict_type"):  # pydantic names its own class
        return f"expected a mapping, found {_kind(error.get('input'))}"
    if error["type"] in BOUNDS and isinstance(error.get("input"), int | float):
        found = error["input"]
        loc = error.get("loc") or ()
        if 1 < found <= 100 and loc and "share" in str(loc[-1]):  # 50 for 50%
            return (
                f"{msg} (found {found!r}: a share runs from 0 to 1, {found:g}% is {found / 100:g})"
            )
        return f"{msg} (found {found!r})"  # the value given, beside the bound
    if str(error["type"]).endswith("_parsing") and isinstance(error.get("input"), str):
        return f"{msg} (found {error['input']!r})"  # "1,5": which value, and how it was written
    return msg


BOUNDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


def _near_field(root: str, loc: tuple[Any, ...]) -> str:
    """`` (did you mean 'weight'?)`` for a misspelt field (``wieght``), from the fields the
    model at that place has (``root``: the model validated); "" when none is near."""
    import difflib  # lazy: only for an unknown field

    fields = _fields_at(root, loc[:-1])
    near = difflib.get_close_matches(str(loc[-1]), sorted(fields), n=1, cutoff=0.75)
    return f" (did you mean {near[0]!r}?)" if near and near[0] != loc[-1] else ""


def _fields_at(root: str, path: tuple[Any, ...]) -> set[str]:
    """The field names of the model found at ``path`` from the model named ``root`` (through
    lists, mappings and optional values); empty where the path leads to no model."""
    import typing

    from pydantic import BaseModel

    def models(tp: Any) -> list[type[BaseModel]]:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return [tp]
        return [m for arg in typing.get_args(tp) for m in models(arg)]

    todo: list[type[BaseModel]] = [BaseModel]
    found = []
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__name__ == root and cls.__module__.startswith("amc_assess."):
            found.append(cls)
    current = found[:1]
    for step in path:
        nxt: list[type[BaseModel]] = []
        for cls in current:
            info = cls.model_fields.get(str(step))
            if info is not None:
                nxt += models(info.annotation)
            else:  # a list index or a mapping key: the same models go on
                nxt.append(cls)
        current = nxt
    return {info.alias or key for cls in current for key, info in cls.model_fields.items()}


def _kind(value: object) -> str:
    """What a YAML or JSON value is, in a reader's words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value if len(value) <= 40 else value[:39] + '…'!r}"
    return "a list" if isinstance(value, list) else type(value).__name__


def validation_problems(path: str | Path, exc: ValidationError, at: str = "") -> list[Problem]:
    """One problem per pydantic error (one for all the types a value could have had);
    ``at`` prefixes the field path (e.g. ``[2]``)."""
    out = []
    for loc, message in _one_per_union([dict(e, root=exc.title) for e in exc.errors()]):
        where = field_path(loc)
        where = f"{at}.{where}" if at and where != "(top level)" else (at or where)
        out.append(Problem(str(path), message, field=where, kind="structure"))
    return out


_BRANCHES = {"int": "a number", "float": "a number", "str": "text", "bool": "yes or no"}


def _one_per_union(errors: list[dict[str, Any]]) -> list[tuple[tuple[Any, ...], str]]:
    """(location, message) per error; the errors of a value that fit none of a union's plain
    types (``map.yes.int``, ``map.yes.float``) become one: expected a number, found text."""
    out: list[tuple[tuple[Any, ...], str]] = []
    locs = [tuple(e["loc"]) for e in errors]
    branch = [
        bool(loc) and loc[-1] in _BRANCHES and str(e["type"]).endswith(("_type", "_parsing"))
        for loc, e in zip(locs, errors, strict=True)
    ]
    k = 0
    while k < len(errors):
        loc = locs[k]
        j = k
        while j < len(errors) and branch[j] and locs[j][:-1] == loc[:-1]:
            j += 1
        if j - k >= 2:
            wanted = list(dict.fromkeys(_BRANCHES[locs[i][-1]] for i in range(k, j)))
            found = _kind(errors[k].get("input"))
            out.append((loc[:-1], f"expected {' or '.join(wanted)}, found {found}"))
            k = j
            continue
        out.append((loc, _message(errors[k])))
        k += 1
    return out


def validation_lines(path: str | Path, exc: ValidationError) -> list[str]:
    """One ``file: path: message`` line per pydantic error."""
    return [p.line() for p in validation_problems(path, exc)]


def parse(model: type[M], data: Any, path: str | Path) -> M:
    """Validate ``data`` as ``model``; raise InvalidInput with every problem."""
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "empty"
        raise InvalidInput([f"{path}: (top level): expected a mapping, found {kind} document"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(validation_problems(path, exc)) from None


def _load(model: type[M], path: str | Path) -> M:
    try:
        data = read_data(path)
    except FileError as exc:
        text, prefix = str(exc), f"{path}: "
        message = text[len(prefix) :] if text.startswith(prefix) else text
        raise InvalidInput([Problem(str(path), message, kind="file")]) from None
    return parse(model, data, path)


def lenient(model: type[M], path: str | Path) -> M | None:
    """``model`` from ``path`` with every single value pydantic refused left out, its default
    taken, so that the checks across files can run beside those field errors (one run shows
    all); None where a refused field has no default or is a whole list or mapping."""
    try:
        data = read_data(path)
    except FileError:
        return None
    for _ in range(8):  # a few rounds: a fix can uncover a field error further in
        if not isinstance(data, dict):
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                *way, last = error["loc"]
                parent: Any = data
                for step in way:
                    try:
                        parent = parent[_key(parent, step)]
                    except (KeyError, IndexError, TypeError):
                        return None
                last = _key(parent, last)
                if not isinstance(parent, dict) or last not in parent:
                    return None  # required, or not a field of its own: no default to take
                if isinstance(parent[last], dict | list):
                    return None  # a whole structure's default would make knock-on errors
                del parent[last]
    return None


def _key(parent: Any, step: Any) -> Any:
    """``step`` of an error's location as ``parent`` holds it: pydantic names a mapping's
    whole-number key (a level's recommendations, ``1:``) as text."""
    if isinstance(parent, dict) and step not in parent and isinstance(step, str):
        if step.lstrip("-").isdigit() and int(step) in parent:
            return int(step)
    return step


def load_questionnaire(path: str | Path) -> Questionnaire:
    return _load(Questionnaire, path)


def load_rubric(path: str | Path) -> Rubric:
    return _load(Rubric, path)


def load_response(path: str | Path) -> Response:
    return _load(Response, path)
