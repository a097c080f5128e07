"""Matching answer labels and headers: normalization and the non-answer vocabulary (no
pandas: response files and the interview use it too)."""

from __future__ import annotations

import html
import re

DONT_KNOW = "dont_know"
_TAGS = re.compile(r"<[^>]+>")
NOT_APPLICABLE = "not_applicable"

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
    }
)
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")

# Labels that mean "no answer was given" in survey tools; matched after normalize().
DONT_KNOW_LABELS = frozenset(
    {
        "dont_know",
        "don't know",
        "dont know",  # the apostrophe left out, as typed answers often have it
        "i dont know",
        "do not know",
        "i don't know",
        "i do not know",
        "dk",
        "unknown",
        "not sure",
        "no answer",
        "no opinion",
        "don't want to answer",
        "i don't want to answer",
        "i do not want to answer",
        "do not want to answer",
        "i don't want to answer this question",
        "i do not want to answer this question",
        "prefer not to say",
        "prefer not to answer",
        "i prefer not to answer",
        "rather not say",
        "refused",
        "no response",
    }
)
NOT_APPLICABLE_LABELS = frozenset(
    {
        "not_applicable",
        "not applicable",
        "n/a",
        "na",
        "n.a.",
        "does not apply",
        "doesn't apply",
        "not relevant",
        "does not apply to us",
        "not applicable to us",
    }
)


def normalize(text: object) -> str:
    """Casefold, straighten typographic quotes and dashes, collapse and strip spaces."""
    return _SPACES.sub(" ", str(text).translate(_QUOTES)).strip().casefold()


def plain(text: str) -> str:
    """Question text without HTML tags and entities."""
    return " ".join(html.unescape(_TAGS.sub(" ", text)).split())


def compact(text: object) -> str:
    """Letters and digits only, lower case: ``str_exit_terms`` and ``STRexitTerms`` agree."""
    return _NOT_ALNUM.sub("", normalize(text))


def non_answer(label: str, vocabulary: dict[str, str] | None = None) -> str | None:
    """``dont_know`` or ``not_applicable`` for a normalized non-answer label, else None.

    ``vocabulary`` overrides the defaults (a profile's own meaning of e.g. "n/a").
    """
    if vocabulary and label in vocabulary:
        return vocabulary[label]
    if label in DONT_KNOW_LABELS:
        return DONT_KNOW
    if label in NOT_APPLICABLE_LABELS:
        return NOT_APPLICABLE
    return None
