"""Shared pydantic base."""

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Located = tuple[tuple[str | int, ...], str, Any]  # field path, message, offending value


class Model(BaseModel):
    """Strict base: unknown fields are errors, so typos in YAML are caught.

    Each class builds its validator and serializer on first use, not when it is defined: a
    run uses a few of the classes it imports (a report read from a checked, kept instrument
    never validates a questionnaire or rubric)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class Definition(Model):
    """A part of a questionnaire or rubric: its numbers are finite (``.inf`` as a weight
    reached the engine and came out as NaN scores)."""

    model_config = ConfigDict(allow_inf_nan=False)


def empty_list() -> list[Any]:
    """``default_factory`` of a list field, as ``list``: pydantic looks at a factory's
    signature, and a builtin's is parsed from text, which compiles the tokenizer's regular
    expressions (~10 ms in every process that builds such a model)."""
    return []


def empty_dict() -> dict[Any, Any]:
    """``default_factory`` of a mapping field, as ``dict`` (see :func:`empty_list`)."""
    return {}


Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
RESERVED_CODES = frozenset({"dont_know", "not_applicable"})


def raise_located(title: str, problems: Sequence[Located]) -> None:
    """Raise every located problem of a model at once, as pydantic errors at their paths."""
    if not problems:
        return
    raise ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(
                type=PydanticCustomError(title.lower(), "{message}", {"message": message}),
                loc=loc,
                input=value,
            )
            for loc, message, value in problems
        ],
    )
