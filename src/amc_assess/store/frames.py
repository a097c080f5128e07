"""Assessment scores as long frames, and pooling a firm's respondents per year.

A *long frame* has one row per assessment and dimension (``overall`` included): ``aid``,
``firm_key``, ``year``, ``date``, the four version columns, the profile columns, ``dimension``,
``score``, ``level``, ``status``, ``target``, ``percent_to_target``. The store and peer files
both produce one; history and benchmark read nothing else.

Pooling: a firm's assessments in one year (several respondents) become one score per dimension,
the mean over the respondents with a score. Only the assessments made with the same
instrument/rubric versions as the year's latest one are pooled.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from amc_assess.store.definitions import OVERALL, Versions, version_key
from amc_assess.store.records import PROFILE, Record

VERSION_COLUMNS = ["instrument", "instrument_version", "rubric", "rubric_version"]
LONG_COLUMNS = (
    ["aid", "firm_key", "year", "date", *VERSION_COLUMNS, *PROFILE]
    + ["dimension", "score", "level", "status", "target", "percent_to_target"]
)  # fmt: skip


def records_frame(records: Sequence[Record]) -> pd.DataFrame:
    """The long frame of records read from files (``aid`` is the record's position)."""
    rows = []
    for aid, rec in enumerate(records):
        head = [
            aid, rec.firm_key, rec.year, rec.date.isoformat() if rec.date else None,
            *rec.versions, *(rec.profile.get(p) for p in PROFILE),
        ]  # fmt: skip
        for dim, s in rec.dimensions.items():
            rows.append([*head, dim, s.score, s.level, s.status, s.target, None])
        rows.append(
            [*head, OVERALL, rec.overall_score, rec.overall_level, rec.overall_status, None,
             rec.percent_to_target]
        )  # fmt: skip
    return typed(pd.DataFrame(rows, columns=LONG_COLUMNS))


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as floats (missing: NaN), so that means and comparisons behave."""
    frame = frame.copy()
    for col in LONG_COLUMNS:
        if col not in frame.columns:
            frame[col] = None
    for col in ("score", "percent_to_target"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    for col in ("level", "target"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    frame["year"] = frame["year"].astype(int)
    return frame


def attach_keys(frame: pd.DataFrame, known: dict[Versions, dict[str, str]]) -> pd.DataFrame:
    """Add ``def_key``: the dimension's definition digest, or its version key when unknown."""
    frame = frame.copy()
    combos = frame[VERSION_COLUMNS + ["dimension"]].drop_duplicates()
    keys = []
    for row in combos.itertuples(index=False):
        versions: Versions = (str(row[0]), str(row[1]), str(row[2]), str(row[3]))
        dim = str(row[4])
        keys.append(known.get(versions, {}).get(dim) or version_key(versions, dim))
    combos = combos.assign(def_key=keys)
    return frame.merge(combos, on=VERSION_COLUMNS + ["dimension"], how="left")


def latest_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep each firm's latest year only."""
    if frame.empty:
        return frame
    last = frame.groupby("firm_key")["year"].transform("max")
    return frame[frame["year"] == last]


def pool(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per firm, year and dimension: the mean score over the year's respondents.

    Columns: ``firm_key``, ``year``, ``date`` (the latest), the version columns of the year's
    latest assessment, ``dimension``, ``def_key``, ``score``, ``scored`` (respondents with a
    score), ``respondents`` (assessments pooled), ``target``, ``percent_to_target``,
    ``dropped`` (assessments of that year left out for another version).
    """
    columns = [
        "firm_key", "year", "date", *VERSION_COLUMNS, "dimension", "def_key", "score",
        "scored", "respondents", "target", "percent_to_target", "dropped",
    ]  # fmt: skip
    if frame.empty:
        return pd.DataFrame(columns=columns)
    fy = ["firm_key", "year"]
    heads = frame.drop_duplicates("aid")[["aid", *fy, "date", *VERSION_COLUMNS]]
    heads = heads.assign(
        _vid=heads.groupby(VERSION_COLUMNS, sort=False, dropna=False).ngroup().to_numpy(),
        _order=heads["date"].fillna(""),
    ).sort_values([*fy, "_order", "aid"], kind="stable")
    ref = heads.drop_duplicates(fy, keep="last").set_index(fy)  # the year's latest assessment
    total = heads.groupby(fy, sort=False).size()
    ref_vid = ref["_vid"].reindex(pd.MultiIndex.from_frame(heads[fy])).to_numpy()
    keep = heads[heads["_vid"].to_numpy() == ref_vid]
    counts = keep.groupby(fy, sort=False).size()
    rows = frame[frame["aid"].isin(keep["aid"])]
    pooled = (
        rows.groupby([*fy, "dimension", "def_key"], sort=True, dropna=False)
        .agg(
            score=("score", "mean"),
            scored=("score", "count"),
            target=("target", "max"),
            percent_to_target=("percent_to_target", "mean"),
        )
        .reset_index()
    )
    at = pd.MultiIndex.from_frame(pooled[fy])
    for col in ("date", *VERSION_COLUMNS):
        pooled[col] = ref[col].reindex(at).to_numpy()
    pooled["respondents"] = counts.reindex(at).to_numpy()
    pooled["dropped"] = total.reindex(at).to_numpy() - pooled["respondents"]
    pooled["score"] = pooled["score"].where(pooled["scored"] > 0, np.nan)
    return pooled[columns]
