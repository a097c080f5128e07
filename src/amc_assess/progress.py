"""A rich progress bar for long batches (stderr), fed by the library's ``step`` callbacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

MIN_BYTES = 5_000_000  # about 20,000 responses of the default instrument
STAGES = {
    "reading": (0.0, 0.6),
    "scoring": (0.6, 0.85),
    "aggregating": (0.85, 0.9),
    "writing": (0.9, 1.0),
}
Step = Callable[[str, float], None]


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
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("reading", total=1.0)

        def step(label: str, fraction: float) -> None:
            low, high = STAGES.get(label.split(" ", 1)[0], (0.0, 1.0))
            bar.update(task, description=label, completed=low + (high - low) * fraction)

        yield step
