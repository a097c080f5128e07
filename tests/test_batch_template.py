"""``amc template``: drop-down validation on every answer cell; a filled sheet scores unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from amc_assess.template import columns
from amc_assess.validation import load_pair
from conftest import MINI, invoke

MINI_ARGS = ["-q", str(MINI / "questionnaire.yaml"), "-r", str(MINI / "rubric.yaml")]
# firm, respondent, side, level, function, then the ten mini items in questionnaire order
FILLED = [
    [
        "Acme",
        "Ann",
        "own",
        "senior",
        "BD",
        "2026-03-03",
        70,
        None,
        "Agree",
        "Disagree",
        "Yes",
        "Some",
        "Yes",
        7,
        "Not applicable",
        "Don't know",
    ],
    [
        "Acme",
        "Bob",
        "partner",
        "middle",
        None,
        "2026-03-03",
        65,
        "fine",
        "Strongly agree",
        "Strongly disagree",
        "Yes",
        "Full",
        "Yes",
        12,
        2.5,
        "Agree",
    ],
    [
        "Beta",
        "Cem",
        "own",
        "operational",
        None,
        "2026-03-03",
        20,
        None,
        "Neither agree nor disagree",
        "Agree",
        "No",
        "None",
        "No",
        None,
        None,
        "Disagree",
    ],
]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_xlsx_template_has_ids_text_allowed_answers_and_validation_on_every_cell(here: Path):
    from openpyxl import load_workbook

    result = invoke("template", *MINI_ARGS, "-o", "sheet.xlsx", "--rows", "50")
    assert result.exit_code == 0
    assert result.stdout == "wrote sheet.xlsx (10 items of mini 0.1)\n"
    book = load_workbook("sheet.xlsx")
    sheet = book["responses"]
    ids = [c.value for c in sheet[1]]
    assert ids == [
        "firm",
        "respondent",
        "side",
        "level",
        "function",
        "date",
        "ctx_repeat_share",
        "ctx_comment",
        "a_agree1",
        "a_agree2",
        "a_yes",
        "a_choice",
        "b_exists",
        "b_count",
        "b_budget",
        "b_agree",
    ]
    assert sheet["I2"].value == "We do A."
    assert sheet["I3"].value == (
        "Strongly disagree | Disagree | Neither agree nor disagree | Agree | "
        "Strongly agree | Don't know"
    )
    when = "; asked only when b_exists is yes, else leave it empty"
    assert sheet["N3"].value == f"a whole number from 0 to 100 (FTE), or Don't know{when}"
    assert sheet["O3"].value == f"a number from 0 to 10 (%), or Don't know or Not applicable{when}"
    rules = {}
    for rule in sheet.data_validations.dataValidation:
        for area in str(rule.sqref).split():
            rules[area] = rule
    assert set(rules) == {f"{chr(ord('A') + j)}4:{chr(ord('A') + j)}53" for j in range(16)}
    agree = rules["I4:I53"]
    assert agree.type == "list" and agree.showErrorMessage and agree.errorStyle == "stop"
    lists = book["lists"]
    assert lists.sheet_state == "hidden"
    column = agree.formula1.split("!")[1].replace("$", "").split(":")[0][0]
    assert [lists[f"{column}{k}"].value for k in range(1, 7)] == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
        "Don't know",
    ]
    assert rules["N4:N53"].type == "custom"
    assert rules["N4:N53"].formula1 == (
        'OR(AND(ISNUMBER(N4),N4>=0,N4<=100,INT(N4)=N4),N4="Don\'t know")'
    )
    assert rules["C4:C53"].type == "list" and rules["H4:H53"].type == "textLength"
    assert rules["F4:F53"].type == "date"  # the assessment date, so batch needs no --year


def test_filled_xlsx_template_scores_with_batch_unchanged(here: Path):
    from openpyxl import load_workbook

    assert invoke("template", *MINI_ARGS, "-o", "sheet.xlsx").exit_code == 0
    book = load_workbook("sheet.xlsx")
    sheet = book["responses"]
    for r, values in enumerate(FILLED, start=4):
        for j, value in enumerate(values, start=1):
            sheet.cell(r, j, value)
    book.save("filled.xlsx")
    result = invoke("batch", *MINI_ARGS, "filled.xlsx", "-o", "out.csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == (
        "filled.xlsx: items layout (item ids: item id headers and 2 description rows; XLSX, sheet "
        "'responses'), 3 rows; 10 item columns, 6 metadata"
    )
    with open("out.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["source_row"] for r in rows] == ["4", "5", "6"]
    assert [(r["firm"], r["respondent"], r["side"], r["level"]) for r in rows] == [
        ("Acme", "Ann", "own", "senior"),
        ("Acme", "Bob", "partner", "middle"),
        ("Beta", "Cem", "own", "operational"),
    ]
    # the same answers as the mini fixtures: 4.2 / 3.666667, 5 / 4.4, 1.6 / 1.5 (the engine's six decimals)
    assert [(r["alpha_score"], r["beta_score"]) for r in rows] == [
        ("4.2", "3.666667"),
        ("5", "4.4"),
        ("1.6", "1.5"),
    ]


def test_csv_template_round_trip(here: Path):
    assert invoke("template", *MINI_ARGS, "-o", "sheet.csv").exit_code == 0
    raw = Path("sheet.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM so that Excel reads UTF-8
    with open("sheet.csv", encoding="utf-8-sig", newline="") as handle:
        header = list(csv.reader(handle))
    assert len(header) == 3 and header[0][8] == "a_agree1" and header[1][8] == "We do A."
    with open("sheet.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(FILLED)
    result = invoke("batch", *MINI_ARGS, "sheet.csv", "-o", "out.json")
    assert result.exit_code == 0, result.stderr
    import json

    scored = json.loads(Path("out.json").read_text(encoding="utf-8"))["scored"]
    assert [round(r["alpha_score"], 4) for r in scored] == [4.2, 5.0, 1.6]
    assert [r["source_row"] for r in scored] == [4, 5, 6]


def test_default_instrument_template_validates_every_item_column(here: Path):
    from openpyxl import load_workbook

    result = invoke("template", "-o", "amc.xlsx", "--rows", "10")
    assert result.exit_code == 0, result.stderr
    q, _ = load_pair(*_default_pair())
    sheet = load_workbook("amc.xlsx")["responses"]
    assert sheet.max_column == len(columns(q)) == 6 + len(q.items())
    covered = {
        str(rule.sqref).split(":")[0].rstrip("4") for rule in sheet.data_validations.dataValidation
    }
    from openpyxl.utils import get_column_letter

    assert covered == {get_column_letter(j) for j in range(1, sheet.max_column + 1)}


def _default_pair() -> tuple[Path, Path]:
    from amc_assess.resources import default_questionnaire, default_rubric

    return default_questionnaire(), default_rubric()


def test_xlsx_template_validates_5000_rows_unless_told(here: Path):
    """README: validation on every answer cell; 200 rows were validated, row 204 took anything."""
    from openpyxl import load_workbook

    assert invoke("template", *MINI_ARGS, "-o", "sheet.xlsx").exit_code == 0
    sheet = load_workbook("sheet.xlsx")["responses"]
    areas = {a for rule in sheet.data_validations.dataValidation for a in str(rule.sqref).split()}
    assert "I4:I5003" in areas and len(areas) == 16


def test_a_conditional_column_says_when_it_is_asked_and_old_sheets_still_read(here: Path):
    """The sheet never said which questions skip logic leaves out, so a filler answered them
    all and got a line per row about a "when: condition". The allowed-answers row now says
    when the question is asked; a sheet made before, without it, still reads."""
    assert invoke("template", *MINI_ARGS, "-o", "sheet.csv").exit_code == 0
    with open("sheet.csv", encoding="utf-8-sig", newline="") as handle:
        header = list(csv.reader(handle))
    allowed = dict(zip(header[0], header[2], strict=True))
    assert allowed["b_count"].endswith("; asked only when b_exists is yes, else leave it empty")
    assert "asked only" not in allowed["a_agree1"]
    older = [row[:] for row in header]
    for j in range(len(older[0])):  # as sheets made before this said it
        older[2][j] = older[2][j].split("; asked only when")[0]
    for name, rows in (("new.csv", header), ("old.csv", older)):
        with open(name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([*rows, *FILLED])
        result = invoke("batch", *MINI_ARGS, name, "-o", f"{name}.json")
        assert result.exit_code == 0, (name, result.stderr)
        assert "2 description rows" in result.stdout, name
