"""Many reports at once: one PDF (and JSON record) per firm, rendered in parallel processes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

import amc_assess.report.pdf  # noqa: F401 - the renderer, loaded before workers fork
from amc_assess.models import Questionnaire, Rubric
from amc_assess.names import slug
from amc_assess.processes import die_with_parent
from amc_assess.report import Rendered, render_report
from amc_assess.report.brand import Brand
from amc_assess.report.models import ReportInput
from amc_assess.report.text import check_template_dir, environment

_WORKER: dict[str, Any] = {}


def file_names(inputs: Sequence[ReportInput]) -> list[str]:
    """One distinct stem per input: the firm's slug, numbered when two firms share one."""
    names, used = [], set()
    for inp in inputs:
        stem, k = slug(inp.meta.firm), 1
        name = stem
        while name in used:
            k += 1
            name = f"{stem}-{k}"
        used.add(name)
        names.append(name)
    return names


def _init(
    q: Questionnaire, r: Rubric, brand: Brand, template_dir: str | None, today: dt.date | None,
    parent: int | None = None,
) -> None:  # fmt: skip
    if parent is not None:  # a worker process: it ends when the amc process does
        die_with_parent(parent)
    _WORKER.update(q=q, r=r, brand=brand, template_dir=template_dir, today=today)


def _render(inp: ReportInput, out: str) -> Rendered:
    w = _WORKER
    return render_report(inp, out, w["q"], w["r"], w["brand"], w["template_dir"], w["today"])


def _warm(template_dir: str | None) -> None:
    """Compile every template once, before the workers start (they inherit the cache)."""
    env = environment(template_dir)
    for name in env.list_templates(filter_func=lambda n: n.startswith("report_")):
        env.get_template(name)


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def render_batch(
    inputs: Sequence[ReportInput],
    out_dir: str | Path,
    questionnaire: Questionnaire,
    rubric: Rubric,
    brand: Brand | None = None,
    template_dir: str | Path | None = None,
    jobs: int | None = None,
    step: Callable[[Rendered], None] | None = None,
    before_wait: Callable[[], Any] | None = None,
    today: dt.date | None = None,
) -> list[Rendered]:
    """Render every input into ``out_dir``; ``jobs`` processes (1: in this process).

    ``step`` is called after each report; ``before_wait`` once every task is submitted (start
    a progress display there: worker processes already exist, so no thread is forked).
    """
    brand = brand or Brand()
    folder = check_template_dir(template_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    targets = [str(out / f"{name}.pdf") for name in file_names(inputs)]
    jobs = min(jobs or default_jobs(), max(len(inputs), 1))
    results: list[Rendered | None] = [None] * len(inputs)
    if jobs <= 1:
        _init(questionnaire, rubric, brand, folder, today)
        if before_wait:
            before_wait()
        for k, (inp, target) in enumerate(zip(inputs, targets, strict=True)):
            results[k] = _render(inp, target)
            if step:
                step(results[k])  # type: ignore[arg-type]
        return [r for r in results if r is not None]
    _warm(folder)  # imports and compiled templates are inherited by forked workers

    with ProcessPoolExecutor(
        jobs,
        initializer=_init,
        initargs=(questionnaire, rubric, brand, folder, today, os.getpid()),
    ) as pool:
        pending: dict[Future[Rendered], int] = {
            pool.submit(_render, inp, target): k
            for k, (inp, target) in enumerate(zip(inputs, targets, strict=True))
        }
        if before_wait:
            before_wait()
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    k = pending.pop(future)
                    results[k] = future.result()
                    if step:
                        step(results[k])  # type: ignore[arg-type]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    return [r for r in results if r is not None]
