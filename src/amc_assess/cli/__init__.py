"""The ``amc`` command line: parses options and calls the library. No logic lives here.

Each module of this package holds the commands of one area; this one makes the ``amc`` group.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from amc_assess.cli.common import LazyGroup

# Each command: the module of this package that holds it (the command has the same name
# there), and the first paragraph of its help, which ``amc --help`` lists. A command's module is
# imported only when the command runs or shows its own help; tests/test_cli.py checks these
# texts against the commands' own.
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": (
        "assess",
        "Interview a respondent in the terminal; every answer is saved as it is given.",
    ),
    "batch": (
        "scoring",
        "Score collected responses in bulk: survey exports, spreadsheets, folders of responses.",
    ),
    "benchmark": (
        "store",
        "Place a firm among its peers (position band, rounded quartiles) under disclosure control.",
    ),
    "db": (
        "database",
        "Roles in a shared PostgreSQL store: who may add assessments, who may read what.",
    ),
    "history": (
        "store",
        "Firms' assessments over the years: add, list, show, export, copy, rename, check, audit.",
    ),
    "init": (
        "scoring",
        "Copy the questionnaire and rubric (bundled by default) into FOLDER to adapt them.",
    ),
    "network": (
        "network",
        "Relationship audit: core, boundary spanners, level coverage, turnover risk.",
    ),
    "reliability": (
        "reliability",
        "Internal consistency of each dimension's items, as R psych's alpha() reports it.",
    ),
    "report": (
        "report",
        "Render the PDF benchmark report of a response file or scored result (JSON record beside).",
    ),
    "schema": (
        "scoring",
        "Write JSON Schema for questionnaire, rubric and response files (editor completion).",
    ),
    "score": (
        "scoring",
        "Score response files (YAML or JSON) and print dimension scores and levels.",
    ),
    "template": (
        "scoring",
        "Write a blank collection sheet for the instrument; filled in, it scores with amc batch.",
    ),
    "validate": (
        "scoring",
        "Check a questionnaire and rubric, cross-references, and lint the rubric.",
    ),
}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option(
    "--limit", "limits", multiple=True, metavar="NAME=VALUE",
    help="Change a limit on inputs, e.g. --limit rows=5000000 (names and defaults in the "
    "README, Limits; also AMC_LIMITS=rows=5000000,columns=5000).",
)  # fmt: skip
@click.version_option(package_name="amc-assess", prog_name="amc")
@click.pass_context
def cli(ctx: click.Context, debug: bool, limits: tuple[str, ...]) -> None:
    """Assess, score, benchmark and report Alliance Management Capability (AMC)."""
    from amc_assess import limits as settings  # lazy: amc --help loads click alone

    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    try:
        settings.configure(limits)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    # A command makes many long-lived objects (models, reportlab's layout) and few cycles:
    # collect the youngest generation every 100,000 allocations, not every 700.
    gc.set_threshold(100_000, 50, 50)
    arrow_allocator()
    one_malloc_arena()
    small_pages()
    stop_on_sigterm()
    try:
        cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="amc")
    finally:
        # The process ends now: the objects left need no last cyclic collection at exit
        # (it went over all of them: some 50 ms after amc network of 5,000 people).
        gc.freeze()


def stop_on_sigterm() -> None:
    """SIGTERM (``kill``, ``timeout``, a job scheduler) and SIGHUP (the terminal closed, an
    SSH connection dropped) stop a command as Ctrl-C does: files being written are removed,
    temporary folders cleaned up and an interview's typed note saved, where the default
    action would end the process at once and leave them (a ``nohup`` run ignores SIGHUP and
    keeps doing so)."""
    import signal  # lazy: the one place that needs it

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, interrupt)


ARROW_POOL = "ARROW_DEFAULT_MEMORY_POOL"


def arrow_allocator() -> None:
    """Let pyarrow allocate with the C library's malloc, unless the user chose an allocator.

    pyarrow reads the variable when it is first imported (after this: ``amc`` itself imports
    no pyarrow). Its default, mimalloc, reserves 1 GiB arenas advised as transparent huge
    pages and purges parts of them, so the kernel zeroes, compacts and splits 2 MiB pages:
    ``amc batch`` of 1M Parquet rows spent 2.4-4.3 s in the system (medians of 5-7 runs on a
    shared 2-core VM), against 1.6-1.7 s with malloc's 4 KiB pages, and peaked at 1.55 GB
    against 1.3-1.4 GB. A process-wide choice, so it is made here, where a command owns the
    process (callers of the API keep their own)."""
    os.environ.setdefault(ARROW_POOL, "system")


NUMPY_HUGE_PAGES = "NUMPY_MADVISE_HUGEPAGE"


def small_pages() -> None:
    """Have numpy make large arrays of 4 KiB pages, unless the user chose (numpy reads the
    variable when it is first imported: after this, as ``amc`` itself imports no numpy).

    numpy advises huge pages (2 MiB) for arrays of 4 MiB or more, which pays in a process
    that frees and makes arrays again and again. A command makes each array once, on memory
    the process never had; on a virtual machine that hands free memory back to its host
    (virtio-balloon free page reporting: Firecracker, WSL2, ...), a huge page free for two
    seconds is the host's again and costs 1.6-2.2 ms/MiB to touch, against 0.56 ms/MiB for
    4 KiB pages (``benchmarks/fresh_pages.py``). ``amc batch`` of 1M CSV rows took 3.46 s
    with 4 KiB pages and 3.99 s with numpy's advice, 1.1-1.5 s and 2.1-2.5 s of it in the
    system (medians of 6 alternating runs, 2 cores, 2026-12-04); Parquet 2.11 and 2.23 s.
    Where free memory stays the machine's, 4 KiB pages cost a little more than fresh huge
    ones (here 0.56 against 0.10 ms/MiB). A process-wide choice, made where a command owns
    the process, as :func:`arrow_allocator`'s."""
    os.environ.setdefault(NUMPY_HUGE_PAGES, "0")


M_ARENA_MAX = -8  # glibc's mallopt parameter


def one_malloc_arena() -> None:
    """Have glibc's malloc keep one arena for all threads, unless the user set a number.

    By default each thread that allocates gets an arena of its own (up to 8 per core), so
    what pyarrow's and the decoders' threads free stays in theirs, and the main thread's
    next large arrays are fresh pages to fault in: ``amc batch`` of 1M Parquet rows with one
    arena faulted 250k pages, not 315k, spent 1.1 s in the system, not 1.7 s, and peaked at
    1.06 GB, not 1.37 GB (medians of 5 runs, 2 cores; user time the same). Set before any
    thread starts; a no-op where there is no glibc."""
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    if "MALLOC_ARENA_MAX" in os.environ or "glibc.malloc.arena_max" in tunables:
        return
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # lazy: only where glibc may be

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_ARENA_MAX, 1)
