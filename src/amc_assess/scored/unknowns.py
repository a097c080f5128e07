"""Practices answered "don't know" that remain open questions: unscored, and asked."""

from __future__ import annotations

from amc_assess.advice import dont_know
from amc_assess.models import AssessmentResult, Questionnaire, Response
from amc_assess.scored.responses import answer_columns
from amc_assess.scoring import asked_rows


def asked_dont_know(result: AssessmentResult, people: list[Response], q: Questionnaire
                    ) -> set[str]:  # fmt: skip
    """:func:`~amc_assess.advice.dont_know` where skip logic asked the respondent: a "don't
    know" kept for a question its gate then left out is no open question (no "find out" step,
    no count of unknowns beside the questions not asked)."""
    unsure = dont_know(result, people)
    if not unsure:
        return unsure
    asked = asked_rows(answer_columns(people, q), len(people), q)
    return {
        i for i in unsure
        if i not in asked or any(
            asked[i][k] and (a := resp.answers.get(i)) is not None and a.state == "dont_know"
            for k, resp in enumerate(people)
        )
    }  # fmt: skip
