"""Relationship-audit response files as tie rows, checked exactly like ties CSV rows.

A response to a questionnaire with a contacts item (the bundled ``relationship_audit``,
collected with ``amc assess``) holds one respondent and the list of colleagues they named.
Each contact becomes one row of the ties table (:mod:`amc_assess.network.ties`):

=====================================  ==========================================
``respondent``, ``respondent_side``,   ``respondent.name``, ``.side``, ``.level``,
``respondent_level``,                  ``.function`` (all four required)
``respondent_function``
``respondent_key_contact``             the yes/no answer ``key_contact`` (optional)
``contact``, ``contact_side``, ...     ``answers.<item>[i].name``, ``.side``, ``.level``,
``frequency`` ... ``closeness``        ``.function``, ``.frequency``, ``.importance``,
``contact_key_contact``                ``.closeness``, ``.key_contact``
=====================================  ==========================================

The rows go through the same checks as CSV rows (:mod:`amc_assess.network.reader`), so the
checks and messages are the same; only the location differs:
``r.yaml: answers.contacts[2].frequency: 6 is out of range (expected 1..5)`` instead of
``t.csv: row 4: frequency: ...``. The respondent is checked once
(``r.yaml: respondent.level: ...``). The rest of the file is checked as any response file.
A list of contacts that the interview left unfinished is refused, so no half-given list
enters the network unnoticed.
"""

from __future__ import annotations

import copy
import shlex
from typing import Any

from pydantic import ValidationError

from amc_assess.loading import validation_lines
from amc_assess.models import Response
from amc_assess.network.reader import Reader, cell_str
from amc_assess.resources import bundled_file
from amc_assess.yamlio import FileError, read_data

KEY_CONTACT_ITEM = "key_contact"
"""The yes/no item that asks whether the respondent is their firm's designated key contact."""
RESPONDENT = {
    "respondent": "name",
    "respondent_side": "side",
    "respondent_level": "level",
    "respondent_function": "function",
}
CONTACT = {
    "contact": "name",
    "contact_side": "side",
    "contact_level": "level",
    "contact_function": "function",
    "frequency": "frequency",
    "importance": "importance",
    "closeness": "closeness",
    "contact_key_contact": "key_contact",
}


def _roster(answer: object) -> list[Any] | None:
    """The raw list of contacts of an answer (short form or ``{value: [...]}``), else None."""
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict) and isinstance(answer.get("value"), list):
        return answer["value"]
    return None


def _key_contact(answer: object) -> str:
    """The respondent's yes/no key-contact answer as a cell ('' when not answered)."""
    value = answer.get("value") if isinstance(answer, dict) else answer
    if value in ("dont_know", "not_applicable"):
        return ""
    return cell_str(value).strip()


def read_response(reader: Reader, path: str) -> None:
    """Add the ties of one audit response file to ``reader`` (problems to reader.errors)."""
    try:
        data = read_data(path)
    except FileError as exc:
        reader.errors.append(str(exc))
        return
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "empty"
        reader.errors.append(f"{path}: (top level): expected a mapping, found {kind} document")
        return
    answers = data.get("answers")
    answers = answers if isinstance(answers, dict) else {}
    rosters = {item: r for item, answer in answers.items() if (r := _roster(answer)) is not None}
    reader.errors += _envelope_problems(data, rosters, path)
    assessment = data.get("assessment")
    if isinstance(assessment, dict) and cell_str(assessment.get("firm")).strip():
        reader.firms[path] = cell_str(assessment.get("firm")).strip()
    respondent = data.get("respondent", {})
    if not isinstance(respondent, dict):
        return  # reported with the rest of the file
    name = cell_str(respondent.get("name")).strip()
    where = f"{path}: respondent"
    reader.fields[where] = {column: f"respondent.{f}" for column, f in RESPONDENT.items()}
    reader.fields[where]["respondent_key_contact"] = f"answers.{KEY_CONTACT_ITEM}"
    person = {column: cell_str(respondent.get(f)).strip() for column, f in RESPONDENT.items()}
    person["respondent_key_contact"] = _key_contact(answers.get(KEY_CONTACT_ITEM))
    reader.key_contacts_given = True  # the audit asks every respondent
    if name:
        name = reader.canon(where, "respondent", name)
        person["respondent"] = name
        reader.respondents.add(name)
        reader.describe(where, "respondent", name, person)
    else:
        reader.errors.append(reader.line(where, "respondent", "missing value"))
    if not rosters:
        reader.errors.append(
            f"{path}: answers: no list of contacts (amc network reads the answers to a "
            "contacts item, as the relationship audit collects them)"
        )
    listed = data.get("unfinished")
    unfinished: list[Any] = listed if isinstance(listed, list) else []
    for item, contacts in rosters.items():
        if item in unfinished:
            reader.errors.append(
                f"{path}: answers.{item}: the list of contacts was not finished (the interview "
                f"stopped inside it): continue it with {_resume(path, assessment)}, or remove "
                f"{item!r} from 'unfinished' to use the list as it is"
            )
            continue
        if not contacts:
            reader.errors.append(f"{path}: answers.{item}: the list of contacts is empty")
        for i, record in enumerate(contacts):
            _contact(reader, path, f"answers.{item}[{i}]", record, person)


def _resume(path: str, assessment: object) -> str:
    """The command that continues the interview of ``path`` (a bundled questionnaire by name)."""
    instrument = assessment.get("instrument") if isinstance(assessment, dict) else None
    name = instrument if isinstance(instrument, str) else None
    words = ["amc", "assess", "--resume", path]
    if bundled_file("questionnaires", name) is not None:
        return f"`{shlex.join([*words, '-q', str(name)])}`"
    return f"`{shlex.join(words)}` and the --questionnaire it was started with"


def _contact(reader: Reader, path: str, at: str, record: object, person: dict[str, str]) -> None:
    if not isinstance(record, dict):
        kind = type(record).__name__ if record is not None else "nothing"
        fields = ", ".join(CONTACT.values())
        reader.errors.append(f"{path}: {at}: expected a contact ({fields}), found {kind}")
        return
    known = set(CONTACT.values())
    for key in record:
        if key not in known:
            reader.errors.append(f"{path}: {at}.{key}: unknown field")
    where = f"{path}: {at}"
    reader.fields[where] = {column: f"{at}.{f}" for column, f in CONTACT.items()}
    reader.fields[where].update({column: f"respondent.{f}" for column, f in RESPONDENT.items()})
    row = dict(person)
    row.update({column: cell_str(record.get(f)).strip() for column, f in CONTACT.items()})
    reader.row(path, 0, row, where=where, respondent_described=True)


def _envelope_problems(data: dict[str, Any], rosters: dict[str, list[Any]], path: str) -> list[str]:
    """Problems of the file outside the respondent and the contacts (assessment, answers...).

    The respondent and the contacts are left to the ties reader, so that each problem is
    reported once, in the words of the ties checks.
    """
    shell = copy.copy(data)
    if isinstance(shell.get("respondent"), dict):
        own = set(RESPONDENT.values())
        shell["respondent"] = {k: v for k, v in shell["respondent"].items() if k not in own}
    answers = dict(shell.get("answers") or {}) if isinstance(shell.get("answers"), dict) else None
    if answers is not None:
        for item in rosters:
            answer = answers[item]
            answers[item] = {**answer, "value": []} if isinstance(answer, dict) else []
        shell["answers"] = answers
    try:
        Response.model_validate(shell)
    except ValidationError as exc:
        return validation_lines(path, exc)
    return []
