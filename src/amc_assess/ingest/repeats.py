"""Respondents who appear more than once in a batch: each such row is scored and counted."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import islice

import pandas as pd

from amc_assess.ingest.values import PARALLEL_FROM

KEYS = ("firm", "respondent", "year", "date")  # the same person in another year is not a repeat
SHOWN = 3


def place(file: object, row: object) -> str:
    """Where an input row is: ``file row N``, or the file alone (a response file, YAML or
    JSON, is one respondent and has no rows)."""
    return f"{file}" if pd.isna(row) else f"{file} row {row}"


def repeated_respondents(meta: pd.DataFrame) -> str | None:
    """A note naming the respondent ids found in more than one row of the same firm (and year
    or date, where given), with their files and rows; None when every id is once."""
    if "respondent" not in meta.columns or not len(meta):
        return None
    who = meta["respondent"]
    if _surely_distinct(who):  # the usual case
        return None
    given = who.notna().to_numpy()
    if len(pd.unique(who[given])) == int(given.sum()):
        return None
    keys = [k for k in KEYS if k in meta.columns]
    twice = meta[keys].duplicated(keep=False).to_numpy() & given
    if not twice.any():
        return None
    rows = meta.loc[twice, [*keys, "source_file", "source_row"]]
    grouped = rows.groupby(keys, dropna=False, sort=False)
    shown = []  # the first few groups only: making each of 200k groups a frame took 15 s
    for key, group in islice(grouped, SHOWN):
        firm = f" of {key[0]}" if keys[0] == "firm" and pd.notna(key[0]) else ""
        respondent = key[keys.index("respondent")]
        places = [
            place(f, r) for f, r in zip(group["source_file"], group["source_row"], strict=True)
        ]
        shown.append(f"{respondent!r}{firm} in {', '.join(places)}")
    n = grouped.ngroups
    more = f"; and {n - SHOWN} more" if n > SHOWN else ""
    return (
        f"{n} respondent id{'s' * (n > 1)} appear{'s' * (n == 1)} in more than one row, each "
        f"row scored (one that repeats an earlier row's answers counts once in group "
        f"figures): "
        + "; ".join(shown) + more
    )  # fmt: skip


def _surely_distinct(who: pd.Series) -> bool:
    """Whether a large column of ids read as Arrow text is all distinct by the compiled
    hash check (:func:`~amc_assess.ingest.arrowio.all_distinct`); False where it cannot tell."""
    if len(who) < PARALLEL_FROM or not isinstance(who.array, pd.arrays.ArrowStringArray):
        return False
    from amc_assess.ingest.arrowio import all_distinct  # lazy: pyarrow, here loaded already

    return all_distinct(who.array)


@contextmanager
def repeats_meanwhile(meta: pd.DataFrame) -> Iterator[Future[str | None]]:
    """:func:`repeated_respondents` on another thread while the caller works, for a large
    batch (Arrow's hashing of the ids releases the GIL); at once for a small one."""
    if len(meta) < PARALLEL_FROM:
        done: Future[str | None] = Future()
        done.set_result(repeated_respondents(meta))
        yield done
        return
    with ThreadPoolExecutor(1, thread_name_prefix="amc-repeats") as pool:
        yield pool.submit(repeated_respondents, meta)
