"""Each kind of scored input read into scored respondents: response files (through the
engine), ``amc score`` JSON results, and (:mod:`amc_assess.scored.table_rows`) rows of scored
tables. Problems are collected on the reader, never raised;
:func:`amc_assess.scored.read.read_scored` drives it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from amc_assess.definitions import audited
from amc_assess.loading import validation_problems
from amc_assess.metrics import with_network
from amc_assess.models import AssessmentResult, Questionnaire, Response, Rubric
from amc_assess.models.targets import TargetsBlock
from amc_assess.names import shown
from amc_assess.problems import Problem
from amc_assess.scored.respondent import (
    PROFILE_ITEMS,
    DimScore,
    Kind,
    ScoredRespondent,
    Source,
    When,
)
from amc_assess.scored.responses import load_responses, score_responses
from amc_assess.scored.table_rows import MISSING_DATE, TableRows, versions_of_result
from amc_assess.terminal import single_line_problem

if TYPE_CHECKING:
    from amc_assess.models.network import NetworkResult


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Reader(TableRows):
    """Turns each kind of input into scored respondents, collecting problems: response files
    (through the engine), ``amc score`` JSON results and (its base) rows of scored tables."""

    def __init__(
        self,
        q: Questionnaire,
        r: Rubric,
        when: When,
        need_identity: bool,
        targets: TargetsBlock | None = None,
    ) -> None:
        super().__init__(q, r, when, need_identity)
        self.targets = targets  # given on the command line: response files are scored with them

    def responses(
        self, files: list[tuple[int, str]], network: NetworkResult | None
    ) -> list[tuple[int, list[ScoredRespondent]]]:
        """Response files, checked and scored as one batch through the engine."""
        loaded, problems = load_responses([path for _, path in files], self.q, self.r)
        self.problems += problems
        digests = {shown(path): sha256(path) for _, path in files}
        scored = self.scored_responses(loaded, network, digests, "response")
        return [(k, [scored[shown(path)]]) for k, path in files if shown(path) in scored]

    def scored_responses(
        self,
        loaded: list[tuple[str, Response]],
        network: NetworkResult | None,
        digests: dict[str, str],
        kind: Kind,
    ) -> dict[str, ScoredRespondent]:
        """Loaded responses (by name), scored as one batch through the engine."""
        names = [name for name, _ in loaded]
        answered = [response for _, response in loaded]
        if network is not None:
            answered = with_network(answered, network)
        results, problems = score_responses(answered, self.q, self.r, names, self.targets)
        self.problems += problems
        out: dict[str, ScoredRespondent] = {}
        for name, response, result in zip(names, answered, results, strict=True):
            date, year = self.when.resolve(response.assessment.date, None, name)
            if year is None and self.need_identity:
                self.problems.append(Problem(name, MISSING_DATE, field="assessment.date"))
            answers = response.answers
            profile = {
                p: str(answers[item].value)
                if item in answers and answers[item].state == "answered"
                else None
                for p, item in PROFILE_ITEMS.items()
            }
            who = response.respondent
            resp = _from_result(result, Source(name, kind, name, digests[name]), date, year)
            resp.response = response
            resp.who = {
                "respondent": who.name, "role": who.role, "side": who.side, "level": who.level,
                "function": who.function,
            }  # fmt: skip
            resp.profile = profile
            resp.answers = {
                item: answer.model_dump(mode="json", exclude_none=True)
                for item, answer in answers.items()
            }
            out[name] = resp
        return out

    def results(self, data: Any, name: str, digest: str) -> list[ScoredRespondent]:
        """``amc score --format json`` output: a list of results (or one)."""
        entries = data if isinstance(data, list) else [data]
        out = []
        for k, entry in enumerate(entries):
            where = f"{name} [{k}]" if isinstance(data, list) else name
            at = f"[{k}]" if isinstance(data, list) else ""
            if not isinstance(entry, dict):
                self.problems.append(
                    Problem(name, "expected a scored result (a mapping)", field=at or "(top level)")
                )
                continue
            try:
                result = AssessmentResult.model_validate(entry)
            except ValidationError as exc:
                self.problems += validation_problems(name, exc, at)
                continue
            date, year = self.when.resolve(result.date, None, where)
            named = {"firm": result.firm, "respondent": result.respondent}
            bad = [Problem(name, why, field=f"{at}.{c}".lstrip(".")) for c, text in named.items()
                   if text and (why := single_line_problem(text))]  # fmt: skip
            if bad:
                self.problems += bad
                continue
            if self.need_identity:
                if not result.firm:
                    self.problems.append(
                        Problem(name, "the result names no firm", field=f"{at}.firm".lstrip("."))
                    )
                if year is None:
                    self.problems.append(Problem(name, MISSING_DATE, field=at))
            firm = result.firm or Path(name).stem
            resp = _from_result(
                result.model_copy(update={"firm": firm}), Source(name, "score", where, digest),
                date, year,
            )  # fmt: skip
            if versions_of_result(result) != self.loaded:
                self._mismatch(resp)
                resp.result = None
            out.append(resp)
        return out


def _from_result(
    result: AssessmentResult, source: Source, date: Any, year: int | None
) -> ScoredRespondent:
    return ScoredRespondent(
        firm=result.firm or "",
        versions=audited(versions_of_result(result), result.item_scores),
        dimensions={
            d.dimension: DimScore(
                d.score,
                d.level,
                d.status,
                d.answered_share,
                d.target,
                d.answered,
                d.applicable,
                d.target_source,
            )  # fmt: skip
            for d in result.dimensions
        },
        overall_score=result.overall_score,
        overall_level=result.overall_level,
        overall_status="ok" if result.overall_score is not None else "insufficient data",
        percent_to_target=result.percent_to_target,
        source=source,
        date=date,
        year=year,
        result=result,
        targets=result.targets,
        who={"respondent": result.respondent, "side": result.side},
        item_scores=dict(result.item_scores),
        rules=[rule.id for rule in result.rules],
    )
