"""Light commands as whole processes, alternated with the import they are measured against.

    python benchmarks/startup_bench.py            # n=7 alternating runs each
    python benchmarks/startup_bench.py --source   # the package's modules compiled every run

``amc --help`` vs ``python -c "import click"``; ``amc score FILE``, ``amc validate`` and
``amc report FILE`` (one firm) vs ``python -c "import pandas"``. ``amc`` is the environment's
console script, as a user runs it (``python -m amc_assess`` when there is none).

As installed: pip byte-compiles a package when it installs it, and Python writes the bytecode
of an editable checkout on its first run, so a user's ``amc`` never compiles its modules. With
``PYTHONDONTWRITEBYTECODE`` set (as in some sandboxes) a checkout would compile every module on
every run, which no user sees: the bench byte-compiles the package first, as pip does
(``--source`` measures without). Each command runs once untimed before the timed runs.

``amc report`` keeps its compiled templates, and every command the checked questionnaire and
rubric, in the user's cache folder; the lines "first run" time a command with an empty cache
folder every run (``XDG_CACHE_HOME`` set to a new folder), as the very first run after
installing.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: benchmarks.*
from benchmarks.common import Aim, idle_cores, ratio_of  # noqa: E402

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "mid_maturity.yaml")
Env = Callable[[str], dict[str, str]]  # a run's scratch folder -> environment variables to set


def byte_compile() -> str:
    """Byte-compile the amc_assess package as pip does on install; say what was done."""
    import amc_assess  # lazy: where the package is, only when asked

    folder = Path(amc_assess.__file__).parent
    compileall.compile_dir(folder, quiet=2)
    return f"amc_assess byte-compiled ({folder}), as installed"


def processes(
    a: list[str], b: list[str], runs: int, env_a: Env | None = None
) -> tuple[list[float], list[float]]:
    """Wall times of two whole commands run alternately ``runs`` times each, after one untimed
    run of each; ``env_a`` gives the first command's environment for each run."""
    for cmd in (a, b):
        subprocess.run(cmd, capture_output=True, check=True)
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            env = {**os.environ, **env_a(scratch)} if env_a else None
            t = time.perf_counter()
            subprocess.run(a, capture_output=True, check=True, env=env)
            ta.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run(b, capture_output=True, check=True)
        tb.append(time.perf_counter() - t)
    return ta, tb


def empty_cache(scratch: str) -> dict[str, str]:
    return {"XDG_CACHE_HOME": scratch, "AMC_CACHE_DIR": ""}  # the platform's folder, empty


def aims(runs: int = 7, compiled: bool = True) -> list[Aim]:
    script = shutil.which("amc", path=str(Path(sys.executable).parent))  # as a user runs it
    amc = [script] if script else [sys.executable, "-m", "amc_assess"]
    click = [sys.executable, "-c", "import click"]
    pandas = [sys.executable, "-c", "import pandas"]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "r.pdf")
        report = [*amc, "report", EXAMPLE, "-o", pdf]
        cases: list[tuple[str, list[str], list[str], float, Env | None]] = [
            ("amc --help vs import click", [*amc, "--help"], click, 1.5, None),
            ("amc score FILE vs import pandas", [*amc, "score", EXAMPLE], pandas, 1.0, None),
            (
                "amc score FILE, first run, vs import pandas",
                [*amc, "score", EXAMPLE],
                pandas,
                1.0,
                empty_cache,
            ),
            ("amc validate vs import pandas", [*amc, "validate"], pandas, 1.0, None),
            (
                "amc validate, first run, vs import pandas",
                [*amc, "validate"],
                pandas,
                1.0,
                empty_cache,
            ),
            ("amc report FILE vs import pandas", report, pandas, 1.5, None),
            ("amc report FILE, first run, vs import pandas", report, pandas, 1.5, empty_cache),
        ]
        if compiled:
            print(byte_compile())
        for name, ours, base, limit, env in cases:
            a, b = processes(ours, base, runs, env)
            detail = (
                f"{min(a) * 1000:.0f}/{sorted(a)[len(a) // 2] * 1000:.0f} ms vs "
                f"{min(b) * 1000:.0f}/{sorted(b)[len(b) // 2] * 1000:.0f} ms (min/median)"
            )
            out.append(Aim(name, ratio_of(a, b), limit, runs, detail))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--source", action="store_true", help="do not byte-compile the package first"
    )
    args = parser.parse_args()
    print(f"idle cores {idle_cores()} of {os.cpu_count()}; load {os.getloadavg()[0]:.2f}")
    for aim in aims(args.runs, compiled=not args.source):
        print(aim.line())


if __name__ == "__main__":
    main()
