"""A formula cell whose result was never saved (a workbook written by a program) reads as an
empty cell in openpyxl and calamine: it is now a bad cell, named, not an answer lost."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from amc_assess.ingest.xlsxfast import UNSAVED, Unsaved, unsaved_formulas
from conftest import invoke


def _book(path: Path, cells: dict[str, object]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["firm", "respondent", *cells])
    ws.append(["Acme", "Dana", *cells.values()])
    wb.save(path)


@pytest.mark.parametrize("formula", ["=2+1", "=1/0", "=A2&B2"])
def test_an_unsaved_formula_is_a_bad_cell(tmp_path: Path, monkeypatch, formula: str) -> None:
    monkeypatch.chdir(tmp_path)
    _book(tmp_path / "f.xlsx", {"str_escalation": "yes", "str_joint_metrics": formula,
                                "crd_rank_matching": 4})  # fmt: skip
    result = invoke("batch", "f.xlsx", "--out", "f.csv")
    assert result.exit_code == 1
    bad = [line for line in result.stderr.splitlines() if "never saved" in line]
    assert bad == [
        f"f.xlsx: row 2: str_joint_metrics: {formula!r}: a formula whose result was never "
        "saved (the workbook was written by a program): open it in a spreadsheet and save "
        "it, or enter the answer"
    ]
    plain = invoke("batch", "f.xlsx", "--out", "g.csv", "--allow-errors")
    assert plain.exit_code == 0  # the other answers are scored, as with any bad cell


def test_a_workbook_without_formulas_has_no_such_cells(tmp_path: Path) -> None:
    _book(tmp_path / "f.xlsx", {"str_escalation": "yes", "str_joint_metrics": 3})
    book = openpyxl.load_workbook(tmp_path / "f.xlsx", read_only=True)
    try:
        assert unsaved_formulas(book, book.active) == {}
    finally:
        book.close()


def test_only_formulas_without_a_saved_result_are_found() -> None:
    xml = (
        b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2"><f>2+1</f></c>'
        b'<c r="C2" s="1"><f t="shared" si="0"/></c><c r="AB2"><f>X&amp;Y</f><v></v></c>'
        b'<c r="D2" t="str"><f>"a"</f><v>a</v></c></row>'
    )
    found = {m.group(1) + m.group(2): m.group(4) for m in UNSAVED.finditer(xml)}
    assert found == {b"B2": b"2+1", b"C2": None, b"AB2": b"X&amp;Y"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)

    class Book:
        _archive = zipfile.ZipFile(buffer)

    class Sheet:
        _worksheet_path = "xl/worksheets/sheet1.xml"

    assert unsaved_formulas(Book(), Sheet()) == {
        (1, 1): Unsaved("2+1"), (1, 2): Unsaved(""), (1, 27): Unsaved("X&Y"),
    }  # fmt: skip
    assert str(Unsaved("")) == "a formula"


@pytest.mark.parametrize("percent", [False, True])  # calamine reads it, or openpyxl does
def test_an_unsaved_formula_is_found_where_the_sheet_starts_lower(tmp_path, monkeypatch, percent):
    """A sheet whose cells start at B3 (its declared range): openpyxl and calamine both read
    from A1, and the cell is named at its own row and column either way."""
    monkeypatch.chdir(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    header = [
        "firm",
        "respondent",
        "str_escalation",
        "str_joint_metrics",
        "str_steering_committee_share",
    ]
    for j, value in enumerate(header):
        ws.cell(row=3, column=2 + j, value=value)
    for j, value in enumerate(["Acme", "Dana", "yes", "=2+1", 0.4]):
        ws.cell(row=4, column=2 + j, value=value)
    if percent:
        ws.cell(row=4, column=6).number_format = "0%"
    wb.save(tmp_path / "low.xlsx")
    result = invoke("batch", "low.xlsx", "--out", "low.csv")
    bad = [line for line in result.stderr.splitlines() if "never saved" in line]
    assert len(bad) == 1 and bad[0].startswith("low.xlsx: row 4: str_joint_metrics: '=2+1': ")
