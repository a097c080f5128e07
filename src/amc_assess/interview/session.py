"""The response file behind an interview: create, autosave, reopen for resume."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path
from typing import Any

from amc_assess.models import Assessment, Questionnaire, Respondent, Response


class InterviewError(Exception):
    """An interview cannot start or continue; the message is one line for the user."""


def new_response(
    questionnaire: Questionnaire,
    firm: str,
    respondent: Respondent,
    assessor: str | None = None,
    date: dt.date | None = None,
) -> Response:
    """An empty response for ``firm`` to this questionnaire version."""
    return Response(
        assessment=Assessment(
            firm=firm,
            assessor=assessor,
            date=date or dt.date.today(),
            instrument=questionnaire.id,
            instrument_version=questionnaire.version,
        ),
        respondent=respondent,
    )


def response_data(response: Response, questionnaire: Questionnaire) -> dict[str, Any]:
    """The response as file data (docs/formats.md): short answer forms, questionnaire order."""
    order = {item.id: k for k, item in enumerate(questionnaire.items())}
    answers = sorted(response.answers.items(), key=lambda kv: order.get(kv[0], len(order)))
    data = {
        "assessment": response.assessment.model_dump(exclude_none=True),
        "respondent": response.respondent.model_dump(exclude_none=True),
        "answers": {item_id: _plain(answer.to_data()) for item_id, answer in answers},
        "completed": response.completed,
    }
    if response.unfinished:  # a contacts list left half-way: the interview resumes inside it
        data["unfinished"] = list(response.unfinished)
    return data


def _plain(data: object) -> object:
    if isinstance(data, float) and data.is_integer():
        return int(data)
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    return data


def save(path: str | Path, response: Response, questionnaire: Questionnaire) -> None:
    """Write the response file atomically (temp file, fsync, rename)."""
    from amc_assess.yamlio import dump_data

    dump_data(path, response_data(response, questionnaire))


def open_for_resume(path: str | Path, questionnaire: Questionnaire) -> Response:
    """Load a response file to continue; explain an instrument mismatch in one line.

    Raises InvalidInput for a file that does not parse, InterviewError when it
    was made with another questionnaire or version.
    """
    from amc_assess.api import shown
    from amc_assess.loading import InvalidInput, load_response
    from amc_assess.results import response_problems

    name = shown(path)
    if not Path(path).exists():
        raise InterviewError(f"{name}: file not found (nothing to resume)")
    response = load_response(name)
    meta = response.assessment
    if meta.instrument != questionnaire.id:
        raise InterviewError(
            f"{name} holds answers to questionnaire {meta.instrument!r}, not {questionnaire.id!r}: "
            f"resume it with the same --questionnaire (and --rubric) it was started with"
        )
    if meta.instrument_version != questionnaire.version:
        raise InterviewError(
            f"{name} was answered with {meta.instrument} version {meta.instrument_version}, but "
            f"this questionnaire is version {questionnaire.version}; questions may have changed, "
            f"so it cannot be resumed with it: use the questionnaire file of version "
            f"{meta.instrument_version} (--questionnaire), or start a new interview"
        )
    problems = response_problems(response, questionnaire, name)
    if problems:
        raise InvalidInput(problems)
    return response


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, for file names."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "response"


def default_path(firm: str, respondent: str | None, date: dt.date, folder: Path) -> Path:
    """``<firm>-<respondent>-<date>.yaml`` in ``folder``, numbered when it exists."""
    stem = "-".join(slug(p) for p in (firm, respondent or "") if p) + f"-{date.isoformat()}"
    path = folder / f"{stem}.yaml"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.yaml"
        n += 1
    return path


def resume_command(
    path: str | Path, questionnaire: str | Path | None = None, rubric: str | Path | None = None
) -> str:
    """The exact command that continues this interview."""
    from amc_assess.api import shown

    words = ["amc", "assess", "--resume", shown(path)]
    if questionnaire:
        words += ["--questionnaire", shown(questionnaire)]
    if rubric:
        words += ["--rubric", shown(rubric)]
    return shlex.join(words)


def score_command(
    path: str | Path, questionnaire: str | Path | None = None, rubric: str | Path | None = None
) -> str:
    """The command that scores the finished response file again."""
    from amc_assess.api import shown

    words = ["amc", "score", shown(path)]
    if questionnaire:
        words += ["--questionnaire", shown(questionnaire)]
    if rubric:
        words += ["--rubric", shown(rubric)]
    return shlex.join(words)
