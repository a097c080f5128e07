"""Response files through the engine: loaded, checked against the questionnaire, scored.

Every problem of every file is collected: a file's structural problems (an unknown item, a
version mismatch) do not stop its answers from being checked by the engine, so one run
reports them all.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from amc_assess.advice import all_sound
from amc_assess.condition_checks import did_you_mean
from amc_assess.loading import lenient, load_response
from amc_assess.metrics import PREFIX
from amc_assess.models import (
    AssessmentResult,
    Completion,
    DimensionResult,
    FiredRule,
    Questionnaire,
    Response,
    Rubric,
)
from amc_assess.models.response import Answer
from amc_assess.models.result import Status
from amc_assess.models.targets import (
    IN_THE_RESPONSE_FILE,
    ON_THE_COMMAND_LINE,
    RUBRIC_DEFAULT,
    Targets,
    TargetsBlock,
    TargetSource,
)
from amc_assess.names import shown
from amc_assess.numtext import read_number, without_unit
from amc_assess.problems import InvalidInput, Problem
from amc_assess.scored.hints import NOT_A_RESPONSE, TABLES, file_hint
from amc_assess.scoring import Scored, asked_rows, score_columns

if TYPE_CHECKING:
    import pandas as pd


def answer_columns(
    responses: Sequence[Response], questionnaire: Questionnaire
) -> dict[str, np.ndarray]:
    """One object array per questionnaire item, one cell per response (the engine's input):
    the answer, or its state (``dont_know``, ``not_applicable``); a roster (contacts item)
    is not scored, and network measures given as answers are kept."""
    ids = [item.id for item in questionnaire.items() if item.type != "contacts"]
    given = {key for response in responses for key in response.answers}
    ids += sorted(key for key in given if key.startswith(PREFIX) and key not in ids)
    columns = {item_id: np.full(len(responses), None, dtype=object) for item_id in ids}
    units = {i.id: i.unit for i in questionnaire.items() if i.type == "number" and i.unit}
    for row, response in enumerate(responses):
        for item_id, answer in response.answers.items():
            if item_id in columns:
                cell = answer.value if answer.state == "answered" else answer.state
                if isinstance(cell, str) and item_id in units:
                    cell = with_unit(cell, units[item_id])
                columns[item_id][row] = cell
    return columns


def with_unit(text: str, unit: str) -> float | str:
    """A number written with its item's unit (``0.5%``, ``12 FTE``) as the number, as a
    file's cell is read; any other text as it is (the engine says what is wrong with it).
    The interview writes a share below 1% so, once confirmed: ``0.5`` alone reads as a
    fraction typed for 50% and is warned of."""
    raw, had = without_unit(text, unit)
    number = read_number(raw) if had else None
    return text if number is None else number


def answers_frame(responses: Sequence[Response], questionnaire: Questionnaire) -> pd.DataFrame:
    """:func:`answer_columns` as a frame (one row per response)."""
    import pandas as pd  # lazy: the batch path's frame; one file scores without pandas

    return pd.DataFrame(answer_columns(responses, questionnaire), dtype=object)


def response_problems(
    response: Response, questionnaire: Questionnaire, path: str, rubric: Rubric | None = None
) -> list[Problem]:
    """Answers the questionnaire does not know, an instrument or version mismatch, and (with
    the rubric) target levels of dimensions or levels the rubric does not have."""
    out = target_problems(response.targets, rubric, path, "targets") if rubric else []
    meta = response.assessment
    if meta.instrument != questionnaire.id:
        out.append(Problem(
            path, f"{meta.instrument!r} does not match questionnaire {questionnaire.id!r}",
            field="assessment.instrument", kind="structure",
        ))  # fmt: skip
    elif meta.instrument_version != questionnaire.version:
        out.append(Problem(
            path, f"answers were given to version {meta.instrument_version} but the "
            f"questionnaire is version {questionnaire.version}",
            field="assessment.instrument_version", kind="structure",
        ))  # fmt: skip
    known = questionnaire.item_map()
    for item_id in response.answers:
        if item_id not in known:
            hint = did_you_mean(item_id, [i for i in known if i not in response.answers])
            out.append(Problem(
                path, f"not an item of questionnaire {questionnaire.id!r}{hint}",
                field=f"answers.{item_id}", item=item_id, kind="structure",
            ))  # fmt: skip
    return out


def target_problems(
    block: TargetsBlock | None, rubric: Rubric, path: str, at: str = "targets"
) -> list[Problem]:
    """Target levels of a ``targets:`` block that ``rubric`` cannot measure against: unknown
    dimensions, levels above its top level. One problem each, at ``<at>.levels.<dim>``."""
    if block is None:
        return []
    out = []
    top = len(rubric.levels)
    for dim, level in block.levels.items():
        where = f"{at}.levels.{dim}"
        if dim not in rubric.dimensions:
            known = ", ".join(rubric.dimensions)
            out.append(Problem(
                path, f"{dim!r} is not a dimension of rubric {rubric.id} ({known})",
                field=where, kind="structure",
            ))  # fmt: skip
        elif not 1 <= level <= top:
            out.append(Problem(path, f"{level!r} is not a level 1..{top}", field=where))
    return out


def load_responses(
    paths: Sequence[str | Path], q: Questionnaire, r: Rubric | None = None
) -> tuple[list[tuple[str, Response]], list[Problem]]:
    """Response files as (shown path, response), and every problem; a file that cannot be
    parsed is left out, one with unknown items or a refused field (read without it) is kept
    so its answers can still be checked.
    With the rubric, the files' target levels are checked against it too."""
    loaded, problems = [], []
    for path in paths:
        name = shown(path)
        if Path(path).suffix.lower() in TABLES:  # read as YAML it gave "invalid YAML: ..."
            problems.append(Problem(name, NOT_A_RESPONSE, kind="file"))
            continue
        try:
            response = load_response(name)
        except InvalidInput as exc:
            problems += exc.problems
            rest = lenient(Response, name)  # the answers' own problems too, in the same run
            if rest is not None:
                problems += response_problems(rest, q, name, r)
                loaded.append((name, _measurable(rest, r)))  # its values checked in scoring
            continue
        problems += response_problems(response, q, name, r)
        loaded.append((name, _measurable(response, r)))
    return loaded, problems


def _measurable(response: Response, r: Rubric | None) -> Response:
    """The response with only the target levels ``r`` can measure against (the others are
    reported by :func:`target_problems`), so its answers can still be checked."""
    block = response.targets
    if r is None or block is None or not target_problems(block, r, ""):
        return response
    top = len(r.levels)
    levels = {d: v for d, v in block.levels.items() if d in r.dimensions and 1 <= v <= top}
    return response.model_copy(update={"targets": block.model_copy(update={"levels": levels})})


def score_responses(
    responses: Sequence[Response],
    q: Questionnaire,
    r: Rubric,
    names: Sequence[str] | None = None,
    targets: TargetsBlock | None = None,
) -> tuple[list[AssessmentResult], list[Problem]]:
    """Score responses as one batch through the engine; invalid answers become problems.

    Each response is measured against its own targets (:func:`response_targets`); ``targets``
    (given on the command line) override them per dimension.
    """
    resolved = [response_targets(resp, r, targets) for resp in responses]
    columns = answer_columns(responses, q)
    scored = score_columns(columns, len(responses), q, r, target_array(resolved, r))
    labels = list(names) if names else [f"response {k + 1}" for k in range(len(responses))]
    items = q.item_map()
    problems = [
        Problem(
            labels[p.row], f"{p.value!r}: {p.reason}{file_hint(items.get(p.item), p.value, q)}",
            field=f"answers.{p.item}", item=p.item,
        )
        for p in scored.invalid
    ]  # fmt: skip
    results = to_results(
        scored,
        firms=[resp.assessment.firm for resp in responses],
        respondents=[resp.respondent.name for resp in responses],
        dates=[resp.assessment.date for resp in responses],
        sides=[resp.respondent.side for resp in responses],
        targets=resolved,
    )
    for result, done in zip(results, completions(responses, columns, q, r), strict=True):
        result.completion = done
    return results, problems


def completions(
    responses: Sequence[Response], columns: dict[str, np.ndarray], q: Questionnaire, r: Rubric
) -> list[Completion]:
    """Each response's questions answered of those asked (the engine's skip logic), and
    whether it is a draft: marked ``completed: false``, or answered below the rubric's
    minimum answered share."""
    asked = asked_rows(columns, len(responses), q)
    ids = [item.id for item in q.items() if item.id in asked]
    out = []
    for k, response in enumerate(responses):
        shown_ids = [i for i in ids if asked[i][k]]
        answered = sum(
            1 for i in shown_ids if i in response.answers and i not in response.unfinished
        )
        unsure = sum(
            1 for i in shown_ids
            if i in response.answers and i not in response.unfinished
            and not _given(response.answers[i])
        )  # fmt: skip
        finished = response.completed if "completed" in response.model_fields_set else None
        # a don't-know counts as missing in the answered share (the rubric's rule)
        short = answered - unsure < r.missing.min_answered_share * len(shown_ids)
        ignored = [
            i for i in ids
            if not asked[i][k] and i not in response.unfinished
            and _given(response.answers.get(i))
        ]  # fmt: skip
        out.append(Completion(answered=answered, asked=len(shown_ids), dont_know=unsure,
                              finished=finished,
                              draft=finished is False or short, not_asked=ignored,
                              fractions=_fractions(response, q)))  # fmt: skip
    return out


def _fractions(response: Response, q: Questionnaire) -> dict[str, float]:
    """Items in percent (0..100) answered with a number strictly between 0 and 1, not whole:
    probably a share written as a fraction (0.65 for 65%), which reads as 0.65%."""
    out = {}
    for item in q.items():
        answer = response.answers.get(item.id)
        value = answer.value if answer is not None and answer.state == "answered" else None
        if not item.share_in_percent:
            continue
        if isinstance(value, int | float) and 0 < value < 1:  # "0.5%" in the file: meant
            out[item.id] = float(value)
    return out


def _given(answer: Answer | None) -> bool:
    """An answer that says something: a value or not applicable (not don't know)."""
    return answer is not None and answer.state != "dont_know"


Resolved = tuple[Targets, dict[str, TargetSource]]


def response_targets(
    response: Response | None, r: Rubric, given: TargetsBlock | None = None
) -> Resolved:
    """A response's targets and each dimension's source: the rubric's, then the response
    file's ``targets:`` block, then ``given`` (the command line's), each per dimension."""
    return resolve_targets(response.targets if response else None, r, given)


def resolve_targets(
    own: TargetsBlock | None, r: Rubric, given: TargetsBlock | None = None
) -> Resolved:
    """The rubric's targets, overridden per dimension by a response's ``own`` block, then by
    ``given`` (the command line's)."""
    defaults = {d: dim.target for d, dim in r.dimensions.items()}
    return Targets.resolve(defaults, [(own, IN_THE_RESPONSE_FILE), (given, ON_THE_COMMAND_LINE)])


def target_array(resolved: Sequence[Resolved], r: Rubric) -> np.ndarray:
    """The engine's n x d target levels of resolved targets."""
    dims = list(r.dimensions)
    rows = [[t.levels[d] for d in dims] for t, _ in resolved]
    return np.array(rows, dtype=np.int8).reshape(len(rows), len(dims))


def score_checked(
    responses: Sequence[Response],
    q: Questionnaire,
    r: Rubric,
    names: Sequence[str] | None = None,
    targets: TargetsBlock | None = None,
) -> list[AssessmentResult]:
    """:func:`score_responses`, raising InvalidInput with every problem."""
    results, problems = score_responses(responses, q, r, names, targets)
    if problems:
        raise InvalidInput(problems)
    return results


def as_float(value: object) -> float | None:
    """A figure as a float; None for a missing one (None, NaN, pandas' NA)."""
    if value is None or str(value) == "<NA>":
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _score(value: object) -> int | float | None:
    """An item score: whole numbers as int (as the bundled rubric's always are)."""
    number = as_float(value)
    if number is None:
        return None
    return int(number) if number.is_integer() else number


def as_int(value: object) -> int | None:
    """A level, target or count as an int; None for a missing one."""
    number = as_float(value)
    return None if number is None else int(number)


def to_results(
    scored: Scored,
    firms: Sequence[str | None] | None = None,
    respondents: Sequence[str | None] | None = None,
    targets: Sequence[Resolved] | None = None,
    dates: Sequence[dt.date | None] | None = None,
    sides: Sequence[Literal["own", "partner"] | None] | None = None,
) -> list[AssessmentResult]:
    """Typed results, one per scored row (for rendering; scores are not recomputed).

    ``targets``: each row's targets and their sources, as scored (default: the rubric's)."""
    rubric = scored.rubric
    items = scored.item_values()
    rules = {rule.id: rule for rule in rubric.rules}
    results = []
    for pos in range(scored.n):

        def get(name: str, pos: int = pos) -> object:
            return scored.value(name, pos)

        own, sources = targets[pos] if targets else response_targets(None, rubric)
        scores = {k: _score(v) for k, v in zip(scored.items, items[pos].tolist(), strict=True)}
        dim_results = [
            dimension_result(rubric, dim_id, get, sources[dim_id], scores)
            for dim_id in rubric.dimensions
        ]
        overall_level = as_int(get("overall_level"))
        fired = [rules[rule_id] for rule_id in scored.fired(pos)]
        results.append(
            AssessmentResult(
                firm=firms[pos] if firms else None,
                respondent=respondents[pos] if respondents else None,
                date=dates[pos] if dates else None,
                side=sides[pos] if sides else None,
                instrument=scored.questionnaire.id,
                instrument_version=scored.questionnaire.version,
                rubric=rubric.id,
                rubric_version=rubric.version,
                dimensions=dim_results,
                overall_score=as_float(get("overall_score")),
                score_range=rubric.score_range,
                overall_level=overall_level,
                overall_level_name=rubric.level_name(overall_level) if overall_level else None,
                percent_to_target=as_float(get("overall_percent_to_target")),
                targets=own,
                rules=[FiredRule.of(r) for r in fired],
                item_scores=scores,
            )
        )
    return results


def _gap(value: float | None) -> float | None:
    """A gap in score points to the scores' own 6 decimals: threshold minus score leaves float
    noise in the last digits (0.12413799999999986 for 3.4 - 3.275862)."""
    return None if value is None else round(value, 6)


def dimension_result(
    rubric: Rubric,
    dim_id: str,
    get: Callable[[str], object],
    target_source: TargetSource = RUBRIC_DEFAULT,
    item_scores: Mapping[str, float | None] | None = None,
) -> DimensionResult:
    """A dimension's typed result from the engine's columns ``<dim>_<metric>`` (``get`` reads
    one by name), with the rubric's descriptor and next steps for its level: those not already
    in place, where ``item_scores`` say (a step all of whose practices score the rubric's sound
    score or more is left out, as the report leaves it out)."""
    dim = rubric.dimensions[dim_id]

    def num(metric: str) -> float | None:
        return as_float(get(f"{dim_id}_{metric}"))

    level = as_int(get(f"{dim_id}_level"))
    target = as_int(get(f"{dim_id}_target"))
    status: Status = "ok" if str(get(f"{dim_id}_status")) == "ok" else "insufficient data"
    return DimensionResult(
        dimension=dim_id,
        title=dim.title,
        status=status,
        score=num("score"),
        level=level,
        level_name=rubric.level_name(level) if level else None,
        answered_share=num("answered_share") or 0.0,
        answered=as_int(get(f"{dim_id}_answered")) or 0,
        applicable=as_int(get(f"{dim_id}_applicable")) or 0,
        gap_to_next=_gap(num("gap_to_next")),
        target=target if target is not None else dim.target,
        target_source=target_source,
        gap_to_target=_gap(num("gap_to_target")),
        percent_to_target=num("percent_to_target"),
        descriptor=dim.descriptors.get(level) if level else None,
        next_steps=[
            rec.text
            for rec in dim.recommendations.get(level or 0, [])
            if not (item_scores and all_sound(rec.addresses, item_scores, rubric.sound()))
        ],  # fmt: skip
    )
