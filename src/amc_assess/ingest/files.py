"""Which files and sheets a batch reads: folders expanded, workbooks' sheets chosen, and a
large first table opened ahead on another thread."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from amc_assess.ingest.codebooks import is_codebook
from amc_assess.ingest.readers import TABULAR, Sheet, chosen_sheets, open_sheet
from amc_assess.loading import InvalidInput
from amc_assess.names import given_again, same_file, shown

RESPONSE_SUFFIXES = (".yaml", ".yml", ".json")
PREFETCH_FROM = 32 << 20  # bytes: a smaller file opens in less time than a thread costs


def expand(paths: Sequence[str | Path]) -> list[Path]:
    """Inputs in order; a folder stands for the response files (YAML/JSON) inside it. A file
    given more than once (``a.csv ./a.csv``, a folder twice, a glob and a name) is read once,
    where it first comes (:func:`repeated_inputs` says so)."""
    return _inputs(paths)[0]


def repeated_inputs(paths: Sequence[str | Path]) -> list[str]:
    """A warning per file given more than once among ``paths``: it is read once."""
    return [given_again(again, first) for again, first in _inputs(paths)[1]]


def _inputs(paths: Sequence[str | Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """:func:`expand`'s files, and each file left out as given before (with its first)."""
    out: list[Path] = []
    seen: dict[Path, Path] = {}
    again: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in RESPONSE_SUFFIXES)
            if not found:
                raise InvalidInput(
                    [f"{shown(path)}: folder holds no response files (.yaml, .json)"]
                )
        else:
            found = [path]
        for each in found:
            key = same_file(each)
            if key in seen:
                again.append((each, seen[key]))
                continue
            seen[key] = each
            out.append(each)
    return out, again


def folder_tables(paths: Sequence[str | Path]) -> list[str]:
    """A note per input folder that holds tables too (CSV, XLSX, Parquet): a folder stands
    for its response files only (tables beside them may be earlier outputs), so the tables
    are named, with how to read them."""
    out = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            continue
        tables = sorted(p.name for p in path.iterdir() if p.suffix.lower() in TABULAR)
        if tables:
            shown_tables = ", ".join(tables[:SHOWN_TABLES]) + (
                ", ..." if len(tables) > SHOWN_TABLES else ""
            )
            out.append(
                f"note: {shown(path)}: {len(tables)} table file{'s' * (len(tables) != 1)} not "
                f"read ({shown_tables}): a folder stands for its response files (.yaml, "
                ".json); name a table among the inputs to read it"
            )
    return out


SHOWN_TABLES = 5  # table files named in the note on a folder


def prefetch(paths: Sequence[str | Path], sheets: Sequence[str] = ()) -> dict[Path, Future[Sheet]]:
    """Begin to open the first table among ``paths`` on another thread when it is large (a
    Parquet file is read whole; a CSV file's encoding is checked and its lines counted), so
    that the caller loads the instrument meanwhile. Pass the result to :func:`read_inputs`,
    which raises a problem in opening the file where it would have without. A workbook read
    by ``sheets`` is not opened ahead: its default sheet may not be read at all."""
    try:
        files = expand(paths)
    except InvalidInput:
        return {}  # read_inputs says what is wrong
    for path in files:
        if path.suffix.lower() in TABULAR and path.is_file() and not is_codebook(path):
            if sheets and TABULAR[path.suffix.lower()] == "xlsx":
                break
            if path.stat().st_size < PREFETCH_FROM:
                break
            pool = ThreadPoolExecutor(1, thread_name_prefix="amc-open")
            opening = pool.submit(open_sheet, path, shown(path))
            pool.shutdown(wait=False)  # the thread ends once the file is open
            return {path: opening}
    return {}


def sheets_of(tables: list[Path], sheets: Sequence[str]) -> list[tuple[Path, str | None]]:
    """Each table with the sheet to read: every one ``sheets`` names of an XLSX workbook,
    None (the default) otherwise."""
    if sheets and not any(TABULAR.get(p.suffix.lower()) == "xlsx" for p in tables):
        raise InvalidInput(["--sheet: no XLSX workbook among the inputs"])
    return [(path, sheet) for path in tables for sheet in (
        chosen_sheets(path, shown(path), sheets)
        if sheets and TABULAR.get(path.suffix.lower()) == "xlsx" and path.is_file() else [None]
    )]  # fmt: skip
