"""What every benchmark reports: an aim, the ratio measured, runs, and met or not."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Aim:
    """One aim: ``ratio`` measured against ``limit`` (met when at most), over ``runs``."""

    name: str
    ratio: float
    limit: float
    runs: int
    detail: str = ""
    unit: str = "x"  # "x": a ratio; "s": seconds

    @property
    def met(self) -> bool:
        return self.ratio <= self.limit

    def line(self) -> str:
        verdict = "met" if self.met else "NOT MET"
        aim = f"(aim <= {self.limit:g}{self.unit}, n={self.runs})"
        return f"{self.name:<58} {self.ratio:>7.2f}{self.unit}  {aim}  {verdict:<7}  {self.detail}"


def idle_cores(seconds: float = 0.5) -> float:
    """Cores not busy over ``seconds`` (from /proc/stat), e.g. 1.0 of 2."""

    def busy() -> tuple[int, int]:
        with open("/proc/stat") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)

    b0, t0 = busy()
    time.sleep(seconds)
    b1, t1 = busy()
    cores = os.cpu_count() or 1
    return round(cores * (1 - (b1 - b0) / max(t1 - t0, 1)), 2)


def processes(a: list[str], b: list[str], runs: int = 7) -> tuple[list[float], list[float]]:
    """Wall times of two whole commands, run alternately ``runs`` times each."""
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(runs):
        for cmd, out in ((a, ta), (b, tb)):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            out.append(time.perf_counter() - t)
    return ta, tb


def ratio_of(a: list[float], b: list[float]) -> float:
    return statistics.median(a) / statistics.median(b)
