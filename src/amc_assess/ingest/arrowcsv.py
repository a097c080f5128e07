"""Read a CSV's data rows with pyarrow's multithreaded reader, typed as pandas would type them.

Every column is read as an Arrow dictionary (each distinct text once, plus integer codes), so
the column types are settled per distinct value, not per cell:

* a column whose distinct values hold something that cannot be a number or a boolean (a
  letter, say) is text, and stays a pandas categorical: the codes are Arrow's, not copied;
* otherwise the distinct values are typed by pandas' own C parser (the same options as the
  pandas reader: empty is missing, the decimal comma of ';'-separated files), so ``007``,
  `` 5``, ``1e3``, ``True`` and ``1,5`` come out as ``pd.read_csv`` makes them; integers with
  a missing cell become floats, as there.

:func:`read_csv` returns None when pyarrow cannot reproduce ``pd.read_csv`` exactly; the
caller then falls back to the pandas reader. Those cases: rows wider or narrower than the
header (pandas pads short rows with missing cells and turns extra leading fields into an
index), blank lines among columns (pandas keeps them as empty rows, which count in row
numbers), anything pyarrow cannot parse or transcode (pandas then says why), and distinct
values that pandas would read as unsigned 64-bit or other types beyond int64/float64/bool.
"""

from __future__ import annotations

import io
import mmap
import os
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

# Characters and words of the texts pandas may read as numbers or booleans; a column with any
# other distinct value is text without asking pandas.
_MAYBE_TYPED = r"^[0-9+\-.,eE \t]*$|^[ \t]*[+-]?(?i:inf|infinity|nan|true|false)[ \t]*$"
_SEP = "\x1f"  # never in a value that may be typed (see _MAYBE_TYPED)
_ENCODINGS = {"utf-8": "utf8", "utf-8-sig": "utf8"}  # pyarrow skips a UTF-8 BOM itself
_TEXT = pa.dictionary(pa.int32(), pa.string())
_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' own text dtype (``str``)
BLOCK_BYTES = 4 << 20  # fewer, larger blocks than pyarrow's 1 MiB: fewer dictionaries to unify


def read_csv(
    path: str, encoding: str, delimiter: str, skip: int, width: int
) -> pd.DataFrame | None:
    """Data rows after ``skip`` header rows, columns 0..width-1, or None (use pandas)."""
    names = [str(j) for j in range(width)]
    if os.path.getsize(path) == 0:
        return None
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                skip_rows=skip,
                block_size=BLOCK_BYTES,
                column_names=names,
                encoding=_ENCODINGS.get(encoding, encoding),
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=_quoted(path),
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, _TEXT),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowException, UnicodeError, LookupError):
        return None
    if table.num_columns != width or table.num_rows == 0:
        return None  # no rows: pandas types the empty columns
    decimal = "," if delimiter == ";" else "."
    columns: dict[int, Any] = {}
    for j in range(width):
        column = _column(table.column(j), decimal)
        if column is None:
            return None
        columns[j] = column
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows), copy=False)


def valid_utf8(path: str) -> bool:
    """Whether every byte of the file decodes as UTF-8, as Python's strict codec decides it
    (pyarrow's check works on the mapped file, some times faster than decoding it)."""
    if os.path.getsize(path) == 0:
        return True
    with pa.memory_map(path) as mapped:
        data = mapped.read_buffer()
        offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
        blob = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, data])
        try:
            blob.cast(pa.large_string())
        except pa.ArrowInvalid:
            return False
    return True


def _quoted(path: str) -> bool:
    """Whether the file holds a quote: only quoted values may hold newlines, and pyarrow
    splits the file into blocks faster when it knows that none do."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return m.find(b'"') >= 0


def frame_of(table: pa.Table) -> pd.DataFrame:
    """A Parquet table as ``pd.read_parquet`` gives it, but text columns with few distinct
    values (read as Arrow dictionaries) are categoricals, and no column is copied into a
    block with others."""
    for j, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type) and _many(table.column(j)):
            table = table.set_column(j, field.name, table.column(j).cast(field.type.value_type))
    return table.to_pandas(split_blocks=True, self_destruct=True)


def _many(chunked: pa.ChunkedArray) -> bool:
    """Mostly distinct texts (ids): a categorical of them would cost more than it saves."""
    return any(2 * len(c.dictionary) > len(c) for c in chunked.chunks)


def _column(chunked: pa.ChunkedArray, decimal: str) -> Any:
    """One column as pandas would type it: a categorical (text), float64, int64 or object."""
    n = len(chunked)
    if chunked.num_chunks == 0 or chunked.null_count == n:
        return np.full(n, np.nan)
    chunks = chunked.chunks
    typed = all(
        pc.all(pc.match_substring_regex(c.dictionary, _MAYBE_TYPED)).as_py() for c in chunks
    )
    if not typed and _many(chunked):
        return _STR.__from_arrow__(chunked.cast(pa.string()))  # ids: text, as pandas reads it
    chunked = pa.table({"x": chunked}).unify_dictionaries().column(0)
    if not typed:
        return chunked.to_pandas().array  # categorical: Arrow's dictionary and codes
    uniques = _typed(chunked.chunk(0).dictionary.to_pylist(), decimal)
    if uniques is None:
        return None
    missing = chunked.null_count > 0
    if uniques.dtype == object or (uniques.dtype == bool and missing):
        values = uniques.astype(object)
        if all(isinstance(v, str) for v in values):
            return chunked.to_pandas().array  # text after all (e.g. "1.2.3")
        return _gather(np.append(values, np.nan), chunked)  # object with NaN, as in pandas
    if uniques.dtype == np.int64 and missing:
        uniques = uniques.astype(np.float64)
    if uniques.dtype.kind == "f":
        return _gather(np.append(uniques, np.nan), chunked)
    if uniques.dtype in (np.int64, np.bool_):
        return _gather(uniques, chunked)
    return None  # uint64 and the like: leave them to pandas


def _gather(lookup: np.ndarray, chunked: pa.ChunkedArray) -> np.ndarray:
    """``lookup`` at each cell's code, chunk by chunk into one array; a missing cell takes
    the last entry. The codes are read from Arrow's buffers in place (``fill_null`` would
    copy each chunk, at ten times the cost of the lookup)."""
    out = np.empty(len(chunked), dtype=lookup.dtype)
    start = 0
    for chunk in chunked.chunks:
        indices, n, offset = chunk.indices, len(chunk), chunk.offset
        if not n:
            continue
        validity, data = indices.buffers()[:2]
        codes = np.frombuffer(data, dtype=np.int32, count=offset + n)[offset:]
        target = out[start : start + n]
        np.take(lookup, codes, out=target, mode="clip")  # a missing cell's code is arbitrary
        if indices.null_count:
            bits = np.frombuffer(validity, dtype=np.uint8)
            valid = np.unpackbits(bits, count=offset + n, bitorder="little")[offset:]
            target[valid == 0] = lookup[-1]
        start += n
    return out


def _typed(texts: list[str], decimal: str) -> np.ndarray | None:
    """The distinct texts as pandas' C parser types them (None: it would not split them so)."""
    frame = pd.read_csv(
        io.StringIO("\n".join(texts)),
        sep=_SEP,
        header=None,
        names=[0],
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
        decimal=decimal,
        dtype=None,
    )
    if len(frame) != len(texts):
        return None
    values = frame[0]
    if values.dtype.kind in "ifb":
        return values.to_numpy() if values.dtype.itemsize == 8 or values.dtype.kind == "b" else None
    if values.dtype.kind == "O":
        return values.to_numpy(dtype=object)
    return None
