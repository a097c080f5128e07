"""What first touching fresh memory costs here: the system time behind the 4M / 1M line.

    python benchmarks/fresh_pages.py                 # 256 MiB arrays, n=5 each
    python benchmarks/fresh_pages.py --mib 704 --runs 3 --rest 4

The engine returns new arrays on every call (176 MiB of results at 1M rows, 704 MiB at 4M),
and the kernel must hand the process a fresh, zeroed page the first time each is written.
This measures that cost per MiB, alternating four cases in one process (medians, spread):

* ``huge, recent``: numpy's usual allocation (huge-page advice for arrays of 4 MiB or more)
  right after an array of the same size was freed;
* ``huge, rested``: the same after ``--rest`` seconds without the memory;
* ``4 KiB, recent`` / ``4 KiB, rested``: the same without numpy's huge-page advice.

On a virtual machine whose guest reports free memory to the host (virtio-balloon free page
reporting), memory that has rested becomes the host's again, and the first touch of each page
then faults on the host as well. On this machine (Firecracker, ``page_reporting_order=11``,
THP ``madvise``; 2026-12-04, 256 MiB, n=5): huge recent 0.10 ms/MiB, huge rested 1.59
(1.47..2.41), 4 KiB recent 0.57, 4 KiB rested 0.56. So a call whose results land on rested
memory pays about 16x the usual fault cost in system time: 0.6 s for the results at 1M rows
in ``amc batch`` (its one engine call, after the read) and the 0.05-0.96 s at 4M in the
scaling line of ``score_bench``. The ``amc`` command therefore has numpy use 4 KiB pages
(:func:`amc_assess.cli.small_pages`); the library's callers keep numpy's default.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

import numpy as np

CASES = ("huge, recent", "huge, rested", "4 KiB, recent", "4 KiB, rested")


def _advise_huge(on: bool) -> None:
    """Turn numpy's huge-page advice for new large arrays on or off (numpy >= 1.20)."""
    np._core.multiarray._set_madvise_hugepage(on)  # type: ignore[attr-defined]


def touch(mib: int) -> tuple[float, float]:
    """Wall and system seconds to allocate ``mib`` MiB and write every page once."""
    before, start = resource.getrusage(resource.RUSAGE_SELF).ru_stime, time.perf_counter()
    block = np.empty(mib * 2**20, np.uint8)
    block[::4096] = 1
    wall = time.perf_counter() - start
    system = resource.getrusage(resource.RUSAGE_SELF).ru_stime - before
    del block
    return wall, system


def measure(mib: int, runs: int, rest: float) -> dict[str, list[float]]:
    """Wall seconds per MiB of each case, the cases alternating ``runs`` times."""
    out: dict[str, list[float]] = {case: [] for case in CASES}
    for _ in range(runs):
        for case in CASES:
            _advise_huge(case.startswith("huge"))
            touch(mib)  # the same amount freed just before
            if case.endswith("rested"):
                time.sleep(rest)
            wall, _ = touch(mib)
            out[case].append(wall / mib)
    _advise_huge(True)
    return out


def setting(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rest", type=float, default=3.0, help="seconds (reporting waits 2)")
    args = parser.parse_args()
    thp = "/sys/kernel/mm/transparent_hugepage/"
    reporting = Path("/sys/module/page_reporting").exists()
    print(f"THP enabled: {setting(thp + 'enabled')}; defrag: {setting(thp + 'defrag')}; "
          f"free page reporting module: {'loaded' if reporting else 'absent'}")  # fmt: skip
    for case, values in measure(args.mib, args.runs, args.rest).items():
        ms = [1000 * v for v in values]
        print(f"{case:<14} {statistics.median(ms):6.2f} ms/MiB "
              f"({min(ms):.2f}..{max(ms):.2f}, n={len(ms)}, {args.mib} MiB)")  # fmt: skip


if __name__ == "__main__":
    main()
