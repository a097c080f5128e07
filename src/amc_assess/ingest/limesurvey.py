"""LimeSurvey's survey structure as a codebook: the ``.lss`` XML (or queXML, told by content)
and the tab-separated "Excel/TSV" export (see :mod:`amc_assess.ingest.codebooks`)."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from amc_assess.answertext import DONT_KNOW, non_answer, normalize, plain
from amc_assess.ingest.codebook import Codebook
from amc_assess.ingest.quexml import quexml_columns
from amc_assess.loading import InvalidInput
from amc_assess.textfiles import detect_encoding

LIME_TSV_HEADER = frozenset({"class", "type/scale", "name", "text", "language"})


def is_lime_tsv(path: Path) -> bool:
    """A LimeSurvey survey structure in tab-separated values (header ``class, type/scale, ...``)."""
    with path.open("rb") as handle:
        first = handle.readline(4096).decode("utf-8-sig", errors="replace")
    return LIME_TSV_HEADER <= {c.strip().strip('"').lower() for c in first.split("\t")}


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


def lss_codebook(path: Path, name: str) -> Codebook:
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


def lime_tsv_codebook(path: Path, name: str) -> Codebook:
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
