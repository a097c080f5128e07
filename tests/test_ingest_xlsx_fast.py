"""XLSX sheets read by python-calamine give the frame openpyxl's reader gives, cell for cell;
workbooks only openpyxl reads rightly (percent formats, error cells) are read by openpyxl."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from amc_assess.ingest import readers, xlsxfast


def workbook(path: Path, percent: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "responses"
    sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"] = "respondent", "submitted", "str_a", "note"
    sheet["F2"], sheet["G2"], sheet["H2"] = "ctx_share", "flag", "took"
    rows = [
        (1001, dt.datetime(2024, 5, 1), 4, "  spaced  ", 12.5, True, dt.timedelta(minutes=90)),
        (12345678901234, dt.datetime(2024, 5, 1, 13, 45), 2, "Zürich ✓", 0.0, False, None),
        (None, dt.date(2024, 1, 2), None, "", -3, None, dt.time(10, 30)),
        ("R-7", None, 5.5, "007", 1e20, "yes", None),
    ]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=2):
            sheet.cell(row=r, column=c, value=value)
    if percent:
        sheet["F3"].number_format = "0%"
    sheet.cell(row=9, column=11).number_format = "0.00"  # a formatted, empty cell: wider range
    book.save(path)
    return path


def frames(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[readers.Sheet, readers.Sheet]:
    fast = readers.open_sheet(path, path.name)
    monkeypatch.setattr(readers, "calamine_rows", lambda *args: None)  # openpyxl alone
    slow = readers.open_sheet(path, path.name)
    return fast, slow


def test_calamine_gives_openpyxls_frame_cell_for_cell(tmp_path, monkeypatch):
    path = workbook(tmp_path / "plain.xlsx")
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        assert xlsxfast.calamine_rows(book, book["responses"], path, "plain.xlsx") is not None
    finally:
        book.close()
    fast, slow = frames(path, monkeypatch)
    assert fast.head == slow.head and fast.percent == slow.percent == {}
    pd.testing.assert_frame_equal(fast.read(1, 11), slow.read(1, 11), check_exact=True)
    got, want = fast.read(1, 11), slow.read(1, 11)
    types = [[type(v).__name__ for v in row] for row in got.itertuples(index=False)]
    assert types == [[type(v).__name__ for v in row] for row in want.itertuples(index=False)]
    assert got.shape == (5, 11)  # padded to the declared range, as openpyxl pads
    assert types[1][1] == "int" and types[3][1] == "NoneType"  # 1001, and an empty cell


def test_percent_formats_and_error_cells_are_read_by_openpyxl(tmp_path, monkeypatch):
    path = workbook(tmp_path / "percent.xlsx", percent=True)
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        assert xlsxfast.percent_formats(book)
        assert xlsxfast.calamine_rows(book, book["responses"], path, "percent.xlsx") is None
    finally:
        book.close()
    assert readers.open_sheet(path, path.name).percent == {5: [2]}  # column F, third row

    plain = workbook(tmp_path / "plain.xlsx")
    broken = tmp_path / "error.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'<c r="E4"[^>]*>.*?</c>', '<c r="E4" t="e"><v>#N/A</v></c>',
                              data.decode())  # fmt: skip
                data = text.encode()
            out.writestr(item, data)
    fast, slow = frames(broken, monkeypatch)
    assert fast.read(1, 11).iloc[2, 4] == "#N/A"  # calamine would make it an empty cell
    pd.testing.assert_frame_equal(fast.read(1, 11), slow.read(1, 11), check_exact=True)


def rewritten(source: Path, target: Path, change) -> Path:
    """``source`` with its first sheet's XML changed by ``change`` (text -> text)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            out.writestr(item, data)
    return target


@pytest.mark.parametrize("percent", [False, True])
@pytest.mark.parametrize("dimension", ['<dimension ref="A1:C3"/>', ""])
def test_every_row_is_read_whatever_the_sheet_declares(tmp_path, percent, dimension):
    """A stale <dimension> (or none, as write-only tools leave it) does not cut rows: openpyxl
    trusted it and read 2 of a percent-formatted sheet's 6 rows, silently."""
    source = workbook(tmp_path / "full.xlsx", percent=percent)
    path = rewritten(source, tmp_path / "stale.xlsx",
                     lambda xml: re.sub(r"<dimension [^>]*/>", dimension, xml))  # fmt: skip
    sheet = readers.open_sheet(path, path.name)
    frame = sheet.read(1, 11)
    assert frame.iloc[:, 1].tolist()[:5] == ["respondent", 1001, 12345678901234, None, "R-7"]
    assert sheet.percent == ({5: [2]} if percent else {})
