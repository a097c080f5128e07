"""The works the report rests on, for its References page.

The bundled bibliography (:func:`amc_assess.advice.references`) filtered to the works the
instrument, the rubric and the report's own methods cite.
"""

from __future__ import annotations

from typing import Any

from amc_assess.advice import references
from amc_assess.formats import plural
from amc_assess.models import Questionnaire, Rubric
from amc_assess.report.text import and_list

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
    questions = [item.source or "" for item in q.items()]
    practices = [str(getattr(ri, "source", "") or "") for dim in r.dimensions.values()
                 for ri in dim.items]  # fmt: skip
    rules = [rule.source or "" for rule in r.rules]
    methods = {k: s for s, keys in METHODS.items() if sections.get(s) for k in keys}
    found = []
    for key, citation in references().items():
        if key not in text:
            continue
        uses = [plural(sum(key in s for s in questions), "question"),
                plural(sum(key in s for s in practices), "scoring rule"),
                plural(sum(key in s for s in rules), "finding")]  # fmt: skip
        used = [u for u in uses if not u.startswith("0 ")]
        if key in methods:
            used.append(f"the method of the {WHERE[methods[key]]}")
        found.append({"key": key, "citation": citation, "used": and_list(used)})
    return sorted(found, key=lambda ref: ref["citation"].casefold())


WHERE = {  # the part of the report a method's work underlies
    "respondents": "respondents' agreement",
    "history": "change over time",
    "progress": "progress to target",
    "peers": "peer figures",
}
