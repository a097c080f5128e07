"""``amc batch``: read collected responses, score them in one engine call, build the table."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from amc_assess import aggregate
from amc_assess.answertext import compact
from amc_assess.atomic import write_files
from amc_assess.batch_cells import engine_problems, not_asked
from amc_assess.batch_table import TargetColumns, build_table, input_columns
from amc_assess.definitions import clash_warnings
from amc_assess.encoding import NA_REFUSED
from amc_assess.formats import plural
from amc_assess.grouping import group_columns, split_keys, split_spellings
from amc_assess.ingest import Ingested, read_inputs
from amc_assess.ingest.files import expand, prefetch
from amc_assess.ingest.inputs import Step
from amc_assess.ingest.ragged import CUT_SHORT
from amc_assess.ingest.repeats import place, repeats_meanwhile
from amc_assess.models import Questionnaire, Rubric
from amc_assess.names import Paths, as_paths
from amc_assess.outputs import refuse_clashes
from amc_assess.problems import InvalidInput, of_row
from amc_assess.scored.firm import group_table
from amc_assess.scored.members import copies_note, copy_rows, counted_rows
from amc_assess.scoring import Scored, score_frame
from amc_assess.terminal import printable
from amc_assess.validation import instrument
from amc_assess.warmup import load_compiler
from amc_assess.writers import (
    XLSX_MAX_ROWS,
    csv_job,
    early_parquet,
    output_format,
    sibling,
    table_jobs,
)

if TYPE_CHECKING:
    from amc_assess.parquet_table import Early


@dataclass
class BatchResult:
    """Scored rows, with every input problem; ``table`` is what ``--out`` receives."""

    questionnaire: Questionnaire
    rubric: Rubric
    ingested: Ingested
    scored: Scored
    table: pd.DataFrame
    errors: pd.DataFrame  # file, row, column, item, value, error
    seconds: float

    @property
    def cells_refused(self) -> bool:
        """Whether some answer cell was refused (not only columns or files)."""
        return bool(self.errors["row"].notna().any())

    @property
    def files_refused(self) -> int:
        """Files not scored at all (unreadable)."""
        said = self.errors["error"].astype(str)
        return int(said.str.startswith("file not scored").sum())

    @property
    def rows_with_errors(self) -> int:
        return int((self.table["errors"] > 0).sum())

    def error_lines(self, limit: int | None = None) -> list[str]:
        """``file: row N: column (item): 'value': message``, one per bad cell."""
        frame = self.errors if limit is None else self.errors.head(limit)
        return [of_row(list(row)).line() for row in frame.itertuples(index=False)]

    def summary(self) -> str:
        n = len(self.table)
        files = len(self.ingested.files)
        cells = len(self.errors)
        in_cells = int(self.errors["row"].notna().sum())
        other = cells - in_cells
        others = ", " + plural(other, "other problem") if other else ""
        text = (
            f"Read {plural(self.ingested.rows_read, 'row')} from {plural(files, 'file')}; "
            f"scored {n:,}; {plural(self.rows_with_errors, 'row')} with errors "
            f"({plural(in_cells, 'bad cell')}{others}); {self.seconds:.1f} s"
        )
        counts = self.ingested.non_answers
        if counts:
            names = {"dont_know": "don't know", "not_applicable": "not applicable"}
            parts = [f"{v:,} {names[k]}" for k, v in sorted(counts.items())]
            refused = int((self.errors["error"] == NA_REFUSED).sum()) if len(self.errors) else 0
            if refused and "not_applicable" in counts:  # read so, then refused by its item
                k = sorted(counts).index("not_applicable")
                parts[k] += f" ({refused:,} of them refused: their items take none)"
            text += "\nNon-answer labels and negative codes read as: " + ", ".join(parts)
        nothing = self.nothing_scored
        if nothing == NO_ROWS:
            text += "\nwarning: no answers: the inputs have a header and no rows below it"
        elif nothing == NO_SCORES:
            text += (
                "\nwarning: no row has enough answers to score any dimension: are the items' "
                "columns there (a --map for this export, the questionnaire it answers)?"
            )
        return text

    @cached_property
    def nothing_scored(self) -> str | None:
        """Why no dimension of any row has a score (None when some has): the inputs have no
        rows (:data:`NO_ROWS`), or none has enough answers (:data:`NO_SCORES`). ``amc
        batch`` exits 1 then, as on bad cells: a run that scores nothing is a wrong input
        (an export read without its map, another questionnaire's file)."""
        if not self.ingested.rows_read and not self.files_refused:
            return NO_ROWS
        n = len(self.table)
        scored = [self.table[f"{d}_score"].notna() for d in self.rubric.dimensions]
        if n and scored and not any(bool(s.any()) for s in scored):
            return NO_SCORES
        return None


NO_ROWS = "no rows"
NO_SCORES = "no scores"


def score_batch(
    paths: Paths,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    profile: str = "auto",
    map_path: str | Path | None = None,
    dictionary: str | Path | None = None,
    step: Step | None = None,
    keep: Sequence[str] = (),
    sheets: Sequence[str] = (),
    on_inputs: Callable[[pd.DataFrame], object] | None = None,
) -> BatchResult:
    """Read every input, score all rows with one engine call, merge the engine's problems.
    ``keep``: names of input columns to keep for grouping (:mod:`amc_assess.grouping`);
    ``sheets``: the sheets to read of XLSX workbooks (:func:`read_inputs`); ``on_inputs``
    is given the scored table's first columns (:func:`input_columns`) once the rows are
    scored, before the table is built."""
    start = time.perf_counter()
    paths = as_paths(paths)
    loading = load_compiler(paths)  # the kernels load on another core while files are read
    opened = prefetch(paths, sheets)  # and a large table opens while the instrument loads
    q, r = instrument(questionnaire, rubric)
    ingested = read_inputs(
        paths, q, profile, map_path, dictionary, step, rubric=r, keep=keep, opened=opened,
        repeats=False, sheets=sheets,
    )  # fmt: skip
    ingested.notes += clash_warnings(questionnaire, rubric, q, r)  # scored apart, same name
    if step:
        step(f"scoring {len(ingested.answers):,} responses", 1.0)
    targets = TargetColumns.of(ingested.targets, r, len(ingested.answers))
    # no response file set its own targets: the rubric's, which the engine need not check
    levels = targets.levels if ingested.targets else None
    with repeats_meanwhile(ingested.meta) as repeats:
        scored = score_frame(ingested.answers, q, r, levels)  # ids hashed on the other core
    inputs = input_columns(ingested.meta, ingested.answers, q, r)
    if on_inputs is not None:
        on_inputs(pd.DataFrame(inputs, copy=False))
    if (note := repeats.result()) is not None:
        ingested.notes.append(note)
    if loading is not None:
        loading.join()  # done long before: only so that no thread outlives the batch
    engine = engine_problems(scored, ingested)
    errors = pd.concat(
        [ingested.errors, engine, not_asked(ingested, q, scored, [ingested.errors, engine])],
        ignore_index=True,
    )
    errors["row"] = errors["row"].astype("Int64")
    errors = _in_reading_order(errors, ingested)
    ingested.raw = {}  # the raw cells were kept only to report problems with their own text
    table = build_table(scored, ingested.meta, errors, ingested.answers, targets, inputs)
    return BatchResult(q, r, ingested, scored, table, errors, time.perf_counter() - start)


def _in_reading_order(errors: pd.DataFrame, ingested: Ingested) -> pd.DataFrame:
    """Sort by file (input order), row, then column position in the file; a row with too few
    fields first says so (the cause of any odd cells before its first missing column)."""
    files = {name: k for k, name in enumerate(ingested.files)}
    position = [
        ingested.column_order.get(f, {}).get(c, -1)
        for f, c in zip(errors["file"], errors["column"], strict=True)
    ]
    keys = pd.DataFrame(
        {"f": errors["file"].map(files).fillna(-1), "r": errors["row"].fillna(0), "c": position,
         "w": ~errors["error"].astype(str).str.startswith(CUT_SHORT).to_numpy(dtype=bool)}
    )  # fmt: skip
    order = keys.sort_values(["f", "r", "w", "c"], kind="stable").index
    return (
        errors.loc[order]
        .reset_index(drop=True)
        .astype({c: "string" for c in ("file", "column", "item", "value", "error")})
    )


SHOWN_GROUPS = 10  # groups to aggregate with caution named in the summary


@dataclass
class Report:
    """What ``amc batch`` did: the scored batch, the tables written and where."""

    result: BatchResult
    tables: dict[str, pd.DataFrame]
    written: list[Path]
    errors_path: Path | None  # None: no answer was refused, so no errors file
    partners_left_out: int = 0  # partner-side respondents not in their firm's group figures
    unnamed: str = ""  # the note on rows without a firm or team: scored, in no group
    years: str = ""  # the note on firms or teams whose answers span several years
    spellings: str = ""  # the note on one firm's name spelt in several ways

    def refusal(self) -> str:
        """Why ``amc batch`` exits 1 on bad input, and what to do: how many problems, and
        which of them kept a whole file out."""
        errors = self.result.errors
        bad = len(errors)
        files = self.result.files_refused
        if not bad:  # nothing wrong in a cell, and nothing scored
            said = ("the inputs have no rows" if self.result.nothing_scored == NO_ROWS
                    else "no row has enough answers to score any dimension")  # fmt: skip
            return f"Nothing scored: {said}. Fix the input, or rerun with --allow-errors."
        what = f"{plural(bad, 'problem')} (listed in {self.errors_path})"
        if files and not len(self.result.table):
            what += f": {plural(files, 'file')} not scored, and no row to score"
        elif files:
            what += f": {plural(files, 'file')} not scored; the other rows were scored"
            what += " without the bad cells"
        elif self.result.cells_refused:
            what += "; the rows were scored without the bad cells"
        else:  # unused columns and the like: no answer was refused
            what += "; every row was scored, no cell refused"
        return f"{what}. Fix the input, or rerun with --allow-errors."

    def lines(self) -> list[str]:
        """The closing summary (stdout)."""
        result = self.result
        out = list(result.ingested.notes) + [result.summary()]
        groups = self.tables.get("groups")
        if groups is not None:
            status = groups["status"]
            flagged = groups[status == "aggregate with caution"]
            keys = list(groups.columns)[: list(groups.columns).index("respondents")]
            single = f"{int((status == 'single respondent').sum())} single respondent"
            if not aggregate.is_unit(keys):
                out.append(
                    f"{plural(len(groups), 'group')} by {', '.join(keys)}: {single}; agreement "
                    "not checked (only groups by firm or team aggregate their members' answers)"
                )
            else:
                short = int((status == "insufficient data").sum())
                out.append(
                    f"{plural(len(groups), 'group')}: {int((status == 'ok').sum())} ok, "
                    f"{len(flagged)} aggregate with caution, {single}"
                    + (f", {short} with a dimension nobody's answers score" if short else "")
                )
            out += [note for note in (self.unnamed, self.years, self.spellings) if note]
            if self.partners_left_out:
                out.append(
                    f"{plural(self.partners_left_out, 'partner-side respondent')} left out of "
                    "their firms' group figures, as in amc report (--include-partner counts them)"
                )
            for _, row in flagged.head(SHOWN_GROUPS).iterrows():
                who = " / ".join(printable(str(row[k])) for k in keys)
                low = str(row["low_agreement"]).replace(";", ", ")
                out.append(f"  aggregate with caution: {who}: low agreement on {low}")
            if len(flagged) > SHOWN_GROUPS:
                where = self.written[1] if len(self.written) > 1 else self.written[0]
                out.append(
                    f"  ... and {len(flagged) - SHOWN_GROUPS:,} more to aggregate with caution "
                    f"(every group is in {where})"
                )
        comparison = self.tables.get("compare")
        if comparison is not None:
            counts = comparison["verdict"].value_counts()
            parts = [f"{int(counts.get(v, 0))} {v.removeprefix('gap ')}" for v in aggregate.VERDICTS
                     if v == "gap beyond noise" or counts.get(v, 0)]  # fmt: skip
            out.append(f"compared {len(comparison)} gaps: " + ", ".join(parts))
        files = [*self.written, *([self.errors_path] if self.errors_path else [])]
        out.append("Wrote " + ", ".join(str(p) for p in files))
        return out


def run(
    inputs: Paths,
    out: str | Path,
    *,
    questionnaire: str | Path | None = None,
    rubric: str | Path | None = None,
    profile: str = "auto",
    map_path: str | Path | None = None,
    dictionary: str | Path | None = None,
    group_by: str | None = None,
    compare_by: str | None = None,
    errors_path: str | Path | None = None,
    caution_below: float = 0.7,
    step: Step | None = None,
    include_partner: bool = False,
    sheets: Sequence[str] = (),
) -> Report:
    """Score, aggregate and write: everything ``amc batch`` does except printing.
    Groups of firms or teams are figured from their own side's respondents, as a firm's
    report is (:func:`~amc_assess.scored.members.counted`), unless ``include_partner``."""
    inputs = as_paths(inputs)
    out_path = Path(out)
    fmt = output_format(out_path)
    keys = split_keys(group_by)
    errors_file: Path | None = Path(errors_path or sibling(out_path, "errors").with_suffix(".csv"))
    assert errors_file is not None
    beside = [*(["groups", "reliability"] if keys else []), *(["compare"] if compare_by else [])]
    refuse_clashes(
        [("the --out table", out_path),
         *[(f"the {name} table", sibling(out_path, name))
           for name in (beside if fmt in ("csv", "parquet") else [])],
         ("the errors file", errors_file)],
        [*_read_files(inputs), questionnaire, rubric, map_path, dictionary],
    )  # fmt: skip
    keep = [*keys, *([compare_by] if compare_by else [])]
    early: list[Early | None] = []  # the table's input columns, encoded while it is scored
    result = score_batch(
        inputs, questionnaire, rubric, profile, map_path, dictionary, step, keep, sheets,
        on_inputs=lambda columns: early.append(early_parquet(out_path, columns)),
    )  # fmt: skip
    table = result.table
    group_columns(table, result.ingested, keys, "--group-by")
    tables: dict[str, pd.DataFrame] = {"scored": table}
    if keys or compare_by:
        if step:
            step("aggregating", 1.0)
        items = result.scored.item_frame().astype(float).reset_index(drop=True)
    left_out, unnamed, years, spellings = 0, "", "", ""
    if keys:
        null = aggregate.null_variances(result.questionnaire, result.rubric)
        named = aggregate.named_rows(table, keys)
        unnamed = unnamed_rows(table, named, keys)
        use = counted_rows(table, keys, include_partner or not aggregate.is_unit(keys)) & named
        left_out = int((~use & named).sum())
        copies = copy_rows(table, items, keys) & use
        if copies.any():
            use &= ~copies
            result.ingested.notes.append(copies_note(int(copies.sum())))
        years = mixed_years(table, use, keys)
        spellings = split_spellings(table, keys)
        tables["groups"] = group_table(
            table[use], items[use], result.rubric, keys, null, caution_below
        )
        tables["reliability"] = aggregate.reliability(table, items, result.rubric, keys, use)
    if compare_by:
        group_columns(table, result.ingested, [compare_by], "--compare")
        tables["compare"] = aggregate.compare(table, result.rubric, compare_by, keys)
    if fmt == "json" or (fmt == "xlsx" and len(result.errors) <= XLSX_MAX_ROWS):
        tables["errors"] = result.errors
    elif fmt == "xlsx":
        result.ingested.notes.append(
            f"{plural(len(result.errors), 'bad cell')}: more than an XLSX sheet holds "
            f"({XLSX_MAX_ROWS:,} rows): listed in {errors_file} only, not in {out_path}"
        )
    if step:
        step(f"writing {out_path}", 1.0)
    answers = {i.id for i in result.questionnaire.items()}
    jobs = table_jobs(tables, out_path, answers, early[0] if early else None)
    written = [path for path, _ in jobs]
    stale: list[Path] = []
    if len(result.errors):
        jobs.append(csv_job(result.errors, errors_file))
    else:  # nothing to list: no empty file, and no stale one from an earlier run
        stale.append(errors_file)
        errors_file = None
    write_files(jobs, stale)  # all files of the run, or none
    return Report(result, tables, written, errors_file, left_out, unnamed, years, spellings)


SHOWN_ROWS = 5  # rows named in the note on rows without a firm or team


def unnamed_rows(table: pd.DataFrame, named: np.ndarray, keys: list[str]) -> str:
    """A note on the rows without a firm or team (``named`` false): each is scored, but
    strangers are no group; empty when every row names its firm or team."""
    if named.all():
        return ""
    rows = table.loc[~named, ["source_file", "source_row"]].head(SHOWN_ROWS)
    pairs = zip(rows["source_file"], rows["source_row"], strict=True)
    where = ", ".join(place(f, r) for f, r in pairs)
    more = " ..." if (~named).sum() > SHOWN_ROWS else ""
    unit = " or ".join(k for k in keys if k.strip().casefold() in aggregate.UNITS)
    return (
        f"{plural(int((~named).sum()), 'row')} with no {unit} ({where}{more}): scored, but in "
        f"no group (give each its {unit} to count it)"
    )


def mixed_years(table: pd.DataFrame, rows: np.ndarray, keys: list[str]) -> str:
    """A note on the firms or teams whose counted answers are dated in different years: each
    group averages them as one assessment; empty when none does, or the years are a key."""
    dated = {"year", "date"} & {compact(k) for k in keys}
    if dated or not aggregate.is_unit(keys) or "date" not in table.columns:
        return ""
    codes, dates = pd.factorize(table["date"])  # a few dates over many rows: read each once
    of_date = pd.to_numeric(pd.Series(dates, dtype="string").str[:4], errors="coerce")
    year = np.append(of_date.to_numpy(dtype=float, na_value=np.nan), np.nan)[codes][rows]
    part = table.loc[rows, keys].reset_index(drop=True)
    spans = pd.Series(year).groupby([part[k] for k in keys], observed=True).agg(["min", "max"])
    mixed = spans[spans["min"] < spans["max"]]
    if mixed.empty:
        return ""
    shown = "; ".join(
        f"{' / '.join(printable(str(k)) for k in (key if isinstance(key, tuple) else (key,)))}: "
        f"{int(low)}-{int(high)}"
        for key, (low, high) in mixed.head(SHOWN_ROWS).iterrows()
    )
    more = " ..." if len(mixed) > SHOWN_ROWS else ""
    return (
        f"{plural(len(mixed), 'group')} with answers from different years ({shown}{more}): "
        f"each averaged as one assessment; --group-by {','.join(keys)},year keeps the years apart"
    )


def _read_files(inputs: Sequence[str | Path]) -> list[Path]:
    """The files ``inputs`` stand for (a folder: its response files)."""
    try:
        return expand(inputs)
    except InvalidInput:
        return [Path(p) for p in inputs]  # reading them says what is wrong
