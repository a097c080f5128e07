"""``amc validate``, ``init``, ``schema``, ``score``, ``batch`` and ``template``."""

from __future__ import annotations

from shlex import quote

import click

from amc_assess.cli.common import (
    PROFILES,
    Failed,
    echo,
    import_options,
    instrument_options,
    network_option,
    sheet_option,
    targets_option,
)


@click.command()
@instrument_options
def validate(questionnaire: str | None, rubric: str | None) -> None:
    """Check a questionnaire and rubric, cross-references, and lint the rubric."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess import api

    echo(api.validate(questionnaire, rubric))


@click.command()
@click.argument("folder", type=click.Path(file_okay=False))
@instrument_options
def init(folder: str, questionnaire: str | None, rubric: str | None) -> None:
    """Copy the questionnaire and rubric (bundled by default) into FOLDER to adapt them."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess import api

    written = api.copy_instrument(folder, questionnaire, rubric)
    for path, what in written:
        echo(f"wrote {path} ({what})")
    files = " ".join(
        f"-{'q' if path.name == 'questionnaire.yaml' else 'r'} {quote(str(path))}"
        for path, _ in written
    )
    them = "them" if len(written) > 1 else "it"
    echo(f"Edit {them}, then check {them} with: amc validate {files}")


@click.command()
@click.option(
    "-o", "--out", "out_dir", default="schemas", show_default=True,
    type=click.Path(file_okay=False), help="Folder to write the JSON Schema files into.",
)  # fmt: skip
def schema(out_dir: str) -> None:
    """Write JSON Schema for questionnaire, rubric and response files (editor completion)."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess import api

    for path in api.write_schemas(out_dir):
        echo(f"wrote {path}")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@instrument_options
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True, help="Output format.",
)  # fmt: skip
@network_option("Scores the rubric's network measures.")
@targets_option
def score(
    files: tuple[str, ...],
    questionnaire: str | None,
    rubric: str | None,
    fmt: str,
    network: tuple[str, ...],
    targets: str | None,
) -> None:
    """Score response files (YAML or JSON) and print dimension scores and levels."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess import api

    out, warnings = api.score_output(files, questionnaire, rubric, fmt, network, targets)
    for line in warnings:
        echo(line, err=True)
    echo(out, nl=not out.endswith("\n"))


SHOW_ERRORS = 20


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@instrument_options
@click.option(
    "-o", "--out", required=True, type=click.Path(dir_okay=False),
    help="Scored table: .csv, .xlsx, .parquet or .json (group tables go beside it or into it).",
)  # fmt: skip
@click.option(
    "-p", "--profile", type=click.Choice(PROFILES), default="auto", show_default=True,
    help="Export layout of the inputs; auto detects it and says what it found.",
)  # fmt: skip
@import_options
@click.option(
    "-g", "--group-by",
    help="Aggregate respondents by these columns, e.g. firm,year: metadata, an item, or any "
    "column of the inputs (matched ignoring case, spaces and punctuation).",
)  # fmt: skip
@click.option(
    "--compare", help="Per-dimension gaps between the values of this column (e.g. side, level).",
)  # fmt: skip
@click.option(
    "--errors", "errors_path", type=click.Path(dir_okay=False),
    help="CSV file listing every bad cell (default: <out>.errors.csv).",
)  # fmt: skip
@click.option(
    "--allow-errors", is_flag=True,
    help="Exit 0 even when some cells were bad, or nothing could be scored.",
)  # fmt: skip
@click.option(
    "--caution-below", type=float, default=0.7, show_default=True,
    help="Flag a group 'aggregate with caution' when a dimension's rwg(j) is below this.",
)  # fmt: skip
@click.option(
    "--progress/--no-progress", default=None,
    help="Show a progress bar (default: for large inputs on a terminal).",
)  # fmt: skip
@sheet_option
@click.option(
    "--include-partner", is_flag=True,
    help="Count partner-side respondents in their firm's group figures (default: left out, "
    "as in amc report).",
)  # fmt: skip
def batch(
    inputs: tuple[str, ...], questionnaire: str | None, rubric: str | None, out: str,
    profile: str, map_path: str | None, dictionary: str | None, group_by: str | None,
    compare: str | None, errors_path: str | None, allow_errors: bool, caution_below: float,
    progress: bool | None, include_partner: bool, sheets: tuple[str, ...],
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
            include_partner=include_partner, sheets=sheets,
        )  # fmt: skip
    bad = len(report.result.errors)
    for line in report.result.error_lines(SHOW_ERRORS):  # the bad cells, then the summary
        echo(line, err=True)
    if bad > SHOW_ERRORS:
        echo(f"... and {bad - SHOW_ERRORS} more in {report.errors_path}", err=True)
    for line in report.lines():
        echo(line)
    if (bad or report.result.nothing_scored) and not allow_errors:
        raise Failed(report.refusal())


@click.command()
@instrument_options
@click.option(
    "-o", "--out", required=True, type=click.Path(dir_okay=False),
    help="Sheet to write: .xlsx (with drop-down validation) or .csv.",
)  # fmt: skip
@click.option(
    "--rows", type=click.IntRange(1),
    help="Rows with drop-down validation (XLSX; default 5000 answer rows, or 1000 tie rows).",
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
    from amc_assess.outputs import refuse_clashes
    from amc_assess.template import ANSWER_ROWS, write_template, write_ties_template
    from amc_assess.validation import unscored_questionnaire

    refuse_clashes([("the --out sheet", out)], [questionnaire, rubric])
    q = unscored_questionnaire(shown(questionnaire)) if questionnaire and not rubric else None
    if q is None:
        q, _ = instrument(questionnaire, rubric)
    if q.contacts_item() is not None:
        path = write_ties_template(q, out, rows or 1000)
        echo(
            f"wrote {path} (ties sheet of {q.id} {q.version}: one named contact per row; "
            f"analyze it filled in with `amc network {shown(path)}`)"
        )
        return
    path = write_template(q, out, rows or ANSWER_ROWS)
    echo(f"wrote {path} ({len(q.items())} items of {q.id} {q.version})")
