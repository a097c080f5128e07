"""A firm's standing per dimension among its peers, as disclosure control releases it.

Only the figures of :mod:`amc_assess.disclosure` leave this module: level counts for 3 to 9
comparable peers; from 10, quartiles and cut points rounded to 0.1 and the firm's position
as a band between them. The exact order statistics never leave it.
"""

from __future__ import annotations

import pandas as pd
from pydantic import Field

from amc_assess.definitions import OVERALL
from amc_assess.disclosure import QUARTILES, cut_points, level_counts, position, size_band, tier
from amc_assess.models import Rubric
from amc_assess.models.base import Model, empty_dict
from amc_assess.models.comparison import Position, Quartiles
from amc_assess.models.rubric import overall_title


class Standing(Model):
    """The firm's score on one dimension (or overall) and its peers' released figures."""

    dimension: str
    title: str
    score: float | None
    level: int | None = Field(default=None, description="the firm's own maturity level here")
    peers: str | None = Field(
        default=None, description="peers with a comparable score, as a size band"
    )
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    cuts: dict[str, float] = Field(
        default_factory=empty_dict,
        description="percentile -> rounded cut point of the position band",
    )
    position: Position | None = None
    levels: dict[str, int] | None = Field(
        default=None, description="level -> peers at that level (3 to 9 comparable peers)"
    )
    note: str | None = Field(default=None, description="why no figure is shown")

    def released(self) -> Quartiles | None:
        """The report's figures (None when withheld)."""
        if self.peers is None or (self.median is None and self.levels is None):
            return None
        return Quartiles(
            peers=self.peers, q1=self.q1, median=self.median, q3=self.q3, cuts=self.cuts,
            position=self.position, levels=self.levels,
        )  # fmt: skip


def standings(
    mine: pd.DataFrame, peers: pd.DataFrame, r: Rubric, min_peers: int
) -> tuple[list[Standing], list[str]]:
    """The firm's standing per dimension (rubric order, then others) and overall, and notes.

    ``mine``: the firm's pooled rows of the year; ``peers``: the group's pooled rows (the firm's
    own too where it is stored in the group: every asker sees the same figures). A dimension's
    n comparable firms count as n - 1 peers, what any one of them sees beside itself."""
    order = [d for d in r.dimensions if d in set(mine["dimension"])]
    order += [d for d in mine["dimension"] if d not in order and d != OVERALL]
    out, notes = [], []
    for dim in [*order, OVERALL]:
        title = overall_title(r.questionnaire) if dim == OVERALL else (
            r.dimensions[dim].title if dim in r.dimensions else dim
        )  # fmt: skip
        standing, note = _standing(dim, title, mine, peers, min_peers, len(r.levels))
        out.append(standing)
        if note:
            notes.append(note)
    return out, notes


def _standing(dim: str, title: str, mine: pd.DataFrame, peers: pd.DataFrame, min_peers: int,
              top: int) -> tuple[Standing, str | None]:  # fmt: skip
    row = mine[mine["dimension"] == dim]
    score = float(row["score"].iloc[0]) if len(row) and pd.notna(row["score"].iloc[0]) else None
    if score is None:
        return Standing(dimension=dim, title=title, score=None,
                        note="the firm has insufficient data here"), None  # fmt: skip
    level = row["level"].iloc[0]
    base = Standing(dimension=dim, title=title, score=score,
                    level=int(level) if pd.notna(level) else None)  # fmt: skip
    key = row["def_key"].iloc[0]
    here = peers[(peers["dimension"] == dim) & peers["score"].notna()]
    same = here[here["def_key"] == key]
    other = int((here["def_key"] != key).sum())
    note = None
    if other:
        note = (  # as a band: exact counts from two firms' notes added up to the group's size
            f"{title}: peer firms scored with another instrument or rubric version that defines "
            f"it differently are left out ({size_band(other)})."
        )
    n = len(same)  # the firms of the group with a comparable score; each sees n - 1 others
    if n - 1 < min_peers:
        withheld = f"withheld: fewer than {min_peers} peers with a comparable score"
        return base.model_copy(update={"note": withheld}), note
    found = tier(n - 1)
    if found is None:  # a small group: how many peers are at each level, nothing finer
        levels = [int(v) if pd.notna(v) else None for v in same["level"]]
        counts = level_counts(levels, top)
        return base.model_copy(update={"peers": size_band(n), "levels": counts}), note
    width, percents = found
    cuts = cut_points(same["score"].to_numpy(dtype=float), {*percents, *QUARTILES})
    released = {
        "peers": size_band(n), "q1": cuts[25], "median": cuts[50], "q3": cuts[75],
        "cuts": {str(p): cuts[p] for p in percents},
        # placed as printed: 2.498 shown as 2.50 beside a quartile of 2.5 is not below it
        "position": position(float(f"{score:.2f}"), cuts, width),
    }  # fmt: skip
    return base.model_copy(update=released), note
