"""``amc batch`` throughput and peak memory, from CSV and from Parquet, against two bounds.

    python benchmarks/batch_bench.py                 # 1,000,000 responses (a few minutes)
    python benchmarks/batch_bench.py --rows 100000   # a quick run
    python benchmarks/batch_bench.py --repeat 5 --only read,batch --data /tmp/amc-bench
        # read and batch alternately, 5 times each (medians), files kept in /tmp/amc-bench

Synthetic responses to the bundled instrument (firm, respondent and one column per item,
62 items: 52 scored, 10 context; about 5% empty cells, and empty where skip logic did not ask),
written once as CSV (item ids as headers, answer codes as text) and as Parquet. Each measurement
runs in a fresh process, so its peak memory (VmHWM) is its own; the import baseline is measured
the same way.

* read alone: ``pandas.read_csv`` / ``pandas.read_parquet`` of the file, nothing else;
* read4k: the same with numpy's large arrays of 4 KiB pages, as ``amc`` has them
  (``NUMPY_MADVISE_HUGEPAGE=0``); "x read" divides by read (pandas as a user calls it, the
  issue's bound), "x 4k" by read4k (where its 4 KiB pages make pandas faster, the stricter);
* ingest: amc's reader and column mapping (encoding and delimiter sniffing, labels to codes);
* score: read + map + one ``score_frame`` call + the scored table (``amc batch`` without writing);
* batch: the whole ``amc batch`` run, writing the scored table as Parquet;
* progress: batch with a ``step`` callback, as ``amc batch`` runs on a terminal (a progress bar);
* matmul: one numpy matmul of the same filled item-score matrix with the weights (lower bound).

"cpu s" is the process's CPU time over the task, every thread counted (user + system): on
N cores no run of a task can take less than cpu s / N seconds, however well it overlaps.

Ingest, score, batch and progress run in a process whose allocators are set up as the ``amc``
command sets them up (:func:`amc_assess.cli.arrow_allocator`,
:func:`amc_assess.cli.one_malloc_arena`, :func:`amc_assess.cli.small_pages`); read alone
keeps pandas', pyarrow's and numpy's defaults.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: benchmarks.*
from benchmarks.common import Aim  # noqa: E402


def synthetic(n: int, seed: int = 11) -> pd.DataFrame:
    """N responses with metadata; answers as an export holds them (codes, numbers, blanks)."""
    from amc_assess.api import instrument
    from amc_assess.scoring import asked

    q, _ = instrument()
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {
        "firm": pd.Series(rng.integers(0, max(n // 20, 1), n)).map("Firm {:05d}".format),
        "respondent": pd.RangeIndex(n).map("R{:07d}".format),
    }
    empty = rng.random((n, len(q.items()))) < 0.05
    for j, item in enumerate(q.items()):
        if item.type in ("agreement", "number"):
            lo, hi = (1, 5) if item.type == "agreement" else (item.min, item.max)
            assert lo is not None and hi is not None  # the bundled number items are bounded
            values = rng.integers(int(lo), int(hi) + 1, n).astype(float)
            values[empty[:, j]] = np.nan
            cols[item.id] = values
        elif item.type == "text":
            notes = np.full(n, None, dtype=object)
            notes[rng.random(n) < 0.1] = "see notes"
            cols[item.id] = notes
        else:
            codes = np.array(item.codes(), dtype=object)
            values = codes[rng.integers(0, len(codes), n)]
            values[empty[:, j]] = None
            cols[item.id] = values
    frame = pd.DataFrame(cols)
    shown = asked(frame, q)  # skip logic: a survey tool leaves questions it did not ask empty
    for item in q.items():
        if item.when is not None:
            frame[item.id] = frame[item.id].where(shown[item.id])
    return frame


def _measure(task: str, path: str, queue: mp.Queue) -> None:
    """Run one task in this (fresh) process; report seconds and peak RSS."""
    if task in AMC_TASKS:
        from amc_assess.cli import one_malloc_arena

        one_malloc_arena()  # as the amc command does before any thread starts
    from amc_assess.api import instrument
    from amc_assess.batch import run, score_batch

    q, r = instrument()
    seconds, extra = 0.0, ""
    start, cpu = time.perf_counter(), time.process_time()
    if task == "baseline":
        pass
    elif task in ("read", "read4k"):
        frame = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)
        extra = f"{frame.shape[0]:,} x {frame.shape[1]}"
    elif task == "ingest":
        from amc_assess.ingest import read_inputs

        ingested = read_inputs([path], q)
        extra = f"{len(ingested.answers):,} rows, {len(ingested.errors)} errors"
    elif task == "score":
        result = score_batch([path], None, None)
        extra = f"{len(result.table):,} rows scored"
    elif task in ("batch", "progress"):  # progress: as on a terminal, where a bar is shown
        steps: list[str] = []
        step = (lambda label, _x: steps.append(label)) if task == "progress" else None
        with tempfile.TemporaryDirectory() as tmp:
            report = run([path], Path(tmp) / "scored.parquet", step=step)
            extra = f"{len(report.result.table):,} rows written"
            extra += f", {len(steps)} progress steps" if steps else ""
    elif task == "matmul":
        from amc_assess.scoring import score_frame

        frame = pd.read_parquet(path)
        scored = score_frame(frame, q, r)
        filled = np.maximum(scored.codes, 0).astype(np.float64)
        weights = np.zeros((len(scored.items), len(r.dimensions)))
        pos = {item: j for j, item in enumerate(scored.items)}
        for k, dim in enumerate(r.dimensions.values()):
            for ri in dim.items:
                weights[pos[ri.item], k] = ri.weight
        start, cpu = time.perf_counter(), time.process_time()
        filled @ weights
        extra = f"{filled.shape[0]:,} x {filled.shape[1]} @ {weights.shape[1]}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    queue.put((seconds, peak_mib(), extra, cpu))


def peak_mib() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec, unlike ru_maxrss,
    which a spawned child inherits from its parent on Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


AMC_TASKS = ("ingest", "score", "batch", "progress")  # set up as the amc command sets up


def measure(task: str, path: str) -> tuple[float, float, str, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(task, path, queue))
    saved = os.environ.copy()
    if task in AMC_TASKS:  # the child inherits the allocator amc chooses for pyarrow
        from amc_assess.cli import arrow_allocator

        arrow_allocator()
    if task in (*AMC_TASKS, "read4k"):
        from amc_assess.cli import small_pages

        small_pages()  # numpy reads it when the child imports it
    try:
        proc.start()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    result = queue.get()
    proc.join()
    return result


def aims(rows: int, runs: int, folder: Path | None = None) -> list[Aim]:
    """The batch aims for ``python -m benchmarks``: ``amc batch`` (writing Parquet) against
    ``pd.read_csv`` / ``pd.read_parquet`` of the same file, alternating fresh processes, with the
    CPU time of each (on two cores no run takes less than half its CPU time)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, pq_path = inputs(rows, folder or Path(tmp))
        for label, path, limit in (("CSV", csv_path, 1.3), ("Parquet", pq_path, 2.0)):
            read: list[tuple[float, float, str, float]] = []
            batch: list[tuple[float, float, str, float]] = []
            for _ in range(runs):
                read.append(measure("read", path))
                batch.append(measure("batch", path))
            wall = [statistics.median(r[0] for r in got) for got in (batch, read)]
            cpu = [statistics.median(r[3] for r in got) for got in (batch, read)]
            detail = (
                f"{wall[0]:.2f} s vs {wall[1]:.2f} s (medians); CPU {cpu[0]:.2f} vs {cpu[1]:.2f} s"
            )
            reader = "pd.read_csv" if label == "CSV" else "pd.read_parquet"
            name = f"amc batch {rows:,} rows {label} vs {reader}"
            out.append(Aim(name, wall[0] / wall[1], limit, runs, detail))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="responses (default 1M)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each task, alternating (medians)"
    )
    parser.add_argument(
        "--only", default=",".join(TASKS), help=f"tasks, comma-separated ({','.join(TASKS)})"
    )
    parser.add_argument("--data", help="folder for the input files, reused when present")
    args = parser.parse_args()
    tasks = [t for t in TASKS if t in args.only.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.data or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        csv_path, pq_path = inputs(args.rows, folder)
        base = measure("baseline", pq_path)
        print(f"python + amc_assess imports: peak {base[1]:.0f} MiB; "
              f"load before {_load()}\n")  # fmt: skip
        header = (
            f"{'input':<8} {'task':<7} {'seconds':>8} {'rows/s':>11} {'x read':>7} {'x 4k':>6} "
            f"{'cpu s':>6} {'peak MiB':>9}"
        )
        print(header + "  runs (seconds)  note")
        print("-" * (len(header) + 40))
        for label, path in (("CSV", csv_path), ("Parquet", pq_path)):
            runs: dict[str, list[tuple[float, float, str, float]]] = {t: [] for t in tasks}
            for _ in range(args.repeat):  # alternating: a change of load hits every task
                for task in tasks:
                    runs[task].append(measure(task, path))
            bound = {t: statistics.median(r[0] for r in runs[t]) for t in READS if t in runs}
            for task in tasks:
                seconds = statistics.median(r[0] for r in runs[task])
                peak = max(r[1] for r in runs[task])
                cpu = statistics.median(r[3] for r in runs[task])
                ratio = " ".join(
                    f"{seconds / bound[t]:{w}.2f}" if t in bound else " " * w
                    for t, w in zip(READS, (7, 6), strict=True)
                )
                each = " ".join(f"{r[0]:.2f}" for r in runs[task])
                print(f"{label:<8} {task:<7} {seconds:8.2f} {args.rows / seconds:11,.0f} "
                      f"{ratio} {cpu:6.2f} {peak:9.0f}  [{each}]  {runs[task][0][2]}")  # fmt: skip
        if "matmul" in args.only.split(","):
            seconds, peak, extra, _cpu = measure("matmul", pq_path)
            print(f"{'memory':<8} {'matmul':<7} {seconds:8.3f} {args.rows / seconds:11,.0f} "
                  f"{'':>7} {'':>9}  {extra} (float64, the lower bound)")  # fmt: skip
        print(f"\nload after {_load()} ({os.cpu_count()} cores)")
    sys.stdout.flush()


TASKS = ("read", "read4k", "ingest", "score", "batch", "progress")
READS = ("read", "read4k")  # the bounds: pandas as called, and on 4 KiB pages


def inputs(n: int, folder: Path) -> tuple[str, str]:
    """The CSV and Parquet files of ``n`` synthetic responses in ``folder`` (made if absent)."""
    csv_path, pq_path = folder / f"responses-{n}.csv", folder / f"responses-{n}.parquet"
    if not (csv_path.is_file() and pq_path.is_file()):
        t = time.perf_counter()
        folder.mkdir(parents=True, exist_ok=True)  # --data names a folder not made yet
        frame = synthetic(n)
        frame.to_csv(csv_path, index=False)
        frame.to_parquet(pq_path, index=False)
        print(f"{n:,} responses x {frame.shape[1] - 2} items (+ firm, respondent); generated "
              f"in {time.perf_counter() - t:.1f} s")  # fmt: skip
        del frame  # measurements run in fresh processes: keep this one small
    sizes = [p.stat().st_size / 2**20 for p in (csv_path, pq_path)]
    print(f"{n:,} responses: CSV {sizes[0]:.0f} MiB, Parquet {sizes[1]:.0f} MiB")
    return str(csv_path), str(pq_path)


def _load() -> str:
    """The 1, 5 and 15 minute load averages (other work on a shared machine)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
