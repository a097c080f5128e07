"""Hostile inputs, made small on disk and large when read, for the limits tests.

Each maker writes one file into a folder and returns its path; none keeps anything in the
repository. :func:`run_bounded` runs ``amc`` in a subprocess with an address-space limit and
a timeout and measures its wall time and peak memory.
"""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

AMC = [sys.executable, "-m", "amc_assess"]
WORKBOOK = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="responses" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _zip(path: Path, members: list[tuple[str, list[bytes], int, int]]) -> Path:
    """A zip of deflated members, each as raw deflate pieces, its size unpacked and its CRC.

    Written by hand so that a member of gigabytes costs a few repeated compressed blocks."""
    out, central = bytearray(), bytearray()
    for name, pieces, size, crc in members:
        data, raw, offset = b"".join(pieces), name.encode(), len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size,
                           len(raw), 0) + raw + data  # fmt: skip
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc,
                               len(data), size, len(raw), 0, 0, 0, 0, 0, offset) + raw  # fmt: skip
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(central), len(out), 0)  # fmt: skip
    path.write_bytes(bytes(out + central + end))
    return path


def _deflate(name: str, text: bytes) -> tuple[str, list[bytes], int, int]:
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, [co.compress(text) + co.flush()], len(text), zlib.crc32(text)


def _repeated(name: str, head: bytes, block: bytes, times: int, tail: bytes):
    """Raw deflate of head + block * times + tail, compressing the block once."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = co.compress(head) + co.flush(zlib.Z_FULL_FLUSH)
    packed = co.compress(block) + co.flush(zlib.Z_FULL_FLUSH)
    last = co.compress(tail) + co.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    size = len(head) + len(block) * times + len(tail)
    return name, [first] + [packed] * times + [last], size, zlib.crc32(tail, crc)


def _book() -> list[tuple[str, list[bytes], int, int]]:
    return [_deflate(n, t.encode()) for n, t in WORKBOOK.items()]


def xlsx(path: Path, sheet: bytes) -> Path:
    """A one-sheet workbook with this sheet XML."""
    return _zip(path, [*_book(), _deflate("xl/worksheets/sheet1.xml", sheet)])


def xlsx_cell_bomb(path: Path, gigabytes: float = 2.0) -> Path:
    """A workbook whose few megabytes of cells unpack to ``gigabytes`` of sheet XML."""
    cells = b"".join(b'<c t="n"><v>%d</v></c>' % (j % 5 + 1) for j in range(60))
    block = b"<row>" + cells + b"</row>"
    block *= (1 << 20) // len(block)
    times = int(gigabytes * (1 << 30)) // len(block)
    sheet = _repeated("xl/worksheets/sheet1.xml", SHEET_START.encode() + b"<sheetData>", block,
                      times, b"</sheetData></worksheet>")  # fmt: skip
    return _zip(path, [*_book(), sheet])


def xlsx_huge_dimension(path: Path, declared: bool = True) -> Path:
    """A workbook of three cells, one in the last row and column Excel has, that declares
    (or, with ``declared`` false, leaves out) the largest range Excel allows."""
    sheet = (
        SHEET_START + ('<dimension ref="A1:XFD1048576"/>' if declared else "") + "<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>str_strategy_link</t></is></c></row>'
        '<row r="2"><c r="A2" t="n"><v>3</v></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="n"><v>3</v></c></row>'
        "</sheetData></worksheet>"
    )
    return xlsx(path, sheet.encode())


def alias_bomb(seed: str, levels: int = 9, width: int = 9) -> str:
    """A condition group of anchors, each ``any`` of the one before ``width`` times: valid
    conditions that expand to ``width ** (levels - 1)`` copies of ``seed``, in a few
    hundred bytes of text."""
    parts = [f"&b0 {seed}"]
    parts += [f"&b{k} {{any: [{', '.join([f'*b{k - 1}'] * width)}]}}" for k in range(1, levels)]
    return "{any: [" + ", ".join(parts) + "]}"


def questionnaire_bomb(path: Path, source: Path) -> Path:
    """``source`` (the mini questionnaire) with an alias bomb in an item's ``when:``."""
    text = source.read_text(encoding="utf-8")
    plain = 'when: {item: b_exists, eq: "yes"}}'
    assert plain in text
    bomb = alias_bomb('{item: b_exists, eq: "yes"}')
    path.write_text(text.replace(plain, f"when: {bomb}}}", 1), encoding="utf-8")
    return path


def rubric_bomb(path: Path, source: Path) -> Path:
    """``source`` (the mini rubric) with an alias bomb in a rule's ``when:``."""
    text = source.read_text(encoding="utf-8")
    plain = "        - {item: ctx_repeat_share, gte: 60}\n"
    assert plain in text
    bomb = alias_bomb("{item: ctx_repeat_share, gte: 60}")
    path.write_text(text.replace(plain, f"{plain}        - {bomb}\n", 1), "utf-8")
    return path


def expanded_size(data: object) -> int:
    """Values in built YAML data with every shared (aliased) list or mapping counted each
    time it appears, as the loader counts nodes: mapping keys and values, list items."""
    memo: dict[int, int] = {}

    def size(value: object) -> int:
        if not isinstance(value, dict | list):
            return 1
        if id(value) not in memo:
            items = (
                [x for pair in value.items() for x in pair] if isinstance(value, dict) else value
            )
            memo[id(value)] = 1 + sum(size(x) for x in items)
        return memo[id(value)]

    return size(data)


def csv_wide(path: Path, columns: int, rows: int = 2) -> Path:
    """A CSV of ``columns`` columns: firm, two items of the default instrument, then filler."""
    names = ["firm", "str_strategy_link", "str_escalation"]
    names += [f"extra_{j}" for j in range(columns - len(names))]
    body = [",".join([f"Firm {i}", "3", "4"] + ["x"] * (columns - 3)) for i in range(rows)]
    path.write_text("\n".join([",".join(names), *body]) + "\n", encoding="utf-8")
    return path


def parquet_rle(path: Path, rows: int = 200_000_000) -> Path:
    """A Parquet file of ``rows`` empty answers, run-length encoded into a few hundred KB."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    step = 10_000_000
    chunk = pa.table({"str_strategy_link": pa.nulls(step, pa.int64())})
    with pq.ParquetWriter(path, chunk.schema, compression="zstd") as writer:
        for start in range(0, rows, step):
            writer.write_table(chunk.slice(0, min(step, rows - start)), row_group_size=step)
    return path


def png(path: Path, width: int, height: int) -> Path:
    """A black one-bit PNG of this size (tiny on disk: its rows compress away)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    co = zlib.compressobj(9)
    data = b"".join(co.compress(row) for _ in range(height)) + co.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
    return path


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


def run_bounded(
    *args: object,
    cwd: Path,
    memory_gib: float = 3.0,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``amc`` in a subprocess under an address-space limit; measure time and peak RSS.

    A run past ``timeout`` is killed and fails the test."""
    limit = int(memory_gib * (1 << 30))

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [*AMC, *map(str, args)], cwd=cwd, stdout=out, stderr=err, preexec_fn=cap,
            env={**os.environ, **(env or {})},
        )  # fmt: skip
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            seconds = time.monotonic() - start
            if pid:
                break
            if seconds > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise AssertionError(f"amc {' '.join(map(str, args))}: still running after "
                                     f"{timeout:.0f} s")  # fmt: skip
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read(), err.read(), seconds, usage.ru_maxrss / 1024)
