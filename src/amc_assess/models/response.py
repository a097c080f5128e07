"""A response: one respondent's answers to a questionnaire, with metadata."""

import datetime as dt
import math
from typing import Any, Literal

from pydantic import Field, TypeAdapter, ValidationInfo, field_validator, model_validator

from amc_assess.daytext import one_day
from amc_assess.models.base import Model, empty_dict, empty_list
from amc_assess.models.targets import TargetsBlock
from amc_assess.terminal import single_line_problem

AnswerState = Literal["answered", "dont_know", "not_applicable"]
Value = int | float | str
SIDES = ("own", "partner")
LEVELS = ("senior", "middle", "operational")
_YES, _NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")


class Contact(Model):
    """One colleague named in a contacts roster, and the three ratings of the tie.

    ``side`` is the firm the contact works for, as for respondents: ``own`` is the firm being
    assessed, ``partner`` its alliance partner (not relative to the respondent). The same
    checks and wording as the ties CSV (``amc network``).
    """

    name: str = Field(min_length=1)
    side: Literal["own", "partner"]
    level: Literal["senior", "middle", "operational"]
    function: str | None = None
    frequency: int
    importance: int
    closeness: int
    key_contact: bool | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError("missing value")
        return value.strip() if isinstance(value, str) else value

    @field_validator("function", mode="before")
    @classmethod
    def _trimmed(cls, value: object) -> object:
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator("side", "level", mode="before")
    @classmethod
    def _known(cls, value: object, info: ValidationInfo) -> object:
        known = SIDES if info.field_name == "side" else LEVELS
        if isinstance(value, str) and value.strip().lower() in known:
            return value.strip().lower()
        raise ValueError(f"{value!r} is not one of {', '.join(known)}")

    @field_validator("frequency", "importance", "closeness", mode="before")
    @classmethod
    def _rating(cls, value: object) -> object:
        number = value
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                raise ValueError(
                    f"{value!r} is not a number (expected a whole number 1..5)"
                ) from None
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValueError(f"{value!r} is not a number (expected a whole number 1..5)")
        if not float(number).is_integer():
            raise ValueError(f"{value!r} is not a whole number (expected 1..5)")
        if not 1 <= number <= 5:
            raise ValueError(f"{value} is out of range (expected 1..5)")
        return int(number)

    @field_validator("key_contact", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> object:
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _YES or text in _NO:
            return text in _YES
        if text == "":
            return None
        raise ValueError(f"{value!r} is not yes or no")

    def to_data(self) -> dict[str, object]:
        """The record as written to a response file (yes/no for the key-contact flag)."""
        data = self.model_dump(exclude_none=True)
        if self.key_contact is not None:
            data["key_contact"] = "yes" if self.key_contact else "no"
        return data


_ROSTER = TypeAdapter(list[Contact])
NOT_A_ROSTER = (
    "a list answers a contacts item only (one mapping per colleague: name, side, level, "
    "frequency, importance, closeness); give this item one number, text or choice"
)


def _roster(value: list[object]) -> list[Contact]:
    """A contacts roster, or one line saying why a list of plain values is none."""
    if value and not any(isinstance(v, dict | Contact) for v in value):
        raise ValueError(NOT_A_ROSTER)
    return _ROSTER.validate_python(value)


class Answer(Model):
    """An answer: a value, or a state that says why there is none, plus an optional note."""

    value: Value | list[Contact] | None = None  # a list of contacts for a contacts item
    state: AnswerState = "answered"
    note: str | None = None
    evidence: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: object) -> object:
        value = data.get("value") if isinstance(data, dict) else data
        if isinstance(value, float) and not math.isfinite(value):
            # YAML .nan / .inf and JSON NaN / Infinity: an error, never "not answered"
            raise ValueError(
                f"{value} is not a number: answer with a number, dont_know or not_applicable"
            )
        if isinstance(data, dict):
            return data
        if isinstance(data, list):  # a contacts roster: errors at answers.<item>[i].field
            return {"value": _roster(data)}
        if data in ("dont_know", "not_applicable"):
            return {"state": data}
        if data is None:
            return {"state": "dont_know"}
        return {"value": data}

    @field_validator("value", mode="wrap")
    @classmethod
    def _bools_as_yesno(cls, value: object, handler: Any) -> object:
        if value is True:
            return "yes"
        if value is False:
            return "no"
        if isinstance(value, list):
            return _roster(value)
        if isinstance(value, dict):
            raise ValueError("expected a number, text or choice, found a mapping")
        return handler(value)

    @model_validator(mode="after")
    def _value_matches_state(self) -> "Answer":
        if self.state == "answered" and self.value is None:
            raise ValueError("an answered item needs a value")
        if self.state != "answered" and self.value is not None:
            raise ValueError(f"a {self.state} answer carries no value")
        return self

    def to_data(self) -> object:
        """The shortest YAML form that reads back to this answer."""
        value: object = self.value
        if isinstance(self.value, list):
            value = [contact.to_data() for contact in self.value]
        if self.note is None and self.evidence is None:
            return value if self.state == "answered" else self.state
        data = self.model_dump(exclude_none=True, exclude_defaults=True)
        if isinstance(value, list):
            data["value"] = value
        return data

    def contacts(self) -> list[Contact]:
        """The contacts of a roster answer (empty for any other answer)."""
        return list(self.value) if isinstance(self.value, list) else []


def _one_line(value: str | None, blank_ok: bool = True) -> str | None:
    """A name or role: one line of plain text (no line break or control character), and
    not blank unless ``blank_ok``; spaces around it are dropped ("ACME " is "ACME")."""
    if value is None or (blank_ok and not value.strip()):
        return value
    problem = single_line_problem(value)
    if problem:
        raise ValueError(problem)
    return value.strip()


class Respondent(Model):
    name: str | None = None
    role: str | None = None
    level: Literal["senior", "middle", "operational"] | None = None
    side: Literal["own", "partner"] | None = None
    function: str | None = None

    @field_validator("name", "role", "function")
    @classmethod
    def _single_line(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _one_line(value, blank_ok=info.field_name != "name")


class Assessment(Model):
    firm: str = Field(min_length=1)
    assessor: str | None = None
    date: dt.date | None = None
    instrument: str
    instrument_version: str
    rubric: str | None = Field(
        default=None, description="the rubric the interview scored with (id), when it scored"
    )
    rubric_version: str | None = None

    @field_validator("instrument_version", "rubric_version", "firm", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("date", mode="before")
    @classmethod
    def _as_written(cls, value: object) -> object:
        """A date as ``amc batch`` reads one (15.01.2025, 2 March 2026), not only ISO: a
        response file refused what a table of the same answers took (a trial)."""
        if not isinstance(value, str) or not value.strip():
            return value
        day, why = one_day(value)
        if day is None:
            raise ValueError(f"{why} (found {value.strip()!r})")
        return day

    @field_validator("firm", "assessor")
    @classmethod
    def _single_line(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _one_line(value, blank_ok=info.field_name != "firm")


class PendingNote(Model):
    """A note (and evidence) typed for a question not yet answered: the interview stopped
    before its answer; it is attached to the answer once given."""

    note: str | None = None
    evidence: str | None = None


class Response(Model):
    assessment: Assessment
    respondent: Respondent = Field(default_factory=Respondent)
    answers: dict[str, Answer] = Field(default_factory=empty_dict)
    targets: TargetsBlock | None = Field(
        default=None,
        description="target levels agreed with the firm (the rubric's for dimensions not given)",
    )
    completed: bool = False
    unfinished: list[str] = Field(default_factory=empty_list)
    """Items whose answer is still being given: a contacts roster left half-way; the
    interview resumes inside it (its contacts so far are in ``answers``)."""
    pending_notes: dict[str, PendingNote] = Field(
        default_factory=empty_dict,
        description="notes typed for questions not yet answered (the interview stopped first); "
        "not scored, attached to the answer once given",
    )
