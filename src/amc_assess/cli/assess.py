"""``amc assess``: the interview in the terminal."""

from __future__ import annotations

import click

from amc_assess.cli.common import Failed, instrument_options


@click.command()
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
    from amc_assess.terminal import printable, single_line_problem

    problem = single_line_problem(firm) if firm is not None else None
    if problem:
        raise Failed(f"--firm '{printable(firm or '')}': {problem}")

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
