"""``amc template``: a blank collection sheet for an instrument (XLSX with drop-downs, or CSV).

Row 1 holds the column ids (metadata, then one column per item), row 2 the question text,
row 3 the allowed answers; respondents fill rows 4 and below. ``amc batch`` reads a filled
sheet as it is: the two description rows are recognized and skipped.

For a questionnaire with a contacts item (the relationship audit) the sheet is a ties table
instead (:func:`write_ties_template`): the ties columns in row 1, one named contact per row
from row 2, as ``amc network`` reads it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from pathlib import Path

from amc_assess.atomic import save_workbook, write_file, write_text
from amc_assess.models import Item, Questionnaire
from amc_assess.models.conditions import condition_text
from amc_assess.network.ties import COLUMNS, OPTIONAL

DONT_KNOW_LABEL = "Don't know"
NOT_APPLICABLE_LABEL = "Not applicable"
FIRST_ROW = 4
TEXT_LIMIT = 2000
ANSWER_ROWS = 5000  # rows with drop-down validation: ranges, so more rows cost nothing


@dataclass
class Column:
    """One column of the sheet."""

    id: str
    text: str
    allowed: str
    choices: list[str] | None = None  # drop-down entries
    item: Item | None = None
    plain: str = ""  # ``allowed`` without its condition, as sheets made before said it


META = [
    Column("firm", "Firm being assessed", "free text (the same spelling for every respondent)"),
    Column("respondent", "Respondent name or id", "free text"),
    Column(
        "side",
        "Which side of the alliance the respondent works for",
        "own | partner",
        ["own", "partner"],
    ),
    Column(
        "level",
        "Respondent's management level",
        "senior | middle | operational",
        ["senior", "middle", "operational"],
    ),
    Column("function", "Respondent's function", "free text"),
    Column("date", "Date of the assessment", "YYYY-MM-DD (the same day for every respondent)"),
]


def _non_answers(item: Item) -> list[str]:
    return [DONT_KNOW_LABEL] + ([NOT_APPLICABLE_LABEL] if item.not_applicable else [])


def item_column(item: Item, q: Questionnaire) -> Column:
    """The column of one item, with its allowed answers and, for a question skip logic may
    leave out, when it is asked."""
    column = _item_column(item, q)
    if item.when is None:
        return column
    asked = f"; asked only when {condition_text(item.when)}, else leave it empty"
    return replace(column, allowed=column.allowed + asked, plain=column.allowed)


def _item_column(item: Item, q: Questionnaire) -> Column:
    if item.type == "agreement":
        choices = list(q.scales[item.scale or "agree5"]) + _non_answers(item)
    elif item.type == "yesno":
        choices = ["Yes", "No"] + _non_answers(item)
    elif item.type == "choice":
        choices = [o.label for o in item.options or []] + _non_answers(item)
    elif item.type == "number":
        whole = "a whole number" if item.integer else "a number"
        unit = f" ({item.unit})" if item.unit else ""
        extra = " or ".join(_non_answers(item))
        text = f"{whole} from {item.min:g} to {item.max:g}{unit}, or {extra}"
        return Column(item.id, item.text, text, None, item)
    else:
        return Column(item.id, item.text, "free text", None, item)
    return Column(item.id, item.text, " | ".join(choices), choices, item)


def columns(q: Questionnaire) -> list[Column]:
    """Metadata columns, then one column per item in questionnaire order (a contacts roster is
    no cell: it has a ties sheet of its own, :func:`write_ties_template`)."""
    return META + [item_column(item, q) for item in q.items() if item.type != "contacts"]


def header_texts(q: Questionnaire) -> dict[str, tuple[str, ...]]:
    """Column id -> (question text, allowed answers), to recognize a template's header rows."""
    return {c.id: (c.text, c.allowed, c.plain or c.allowed) for c in columns(q)}


def write_template(q: Questionnaire, out: str | Path, rows: int = ANSWER_ROWS) -> Path:
    """Write the sheet as ``.xlsx`` (with drop-down validation) or ``.csv``."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        cols = columns(q)
        for row in ([c.id for c in cols], [c.text for c in cols], [c.allowed for c in cols]):
            writer.writerow(row)
        write_text(path, "\ufeff" + buffer.getvalue())  # BOM: Excel reads UTF-8
        return path
    if suffix != ".xlsx":
        raise ValueError(f"{path}: the template is written as .xlsx or .csv")
    _write_xlsx(q, path, rows)
    return path


def _write_xlsx(q: Questionnaire, path: Path, rows: int) -> None:
    # lazy: openpyxl is needed for .xlsx sheets only
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "responses"
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    about = book.create_sheet("about")
    for k, (key, value) in enumerate(
        [
            ("instrument", q.id),
            ("version", q.version),
            ("title", q.title),
            (
                "how to fill",
                "One row per respondent from row 4; pick answers from the drop-downs. "
                "Leave a cell empty if the question was not asked.",
            ),
        ],
        start=1,
    ):
        about.cell(k, 1, key).font = Font(bold=True)
        about.cell(k, 2, value)
    last = FIRST_ROW + rows - 1
    list_ranges: dict[tuple[str, ...], str] = {}
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for j, col in enumerate(columns(q), start=1):
        letter = get_column_letter(j)
        for r, (value, style) in enumerate(
            [(col.id, bold), (col.text, Font()), (col.allowed, Font(italic=True))], start=1
        ):
            cell = sheet.cell(r, j, value)
            cell.data_type = "s"
            cell.font = style
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.fill = grey
        sheet.column_dimensions[letter].width = 28
        area = f"{letter}{FIRST_ROW}:{letter}{last}"
        if col.choices:
            listed = tuple(col.choices)
            if listed not in list_ranges:
                lj = get_column_letter(len(list_ranges) + 1)
                for k, choice in enumerate(col.choices, start=1):
                    lists.cell(k, len(list_ranges) + 1, choice).data_type = "s"
                list_ranges[listed] = f"lists!${lj}$1:${lj}${len(col.choices)}"
            rule = DataValidation(type="list", formula1=list_ranges[listed], allow_blank=True)
            rule.prompt = "Pick an answer from the list"
        elif col.id == "date":
            rule = DataValidation(
                type="date", operator="greaterThan", formula1="DATE(1990,1,1)", allow_blank=True
            )
            rule.prompt = col.allowed
        elif col.item is not None and col.item.type == "number":
            rule = DataValidation(
                type="custom",
                formula1=_number_rule(col.item, f"{letter}{FIRST_ROW}"),
                allow_blank=True,
            )
            rule.prompt = col.allowed
        else:
            rule = DataValidation(
                type="textLength",
                operator="lessThanOrEqual",
                formula1=str(TEXT_LIMIT),
                allow_blank=True,
            )
            rule.prompt = f"Free text, up to {TEXT_LIMIT} characters"
        rule.error = f"Allowed: {col.allowed}"
        rule.errorTitle = "Not an allowed answer"
        rule.errorStyle = "stop"
        rule.showErrorMessage = True
        rule.showInputMessage = True
        rule.add(area)
        sheet.add_data_validation(rule)
    sheet.row_dimensions[2].height = 96
    sheet.row_dimensions[3].height = 64
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 3)
    write_file(path, lambda handle: save_workbook(book, handle))


def _number_rule(item: Item, cell: str) -> str:
    checks = [f"ISNUMBER({cell})", f"{cell}>={item.min:g}", f"{cell}<={item.max:g}"]
    if item.integer:
        checks.append(f"INT({cell})={cell}")
    words = [f'{cell}="{label}"' for label in _non_answers(item)]
    return f"OR(AND({','.join(checks)}),{','.join(words)})"


# ------------------------------------------------- ties sheet (the relationship audit)
def ties_columns(q: Questionnaire) -> list[Column]:
    """The columns of the ties table for the questionnaire's contacts item, described."""
    item = q.contacts_item()
    assert item is not None and item.ratings is not None
    sides, levels = ["own", "partner"], ["senior", "middle", "operational"]
    person: dict[str, tuple[str, list[str] | None]] = {
        "side": ("own = the firm being assessed; partner = its alliance partner", sides),
        "level": ("senior, middle or operational management", levels),
        "function": ("free text, e.g. marketing, R&D, legal", None),
    }
    text: dict[str, tuple[str, list[str] | None]] = {
        "respondent": ("The person answering (full name, spelled the same in every row)", None),
        "contact": ("A colleague they deal with on the alliance, in either firm", None),
    }
    for role, who in (("respondent", "the person answering"), ("contact", "the contact")):
        for field, (allowed, choices) in person.items():
            text[f"{role}_{field}"] = (f"{field.capitalize()} of {who}: {allowed}", choices)
    for name, rating in item.ratings.items():
        labels = q.scales[rating.scale]
        scale = ", ".join(f"{k} {label}" for k, label in enumerate(labels, start=1))
        text[name] = (f"{rating.text} ({scale})", ["1", "2", "3", "4", "5"])
    text["respondent_key_contact"] = (
        "yes if the person answering is their firm's designated key contact for the alliance",
        ["yes", "no"],
    )
    text["contact_key_contact"] = (
        "yes if the contact is their firm's designated key contact (blank: not known)",
        ["yes", "no"],
    )
    names = list(COLUMNS) + (list(OPTIONAL) if item.key_contact else [])
    out = []
    for name in names:
        description, choices = text[name]
        allowed = " | ".join(choices) if choices else "free text"
        out.append(Column(name, description, allowed, choices))
    return out


def write_ties_template(q: Questionnaire, out: str | Path, rows: int = 500) -> Path:
    """The ties sheet of a relationship audit: ``.xlsx`` (drop-downs, instructions) or ``.csv``
    (the header only). ``amc network`` reads it filled in, unchanged."""
    path = Path(out)
    suffix = path.suffix.lower()
    cols = ties_columns(q)
    if suffix == ".csv":
        write_text(path, "\ufeff" + ",".join(c.id for c in cols) + "\r\n")
        return path
    if suffix != ".xlsx":
        raise ValueError(f"{path}: the template is written as .xlsx or .csv")
    _write_ties_xlsx(q, cols, path, rows)
    return path


def _write_ties_xlsx(q: Questionnaire, cols: list[Column], path: Path, rows: int) -> None:
    # lazy: openpyxl is needed for .xlsx sheets only
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "ties"  # first sheet: amc network reads it
    grey = PatternFill("solid", fgColor="DDDDDD")
    last = rows + 1
    for j, col in enumerate(cols, start=1):
        letter = get_column_letter(j)
        cell = sheet.cell(1, j, col.id)
        cell.font, cell.fill = Font(bold=True), grey
        sheet.column_dimensions[letter].width = max(14, len(col.id) + 4)
        if col.choices:
            rule = DataValidation(
                type="list", formula1=f'"{",".join(col.choices)}"', allow_blank=True
            )
        else:
            rule = DataValidation(
                type="textLength", operator="lessThanOrEqual", formula1="200", allow_blank=True
            )
        rule.promptTitle = col.id[:32]
        rule.prompt = _short(col.text, 250)
        rule.error = _short(f"Allowed: {col.allowed}", 250)
        rule.errorTitle = "Not an allowed value"
        rule.errorStyle = "stop"
        rule.showErrorMessage = True
        rule.showInputMessage = True
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    about = book.create_sheet("instructions")
    wrap = Alignment(wrap_text=True, vertical="top")
    lines: list[tuple[str, str]] = [
        ("instrument", f"{q.id} {q.version}: {q.title}"),
        (
            "how to fill",
            "One row per contact a respondent names: the respondent's own details are repeated "
            "on each of their rows. Start in row 2 of the 'ties' sheet; pick sides, levels, "
            "ratings and yes/no from the drop-downs. Write each person's name the same way "
            "everywhere, as respondent and as contact, so the rows join up. Nobody names "
            "themselves, and each contact once per respondent. Analyze the filled sheet with: "
            "amc network FILE.xlsx",
        ),
        ("", ""),
        ("column", "what to enter"),
    ]
    lines += [(col.id, f"{col.text}. Allowed: {col.allowed}") for col in cols]
    for k, (key, value) in enumerate(lines, start=1):
        about.cell(k, 1, key).font = Font(bold=True)
        cell = about.cell(k, 2, value)
        cell.alignment = wrap
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 100
    write_file(path, lambda handle: save_workbook(book, handle))


def _short(text: str, size: int) -> str:
    """Excel caps validation messages at 255 characters."""
    return text if len(text) <= size else text[: size - 1] + "…"
