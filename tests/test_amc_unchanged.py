"""The bundled AMC instrument and rubric score exactly as before scales of any length.

``tests/fixtures/amc_golden/`` holds the engine's output of the version before issue 13
(item scores, every dimension and overall column, fired rules, definition digests and the
example reports' JSON results) for the three example responses and a fixed pseudo-random batch
of 240 responses. Any change to a score, level, gap, progress figure or digest fails here.
Regenerate only for a deliberate change: ``python tests/test_amc_unchanged.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from amc_assess.api import score_files
from amc_assess.definitions import digests
from amc_assess.models import Item, Questionnaire
from amc_assess.scoring import Scored, score_frame
from amc_assess.validation import instrument

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "fixtures" / "amc_golden"
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
ROWS = 240


class Lcg:
    """A tiny generator whose stream never depends on a library version."""

    def __init__(self, seed: int) -> None:
        self.state = seed

    def below(self, k: int) -> int:
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 33) % k


def random_batch(q: Questionnaire, rows: int = ROWS, seed: int = 13) -> pd.DataFrame:
    """Answers of every type, with don't-knows, not-applicables and empty cells; a third of
    the rows lean low and a third high, so that every level is met."""
    rng = Lcg(seed)
    items = [item for item in q.items() if item.type not in ("text", "contacts")]
    data: dict[str, list[object]] = {item.id: [] for item in items}
    for _ in range(rows):
        lean = rng.below(3)  # 0: anywhere, 1: low answers, 2: high answers
        for item in items:
            data[item.id].append(_answer(item, rng, lean))
    return pd.DataFrame(data)


def _pick(k: int, rng: Lcg, lean: int) -> int:
    """A position 0..k-1: anywhere, in the lower or in the upper part."""
    part = max(1, (2 * k) // 5)
    if lean == 1:
        return rng.below(part)
    if lean == 2:
        return k - 1 - rng.below(part)
    return rng.below(k)


def _answer(item: Item, rng: Lcg, lean: int) -> object:
    roll = rng.below(100)
    if roll < 6:
        return "dont_know"
    if roll < 9 and item.not_applicable:
        return "not_applicable"
    if roll < 10:
        return None
    if item.type == "agreement":
        return 1 + _pick(5, rng, lean)
    if item.type in ("yesno", "choice"):
        codes = item.codes()
        return codes[rng.below(len(codes))]
    assert item.min is not None and item.max is not None
    value = item.min + (item.max - item.min) * _pick(1001, rng, lean) / 1000
    return round(value) if item.integer else value


def outputs(scored: Scored) -> dict[str, pd.DataFrame]:
    items = scored.item_frame().astype("Float64")
    dims = scored.dimensions.copy()
    for column in dims.columns:
        if isinstance(dims[column].dtype, pd.CategoricalDtype):
            dims[column] = dims[column].astype(str)
    return {"items": items, "dimensions": dims, "rules": scored.rules.astype(int)}


def current() -> dict[str, object]:
    q, r = instrument()
    frames = outputs(score_frame(random_batch(q), q, r))
    results = [res.model_dump(mode="json") for res in score_files([str(p) for p in EXAMPLES])]
    return {"frames": frames, "results": results, "digests": digests(q, r)}


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, float_format="%.9g", lineterminator="\n")


def test_amc_batch_scores_unchanged():
    now = current()
    frames = now["frames"]
    assert isinstance(frames, dict)
    for name, frame in frames.items():
        want = (GOLDEN / f"batch_{name}.csv").read_text(encoding="utf-8")
        assert _csv(frame) == want, name


def test_amc_examples_and_digests_unchanged():
    now = current()
    want = json.loads((GOLDEN / "examples.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(now["results"])) == want["results"]
    assert now["digests"] == want["digests"]


if __name__ == "__main__":  # regenerate the stored output (a deliberate change only)
    data = current()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    frames = data["frames"]
    assert isinstance(frames, dict)
    for name, frame in frames.items():
        (GOLDEN / f"batch_{name}.csv").write_text(_csv(frame), encoding="utf-8")
    stored = {"results": data["results"], "digests": data["digests"]}
    text = json.dumps(stored, indent=1, sort_keys=True) + "\n"
    (GOLDEN / "examples.json").write_text(text, encoding="utf-8")
