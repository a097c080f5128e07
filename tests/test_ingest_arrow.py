"""pyarrow's CSV reader (and Parquet's dictionaries) give what the pandas reader gives."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from amc_assess.batch import score_batch
from amc_assess.ingest import arrowcsv
from amc_assess.ingest.readers import open_sheet
from conftest import FIXTURES, MINI

Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"
EXPORTS = FIXTURES / "exports"
ODD = {  # cases where pyarrow and pandas could part ways
    "blank_lines.csv": "a,b\n1,2\n\n3,4\n",
    "spaces.csv": "a,b,c\n 5,x ,1\n6 , y,2\n",
    "nan_inf.csv": "a,b,c\nnan,inf,NaN\n1,-inf,2\n",
    "booleans.csv": "a,b,c\nTrue,true,FALSE\n,False,TRUE\n",
    "dates.csv": "a,b\n2024-01-02,2024-01-02 10:00:00\n2024-01-03,\n",
    "quoted.csv": 'a,b\n"x\ny",1\n"q""q",2\n"",3\n',
    "decimal_comma.csv": "a;b;c\n1,5;2.5;x\n2,0;3;y\n",
    "leading_zeros.csv": "a,b\n007,1e3\n7,+5\n",
    "mixed.csv": "a,b\n1,1.2.3\nx,4\n",
    "all_empty.csv": "a,b\n,\n,\n",
    "trailing_delimiter.csv": "a,b,\n1,2,\n3,4,\n",
    "short_rows.csv": "a,b,c\n1,2\n3,4,5\n",
    "huge_integers.csv": "a,b\n18446744073709551615,99999999999999999999\n1,2\n",
    "repeated.csv": "a,b,c\n" + "x,1,\n" * 40 + "y,,z\n" * 40,
}


def _pandas(path: Path, skip: int, width: int) -> pd.DataFrame:
    sheet = open_sheet(path, path.name)
    return pd.read_csv(
        path,
        sep=sheet.delimiter,
        encoding=sheet.encoding,
        header=None,
        skiprows=skip,
        names=list(range(width)),
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
        decimal="," if sheet.delimiter == ";" else ".",
    )


def _same(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    """Equal cells of equal Python types; text may be categorical on our side."""
    assert ours.shape == theirs.shape
    for j in theirs.columns:
        a, b = ours[j], theirs[j]
        if isinstance(a.dtype, pd.CategoricalDtype):
            assert b.dtype == "str" or b.isna().all()
        else:
            assert a.dtype == b.dtype
        cells = [a.astype(object).where(a.notna(), None).tolist() for a in (a, b)]
        assert cells[0] == cells[1]
        assert [type(x) for x in cells[0]] == [type(x) for x in cells[1]]


CSVS = sorted(p for p in EXPORTS.rglob("*.csv"))


@pytest.mark.parametrize("path", CSVS, ids=[p.name for p in CSVS])
def test_every_export_reads_as_pandas_reads_it(path: Path):
    sheet = open_sheet(path, path.name)
    width = max(len(r) for r in sheet.head)
    for skip in (1, 2, 3):
        ours = arrowcsv.read_csv(str(path), str(sheet.encoding), str(sheet.delimiter), skip, width)
        try:
            theirs = _pandas(path, skip, width)
        except pd.errors.ParserError:
            assert ours is None
            continue
        if not len(theirs):
            assert ours is None  # no rows: pandas types the empty columns
            continue
        assert ours is not None, f"{path.name}: pyarrow should read it"
        _same(ours, theirs)


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_files_read_as_pandas_reads_them_or_fall_back(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text(ODD[name], encoding="utf-8")
    width = len(ODD[name].splitlines()[0].split(";" if "decimal" in name else ","))
    ours = arrowcsv.read_csv(str(path), "utf-8", ";" if "decimal" in name else ",", 1, width)
    if name in ("short_rows.csv", "huge_integers.csv"):
        assert ours is None  # pandas reads these: pads short rows, keeps uint64
        return
    assert ours is not None
    _same(ours, _pandas(path, 1, width))


def test_repeated_text_is_categorical(tmp_path: Path):
    path = tmp_path / "repeated.csv"
    path.write_text(ODD["repeated.csv"], encoding="utf-8")
    frame = arrowcsv.read_csv(str(path), "utf-8", ",", 1, 3)
    assert frame is not None
    assert isinstance(frame[0].dtype, pd.CategoricalDtype)
    assert list(frame[0].cat.categories) == ["x", "y"]
    assert frame[1].dtype == "float64" and isinstance(frame[2].dtype, pd.CategoricalDtype)


def _repeat(source: Path, target: Path, header_rows: int, times: int, encoding: str) -> None:
    """The export with its data rows repeated: text columns then hold repeated values."""
    text = source.read_text(encoding=encoding)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[:header_rows] + rows[header_rows:] * times)
    target.write_text(out.getvalue(), encoding=encoding)


@pytest.mark.parametrize(
    "name, header_rows, encoding",
    [
        ("qualtrics/mini_qualtrics.csv", 3, "utf-8"),
        ("surveymonkey/mini_surveymonkey_cp1252.csv", 2, "cp1252"),
        ("google_forms/mini_google_forms.csv", 1, "utf-8"),
        ("limesurvey/mini_limesurvey_codes.csv", 1, "utf-8"),
    ],
)
def test_scored_table_equals_the_pandas_readers(
    tmp_path: Path, monkeypatch, name: str, header_rows: int, encoding: str
):
    path = tmp_path / Path(name).name
    _repeat(EXPORTS / name, path, header_rows, 30, encoding)
    sheet = open_sheet(path, path.name)
    frame = sheet.read(header_rows, max(len(r) for r in sheet.head))
    assert any(isinstance(frame[j].dtype, pd.CategoricalDtype) for j in frame.columns)
    ours = score_batch([path], Q, R)
    monkeypatch.setattr(arrowcsv, "read_csv", lambda *args: None)  # the pandas reader
    theirs = score_batch([path], Q, R)
    pd.testing.assert_frame_equal(ours.table, theirs.table)
    pd.testing.assert_frame_equal(ours.errors, theirs.errors)
    assert ours.ingested.notes == theirs.ingested.notes
    assert ours.error_lines() == theirs.error_lines()


def test_parquet_text_is_categorical_and_scores_alike(tmp_path: Path, monkeypatch):
    source = tmp_path / "mini.csv"
    _repeat(EXPORTS / "limesurvey/mini_limesurvey_codes.csv", source, 1, 30, "utf-8")
    table = pd.read_csv(source, dtype=str)
    path = tmp_path / "mini.parquet"
    table.to_parquet(path, index=False)
    frame = open_sheet(path, path.name).read(0, table.shape[1])
    assert any(isinstance(frame[j].dtype, pd.CategoricalDtype) for j in frame.columns)
    ours = score_batch([path], Q, R)
    monkeypatch.setattr(arrowcsv, "frame_of", lambda t: t.to_pandas())  # as pd.read_parquet
    theirs = score_batch([path], Q, R)
    pd.testing.assert_frame_equal(ours.table, theirs.table)
    assert ours.error_lines() == theirs.error_lines()


@pytest.mark.parametrize(
    "data",
    [
        b"plain ascii,1\n",
        "caf\u00e9,na\u00efve,\u20ac,\U0001f600\n".encode(),
        "caf\u00e9\n".encode("cp1252"),  # a lone 0xE9
        b"\xed\xa0\x80 a surrogate\n",
        b"\xc0\xaf overlong\n",
        b"cut short \xe2\x82",
        b"nul \x00 byte\n",
        b"\xf4\x90\x80\x80 beyond U+10FFFF\n",
        b"",
    ],
)
def test_utf8_check_agrees_with_pythons_codec(tmp_path: Path, data: bytes):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert arrowcsv.valid_utf8(str(path)) == valid
