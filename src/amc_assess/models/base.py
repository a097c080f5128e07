"""Shared pydantic base."""

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Located = tuple[tuple[str | int, ...], str, Any]  # field path, message, offending value


class Model(BaseModel):
    """Strict base: unknown fields are errors, so typos in YAML are caught."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


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
