"""The ``amc`` command line: parses options and calls the library. No logic lives here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

QUESTIONNAIRE_HELP = (
    "Questionnaire YAML, or a bundled one by name: amc, relationship_audit (default: amc)."
)
RUBRIC_HELP = "Rubric YAML, or a bundled one by name (default: amc)."


class Failed(click.ClickException):
    """Invalid input or a failed check: every line to stderr, exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class AmcGroup(click.Group):
    """Turns library errors into one-line messages; tracebacks only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            # lazy: each command loads what it needs; amc --help loads click alone
            from amc_assess.loading import InvalidInput

            if isinstance(exc, InvalidInput):
                count = len(exc.errors)
                tail = f"\n{count} problems found" if count > 1 else ""
                raise Failed("\n".join(exc.errors) + tail) from None
            if ctx.obj and ctx.obj.get("debug"):
                raise
            hint = "(run with --debug for details)"
            raise Failed(f"Error: {type(exc).__name__}: {exc} {hint}") from None


def _bundled(folder: str) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        # lazy: each command loads what it needs; amc --help loads click alone
        from amc_assess.resources import bundled

        return bundled(folder, value)

    return callback


def instrument_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --questionnaire and --rubric (a path, or the name of a bundled file)."""
    func = click.option(
        "-r", "--rubric", type=click.Path(), help=RUBRIC_HELP, callback=_bundled("rubrics"),
    )(func)  # fmt: skip
    func = click.option(
        "-q", "--questionnaire", type=click.Path(), help=QUESTIONNAIRE_HELP,
        callback=_bundled("questionnaires"),
    )(func)  # fmt: skip
    return func


def network_option(effect: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add --network (relationship-audit files of the firm's alliance); ``effect`` ends the help."""
    return click.option(
        "--network", multiple=True, type=click.Path(dir_okay=False),
        help="A relationship-audit file of the firm's alliance (ties CSV/XLSX or audit response, "
        f"as for amc network); give --network once per file. {effect}",
    )  # fmt: skip


@click.group(cls=AmcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="amc-assess", prog_name="amc")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Assess, score, benchmark and report Alliance Management Capability (AMC)."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@cli.command()
@instrument_options
def validate(questionnaire: str | None, rubric: str | None) -> None:
    """Check a questionnaire and rubric, cross-references, and lint the rubric."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess import api

    click.echo(api.validate(questionnaire, rubric))


@cli.command()
@click.option(
    "-o", "--out", "out_dir", default="schemas", show_default=True,
    type=click.Path(file_okay=False), help="Folder to write the JSON Schema files into.",
)  # fmt: skip
def schema(out_dir: str) -> None:
    """Write JSON Schema for questionnaire, rubric and response files (editor completion)."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess import api

    for path in api.write_schemas(out_dir):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@instrument_options
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True, help="Output format.",
)  # fmt: skip
@network_option("Scores the rubric's network measures.")
def score(
    files: tuple[str, ...],
    questionnaire: str | None,
    rubric: str | None,
    fmt: str,
    network: tuple[str, ...],
) -> None:
    """Score response files (YAML or JSON) and print dimension scores and levels."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess import api, render

    results = api.score_files(files, questionnaire, rubric, network)
    renderers = {
        "table": render.to_table, "json": render.to_json, "csv": render.to_csv,
        "markdown": render.to_markdown,
    }  # fmt: skip
    out = renderers[fmt](results)
    click.echo(out, nl=not out.endswith("\n"))


@cli.command()
@click.option("--firm", help="Name of the firm being assessed (required unless --resume).")
@instrument_options
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False),
    help="Response file to create (default: <firm>-<respondent>-<date>.yaml here).",
)  # fmt: skip
@click.option(
    "--resume", type=click.Path(dir_okay=False),
    help="Continue an interrupted interview from its response file (with the bundled "
    "questionnaire the file names, unless --questionnaire is given).",
)  # fmt: skip
@click.option("--assessor", help="Consultant running the interview, stored in the file.")
@click.pass_context
def assess(
    ctx: click.Context, firm: str | None, questionnaire: str | None, rubric: str | None,
    out: str | None, resume: str | None, assessor: str | None,
) -> None:  # fmt: skip
    """Interview a respondent in the terminal; every answer is saved as it is given."""
    if resume and (firm or out or assessor):
        raise click.UsageError("--resume continues a file as it is: drop --firm/--out/--assessor")
    if not resume and not firm:
        raise click.UsageError("give --firm NAME for a new interview, or --resume FILE")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.interview import InterviewError, run

    try:
        code = run(
            firm=firm,
            questionnaire=questionnaire,
            rubric=rubric,
            out=out,
            resume=resume,
            assessor=assessor,
        )
    except InterviewError as exc:
        raise Failed(str(exc)) from None
    ctx.exit(code)


BATCH_PROFILES = ("auto", "items", "qualtrics", "google_forms", "limesurvey", "redcap")
SHOW_ERRORS = 20


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@instrument_options
@click.option(
    "-o", "--out", required=True, type=click.Path(dir_okay=False),
    help="Scored table: .csv, .xlsx, .parquet or .json (group tables go beside it or into it).",
)  # fmt: skip
@click.option(
    "-p", "--profile", type=click.Choice(BATCH_PROFILES), default="auto", show_default=True,
    help="Export layout of the inputs; auto detects it and says what it found.",
)  # fmt: skip
@click.option(
    "-m", "--map", "map_path", type=click.Path(exists=True, dir_okay=False),
    help="YAML map: source columns to item ids, answer labels to codes, metadata columns.",
)  # fmt: skip
@click.option(
    "--dictionary", type=click.Path(exists=True, dir_okay=False),
    help="REDCap data dictionary (.csv) or Qualtrics survey file (.qsf) labelling the codes.",
)  # fmt: skip
@click.option("-g", "--group-by", help="Aggregate respondents by these columns, e.g. firm,year.")
@click.option(
    "--compare", help="Per-dimension gaps between the values of this column (e.g. side, level).",
)  # fmt: skip
@click.option(
    "--errors", "errors_path", type=click.Path(dir_okay=False),
    help="CSV file listing every bad cell (default: <out>.errors.csv).",
)  # fmt: skip
@click.option("--allow-errors", is_flag=True, help="Exit 0 even when some cells were bad.")
@click.option(
    "--caution-below", type=float, default=0.7, show_default=True,
    help="Flag a group 'aggregate with caution' when a dimension's rwg(j) is below this.",
)  # fmt: skip
@click.option(
    "--progress/--no-progress", default=None,
    help="Show a progress bar (default: for large inputs on a terminal).",
)  # fmt: skip
def batch(
    inputs: tuple[str, ...], questionnaire: str | None, rubric: str | None, out: str,
    profile: str, map_path: str | None, dictionary: str | None, group_by: str | None,
    compare: str | None, errors_path: str | None, allow_errors: bool, caution_below: float,
    progress: bool | None,
) -> None:  # fmt: skip
    """Score collected responses in bulk: survey exports, spreadsheets, folders of responses."""
    if not out.lower().endswith((".csv", ".xlsx", ".parquet", ".json")):
        raise click.BadParameter("write .csv, .xlsx, .parquet or .json", param_hint="--out")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.batch import run
    from amc_assess.progress import progress_bar

    with progress_bar(inputs, progress) as step:
        report = run(
            inputs, out, questionnaire=questionnaire, rubric=rubric, profile=profile,
            map_path=map_path, dictionary=dictionary, group_by=group_by, compare_by=compare,
            errors_path=errors_path, caution_below=caution_below, step=step,
        )  # fmt: skip
    for line in report.lines():
        click.echo(line)
    bad = len(report.result.errors)
    for line in report.result.error_lines(SHOW_ERRORS):
        click.echo(line, err=True)
    if bad > SHOW_ERRORS:
        click.echo(f"... and {bad - SHOW_ERRORS} more in {report.errors_path}", err=True)
    if bad and not allow_errors:
        cells = f"{bad} problem{'s' if bad > 1 else ''} (listed in {report.errors_path})"
        advice = "Fix the input, or rerun with --allow-errors to accept."
        raise Failed(f"{cells}; the rows were scored without them. {advice}")


@cli.command()
@instrument_options
@click.option(
    "-o", "--out", required=True, type=click.Path(dir_okay=False),
    help="Sheet to write: .xlsx (with drop-down validation) or .csv.",
)  # fmt: skip
@click.option(
    "--rows", type=click.IntRange(1),
    help="Rows with drop-down validation (XLSX; default 200 answer rows, or 1000 tie rows).",
)  # fmt: skip
def template(questionnaire: str | None, rubric: str | None, out: str, rows: int | None) -> None:
    """Write a blank collection sheet for the instrument; filled in, it scores with amc batch.

    For a relationship audit (a questionnaire with a contacts item) it is a ties sheet, one
    named contact per row, that amc network reads.
    """
    if not out.lower().endswith((".xlsx", ".csv")):
        raise click.BadParameter("write .xlsx or .csv", param_hint="--out")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.api import instrument, shown
    from amc_assess.template import write_template, write_ties_template
    from amc_assess.validation import unscored_questionnaire

    q = unscored_questionnaire(shown(questionnaire)) if questionnaire and not rubric else None
    if q is None:
        q, _ = instrument(questionnaire, rubric)
    if q.contacts_item() is not None:
        path = write_ties_template(q, out, rows or 1000)
        click.echo(
            f"wrote {path} (ties sheet of {q.id} {q.version}: one named contact per row; "
            f"analyse it filled in with `amc network {shown(path)}`)"
        )
        return
    path = write_template(q, out, rows or 200)
    click.echo(f"wrote {path} ({len(q.items())} items of {q.id} {q.version})")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@instrument_options
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False),
    help="PDF to write (single report); its JSON record goes beside it.",
)  # fmt: skip
@click.option("--batch", is_flag=True, help="One report per firm in the inputs, in parallel.")
@click.option(
    "--out-dir", type=click.Path(file_okay=False),
    help="Folder for the batch's PDFs and JSON records (with --batch).",
)  # fmt: skip
@click.option("--target", help="Target levels: 4 for every dimension, or structure=4,daf=3.")
@click.option(
    "--template-dir", type=click.Path(file_okay=False),
    help="Folder of report templates overriding the bundled ones, file by file.",
)  # fmt: skip
@click.option("--brand", type=click.Path(dir_okay=False), help="brand.yaml: colours, logo, footer.")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Processes for --batch (default: CPUs).")
@click.option(
    "--progress/--no-progress", default=None,
    help="Show a progress bar for --batch (default: on a terminal).",
)  # fmt: skip
@click.option("--db", help="Assessment store for peers and the year-over-year trend.")
@click.option(
    "--peer-file", help="Scored peer table (amc batch output), or 'synthetic' for the bundled set."
)
@click.option("--peers", help="Peer-group filters, e.g. industry or industry=pharma_biotech.")
@click.option(
    "--min-peers", type=int, default=5, show_default=True,
    help="Smallest peer group shown (below 5 needs --allow-small-group).",
)  # fmt: skip
@click.option("--allow-small-group", is_flag=True, help="Allow --min-peers 3 or 4 (warns).")
@network_option("Adds the audit section and scores its measures.")
def report(
    files: tuple[str, ...], questionnaire: str | None, rubric: str | None, out: str | None,
    batch: bool, out_dir: str | None, target: str | None, template_dir: str | None,
    brand: str | None, jobs: int | None, progress: bool | None, db: str | None,
    peer_file: str | None, peers: str | None, min_peers: int, allow_small_group: bool,
    network: tuple[str, ...],
) -> None:  # fmt: skip
    """Render the PDF benchmark report of a response file or scored result (JSON record beside)."""
    if batch and (out or not out_dir):
        raise click.UsageError("--batch writes into --out-dir DIR (not --out)")
    if not batch and (out_dir or not out):
        raise click.UsageError("give --out FILE.pdf (or --batch --out-dir DIR for many firms)")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.progress import counting_bar
    from amc_assess.reporting import BenchmarkOptions, ReportOptions, run

    bench = None
    if db or peer_file:
        bench = BenchmarkOptions(db, peer_file, peers, min_peers, allow_small_group)
    options = ReportOptions(
        files=files, out=out, out_dir=out_dir, batch=batch, questionnaire=questionnaire,
        rubric=rubric, target=target, template_dir=template_dir, brand=brand, jobs=jobs,
        benchmark=bench, network=network,
    )  # fmt: skip
    with counting_bar("Rendering reports", progress if batch else False) as bar:
        done = run(options, step=bar.step, start=bar.start)
    for line in done.warnings:
        click.echo(line, err=True)
    for rendered in done.rendered:
        click.echo(f"wrote {rendered.pdf} ({rendered.pages} pages) and {rendered.record}")


DB_HELP = "SQLite store (default: $AMC_DB, else amc.db in the per-user data folder)."
FORMAT_HELP = "Output format."


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db."""
    return click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)(func)


def text_or_json(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --format table|json."""
    return click.option(
        "-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
        show_default=True, help=FORMAT_HELP,
    )(func)  # fmt: skip


@cli.group()
def history() -> None:
    """Firms' assessments over the years, in a database: add, list, show, export."""


@history.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@db_option
@instrument_options
@click.option(
    "--date", "when", type=click.DateTime(["%Y-%m-%d"]),
    help="Assessment date for inputs that carry none (amc score JSON), as YYYY-MM-DD.",
)  # fmt: skip
@click.option("--year", type=click.IntRange(1900, 2999), help="Assessment year, instead of --date.")
def history_add(
    files: tuple[str, ...], db: str | None, questionnaire: str | None, rubric: str | None,
    when: Any, year: int | None,
) -> None:  # fmt: skip
    """Store assessments from response files, amc score JSON or amc batch tables (no duplicates)."""
    if when and year:
        raise click.UsageError("give --date or --year, not both")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.commands import add_files

    report = add_files(files, db, questionnaire, rubric, when.date() if when else None, year)
    for line in report.lines():
        click.echo(line)


@history.command("list")
@click.option("--firm", help="Only this firm.")
@db_option
@text_or_json
def history_list(firm: str | None, db: str | None, fmt: str) -> None:
    """List the stored firms and years, with how many assessments each."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.commands import list_assessments, list_json, render_list

    rows = list_assessments(db, firm)
    click.echo(render_list(rows) if fmt == "table" else list_json(rows))


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

    result = firm_history(firm, db, questionnaire, rubric)
    click.echo(render(result) if fmt == "table" else result.model_dump_json(indent=2))


@history.command("export")
@click.option(
    "-o", "--out", required=True, type=click.Path(dir_okay=False),
    help="Table to write: .csv, .parquet, .json or .xlsx, one row per assessment.",
)  # fmt: skip
@click.option("--firm", help="Only this firm.")
@db_option
def history_export(out: str, firm: str | None, db: str | None) -> None:
    """Write the stored assessments as a table (it can be added to another store)."""
    if not out.lower().endswith((".csv", ".parquet", ".json", ".xlsx")):
        raise click.BadParameter("write .csv, .parquet, .json or .xlsx", param_hint="--out")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.commands import export

    path, count = export(out, db, firm)
    click.echo(f"wrote {path} ({count} assessment{'' if count == 1 else 's'})")


@cli.command()
@click.argument("firm")
@click.option("--year", type=int, help="Year to benchmark (default: the firm's latest).")
@click.option(
    "--peers",
    help="Peer group, e.g. industry=medtech,revenue=from_250m_to_1bn (also employees, region); "
    "a key alone (industry) means the firm's own value. Default: all firms.",
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
    help="Fewest peer firms for statistics to be shown; below 5 needs --allow-small-group, "
    "never below 3.",
)  # fmt: skip
@click.option(
    "--allow-small-group", is_flag=True,
    help="Accept --min-peers 3 or 4 (a warning is printed with the output).",
)  # fmt: skip
@db_option
@instrument_options
@text_or_json
def benchmark(
    firm: str, year: int | None, peers: str | None, peer_file: str | None,
    assessments: tuple[str, ...], min_peers: int, allow_small_group: bool, db: str | None,
    questionnaire: str | None, rubric: str | None, fmt: str,
) -> None:  # fmt: skip
    """Place a firm among its peers: percentile and peer quartiles per dimension and overall."""
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
    click.echo(render(result) if fmt == "table" else result.model_dump_json(indent=2))


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False),
    help="Write the result to this file instead of standard output.",
)  # fmt: skip
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True,
    help="table (findings), json (everything, with every person and tie) or csv (one row per "
    "person). With --out and no --format, a .json or .csv file name picks the format.",
)  # fmt: skip
def network(inputs: tuple[str, ...], out: str | None, fmt: str) -> None:
    """Relationship audit: core, boundary spanners, level coverage, turnover risk.

    INPUTS are ties CSV or XLSX files and relationship-audit response files (amc assess -q
    relationship_audit), in any mix.
    """
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.network import audit, render
    from amc_assess.network.render import persons_csv
    from amc_assess.yamlio import atomic_write_text

    if out and click.get_current_context().get_parameter_source("fmt") is ParameterSource.DEFAULT:
        suffix = Path(out).suffix.lower()
        by_suffix = {".json": "json", ".csv": "csv", ".txt": "table", "": "table"}
        if suffix not in by_suffix:
            raise click.BadParameter(
                f"{suffix} is not a format amc network writes: use .txt, .json or .csv "
                "(or give --format)", param_hint="--out",
            )  # fmt: skip
        fmt = by_suffix[suffix]
    result = audit(inputs)
    for note in result.notes:
        click.echo(note, err=True)
    text = {"table": render, "json": lambda r: r.model_dump_json(indent=2), "csv": persons_csv}[
        fmt
    ](result)
    if out:
        atomic_write_text(out, text + "\n")
        click.echo(f"wrote {out}")
    else:
        click.echo(text)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="amc")
