"""Reliable change (Jacobson & Truax 1991): what a dimension's threshold for a real change
rests on (alpha and SD over the stored assessments scored the same way, or documented
defaults), and the verdict on a change between two years' means (see
:mod:`amc_assess.store.history`)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pydantic import Field

from amc_assess.aggregate import cronbach_alpha
from amc_assess.definitions import OVERALL, Versions, digests
from amc_assess.models import Questionnaire, Rubric
from amc_assess.models.base import Model
from amc_assess.store.db import Store

Z = 1.96
SHOWN = 2  # decimals of the scores, changes and thresholds history show and the report print
DEFAULT_ALPHA = 0.83
DEFAULT_SD = 0.75
MIN_SAMPLE = 30
SAMPLE = 5000


class Reliability(Model):
    """What a dimension's reliable-change threshold rests on."""

    dimension: str
    alpha: float
    sd: float
    alpha_n: int = Field(description="assessments behind alpha (0: the default)")
    sd_n: int = Field(description="assessments behind the SD (0: the default)")
    level_width: float = Field(
        default=0.8, description="score points of one maturity level (mean threshold spacing)"
    )

    @property
    def sem(self) -> float:
        """Standard error of measurement of one respondent's score."""
        return self.sd * math.sqrt(max(1.0 - self.alpha, 0.0))

    def s_diff(self, before: int = 1, after: int = 1) -> float:
        """Standard error of the difference of two means, of ``before`` and ``after``
        respondents: each mean's error is the SEM over the square root of its respondents
        (their errors independent), so ``SEM * sqrt(1/before + 1/after)``."""
        return self.sem * math.sqrt(1.0 / max(before, 1) + 1.0 / max(after, 1))

    def threshold(self, before: int = 1, after: int = 1) -> float:
        """Score points a change between such means must exceed to be real."""
        return Z * self.s_diff(before, after)

    def verdict(
        self, change: float, before: int = 1, after: int = 1, level_changed: bool = False
    ) -> str:
        """Real improvement or decline beyond noise; a level change that is not beyond noise
        says so instead of being hidden.

        Judged as printed (:data:`SHOWN`): ``change`` between scores rounded to two decimals
        (:func:`shown_change`), against the threshold rounded so too; the text never calls a
        change printed beyond the printed threshold noise, nor the reverse (+0.50 "within
        noise" stood under "real change beyond ±0.49": 0.4946 against 0.4949)."""
        threshold = round(self.threshold(before, after), SHOWN)
        if self.s_diff(before, after) > 0 and round(abs(change), SHOWN) > threshold:
            return "real improvement" if change > 0 else "real decline"
        return "level changed, within noise" if level_changed else "within noise"

    def describe_used(self, pairs: set[tuple[int, int]]) -> str:
        """The thresholds of the comparisons made: ``pairs`` of respondent counts (before,
        after), e.g. ``±0.74 points (0.9 levels) for 1 and 2 respondents``."""
        width, parts = self.level_width or 1.0, []
        for a, b in sorted({(min(p), max(p)) for p in pairs}):
            t = self.threshold(a, b)
            who = ("single respondents" if b == 1 else f"means of {a} each year" if a == b
                   else f"means of {a} and {b} respondents")  # fmt: skip
            parts.append(f"±{t:.2f} points ({t / width:.1f} levels) for {who}")
        return f"real change beyond {'; '.join(parts)} ({self._basis()})"

    def _basis(self) -> str:
        alpha = (
            f"alpha {self.alpha:.2f} from {self.alpha_n:,} stored assessments"
            if self.alpha_n
            else f"alpha {self.alpha:.2f} (default)"
        )
        return f"RCI > {Z}; {alpha}; SD {self.sd:.2f}" + ("" if self.sd_n else " (default)")

    def describe(self, respondents: int = 4) -> str:
        """The thresholds of real change, for single respondents and, when ``respondents``
        answer each year, for their means."""
        one, width = self.threshold(), self.level_width or 1.0
        text = f"real change beyond ±{one:.2f} points ({one / width:.1f} levels) for single "
        if respondents <= 1:
            return text + f"respondents ({self._basis()})"
        means = self.threshold(respondents, respondents)
        return text + (
            f"respondents, ±{means:.2f} ({means / width:.1f} levels) for means of "
            f"{respondents} each year ({self._basis()})"
        )


def shown_change(after: float, before: float) -> float:
    """The change between two scores as printed: their difference once each is rounded to
    :data:`SHOWN` decimals."""
    return round(after, SHOWN) - round(before, SHOWN)


def reliabilities(
    store: Store,
    q: Questionnaire,
    r: Rubric,
    known: dict[Versions, dict[str, str]],
    current: Versions,
    dimensions: list[str],
) -> dict[str, Reliability]:
    """Alpha and SD of each dimension over the stored assessments scored the same way."""
    loaded = digests(q, r)
    thresholds = r.thresholds()
    width = (thresholds[-1] - thresholds[0]) / max(len(thresholds) - 1, 1)
    samples: dict[tuple[Versions, ...], pd.DataFrame] = {}
    out = {}
    for dim in dimensions:
        key = known.get(current, {}).get(dim)
        alpha, alpha_n, sd, sd_n = DEFAULT_ALPHA, 0, DEFAULT_SD, 0
        if key is not None and key == loaded.get(dim):
            same = tuple(v for v, dims in known.items() if dims.get(dim) == key)
            if same not in samples:
                samples[same] = pd.DataFrame(store.item_scores(same, SAMPLE), dtype=float)
            items = samples[same]
            if dim == OVERALL:
                members = [ri.item for d in r.dimensions.values() for ri in d.items]
            else:
                members = [ri.item for ri in r.dimensions[dim].items]
            members = [m for m in dict.fromkeys(members) if m in items.columns]
            if len(items) >= MIN_SAMPLE and len(members) >= 2:
                result = cronbach_alpha(items[members], "pairwise")
                if result.n >= MIN_SAMPLE and 0 < result.alpha < 1:
                    alpha, alpha_n = result.alpha, result.n
            scores = store.dimension_sample(same, dim, SAMPLE)
            if len(scores) >= MIN_SAMPLE and np.std(scores, ddof=1) > 0:
                sd, sd_n = float(np.std(scores, ddof=1)), len(scores)
        out[dim] = Reliability(
            dimension=dim, alpha=alpha, sd=sd, alpha_n=alpha_n, sd_n=sd_n, level_width=width
        )
    return out
