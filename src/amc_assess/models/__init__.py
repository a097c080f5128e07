"""Typed models for questionnaires, rubrics, responses and results."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from amc_assess.models.conditions import Clause, Condition, Group
    from amc_assess.models.firm import FirmResult
    from amc_assess.models.questionnaire import (
        RATINGS,
        Item,
        Option,
        Questionnaire,
        Rating,
        Section,
    )
    from amc_assess.models.response import (
        Answer,
        AnswerState,
        Assessment,
        Contact,
        Respondent,
        Response,
    )
    from amc_assess.models.result import AssessmentResult, Completion, DimensionResult, FiredRule
    from amc_assess.models.rubric import Band, Dimension, Level, Rubric, RubricItem, Rule
    from amc_assess.models.scales import Scale
    from amc_assess.models.targets import Targets, TargetsBlock, TargetSource

# name -> the module that defines it: loaded on first use (PEP 562), so that importing one model
# module (amc network's network.py) does not load all of them (pydantic builds each class)
_WHERE = {
    "Clause": "conditions",
    "Condition": "conditions",
    "Group": "conditions",
    "FirmResult": "firm",
    "RATINGS": "questionnaire",
    "Item": "questionnaire",
    "Option": "questionnaire",
    "Questionnaire": "questionnaire",
    "Rating": "questionnaire",
    "Scale": "scales",
    "Section": "questionnaire",
    "Answer": "response",
    "AnswerState": "response",
    "Assessment": "response",
    "Contact": "response",
    "Respondent": "response",
    "Response": "response",
    "AssessmentResult": "result",
    "Completion": "result",
    "DimensionResult": "result",
    "FiredRule": "result",
    "Band": "rubric",
    "Dimension": "rubric",
    "Level": "rubric",
    "Rubric": "rubric",
    "RubricItem": "rubric",
    "Rule": "rubric",
    "Targets": "targets",
    "TargetsBlock": "targets",
    "TargetSource": "targets",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Answer",
    "AnswerState",
    "Assessment",
    "AssessmentResult",
    "Completion",
    "Band",
    "Clause",
    "Condition",
    "Contact",
    "Dimension",
    "DimensionResult",
    "FiredRule",
    "FirmResult",
    "Group",
    "Item",
    "Level",
    "Option",
    "Questionnaire",
    "RATINGS",
    "Rating",
    "Respondent",
    "Response",
    "Rubric",
    "RubricItem",
    "Rule",
    "Scale",
    "Section",
    "TargetSource",
    "Targets",
    "TargetsBlock",
]
