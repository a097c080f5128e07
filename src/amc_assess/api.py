"""The library API the CLI calls: validate, score, schema."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from amc_assess.loading import InvalidInput, load_response
from amc_assess.models import AssessmentResult, Questionnaire, Response, Rubric
from amc_assess.names import shown
from amc_assess.resources import default_questionnaire, default_rubric
from amc_assess.validation import load_pair


def instrument(
    questionnaire: str | Path | None = None, rubric: str | Path | None = None
) -> tuple[Questionnaire, Rubric]:
    """Load and cross-check a questionnaire and rubric (bundled defaults when None)."""
    qpath = shown(questionnaire or default_questionnaire())
    rpath = shown(rubric or default_rubric())
    return load_pair(qpath, rpath)


def validate(questionnaire: str | Path | None = None, rubric: str | Path | None = None) -> str:
    """Check both files and lint the rubric; return a summary or raise InvalidInput."""
    from amc_assess.simulate import simulate

    if rubric is None and questionnaire is not None:  # issue 7: an instrument nothing scores
        from amc_assess.validation import unscored_questionnaire

        alone = unscored_questionnaire(shown(questionnaire))
        if alone is not None:
            return (
                f"OK: {shown(questionnaire)} ({alone.id} {alone.version}, {len(alone.items())} "
                f"items in {len(alone.sections)} sections; not scored, so no rubric applies)"
            )
    q, r = instrument(questionnaire, rubric)
    rpath = shown(rubric or default_rubric())
    errors = simulate(q, r, rpath)
    if errors:
        raise InvalidInput(errors)
    measures = sum(ri.metric is not None for d in r.dimensions.values() for ri in d.items)
    scored = sum(len(d.items) for d in r.dimensions.values()) - measures
    network = f", {measures} network measures" if measures else ""
    return (
        f"OK: {shown(questionnaire or default_questionnaire())} "
        f"({q.id} {q.version}, {len(q.items())} items in {len(q.sections)} sections) and "
        f"{rpath} ({r.id} {r.version}, {len(r.dimensions)} dimensions, {scored} scored items"
        f"{network}, {len(r.rules)} rules)"
    )


def load_responses(paths: Sequence[str | Path], q: Questionnaire) -> list[Response]:
    """Load response files and check them against the questionnaire; report every problem."""
    responses, errors = [], []
    for path in paths:
        try:
            response = load_response(shown(path))
        except InvalidInput as exc:
            errors += exc.errors
            continue
        from amc_assess.results import response_problems

        errors += response_problems(response, q, shown(path))
        responses.append(response)
    if errors:
        raise InvalidInput(errors)
    return responses


def score_responses(
    responses: Sequence[Response],
    q: Questionnaire,
    r: Rubric,
    paths: Sequence[str | Path] | None = None,
) -> list[AssessmentResult]:
    """Score responses as one batch through the engine; invalid answers are errors."""
    from amc_assess.results import answers_frame, to_results
    from amc_assess.scoring import score_frame

    scored = score_frame(answers_frame(responses, q), q, r)
    if len(scored.problems):
        names = (
            [shown(p) for p in paths]
            if paths
            else [f"response {k + 1}" for k in range(len(responses))]
        )
        raise InvalidInput(
            [
                f"{names[p.row]}: answers.{p.item}: {p.value!r}: {p.reason}"
                for p in scored.problems.itertuples()
            ]
        )
    return to_results(
        scored,
        firms=[resp.assessment.firm for resp in responses],
        respondents=[resp.respondent.name for resp in responses],
    )


def score_files(
    paths: Sequence[str | Path],
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    network: Sequence[str | Path] = (),
) -> list[AssessmentResult]:
    """Load, check and score response files (YAML or JSON).

    ``network``: relationship-audit files of the firm's alliance; the rubric's network
    measures (``metric:`` entries) are then scored from them for every response.
    """
    q, r = instrument(questionnaire, rubric)
    responses = load_responses(paths, q)
    if not network:
        return score_responses(responses, q, r, paths)
    from amc_assess.metrics import measure, with_network
    from amc_assess.network import audit

    result = audit([shown(p) for p in network])
    scored = score_responses(with_network(responses, result), q, r, paths)
    values = measure(result)
    return [s.model_copy(update={"network_measures": values}) for s in scored]


def write_schemas(out_dir: str | Path) -> list[Path]:
    """Write JSON Schema for questionnaire, rubric and response files into ``out_dir``."""
    from amc_assess.yamlio import atomic_write_text

    out = Path(out_dir)
    os.makedirs(out, exist_ok=True)
    written = []
    for name, model in (
        ("questionnaire", Questionnaire),
        ("rubric", Rubric),
        ("response", Response),
    ):
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"amc-assess {name} file"
        path = out / f"amc-{name}.schema.json"
        atomic_write_text(path, json.dumps(schema, indent=2) + "\n")
        written.append(path)
    return written
