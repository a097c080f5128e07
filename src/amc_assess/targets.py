"""Target levels: the rubric's, or given per dimension on the command line."""

from __future__ import annotations

from amc_assess.models import Rubric
from amc_assess.problems import InvalidInput


def parse_targets(spec: str, rubric: Rubric, where: str = "--target") -> dict[str, int]:
    """``4`` (every dimension) or ``structure=4,daf=3`` -> {dimension: target level}."""
    spec = spec.strip()
    if spec.isdigit():
        pairs = [(d, spec) for d in rubric.dimensions]
    else:
        pairs = []
        for part in spec.split(","):
            key, sep, value = part.partition("=")
            if not sep:
                raise InvalidInput(
                    [f"{where}: {part.strip()!r}: expected DIMENSION=LEVEL or LEVEL"]
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


def with_targets(rubric: Rubric, targets: dict[str, int]) -> Rubric:
    """A copy of the rubric with other target levels (scoring then measures gaps to them)."""
    dims = {
        k: dim.model_copy(update={"target": targets.get(k, dim.target)})
        for k, dim in rubric.dimensions.items()
    }
    return rubric.model_copy(update={"dimensions": dims})
