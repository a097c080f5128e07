"""What to write instead, for an answer a response file's item refuses (a file edited by
hand): the code of a label written out, the code of a non-answer, else the non-answers the
item takes."""

from __future__ import annotations

from amc_assess.answertext import non_answer, normalize
from amc_assess.models import Item, Questionnaire

TABLES = (".csv", ".tsv", ".xlsx", ".xls", ".xlsm", ".parquet", ".sav", ".dta")
NOT_A_RESPONSE = (
    "a table, not a response file (.yaml or .json, one respondent each): amc batch scores "
    "tables, and amc report and amc history add take them too"
)


def file_hint(item: Item | None, value: object, q: Questionnaire) -> str:
    """What to write instead, for an answer in a response file that the item refuses: the
    code of a label written out (``Agree``: 4), the code of a non-answer (``don't know``:
    dont_know), else the non-answers the item takes (a hand-edited file got "expected a whole
    number" for "don't know", with no word of ``dont_know``; a trial)."""
    if item is None:
        return ""
    allowed = "dont_know" + (" or not_applicable" if item.not_applicable else "")
    if isinstance(value, str):
        code = non_answer(normalize(value))  # the labels amc batch reads as non-answers
        if code is not None and (code == "dont_know" or item.not_applicable):
            return f": write {code}"
        for answer, label in _labelled(item, q):
            if normalize(label) == normalize(value):
                return f": that is the label of answer {answer}; write {answer}"
    return f", or {allowed}"


def _labelled(item: Item, q: Questionnaire) -> list[tuple[object, str]]:
    """The item's answers with their labels (agreement codes, yes/no, choice codes)."""
    if item.type == "agreement":
        return list(q.scale_of(item).options())
    if item.type == "yesno":
        return [("yes", "Yes"), ("no", "No")]
    return [(o.code, o.label) for o in item.options or []]
