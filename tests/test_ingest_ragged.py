"""CSV rows with fewer fields than the header are named, never read silently as unanswered;
rows with more are refused, naming them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from amc_assess.ingest import ragged
from conftest import REPO, invoke

MINI = REPO / "tests" / "fixtures" / "mini"
Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
CUT = (
    "of the header's 4 fields: its cells from this column on are missing (a row cut short or a "
    "stray quote mark joining cells?)"
)


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # files named as given: relative
    return tmp_path


def batch(tmp_path: Path, name: str, *extra: str):
    return invoke("batch", "-q", Q, "-r", R, name, "-o", "out.csv", *extra)


def test_a_row_cut_short_is_an_error_naming_row_and_first_missing_column(tmp_path: Path):
    (tmp_path / "s.csv").write_text(
        "firm,a_agree1,a_agree2,a_yes\nAcme,4,2,yes\nBeta,1\nGamma,3,3,\n\nDelta,2,2,no\n"
        "Echo,4,\nFox,4,,\n",
        encoding="utf-8",
    )
    result = batch(tmp_path, "s.csv")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "cut short" in line]
    assert lines == [
        f"s.csv: row 3: a_agree2: the row has 2 {CUT} and read as unanswered",
        f"s.csv: row 7: a_yes: the row has 3 {CUT} and read as unanswered",
    ]
    # empty last cells (Gamma, Fox) and a blank line are no such row; --allow-errors scores all
    allowed = batch(tmp_path, "s.csv", "--allow-errors")
    assert allowed.exit_code == 0
    errors = (tmp_path / "out.errors.csv").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 3 and errors[1].startswith("s.csv,3,a_agree2,,,the row has 2 ")
    table = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert len(table) == 7  # every row but the blank line scored


def test_a_row_split_by_a_line_break_in_a_cell_is_named_and_its_rest_not_scored(tmp_path: Path):
    """An unquoted line break inside a cell made its second line a respondent of its own, of
    a firm named after the cell's tail (a new-user trial): now the split is named, with the
    cell, and the rest is no response."""
    (tmp_path / "s.csv").write_text(
        "firm,respondent,a_agree1,a_yes\nAcme,Ann,4,yes\nBeta,Bo\nby the sea,3,no\nGamma,Cy,2,no\n",
        encoding="utf-8",
    )
    result = batch(tmp_path, "s.csv", "--allow-errors", "--group-by", "firm")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        "s.csv: row 3: a_agree1: the row has 2 of the header's 4 fields, and row 4 holds the "
        "other 2: a line break inside its 'respondent' cell split it (quote that cell, or "
        "remove the line break); its cells from this column on are read as unanswered",
        "s.csv: row 4: the rest of row 3, split from it by a line break inside a cell: not read "
        "as a response of its own",
    ]
    rows = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [r.split(",")[1:3] for r in rows] == [["2", "Acme"], ["3", "Beta"], ["5", "Gamma"]]
    groups = (tmp_path / "out.groups.csv").read_text(encoding="utf-8")
    assert "by the sea" not in groups


@pytest.mark.parametrize(
    ("encoding", "sep", "quoted"),
    [("utf-8", ",", False), ("utf-8-sig", ",", True), ("cp1252", ";", True),
     ("utf-16", "\t", False)],
)  # fmt: skip
def test_field_counts_in_every_encoding_and_with_quoted_line_breaks(
    tmp_path: Path, encoding: str, sep: str, quoted: bool
):
    note = '"two\nlines"' if quoted else "plain"  # a quoted line break: records != lines
    rows = [["firm", "a", "b", "c"], ["Äcme", "1", "2", note], ["Bé", "1"], ["Cé", "", "", ""],
            [], ["Dé", "3", '"x' + sep + 'y"', ""]]  # fmt: skip
    text = "\r\n".join(sep.join(r) for r in rows) + "\r\n"
    path = tmp_path / "f.csv"
    path.write_text(text, encoding=encoding, newline="")
    candidates = np.arange(5)
    trailing = np.ones(5, np.int64)  # as if only the last cell were known to be empty
    found = ragged.short_rows(path, encoding, sep, 1, 5, 4, candidates, trailing)
    assert found == {1: 2}  # "Bé,1"; the blank line (0 fields) and the full rows are not


def test_a_large_file_uses_the_line_ends_found_and_skips_quoted_line_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "f.csv"
    path.write_bytes(b'h1,h2,h3\na,b,c\nd\n"e,f",g,h\n')
    with path.open("rb") as handle:
        import mmap

        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            ends = ragged.newline_offsets(mm)
    assert ends.tolist() == [8, 14, 16, 26]
    monkeypatch.setattr(ragged, "SMALL_FILE", 0)  # as if large: line by line
    assert ragged.short_rows(path, "utf-8", ",", 1, 3, 3, np.arange(3), np.ones(3, int), ends) == {
        1: 1
    }
    path.write_bytes(b'h1,h2,h3\na,b,"c\nc"\nd\n')  # a quoted line break in a large file
    assert (
        ragged.short_rows(path, "utf-8", ",", 1, 2, 3, np.arange(2), np.ones(2, int)) == {}
    )  # not checked


def test_rows_too_long_are_named(tmp_path: Path):
    (tmp_path / "l.csv").write_text(
        "firm,a_agree1,a_agree2\nAcme,4,2\nBeta,1,3,2\nGam,1,2,3,4\n", encoding="utf-8"
    )
    result = batch(tmp_path, "l.csv", "--allow-errors")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "l.csv: row 3 has 4; row 4 has 5 fields where the header has 3 (check the delimiter)"
    )


def test_trailing_empty_counts_the_empty_cells_at_each_row_end():
    masks = [np.array(m, bool) for m in ([0, 0, 1, 0], [0, 1, 1, 1], [1, 1, 1, 0], [1, 0, 1, 1])]
    candidates, run = ragged.trailing_empty(lambda j: masks[j], len(masks))
    assert candidates.tolist() == [0, 2, 3] and run.tolist() == [2, 4, 1]  # masks by column


@pytest.mark.parametrize("body", ["", "\n\n", " , \n"])
def test_an_empty_file_says_it_is_empty(tmp_path: Path, body: str):
    """A trial read "no header in its first 0 rows is an item id" for an empty file."""
    (tmp_path / "e.csv").write_text(body, encoding="utf-8")
    result = batch(tmp_path, "e.csv")
    assert result.exit_code == 1
    assert result.stderr.strip() == "e.csv: the file is empty: no header row and no answers"


@pytest.mark.parametrize("end", ["\r", "\r\n"])
def test_old_mac_line_ends_read_as_any_others(tmp_path: Path, end: str):
    """A file whose lines end in a carriage return alone (classic Mac OS; some exports) was
    refused with the csv module's 'new-line character seen in unquoted field'; it reads as the
    same file with line feeds does, its cut-short row named the same way."""
    rows = ["firm,a_agree1,a_agree2,a_yes", "Acme,4,2,yes", "Beta,1", "Gamma,3,3,no"]
    (tmp_path / "lf.csv").write_bytes(("\n".join(rows) + "\n").encode())
    (tmp_path / "cr.csv").write_bytes((end.join(rows) + end).encode())
    got = {}
    for name in ("lf", "cr"):
        result = batch(tmp_path, f"{name}.csv", "--allow-errors")
        assert result.exit_code == 0, result.stderr
        assert f"{name}.csv: row 3: a_agree2: the row has 2 {CUT}" in result.stderr
        got[name] = (tmp_path / "out.csv").read_text(encoding="utf-8").replace(f"{name}.csv", "F")
    assert got["cr"] == got["lf"] and got["lf"].count("\n") == 4


def test_one_row_with_a_stray_delimiter_is_named_not_the_layout(tmp_path: Path):
    """A ';' file in which one row had an extra ';' (a note) was read as one ','-separated
    column and refused as 'cannot tell the export layout'; the row is named instead."""
    rows = ["firm;a_agree1;a_agree2;a_yes", "Acme;4;2;yes", "Beta;1;3;no;see notes",
            "Gamma;3;3;no", "Delta;2;2;yes"]  # fmt: skip
    (tmp_path / "s.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = batch(tmp_path, "s.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "s.csv: row 3 has 5 fields where the header has 4 (check the delimiter)\n"
    )


def test_a_header_and_rows_with_different_delimiters_are_refused_in_one_line(tmp_path: Path):
    """A ','-separated header over ';'-separated rows was 'scored': each whole line became
    the firm's name and every row was cut short."""
    rows = ["firm,a_agree1,a_agree2,a_yes", "Acme;4;2;yes", "Beta;1;3;no"]
    (tmp_path / "s.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = batch(tmp_path, "s.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "s.csv: the header is ','-separated but the rows are ';'-separated: save it again with "
        "one delimiter throughout\n"
    )
    assert not (tmp_path / "out.csv").exists()


def test_a_stray_quote_is_named_before_the_cells_it_shifted(tmp_path: Path):
    """A trial put a quote before one firm's name: the quote ran over delimiters to the next
    quote in the row, the cells after it landed in the wrong columns, and the first lines
    shown were those cells' errors; the row's real fault was in the errors file only. The
    row's "too few fields" now comes first, naming the stray quote as a likely cause."""
    (tmp_path / "q.csv").write_text(
        "firm,a_agree1,a_agree2,a_yes,ctx_comment\nAcme,4,2,yes,fine\n"
        '"Beta,maybe,7,"x",no\nGamma,3,3,no,ok\n',
        encoding="utf-8",
    )
    result = batch(tmp_path, "q.csv")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("q.csv: row 3: ") and "a stray quote mark joining cells?" in first
    assert "of the header's 5 fields" in first


def test_a_quote_never_closed_names_its_row(tmp_path: Path):
    """pandas said "Error tokenizing data. C error: EOF inside string starting at row 2"
    (counting lines from 0): now the file's row and what to do."""
    (tmp_path / "q.csv").write_text(
        'firm,a_agree1,a_agree2\nAcme,4,2\nBeta,3,3\n"Gamma,1,1\nDelta,2,2\n', encoding="utf-8"
    )
    result = batch(tmp_path, "q.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "q.csv: row 4, column 'firm': a quote (\") opens a cell that is never closed, so the "
        "rest of the file would be one cell: remove the stray quote, or close it\n"
    )


def test_a_quote_never_closed_names_its_column(tmp_path: Path):
    """The cell that opens the quote is named by its header, after quoted cells that hold
    the delimiter, and on a line ending in \\r\\n."""
    (tmp_path / "q.csv").write_bytes(
        b'firm,a_agree1,a_agree2,ctx_comment\r\n"Acme, Inc.",4,2,"ok, fine"\r\n'
        b'Beta,3,"3,ok\r\nGamma,1,1,x\r\n'
    )
    result = batch(tmp_path, "q.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith("q.csv: row 3, column 'a_agree2': a quote (\") opens a cell")


@pytest.mark.parametrize(
    ("start", "said"),
    [
        (b"PK\x03\x04", "an XLSX workbook (a zip file): rename it .xlsx"),
        (b"PAR1", "a Parquet file: rename it .parquet"),
        (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls): save it as .xlsx or .csv"),
    ],
)
def test_a_binary_file_named_csv_is_named_for_what_it_is(tmp_path: Path, start: bytes, said: str):
    """A workbook saved as .csv gave "'charmap' codec can't decode byte 0x81 ..."."""
    (tmp_path / "w.csv").write_bytes(start + bytes(range(256)) * 4)
    result = batch(tmp_path, "w.csv")
    assert result.exit_code == 1
    assert result.stderr == f"w.csv: not a CSV file but {said}\n"
