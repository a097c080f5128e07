"""``amc history`` (the assessment store) and ``amc benchmark`` (a firm among its peers)."""

from __future__ import annotations

from typing import Any

import click

from amc_assess.cli.common import (
    answers_options,
    db_option,
    echo,
    instrument_options,
    text_or_json,
)
from amc_assess.cli.database import history_check, history_copy


@click.group()
def history() -> None:
    """Firms' assessments over the years: add, list, show, export, copy, rename, check, audit."""


@history.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@db_option
@instrument_options
@click.option(
    "--date", "when", type=click.DateTime(["%Y-%m-%d"]),
    help="Assessment date for inputs without one of their own (a response file or scored table "
    "with no date), as YYYY-MM-DD.",
)  # fmt: skip
@click.option("--year", type=click.IntRange(1900, 2999), help="Assessment year, instead of --date.")
@click.option(
    "--replace", is_flag=True,
    help="Store a corrected copy in place of the respondent's assessment of the same firm and "
    "year stored with other scores (refused without it, as it would count them twice).",
)  # fmt: skip
@answers_options
def history_add(
    files: tuple[str, ...], db: str | None, questionnaire: str | None, rubric: str | None,
    when: Any, year: int | None, replace: bool, map_path: str | None, dictionary: str | None,
    sheets: tuple[str, ...],
) -> None:  # fmt: skip
    """Store assessments from response files, amc score JSON or amc batch tables (no duplicates)."""
    if when and year:
        raise click.UsageError("give --date or --year, not both")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.outputs import refuse_clashes
    from amc_assess.scored.answer_tables import TableReading
    from amc_assess.store.backend import locate
    from amc_assess.store.commands import add_files

    refuse_clashes([("the --db store", locate(db).path)], [*files, questionnaire, rubric])
    report = add_files(
        files, db, questionnaire, rubric, when.date() if when else None, year, replace,
        TableReading(map_path, dictionary, sheets),
    )  # fmt: skip
    for line in report.lines():
        echo(line)
    for line in report.notes():
        echo(line, err=True)


@history.command("rename")
@click.argument("old")
@click.argument("new")
@db_option
@click.option(
    "--merge", is_flag=True,
    help="NEW is a stored firm with another profile (industry, size, region): merge anyway.",
)  # fmt: skip
def history_rename(old: str, new: str, db: str | None, merge: bool) -> None:
    """Store firm OLD under the name NEW: two spellings that are one firm (or a new name)."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.commands import rename_firm

    echo(rename_firm(old, new, db, merge))


@history.command("list")
@click.option("--firm", help="Only this firm.")
@db_option
@text_or_json
def history_list(firm: str | None, db: str | None, fmt: str) -> None:
    """List the stored firms and years, with how many assessments each."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.commands import list_assessments, list_json, render_list
    from amc_assess.terminal import printable

    rows = list_assessments(db, firm)
    if fmt == "table":  # a name cannot forge a line or drive the terminal
        rows = [row.model_copy(update={"firm": printable(row.firm)}) for row in rows]
    echo(render_list(rows) if fmt == "table" else list_json(rows))


@history.command("show")
@click.argument("firm")
@db_option
@instrument_options
@text_or_json
def history_show(
    firm: str, db: str | None, questionnaire: str | None, rubric: str | None, fmt: str
) -> None:
    """A firm's scores year over year: change (real or noise), vs baseline and vs target."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.history import history as firm_history
    from amc_assess.store.history_text import render
    from amc_assess.terminal import printable

    result = firm_history(firm, db, questionnaire, rubric)
    if fmt == "table":  # a stored name cannot forge a line
        result = result.model_copy(update={"firm": printable(result.firm)})
    echo(render(result) if fmt == "table" else result.model_dump_json(indent=2))


@history.command("audit")
@click.option("--limit", type=click.IntRange(1), help="Only the latest N queries.")
@db_option
@text_or_json
def history_audit(limit: int | None, db: str | None, fmt: str) -> None:
    """The log of peer benchmarks run on the store: who asked, when, for which group."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.audit import audit_log

    click.echo(audit_log(db, limit, fmt))


@history.command("export")
@click.option(
    "-o", "--out", required=True, type=click.Path(dir_okay=False),
    help="Table to write: .csv, .parquet, .json or .xlsx, one row per assessment.",
)  # fmt: skip
@click.option("--firm", help="Only this firm.")
@db_option
def history_export(out: str, firm: str | None, db: str | None) -> None:
    """Write the stored assessments as a table of their scores (it can be added to another
    store). Answers are not written, so reports cannot be made from such a copy: amc history
    copy moves assessments with their answers."""
    if not out.lower().endswith((".csv", ".parquet", ".json", ".xlsx")):
        raise click.BadParameter("write .csv, .parquet, .json or .xlsx", param_hint="--out")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.outputs import refuse_clashes
    from amc_assess.store.backend import locate
    from amc_assess.store.commands import export

    refuse_clashes([("the --out table", out)], [locate(db).path])
    path, count = export(out, db, firm)
    echo(f"wrote {path} ({count} assessment{'' if count == 1 else 's'})")


@click.command()
@click.argument("firm")
@click.option("--year", type=int, help="Year to benchmark (default: the firm's latest).")
@click.option(
    "--peers",
    help="Peer grouping from a fixed menu: industry, revenue, region, industry,revenue or "
    "industry,region, e.g. industry=medtech; a key alone means the firm's own value. "
    "Default: all firms.",
)  # fmt: skip
@click.option(
    "--peer-file",
    help="Scored peers (amc batch or history export table), or 'synthetic' for the bundled "
    "synthetic set. Default: the peers in the store.",
)  # fmt: skip
@click.option(
    "--assessment", "assessments", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="The firm's own response file or scored output (default: the store, then --peer-file).",
)  # fmt: skip
@click.option(
    "--min-peers", type=int, default=5, show_default=True,
    help="Fewest peer firms for any figure; below 5 needs --allow-small-group, never below 3. "
    "Quartiles need 10 comparable peers; smaller groups show counts per maturity level.",
)  # fmt: skip
@click.option(
    "--allow-small-group", is_flag=True,
    help="Accept --min-peers 3 or 4: such groups show only counts per maturity level (a "
    "warning is printed with the output).",
)  # fmt: skip
@db_option
@instrument_options
@text_or_json
def benchmark(
    firm: str, year: int | None, peers: str | None, peer_file: str | None,
    assessments: tuple[str, ...], min_peers: int, allow_small_group: bool, db: str | None,
    questionnaire: str | None, rubric: str | None, fmt: str,
) -> None:  # fmt: skip
    """Place a firm among its peers (position band, rounded quartiles) under disclosure control."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.benchmark import benchmark as run_benchmark
    from amc_assess.benchmark import min_peers_problem
    from amc_assess.benchmark_text import render

    problem = min_peers_problem(min_peers, allow_small_group)
    if problem:
        raise click.BadParameter(problem, param_hint="--min-peers")
    result = run_benchmark(
        firm, db=db, peer_file=peer_file, assessment=assessments, year=year, peers=peers,
        min_peers=min_peers, allow_small_group=allow_small_group, questionnaire=questionnaire,
        rubric=rubric,
    )  # fmt: skip
    echo(render(result) if fmt == "table" else result.model_dump_json(indent=2))


history.add_command(history_copy)
history.add_command(history_check)
