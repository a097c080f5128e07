"""Write result tables as CSV, XLSX, Parquet or JSON.

* CSV: UTF-8, and safe to open in a spreadsheet: a text cell that starts with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return is prefixed with ``'`` (OWASP CSV-injection guidance),
  so it is shown as text and never run as a formula. Numeric columns are left as numbers.
* XLSX: typed cells (numbers as numbers, text always as text, never as a formula), one
  sheet per table, a bold frozen header row and filters.
* Parquet: pandas dtypes kept (nullable integers, strings). JSON: one object of tables.

Several tables go to one file (XLSX sheets, JSON keys) or to sibling files
``scored.csv``, ``scored.groups.csv``, ... (CSV, Parquet).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Collection
from math import isfinite
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import pandas as pd

from amc_assess.atomic import Job, close_workbook, write_file, write_files
from amc_assess.cellguard import TRIGGER as _TRIGGER
from amc_assess.cellguard import guard_cell
from amc_assess.names import shown
from amc_assess.problems import InvalidInput

if TYPE_CHECKING:
    from amc_assess.parquet_table import Early

FORMATS = ("csv", "xlsx", "parquet", "json")
XLSX_MAX_ROWS = 1_048_575
XLSX_MAX_TEXT = 32_767  # characters in a cell


def output_format(path: str | Path) -> str:
    """The format named by the file's extension."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"{path}: the output must end in .csv, .xlsx, .parquet or .json")
    return suffix


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and header are guarded; numbers are untouched."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            continue
        text = series.astype("string")
        risky = text.str.match(_TRIGGER.pattern).fillna(False).to_numpy(dtype=bool)
        if risky.any():
            out[col] = text.where(~risky, "'" + text)
    out.columns = [guard_cell(str(c)) for c in out.columns]
    return out


def sibling(path: Path, name: str) -> Path:
    """``scored.csv`` + ``groups`` -> ``scored.groups.csv``."""
    return path.with_name(f"{path.stem}.{name}{path.suffix}")


def write_tables(
    tables: dict[str, pd.DataFrame], out: str | Path, answers: Collection[str] = ()
) -> list[Path]:
    """Write tables (the first is the main one) in the format of ``out``; return the paths.
    ``answers``: columns that hold answers as given (XLSX shows them as they are, never as
    amc's fractions or scores).

    The files are written as a set (:func:`amc_assess.atomic.write_files`): whole, and all
    or none of them."""
    return write_files(table_jobs(tables, out, answers))


def table_jobs(
    tables: dict[str, pd.DataFrame],
    out: str | Path,
    answers: Collection[str] = (),
    early: Early | None = None,
) -> list[Job]:
    """The files :func:`write_tables` writes, each with what writes it (``early``: columns of
    the first table encoded already, :func:`early_parquet`)."""
    path = Path(out)
    fmt = output_format(path)
    if fmt == "xlsx":
        return [xlsx_job(tables, path, answers)]
    if fmt == "json":
        return [json_job(tables, path)]
    if fmt == "csv":
        return [csv_job(frame, path if k == 0 else sibling(path, name))
                for k, (name, frame) in enumerate(tables.items())]  # fmt: skip
    return [parquet_job(frame, path if k == 0 else sibling(path, name), early if k == 0 else None)
            for k, (name, frame) in enumerate(tables.items())]  # fmt: skip


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Guarded UTF-8 CSV; floats to 10 significant digits (scores of 6 decimals exactly)."""
    return write_file(*csv_job(frame, path))


def csv_job(frame: pd.DataFrame, path: str | Path) -> Job:
    """What :func:`write_csv` writes."""
    guarded = guard_frame(frame)
    return Path(path), lambda handle: guarded.to_csv(
        handle, index=False, float_format="%.10g", lineterminator="\n", encoding="utf-8"
    )


def write_parquet(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write the frame as :func:`parquet_job` says."""
    return write_file(*parquet_job(frame, path))


def parquet_job(frame: pd.DataFrame, path: str | Path, early: Early | None = None) -> Job:
    """The frame as ``pandas.to_parquet`` writes it (the same values, types and pandas
    metadata: ``pd.read_parquet`` gives the same frame back), cheaper to encode
    (:mod:`amc_assess.parquet_table`); ``early``: some of its columns, encoded already."""
    from amc_assess import parquet_table  # lazy: pyarrow is needed for Parquet output only

    table = parquet_table.arrow_table(frame)
    return Path(path), lambda handle: parquet_table.write(handle, table, early)


def early_parquet(out: str | Path, columns: pd.DataFrame) -> Early | None:
    """The first columns of the table to be written to ``out``, encoded from now on, where
    ``out`` is a Parquet file and the table large enough to be written in parts."""
    if output_format(Path(out)) != "parquet":
        return None
    from amc_assess import parquet_table  # lazy: as above

    if not parquet_table.large(len(columns)) or not columns.columns.size:
        return None
    return parquet_table.Early(columns)


def write_json(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """``{"scored": [{...}, ...], "groups": [...]}``; missing values are null."""
    return write_file(*json_job(tables, path))


def json_job(tables: dict[str, pd.DataFrame], path: str | Path) -> Job:
    """What :func:`write_json` writes."""

    def put(raw: BinaryIO) -> None:
        handle = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        handle.write("{")
        for k, (name, frame) in enumerate(tables.items()):
            body = frame.to_json(orient="records", force_ascii=False, double_precision=10)
            handle.write(f"{',' if k else ''}\n{json.dumps(name)}: {body}")
        handle.write("\n}\n")
        handle.flush()
        handle.detach()  # the writer closes the file, not this wrapper

    return Path(path), put


def write_xlsx(
    tables: dict[str, pd.DataFrame], path: str | Path, answers: Collection[str] = ()
) -> Path:
    """One typed sheet per table, written row by row (memory stays flat)."""
    return write_file(*xlsx_job(tables, path, answers))


def xlsx_job(
    tables: dict[str, pd.DataFrame], path: str | Path, answers: Collection[str] = ()
) -> Job:
    """What :func:`write_xlsx` writes; refused here when a sheet would be too long."""
    for name, frame in tables.items():
        if len(frame) > XLSX_MAX_ROWS:
            raise InvalidInput([
                f"{shown(path)}: the {name} sheet would have {len(frame):,} rows; an XLSX "
                f"sheet holds {XLSX_MAX_ROWS:,}: write CSV or Parquet"
            ])  # fmt: skip
    return Path(path), lambda handle: _xlsx(tables, handle, set(answers), shown(path))


def _xlsx(tables: dict[str, pd.DataFrame], handle: BinaryIO, answers: set[str], label: str) -> None:
    """The sheets through XlsxWriter, row by row (``constant_memory``: rows go to temporary
    files as written); text is never read as a formula, a number or a link."""
    import tempfile  # lazy: only for .xlsx output

    import xlsxwriter  # lazy: XlsxWriter is needed for .xlsx output only

    with tempfile.TemporaryDirectory(prefix="amc-xlsx-") as rows:  # gone however it ends
        book = xlsxwriter.Workbook(
            handle,
            {
                "constant_memory": True,
                "tmpdir": rows,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        try:
            bold = book.add_format({"bold": True})
            for name, frame in tables.items():
                sheet = book.add_worksheet(name[:31])
                _sheet(book, sheet, frame, bold, answers, f"{label}: sheet {name}")
        except BaseException:
            for sheet in book.worksheets():
                sheet._opt_close()  # its file of rows, left open, would warn when collected
            raise
        close_workbook(book)


def _sheet(
    book: Any, sheet: Any, frame: pd.DataFrame, bold: Any, answers: set[str], where: str
) -> None:
    """One table: a bold frozen header with filters, then typed cells (blank where missing).
    Text longer than a cell holds is refused (XlsxWriter would cut it short, silently)."""
    codes = [None if str(c) in answers else _number_format(c, frame[c]) for c in frame.columns]
    styles = {code: book.add_format({"num_format": code}) for code in set(codes) if code}
    formats = [styles.get(code) if code else None for code in codes]
    for j, col in enumerate(frame.columns):
        sheet.set_column(j, j, max(10, min(40, len(str(col)) + 2)))
        sheet.write_string(0, j, str(col), bold)
    sheet.freeze_panes(1, 0)
    if len(frame.columns):
        sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    text, number, boolean, when = (
        sheet.write_string, sheet.write_number, sheet.write_boolean, sheet.write_datetime
    )  # fmt: skip
    columns = [_cells(frame[c], str(c) in answers) for c in frame.columns]
    for i, values in enumerate(zip(*columns, strict=True), start=1):
        for j, value in enumerate(values):
            kind = type(value)
            if value is None or value == "":  # blank, as openpyxl wrote it: not a text of ""
                continue
            if kind is str:
                if len(value) > XLSX_MAX_TEXT:
                    raise InvalidInput([
                        f"{where}, row {i + 1}, column {frame.columns[j]}: text of "
                        f"{len(value):,} characters; an XLSX cell holds {XLSX_MAX_TEXT:,}: "
                        "write CSV or Parquet"
                    ])  # fmt: skip
                text(i, j, _xml_text(value))
            elif kind is bool:
                boolean(i, j, value)
            elif kind is int or (kind is float and isfinite(value)):
                number(i, j, value, formats[j])
            elif kind is float:  # infinite: as CSV writes it (a number cell cannot hold it)
                text(i, j, str(value))
            elif isinstance(value, dt.date):
                when(i, j, value, formats[j])
            else:  # no other type comes from _cells; text, should one ever come
                text(i, j, _xml_text(str(value)))


def _plain(value: object) -> object:
    """A Python bool, int or float for a number of any type (numpy's too), else text."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value)
    return str(value)


def _xml_text(value: str) -> str:
    """Text a sheet can hold: a lone surrogate (from a JSON ``\\ud800``) becomes ``?``;
    XlsxWriter writes control characters as Excel's ``_xHHHH_`` escapes."""
    return value if value.isascii() else value.encode("utf-8", "replace").decode("utf-8")


def _cells(series: pd.Series, answer: bool = False) -> list[object]:
    """Python values for a sheet: None for missing, int/float/str/bool/date otherwise (an
    item's ``answer`` column as given, never read as dates)."""
    when = None if answer else _when(series)
    if when is not None:
        return when
    if pd.api.types.is_bool_dtype(series.dtype):
        return [None if pd.isna(v) else bool(v) for v in series]
    if pd.api.types.is_integer_dtype(series.dtype):
        return [None if pd.isna(v) else int(v) for v in series]
    if pd.api.types.is_float_dtype(series.dtype):
        return [None if np.isnan(v) else float(v) for v in series.to_numpy(dtype=float)]
    return [
        None
        if v is None or v is pd.NA or (isinstance(v, float | np.floating) and np.isnan(v))
        else _plain(v)
        for v in series
    ]


DAY_FORMAT, UTC_FORMAT = "yyyy-mm-dd", 'yyyy-mm-dd hh:mm:ss "UTC"'


def _time_kind(name: object, series: pd.Series) -> str | None:
    """ "day" for a column of days (``date``, ``..._on``), "utc" for one of moments stored as
    ISO text (``..._at``); None otherwise, and for numbers."""
    if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        return None
    text = str(name)
    return (
        "day" if text == "date" or text.endswith("_on") else "utc" if text.endswith("_at") else None
    )


def _when(series: pd.Series) -> list[object] | None:
    """Date or date-time cells (UTC, as Excel holds no time zone) for a column of days or
    moments; None where it is no such column, or where a cell is not one (kept as text)."""
    kind = _time_kind(series.name, series)
    if kind is None:
        return None
    present = series.notna() & (series.astype(str).str.strip() != "")
    if kind == "day":
        stamps = pd.to_datetime(series.where(present), errors="coerce", format="%Y-%m-%d")
    else:
        stamps = pd.to_datetime(series.where(present), errors="coerce", utc=True, format="ISO8601")
    if bool((stamps.isna() & present).any()):
        return None
    if kind == "day":
        return [None if pd.isna(v) else v.date() for v in stamps]
    return [None if pd.isna(v) else v.tz_convert(None).to_pydatetime() for v in stamps]


FRACTIONS = (
    "answered_share", "missing_share", "spanner_share", "channel_share", "direct_share",
    "key_share", "percent_to_target",
)  # fmt: skip  # the figures amc writes as fractions 0..1


def _within_0_1(series: pd.Series) -> bool:
    values = series.dropna()
    return bool(((values >= 0) & (values <= 1)).all())


def _number_format(name: object, series: pd.Series) -> str | None:
    text = str(name)
    kind = _time_kind(name, series)
    if kind is not None:
        return DAY_FORMAT if kind == "day" else UTC_FORMAT
    if not pd.api.types.is_float_dtype(series.dtype):
        return None
    if text.endswith(FRACTIONS) and _within_0_1(series):  # not an item's answers (a 0-100
        return "0.0%"  # share of revenue in percent): 82.7 would show as 8270.0%
    if text.endswith(("p_value", "anova_p")):
        return "0.0000"
    if text.startswith(("alpha_pairwise", "alpha_listwise", "icc")) or text.endswith("_rwg_j"):
        return "0.000"
    return "0.00"
