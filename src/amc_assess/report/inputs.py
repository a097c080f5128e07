"""Report inputs from files: response files (scored here, in one engine call) or scored results.

A scored result is the JSON that ``amc score --format json`` prints (a list of results, or
one result). A response file is YAML or JSON with an ``assessment`` block.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from amc_assess.loading import InvalidInput, parse
from amc_assess.models import AssessmentResult, Questionnaire, Response, Rubric
from amc_assess.report.models import CoverMeta, ReportInput
from amc_assess.yamlio import FileError, read_data


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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


def _is_scored(data: object) -> bool:
    first = data[0] if isinstance(data, list) and data else data
    return isinstance(first, dict) and "dimensions" in first and "assessment" not in first


def _check_versions(result: AssessmentResult, q: Questionnaire, r: Rubric, where: str) -> None:
    if (result.instrument, result.instrument_version) != (q.id, q.version) or (
        result.rubric,
        result.rubric_version,
    ) != (r.id, r.version):
        raise InvalidInput(
            [
                f"{where}: scored with {result.instrument} {result.instrument_version} / rubric "
                f"{result.rubric} {result.rubric_version}, but the report uses "
                f"{q.id} {q.version} / {r.id} {r.version}: pass the matching "
                "--questionnaire and --rubric"
            ]
        )


def load_inputs(
    paths: Sequence[str | Path], q: Questionnaire, r: Rubric, targets_given: bool = False
) -> list[ReportInput]:
    """One ReportInput per firm (response files, then scored results); every problem collected."""
    from amc_assess import api
    from amc_assess.results import response_problems

    errors: list[str] = []
    responses: list[tuple[str, Response]] = []
    scored: list[tuple[str, AssessmentResult]] = []
    for raw in paths:
        path = api.shown(raw)
        try:
            data = read_data(path)
        except FileError as exc:
            errors.append(str(exc))
            continue
        try:
            if _is_scored(data):
                if targets_given:
                    errors.append(
                        f"{path}: --target applies when scoring response files; this "
                        "file holds results already scored with the rubric's targets"
                    )
                    continue
                items = data if isinstance(data, list) else [data]
                for k, item in enumerate(items):
                    where = f"{path}[{k}]" if isinstance(data, list) else path
                    result = parse(AssessmentResult, item, where)
                    _check_versions(result, q, r, where)
                    scored.append((path, result))
            else:
                response = parse(Response, data, path)
                errors += response_problems(response, q, path)
                responses.append((path, response))
        except InvalidInput as exc:
            errors += exc.errors
    if errors:
        raise InvalidInput(errors)
    results = api.score_responses([x for _, x in responses], q, r, [p for p, _ in responses])
    inputs: list[ReportInput] = []
    for (path, response), result in zip(responses, results, strict=True):
        meta = CoverMeta(
            firm=response.assessment.firm,
            assessor=response.assessment.assessor,
            date=response.assessment.date,
            respondent=response.respondent.name,
            respondent_role=response.respondent.role,
        )
        inputs.append(
            ReportInput(meta=meta, result=result, response=response, sources={path: sha256(path)})
        )
    for path, result in scored:
        meta = CoverMeta(firm=result.firm or Path(path).stem, respondent=result.respondent)
        inputs.append(ReportInput(meta=meta, result=result, sources={path: sha256(path)}))
    _one_per_firm(inputs)
    return inputs


def _one_per_firm(inputs: list[ReportInput]) -> None:
    seen: dict[str, list[str]] = {}
    for inp in inputs:
        seen.setdefault(inp.meta.firm, []).extend(inp.sources)
    clash = {firm: files for firm, files in seen.items() if len(files) > 1}
    if clash:
        raise InvalidInput(
            [
                f"{', '.join(files)}: {len(files)} respondents for firm {firm!r}; a report "
                "shows one result per firm, so pass one response per firm (a combined firm "
                "result from several respondents is not readable by amc report yet)"
                for firm, files in clash.items()
            ]
        )
