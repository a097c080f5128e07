"""A rich progress bar for long batches (stderr), fed by the library's ``step`` callbacks."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

MIN_BYTES = 5_000_000  # about 20,000 responses of the default instrument
STAGES = {
    "reading": (0.0, 0.6),
    "scoring": (0.6, 0.85),
    "aggregating": (0.85, 0.9),
    "writing": (0.9, 1.0),
}
Step = Callable[[str, float], None]
UNKNOWN = -1.0  # a step's fraction while its stage cannot tell how far it is: the bar pulses


def input_bytes(inputs: Sequence[str | Path]) -> int:
    """Total size of the input files (a folder counts its files)."""
    total = 0
    for raw in inputs:
        path = Path(raw)
        files = path.iterdir() if path.is_dir() else [path]
        total += sum(p.stat().st_size for p in files if p.is_file())
    return total


@contextmanager
def progress_bar(inputs: Sequence[str | Path], show: bool | None = None) -> Iterator[Step | None]:
    """Yield a ``step(label, fraction)`` callback, or None when no bar is shown.

    ``show`` None: only for inputs of at least ``MIN_BYTES`` on an interactive terminal.
    """
    # lazy: rich loads when a command sets up its progress, not when this module is imported
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    if show is None:
        show = console.is_terminal and input_bytes(inputs) >= MIN_BYTES
    if not show:
        yield None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description:<40}"),
        BarColumn(),
        TaskProgressColumn(),  # no percentage while the bar pulses
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("reading", total=1.0)
        (shown,) = bar.tasks

        def step(label: str, fraction: float) -> None:
            low, high = STAGES.get(label.split(" ", 1)[0], (0.0, 1.0))
            shown.total = None if fraction == UNKNOWN else 1.0  # rich pulses a bar without a total
            done = low + (high - low) * (0.0 if fraction == UNKNOWN else fraction)
            bar.update(task, description=label, completed=done)

        yield step


class Counter:
    """A bar counting finished items; ``start`` shows it, ``step`` advances it (no-ops when
    hidden), so callers pass both callbacks without checking."""

    def __init__(self, label: str, total: int | None, show: bool, stack: ExitStack) -> None:
        self.label, self.total, self.show, self.stack = label, total, show, stack
        self._advance: Callable[[], None] | None = None

    def start(self, total: int | None = None) -> None:
        if not self.show or self._advance is not None:
            return
        # lazy: rich only when a bar is shown
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        bar = self.stack.enter_context(
            Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=Console(stderr=True), transient=False,
            )
        )  # fmt: skip
        task = bar.add_task(self.label, total=total or self.total)
        self._advance = lambda: bar.advance(task)

    def step(self, *_: object) -> None:
        if self._advance is not None:
            self._advance()


@contextmanager
def counting_bar(label: str, show: bool | None, total: int | None = None) -> Iterator[Counter]:
    """A :class:`Counter` on stderr; ``show`` None: only on an interactive terminal."""
    if show is None:
        show = sys.stderr.isatty()
    with ExitStack() as stack:
        yield Counter(label, total, show, stack)
