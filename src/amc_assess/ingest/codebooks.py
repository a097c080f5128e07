"""Survey definitions that turn an export's codes into labels.

* REDCap data dictionary (CSV): ``Choices, Calculations, OR Slider Labels`` like
  ``0, Less than 5 | 1, 5-10``; checkboxes are exported as ``field___code`` columns.
* Qualtrics survey file (``.qsf``, JSON): ``RecodeValues`` give the exported number of
  each choice, ``Choices`` / ``Answers`` the label; matrix rows become ``TAG_row`` columns.
  A negative recode is a non-answer (don't know, or not applicable by its label), as the
  export's own negative numbers are.
* LimeSurvey survey structure (``.lss``, XML ``<document>``, ``LimeSurveyDocType`` Survey):
  ``questions`` / ``subquestions`` give the export's columns (``code``, ``code[SQ001]``),
  ``answers`` each option's code and ``sortorder``, the texts in the base language
  (``question_l10ns`` / ``answer_l10ns`` since LimeSurvey 4, inline before). Options whose
  label is a non-answer ("Don't know", "Not applicable") are non-answers.
* LimeSurvey survey structure as tab-separated values (``.txt``, the "Excel/TSV" export): a
  header ``class, type/scale, name, relevance, text, help, language, ...``, then rows of class
  ``Q`` (question: type, code, text), ``SQ`` (subquestion: axis, code, text) and ``A`` (answer
  option: scale, code, label), each after its question, in survey order, once per language.
* LimeSurvey's queXML export (XML ``<questionnaire>``): :mod:`amc_assess.ingest.quexml`.
  Either XML is told by its content, whatever the file's extension.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from amc_assess.ingest.quexml import quexml_columns
from amc_assess.ingest.text import DONT_KNOW, NOT_APPLICABLE, non_answer, normalize, plain
from amc_assess.loading import InvalidInput
from amc_assess.textfiles import detect_encoding

REDCAP_HEADER = "variable / field name"


@dataclass
class Codebook:
    """Per export column: the question text and the label of each exported code."""

    source: str
    kind: str  # redcap | qualtrics | limesurvey
    labels: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # codes in survey order
    record_id: str | None = None
    non_answers: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> state


def code_key(value: object) -> str:
    """An exported code as text: 1, 1.0 and "1" all become ``"1"``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if re.fullmatch(r"-?\d+\.0+", text):
        return text.split(".")[0]
    return text


def code_texts(values: pd.Series) -> np.ndarray:
    """:func:`code_key` of every cell, vectorized (missing cells become "")."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        v = values.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            whole = np.isfinite(v) & (np.floor(v) == v) & (np.abs(v) < 2**53)
        out = np.where(whole, np.where(whole, v, 0).astype(np.int64).astype(str), v.astype(str))
        return np.where(np.isnan(v), "", out).astype(object)
    return np.array([code_key(x) if isinstance(x, float | int) and not isinstance(x, bool)
                     else ("" if x is None or x is pd.NA else str(x).strip())
                     for x in values.tolist()], dtype=object)  # fmt: skip


def is_codebook(path: Path) -> bool:
    """A REDCap data dictionary, a Qualtrics .qsf or a LimeSurvey .lss or queXML (not
    responses)."""
    if path.suffix.lower() in (".qsf", ".lss", ".xml"):
        return True
    if path.suffix.lower() in (".txt", ".tsv") and path.is_file():
        return _is_lime_tsv(path)
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    with path.open("rb") as handle:
        raw = handle.read(4096)
    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    head = raw.decode("utf-16" if utf16 else "utf-8-sig", errors="replace")
    try:
        first = next(csv.reader(io.StringIO(head.splitlines()[0] if head else "")), [])
    except csv.Error:
        return False
    return bool(first) and normalize(first[0]) == REDCAP_HEADER


def load_codebook(path: Path, name: str) -> Codebook:
    """Read a REDCap data dictionary, a Qualtrics .qsf or a LimeSurvey structure (.lss or
    queXML XML, told by content; or the tab-separated .txt)."""
    if not path.is_file():
        raise InvalidInput([f"{name}: file not found"])
    if path.suffix.lower() == ".qsf":
        return _qsf(path, name)
    if path.suffix.lower() == ".lss" or _starts_like_xml(path):
        return _lss(path, name)
    if _is_lime_tsv(path):
        return _lime_tsv(path, name)
    return _redcap(path, name)


LIME_TSV_HEADER = frozenset({"class", "type/scale", "name", "text", "language"})


def _is_lime_tsv(path: Path) -> bool:
    """A LimeSurvey survey structure in tab-separated values (header ``class, type/scale, ...``)."""
    with path.open("rb") as handle:
        first = handle.readline(4096).decode("utf-8-sig", errors="replace")
    return LIME_TSV_HEADER <= {c.strip().strip('"').lower() for c in first.split("\t")}


def _starts_like_xml(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(512).lstrip(codecs.BOM_UTF8).lstrip()
    return head.startswith(b"<")


def _redcap(path: Path, name: str) -> Codebook:
    with path.open(encoding=detect_encoding(path), newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or not rows[0] or normalize(rows[0][0]) != REDCAP_HEADER:
        raise InvalidInput(
            [
                f"{name}: not a data dictionary: a REDCap data dictionary's first header is "
                "'Variable / Field Name'; a Qualtrics survey ends in .qsf, a LimeSurvey survey "
                "structure is XML (.lss, queXML) or tab-separated (.txt)"
            ]
        )
    book = Codebook(name, "redcap")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 6 or not row[0].strip():
            continue
        var, ftype, label, choices = row[0].strip(), row[3].strip(), plain(row[4]), row[5]
        if book.record_id is None:
            book.record_id = var
        parsed = (
            _choices(choices, name, number) if ftype in ("radio", "dropdown", "checkbox") else {}
        )
        if ftype == "checkbox":
            for code, text in parsed.items():
                column = f"{var}___{code.lower()}"
                book.labels[column] = f"{label} [{text}]"
                book.values[column] = {"1": "Yes", "0": "No"}
            continue
        book.labels[var] = label
        if ftype == "yesno":
            book.values[var] = {"1": "Yes", "0": "No"}
        elif ftype == "truefalse":
            book.values[var] = {"1": "True", "0": "False"}
        elif parsed:
            book.values[var] = parsed
    return book


def _choices(text: str, name: str, row: int) -> dict[str, str]:
    out = {}
    for part in text.split("|"):
        if not part.strip():
            continue
        code, sep, label = part.partition(",")
        if not sep:
            raise InvalidInput(
                [f"{name}: row {row}: choices: {part.strip()!r} is not 'code, label'"]
            )
        out[code_key(code)] = label.strip()
    return out


def _qsf(path: Path, name: str) -> Codebook:
    try:
        survey = json.loads(path.read_text(encoding="utf-8-sig"))
        elements = survey["SurveyElements"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput([f"{name}: not a Qualtrics survey file (.qsf): {exc}"]) from None
    book = Codebook(name, "qualtrics")
    for element in elements:
        if element.get("Element") != "SQ" or not isinstance(element.get("Payload"), dict):
            continue
        q = element["Payload"]
        tag = q.get("DataExportTag") or q.get("QuestionID")
        choices = q.get("Choices") or {}
        recode = q.get("RecodeValues") or {}
        tags = q.get("ChoiceDataExportTags") or {}
        if q.get("QuestionType") == "Matrix":
            answers = q.get("Answers") or {}
            scale = {
                code_key(recode.get(a, a)): plain(v.get("Display", "")) for a, v in answers.items()
            }
            for cid, choice in choices.items():
                column = f"{tag}_{tags.get(cid) or cid}"
                book.labels[column] = plain(choice.get("Display", ""))
                book.values[column] = scale
        else:
            book.labels[tag] = plain(q.get("QuestionText", ""))
            if q.get("QuestionType") == "MC":
                book.values[tag] = {
                    code_key(recode.get(c, c)): plain(v.get("Display", ""))
                    for c, v in choices.items()
                }
    for column, labels in book.values.items():
        negative = {c: _negative_state(t) for c, t in labels.items() if re.fullmatch(r"-\d+", c)}
        if negative:
            book.non_answers[column] = negative
    return book


def _negative_state(label: str) -> str:
    """A negative recode is a non-answer: not applicable when its label says so."""
    return NOT_APPLICABLE if non_answer(normalize(label)) == NOT_APPLICABLE else DONT_KNOW


# LimeSurvey's fixed answer codes by question type; the list and array types take theirs from
# <answers>; the others (5-point, 10-point, numbers, texts, dates) export plain values.
_LSS_FIXED = {
    "Y": {"Y": "Yes", "N": "No"},
    "G": {"F": "Female", "M": "Male"},
    "C": {"Y": "Yes", "N": "No", "U": "Uncertain"},
    "E": {"I": "Increase", "S": "Same", "D": "Decrease"},
    "M": {"Y": "Yes"},
    "P": {"Y": "Yes"},
}
_LSS_OPTIONS = frozenset({"L", "!", "O", "F", "H", "R", "1"})
_LSS_SUBQUESTIONS = frozenset({"F", "A", "B", "C", "E", "H", "M", "P", "K", "Q"})
Column = tuple[str, str, dict[str, str]]  # export column, question text, code -> label


@dataclass
class _LssQuestion:
    """One question of a .lss: what the export's columns need to know."""

    title: str
    type: str
    text: str
    other: bool
    subquestions: list[tuple[str, str, str]]  # title, text, scale_id
    scales: dict[str, dict[str, str]]  # scale_id -> code -> label, in sortorder

    def columns(self) -> list[Column]:
        """The export's columns of this question (LimeSurvey's field names)."""
        t, kind = self.title, self.type
        codes = dict(_LSS_FIXED.get(kind, self.scales.get("0", {}) if kind in _LSS_OPTIONS else {}))
        if kind in ("L", "!", "O") and self.other:
            codes["-oth-"] = "Other"
        rows = [(code, f"{self.text} [{text}]") for code, text, scale in self.subquestions
                if scale in ("", "0")]  # fmt: skip
        if kind == "1":
            return [
                (f"{t}[{code}#{scale}]", text, self.scales.get(scale, {}))
                for code, text in rows
                for scale in ("0", "1")
            ]
        if kind == "R":
            return [(f"{t}[{k}]", f"{self.text} [{k}]", codes) for k in range(1, len(codes) + 1)]
        if kind in (";", ":"):
            across = [(code, text) for code, text, scale in self.subquestions if scale == "1"]
            return [
                (f"{t}[{y}_{x}]", f"{text} [{x_text}]", {})
                for y, text in rows
                for x, x_text in across
            ]
        if kind in _LSS_SUBQUESTIONS:
            return [(f"{t}[{code}]", text, codes) for code, text in rows]
        return [] if kind == "X" else [(t, self.text, codes)]


def _lss(path: Path, name: str) -> Codebook:
    """A LimeSurvey survey structure in XML, told by its content: a ``.lss`` ``<document>``
    of type Survey, or the queXML ``<questionnaire>`` (:mod:`amc_assess.ingest.quexml`)."""
    what = "not a LimeSurvey survey structure (.lss or queXML)"
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InvalidInput([f"{name}: {what}: {exc}"]) from None
    book = Codebook(name, "limesurvey", record_id="id")
    if root.tag == "questionnaire":
        for col in quexml_columns(root):
            book.labels[col.name], book.values[col.name] = col.label, col.values
            book.non_answers[col.name] = col.non_answers
        return book
    kind = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or kind != "Survey":
        found = f"<{root.tag}>" + (f" of type {kind}" if kind else "")
        expected = "a .lss <document> of type Survey or a queXML <questionnaire>"
        raise InvalidInput([f"{name}: {what}: found {found}, expected {expected}"])
    _add_lime_columns(book, _lss_questions(root))
    return book


def _add_lime_columns(book: Codebook, questions: list[_LssQuestion]) -> None:
    for question in questions:
        for column, label, values in question.columns():
            book.labels[column] = label
            if values:
                book.values[column] = values
                if states := _lss_states(question.type, values):
                    book.non_answers[column] = states


def _lss_questions(root: ET.Element) -> list[_LssQuestion]:
    """The survey's questions in order, texts in the base language. LimeSurvey 4 and later keep
    the texts in question_l10ns / answer_l10ns; earlier versions have them in each row, one
    row per language."""
    survey = _lss_rows(root, "surveys")
    languages = [(e.text or "").strip() for e in root.iterfind("languages/language")]
    base = (survey[0].get("language") if survey else "") or (languages[0] if languages else "")
    rows = [q for q in _lss_rows(root, "questions") if _in(q, base)]
    questions = [q for q in rows if q.get("parent_qid", "0") in ("", "0")]
    subquestions = [q for q in rows if q not in questions]  # LimeSurvey before 2.0 kept them here
    subquestions += [q for q in _lss_rows(root, "subquestions") if _in(q, base)]
    texts = {r.get("qid", ""): r.get("question", "") for r in _lss_rows(root, "question_l10ns")
             if _in(r, base)}  # fmt: skip
    texts.update({q["qid"]: q["question"] for q in questions + subquestions if "question" in q})
    answer_texts = {r.get("aid", ""): r.get("answer", "") for r in _lss_rows(root, "answer_l10ns")
                    if _in(r, base)}  # fmt: skip
    options: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for a in _lss_rows(root, "answers"):
        if _in(a, base):
            label = a["answer"] if "answer" in a else answer_texts.get(a.get("aid", ""), "")
            key = (a.get("qid", ""), a.get("scale_id") or "0")
            options.setdefault(key, []).append((_int(a.get("sortorder")), a.get("code", ""), label))
    subs: dict[str, list[tuple[str, str, str]]] = {}
    for sq in sorted(subquestions, key=lambda r: _int(r.get("question_order"))):
        text = plain(texts.get(sq.get("qid", ""), ""))
        entry = (sq.get("title", ""), text, sq.get("scale_id", ""))
        subs.setdefault(sq.get("parent_qid", ""), []).append(entry)
    out = []
    for q in sorted(questions, key=lambda r: _int(r.get("question_order"))):
        qid = q.get("qid", "")
        scales = {
            scale: {code: plain(label) for _, code, label in sorted(rows)}
            for (owner, scale), rows in options.items()
            if owner == qid
        }
        out.append(
            _LssQuestion(
                q.get("title", ""),
                q.get("type", ""),
                plain(texts.get(qid, "")),
                q.get("other") == "Y",
                subs.get(qid, []),
                scales,
            )
        )
    return out


def _lime_tsv(path: Path, name: str) -> Codebook:
    """The tab-separated survey structure: Q rows, each followed by its SQ and A rows."""
    with path.open(encoding=detect_encoding(path), newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    base = next((r.get("text", "") for r in rows if r.get("class") == "S"
                 and r.get("name") == "language"), "")  # fmt: skip
    base = base or next((r.get("language", "") for r in rows if r.get("class") == "Q"), "")
    questions: list[_LssQuestion] = []
    options: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        kind = (row.get("class") or "").strip()
        if kind not in ("Q", "SQ", "A") or (row.get("language") or base) != base:
            continue
        scale, code, text = (row.get(k) or "" for k in ("type/scale", "name", "text"))
        if kind == "Q":
            other = (row.get("other") or "").strip() == "Y"
            questions.append(_LssQuestion(code.strip(), scale.strip(), plain(text), other, [], {}))
            options = {}
        elif questions:
            if kind == "SQ":
                questions[-1].subquestions.append((code.strip(), plain(text), scale.strip()))
            else:
                options.setdefault(scale.strip() or "0", []).append((code.strip(), plain(text)))
                questions[-1].scales = {s: dict(o) for s, o in options.items()}
    book = Codebook(name, "limesurvey", record_id="id")
    _add_lime_columns(book, questions)
    return book


def _lss_states(qtype: str, values: dict[str, str]) -> dict[str, str]:
    """The non-answer options of a column: labels that mean no answer; C's "Uncertain"."""
    states = {c: s for c, t in values.items() if (s := non_answer(normalize(t))) is not None}
    if qtype == "C":
        states["U"] = DONT_KNOW
    return states


def _lss_rows(root: ET.Element, section: str) -> list[dict[str, str]]:
    """The rows of one table of the .lss as {field: text}."""
    table = root.find(section)
    if table is None:
        return []
    return [
        {child.tag: (child.text or "").strip() for child in row}
        for row in table.iterfind("rows/row")
    ]


def _in(row: dict[str, str], language: str) -> bool:
    """A row of the base language (or one without a language)."""
    return not row.get("language") or not language or row["language"] == language


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0
