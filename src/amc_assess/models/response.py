"""A response: one respondent's answers to a questionnaire, with metadata."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from amc_assess.models.base import Model

AnswerState = Literal["answered", "dont_know", "not_applicable"]
Value = int | float | str


class Answer(Model):
    """An answer: a value, or a state that says why there is none, plus an optional note."""

    value: Value | None = None
    state: AnswerState = "answered"
    note: str | None = None
    evidence: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: object) -> object:
        if isinstance(data, dict):
            return data
        if data in ("dont_know", "not_applicable"):
            return {"state": data}
        if data is None:
            return {"state": "dont_know"}
        return {"value": data}

    @field_validator("value", mode="before")
    @classmethod
    def _bools_as_yesno(cls, value: object) -> object:
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value

    @model_validator(mode="after")
    def _value_matches_state(self) -> Answer:
        if self.state == "answered" and self.value is None:
            raise ValueError("an answered item needs a value")
        if self.state != "answered" and self.value is not None:
            raise ValueError(f"a {self.state} answer carries no value")
        return self

    def to_data(self) -> object:
        """The shortest YAML form that reads back to this answer."""
        if self.note is None and self.evidence is None:
            return self.value if self.state == "answered" else self.state
        return self.model_dump(exclude_none=True, exclude_defaults=True)


class Respondent(Model):
    name: str | None = None
    role: str | None = None
    level: Literal["senior", "middle", "operational"] | None = None
    side: Literal["own", "partner"] | None = None
    function: str | None = None


class Assessment(Model):
    firm: str = Field(min_length=1)
    assessor: str | None = None
    date: dt.date | None = None
    instrument: str
    instrument_version: str

    @field_validator("instrument_version", "firm", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value


class Response(Model):
    assessment: Assessment
    respondent: Respondent = Field(default_factory=Respondent)
    answers: dict[str, Answer] = Field(default_factory=dict)
    completed: bool = False
