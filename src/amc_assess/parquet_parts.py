"""One Parquet file from row groups encoded at the same time, on two threads.

pyarrow encodes a file's row groups one after another on one thread: 0.5 s of a 1M-row
scored table, with the other core idle. Here each part of the rows is written as a whole
Parquet file of its own, in memory and at the same time (pyarrow lets go of the GIL while it
encodes); the parts' row groups are then put in one file: the bytes of each part's column
chunks one after another, and one footer listing every part's row groups, each moved by as
many bytes as came before it (the footer is a Thrift structure in the compact protocol,
read and written here: https://github.com/apache/parquet-format, ``parquet.thrift``).

:func:`write_merged` also puts column chunks side by side: a row group made of some columns
encoded early (while the rest of the table was still being worked out) and the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

Buffer = Any  # bytes-like: bytes, memoryview, a pyarrow Buffer

MAGIC = b"PAR1"
STOP, TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(13)

Field = list[Any]  # [field id, compact type, value]

# field ids of parquet.thrift: FileMetaData, RowGroup, ColumnChunk, ColumnMetaData
SCHEMA, NUM_ROWS, ROW_GROUPS = 2, 3, 4
RG_COLUMNS, RG_BYTES, RG_ROWS, RG_FILE_OFFSET, RG_COMPRESSED, RG_ORDINAL = 1, 2, 3, 5, 6, 7
SE_NAME, SE_CHILDREN = 4, 5  # SchemaElement
CM_PATH, CM_DATA_PAGE, CM_DICTIONARY_PAGE = 3, 9, 11
CC_FILE_OFFSET, CC_META, CC_OFFSET_INDEX, CC_COLUMN_INDEX, CC_CRYPTO, CC_ENCRYPTED = (
    2,
    3,
    4,
    6,
    8,
    9,
)
CM_OFFSETS = (9, 10, 11, 14)  # data page, index page, dictionary page, bloom filter
ENCRYPTED = (8, 9)  # FileMetaData: encryption algorithm, footer signing key


def write_joined(out: BinaryIO, parts: Sequence[Buffer]) -> None:
    """Write the Parquet files ``parts`` (of one schema, written with the same options) as one
    file holding their row groups in order; no part's bytes are copied on the way."""
    views = [memoryview(p) for p in parts]
    metas = [_footer(v) for v in views]
    first: list[Field] = metas[0][0]
    groups: list[Any] = []
    rows, shift = 0, 0
    for meta, start in metas:
        _refuse_encrypted(meta)
        for group in _get(meta, ROW_GROUPS)[1]:
            groups.append(_moved(group, shift, len(groups)))
        rows += _get(meta, NUM_ROWS)
        shift += start - len(MAGIC)
    _set(first, NUM_ROWS, rows)
    _set(first, ROW_GROUPS, (STRUCT, groups))
    footer = _struct(first)
    out.write(MAGIC)
    for (_, start), view in zip(metas, views, strict=True):
        out.write(view[len(MAGIC) : start])
    out.write(footer + len(footer).to_bytes(4, "little") + MAGIC)


def write_merged(out: BinaryIO, template: Buffer, groups: Sequence[Sequence[Buffer]]) -> None:
    """Write one Parquet file of ``template``'s schema and metadata (a file of no rows, of a
    flat schema) from ``groups``: per group, files of the same rows cut into the same row
    groups, each file of some of the template's columns and every column in exactly one of
    them; row group i of a group's files becomes one row group (ValueError where they do not
    fit together)."""
    meta, _ = _footer(memoryview(template))
    _refuse_encrypted(meta)
    elements = _get(meta, SCHEMA)[1]
    if any(_get(e, SE_CHILDREN) is not None for e in elements[1:]):
        raise ValueError("a nested Parquet schema: not merged")
    names = [bytes(_get(e, SE_NAME)) for e in elements[1:]]
    out.write(MAGIC)
    at, merged = len(MAGIC), list[list[Field]]()
    for files in groups:
        per_file = []  # each file's row groups, moved to where its bytes go
        for part in files:
            view = memoryview(part)
            part_meta, start = _footer(view)
            _refuse_encrypted(part_meta)
            per_file.append([_moved(g, at - len(MAGIC), 0) for g in _get(part_meta, ROW_GROUPS)[1]])
            out.write(view[len(MAGIC) : start])
            at += start - len(MAGIC)
        if len({len(found) for found in per_file}) != 1:
            raise ValueError("parts of a row group cut into different row groups")
        for row_groups in zip(*per_file, strict=True):
            merged.append(_side_by_side(row_groups, names, len(merged)))
    _set(meta, NUM_ROWS, sum(_get(group, RG_ROWS) for group in merged))
    _set(meta, ROW_GROUPS, (STRUCT, merged))
    footer = _struct(meta)
    out.write(footer + len(footer).to_bytes(4, "little") + MAGIC)


def _side_by_side(groups: Sequence[list[Field]], names: list[bytes], ordinal: int) -> list[Field]:
    """One RowGroup of the column chunks of ``groups`` (of the same rows), in schema order."""
    if len({_get(group, RG_ROWS) for group in groups}) != 1:
        raise ValueError("parts of a row group of different rows")
    chunks: dict[bytes, list[Field]] = {}
    for group in groups:
        for chunk in _get(group, RG_COLUMNS)[1]:
            (name,) = _get(_get(chunk, CC_META), CM_PATH)[1]
            if bytes(name) in chunks:
                raise ValueError(f"column {bytes(name)!r} in two parts")
            chunks[bytes(name)] = chunk
    if sorted(chunks) != sorted(names):
        raise ValueError("the parts' columns are not the template's")
    columns = [chunks[n] for n in names]
    first_page = min(_first_page(_get(c, CC_META)) for c in columns)
    return [
        [RG_COLUMNS, LIST, (STRUCT, columns)],
        [RG_BYTES, I64, sum(_get(g, RG_BYTES) for g in groups)],
        [RG_ROWS, I64, _get(groups[0], RG_ROWS)],
        [RG_FILE_OFFSET, I64, first_page],
        [RG_COMPRESSED, I64, sum(_get(g, RG_COMPRESSED) or 0 for g in groups)],
        [RG_ORDINAL, I16, ordinal],
    ]


def _first_page(column_meta: list[Field]) -> int:
    """Where a column chunk's first page is: its dictionary page, else its first data page."""
    dictionary = _get(column_meta, CM_DICTIONARY_PAGE)
    return int(dictionary if dictionary is not None else _get(column_meta, CM_DATA_PAGE))


def _refuse_encrypted(meta: list[Field]) -> None:
    if any(f[0] in ENCRYPTED for f in meta):
        raise ValueError("an encrypted Parquet file: not joined")


def joined(parts: Sequence[Buffer]) -> bytes:
    """:func:`write_joined` into bytes."""
    import io  # lazy: tests

    out = io.BytesIO()
    write_joined(out, parts)
    return out.getvalue()


def _footer(data: memoryview) -> tuple[list[Field], int]:
    """A Parquet file's FileMetaData and where it starts."""
    if bytes(data[:4]) != MAGIC or bytes(data[-4:]) != MAGIC:
        raise ValueError("not a Parquet file")
    size = int.from_bytes(bytes(data[-8:-4]), "little")
    start = len(data) - 8 - size
    meta, end = _read_struct(bytes(data[start:-8]), 0)
    end += start
    if end != len(data) - 8:
        raise ValueError("a Parquet footer of another size than it says")
    return meta, start


def _moved(group: list[Field], shift: int, ordinal: int) -> list[Field]:
    """A RowGroup whose column chunks begin ``shift`` bytes further on, numbered ``ordinal``."""
    _add(group, RG_FILE_OFFSET, shift)
    if _get(group, RG_ORDINAL) is not None:
        _set(group, RG_ORDINAL, ordinal)
    for chunk in _get(group, RG_COLUMNS)[1]:
        if _get(chunk, CC_CRYPTO) is not None or _get(chunk, CC_ENCRYPTED) is not None:
            raise ValueError("an encrypted Parquet column: not joined")
        if _get(chunk, CC_FILE_OFFSET):  # 0: not given (pyarrow's), left so
            _add(chunk, CC_FILE_OFFSET, shift)
        for fid in (CC_OFFSET_INDEX, CC_COLUMN_INDEX):
            _add(chunk, fid, shift)
        meta = _get(chunk, CC_META)
        if meta is not None:
            for fid in CM_OFFSETS:
                _add(meta, fid, shift)
    return group


def _get(fields: list[Field], fid: int) -> Any:
    return next((f[2] for f in fields if f[0] == fid), None)


def _set(fields: list[Field], fid: int, value: Any) -> None:
    for f in fields:
        if f[0] == fid:
            f[2] = value
            return
    raise ValueError(f"no field {fid}")


def _add(fields: list[Field], fid: int, shift: int) -> None:
    for f in fields:
        if f[0] == fid:
            f[2] += shift


# the Thrift compact protocol


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _unzigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def _read_struct(data: bytes, pos: int) -> tuple[list[Field], int]:
    fields: list[Field] = []
    last = 0
    while True:
        head = data[pos]
        pos += 1
        kind = head & 0x0F
        if kind == STOP:
            return fields, pos
        delta = head >> 4
        if delta:
            fid = last + delta
        else:
            raw, pos = _varint(data, pos)
            fid = _unzigzag(raw)
        last = fid
        if kind in (TRUE, FALSE):
            fields.append([fid, kind, kind == TRUE])
            continue
        value, pos = _read_value(data, pos, kind)
        fields.append([fid, kind, value])


def _read_value(data: bytes, pos: int, kind: int) -> tuple[Any, int]:
    if kind in (I16, I32, I64):
        raw, pos = _varint(data, pos)
        return _unzigzag(raw), pos
    if kind == BYTE:
        return data[pos], pos + 1
    if kind == DOUBLE:
        return data[pos : pos + 8], pos + 8  # kept as its bytes
    if kind == BINARY:
        size, pos = _varint(data, pos)
        return data[pos : pos + size], pos + size
    if kind == STRUCT:
        return _read_struct(data, pos)
    if kind in (LIST, SET):
        head = data[pos]
        pos += 1
        size, element = head >> 4, head & 0x0F
        if size == 15:
            size, pos = _varint(data, pos)
        items = []
        for _ in range(size):
            if element in (TRUE, FALSE):  # a boolean element is one byte: 1 true, 2 false
                items.append(data[pos] == TRUE)
                pos += 1
            else:
                item, pos = _read_value(data, pos, element)
                items.append(item)
        return (element, items), pos
    if kind == MAP:
        size, pos = _varint(data, pos)
        if size == 0:
            return (0, 0, []), pos
        types = data[pos]
        pos += 1
        pairs = []
        for _ in range(size):
            key, pos = _read_value(data, pos, types >> 4)
            value, pos = _read_value(data, pos, types & 0x0F)
            pairs.append((key, value))
        return (types >> 4, types & 0x0F, pairs), pos
    raise ValueError(f"unknown Thrift compact type {kind}")


def _put_varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def _struct(fields: list[Field]) -> bytes:
    out = bytearray()
    _write_struct(out, fields)
    return bytes(out)


def _write_struct(out: bytearray, fields: list[Field]) -> None:
    last = 0
    for fid, kind, value in fields:
        if kind in (TRUE, FALSE):
            kind = TRUE if value else FALSE
        if 0 < fid - last <= 15:
            out.append(((fid - last) << 4) | kind)
        else:
            out.append(kind)
            _put_varint(out, _zigzag(fid) & 0xFFFF)
        last = fid
        if kind not in (TRUE, FALSE):
            _write_value(out, kind, value)
    out.append(STOP)


def _write_value(out: bytearray, kind: int, value: Any) -> None:
    if kind in (I16, I32, I64):
        _put_varint(out, _zigzag(value) & 0xFFFFFFFFFFFFFFFF)
    elif kind == BYTE:
        out.append(value)
    elif kind == DOUBLE:
        out += value
    elif kind == BINARY:
        _put_varint(out, len(value))
        out += value
    elif kind == STRUCT:
        _write_struct(out, value)
    elif kind in (LIST, SET):
        element, items = value
        if len(items) < 15:
            out.append((len(items) << 4) | element)
        else:
            out.append(0xF0 | element)
            _put_varint(out, len(items))
        for item in items:
            if element in (TRUE, FALSE):
                out.append(TRUE if item else FALSE)
            else:
                _write_value(out, element, item)
    elif kind == MAP:
        key_kind, value_kind, pairs = value
        _put_varint(out, len(pairs))
        if pairs:
            out.append((key_kind << 4) | value_kind)
            for key, item in pairs:
                _write_value(out, key_kind, key)
                _write_value(out, value_kind, item)
    else:
        raise ValueError(f"unknown Thrift compact type {kind}")


def write_in_parts(
    out: BinaryIO, write: Callable[[int, int], Buffer], rows: int, parts: int = 2
) -> None:
    """Write one Parquet file of ``rows`` rows from ``write(start, stop)``, which gives the
    rows from start to stop as a Parquet file of their own: each part on a thread of its
    own."""
    from concurrent.futures import ThreadPoolExecutor  # lazy: large tables only

    cuts = [rows * k // parts for k in range(parts + 1)]
    spans = list(zip(cuts[:-1], cuts[1:], strict=True))
    with ThreadPoolExecutor(parts - 1, thread_name_prefix="amc-parquet") as pool:
        later = [pool.submit(write, a, b) for a, b in spans[1:]]
        done = [write(*spans[0]), *(f.result() for f in later)]
    write_joined(out, done)
