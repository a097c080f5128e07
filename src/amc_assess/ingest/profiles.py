"""Export layouts of survey tools: detect them and match their columns to items.

Each profile follows its tool's documented CSV export (:mod:`amc_assess.ingest.tools`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amc_assess.answertext import compact, normalize
from amc_assess.ingest.codebook import Codebook
from amc_assess.ingest.mapfile import MapFile
from amc_assess.ingest.tools import GOOGLE_TIMESTAMPS, SPECS
from amc_assess.models import Questionnaire
from amc_assess.template import header_texts

META_ALIASES = {
    "firm": {"firm", "company", "organization", "firm name", "company name"},
    "respondent": {"respondent", "respondent id", "respondent_id"},
    "side": {"side"},
    "level": {"level"},
    "function": {"function"},
    "role": {"role"},
    "year": {"year"},
    "date": {"date"},
}
_ALIAS = {alias: meta for meta, names in META_ALIASES.items() for alias in names}
_IMPORT_ID = re.compile(r"""^\{\s*["']ImportId["']\s*:""")
_LIME_HEADER = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9_]*(?:\[[^\]]*\])*)\. (?P<text>.*)$", re.S)
_BRACKET = re.compile(r"\[([^\[\]]+)\]\s*$")


@dataclass
class Layout:
    """Where the header is and what each column is called."""

    profile: str
    header_rows: int
    names: list[str]
    labels: list[str]
    why: str


LOOSE = "item id, ignoring case, spaces and punctuation"
LOOSE_NOTE = "ignoring case, spaces and punctuation"


@dataclass
class Target:
    kind: str  # item | meta | ignore | unknown | error
    name: str = ""
    how: str = ""


class ItemIds:
    """Item ids by their letters and digits: ``A1``, ``a 1`` and ``a_1`` all find ``a1``."""

    def __init__(self, ids: list[str]):
        self.ids = set(ids)
        self.by_key: dict[str, list[str]] = {}
        for item_id in ids:
            self.by_key.setdefault(compact(item_id), []).append(item_id)

    def find(self, name: str) -> list[str]:
        """The exact id, else every id that differs from ``name`` only in case, spaces or
        punctuation (more than one: ambiguous)."""
        if name in self.ids:
            return [name]
        key = compact(name)
        return list(self.by_key.get(key, [])) if key else []


def detect(
    head: list[list[str]],
    profile: str,
    q: Questionnaire,
    codebook: Codebook | None,
    mapping: MapFile | None,
) -> Layout | None:
    """The layout of a file from its first rows; None when nothing fits."""
    if not head:
        return None
    first = head[0]
    second = head[1] if len(head) > 1 else []
    third = head[2] if len(head) > 2 else []
    legacy = first[:2] == ["V1", "V2"] and "ResponseID" in second
    if profile in ("auto", "qualtrics"):
        if any(_IMPORT_ID.match(c) for c in third):
            return Layout("qualtrics", 3, first, second, "3 header rows with ImportId JSON")
        if legacy:
            names = [
                s if re.fullmatch(r"V\d+", f) else f for f, s in zip(first, second, strict=False)
            ]
            return Layout(
                "qualtrics",
                2,
                names + first[len(second) :],
                second,
                "legacy 2 header rows (V1, V2, ...)",
            )
        if profile == "qualtrics" or {"ResponseId", "StartDate", "Finished"} <= set(first):
            return Layout("qualtrics", 1, first, [""] * len(first), "1 header row")
    low = [normalize(c) for c in first]
    if profile == "surveymonkey" or (
        profile == "auto" and {"respondent id", "collector id"} <= set(low)
    ):
        return _surveymonkey(first, second)
    codes = [_lime(c) for c in first]
    book = codebook if _fits(codebook, [*first, *(c for c, _ in codes)]) else None
    lime_book = book is not None and book.kind == "limesurvey"
    if profile == "limesurvey" or (
        profile == "auto"
        and ({"id", "submitdate", "lastpage"} <= {normalize(c) for c, _ in codes} or lime_book)
    ):
        why = "code and question text headers" if any(t for _, t in codes) else "question codes"
        return Layout("limesurvey", 1, [c for c, _ in codes], [t for _, t in codes], why)
    if profile == "google_forms" or (profile == "auto" and low and low[0] in GOOGLE_TIMESTAMPS):
        return Layout(
            "google_forms", 1, first, first, f"{first[0]!r} column, question text headers"
        )
    redcap_cols = SPECS["redcap"].system
    if profile == "redcap" or (
        profile == "auto"
        and (
            (book is not None and book.kind == "redcap")
            or any(c in redcap_cols or c.endswith("_complete") for c in low)
        )
    ):
        why = f"with data dictionary {codebook.source}" if codebook else "without a data dictionary"
        return Layout("redcap", 1, first, [""] * len(first), why)
    ids = ItemIds(list(q.item_map()))
    mapped = set(mapping.columns) if mapping else set()

    def headers(row: list[str]) -> bool:
        return any(len(ids.find(c)) == 1 or c in mapped for c in row)

    at = 0 if headers(first) else next((k for k in range(1, len(head)) if headers(head[k])), 0)
    if profile == "items" or headers(head[at]):
        names = head[at]
        rows = at + 1 + _description_rows(names, head[at + 1 :], q, ids)
        why = "item id headers" + (f" in row {at + 1} (the rows above skipped)" if at else "")
        why += f" and {rows - at - 1} description rows" if rows > at + 1 else ""
        below = head[at + 1] if rows > at + 1 else [""] * len(names)
        return Layout("items", rows, names, below, why)
    return None


def _fits(codebook: Codebook | None, headers: list[str]) -> bool:
    """Whether a data dictionary describes this file: a header is one of its columns (a
    dictionary given for one export says nothing about another file of the batch)."""
    if codebook is None:
        return False
    if codebook.record_id:  # a REDCap export always has its record id column
        return codebook.record_id in headers
    return any(h in codebook.labels or h in codebook.values for h in headers if h)


SURVEYMONKEY_RESPONSE = frozenset({"response", "open-ended response"})


def _surveymonkey(first: list[str], second: list[str]) -> Layout:
    """Both header rows as one name per column: ``Question - Option``, ``Question`` for a
    ``Response`` column, the question carried over the blank cells to its right."""
    low = [normalize(c) for c in first]
    at = low.index("respondent id") if "respondent id" in low else 0
    if not second or (at < len(second) and second[at].strip()):
        return Layout("surveymonkey", 1, first, [""] * len(first), "1 header row")
    names: list[str] = []
    labels: list[str] = []
    question = ""
    for j in range(max(len(first), len(second))):
        top = first[j].strip() if j < len(first) else ""
        option = second[j].strip() if j < len(second) else ""
        question = top or question
        if not option:
            names.append(top)
            labels.append(top)
        elif normalize(option) in SURVEYMONKEY_RESPONSE:
            names.append(question)
            labels.append(question)
        else:
            names.append(f"{question} - {option}" if question else option)
            labels.append(f"{question} [{option}]" if question else option)
    why = "2 header rows (question, then answer option or 'Response')"
    return Layout("surveymonkey", 2, names, labels, why)


def _lime(header: str) -> tuple[str, str]:
    m = _LIME_HEADER.match(header)
    return (m["code"], m["text"].strip()) if m else (header, "")


def _description_rows(
    names: list[str], rows: list[list[str]], q: Questionnaire, ids: ItemIds
) -> int:
    """How many rows below the header are the question text / allowed answers of a template."""
    texts = header_texts(q)
    items = [found[0] if len(found := ids.find(n)) == 1 else n for n in names]
    count = 0
    for row in rows[:2]:
        cells = [(n, normalize(c)) for n, c in zip(items, row, strict=False) if n in texts]
        if not cells or not all(c in {normalize(t) for t in texts[n]} for n, c in cells):
            break
        count += 1
    return count


def match_columns(
    layout: Layout, q: Questionnaire, codebook: Codebook | None, mapping: MapFile | None
) -> list[Target]:
    """What every column holds: an item, a metadata field, a tool field to skip, or unknown."""
    spec = SPECS[layout.profile]
    ids = ItemIds(list(q.item_map()))
    by_text = ItemTexts(q)
    meta_by_name = {normalize(v): k for k, v in (mapping.meta.items() if mapping else [])}
    ignore = {normalize(c) for c in (mapping.ignore if mapping else [])}
    present = {normalize(n) for n in layout.names}
    respondent = next((c for c in spec.respondent if c in present), None)
    date = next((c for c in spec.date if c in present), None)
    record_id = codebook.record_id if codebook and codebook.record_id else None
    if layout.profile == "redcap" and record_id is None and layout.names:
        record_id = layout.names[0]  # REDCap exports the record id first
    targets: list[Target] = []
    for name, label in zip(layout.names, layout.labels + [""] * len(layout.names), strict=False):
        low = normalize(name)
        entry = mapping.column(name) if mapping else None
        if low in ignore:
            targets.append(Target("ignore", how="in the map's ignore list"))
        elif entry is not None:
            targets.append(Target("item", entry.item, "map file"))
        elif low in meta_by_name:
            targets.append(Target("meta", meta_by_name[low], "map file"))
        elif name in ids.ids:
            targets.append(Target("item", name, "item id"))
        elif low in _ALIAS:
            targets.append(Target("meta", _ALIAS[low], "column name"))
        elif low == respondent or name == record_id:
            targets.append(Target("meta", "respondent", f"{spec.title} id"))
        elif low == date:
            targets.append(Target("meta", "date", f"{spec.title} date"))
        elif spec.is_system_name(name):
            targets.append(Target("ignore", how=f"{spec.title} fields"))
        elif len(found := ids.find(name)) == 1:
            targets.append(Target("item", found[0], LOOSE))
        elif found:
            both = " and ".join(sorted(found))
            how = f"matches items {both} ({LOOSE_NOTE}); map it in a --map file"
            targets.append(Target("error", how=how))
        elif spec.is_system_pattern(name):
            targets.append(Target("ignore", how=f"{spec.title} fields"))
        elif (found_text := _by_text(name, label, layout.profile, codebook, by_text)) is not None:
            targets.append(Target("item", *found_text))
        else:
            targets.append(Target("unknown", how="matches no item"))
    _one_column_each(layout.names, targets)
    return targets


def _unique(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Keys that name exactly one item (two items with the same text match neither)."""
    keys = [k for k, _ in pairs]
    return {k: v for k, v in pairs if k and keys.count(k) == 1}


class ItemTexts:
    """Items by question text: as written (case, quotes and spaces aside), else by its letters
    and digits alone, so an edited form's "Do you have A ?!" still finds "Do you have A?"."""

    def __init__(self, q: Questionnaire):
        self.exact = _unique([(normalize(item.text), item.id) for item in q.items()])
        self.loose = _unique([(compact(item.text), item.id) for item in q.items()])

    def find(self, text: str) -> tuple[str, str] | None:
        """The item and how it was found, or None."""
        if (item := self.exact.get(normalize(text))) is not None:
            return item, "question text"
        if (item := self.loose.get(compact(text))) is not None:
            return item, f"question text, {LOOSE_NOTE}"
        return None


def _by_text(
    name: str, label: str, profile: str, codebook: Codebook | None, by_text: ItemTexts
) -> tuple[str, str] | None:
    texts = [label, codebook.labels.get(name, "") if codebook else ""]
    if profile == "google_forms":
        texts.append(name)
    for text in [t for t in texts if t]:
        candidates = [text]
        if m := _BRACKET.search(text):
            candidates.append(m[1])  # grid row / subquestion: "Question [Row]"
        if profile == "qualtrics" and "-" in text:
            candidates.append(text.rsplit("-", 1)[1])  # matrix: "Question-Statement"
        for candidate in candidates:
            if (found := by_text.find(candidate)) is not None:
                return found
    return None


def column_letters(j: int) -> str:
    """A column's letters as a spreadsheet shows them: 0 -> A, 26 -> AA."""
    letters = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _one_column_each(names: list[str], targets: list[Target]) -> None:
    """One column per item or metadata field: a column that names it (exactly, in the map
    file, by question text) wins over one that matches its id only loosely; two loose
    matches are both skipped, each with an error naming the other."""
    groups: dict[tuple[str, str], list[int]] = {}
    for j, target in enumerate(targets):
        if target.kind in ("item", "meta"):
            groups.setdefault((target.kind, target.name), []).append(j)
    for (_, name), columns in groups.items():
        if len(columns) < 2:
            continue
        firm = [j for j in columns if not targets[j].how.endswith(LOOSE_NOTE)]
        if firm:
            for j in columns:
                if j != firm[0]:
                    targets[j].how = (
                        f"{name} is already read from column {names[firm[0]]!r} (column "
                        f"{column_letters(firm[0])}; this one is column {column_letters(j)})"
                    )
                    targets[j].kind = "error"
            continue
        shown = " and ".join(repr(names[j]) for j in columns)
        verb = "both match" if len(columns) == 2 else "all match"
        for j in columns:
            targets[j].how = (
                f"columns {shown} {verb} item {name} ({LOOSE_NOTE}); "
                "map one of them in a --map file"
            )
            targets[j].kind = "error"
