"""Target levels given on the command line (``--targets``): inline, or a file's ``targets:``.

``4`` (every dimension), ``structure=4,daf=3``, or a YAML/JSON file holding the ``targets:``
block of a response file (``levels``, ``agreed_on``, ``agreed_by``). Inline levels, and a
file's that does not say who agreed them or when, are ``given on the command line``; a file's
that does are ``agreed``. Either way they override a response file's own targets per dimension.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from amc_assess.loading import validation_problems
from amc_assess.models import Rubric, TargetsBlock
from amc_assess.names import shown
from amc_assess.problems import InvalidInput, Problem
from amc_assess.scored.responses import target_problems
from amc_assess.yamlio import FileError, read_data

OPTION = "--targets"


def parse_targets(spec: str, rubric: Rubric, where: str = OPTION) -> TargetsBlock:
    """``4``, ``structure=4,daf=3`` or a targets file -> the targets block it gives."""
    text = spec.strip()
    if text.isdigit() or "=" in text:
        return TargetsBlock(levels=_inline(text, rubric, where))
    return targets_file(text, rubric, where)


def _inline(spec: str, rubric: Rubric, where: str) -> dict[str, int]:
    if spec.isdigit():
        top = len(rubric.levels)
        if not 1 <= int(spec) <= top:  # one level for every dimension: one mistake, one line
            raise InvalidInput([f"{where}: {spec!r} is not a level 1..{top}"])
        pairs = [(d, spec) for d in rubric.dimensions]
    else:
        pairs = []
        for part in spec.split(","):
            key, sep, value = part.partition("=")
            if not sep:
                raise InvalidInput(
                    [f"{where}: {part.strip()!r}: expected DIMENSION=LEVEL, LEVEL or a file"]
                )
            pairs.append((key.strip(), value.strip()))
    targets, errors = {}, []
    for dim, value in pairs:
        if dim not in rubric.dimensions:
            known = ", ".join(rubric.dimensions)
            errors.append(f"{where}: {dim!r} is not a dimension of rubric {rubric.id} ({known})")
        elif not value.isdigit() or not 1 <= int(value) <= len(rubric.levels):
            errors.append(f"{where}: {dim}: {value!r} is not a level 1..{len(rubric.levels)}")
        else:
            targets[dim] = int(value)
    if errors:
        raise InvalidInput(errors)
    return targets


def targets_file(path: str | Path, rubric: Rubric, where: str = OPTION) -> TargetsBlock:
    """The ``targets:`` block of a YAML or JSON file (a response file's works too)."""
    name = shown(path)
    if not Path(path).is_file():
        raise InvalidInput([
            f"{where}: {name!r} is neither a file nor levels (4, or structure=4,daf=3)"
        ])  # fmt: skip
    try:
        data = read_data(path)
    except FileError as exc:
        raise InvalidInput([str(exc)]) from None
    block = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(block, dict):
        raise InvalidInput([
            Problem(name, "expected a targets: block (levels, agreed_on, agreed_by)",
                    field="targets", kind="structure")
        ])  # fmt: skip
    try:
        targets = TargetsBlock.model_validate(block)
    except ValidationError as exc:
        raise InvalidInput(validation_problems(name, exc, "targets")) from None
    problems = target_problems(targets, rubric, name, "targets")
    if problems:
        raise InvalidInput(problems)
    return targets
