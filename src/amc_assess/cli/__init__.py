"""The ``amc`` command line: parses options and calls the library. No logic lives here.

Each module of this package holds the commands of one area; this one makes the ``amc`` group.
"""

from __future__ import annotations

import sys

import click

from amc_assess.cli import assess, database, network, reliability, report, scoring, store
from amc_assess.cli.common import AmcGroup


@click.group(cls=AmcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="amc-assess", prog_name="amc")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Assess, score, benchmark and report Alliance Management Capability (AMC)."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


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
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="amc")
