"""LimeSurvey's queXML export (Display/Export > queXML format) as a dictionary.

The file follows the queXML schema (ACSPRI ``quexml.xsd``) as LimeSurvey writes it
(``quexml_export`` in its ``export_helper.php``): ``<questionnaire id=SID>`` holding
``<section>`` elements, each ``<question>`` with its ``<text>`` lines, its ``<subQuestion
varName=CODE_SQ>`` rows (arrays), and ``<response varName=CODE>`` holding either
``<free>`` (numbers, texts, dates: plain values) or ``<fixed>`` with one ``<category>`` per
answer option, ``<label>`` and ``<value>`` (the exported code), in LimeSurvey's sort order.

The varNames are the export's question codes with ``_`` where the response export's
"question code" headings have brackets: ``C1_SQ001`` is the column ``C1[SQ001]``; both names
are given. Multiple choice options are responses of their own (``M1_SQ001``, one category
``Y``: "Yes"). Dual-scale arrays come as two questions whose response LimeSurvey leaves
unnamed: the first is scale ``#0`` (``C1[SQ001#0]``), the second ``#1``. Options labeled as
non-answers ("Don't know", "Not applicable") and the ``U`` of a Yes/Uncertain/No array are
non-answers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from amc_assess.answertext import DONT_KNOW, non_answer, normalize, plain


@dataclass
class QueXmlColumn:
    """One export column the queXML describes."""

    name: str
    label: str  # question text, "[row]" for an array row
    values: dict[str, str]  # code -> label, in sort order
    non_answers: dict[str, str]  # code -> dont_know | not_applicable


def is_quexml(root: ET.Element) -> bool:
    return root.tag == "questionnaire"


def quexml_columns(root: ET.Element) -> list[QueXmlColumn]:
    """Every column with answer options (``<fixed>``), in the survey's order, each under its
    response-export name and, when it differs, its varName."""
    out: list[QueXmlColumn] = []
    scales: dict[tuple[str, ...], int] = {}  # a dual-scale array's rows -> scales seen
    for question in root.iter("question"):
        text = plain(" ".join(t.text or "" for t in question.findall("text")))
        rows = [(s.get("varName", ""), plain(s.findtext("text") or ""))
                for s in question.findall("subQuestion")]  # fmt: skip
        for response in question.findall("response"):
            options = [
                (c.findtext("value", "").strip(), plain(c.findtext("label", "")))
                for c in response.findall("fixed/category")
            ]
            if not options:
                continue  # free text, numbers, dates: the cells are the answers
            var = response.get("varName")
            if var is None and rows:  # dual scale: two unnamed responses over the same rows
                key = tuple(name for name, _ in rows)
                scale = scales[key] = scales.get(key, -1) + 1
                names = [(name, f"#{scale}", f"{text} [{row}]") for name, row in rows]
            elif rows:
                names = [(name, "", f"{text} [{row}]") for name, row in rows]
            elif var:
                names = [(var, "", text)]
            else:
                continue
            if len(options) == 1 and options[0][0] == "Y":  # a multiple choice option
                names = [(var or "", "", f"{text} [{options[0][1]}]")]
                options = [("Y", "Yes")]
            values = dict(options)
            states = _states(values)
            for var_name, suffix, label in names:
                aliases = [var_name] if not suffix else []  # a dual scale's has no varName
                for name in dict.fromkeys([_bracketed(var_name, suffix), *aliases]):
                    out.append(QueXmlColumn(name, label, values, states))
    return out


def _bracketed(var_name: str, suffix: str = "") -> str:
    """``C1_SQ001`` -> ``C1[SQ001]`` (question codes hold no ``_``); ``C1`` stays."""
    code, sep, rest = var_name.partition("_")
    return f"{code}[{rest}{suffix}]" if sep and rest else var_name + suffix


def _states(values: dict[str, str]) -> dict[str, str]:
    states = {c: s for c, t in values.items() if (s := non_answer(normalize(t))) is not None}
    if set(values) == {"Y", "U", "N"}:  # LimeSurvey's Yes / Uncertain / No array
        states["U"] = DONT_KNOW
    return states
