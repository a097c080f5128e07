"""The ``amc`` command line: parses options and calls the library. No logic lives here.

Each module of this package holds the commands of one area; this one makes the ``amc`` group.
"""

from __future__ import annotations

import gc
import sys

import click

from amc_assess.cli import assess, database, network, reliability, report, scoring, store
from amc_assess.cli.common import AmcGroup


@click.group(cls=AmcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option(
    "--limit", "limits", multiple=True, metavar="NAME=VALUE",
    help="Change a limit on inputs, e.g. --limit rows=5000000 (names and defaults in the "
    "README, Limits; also AMC_LIMITS=rows=5000000,columns=5000).",
)  # fmt: skip
@click.version_option(package_name="amc-assess", prog_name="amc")
@click.pass_context
def cli(ctx: click.Context, debug: bool, limits: tuple[str, ...]) -> None:
    """Assess, score, benchmark and report Alliance Management Capability (AMC)."""
    from amc_assess import limits as settings  # lazy: amc --help loads click alone

    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    try:
        settings.configure(limits)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


cli.add_command(scoring.validate)
cli.add_command(scoring.schema)
cli.add_command(scoring.score)
cli.add_command(assess.assess)
cli.add_command(scoring.batch)
cli.add_command(reliability.reliability)
cli.add_command(scoring.template)
cli.add_command(report.report)
cli.add_command(store.history)
cli.add_command(store.benchmark)
cli.add_command(database.db)
store.history.add_command(database.history_copy)
store.history.add_command(database.history_check)
cli.add_command(network.network)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    # A command makes many long-lived objects (models, reportlab's layout) and few cycles:
    # collect the youngest generation every 100,000 allocations, not every 700.
    gc.set_threshold(100_000, 50, 50)
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="amc")
