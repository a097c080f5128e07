"""Shared pydantic base."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    """Strict base: unknown fields are errors, so typos in YAML are caught."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
RESERVED_CODES = frozenset({"dont_know", "not_applicable"})
