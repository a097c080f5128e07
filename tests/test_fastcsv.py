"""The compiled CSV scanner reads a file as pandas reads it, or gives it back to pandas.

Each case writes a real file and compares ``fastcsv.read`` column by column with
``pd.read_csv`` under the options ``readers`` gives it: the same numbers of the same dtype,
the same texts (a categorical's values against pandas' ``str``), the same empty cells.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amc_assess.clib import library
from amc_assess.ingest import fastcsv

pytestmark = pytest.mark.skipif(library() is None, reason="no C compiler: pandas reads CSV")


def pandas_read(
    path: Path, skip: int, width: int, text: list[int] = (), sep: str = ",", decimal: str = "."
) -> pd.DataFrame:
    options = dict(sep=sep, decimal=decimal, encoding="utf-8", header=None, skiprows=skip,
                   names=list(range(width)), keep_default_na=False, na_values=[""],
                   skip_blank_lines=False, index_col=False, low_memory=False)  # fmt: skip
    frame = pd.read_csv(path, **options)
    for j in text:  # as readers reads a name or id column pandas took for numbers
        if pd.api.types.is_numeric_dtype(frame[j].dtype) and not frame[j].isna().all():
            frame[j] = pd.read_csv(path, **{**options, "usecols": [j], "dtype": "str"})[j]
    return frame


def same(scanned: pd.DataFrame, read: pd.DataFrame) -> None:
    assert list(scanned.columns) == list(read.columns)
    assert len(scanned) == len(read)
    for j in read.columns:
        ours, theirs = scanned[j], read[j]
        if isinstance(ours.dtype, pd.CategoricalDtype):
            assert pd.api.types.is_string_dtype(theirs.dtype), (j, theirs.dtype)
            left = ours.astype(object).where(ours.notna(), None).tolist()
            right = theirs.astype(object).where(theirs.notna(), None).tolist()
            assert left == right, j
        else:
            pd.testing.assert_series_equal(ours, theirs, check_names=False, obj=f"column {j}")


def write(path: Path, rows: list[list[str]], newline: str = "\n", end: bool = True) -> Path:
    path.write_bytes((newline.join(",".join(r) for r in rows) + (newline if end else "")).encode())
    return path


def scan(
    path: Path, skip: int, width: int, text: list[int] = (), sep: str = ",", decimal: str = "."
) -> pd.DataFrame | None:
    return fastcsv.read(path, "utf-8", sep, decimal, skip, width, text)


NUMBERS = ["4", "4.0", "-0", "+5", "1e3", ".5", "5.", "007", "-2.25", "100", "0.1", "3.14159",
           "123456789012345", "1.5E-3", "2534.0", ""]  # fmt: skip


def random_rows(rng: random.Random, n: int) -> list[list[str]]:
    labels = ["yes", "no", "risk_assessed", "Ünïcode é", "漢字", "a b"]
    kinds = ["int", "float", "label", "id", "empty", "quoted"]
    layout = [rng.choice(kinds) for _ in range(rng.randint(1, 9))]
    rows = [[f"c{j}" for j in range(len(layout))]]
    for i in range(n):
        row = []
        for kind in layout:
            if kind == "int":
                row.append(rng.choice(["1", "22", "-3", "007", "+8", "", "0"]))
            elif kind == "float":
                row.append(rng.choice(NUMBERS))
            elif kind == "label":
                row.append(rng.choice([*labels, ""]))
            elif kind == "id":
                row.append(f"R{i:07d}" if rng.random() > 0.05 else "")
            elif kind == "quoted":
                row.append(rng.choice(['"a, b"', '"say ""hi"""', '""', '"4"', '"line\nbreak"',
                                       "plain", '"Ünï"']))  # fmt: skip
            else:
                row.append("")
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_random_files_read_as_pandas_reads_them(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    rows = random_rows(rng, rng.choice([1, 5, 300, 3000]))
    newline = "\r\n" if seed % 3 == 0 else "\n"
    path = write(tmp_path / "r.csv", rows, newline, end=seed % 4 != 1)
    width = len(rows[0])
    scanned = scan(path, 1, width)
    assert scanned is not None, "a file pandas reads plainly is the scanner's"
    same(scanned, pandas_read(path, 1, width))


def test_numbers_are_the_same_floats_to_the_bit(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.normal(0, 1e3, 3000), rng.integers(-10**6, 10**6, 3000) / 1000,
                             rng.random(3000)])  # fmt: skip
    cells = [f"{v:.{rng.integers(0, 12)}f}" for v in values]
    cells += [f"{v:.6e}" for v in values[:2000]] + [repr(float(v))[:16] for v in values[:2000]]
    path = write(tmp_path / "n.csv", [["x"], *[[c] for c in cells]])
    scanned = scan(path, 1, 1)
    read = pandas_read(path, 1, 1)
    if scanned is None:  # 16 digits and more: pandas' reading
        assert any(sum(ch.isdigit() for ch in c) > 15 for c in cells)
        short = [c for c in cells if sum(ch.isdigit() for ch in c) <= 15]
        path = write(tmp_path / "n.csv", [["x"], *[[c] for c in short]])
        scanned, read = scan(path, 1, 1), pandas_read(path, 1, 1)
    assert scanned is not None
    assert scanned[0].dtype == np.float64
    assert np.array_equal(scanned[0].to_numpy().view(np.int64), read[0].to_numpy().view(np.int64))


@pytest.mark.parametrize(
    "column",
    [
        ["1", "2", "inf"],  # pandas reads inf as a number
        ["1", " 2", "3"],  # and a number after a space
        ["True", "False", "True"],  # and booleans
        ["1234567890123456789", "1"],  # 19 digits: pandas' int64
        ["0.12345678901234567", "1"],  # 17 digits: pandas' rounding
        ["1e400", "1"],  # beyond the exact range
    ],
)
def test_cells_pandas_types_its_own_way_go_to_pandas(tmp_path: Path, column: list[str]) -> None:
    path = write(tmp_path / "t.csv", [["x", "y"], *[[c, "a"] for c in column]])
    assert scan(path, 1, 2) is None


@pytest.mark.parametrize(
    "body",
    [
        "a,b\n1,2\n3\n",  # a row cut short: readers names it
        "a,b\n1,2\n3,4,5\n",  # a row too long: pandas' error
        'a,b\n1,x"y\n',  # a quote mark inside a cell
        'a,b\n1,"x"y\n',  # text after a closing quote mark
        "a,b\n1,2\r3,4\n",  # a lone carriage return ends a line for pandas
        'a,b\n1,"never closed\n',
        "a,b\n1,\x00\n",
    ],
)
def test_rows_pandas_reads_or_reports_go_to_pandas(tmp_path: Path, body: str) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(body.encode())
    assert scan(path, 1, 2) is None


def test_text_columns_keep_their_zeros(tmp_path: Path) -> None:
    rows = [["id", "x"], *[[f"{i:04d}", str(i % 5)] for i in range(200)]]
    path = write(tmp_path / "z.csv", rows)
    scanned = scan(path, 1, 2, text=[0])
    assert scanned is not None
    same(scanned, pandas_read(path, 1, 2, text=[0]))
    assert scanned[0].iloc[7] == "0007"


def test_a_column_of_numbers_that_turns_to_text_far_down(tmp_path: Path) -> None:
    rows = [["x", "y"], *[[str(i % 7), "a"] for i in range(5000)], ["n/a", "b"]]
    path = write(tmp_path / "late.csv", rows)
    scanned = scan(path, 1, 2)
    assert scanned is not None
    same(scanned, pandas_read(path, 1, 2))
    assert scanned[0].iloc[-1] == "n/a" and scanned[0].iloc[0] == "0"


def test_a_column_of_few_labels_that_has_many_far_down(tmp_path: Path) -> None:
    # int8 codes from its first rows (3 labels), then 200 more: read again into int32 codes
    rows = [["x", "y"], *[[f"l{i % 3}", str(i)] for i in range(2000)]]
    rows += [[f"late {k}", "1"] for k in range(200)]
    path = write(tmp_path / "many.csv", rows)
    scanned = scan(path, 1, 2)
    assert scanned is not None
    same(scanned, pandas_read(path, 1, 2))
    assert scanned[0].iloc[-1] == "late 199" and len(set(scanned[0].iloc[-200:])) == 200


def test_two_parts_of_few_labels_each_but_many_together(tmp_path: Path) -> None:
    # each half of the file holds 100 labels of its own: 200 in all, more than int8 codes
    n = 100_000
    rows = [["firm", "label", "q"]]
    rows += [[f"F{i}", f"{'ab'[2 * i // n]}{(i // 250) % 100}", str(i % 5)] for i in range(n)]
    path = write(tmp_path / "halves.csv", rows)
    assert path.stat().st_size > 1 << 20  # read in two parts
    scanned = scan(path, 1, 3, text=[0])
    assert scanned is not None
    same(scanned, pandas_read(path, 1, 3, text=[0]))
    assert scanned[1].nunique() == 200


def large_rows(n: int, quoted: bool = True) -> list[list[str]]:
    rows = [["firm", "respondent", "q1", "q2", "note"]]
    for i in range(n):
        note = "" if i % 3 else '"x, y"' if quoted else "x y"
        rows.append([f"Firm {i % 40}", f"R{i:07d}", str(i % 5 + 1), f"{(i % 9) / 4}", note])
    return rows


@pytest.mark.parametrize("quoted", [True, False])
def test_two_threads_give_the_rows_in_order(tmp_path: Path, quoted: bool) -> None:
    path = write(tmp_path / "big.csv", large_rows(60_000, quoted))
    assert path.stat().st_size > 1 << 20  # read in two parts
    scanned = scan(path, 1, 5, text=[0, 1])
    assert scanned is not None
    same(scanned, pandas_read(path, 1, 5, text=[0, 1]))


def test_a_quoted_line_break_where_the_file_is_cut_in_two(tmp_path: Path) -> None:
    rows = large_rows(60_000)
    lines = [",".join(r) + "\n" for r in rows]
    begin, size = len(lines[0]), sum(len(x) for x in lines)
    middle, total = begin + (size - begin) // 2, 0
    k = next(k for k, x in enumerate(lines) if (total := total + len(x)) > middle)
    rows[k][4] = '"' + "x" * 5000 + '\nlines"'  # the middle falls inside this cell
    path = write(tmp_path / "cut.csv", rows)
    data = path.read_bytes()
    middle = begin + (len(data) - begin) // 2
    cut = data.index(b"\n", middle)
    assert data[cut - 5000 : cut] == b"x" * 5000  # the first line break past it is quoted
    scanned = scan(path, 1, 5, text=[0, 1])
    assert scanned is not None
    read = pandas_read(path, 1, 5, text=[0, 1])
    same(scanned, read)
    assert read[4].str.endswith("\nlines").sum() == 1


def test_a_semicolon_file_with_decimal_commas(tmp_path: Path) -> None:
    rng = random.Random(5)
    commas = ["4,5", "-0,25", "3", ",5", "5,", "1,5e2", ""]
    rows = [["a", "b", "c"]]
    rows += [[rng.choice(commas), rng.choice(["1.5", "2", ""]), rng.choice(["x", "y;z"])]
             for _ in range(500)]  # fmt: skip
    body = "\n".join(";".join(f'"{c}"' if ";" in c else c for c in r) for r in rows) + "\n"
    path = tmp_path / "eu.csv"
    path.write_text(body, encoding="utf-8")
    scanned = scan(path, 1, 3, sep=";", decimal=",")
    read = pandas_read(path, 1, 3, sep=";", decimal=",")
    assert scanned is not None
    same(scanned, read)
    assert read[0].dtype == np.float64 and read[1].dtype != np.float64  # "1.5" is text there


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet='ab1.,";\r\n -é0e', max_size=120), st.integers(1, 4))
def test_any_bytes_read_as_pandas_reads_them_or_given_back(
    tmp_path: Path, body: str, width: int
) -> None:
    """The scanner never reads a file otherwise than pandas: it gives back (None) what it
    cannot read so, and whatever pandas refuses."""
    path = tmp_path / "f.csv"
    path.write_bytes(body.encode())
    scanned = scan(path, 1, width)
    try:
        with warnings.catch_warnings():  # as readers has them: a row too wide is an error
            warnings.simplefilter("error", pd.errors.ParserWarning)
            read = pandas_read(path, 1, width)
    except (pd.errors.ParserError, pd.errors.ParserWarning, pd.errors.EmptyDataError, ValueError):
        assert scanned is None
        return
    if scanned is not None:
        same(scanned, read)


TOKENS = ["", "0", "1", "-1", "+2", "4.0", "4,5", ".5", "5.", "1e3", "1E-2", "007",
          "123456789012345", "1234567890123456", "inf", "nan", "True", "false", "yes", "a b",
          " 4", "x", "é", "漢字", '"q"', '"a,b"', '"a;b"', '"say ""hi"""', '""', '"multi\nline"',
          '"4"', "R0001", "1_000", "-0", "-0.0"]  # fmt: skip


@pytest.mark.parametrize("seed", range(300))
def test_rows_of_tricky_cells_read_as_pandas_reads_them_or_given_back(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    width = rng.randint(1, 5)
    sep, decimal = rng.choice([(",", "."), (";", ",")])
    cells = [rng.sample(TOKENS, rng.randint(1, 4)) for _ in range(width)]
    newline = rng.choice(["\n", "\r\n"])
    rows = [sep.join(f"h{j}" for j in range(width))]
    rows += [
        sep.join(rng.choice(cells[j]) for j in range(width)) for _ in range(rng.randint(1, 30))
    ]
    path = tmp_path / "t.csv"
    path.write_bytes((newline.join(rows) + (newline if rng.random() < 0.7 else "")).encode())
    scanned = scan(path, 1, width, sep=sep, decimal=decimal)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            read = pandas_read(path, 1, width, sep=sep, decimal=decimal)
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        assert scanned is None
        return
    if scanned is not None:
        same(scanned, read)


@pytest.mark.parametrize(
    ("body", "width", "skip"),
    [
        ("0\r0\n0\n", 1, 1),  # a lone \r ends the header line for pandas
        ('a"b,c\n1,2\n"3",4\n', 2, 1),  # a quote mark inside a header cell is a character
        ('a"b\n1\n2"\n3\n', 1, 2),
        ('"a\nb",c\n1,2\n', 2, 1),  # a quoted line break inside the header
        ('\ufeff"a","b"\n1,2\n', 2, 1),  # a byte-order mark before a quoted header
    ],
)
def test_header_rows_are_skipped_as_pandas_skips_them(
    tmp_path: Path, body: str, width: int, skip: int
) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(body.encode())
    scanned = scan(path, skip, width)
    read = pandas_read(path, skip, width)
    if scanned is not None:
        same(scanned, read)
    assert scanned is not None or "\r" in body or 'a"b' in body


@pytest.mark.parametrize(
    "body",
    [
        "a,b\n1,2\n\n3,4\n",  # a blank line: a row of empty cells to pandas
        "a,b\n1,x\n3,y\n\n",  # a blank last line, as some exports end
        "a,b\r\n1,2\r\n\r\n3,4\r\n\r\n",
        'a,b\n"1","x"\n\n"3","y"\n',  # and in a file of quoted cells
    ],
)
def test_blank_lines_are_rows_of_empty_cells(tmp_path: Path, body: str) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(body.encode())
    scanned = scan(path, 1, 2)
    assert scanned is not None
    same(scanned, pandas_read(path, 1, 2))
    assert scanned.isna().all(axis=1).sum() == body.count("\n\n") + body.count("\r\n\r\n")
