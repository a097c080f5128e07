"""Typed models for questionnaires, rubrics, responses and results."""

from amc_assess.models.conditions import Clause, Condition, Group
from amc_assess.models.firm import FirmResult
from amc_assess.models.questionnaire import (
    RATINGS,
    Item,
    Option,
    Questionnaire,
    Rating,
    Scale,
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
from amc_assess.models.targets import Targets, TargetsBlock, TargetSource

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
