"""Outputs never overwrite inputs.

Before a command writes anything, :func:`refuse_clashes` compares every file it is about to
write (the ``--out`` file, the files beside it: a report's JSON record, ``<out>.errors.csv``,
group tables) with every file it reads. Two names for one file (the same path, a symlink,
a hard link) count as one. A clash is an :class:`OutputClash`: the CLI prints its one line
and exits 2, and nothing has been written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from amc_assess.names import shown

PathLike = str | Path


class OutputClash(Exception):
    """An output that would overwrite an input (or another output of the same command)."""


def _named(path: Path) -> str:
    """The path as the user wrote it (a link is not replaced by its target's name)."""
    return shown(path) if path.is_absolute() else str(path)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare the names
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_clashes(
    outputs: Iterable[tuple[str, PathLike | None]], inputs: Iterable[PathLike | None]
) -> None:
    """Raise :class:`OutputClash` when an output is an input or two outputs are one file.

    ``outputs`` are (what, path) pairs, e.g. ``("the report's JSON record", "s.json")``;
    ``inputs`` are the files read (None and folders are skipped, as is an output of None)."""
    given = [Path(p) for p in inputs if p is not None and Path(p).is_file()]
    seen: list[tuple[str, Path]] = []
    for what, raw in outputs:
        if raw is None:  # not a file (a PostgreSQL store)
            continue
        path = Path(raw)
        for source in given:
            if _same(path, source):
                alias = "" if _named(path) == _named(source) else f" (as {_named(source)})"
                raise OutputClash(
                    f"{_named(path)}: is an input file{alias}: {what} would overwrite it; "
                    "write it under another name"
                )
        for other, earlier in seen:
            if _same(path, earlier):
                raise OutputClash(
                    f"{_named(path)}: {what} and {other} would be the same file; "
                    "write them under other names"
                )
        seen.append((what, path))
