"""The response file behind an interview: create, autosave, reopen for resume."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path
from typing import Any

from amc_assess.loading import load_response
from amc_assess.models import Assessment, Questionnaire, Respondent, Response, Rubric
from amc_assess.names import shown, slug
from amc_assess.problems import InvalidInput
from amc_assess.resources import (
    bundled_file,
    bundled_name,
    default_questionnaire,
    default_rubric,
)
from amc_assess.yamlio import FileError, dump_data, read_data


class InterviewError(Exception):
    """An interview cannot start or continue; the message is one line for the user."""


def new_response(
    questionnaire: Questionnaire,
    firm: str,
    respondent: Respondent,
    assessor: str | None = None,
    date: dt.date | None = None,
    rubric: Rubric | None = None,
) -> Response:
    """An empty response for ``firm`` to this questionnaire version (and the rubric that
    will score it, so that a resumed interview scores with the same one)."""
    return Response(
        assessment=Assessment(
            firm=firm,
            assessor=assessor,
            date=date or dt.date.today(),
            instrument=questionnaire.id,
            instrument_version=questionnaire.version,
            rubric=rubric.id if rubric is not None else None,
            rubric_version=rubric.version if rubric is not None else None,
        ),
        respondent=respondent,
    )


def response_data(response: Response, questionnaire: Questionnaire) -> dict[str, Any]:
    """The response as file data (docs/formats.md): short answer forms, questionnaire order."""
    order = {item.id: k for k, item in enumerate(questionnaire.items())}
    answers = sorted(response.answers.items(), key=lambda kv: order.get(kv[0], len(order)))
    data: dict[str, Any] = {
        "assessment": response.assessment.model_dump(exclude_none=True),
        "respondent": response.respondent.model_dump(exclude_none=True),
        "answers": {item_id: _plain(answer.to_data()) for item_id, answer in answers},
    }
    if response.targets is not None:  # asked at the end of the interview
        data["targets"] = response.targets.to_data()
    data["completed"] = response.completed
    if response.unfinished:  # a contacts list left half-way: the interview resumes inside it
        data["unfinished"] = list(response.unfinished)
    if response.pending_notes:  # typed before a stop, for questions not yet answered
        data["pending_notes"] = {
            k: v.model_dump(exclude_none=True) for k, v in response.pending_notes.items()
        }
    return data


def _plain(data: object) -> object:
    if isinstance(data, float) and data.is_integer():
        return int(data)
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    return data


def save(path: str | Path, response: Response, questionnaire: Questionnaire) -> None:
    """Write the response file atomically (temp file, fsync, rename)."""
    dump_data(path, response_data(response, questionnaire))


def open_for_resume(
    path: str | Path, questionnaire: Questionnaire, rubric: Rubric | None = None
) -> Response:
    """Load a response file to continue; explain an instrument mismatch in one line.

    Raises InvalidInput for a file that does not parse, InterviewError when it
    was made with another questionnaire or version.
    """
    from amc_assess.scored.responses import response_problems  # lazy: the engine loads pandas

    name = shown(path)
    if not Path(path).exists():
        raise InterviewError(f"{name}: file not found (nothing to resume)")
    response = load_response(name)
    meta = response.assessment
    if meta.instrument != questionnaire.id:
        bundled = bundled_file("questionnaires", meta.instrument)
        how = (
            f"`{resume_command(path, bundled)}`"
            if bundled is not None
            else f"--questionnaire FILE, the questionnaire file with id {meta.instrument!r} it "
            "was started with (and that file's --rubric, if it is scored)"
        )
        raise InterviewError(
            f"{name} holds answers to questionnaire {meta.instrument!r}, not {questionnaire.id!r}: "
            f"resume it with {how}"
        )
    if meta.instrument_version != questionnaire.version:
        raise InterviewError(
            f"{name} was answered with {meta.instrument} version {meta.instrument_version}, but "
            f"this questionnaire is version {questionnaire.version}; questions may have changed, "
            f"so it cannot be resumed with it: use the questionnaire file of version "
            f"{meta.instrument_version} (--questionnaire) and its rubric (--rubric), or start a "
            "new interview"
        )
    if meta.rubric is not None and (
        rubric is None or (rubric.id, rubric.version) != (meta.rubric, meta.rubric_version)
    ):
        used = "no rubric" if rubric is None else f"rubric {rubric.id} {rubric.version}"
        raise InterviewError(
            f"{name} was started with rubric {meta.rubric} {meta.rubric_version}, not {used}: "
            f"resume it with --rubric FILE, that rubric's file (with --questionnaire), so that "
            "its scores are that rubric's"
        )
    problems = response_problems(response, questionnaire, name, rubric)
    if problems:
        raise InvalidInput(problems)
    return response


def default_path(firm: str, respondent: str | None, date: dt.date, folder: Path) -> Path:
    """``<firm>-<respondent>-<date>.yaml`` in ``folder``, numbered when it exists."""
    parts = [slug(p, empty="response") for p in (firm, respondent or "") if p]
    stem = "-".join(parts) + f"-{date.isoformat()}"
    path = folder / f"{stem}.yaml"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.yaml"
        n += 1
    return path


def instrument_words(
    questionnaire: str | Path | None = None, rubric: str | Path | None = None
) -> list[str]:
    """The options naming the instrument in a command printed for later: a bundled file by
    name (``-q relationship_audit``), any other by its absolute path (the command works from
    any folder), the default (amc) not at all."""
    words: list[str] = []
    for option, short, folder, value, default in (
        ("--questionnaire", "-q", "questionnaires", questionnaire, default_questionnaire()),
        ("--rubric", "-r", "rubrics", rubric, default_rubric()),
    ):
        if not value:
            continue
        name = bundled_name(folder, value)
        if name is None:
            words += [option, str(Path(value).resolve())]
        elif name != default.stem:
            words += [short, name]
    return words


def instrument_for_resume(
    path: str | Path, questionnaire: str | None, rubric: str | None
) -> tuple[str | None, str | None]:
    """The questionnaire and rubric to resume ``path`` with: those given or, with no
    questionnaire given, the bundled one the file names (``assessment.instrument``) and the
    bundled rubric of that name if there is one (the relationship audit has none)."""
    if questionnaire is not None:
        return questionnaire, rubric
    try:
        data = read_data(path)
    except FileError:
        return None, rubric  # open_for_resume says what is wrong with the file
    meta = data.get("assessment") if isinstance(data, dict) else None
    instrument = meta.get("instrument") if isinstance(meta, dict) else None
    found = bundled_file("questionnaires", instrument if isinstance(instrument, str) else None)
    if found is None:
        return None, rubric
    if rubric is None:
        own = bundled_file("rubrics", found.stem)
        rubric = str(own) if own is not None else None
    return str(found), rubric


def resume_command(
    path: str | Path, questionnaire: str | Path | None = None, rubric: str | Path | None = None
) -> str:
    """The exact command that continues this interview."""
    return _command(["amc", "assess", "--resume"], path, questionnaire, rubric)


def score_command(
    path: str | Path, questionnaire: str | Path | None = None, rubric: str | Path | None = None
) -> str:
    """The command that scores the finished response file again."""
    return _command(["amc", "score"], path, questionnaire, rubric)


def _command(
    words: list[str], path: str | Path, questionnaire: str | Path | None, rubric: str | Path | None
) -> str:
    """``words``, the response file and the instrument options. The response file is named
    from the working folder, or by its absolute path where an instrument file is (so that the
    whole command works from any folder, not half of it)."""
    options = instrument_words(questionnaire, rubric)
    anywhere = any(Path(word).is_absolute() for word in options)
    return shlex.join([*words, str(Path(path).resolve()) if anywhere else shown(path), *options])
