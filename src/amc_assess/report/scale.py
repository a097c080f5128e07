"""The score axis of the report: the rubric's score range, its level thresholds and colors.

Every chart and every sentence that names the scale reads it from one :class:`ScoreScale`
(``ctx["scale"]``), made from the rubric the result was scored with; nothing is re-scored.
The five brand level colors are spread over any number of levels or score steps: with five
(the AMC rubric's levels, or the whole points of 1..5) each step takes a brand color as it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from amc_assess.models import Questionnaire, Rubric
from amc_assess.models.rubric import SCALE_MAX, SCALE_MIN, SOUND, SOUND_SHARE

MAX_WHOLE_POINTS = 11  # a range of more whole points is ticked in quarters instead
AMC_THRESHOLDS = (1.0, 1.8, 2.6, 3.4, 4.2)
WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
EPS = 1e-9


def number(value: float) -> str:
    """A score bound as the text prints it: ``5``, ``5.5``, ``0.25``."""
    return f"{value:g}"


def span(low: float, high: float, whole: bool = True) -> str:
    """Scores from ``low`` to ``high`` in words: ``4 or 5``, ``6 or 7`` (two whole points),
    ``8 to 10``, ``4 to 5`` (when scores need not be whole)."""
    if whole and float(low).is_integer() and float(high).is_integer() and high - low == 1:
        return f"{number(low)} or {number(high)}"
    return f"{number(low)} to {number(high)}"


@dataclass(frozen=True)
class ScoreScale:
    """The rubric's score range, level thresholds and sound score, as the report shows them.

    ``whole``: every practice score of the result is a whole number (the bands of practices
    in place and gaps are then whole points).
    """

    low: float = SCALE_MIN
    high: float = SCALE_MAX
    thresholds: tuple[float, ...] = AMC_THRESHOLDS
    sound: float = SOUND
    whole: bool = True

    @classmethod
    def of(cls, rubric: Rubric, scores: Iterable[float | None] = ()) -> ScoreScale:
        """The scale of ``rubric``; ``scores``: the result's practice scores."""
        low, high = rubric.score_range
        whole = all(float(s).is_integer() for s in scores if s is not None)
        return cls(low, high, tuple(rubric.thresholds()), rubric.sound(), whole)

    @property
    def levels(self) -> int:
        return len(self.thresholds)

    @property
    def levels_word(self) -> str:
        return WORDS.get(self.levels, str(self.levels))

    @property
    def low_text(self) -> str:
        return number(self.low)

    @property
    def high_text(self) -> str:
        return number(self.high)

    @property
    def sound_text(self) -> str:
        return number(self.sound)

    @property
    def whole_points(self) -> bool:
        """The range runs over few enough whole points to tick and color each of them."""
        span_ = self.high - self.low
        return self._integral and span_ + 1 <= MAX_WHOLE_POINTS

    @property
    def _integral(self) -> bool:
        return float(self.low).is_integer() and float(self.high).is_integer()

    def share(self, score: float) -> float:
        """Where ``score`` lies on the range, 0 (lowest) to 1 (highest), clamped."""
        return min(max((score - self.low) / (self.high - self.low), 0.0), 1.0)

    def ticks(self) -> list[float]:
        """The axis ticks: every whole point of the range, or its quarters for a wide range."""
        if self.whole_points:
            return [float(v) for v in range(int(self.low), int(self.high) + 1)]
        return [self.low + k * (self.high - self.low) / 4 for k in range(5)]

    def rings(self) -> list[float]:
        """The radar's rings: where each level above the first starts, and the top."""
        return [t for t in self.thresholds[1:] if t < self.high] + [float(self.high)]

    @property
    def in_place_min(self) -> float:
        """The lowest score of a practice in place (the sound score; a whole point up)."""
        snap = self.whole and self._integral
        return float(math.ceil(self.sound - EPS)) if snap else self.sound

    @property
    def gap_max(self) -> float:
        """The highest score of a practice that is a gap (a quarter up the range: 2 on 1..5)."""
        gap = self.low + (1 - SOUND_SHARE) * (self.high - self.low)
        return float(math.floor(gap + EPS)) if self.whole and self._integral else gap

    @property
    def in_place(self) -> str:
        return span(self.in_place_min, self.high, self.whole)

    @property
    def gaps(self) -> str:
        return span(self.low, self.gap_max, self.whole)


def _rgb(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def shade(palette: Sequence[str], t: float) -> str:
    """The color at ``t`` (0..1) along the palette, mixed between its neighbours."""
    at = round(min(max(t, 0.0), 1.0) * (len(palette) - 1), 9)
    k = min(int(at), len(palette) - 2)
    if at == k:
        return palette[k].upper()
    frac = at - k
    pairs = zip(_rgb(palette[k]), _rgb(palette[k + 1]), strict=True)
    mixed = (round(a + (b - a) * frac) for a, b in pairs)
    return "#" + "".join(f"{c:02X}" for c in mixed)


def level_shade(palette: Sequence[str], level: int, levels: int) -> str:
    """The color of ``level`` of ``levels``: the palette spread over the levels."""
    return shade(palette, (min(max(level, 1), levels) - 1) / max(levels - 1, 1))


def score_shade(palette: Sequence[str], score: float, scale: ScoreScale) -> str:
    """The color of a score: that of the axis tick it has reached (3.67 on 1..5 is 3, as the
    report counts a practice in place from 4 on; the nearest tick colored a 3.67 as an 'in
    place' 4 beside words that called it neither)."""
    steps = len(scale.ticks()) - 1
    step = math.floor(scale.share(score) * steps + EPS)
    return shade(palette, step / steps)


def agreement_steps(q: Questionnaire, r: Rubric) -> list[dict[str, object]]:
    """The scored agreement scales whose points are not the rubric's whole points (a 7-point
    statement on 1..5): how far apart their answers score, for the methodology page. Empty
    where every statement scores as answered."""
    low, high = r.score_range
    whole = float(low).is_integer() and float(high).is_integer()
    items = q.item_map()
    points = {
        q.scale_of(items[ri.item]).points
        for dim in r.dimensions.values()
        for ri in dim.items
        if ri.item in items and items[ri.item].type == "agreement" and not ri.map
    }
    return [
        {"points": k, "step": f"{(high - low) / (k - 1):.2f}".rstrip("0").rstrip(".")}
        for k in sorted(points)
        if k > 1 and not (whole and k == high - low + 1)
    ]
