"""``amc report``: from files and options to rendered reports (the CLI stays thin)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from amc_assess.loading import InvalidInput
from amc_assess.report import Rendered, render_report
from amc_assess.report.brand import load_brand
from amc_assess.report.models import History, ReportInput

if TYPE_CHECKING:
    from amc_assess.models.network import NetworkResult


def run(
    files: Sequence[str],
    out: str | None = None,
    out_dir: str | None = None,
    batch: bool = False,
    questionnaire: str | None = None,
    rubric: str | None = None,
    target: str | None = None,
    template_dir: str | None = None,
    brand_path: str | None = None,
    jobs: int | None = None,
    progress: bool | None = None,
    benchmark: BenchmarkOptions | None = None,
    network: Sequence[str] = (),
) -> list[Rendered]:
    """Load, score (response files) and render; one report, or one per firm with ``batch``.

    ``network``: ties CSV files of the alliance (``amc network``), analysed once; every report
    gets the relationship-audit section.
    """
    from amc_assess import api
    from amc_assess.report.inputs import load_inputs, parse_targets, sha256, with_targets

    q, r = api.instrument(questionnaire, rubric)
    if target:
        r = with_targets(r, parse_targets(target, r))
    brand = load_brand(brand_path)
    audit = _audit(network) if network else None
    inputs = load_inputs(files, q, r, targets_given=bool(target), network=audit)
    shared = {api.shown(p): sha256(p) for p in _instrument_files(questionnaire, rubric)}
    if brand_path:
        shared[api.shown(brand_path)] = sha256(brand_path)
    inputs = [inp.model_copy(update={"sources": {**inp.sources, **shared}}) for inp in inputs]
    if benchmark is not None:
        own = list(files) if len(inputs) == 1 else []
        inputs = [benchmark.attach(inp, own, questionnaire, rubric) for inp in inputs]
    if audit is not None:
        inputs = _with_network(inputs, network, audit)
    if not batch:
        if len(inputs) != 1:
            raise InvalidInput(
                [
                    f"{len(inputs)} firms in the input; a single report shows one "
                    "(use --batch --out-dir DIR for one report per firm)"
                ]
            )
        assert out is not None
        return [render_report(inputs[0], out, q, r, brand, template_dir)]
    from amc_assess.report.batch import render_batch

    assert out_dir is not None
    show = sys.stderr.isatty() if progress is None else progress
    with ExitStack() as stack:
        bar = _Bar(len(inputs), stack) if show else None
        return render_batch(
            inputs,
            out_dir,
            q,
            r,
            brand,
            template_dir,
            jobs,
            step=bar.step if bar else None,
            before_wait=bar.start if bar else None,
        )


@dataclass
class BenchmarkOptions:
    """Where the report's peer statistics and history come from (issue 5's store and peers)."""

    db: str | None = None
    peer_file: str | None = None
    peers: str | None = None
    min_peers: int = 5
    allow_small_group: bool = False
    warn: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr))

    def attach(
        self, inp: ReportInput, own: list[str], questionnaire: str | None, rubric: str | None
    ) -> ReportInput:
        """The input with its peer statistics and history; a small group only warns."""
        from amc_assess.benchmark import TooFewPeers, peer_stats
        from amc_assess.store.history import firm_history

        firm = inp.meta.firm
        update: dict[str, object] = {}
        try:
            update["peers"] = peer_stats(
                firm, db=self.db, peer_file=self.peer_file, assessment=own, peers=self.peers,
                min_peers=self.min_peers, allow_small_group=self.allow_small_group,
                questionnaire=questionnaire, rubric=rubric,
            )  # fmt: skip
        except TooFewPeers as exc:
            for line in exc.errors:
                self.warn(f"{firm}: no peer statistics in the report: {line}")
        if self.db is not None:
            try:
                history = with_current(firm_history(firm, self.db, questionnaire, rubric), inp)
            except InvalidInput:
                history = None  # the firm is not in the store yet: no trend
            if history is not None and len(history.points) > 1:
                update["history"] = history
        return inp.model_copy(update=update)


def with_current(history: History, inp: ReportInput) -> History:
    """The stored years before this assessment's, then this report's own figures as the last
    point, so the trend ends at the scores the rest of the report shows (stored or not)."""
    from amc_assess.report.models import HistoryPoint

    date = inp.meta.date
    if date is None:  # no year to place it at: the stored history as it is
        return history
    earlier = [p for p in history.points if p.label.isdigit() and int(p.label) < date.year]
    own = HistoryPoint(
        label=str(date.year), date=date, overall=inp.result.overall_score,
        dimensions={d.dimension: d.score for d in inp.result.dimensions},
    )  # fmt: skip
    return History(points=[*earlier, own])


def _audit(files: Sequence[str]) -> NetworkResult:
    """Analyse the alliance's ties files once (their measures are scored, their section drawn)."""
    from amc_assess import api
    from amc_assess.network import audit

    return audit([api.shown(p) for p in files])


def _with_network(
    inputs: list[ReportInput], files: Sequence[str], result: NetworkResult
) -> list[ReportInput]:
    """Attach the audit (and the ties files' hashes) to the one firm's input."""
    from amc_assess import api
    from amc_assess.report.inputs import sha256

    if len(inputs) > 1:
        raise InvalidInput(
            [
                f"--network: the ties describe one alliance, but the input has {len(inputs)} "
                "firms: report one firm at a time with --network"
            ]
        )
    from amc_assess.metrics import firm_problems

    problems = firm_problems([inp.meta.firm for inp in inputs], result)
    if problems:
        raise InvalidInput(problems)
    hashes = {api.shown(p): sha256(p) for p in files}
    return [
        inp.model_copy(update={"network": result, "sources": {**inp.sources, **hashes}})
        for inp in inputs
    ]


def _instrument_files(questionnaire: str | None, rubric: str | None) -> list[Path]:
    from amc_assess.resources import default_questionnaire, default_rubric

    return [Path(questionnaire or default_questionnaire()), Path(rubric or default_rubric())]


class _Bar:
    """A rich progress bar on stderr, started once the worker processes exist."""

    def __init__(self, total: int, stack: ExitStack) -> None:
        self.total, self.stack = total, stack
        self.progress = None
        self.task = None

    def start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.progress = self.stack.enter_context(
            Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
        )
        self.task = self.progress.add_task("Rendering reports", total=self.total)

    def step(self, rendered: Rendered) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)
