"""Drafts: answers that fall short of a finished assessment are marked on every page, and a
firm with no dimension scored gets no report unless asked (``--allow-incomplete``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from amc_assess.problems import InvalidInput
from amc_assess.render import fraction_warnings, future_date, not_asked_warning
from amc_assess.render import other_rubric as rubric_warning

if TYPE_CHECKING:
    from amc_assess.report.models import ReportInput
    from amc_assess.scored.respondent import ScoredRespondent

NO_SCORE = "no dimension has enough answers to score"


def draft(inp: ReportInput) -> dict[str, Any] | None:
    """How the answers fall short of a finished assessment (None when they do not): one
    respondent's answered count, or how many of several respondents are drafts. Answers that
    score no dimension are a draft however finished."""
    done = [e.result.completion for e in inp.respondents if e.result.completion is not None]
    if not done and inp.result.completion is not None:
        done = [inp.result.completion]
    drafts = [c for c in done if c.draft]
    if not drafts and any(d.score is not None for d in inp.result.dimensions):
        return None
    if not drafts:  # finished, yet no dimension scored: still no finished assessment
        said = done[0].describe() if len(done) == 1 else f"{len(done)} respondents"
        detail = f"{NO_SCORE}: {said}"
        return {"respondents": len(done), "drafts": 0, "detail": detail}
    return {"respondents": len(done), "drafts": len(drafts), "detail": drafts[0].describe()}


def draft_warnings(
    inputs: Sequence[ReportInput], groups: Sequence[list[ScoredRespondent]], allow: bool
) -> list[str]:
    """A warning per firm whose answers are a draft; a firm with no dimension scored is
    refused (unless ``allow``): its report would be pages of dashes."""
    warnings, problems = [], []
    for inp, group in zip(inputs, groups, strict=True):
        note = draft(inp)
        files = ", ".join(dict.fromkeys(resp.source.file for resp in group))
        warnings += future_date(files, inp.meta.date)  # as amc score warns
        for resp in group:
            done = resp.result.completion if resp.result is not None else None
            where = resp.source.where or resp.source.file
            warnings += not_asked_warning(where, done.not_asked if done else [])
            warnings += fraction_warnings(where, done.fractions if done else {})
            warnings += other_rubric(resp)
        if note is None:
            continue
        detail = note["detail"] if note["respondents"] == 1 or not note["drafts"] else (
            f"{note['drafts']} of {note['respondents']} respondents did not finish"
        )  # fmt: skip
        if all(d.score is None for d in inp.result.dimensions) and not allow:
            said = detail if detail.startswith(NO_SCORE) else f"{NO_SCORE} ({detail})"
            problems.append(f"{files}: {said}; give --allow-incomplete to write the report anyway")
        warnings.append(f"warning: {files}: a draft report, every page is marked ({detail})")
    if problems:
        raise InvalidInput(problems)
    return warnings


def other_rubric(resp: ScoredRespondent) -> list[str]:
    """A warning when a response file names the rubric its interview scored with, and this
    report scores it with another (its levels may differ from those the interview showed)."""
    meta = resp.response.assessment if resp.response is not None else None
    if meta is None or resp.result is None:
        return []
    named = (meta.rubric, meta.rubric_version)
    used = (resp.result.rubric, resp.result.rubric_version)
    return rubric_warning(resp.source.file, named, used, "reported")
