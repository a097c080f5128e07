"""``amc network``: the relationship audit."""

from __future__ import annotations

import os.path

import click
from click.core import ParameterSource

from amc_assess.cli.common import echo


@click.command()
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

    if out and click.get_current_context().get_parameter_source("fmt") is ParameterSource.DEFAULT:
        suffix = os.path.splitext(out)[1].lower()  # no pathlib: --help stays light
        by_suffix = {".json": "json", ".csv": "csv", ".txt": "table", "": "table"}
        if suffix not in by_suffix:
            raise click.BadParameter(
                f"{suffix} is not a format amc network writes: use .txt, .json or .csv "
                "(or give --format)", param_hint="--out",
            )  # fmt: skip
        fmt = by_suffix[suffix]
    if out:
        from amc_assess.outputs import refuse_clashes  # lazy: only to write a file

        refuse_clashes([("the --out file", out)], inputs)
    result = audit(inputs)
    for note in result.notes:
        echo(note, err=True)
    text = {"table": render, "json": lambda r: r.model_dump_json(indent=2), "csv": persons_csv}[
        fmt
    ](result)
    if out:
        from amc_assess.atomic import write_text  # lazy: only to write a file

        write_text(out, text + "\n")
        echo(f"wrote {out}")
    else:
        echo(text)
