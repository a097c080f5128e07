"""Answer scales: the labels of a scale's points, their codes and direction, as a
questionnaire declares them (a plain list of labels or a mapping)."""

from typing import Annotated, Any

from pydantic import (
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from amc_assess.models.base import Definition

MIN_POINTS, MAX_POINTS = 2, 11
MAX_CODE = 1000
AGREE5 = (
    "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree",
)  # fmt: skip


class ScaleSpec(Definition):
    """A labeled answer scale as a questionnaire declares it in full.

    ``labels`` run from the lowest score to the highest; ``codes`` are the answer codes of
    the labels, in the same order (default 1..k); ``reversed`` gives them to the labels in
    reverse order (by default: the first label is coded k, for instruments coded
    1 = strongly agree).
    """

    labels: list[Annotated[str, Field(min_length=1)]] = Field(
        min_length=MIN_POINTS,
        max_length=MAX_POINTS,
        description="the labels, from the lowest score to the highest",
    )
    codes: list[Annotated[int, Field(ge=0, le=MAX_CODE)]] | None = Field(
        default=None, description="the answer code of each label, in label order (default 1..k)"
    )
    reversed: bool = Field(
        default=False, description="the codes go to the labels in reverse order (k = first label)"
    )

    @field_validator("labels")
    @classmethod
    def _distinct_labels(cls, labels: list[str]) -> list[str]:
        dupes = sorted({label for label in labels if labels.count(label) > 1})
        if dupes:
            raise ValueError(f"duplicate label {dupes[0]!r}")
        return labels

    @field_validator("codes")
    @classmethod
    def _one_code_a_label(cls, codes: list[int] | None, info: ValidationInfo) -> list[int] | None:
        if codes is None:
            return None
        labels = info.data.get("labels")
        if labels is not None and len(codes) != len(labels):
            raise ValueError(f"{len(codes)} codes for {len(labels)} labels")
        dupes = sorted({code for code in codes if codes.count(code) > 1})
        if dupes:
            raise ValueError(f"duplicate code {dupes[0]}")
        return codes


class Scale(list[str]):
    """A labeled answer scale of agreement items, as everything that shows answers reads it.

    The list holds the labels in the order of their codes, so that ``scale[code - 1]`` labels
    an answer when the codes are 1..k (``options()`` pairs every code with its label).
    ``codes`` are the answer codes in ascending order and ``ranks`` the place of each, from
    the lowest score (0) to the highest (k - 1). In a file a scale is a list of labels (codes
    1..k, lowest score first) or a :class:`ScaleSpec` mapping.
    """

    codes: tuple[int, ...]
    ranks: tuple[int, ...]
    spec: ScaleSpec

    @classmethod
    def of(cls, spec: ScaleSpec) -> "Scale":
        k = len(spec.labels)
        codes = list(spec.codes) if spec.codes is not None else list(range(1, k + 1))
        if spec.reversed:
            codes.reverse()
        order = sorted(range(k), key=lambda rank: codes[rank])  # label positions by code
        scale = cls(spec.labels[rank] for rank in order)
        scale.codes = tuple(codes[rank] for rank in order)
        scale.ranks = tuple(order)
        scale.spec = spec
        return scale

    @classmethod
    def labeled(cls, labels: list[str] | tuple[str, ...]) -> "Scale":
        """The plain scale of ``labels``: codes 1..k, lowest score first."""
        return cls.of(ScaleSpec(labels=list(labels)))

    @property
    def points(self) -> int:
        return len(self.codes)

    @property
    def plain(self) -> bool:
        """Codes 1..k from the lowest score to the highest (a list of labels in a file)."""
        return self.codes == tuple(range(1, len(self) + 1)) and self.ranks == tuple(
            range(len(self))
        )

    def answers_text(self) -> str:
        """The answers as a message names them: ``a whole number 1..5``, or ``one of: 10,
        20, 30`` where the codes are not a run."""
        codes = sorted(self.codes)
        if codes == list(range(codes[0], codes[-1] + 1)):
            return f"a whole number {codes[0]}..{codes[-1]}"
        return f"one of: {', '.join(map(str, codes))}"

    def options(self) -> list[tuple[int, str]]:
        """Every answer code with its label, in code order."""
        return list(zip(self.codes, self, strict=True))

    def label_of(self, code: float) -> str | None:
        """The label of an answer code (None for a code the scale has not)."""
        return dict(self.options()).get(int(code)) if float(code).is_integer() else None

    def to_data(self) -> object:
        """The scale as a file gives it: a list of labels when plain, else a mapping."""
        if self.plain and self.spec.codes is None and not self.spec.reversed:
            return list(self.spec.labels)
        return self.spec.model_dump(exclude_defaults=True)


class _AsScale:
    """Pydantic schema of a scale field: a list of labels or a :class:`ScaleSpec` mapping in,
    a :class:`Scale` out (typed as its list of labels, as most readers use it)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            Scale.of,
            core_schema.no_info_before_validator_function(
                _spec_input, handler.generate_schema(ScaleSpec)
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(_scale_data),
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        labels = {
            "type": "array", "items": {"type": "string", "minLength": 1},
            "minItems": MIN_POINTS, "maxItems": MAX_POINTS,
            "description": "labels from the lowest score to the highest; codes 1..k",
        }  # fmt: skip
        return {"anyOf": [labels, handler(schema)]}


ScaleField = Annotated[list[str], _AsScale()]


def _default_scales() -> dict[str, list[str]]:
    return {"agree5": Scale.labeled(AGREE5)}


def _scale_data(value: list[str]) -> object:
    return value.to_data() if isinstance(value, Scale) else list(value)


def _spec_input(value: object) -> object:
    """A plain list of labels is the scale's labels; a Scale its own declaration."""
    if isinstance(value, Scale):
        return value.spec
    if isinstance(value, list | tuple):
        return {"labels": list(value)}
    return value
