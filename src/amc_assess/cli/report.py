"""``amc report``: the PDF report of one firm, or of many with --batch."""

from __future__ import annotations

import click

from amc_assess.cli.common import (
    answers_options,
    echo,
    instrument_options,
    network_option,
    remember_db,
    targets_option,
)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
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
@targets_option
@click.option(
    "--template-dir", type=click.Path(file_okay=False),
    help="Folder of report templates overriding the bundled ones, file by file.",
)  # fmt: skip
@click.option("--brand", type=click.Path(dir_okay=False), help="brand.yaml: colors, logo, footer.")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Processes for --batch (default: CPUs).")
@click.option(
    "--progress/--no-progress", default=None,
    help="Show a progress bar for --batch (default: on a terminal).",
)  # fmt: skip
@click.option(
    "--db",
    callback=remember_db,
    help="Assessment store for peers and the year-over-year trend (not $AMC_DB unless given).",
)
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
@click.option(
    "--owners", type=click.Path(dir_okay=False),
    help="YAML of roadmap step id: owner (ids as in the JSON record's recommendations).",
)  # fmt: skip
@click.option(
    "--allow-incomplete", is_flag=True,
    help="Write the report even when no dimension has enough answers (marked as a draft).",
)  # fmt: skip
@click.option(
    "--include-partner", is_flag=True,
    help="Count partner-side respondents in the firm's scores (default: shown as their view).",
)  # fmt: skip
@click.option(
    "--firm", help="Instead of FILES: this firm's stored answers in --db (its latest year)."
)
@click.option("--year", type=int, help="With --firm: the stored year to report.")
@answers_options
def report(
    files: tuple[str, ...], questionnaire: str | None, rubric: str | None, out: str | None,
    batch: bool, out_dir: str | None, targets: str | None, template_dir: str | None,
    brand: str | None, jobs: int | None, progress: bool | None, db: str | None,
    peer_file: str | None, peers: str | None, min_peers: int, allow_small_group: bool,
    network: tuple[str, ...], owners: str | None, allow_incomplete: bool, include_partner: bool,
    firm: str | None, year: int | None, map_path: str | None, dictionary: str | None,
    sheets: tuple[str, ...],
) -> None:  # fmt: skip
    """Render the PDF benchmark report of a response file or scored result (JSON record beside).

    Without FILES: a stored firm's answers, --db DB --firm NAME [--year YEAR]."""
    if firm is not None and (files or not db or batch):
        raise click.UsageError("--firm reports one stored firm: give --db and no FILES")
    if year is not None and firm is None:
        raise click.UsageError("--year goes with --firm")
    if not files and firm is None:
        raise click.UsageError("give response or scored FILES, or --db DB --firm NAME")
    if batch and (out or not out_dir):
        raise click.UsageError("--batch writes into --out-dir DIR (not --out)")
    if not batch and (out_dir or not out):
        raise click.UsageError("give --out FILE.pdf (or --batch --out-dir DIR for many firms)")
    if peers and not (db or peer_file):
        raise click.UsageError("--peers filters the peers of --db or --peer-file: give one")
    if out and not out.lower().endswith(".pdf"):
        raise click.BadParameter(f"{out}: the report is a PDF; name it .pdf", param_hint="--out")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.progress import counting_bar
    from amc_assess.reporting import BenchmarkOptions, ReportOptions, run
    from amc_assess.scored.answer_tables import TableReading

    bench = None
    if db or peer_file:
        bench = BenchmarkOptions(db, peer_file, peers, min_peers, allow_small_group)
    options = ReportOptions(
        files=files, out=out, out_dir=out_dir, batch=batch, questionnaire=questionnaire,
        rubric=rubric, targets=targets, template_dir=template_dir, brand=brand, jobs=jobs,
        benchmark=bench, network=network, owners=owners, allow_incomplete=allow_incomplete,
        include_partner=include_partner, firm=firm, year=year,
        how=TableReading(map_path, dictionary, sheets),
    )  # fmt: skip
    with counting_bar("Rendering reports", progress if batch else False) as bar:
        done = run(options, step=bar.step, start=bar.start)
    for line in done.warnings:
        echo(line, err=True)
    for rendered in done.rendered:
        echo(f"wrote {rendered.wrote()}")
