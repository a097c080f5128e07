"""Autosave cost per answer in `amc assess`, on the full default instrument.

    python benchmarks/autosave_bench.py               # one interview, files in a temp folder
    python benchmarks/autosave_bench.py --dir . --rounds 5

Answers every asked item of the bundled questionnaire in order, as the interview does
(seeded random answers, ~10% "don't know"), and times, after each answer:
  - save: writing the response file (YAML dump, temp file, fsync, rename), which is what
    the respondent waits for between two questions;
  - flow: recording the answer and re-evaluating skip logic (which items are asked).
Prints mean, p95 and max in milliseconds over all answers of all rounds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from amc_assess.api import instrument
from amc_assess.interview.flow import Flow
from amc_assess.interview.session import new_response, save
from amc_assess.models import Answer, Item, Respondent


def an_answer(item: Item, rng: random.Random) -> Answer:
    if item.type != "text" and rng.random() < 0.1:
        return Answer(state="dont_know")
    if item.type == "agreement":
        return Answer(value=rng.randint(1, 5))
    if item.type in ("yesno", "choice"):
        return Answer(value=rng.choice(item.codes()))
    if item.type == "number":
        assert item.min is not None and item.max is not None
        if item.integer:
            return Answer(value=rng.randint(int(item.min), int(item.max)))
        return Answer(value=round(rng.uniform(item.min, item.max), 1))
    return Answer(value="Joint steering committee minutes, March 2026", note="shown on screen")


def one_interview(folder: Path, seed: int) -> tuple[list[float], list[float], int]:
    q, _ = instrument()
    response = new_response(q, "Bench Corp", Respondent(name="Bench", level="senior", side="own"))
    flow = Flow(q, response)
    items = q.item_map()
    path = folder / f"bench-{seed}.yaml"
    rng = random.Random(seed)
    saves, flows = [], []
    current = flow.next_item(None)
    while current is not None:
        answer = an_answer(items[current], rng)
        t0 = time.perf_counter()
        flow.answer(current, answer)
        t1 = time.perf_counter()
        save(path, response, q)
        t2 = time.perf_counter()
        flows.append(t1 - t0)
        saves.append(t2 - t1)
        current = flow.next_item(current)
    return saves, flows, path.stat().st_size


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return (
        f"{name:<6} mean {statistics.fmean(ms):7.2f} ms   p95 {p95:7.2f} ms   max {ms[-1]:7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="folder for the response files (default: temp)")
    parser.add_argument("--rounds", type=int, default=1, help="interviews to run (default 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        saves: list[float] = []
        flows: list[float] = []
        size = 0
        for seed in range(args.rounds):
            s, f, size = one_interview(folder, seed)
            saves += s
            flows += f
    q, _ = instrument()
    print(
        f"{q.id} {q.version}: {len(q.items())} items; {len(saves)} answers in {args.rounds} "
        f"interview(s); final file {size} bytes in {folder if args.dir else 'a temp folder'}"
    )
    print(summary("save", saves))
    print(summary("flow", flows))
    print(summary("total", [a + b for a, b in zip(saves, flows, strict=True)]))


if __name__ == "__main__":
    main()
