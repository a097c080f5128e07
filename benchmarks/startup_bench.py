"""Light commands as whole processes, alternated with the import they are measured against.

    python benchmarks/startup_bench.py            # n=7 alternating runs each

``amc --help`` vs ``python -c "import click"``; ``amc score FILE``, ``amc validate`` and
``amc report FILE`` (one firm) vs ``python -c "import pandas"``. ``amc`` is the environment's
console script, as a user runs it (``python -m amc_assess`` when there is none).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Aim, idle_cores, processes, ratio_of  # noqa: E402

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "mid_maturity.yaml")


def aims(runs: int = 7) -> list[Aim]:
    script = shutil.which("amc", path=str(Path(sys.executable).parent))  # as a user runs it
    amc = [script] if script else [sys.executable, "-m", "amc_assess"]
    click = [sys.executable, "-c", "import click"]
    pandas = [sys.executable, "-c", "import pandas"]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "r.pdf")
        cases = [
            ("amc --help vs import click", [*amc, "--help"], click, 1.5),
            ("amc score FILE vs import pandas", [*amc, "score", EXAMPLE], pandas, 1.0),
            ("amc validate vs import pandas", [*amc, "validate"], pandas, 1.0),
            ("amc report FILE vs import pandas", [*amc, "report", EXAMPLE, "-o", pdf], pandas, 1.5),
        ]
        for name, ours, base, limit in cases:
            a, b = processes(ours, base, runs)
            detail = (
                f"{min(a) * 1000:.0f}/{sorted(a)[len(a) // 2] * 1000:.0f} ms vs "
                f"{min(b) * 1000:.0f}/{sorted(b)[len(b) // 2] * 1000:.0f} ms (min/median)"
            )
            out.append(Aim(name, ratio_of(a, b), limit, runs, detail))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"idle cores {idle_cores()} of {os.cpu_count()}")
    for aim in aims(args.runs):
        print(aim.line())


if __name__ == "__main__":
    main()
