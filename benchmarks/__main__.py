"""Every benchmark's aims in one table: ``python -m benchmarks [--quick]``.

Each ratio is measured side by side (alternating in one process, or alternating whole
processes); the table gives the aim, the measured ratio, the number of runs and met / not met.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: benchmarks.*

from threadpoolctl import threadpool_info  # noqa: E402

from benchmarks import batch_bench, score_bench, startup_bench  # noqa: E402
from benchmarks.common import Aim, idle_cores  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k rows, fewer runs")
    parser.add_argument(
        "--data", help="folder for the batch benchmark's input files, reused when present"
    )
    args = parser.parse_args()
    rows, runs = (100_000, 3) if args.quick else (1_000_000, 5)
    blas = ", ".join(f"{i['internal_api']} {i['num_threads']} threads" for i in threadpool_info())
    print(f"cores {os.cpu_count()}, idle at start {idle_cores()}; BLAS: {blas or 'none loaded'}")
    results: list[Aim] = [*score_bench.aims(rows, runs), *startup_bench.aims(runs + 2)]
    results += batch_bench.aims(rows, runs, Path(args.data) if args.data else None)  # as many
    try:
        from benchmarks import network_bench  # lazy: its aims only where the module defines them

        results += network_bench.aims() if hasattr(network_bench, "aims") else []
    except ImportError:
        pass
    print(f"idle cores at the end {idle_cores()}")
    for aim in results:
        print(aim.line())
    met = sum(a.met for a in results)
    print(f"{met} of {len(results)} aims met")


if __name__ == "__main__":
    main()
