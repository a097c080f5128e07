"""The works the report rests on, for its References page.

The bundled bibliography (``rubrics/references.yaml``: ``key`` as cited, e.g. "Hutt et al.
2000", and the full ``citation``) is filtered to the works the instrument, the rubric and the
report's own methods cite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from amc_assess.models import Questionnaire, Rubric
from amc_assess.resources import data_dir
from amc_assess.yamlio import read_data

METHODS = {  # what the report's own methods rest on, when the section is present
    "respondents": ("James, Demaree & Wolf 1984",),
    "history": ("Jacobson & Truax 1991",),
    "progress": ("OWASP SAMM",),
}


def bibliography(path: Path | None = None) -> list[dict[str, str]]:
    """The bundled list of works (empty when there is none)."""
    path = path or data_dir("rubrics") / "references.yaml"
    if not path.is_file():
        return []
    data = read_data(path)
    entries = data.get("references", data) if isinstance(data, dict) else data
    return [
        {"key": str(e["key"]), "citation": str(e["citation"])}
        for e in entries or []
        if isinstance(e, dict) and "key" in e and "citation" in e
    ]


def cited(q: Questionnaire, r: Rubric, sections: dict[str, Any]) -> list[dict[str, str]]:
    """The works cited by the questionnaire's and rubric's sources, and by the methods of the
    report's sections that are present, in the bibliography's order."""
    sources = [item.source or "" for item in q.items()]
    sources += [rule.source or "" for rule in r.rules]
    sources += [
        str(getattr(ri, "source", "") or "") for dim in r.dimensions.values() for ri in dim.items
    ]
    for section, keys in METHODS.items():
        if sections.get(section):
            sources += keys
    text = " ".join(sources)
    return [entry for entry in bibliography() if entry["key"] in text]
