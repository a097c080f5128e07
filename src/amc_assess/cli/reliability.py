"""``amc reliability``."""

from __future__ import annotations

import click

from amc_assess.cli.common import PROFILES, Failed, echo, import_options, instrument_options


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@instrument_options
@click.option(
    "-p", "--profile", type=click.Choice(PROFILES), default="auto", show_default=True,
    help="Export layout of the inputs (as for amc batch).",
)  # fmt: skip
@import_options
@click.option(
    "--by", "by", metavar="COLUMN",
    help="Report each value of this column apart: any column of the inputs (matched ignoring "
    "case, spaces and punctuation), metadata (firm, side, level, role, year, source_file) or "
    "a questionnaire item. Default: the whole sample.",
)  # fmt: skip
@click.option(
    "--missing", type=click.Choice(["pairwise", "listwise", "median"]), default="pairwise",
    show_default=True,
    help="Missing answers: covariances over the pairs answered (pairwise), only complete "
    "respondents (listwise), or each item's median filled in (median).",
)  # fmt: skip
@click.option(
    "--level", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True,
    help="Confidence level of the intervals.",
)  # fmt: skip
@click.option(
    "--bootstrap", type=click.IntRange(0), default=0, show_default=True, metavar="N",
    help="Add a percentile bootstrap interval for alpha from N resamples of the respondents.",
)  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True, help="Output format.",
)  # fmt: skip
@click.option("--allow-errors", is_flag=True, help="Exit 0 even when some cells were bad.")
@click.option(
    "--progress/--no-progress", default=None,
    help="Show a progress bar (default: for large inputs on a terminal).",
)  # fmt: skip
def reliability(
    inputs: tuple[str, ...], questionnaire: str | None, rubric: str | None, profile: str,
    map_path: str | None, dictionary: str | None, by: str | None, missing: str, level: float,
    bootstrap: int, seed: int, fmt: str, allow_errors: bool, progress: bool | None,
) -> None:  # fmt: skip
    """Internal consistency of each dimension's items, as R psych's alpha() reports it.

    Reads and scores the inputs as amc batch does, then per dimension: raw and standardized
    alpha, Guttman's lambda-6, mean inter-item r, n, the Feldt interval (and a bootstrap one
    with --bootstrap), and per item its mean, sd, missing share, correlation with the rest of
    the dimension (r.drop) and alpha if dropped.
    """
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.progress import progress_bar
    from amc_assess.reliability_report import run

    with progress_bar(inputs, progress) as step:
        report = run(
            inputs, questionnaire=questionnaire, rubric=rubric, profile=profile,
            map_path=map_path, dictionary=dictionary, by=by, missing=missing, level=level,
            bootstrap=bootstrap, seed=seed, step=step,
        )  # fmt: skip
    for line in report.notes():
        echo(line, err=True)
    renderers = {"table": report.to_table, "json": report.to_json, "csv": report.to_csv}
    echo(renderers[fmt](), nl=False)
    bad = len(report.result.errors)
    if bad and not allow_errors:
        raise Failed(report.refusal())
