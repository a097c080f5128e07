"""What the ``amc`` commands share: error handling, and the options several of them take."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

import click

INTERRUPTED = 130  # the exit code of a command stopped by Ctrl-C (128 + SIGINT)

QUESTIONNAIRE_HELP = (
    "Questionnaire YAML, or a bundled one by name: amc, relationship_audit (default: amc)."
)
RUBRIC_HELP = "Rubric YAML, or a bundled one by name (default: amc)."
DB_KINDS = (
    "an SQLite file, or postgresql://user@host/dbname for a shared one (password from "
    "PGPASSWORD or ~/.pgpass)"
)
DB_HELP = (
    f"The assessment store: {DB_KINDS}. Default: $AMC_DB, else amc.db in the per-user data folder."
)
PROFILES = ("auto", "items", "qualtrics", "google_forms", "limesurvey", "redcap", "surveymonkey")
FORMAT_HELP = "Output format."


def echo(message: str = "", err: bool = False, nl: bool = True) -> None:
    """``click.echo`` with control characters escaped (``\\x1b``): user text in a table or
    message cannot drive the terminal."""
    # lazy: amc --help loads click alone
    from amc_assess.terminal import printable_lines

    click.echo(printable_lines(message), err=err, nl=nl)


class Failed(click.ClickException):
    """Invalid input or a failed check: every line to stderr, exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        echo(self.message, err=True)


class Refused(Failed):
    """An output that would overwrite an input: one line, exit code 2 (a usage error)."""

    exit_code = 2


class AmcGroup(click.Group):
    """Turns library errors into one-line messages; tracebacks only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a bad option or path: one line, not click's three
            raise Refused(f"Error: {exc.format_message()}") from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:  # Ctrl-C (or SIGTERM, see amc_assess.cli.main): 130, said
            click.echo("Interrupted: nothing half-written is left", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None
        except Exception as exc:
            # lazy: each command loads what it needs; amc --help loads click alone
            from amc_assess.faults import describe, known
            from amc_assess.loading import InvalidInput
            from amc_assess.outputs import OutputClash

            if isinstance(exc, InvalidInput):
                count = len(exc.errors)
                tail = f"\n{count} problems found" if count > 1 else ""
                tail += f"\n{exc.hint}" if exc.hint else ""
                raise Failed("\n".join(exc.errors) + tail) from None
            if isinstance(exc, OutputClash):
                raise Refused(str(exc)) from None
            if ctx.obj and ctx.obj.get("debug"):
                raise
            if known(exc):
                raise Failed(describe(exc, _database(ctx, exc))) from None
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "no message"
            raise Failed(
                f"Error: unexpected failure: {first} (run with --debug for details)"
            ) from None


class LazyGroup(AmcGroup):
    """A group whose commands are imported when first used: ``lazy`` maps each name to the
    module of ``amc_assess.cli`` that holds it and the first paragraph of its help, which the
    group's own help lists without importing anything."""

    def __init__(self, *args: Any, lazy: Mapping[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            # lazy: the hook that defers unused work of PyYAML, Jinja2 and reportlab, first
            from amc_assess import deferred  # noqa: F401

            module = importlib.import_module(f"amc_assess.cli.{self.lazy[cmd_name][0]}")
            self.add_command(getattr(module, cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click resolves it; a misspelt name gets the suggestion click gives for commands
        already loaded (``histroy``: did you mean ``history``?)."""
        name = args[0] if args else None
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib  # lazy: only for a command name that is not one

            close = difflib.get_close_matches(name, self.list_commands(ctx), 1)
            if close:
                ctx.fail(f"No such command {name!r}. Did you mean {close[0]!r}?")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click lists commands, shortened the same way, from the texts in ``lazy``."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            listed = loaded or click.Command(name, help=self.lazy[name][1])
            if not listed.hidden:
                rows.append((name, listed.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _database(ctx: click.Context, exc: BaseException) -> str | None:
    """The store a SQLite error is about: --db of the command, else the default store."""
    if "sqlite3.Error" not in {f"{c.__module__}.{c.__name__}" for c in type(exc).__mro__}:
        return None
    # lazy: the store module only to name the database of an error
    from amc_assess.store.backend import locate

    return locate(ctx.meta.get(DB_META)).shown


DB_META = "amc_assess.db"


def remember_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Note --db where the error handler finds it (to name the store in a SQLite error)."""
    ctx.meta[DB_META] = value
    return value


def _bundled(folder: str) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        # lazy: each command loads what it needs; amc --help loads click alone
        from amc_assess.resources import bundled

        return bundled(folder, value)

    return callback


def instrument_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --questionnaire and --rubric (a path, or the name of a bundled file)."""
    func = click.option(
        "-r", "--rubric", type=click.Path(), help=RUBRIC_HELP, callback=_bundled("rubrics"),
    )(func)  # fmt: skip
    func = click.option(
        "-q", "--questionnaire", type=click.Path(), help=QUESTIONNAIRE_HELP,
        callback=_bundled("questionnaires"),
    )(func)  # fmt: skip
    return func


def network_option(effect: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add --network (relationship-audit files of the firm's alliance); ``effect`` ends the help."""
    return click.option(
        "--network", multiple=True, type=click.Path(dir_okay=False),
        help="A relationship-audit file of the firm's alliance (ties CSV/XLSX or audit response, "
        f"as for amc network); give --network once per file. {effect}",
    )  # fmt: skip


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db."""
    return click.option(
        "--db", type=click.Path(dir_okay=False), help=DB_HELP, callback=remember_db
    )(func)


def text_or_json(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --format table|json."""
    return click.option(
        "-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
        show_default=True, help=FORMAT_HELP,
    )(func)  # fmt: skip


TARGETS_HELP = (
    "Target levels, overriding the response files' own (per dimension): 4 for every dimension, "
    "structure=4,daf=3, or a YAML file with a targets: block (levels, agreed_on, agreed_by)."
)


def targets_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --targets (alias --target)."""
    return click.option("--targets", "--target", "targets", help=TARGETS_HELP)(func)


def sheet_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --sheet (which sheets of a workbook are read), for batch, report and history add."""
    return click.option(
        "--sheet", "sheets", multiple=True, metavar="NAME",
        help="XLSX: the sheet to read (repeat for several, each read as a file of its own; '*': "
        "the default sheet and every other of its columns). Default: a sheet named 'responses', "
        "else the first.",
    )(func)  # fmt: skip


def answers_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--map, --dictionary and --sheet: how a table of answers is read, as batch reads it."""
    return import_options(sheet_option(func))


def import_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --map and --dictionary (how survey exports are read), for batch and reliability."""
    func = click.option(
        "--dictionary", type=click.Path(exists=True, dir_okay=False),
        help="Codebook labelling the codes: REDCap data dictionary (.csv), Qualtrics survey "
        "(.qsf) or LimeSurvey survey structure (.lss, queXML .xml or tab-separated .txt).",
    )(func)  # fmt: skip
    func = click.option(
        "-m", "--map", "map_path", type=click.Path(exists=True, dir_okay=False),
        help="YAML map: source columns to item ids, answer labels to codes, metadata columns.",
    )(func)  # fmt: skip
    return func
