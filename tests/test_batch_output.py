"""Output formats: a round trip per format, typed XLSX, and the CSV-injection guard."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from amc_assess.batch import score_batch
from amc_assess.cli import cli
from amc_assess.parquet_table import SAMPLE_ROWS
from amc_assess.problems import InvalidInput
from amc_assess.writers import guard_cell, write_parquet, write_tables
from conftest import FIXTURES, MINI

Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
MINI_ARGS = ["-q", str(Q), "-r", str(R)]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return score_batch([FIXTURES / "exports" / "qualtrics" / "mini_qualtrics.csv"], Q, R).table


def assert_same(back: pd.DataFrame, table: pd.DataFrame, digits: int) -> None:
    assert list(back.columns) == list(table.columns)
    for col in table.columns:
        mine, theirs = table[col], back[col]
        if pd.api.types.is_float_dtype(mine.dtype):
            assert theirs.astype(float).round(digits).tolist() == pytest.approx(
                mine.round(digits).tolist(), nan_ok=True
            ), col
        else:  # CSV and XLSX cannot tell an empty text from a missing one
            assert [None if pd.isna(v) or v == "" else str(v) for v in theirs] == [
                None if pd.isna(v) or v == "" else str(v) for v in mine
            ], col


def test_round_trip_parquet_keeps_values_and_dtypes(tmp_path: Path, table: pd.DataFrame):
    write_tables({"scored": table}, tmp_path / "s.parquet")
    back = pd.read_parquet(tmp_path / "s.parquet")
    pd.testing.assert_frame_equal(back, table)
    assert str(back["alpha_level"].dtype) == "Int8" and str(back["source_row"].dtype) == "Int64"


def test_round_trip_csv(tmp_path: Path, table: pd.DataFrame):
    write_tables({"scored": table}, tmp_path / "s.csv")
    back = pd.read_csv(tmp_path / "s.csv", keep_default_na=False, na_values=[""])
    assert_same(back, table, 5)
    assert back["alpha_level"].tolist() == [5, 5, 1, 3]


def test_round_trip_xlsx_with_typed_cells(tmp_path: Path, table: pd.DataFrame):
    from openpyxl import load_workbook

    write_tables({"scored": table, "errors": table.head(0)}, tmp_path / "s.xlsx")
    back = pd.read_excel(tmp_path / "s.xlsx", sheet_name="scored", engine="openpyxl")
    back["date"] = back["date"].dt.strftime("%Y-%m-%d")
    assert_same(back, table, 9)
    sheet = load_workbook(tmp_path / "s.xlsx")["scored"]
    header = [c.value for c in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert row["alpha_score"].data_type == "n" and row["alpha_score"].number_format == "0.00"
    assert row["alpha_level"].value == 5 and row["alpha_answered_share"].number_format == "0.0%"
    assert row["date"].is_date and row["firm"].data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_xlsx_shows_only_fractions_as_percentages(tmp_path: Path):
    """An item answered in percent (ctx_success_share: 82.7 of 100) is not a fraction: as a
    percentage Excel would show 8270.0%."""
    from openpyxl import load_workbook

    frame = pd.DataFrame({"ctx_success_share": [82.7, 40.0], "alpha_answered_share": [0.5, 1.0],
                          "alpha_percent_to_target": [0.25, np.nan]})  # fmt: skip
    write_tables({"scored": frame}, tmp_path / "s.xlsx")
    sheet = load_workbook(tmp_path / "s.xlsx")["scored"]
    formats = {sheet.cell(1, j).value: sheet.cell(2, j).number_format for j in (1, 2, 3)}
    assert formats == {"ctx_success_share": "0.00", "alpha_answered_share": "0.0%",
                       "alpha_percent_to_target": "0.0%"}  # fmt: skip


def test_round_trip_json(tmp_path: Path, table: pd.DataFrame):
    write_tables({"scored": table, "groups": table.head(1)}, tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert list(data) == ["scored", "groups"]
    back = pd.DataFrame(data["scored"])
    assert_same(back, table, 9)
    assert data["scored"][2]["rules"] == "no_b_new_partners" and data["scored"][3]["rules"] == ""


@pytest.mark.parametrize(
    "cell, safe",
    [
        ('=HYPERLINK("http://x.example","click")', '\'=HYPERLINK("http://x.example","click")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Acme-East", "Acme-East"),
        ("", ""),
        ("R&D = key", "R&D = key"),
    ],
)
def test_csv_injection_guard(cell: str, safe: str):
    assert guard_cell(cell) == safe


def test_csv_output_and_errors_file_are_safe_to_open(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open("r.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["firm", "respondent", "a_agree1", "a_yes"])
        writer.writerow(["=cmd|' /C calc'!A0", "@ann", "4", "yes"])
        writer.writerow(["Acme", "-bob", "=1+2", "no"])
    result = CliRunner().invoke(cli, ["batch", *MINI_ARGS, "r.csv", "-o", "out.csv", "-p", "items"])
    assert result.exit_code == 1
    with open("out.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["firm"], r["respondent"]) for r in rows] == [
        ("'=cmd|' /C calc'!A0", "'@ann"),
        ("Acme", "'-bob"),
    ]
    with open("out.errors.csv", encoding="utf-8", newline="") as handle:
        errors = list(csv.DictReader(handle))
    assert errors[0]["value"] == "'=1+2"
    assert result.stderr.splitlines()[0] == (
        "r.csv: row 3: a_agree1: '=1+2': unknown label (expected 1..5 or one of: Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree)"
    )


def test_xlsx_keeps_formula_like_text_as_text(tmp_path: Path):
    from openpyxl import load_workbook

    frame = pd.DataFrame({"firm": ["=1+2", "@x"], "score": [1.5, None]})
    write_tables({"scored": frame}, tmp_path / "s.xlsx")
    sheet = load_workbook(tmp_path / "s.xlsx")["scored"]
    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [("=1+2", "s"), ("@x", "s")]
    assert sheet["B3"].value is None


def test_parquet_encodings_chosen_per_column_read_back_as_pandas_writes(tmp_path: Path):
    n = 2 * SAMPLE_ROWS
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "overall_score": rng.random(n),  # mostly distinct: written plainly
            "level": pd.array(np.where(rng.random(n) < 0.1, 0, rng.integers(1, 6, n)), "Int8"),
            "answered": rng.integers(0, 8, n).astype(np.int16),  # no missing cell: required
            "status": pd.Categorical(rng.choice(["ok", "insufficient data"], n)),
            "target": np.full(n, 4, np.int8),  # one value (a rubric's target): plainly
            "late": np.r_[np.zeros(SAMPLE_ROWS, np.int32), np.ones(SAMPLE_ROWS, np.int32)],
        }
    )
    frame["level"] = frame["level"].mask(frame["level"] == 0)
    frame.attrs = {"source": "test"}
    path = write_parquet(frame, tmp_path / "mine.parquet")
    frame.to_parquet(tmp_path / "pandas.parquet", index=False)
    pd.testing.assert_frame_equal(
        pd.read_parquet(path), pd.read_parquet(tmp_path / "pandas.parquet")
    )
    assert pd.read_parquet(path).attrs == {"source": "test"}
    meta = pq.ParquetFile(path).metadata.row_group(0)
    encodings = {meta.column(j).path_in_schema: meta.column(j).encodings for j in range(6)}
    assert "RLE_DICTIONARY" not in encodings["overall_score"]
    assert "RLE_DICTIONARY" in encodings["status"]
    for whole in ("level", "answered"):  # whole numbers: differences packed in bits
        assert "DELTA_BINARY_PACKED" in encodings[whole]
        assert "RLE_DICTIONARY" not in encodings[whole]
    # one value in the first rows: plainly (snappy packs it), whatever follows them
    for same in ("target", "late"):
        assert "PLAIN" in encodings[same], encodings[same]
        assert not {"DELTA_BINARY_PACKED", "RLE_DICTIONARY"} & set(encodings[same])
    schema = pq.read_schema(path)
    assert not schema.field("answered").nullable and schema.field("level").nullable


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_context_answers_refused_or_not_numbers_are_blank_and_parquet_is_written(
    tmp_path: Path, kind: str
):
    """A number context item (not scored, kept for peer groups) with a non-answer it does
    not allow and a word: both are reported, left blank in the table (the row is scored
    without them) and the column stays numbers, so the Parquet table can be written."""
    given = ["12", "not_applicable", "lots", "", "7"]
    frame = pd.DataFrame(
        {
            "firm": ["A", "B", "C", "D", "E"],
            "respondent": ["r1", "r2", "r3", "r4", "r5"],
            "ctx_active_alliances": given,
            "ctx_industry": ["ict", "ict", "not_applicable", "energy", "ict"],
        }
    )
    source = tmp_path / f"in.{kind}"
    frame.to_csv(source, index=False) if kind == "csv" else frame.to_parquet(source, index=False)
    tables = {}
    for out in ("out.parquet", "out.csv"):
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(tmp_path / out)])
        assert result.exit_code == 1, result.output  # the problems are reported
        tables[out] = (
            pd.read_parquet(tmp_path / out)
            if out.endswith("parquet")
            else pd.read_csv(tmp_path / out, keep_default_na=False, dtype=str)
        )
        errors = pd.read_csv(tmp_path / "out.errors.csv")
        first = 2 if kind == "csv" else 1  # the header is row 1 of a CSV file
        assert sorted(zip(errors["row"], errors["item"], strict=True)) == [
            (first + 1, "ctx_active_alliances"), (first + 2, "ctx_active_alliances"),
            (first + 2, "ctx_industry"),
        ]  # fmt: skip
    parquet, text = tables["out.parquet"], tables["out.csv"]
    numbers = parquet["ctx_active_alliances"]
    assert numbers.dtype == "Int64"  # an integer item: whole numbers, not 12.0
    assert numbers.isna().tolist() == [False, True, True, True, False]
    assert numbers[[0, 4]].tolist() == [12, 7]
    assert text["ctx_active_alliances"].tolist() == ["12", "", "", "", "7"]
    assert parquet["ctx_industry"].astype(object).where(parquet["ctx_industry"].notna()).tolist()[
        :2
    ] == ["ict", "ict"]
    assert text["ctx_industry"].tolist() == ["ict", "ict", "", "energy", "ict"]


def test_xlsx_holds_any_text_a_cell_was_given(tmp_path: Path):
    """An error's value keeps the cell's text as read: a control character (a name with an ESC)
    or a JSON file's lone surrogate must not stop the workbook being written (openpyxl refused
    the first: "cannot be used in worksheets"); Excel's own escapes come back as the text. An
    infinite figure is text, as CSV writes it (``<v>inf</v>`` is no number to Excel)."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    values = pd.Series(["Ac\x1bme", "x\ud800y", "_x0041_", "=1+2"], dtype=object)
    errors = pd.DataFrame({"value": values, "row": [2, 3, 4, 5]})
    scored = pd.DataFrame({"firm": ["Acme"], "ratio": [np.inf], "level": [3], "rules": [""]})
    path = write_tables({"scored": scored, "errors": errors}, tmp_path / "s.xlsx")[0]
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("errors").to_python()
    assert [r[0] for r in rows] == ["value", "Ac\x1bme", "x?y", "_x0041_", "=1+2"]
    book = load_workbook(path)
    assert book.sheetnames == ["scored", "errors"]
    sheet = book["scored"]
    assert sheet["B2"].value == "inf" and sheet["C2"].value == 3  # as in CSV: not a formula
    assert sheet["D2"].value is None and sheet["D2"].data_type == "n"  # no rule: a blank cell
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D2"
    assert sheet["A1"].font.b and sheet.column_dimensions["A"].width >= 10


def test_an_xlsx_write_that_fails_half_way_leaves_no_rows_behind(tmp_path: Path, monkeypatch):
    """XlsxWriter keeps a sheet's rows in temporary files until the workbook closes: a failure
    while a later sheet is written removes them and leaves no file open, and no output."""
    import gc
    import tempfile
    import warnings

    from amc_assess import writers

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    cells = writers._cells

    def failing(series: pd.Series, answer: bool = False) -> list[object]:
        if series.name == "broken":
            raise RuntimeError("stop here")
        return cells(series, answer)

    monkeypatch.setattr(writers, "_cells", failing)
    tables = {
        "scored": pd.DataFrame({"firm": ["Acme"] * 50}),
        "errors": pd.DataFrame({"broken": [1]}),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError, match="stop here"):
            write_tables(tables, tmp_path / "s.xlsx")
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert list((tmp_path / "tmp").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]


def test_xlsx_refuses_what_a_sheet_cannot_hold_naming_sheet_row_and_column(
    tmp_path: Path, monkeypatch
):
    """XlsxWriter cuts text past 32,767 characters short without a word: refused, with where
    (a CSV keeps it whole); a table longer than a sheet names its sheet. Nothing is written."""
    from amc_assess import writers

    scored = pd.DataFrame({"firm": ["Acme", "x" * 40_000], "level": [1, 2]})
    with pytest.raises(InvalidInput) as caught:
        write_tables({"scored": scored}, tmp_path / "s.xlsx")
    assert [p.message for p in caught.value.problems] == [
        f"{tmp_path / 's.xlsx'}: sheet scored, row 3, column firm: text of 40,000 characters; "
        "an XLSX cell holds 32,767: write CSV or Parquet"
    ]
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 2)
    errors = pd.DataFrame({"value": ["a", "b", "c"]})
    with pytest.raises(InvalidInput, match=r"the errors sheet would have 3 rows; an XLSX sheet "
                       r"holds 2: write CSV or Parquet"):  # fmt: skip
        write_tables({"scored": scored.head(1), "errors": errors}, tmp_path / "s.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_xlsx_shows_answers_as_given(tmp_path: Path):
    """Columns named as answers (an item's id) keep the General format: an item id ending
    like amc's fractions (``ctx_key_share``, answered in percent) is no percentage, and a
    count of 771 is no "771.00"; amc's own figures keep theirs."""
    from openpyxl import load_workbook

    frame = pd.DataFrame({"ctx_key_share": [0.5, 1.0], "ctx_formed_3y": [771.0, 2.0],
                          "alpha_answered_share": [0.5, 1.0], "alpha_score": [3.0, 2.5]})  # fmt: skip
    write_tables({"scored": frame}, tmp_path / "s.xlsx", {"ctx_key_share", "ctx_formed_3y"})
    sheet = load_workbook(tmp_path / "s.xlsx")["scored"]
    formats = {sheet.cell(1, j).value: sheet.cell(2, j).number_format for j in (1, 2, 3, 4)}
    assert formats == {"ctx_key_share": "General", "ctx_formed_3y": "General",
                       "alpha_answered_share": "0.0%", "alpha_score": "0.00"}  # fmt: skip


def test_an_xlsx_table_reads_back_with_the_text_written(tmp_path: Path):
    """XLSX stores a control character as ``_xHHHH_`` and a literal ``_x0041_`` as
    ``_x005F_x0041_``; openpyxl gave such stored forms back (a respondent id read from amc's
    XLSX differed from the same id from CSV, and ``amc history add`` stored it so)."""
    from amc_assess.scored.read import read_table

    texts = ["_x0041_ literal", "_x000D_", "two\rlines", "plain"]
    scored = pd.DataFrame({"respondent": texts, "overall_score": [1.0, 2.5, 3.0, np.nan],
                           "overall_level": [1, 2, 3, 4]})  # fmt: skip
    write_tables({"scored": scored}, tmp_path / "scored.xlsx")
    back = read_table(tmp_path / "scored.xlsx")
    assert back["respondent"].tolist() == texts
    assert back["overall_level"].tolist() == [1, 2, 3, 4]
    assert back["overall_score"].tolist()[:3] == [1.0, 2.5, 3.0] and pd.isna(
        back["overall_score"][3]
    )


def test_xlsx_numbers_of_any_type_in_a_mixed_column_are_numbers(tmp_path: Path):
    """A column of objects may hold numpy's numbers (np.float64 went to the date writer and
    failed; np.int64 became text) and NaN of any width (blank)."""
    from openpyxl import load_workbook

    mixed = pd.Series([np.float64(1.5), np.int64(7), np.float32("nan"), np.bool_(True), "x"],
                      dtype=object)  # fmt: skip
    write_tables({"scored": pd.DataFrame({"mixed": mixed})}, tmp_path / "s.xlsx")
    sheet = load_workbook(tmp_path / "s.xlsx")["scored"]
    cells = [(c.value, c.data_type) for c in sheet["A"][1:]]
    assert cells == [(1.5, "n"), (7, "n"), (None, "n"), (True, "b"), ("x", "s")]
