"""The library API the CLI calls: validate, score, schema.

``instrument`` and ``shown`` are re-exported for library users.

The top layer: only the CLI imports it; everything it calls lives below it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from amc_assess.metrics import measure, with_network
from amc_assess.models import AssessmentResult, Questionnaire, Response, Rubric, TargetsBlock
from amc_assess.models.rubric import AMC_INSTRUMENT
from amc_assess.names import Paths, as_paths, shown

__all__ = [
    "InvalidInput", "instrument", "load_responses", "score_files", "score_output",
    "score_responses", "shown", "validate", "write_schemas",
]  # fmt: skip
from amc_assess.atomic import write_text
from amc_assess.condition_checks import fraction_bounds
from amc_assess.definitions import bundled_clash, clash_warnings
from amc_assess.formats import plural
from amc_assess.problems import InvalidInput
from amc_assess.resources import default_questionnaire, default_rubric
from amc_assess.scored import responses as scoring_files
from amc_assess.scored.responses import score_checked
from amc_assess.simulate import boilerplate, simulate
from amc_assess.targets import parse_targets
from amc_assess.validation import instrument, unscored_questionnaire


def validate(questionnaire: str | Path | None = None, rubric: str | Path | None = None) -> str:
    """Check both files and lint the rubric; return a summary or raise InvalidInput.

    The summary starts with a ``warning: ...`` line for each thing a report or an interview
    would lack (help, sources, descriptors, recommendations, a level no answers reach)."""
    if rubric is None and questionnaire is not None:  # an instrument nothing scores
        alone = unscored_questionnaire(shown(questionnaire))
        if alone is not None:
            warned = boilerplate(alone, None, shown(questionnaire), "")
            warned += fraction_bounds(alone, None, shown(questionnaire), "")
            return _with_warnings(
                warned,
                f"OK: {shown(questionnaire)} ({alone.id} {alone.version}, "
                f"{plural(len(alone.items()), 'item')} in {plural(len(alone.sections), 'section')};"
                " not scored, so no rubric applies)",
            )
    try:
        q, r = instrument(questionnaire, rubric)
    except InvalidInput as exc:
        if rubric is None and questionnaire is not None:  # -q alone: was -r forgotten?
            exc = InvalidInput(exc.problems, NO_RUBRIC_GIVEN.format(shown(questionnaire)))
        raise exc from None
    rpath = shown(rubric or default_rubric())
    qpath = shown(questionnaire or default_questionnaire())
    warnings: list[str] = []
    errors = bundled_clash(q, r, f"{qpath}, {rpath}") if questionnaire or rubric else []
    errors += simulate(q, r, rpath, warnings)
    if errors:
        raise InvalidInput(errors)
    warnings = boilerplate(q, r, qpath, rpath) + warnings + fraction_bounds(q, r, qpath, rpath)
    measures = sum(ri.metric is not None for d in r.dimensions.values() for ri in d.items)
    scored = sum(len(d.items) for d in r.dimensions.values()) - measures
    network = f", {plural(measures, 'network measure')}" if measures else ""
    return _with_warnings(
        warnings,
        f"OK: {qpath} "
        f"({q.id} {q.version}, {plural(len(q.items()), 'item')} in "
        f"{plural(len(q.sections), 'section')}) and "
        f"{rpath} ({r.id} {r.version}, {plural(len(r.dimensions), 'dimension')}, "
        f"{plural(scored, 'scored item')}"
        f"{network}, {plural(len(r.rules), 'rule')})",
    )


NO_RUBRIC_GIVEN = (
    "No --rubric was given: the bundled rubric was checked against {}; give -r with your "
    "instrument's rubric."
)


def _with_warnings(warnings: list[str], summary: str) -> str:
    return "\n".join([*warnings, summary])


def load_responses(paths: Paths, q: Questionnaire) -> list[Response]:
    """Load response files and check them against the questionnaire; raise every problem."""
    loaded, problems = scoring_files.load_responses(as_paths(paths), q)
    if problems:
        raise InvalidInput(problems)
    return [response for _, response in loaded]


def score_responses(
    responses: Sequence[Response],
    q: Questionnaire,
    r: Rubric,
    paths: Sequence[str | Path] | None = None,
    targets: TargetsBlock | None = None,
) -> list[AssessmentResult]:
    """Score responses as one batch through the engine; raise every invalid answer.

    Each response is measured against its own ``targets:`` block (else the rubric's targets);
    ``targets`` override them per dimension (as ``--targets`` does)."""
    return score_checked(responses, q, r, [shown(p) for p in paths] if paths else None, targets)


def instrument_warnings(
    questionnaire: str | Path | None = None, rubric: str | Path | None = None
) -> list[str]:
    """``warning: ...`` lines for the files given: scored differently from the bundled ones
    under their versions (:func:`amc_assess.definitions.bundled_clash`)."""
    if questionnaire is None and rubric is None:
        return []
    q, r = instrument(questionnaire, rubric)
    return clash_warnings(questionnaire, rubric, q, r)


def score_files(
    paths: Paths,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    network: Paths = (),
    targets: str | None = None,
) -> list[AssessmentResult]:
    """Load, check and score response files (YAML or JSON).

    ``network``: relationship-audit files of the firm's alliance; the rubric's network
    measures (``metric:`` entries) are then scored from them for every response.
    ``targets``: target levels overriding the files' own (``--targets``: ``4``,
    ``structure=4,daf=3`` or a file with a ``targets:`` block).
    """
    return _scored_files(as_paths(paths), questionnaire, rubric, as_paths(network), targets)[0]


def score_output(
    paths: Paths,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    fmt: str = "table",
    network: Paths = (),
    targets: str | None = None,
) -> tuple[str, list[str]]:
    """What ``amc score`` prints: the results as ``fmt`` (table, json, csv or markdown), and
    its ``warning: ...`` lines (edited instrument files, drafts, answers not asked, a rubric
    other than the interview's)."""
    from amc_assess import render  # lazy: rich and jinja2 only when printing

    files, audits = as_paths(paths), as_paths(network)
    if fmt == "markdown":
        results, responses, out = _markdown_of_files(files, questionnaire, rubric, audits, targets)
    else:
        results, responses = _scored_files(files, questionnaire, rubric, audits, targets)
        renderers = {"table": render.to_table, "json": render.to_json, "csv": render.to_csv}
        out = renderers[fmt](results)
    names = [shown(p) for p in files]
    warnings = [*instrument_warnings(questionnaire, rubric), *render.draft_warnings(results, names)]
    for path, result, response in zip(files, results, responses, strict=True):
        meta = response.assessment
        named = (meta.rubric, meta.rubric_version) if meta is not None else (None, None)
        warnings += render.other_rubric(shown(path), named, (result.rubric, result.rubric_version))
    return out, warnings


def _scored_files(
    paths: Sequence[str | Path],
    questionnaire: str | Path | None,
    rubric: str | Path | None,
    network: Sequence[str | Path],
    targets: str | None,
) -> tuple[list[AssessmentResult], list[Response]]:
    """:func:`score_files`, with the responses scored."""
    q, r = instrument(questionnaire, rubric)
    given = parse_targets(targets, r) if targets else None
    loaded, problems = scoring_files.load_responses(paths, q, r)
    names = [name for name, _ in loaded]
    responses = [response for _, response in loaded]
    values = None
    if network:
        from amc_assess.network import audit  # lazy: igraph only with an audit

        result = audit([shown(p) for p in network])
        responses = with_network(responses, result)
        values = measure(result)
    scored, value_problems = scoring_files.score_responses(responses, q, r, names, given)
    if problems or value_problems:
        order = {name: k for k, name in enumerate(shown(p) for p in paths)}
        every = sorted([*problems, *value_problems], key=lambda p: order.get(p.file, len(order)))
        raise InvalidInput(every)
    if values is not None:
        scored = [s.model_copy(update={"network_measures": values}) for s in scored]
    return scored, list(responses)


SHORT_FORMS: dict[str, list[dict[str, object]]] = {
    # an answer as its value alone (4, "yes", dont_know, not_applicable; empty: don't know) or
    # a contacts item's roster
    "Answer": [{"type": ["number", "string", "boolean", "null"]},
               {"type": "array", "items": {"$ref": "#/$defs/Contact"}}],
    "Recommendation": [{"type": "string"}],  # plain text: a recommendation addressing nothing
}  # fmt: skip


def markdown_summary(
    results: Sequence[AssessmentResult],
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    unknown: Sequence[Collection[str]] | None = None,
) -> str:
    """The markdown summary of scored results, each dimension's steps being the rubric's
    advice that fits the answers (as the report's roadmap gives it). ``unknown``: per result,
    the practices answered "don't know"; without it (results alone do not say), a step about
    practices with no score reads "find out first" whatever the reason they have none."""
    from amc_assess.render import to_markdown  # lazy: jinja2 only for this format

    q, r = instrument(questionnaire, rubric)
    title = "AMC assessment" if q.id == AMC_INSTRUMENT else q.title  # as the report names it
    return to_markdown(results, rubric=r, unknown=unknown, title=title)


def markdown_of_files(
    paths: Paths,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    network: Paths = (),
    targets: str | None = None,
) -> tuple[list[AssessmentResult], str]:
    """Score response files (:func:`score_files`) and write their markdown summary, where
    the responses say which practices were answered "don't know"."""
    results, _, text = _markdown_of_files(
        as_paths(paths), questionnaire, rubric, as_paths(network), targets
    )
    return results, text


def _markdown_of_files(
    paths: Sequence[str | Path],
    questionnaire: str | Path | None,
    rubric: str | Path | None,
    network: Sequence[str | Path],
    targets: str | None,
) -> tuple[list[AssessmentResult], list[Response], str]:
    """:func:`markdown_of_files`, with the responses scored."""
    from amc_assess.scored.unknowns import asked_dont_know  # lazy: the markdown's advice only

    results, responses = _scored_files(paths, questionnaire, rubric, network, targets)
    q, _ = instrument(questionnaire, rubric)
    unknown = [
        asked_dont_know(res, [resp], q) for res, resp in zip(results, responses, strict=True)
    ]
    return results, responses, markdown_summary(results, questionnaire, rubric, unknown)


def short_forms(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the short forms the models' validators accept (:data:`SHORT_FORMS`),
    so that a file amc reads is valid in an editor too."""
    defs = schema.get("$defs", {})
    for name, forms in SHORT_FORMS.items():
        if name in defs:
            defs[name] = {"anyOf": [defs[name], *forms]}
    return schema


def write_schemas(out_dir: str | Path) -> list[Path]:
    """Write JSON Schema for questionnaire, rubric and response files into ``out_dir``."""
    out = Path(out_dir)
    written = []
    for name, model in (
        ("questionnaire", Questionnaire),
        ("rubric", Rubric),
        ("response", Response),
    ):
        schema = short_forms(model.model_json_schema(by_alias=True))
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"amc-assess {name} file"
        path = out / f"amc-{name}.schema.json"
        write_text(path, json.dumps(schema, indent=2) + "\n")
        written.append(path)
    return written


def copy_instrument(
    out_dir: str | Path,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
) -> list[tuple[Path, str]]:
    """Copy a questionnaire and its rubric (the bundled ones by default) into ``out_dir`` as
    ``questionnaire.yaml`` and ``rubric.yaml``, to adapt; a questionnaire nothing scores is
    copied alone. Never over a file: nothing is written if either exists. Returns each file
    written and what it holds."""
    qsrc = Path(questionnaire or default_questionnaire())
    alone = unscored_questionnaire(shown(qsrc)) if rubric is None and questionnaire else None
    out = Path(out_dir)
    if alone is not None:
        pairs = [(qsrc, out / "questionnaire.yaml", alone.id, alone.version,
                  f"{len(alone.items())} items, not scored")]  # fmt: skip
    else:
        rsrc = Path(rubric or default_rubric())
        q, r = instrument(qsrc, rsrc)
        pairs = [
            (qsrc, out / "questionnaire.yaml", q.id, q.version, f"{len(q.items())} items"),
            (rsrc, out / "rubric.yaml", r.id, r.version, f"{len(r.dimensions)} dimensions"),
        ]
    there = [target for _, target, *_ in pairs if target.exists()]
    if there:
        raise InvalidInput([
            f"{there[0]}: already exists; nothing was written (choose another folder, or move "
            "it away)"
        ])  # fmt: skip
    written = []
    for source, target, ident, version, holds in pairs:
        note = (
            f"# A copy of {ident} version {version} (amc-assess), to adapt. Once you change "
            "it,\n# give it a version of your own: stored assessments are told apart by id and "
            "version.\n"
        )
        write_text(target, note + source.read_text(encoding="utf-8-sig"))
        written.append((target, f"{ident} {version}, {holds}"))
    return written
