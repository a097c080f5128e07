"""Read every input of a batch into one answers frame, its metadata and a cell error report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, MutableMapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from amc_assess.formats import plural
from amc_assess.ingest.cells import (
    ERROR_COLUMNS,
    cell_errors,
    empty_rows,
    error_rows,
    nearest_item,
    percent_points,
)
from amc_assess.ingest.codebook import Codebook
from amc_assess.ingest.codebooks import is_codebook, load_codebook
from amc_assess.ingest.files import (
    RESPONSE_SUFFIXES,
    expand,
    folder_tables,
    repeated_inputs,
    sheets_of,
)
from amc_assess.ingest.keep import PREFIX, find_columns
from amc_assess.ingest.mapfile import MapFile, load_map
from amc_assess.ingest.meta import NAMES, decode_meta
from amc_assess.ingest.profiles import Layout, Target, detect, match_columns
from amc_assess.ingest.ragged import cut_short, split_rows
from amc_assess.ingest.readers import TABULAR, Sheet, open_sheet
from amc_assess.ingest.repeats import repeated_respondents
from amc_assess.ingest.toolcodes import (
    BOOKS,
    all_codes,
    code_notes,
    codes_unlabeled,
    labels_codes,
    off_scale,
    previews,
)
from amc_assess.ingest.tools import SPECS
from amc_assess.ingest.values import Decoded, Decoder, coder, fractions_rows_note
from amc_assess.loading import InvalidInput
from amc_assess.models import Questionnaire, Rubric, TargetsBlock
from amc_assess.names import shown
from amc_assess.problems import Problem
from amc_assess.progress import UNKNOWN, Step
from amc_assess.scored.responses import answers_frame, load_responses

TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' ``str``


@dataclass
class Ingested:
    """Answers (item columns, one row per response), metadata and every unreadable cell."""

    answers: pd.DataFrame
    meta: pd.DataFrame  # source_file, source_row, then firm, respondent, ... when present
    errors: pd.DataFrame  # ERROR_COLUMNS
    notes: list[str]
    non_answers: Counter[str]
    columns: dict[str, dict[str, str]]  # file -> item id -> source column
    column_order: dict[str, dict[str, int]] = field(default_factory=dict)  # file -> column -> j
    raw: dict[str, tuple[int, dict[str, pd.Series]]] = field(default_factory=dict)
    kept: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # file -> key -> headers
    extra: pd.DataFrame = field(default_factory=pd.DataFrame)  # the kept columns, as text

    rows_read: int = 0
    files: list[str] = field(default_factory=list)
    targets: dict[int, TargetsBlock] = field(default_factory=dict)  # row -> response's targets
    # notes for batch alone: each file's layout; shares written as fractions (the rows of a
    # table of answers scored as responses warn of each such answer themselves)
    batch_only: list[str] = field(default_factory=list)


def read_inputs(
    paths: Sequence[str | Path],
    q: Questionnaire,
    profile: str = "auto",
    map_path: str | Path | None = None,
    dictionary: str | Path | None = None,
    step: Step | None = None,
    rubric: Rubric | None = None,
    keep: Sequence[str] = (),
    opened: MutableMapping[Path, Future[Sheet]] | None = None,
    repeats: bool = True,
    sheets: Sequence[str] = (),
) -> Ingested:
    """Read CSV/XLSX/Parquet exports and response files; collect every bad cell.

    Response files' ``targets:`` blocks are kept per row (``targets``), checked against
    ``rubric`` when given. The columns that ``keep`` names (:mod:`amc_assess.ingest.keep`)
    are kept as text in ``extra``, whatever they hold, and ``kept`` tells the headers each
    name found in each file. ``opened``: tables :func:`prefetch` began to open. ``repeats``:
    add the note on repeated respondent ids (:func:`repeated_respondents`); a caller that
    passes False may look for them while it does other work. ``sheets``: the sheets to read
    of each XLSX workbook (:func:`~amc_assess.ingest.readers.chosen_sheets`), each as a file
    of its own named ``book.xlsx (sheet '2025')``."""
    files = expand(paths)
    mapping = load_map(map_path, shown(Path(map_path)), q) if map_path else None
    books = [Path(dictionary)] if dictionary else []
    books += [p for p in files if is_codebook(p)]
    data = [p for p in files if p not in books]
    if len(books) > 1:
        raise InvalidInput(
            [
                f"{shown(books[1])}: only one data dictionary or .qsf per batch "
                f"(already have {shown(books[0])})"
            ]
        )
    codebook = load_codebook(books[0], shown(books[0])) if books else None
    if mapping and mapping.profile and profile == "auto":
        profile = mapping.profile
    if not data:
        raise InvalidInput(["no response files among the inputs"])
    parts: list[tuple[pd.DataFrame, pd.DataFrame]] = []
    out = Ingested(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), [], Counter(), {})
    out.notes += folder_tables(paths) + repeated_inputs(paths)
    errors: list[pd.DataFrame] = []
    responses = [p for p in data if p.suffix.lower() in RESPONSE_SUFFIXES]
    tables = sheets_of([p for p in data if p not in responses], sheets)
    for k, (path, sheet) in enumerate(tables):
        name = shown(path) + (f" (sheet {sheet!r})" if sheet is not None else "")
        out.files.append(name)

        def progress(x: float, k: int = k, name: str = name) -> None:
            if step:
                step(f"reading {name}", x if x == UNKNOWN else (k + x) / len(tables))

        answers, meta, errs = _read_table(
            path, name, q, profile, mapping, codebook, out, progress, step is not None, keep,
            (opened or {}).pop(path, None) if sheet is None else None, sheet,
        )  # fmt: skip
        start = sum(len(a) for a, _ in parts)
        out.raw[name] = (start, out.raw.pop(name, (0, {}))[1])
        parts.append((answers, meta))
        errors.append(errs)
    if mapping is not None and tables:
        seen = {c for name in out.files for c in out.column_order.get(name, {})}
        if absent := mapping.absent(shown(Path(str(map_path))), seen):
            raise InvalidInput(absent)
    if responses:
        offset = sum(len(a) for a, _ in parts)
        answers, meta, errs = _read_responses(responses, q, out, rubric, offset)
        parts.append((answers, meta))
        errors.append(errs)
    ids = [item.id for item in q.items() if item.type != "contacts"]  # rosters: amc network
    out.answers = pd.concat([a for a, _ in parts], ignore_index=True) if parts else pd.DataFrame()
    out.answers = out.answers.reindex(columns=[i for i in ids if i in out.answers.columns])
    out.meta = pd.concat([m for _, m in parts], ignore_index=True)
    extra = [c for c in out.meta.columns if str(c).startswith(PREFIX)]
    out.extra = out.meta[extra].rename(columns=lambda c: c.removeprefix(PREFIX))
    out.meta = out.meta.drop(columns=extra)
    out.meta["source_row"] = out.meta["source_row"].astype("Int64")
    out.meta["source_file"] = pd.Categorical(out.meta["source_file"], categories=out.files)
    out.errors = pd.concat([e for e in errors if len(e)] or [error_rows()], ignore_index=True)
    out.rows_read = len(out.answers)
    if repeats and (note := repeated_respondents(out.meta)) is not None:
        out.notes.append(note)
    missing = [i for i in ids if i not in out.answers.columns]
    if missing:
        out.notes.append(
            f"no column for {plural(len(missing), 'item')} (counted as don't know): "
            + ", ".join(missing)
        )
    return out


SCORED_TABLE = frozenset({"overall_score", "overall_level", "overall_status", "rules"})


def _read_table(
    path: Path,
    name: str,
    q: Questionnaire,
    profile: str,
    mapping: MapFile | None,
    codebook: Codebook | None,
    out: Ingested,
    progress: Callable[[float], None],
    chunked: bool = False,
    keep: Sequence[str] = (),
    opening: Future[Sheet] | None = None,
    chosen: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    if path.suffix.lower() not in TABULAR:
        raise InvalidInput([f"{name}: not a CSV, XLSX, Parquet, YAML or JSON file"])
    progress(0.0)
    sheet = opening.result() if opening is not None else open_sheet(path, name, chosen)
    layout = detect(sheet.head, profile, q, codebook, mapping)
    if layout is not None and SCORED_TABLE <= {str(n).strip() for n in layout.names}:
        message = "a scored table (amc batch output), not answers: give the responses or the "
        message += "export that was scored (amc report and amc history read scored tables)"
        raise InvalidInput([f"{name}: {message}"])
    if layout is None and not any(str(cell).strip() for row in sheet.head for cell in row):
        where = f" (sheet {sheet.sheet!r})" if sheet.sheet else ""
        raise InvalidInput([f"{name}: the file is empty{where}: no header row and no answers"])
    if layout is None:
        where = f" (sheet {sheet.sheet!r})" if sheet.sheet else ""
        message = (
            f"no header in its first {len(sheet.head)} rows is an item id and no survey tool "
            "matches; pass --profile or --map"
        )
        if sheet.others:  # the answers may be on another sheet (instructions come first)
            listed = ", ".join(repr(s) for s in sheet.others)
            message += f", or --sheet NAME for another of its sheets ({listed})"
        raise InvalidInput([f"{name}: cannot tell the export layout{where}: {message}"])
    if codebook is not None and layout.profile != codebook.kind:  # another tool's file
        out.notes.append(
            f"{name}: {layout.profile} layout: the {codebook.kind} dictionary "
            f"{codebook.source} is not applied to it"
        )
        codebook = None
    targets = match_columns(layout, q, codebook, mapping)
    names = [j for j, t in enumerate(targets) if t.kind == "meta" and t.name in NAMES]
    frame = sheet.read(layout.header_rows, len(layout.names), progress if chunked else None, names)
    percent_points(frame, sheet, layout.header_rows, targets, q)
    if sheet.unread:
        shown_sheets = ", ".join(repr(s) for s in sheet.unread)
        out.notes.append(
            f"{name}: read sheet {sheet.sheet!r} only; not read, though of the same columns: "
            f"{shown_sheets} (--sheet NAME reads a sheet by name, --sheet '*' all of them)"
        )
    empty = empty_rows(frame)
    offset = layout.header_rows + 1 if sheet.rows_numbered_from_header else 1
    rownum = np.arange(len(frame)) + offset
    rests = list(split_rows(sheet.short, len(layout.names)).values()) if sheet.short else []
    if rests:  # the rest of a row split by a line break: named in cut_short, never scored
        whole = np.ones(len(frame), bool)
        whole[rests] = False
        frame, rownum, empty = frame[whole].reset_index(drop=True), rownum[whole], empty[whole]
    if empty.any():
        skipped = rownum[empty]
        shown_rows = (
            "row" + "s" * (len(skipped) > 1) + " " + ", ".join(str(r) for r in skipped[:10])
        )
        shown_rows += " ..." if len(skipped) > 10 else ""
        out.notes.append(f"{name}: skipped {plural(len(skipped), 'empty row')} ({shown_rows})")
        frame, rownum = frame[~empty].reset_index(drop=True), rownum[~empty]
    spec = SPECS[layout.profile]
    out.notes += previews(name, frame, layout.names, rownum, layout.profile)
    cols: dict[str, np.ndarray | pd.Series] = {}
    source = pd.Categorical.from_codes(np.zeros(len(frame), np.int8), categories=[name])
    meta: dict[str, object] = {"source_file": source, "source_row": rownum}
    errors: list[pd.DataFrame | None] = []  # None: a column without bad cells
    if sheet.short:  # pandas filled the missing cells of a row cut short: none is an answer
        errors.append(error_rows(**cut_short(sheet.short, name, layout.names, offset)))
    item_columns: dict[str, str] = {}
    raw_columns: dict[str, pd.Series] = {}
    counts: Counter[str] = Counter()
    items = q.item_map()
    kept = {key: find_columns(layout.names, key) for key in keep}
    out.kept[name] = {key: [layout.names[j] for j in found] for key, found in kept.items()}
    grouping = {found[0] for found in kept.values() if len(found) == 1}
    decoder = Decoder(len(frame))
    labelled: set[str] = set()  # item columns a --map or dictionary gives labels to
    decoding: list[tuple[int, str, str, pd.Series, Future[Decoded]]] = []
    metas: list[tuple[int, str, str, pd.Series]] = []  # error slot, column, name, cells
    for j, (column, target) in enumerate(zip(layout.names, targets, strict=True)):
        raw = frame[j]
        if j in grouping and target.kind == "unknown":
            target = Target("ignore", how="kept for grouping")
        if target.kind == "unknown" and (not column.strip() and raw.isna().all()):
            target = Target("ignore", how="empty, unnamed")
        if target.kind == "unknown" and mapping is not None and mapping.unmatched == "ignore":
            target = Target("ignore", how="unmatched (unmatched: ignore)")
        counts[target.how if target.kind == "ignore" else target.kind] += 1
        if target.kind in ("unknown", "error"):
            message = (
                f"column matches no item{nearest_item(column, targets, q)} (map it, or list it "
                "under ignore: in a --map file)"
                if target.kind == "unknown"
                else f"column skipped: {target.how}"
            )
            errors.append(
                error_rows(
                    file=[name], row=[None], column=[column], item=[""], value=[""], error=[message]
                )
            )
        elif target.kind == "meta":  # decoded once every item column is with the decoder
            metas.append((len(errors), column, target.name, raw))
            errors.append(None)
        elif target.kind == "item":
            item = items[target.name]
            entry = mapping.column(column) if mapping else None
            overrides = {**(mapping.values if mapping else {}), **(entry.values if entry else {})}
            book = codebook.values.get(column, {}) if codebook else {}
            if book or labels_codes(overrides):
                labelled.add(column)  # its codes are labelled: no warning about numbers
            states = codebook.non_answers.get(column, {}) if codebook else {}
            non_answers = mapping.non_answers.states() if mapping else {}
            code = coder(
                item, q, overrides, book, spec.vocabulary, non_answers, states, sheet.decimal
            )
            decoding.append((len(errors), column, target.name, raw, decoder.submit(raw, code)))
            errors.append(None)  # this column's bad cells, once decoded
    day_first = sheet.decimal == "," and not spec.month_first
    for at, column, key, raw in metas:  # on this thread, while the decoder's decode items
        said: list[str] = []
        values, bad, messages = decode_meta(raw, key, said, day_first, known=spec.month_first)
        out.notes += [f"{name}: column {column!r}: {note}" for note in said]
        meta[key] = _meta_cells(values)
        errors[at] = cell_errors(name, rownum, column, key, raw, bad, messages)
    unlabeled: list[str] = []  # item columns whose unmatched answers are all codes (numbers)
    coded: list[str] = []  # agreement columns of numbers: the tool's codes, or the points?
    warn_codes = codebook is None and layout.profile in BOOKS  # a tool that numbers options

    for at, column, item_id, raw, decoded in decoding:  # in the file's column order
        result = decoded.result()
        agreement = items[item_id].type == "agreement"
        if codes_unlabeled(raw, result.bad, result.messages) or (
            warn_codes and agreement  # off the scale still, whatever a map's values say
            and off_scale(result.values, q.scale_of(items[item_id]).codes)
        ):  # fmt: skip
            unlabeled.append(column)
        elif (warn_codes and items[item_id].type == "agreement" and column not in labelled
              and all_codes(raw)):  # fmt: skip
            coded.append(column)
        cols[item_id] = result.values
        raw_columns[item_id] = raw
        item_columns[item_id] = column
        out.non_answers.update(result.non_answers)
        if result.note:  # shares written as fractions
            out.batch_only.append(f"{name}: column {column!r}: {result.note}")
            out.notes.append(out.batch_only[-1])
        if result.fractions is not None:
            where = f"{name}: column {column!r}"
            out.batch_only.append(fractions_rows_note(where, item_id, rownum[result.fractions]))
            out.notes.append(out.batch_only[-1])
        errors[at] = cell_errors(name, rownum, column, item_id, raw, result.bad, result.messages)
    decoder.close()
    for key, found in kept.items():
        if len(found) == 1:
            meta[PREFIX + key] = _meta_cells(decode_meta(frame[found[0]], "")[0])
    out.columns[name] = item_columns
    out.raw[name] = (0, raw_columns)
    out.column_order[name] = {c: j for j, c in reversed(list(enumerate(layout.names)))}
    out.batch_only.append(_describe(name, sheet, layout, counts, len(frame)))
    out.notes.append(out.batch_only[-1])
    out.notes += code_notes(name, layout.profile, codebook is not None, unlabeled, coded)
    answers = pd.DataFrame(cols, index=pd.RangeIndex(len(frame)), copy=False)  # no block copy
    meta_frame = pd.DataFrame(meta, index=answers.index, copy=False)
    found = [e for e in errors if e is not None]
    return answers, meta_frame, pd.concat(found or [error_rows()])


def _meta_cells(values: pd.Series) -> object:
    """Text as pandas' ``str`` (Arrow to Arrow, not through Python objects); others as before."""
    if isinstance(values.dtype, pd.StringDtype):
        return values.astype(TEXT).array
    return values.to_numpy()


def _describe(name: str, sheet: Sheet, layout: Layout, counts: Counter[str], rows: int) -> str:
    title = SPECS[layout.profile].title if layout.profile != "items" else "item ids"
    parts = [plural(counts["item"], "item column")]
    if counts["meta"]:
        parts.append(f"{counts['meta']} metadata")
    ignored = [
        f"{n} {how}" for how, n in counts.items() if how not in ("item", "meta", "unknown", "error")
    ]
    if ignored:
        parts.append("ignored: " + ", ".join(ignored))
    if counts["unknown"]:
        parts.append(f"{counts['unknown']} unmatched")
    return (
        f"{name}: {layout.profile} layout ({title}: {layout.why}; {sheet.describe()}), "
        f"{plural(rows, 'row')}; " + ", ".join(parts)
    )


def _read_responses(
    paths: list[Path], q: Questionnaire, out: Ingested, rubric: Rubric | None, offset: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    files, problems = load_responses(paths, q, rubric)
    out.files += [shown(p) for p in paths]
    names = [name for name, _ in files]
    loaded = [response for _, response in files]
    for k, response in enumerate(loaded):
        if response.targets is not None and response.targets.levels:
            out.targets[offset + k] = response.targets
    for name in out.files[len(out.files) - len(paths) :]:
        if name not in names:
            problems.append(Problem(name, "file not scored: it could not be read", kind="file"))
    problems.sort(key=lambda p: out.files.index(p.file) if p.file in out.files else len(paths))
    answers = answers_frame(loaded, q)
    meta = pd.DataFrame(
        {
            "source_file": names,
            "source_row": pd.array([None] * len(names), dtype="Int64"),
            "firm": [r.assessment.firm for r in loaded],
            "respondent": [r.respondent.name for r in loaded],
            "side": [r.respondent.side for r in loaded],
            "level": [r.respondent.level for r in loaded],
            "function": [r.respondent.function for r in loaded],
            "role": [r.respondent.role for r in loaded],
            "date": [r.assessment.date.isoformat() if r.assessment.date else None for r in loaded],
        }
    ).astype(
        {c: "string" for c in ("firm", "respondent", "side", "level", "function", "role", "date")}
    )
    rows = [p.row_dict() for p in problems]
    frame = error_rows(**{c: [r[c] for r in rows] for c in ERROR_COLUMNS})
    out.notes.append(f"{plural(len(paths), 'response file')}: {len(loaded)} read")
    return answers.reset_index(drop=True), meta, frame
