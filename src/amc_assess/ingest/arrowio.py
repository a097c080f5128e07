"""pyarrow where it is faster than pandas: Parquet text as dictionaries, a UTF-8 check.

A Parquet file's text columns are read as Arrow dictionaries (each distinct text once, plus
integer codes), so pandas gets categoricals without a copy per row and the decoder works per
distinct value; columns of mostly distinct texts (ids) stay pandas' ``str``.

CSV files are read by the compiled scanner (:mod:`amc_assess.ingest.fastcsv`), else by
pandas' C parser (``readers``). pyarrow's multithreaded CSV reader was tried, with every
column read as a dictionary and typed per distinct value by pandas' own parser, and measured
slower on 1M rows x 64 columns (2 cores, pandas 3.1, pyarrow 26): 1.2-1.8 s against 0.8 s for
``pd.read_csv``, and 2.5-3.0 s against 1.6 s for the whole ingest (see git history).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    import pyarrow.parquet as pq


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


PLAIN_BYTES = 4  # a text stored plainly takes its length (4 bytes) and its bytes per value


def few_texts(metadata: pq.FileMetaData) -> list[str]:
    """The text columns to read as dictionaries: those the file stores in fewer than
    ``PLAIN_BYTES`` per row in every row group (dictionary-encoded, few distinct values).
    A column of mostly distinct texts (ids) falls back to plain pages, and reading it as a
    dictionary would hash every row only for :func:`frame_of` to undo it."""
    schema = metadata.schema.to_arrow_schema()
    texts = []
    for j, field in enumerate(schema):
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            continue
        chunks = [metadata.row_group(g).column(j) for g in range(metadata.num_row_groups)]
        if all(c.total_uncompressed_size < PLAIN_BYTES * c.num_values for c in chunks):
            texts.append(field.name)
    return texts


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


FEW_TEXTS = 4096  # distinct texts the compiled kernel codes; a column of more: Arrow's hashing


def factorize(values: pd.api.extensions.ExtensionArray) -> tuple[np.ndarray, list[object]]:
    """``pd.factorize`` of Arrow-backed text: codes (-1 where missing) and the distinct texts
    in order of first appearance, without the copies pandas makes: by the compiled kernel
    (:func:`compiled_codes`), else by Arrow's hashing."""
    chunked = pa.chunked_array(pa.array(values))
    if (found := compiled_codes(chunked)) is not None:
        return found
    encoded = pa.table({"x": pc.dictionary_encode(chunked)}).unify_dictionaries().column(0)
    codes = np.full(len(encoded), -1, dtype=np.intp)
    start = 0
    for chunk in encoded.chunks:
        n, offset = len(chunk), chunk.offset
        if n:
            validity, data = chunk.indices.buffers()[:2]
            target = codes[start : start + n]
            target[:] = np.frombuffer(data, dtype=np.int32, count=offset + n)[offset:]
            if chunk.null_count:
                bits = np.frombuffer(validity, dtype=np.uint8)
                valid = np.unpackbits(bits, count=offset + n, bitorder="little")[offset:]
                target[valid == 0] = -1
        start += n
    uniques = encoded.chunk(0).dictionary.to_pylist() if encoded.num_chunks else []
    return codes, uniques


def plain_ascii(values: pd.api.extensions.ExtensionArray) -> bool:
    """Whether every text of Arrow-backed ``values`` is printable ASCII (no control character)
    with no space at either end and no two spaces in a row (stripping and joining spaces
    change none), read from Arrow's buffers without making a string. False where it cannot
    tell."""
    chunked = pa.chunked_array(pa.array(values))
    for chunk in chunked.chunks:
        if pa.types.is_string(chunk.type):
            width: type = np.int32
        elif pa.types.is_large_string(chunk.type):
            width = np.int64
        else:
            return False
        _, offsets_buffer, data_buffer = chunk.buffers()
        if len(chunk) == 0 or data_buffer is None or offsets_buffer is None:
            continue
        count = chunk.offset + len(chunk) + 1
        offsets: np.ndarray = np.frombuffer(offsets_buffer, width, count=count)[chunk.offset :]
        data = np.frombuffer(data_buffer, np.uint8)
        if (lib := _library()) is not None:  # the same test in one pass of C
            if not lib.text_plain(offsets.ctypes.data, int(width is np.int64), len(chunk),
                                  data.ctypes.data):  # fmt: skip
                return False
            continue
        used = data[offsets[0] : offsets[-1]]  # a null's bytes too, if any: only stricter
        if used.size and bool(((used < 0x20) | (used > 0x7E)).any()):
            return False
        # a run of spaces inside a name is made one: not plain (bytes.find runs at memchr speed)
        if used.size > 1 and used.tobytes().find(b"  ") >= 0:
            return False
        starts, ends = offsets[:-1], offsets[1:]
        held = ends > starts
        if bool((data[starts[held]] == 0x20).any() | (data[ends[held] - 1] == 0x20).any()):
            return False
    return True


def _library() -> Any:
    """The compiled kernels, or None (numpy then)."""
    from amc_assess.native import library  # lazy: the compiled kernels

    return library()


def compiled_codes(
    chunked: pa.ChunkedArray, most: int = FEW_TEXTS
) -> tuple[np.ndarray, list[object]] | None:
    """What :func:`factorize` gives, from the C kernel ``text_codes`` reading Arrow's buffers
    (a column of answers: a few labels, 5 ms at 1M rows against 20 ms for Arrow's hashing,
    which builds a dictionary array first). None without a compiler, for other than text, or
    past ``most`` distinct texts."""
    lib = _library()
    buffers = _text_buffers(chunked)
    if lib is None or buffers is None:
        return None
    meta, data = buffers
    codes = np.empty(len(chunked), np.intp)
    where = np.empty((3, most), np.int64)  # chunk, byte start and size of each distinct text
    places = [row.ctypes.data for row in where]
    count = lib.text_codes(chunked.num_chunks, meta.ctypes.data, codes.ctypes.data, most, *places)
    if count < 0:
        return None
    uniques: list[object] = []
    for c, start, size in where[:, :count].T.tolist():
        text = memoryview(data[c])[start : start + size].tobytes() if size else b""
        uniques.append(text.decode("utf-8"))
    return codes, uniques


def all_distinct(values: pd.api.extensions.ExtensionArray) -> bool:
    """Whether the texts (missing cells aside) are surely all distinct, by the C
    kernel ``texts_distinct`` hashing Arrow's buffers (1M ids: about 30 ms against 0.13-0.38 s
    for ``pd.unique``, which builds Arrow's hash table). False where it cannot tell: no
    compiler, other than text, or two equal hashes (the caller then compares the texts)."""
    lib = _library()
    if lib is None:
        return False
    chunked = pa.chunked_array(pa.array(values))
    buffers = _text_buffers(chunked)
    if buffers is None:
        return False
    meta, _ = buffers  # (the buffers live as long as ``chunked``)
    return bool(lib.texts_distinct(chunked.num_chunks, meta.ctypes.data, len(chunked)) == 1)


def _text_buffers(chunked: pa.ChunkedArray) -> tuple[np.ndarray, list[Any]] | None:
    """For the text kernels: seven numbers per chunk (length, offset, the addresses of its
    offsets, bytes and validity bitmap (0: none), 1 for 64-bit offsets, the size of its
    bytes), and the chunks' byte buffers; None for other than text."""
    large = [pa.types.is_large_string(c.type) for c in chunked.chunks]
    texts = all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type)
                for c in chunked.chunks)  # fmt: skip
    if not texts:
        return None
    empty = np.zeros(1, np.uint8)  # the bytes of a chunk that has none
    meta = np.zeros((max(chunked.num_chunks, 1), 7), np.int64)
    data: list[Any] = []
    for c, chunk in enumerate(chunked.chunks):
        validity, offsets, values = chunk.buffers()[:3]
        data.append(values if values is not None else empty)  # kept alive by the caller
        meta[c] = [
            len(chunk), chunk.offset, offsets.address if offsets is not None else empty.ctypes.data,
            values.address if values is not None else empty.ctypes.data,
            validity.address if validity is not None and chunk.null_count else 0, large[c],
            values.size if values is not None else 0,
        ]  # fmt: skip
    return meta, data
