"""Assessment dates as survey tools and spreadsheets write them, read to ISO days.

* ``2026-03-02``, ``2026/03/02`` (a time after it, as in timestamps, is dropped);
* ``02.03.2026`` and ``2.3.26``: day first, always (the dotted form is day.month.year);
* ``03/02/2026`` or ``03-02-2026``: the column's order, told by a date in it whose first or
  second number is above 12; where none tells, month first (US survey tools' exports), or day
  first in a file with decimal commas, and a note says which was taken;
* ``Mar 2, 2026``, ``2 March 2026``, ``2-Mar-26`` (English month names).

A date without a day (``March 2026``), a day that does not exist (``31.02.2026``) or has not
come yet (a typed 2062, as ``amc history add`` refuses it), or a form
the column uses both ways (``25/03/2026`` beside ``03/25/2026``, for its undecidable dates) is
a bad cell, not a guess.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from amc_assess.daytext import TIME, read_days


def read_dates(
    raw: pd.Series, day_first: bool = False, known: bool = False
) -> tuple[pd.Series, np.ndarray, list[str], str]:
    """A column of dates as ISO days (categorical); the bad cells' rows and messages; a note
    on the order taken for undecidable slashed dates ("" when none or ``known``)."""
    if raw.dtype.kind == "M":
        day = raw.dt.tz_localize(None) if raw.dt.tz is not None else raw
        texts = day.dt.strftime("%Y-%m-%d")
    else:
        texts = raw.astype("string").str.strip().str.replace(TIME, "", regex=True)
        texts = texts.mask(texts == "")
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    days, messages, note = read_days([str(u) for u in uniques], day_first, known)
    labels = pd.Series(days, dtype=object)
    label_codes, categories = pd.factorize(labels, use_na_sentinel=True)  # two spellings, one day
    lut = np.append(label_codes, -1)
    dates = pd.Categorical.from_codes(
        lut[np.where(codes < 0, len(uniques), codes)], categories=categories
    )
    invalid = np.array([d is None for d in days] + [False], dtype=bool)
    bad = np.flatnonzero(invalid[np.where(codes < 0, len(uniques), codes)])
    per_unique = np.array(messages + [""], dtype=object)
    return (
        pd.Series(dates, index=raw.index),
        bad,
        [str(m) for m in per_unique[np.where(codes < 0, len(uniques), codes)][bad]],
        note,
    )
