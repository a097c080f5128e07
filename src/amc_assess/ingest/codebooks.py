"""Survey definitions that turn an export's codes into labels.

* REDCap data dictionary (CSV): ``Choices, Calculations, OR Slider Labels`` like
  ``0, Less than 5 | 1, 5-10``; checkboxes are exported as ``field___code`` columns.
* Qualtrics survey file (``.qsf``, JSON): ``RecodeValues`` give the exported number of
  each choice, ``Choices`` / ``Answers`` the label; matrix rows become ``TAG_row`` columns.
  A negative recode is a non-answer (don't know, or not applicable by its label), as the
  export's own negative numbers are.
* LimeSurvey survey structure (:mod:`amc_assess.ingest.limesurvey`; ``.lss``, XML
  ``<document>``, ``LimeSurveyDocType`` Survey):
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
from pathlib import Path

import numpy as np
import pandas as pd

from amc_assess.answertext import DONT_KNOW, NOT_APPLICABLE, non_answer, normalize, plain
from amc_assess.ingest.codebook import Codebook
from amc_assess.ingest.limesurvey import is_lime_tsv, lime_tsv_codebook, lss_codebook
from amc_assess.loading import InvalidInput
from amc_assess.textfiles import detect_encoding

REDCAP_HEADER = "variable / field name"


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
        return is_lime_tsv(path)
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
        return lss_codebook(path, name)
    if is_lime_tsv(path):
        return lime_tsv_codebook(path, name)
    return _redcap(path, name)


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
