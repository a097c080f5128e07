"""Report inputs from files: response files (scored here, in one engine call) or scored results.

A scored result is the JSON that ``amc score --format json`` prints (a list of results, or
one result), or a row of a scored table that ``amc batch`` writes (CSV, XLSX or Parquet; see
``report.table``). A response file is YAML or JSON with an ``assessment`` block. Several inputs of
one firm are its respondents: each is scored on its own (all in one engine call) and the firm's
result is their aggregate (``report.firm``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from amc_assess.loading import InvalidInput, parse
from amc_assess.models import AssessmentResult, Questionnaire, Response, Rubric
from amc_assess.report.firm import Respondent, firm_input
from amc_assess.report.models import ReportInput
from amc_assess.yamlio import FileError, read_data

if TYPE_CHECKING:
    from amc_assess.models.network import NetworkResult

TABLE_SUFFIXES = (".parquet", ".csv", ".xlsx")
SCORED_WITH_TARGETS = (
    "--target applies when scoring response files; this file holds results already scored "
    "with the rubric's targets"
)


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
    paths: Sequence[str | Path],
    q: Questionnaire,
    r: Rubric,
    targets_given: bool = False,
    network: NetworkResult | None = None,
) -> list[ReportInput]:
    """One ReportInput per firm; a firm's several respondents are aggregated (report.firm).

    ``network``: a relationship audit; response files are scored with its network measures
    (already scored inputs keep their scores).
    """
    from amc_assess import api
    from amc_assess.report.table import table_respondents
    from amc_assess.results import response_problems

    errors: list[str] = []
    responses: list[tuple[str, Response]] = []
    scored: list[tuple[str, AssessmentResult]] = []
    rows: list[Respondent] = []
    for raw in paths:
        path = api.shown(raw)
        if Path(path).suffix.lower() in TABLE_SUFFIXES:
            if targets_given:
                errors.append(f"{path}: {SCORED_WITH_TARGETS}")
                continue
            found, problems = table_respondents(path, sha256, q, r)
            rows += found
            errors += problems
            continue
        try:
            data = read_data(path)
        except FileError as exc:
            errors.append(str(exc))
            continue
        try:
            if _is_scored(data):
                if targets_given:
                    errors.append(f"{path}: {SCORED_WITH_TARGETS}")
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
    answered = [x for _, x in responses]
    if network is not None:
        from amc_assess.metrics import with_network

        answered = with_network(answered, network)
    results = api.score_responses(answered, q, r, [p for p, _ in responses])
    people = [
        Respondent(path, result, response, sha256(path))
        for (path, response), result in zip(responses, results, strict=True)
    ]
    people += [Respondent(path, result, None, sha256(path)) for path, result in scored]
    people += rows
    by_firm: dict[str, list[Respondent]] = {}
    for p in people:
        firm = p.response.assessment.firm if p.response else p.result.firm or Path(p.path).stem
        by_firm.setdefault(firm, []).append(p)
    _no_repeats(by_firm, paths)
    return [firm_input(firm, group, r) for firm, group in by_firm.items()]


def _no_repeats(by_firm: dict[str, list[Respondent]], paths: Sequence[str | Path]) -> None:
    """A file given twice would count its respondents twice: refuse it."""
    given = Counter(str(Path(p).resolve()) for p in paths)
    errors = []
    for firm, group in by_firm.items():
        for path in dict.fromkeys(p.path for p in group):
            n = given[str(Path(path).resolve())]
            if n > 1:
                errors.append(
                    f"{path}: given {n} times: {n} respondents for firm {firm!r} from one "
                    "file; pass each respondent's file once"
                )
    if errors:
        raise InvalidInput(errors)
