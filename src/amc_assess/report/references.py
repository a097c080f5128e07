"""The works the report rests on, for its References page.

The bundled bibliography (:func:`amc_assess.advice.references`) filtered to the works the
instrument, the rubric and the report's own methods cite.
"""

from __future__ import annotations

from typing import Any

from amc_assess.advice import references
from amc_assess.models import Questionnaire, Rubric

METHODS = {  # what the report's own methods rest on, when the section is present
    "respondents": ("James, Demaree & Wolf 1984",),
    "history": ("Jacobson & Truax 1991",),
    "progress": ("OWASP n.d.",),
    "peers": ("Hundepool et al. 2012", "Hyndman & Fan 1996"),
}


def cited(q: Questionnaire, r: Rubric, sections: dict[str, Any]) -> list[dict[str, str]]:
    """The works cited by the questionnaire's and rubric's sources, and by the methods of the
    report's sections that are present, in the order of their authors' names."""
    sources = [item.source or "" for item in q.items()]
    sources += [rule.source or "" for rule in r.rules]
    sources += [
        str(getattr(ri, "source", "") or "") for dim in r.dimensions.values() for ri in dim.items
    ]
    for section, keys in METHODS.items():
        if sections.get(section):
            sources += keys
    text = " ".join(sources)
    found = [{"key": k, "citation": c} for k, c in references().items() if k in text]
    return sorted(found, key=lambda ref: ref["citation"].casefold())
