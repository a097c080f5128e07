"""Assessment scores as long frames, and pooling a firm's respondents per year.

A *long frame* has one row per assessment and dimension (``overall`` included): ``aid``,
``firm_key``, ``year``, ``date``, the four version columns, the profile columns, ``dimension``,
``score``, ``level``, ``status``, ``target``, ``percent_to_target``. The store and peer files
both produce one; history and benchmark read nothing else.

Pooling: a firm's assessments in one year (several respondents) become the firm's result for
that year through the one firm aggregation (:func:`amc_assess.scored.firm.firm_frame`): mean
scores, and levels, gaps and percent to target read from the means. Only the assessments made
with the same instrument/rubric versions as the year's latest one are pooled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from amc_assess.definitions import OVERALL, Versions, version_key
from amc_assess.names import VERSION_COLUMNS
from amc_assess.scored.firm import firm_frame
from amc_assess.scored.members import counted_rows
from amc_assess.scored.respondent import PROFILE, ScoredRespondent

if TYPE_CHECKING:
    from amc_assess.models import Rubric

LONG_COLUMNS = (
    ["aid", "firm_key", "year", "date", *VERSION_COLUMNS, "side", *PROFILE]
    + ["dimension", "score", "level", "status", "target", "percent_to_target"]
)  # fmt: skip


def records_frame(records: Sequence[ScoredRespondent]) -> pd.DataFrame:
    """The long frame of records read from files (``aid`` is the record's position)."""
    rows = []
    for aid, rec in enumerate(records):
        head = [
            aid, rec.firm_key, rec.year, rec.date.isoformat() if rec.date else None,
            *rec.versions, rec.who.get("side"), *(rec.profile.get(p) for p in PROFILE),
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
    combos = frame[[*VERSION_COLUMNS, "dimension"]].drop_duplicates()
    keys = []
    for row in combos.itertuples(index=False):
        versions: Versions = (str(row[0]), str(row[1]), str(row[2]), str(row[3]))
        dim = str(row[4])
        keys.append(known.get(versions, {}).get(dim) or version_key(versions, dim))
    combos = combos.assign(def_key=keys)
    return frame.merge(combos, on=[*VERSION_COLUMNS, "dimension"], how="left")


def latest_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep each firm's latest year only."""
    if frame.empty:
        return frame
    last = frame.groupby("firm_key")["year"].transform("max")
    return frame[frame["year"] == last]


def pool(frame: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """One row per firm, year and dimension: the firm's result that year.

    Columns: ``firm_key``, ``year``, ``date`` (the latest), the version columns of the year's
    latest assessment, ``dimension``, ``def_key``, ``score`` (the respondents' mean),
    ``level``, ``scored`` (respondents with a score), ``respondents`` (assessments pooled),
    ``target``, ``percent_to_target`` (dimensions: from the mean score; overall: from the
    mean dimension scores), ``dropped`` (assessments of that year left out for another
    version). ``rubric``: the rubric in use (thresholds, default targets, weights).
    """
    columns = [
        "firm_key", "year", "date", *VERSION_COLUMNS, "dimension", "def_key", "score", "level",
        "scored", "respondents", "target", "percent_to_target", "dropped",
    ]  # fmt: skip
    if frame.empty:
        return pd.DataFrame(columns=columns)
    fy = ["firm_key", "year"]
    heads = frame.drop_duplicates("aid")
    mask = counted_rows(heads, fy)  # whose answers make each firm-year's scores
    heads = heads[mask][["aid", *fy, "date", *VERSION_COLUMNS]]
    frame = frame[frame["aid"].isin(heads["aid"])]
    heads = heads.assign(
        _vid=heads.groupby(list(VERSION_COLUMNS), sort=False, dropna=False).ngroup().to_numpy(),
        _order=heads["date"].fillna(""),
    ).sort_values([*fy, "_order", "aid"], kind="stable")
    ref = heads.drop_duplicates(fy, keep="last").set_index(fy)  # the year's latest assessment
    total = heads.groupby(fy, sort=False).size()
    ref_vid = ref["_vid"].reindex(pd.MultiIndex.from_frame(heads[fy])).to_numpy()
    keep = heads[heads["_vid"].to_numpy() == ref_vid]
    rows = frame[frame["aid"].isin(keep["aid"])]
    dims = [d for d in dict.fromkeys(rows["dimension"]) if d != OVERALL]
    wide = rows.pivot(index="aid", columns="dimension", values=["score", "target"])
    table = keep.set_index("aid")[fy].copy()
    for dim in [*dims, OVERALL]:
        present = ("score", dim) in wide.columns
        table[f"{dim}_score"] = _floats(wide[("score", dim)]) if present else np.nan
        if dim != OVERALL:
            table[f"{dim}_target"] = _floats(wide[("target", dim)])
    firms = firm_frame(table, fy, rubric, dims)
    keys = rows.drop_duplicates([*fy, "dimension"]).set_index([*fy, "dimension"])["def_key"]
    parts = []
    for dim in [*dims, OVERALL]:
        part = pd.DataFrame(index=firms.index)
        part["dimension"] = dim
        part["score"] = firms[f"{dim}_score"]
        part["level"] = firms[f"{dim}_level"]
        part["scored"] = firms[f"{dim}_respondents"]
        if dim == OVERALL:
            part["target"] = pd.NA
            part["percent_to_target"] = firms["overall_percent_to_target"]
        else:
            part["target"] = firms[f"{dim}_target"]
            part["percent_to_target"] = firms[f"{dim}_percent_to_target"]
        parts.append(part.reset_index())
    pooled = pd.concat(parts, ignore_index=True)
    at = pd.MultiIndex.from_frame(pooled[[*fy, "dimension"]])
    pooled["def_key"] = keys.reindex(at).to_numpy()
    pooled = pooled[pooled["def_key"].notna()]  # a dimension this firm's year does not score
    at = pd.MultiIndex.from_frame(pooled[fy])
    for col in ("date", *VERSION_COLUMNS):
        pooled[col] = ref[col].reindex(at).to_numpy()
    pooled["respondents"] = keep.groupby(fy, sort=False).size().reindex(at).to_numpy()
    pooled["dropped"] = total.reindex(at).to_numpy() - pooled["respondents"]
    pooled = pooled.sort_values([*fy, "dimension", "def_key"], kind="stable", ignore_index=True)
    return pooled[columns]


def _floats(column: pd.Series) -> pd.Series:
    """Numbers as floats (NaN for missing), keeping the index so rows align by ``aid``."""
    values = pd.to_numeric(column, errors="coerce").astype("Float64")
    return pd.Series(values.to_numpy(float, na_value=np.nan), index=column.index)
