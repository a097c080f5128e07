"""Jobs run a few ahead on two threads while the caller takes their results in order: the
engine's per-item encoding of a large frame, whose compiled loops release the GIL."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
PARALLEL_FROM = 50_000  # rows; below, a thread costs more than it saves (here and in ingest)
WINDOW = 4  # jobs started ahead of the one taken: what they hold stays a few columns


@contextmanager
def ahead(jobs: Sequence[tuple[str, Callable[[], T]]], rows: int) -> Iterator[Callable[[str], T]]:
    """A ``take(key)`` giving each job's result, the jobs taken in their order: run on two
    threads, at most WINDOW ahead, for ``rows`` from PARALLEL_FROM on a machine of two cores
    or more; else each run when taken, in the calling thread."""
    from amc_assess.clib import threads  # lazy: ctypes, for a large frame only

    if rows < PARALLEL_FROM or threads() < 2 or len(jobs) < 2:
        found = dict(jobs)
        yield lambda key: found.pop(key)()
        return
    waiting = deque(jobs)
    started: deque[tuple[str, Future[T]]] = deque()
    with ThreadPoolExecutor(2, thread_name_prefix="amc-encode") as pool:

        def fill() -> None:
            while waiting and len(started) < WINDOW:
                key, job = waiting.popleft()
                started.append((key, pool.submit(job)))

        def take(key: str) -> T:
            fill()
            first, done = started.popleft()
            if first != key:
                raise KeyError(f"{key!r} taken out of order (next: {first!r})")
            result = done.result()
            fill()
            return result

        try:
            yield take
        finally:
            for _, left in started:
                left.cancel()
