"""``amc history copy`` (one store into another) and ``amc db`` (roles in a shared store)."""

from __future__ import annotations

import click

from amc_assess.cli.common import DB_KINDS, db_option


@click.command("copy")
@click.option("--from", "source", required=True, help=f"The store to copy from: {DB_KINDS}.")
@click.option("--to", "target", required=True,
              help=f"The store to copy into (created if new): {DB_KINDS}.")  # fmt: skip
def history_copy(source: str, target: str) -> None:
    """Copy every stored assessment into another store (SQLite or PostgreSQL), as it is.

    Run it again at any time: what the target holds already is counted, not copied twice.
    """
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.copy import copy_store

    for line in copy_store(source, target).lines():
        click.echo(line)


@click.group()
def db() -> None:
    """Roles in a shared PostgreSQL store: who may add assessments, who may read what."""


@db.command("grant")
@click.argument("role")
@click.option("--write", "access", flag_value="write", help="Read everything and add assessments.")
@click.option(
    "--read-only", "access", flag_value="read",
    help="Read only the firms given with --firm, and the peer-level counts (amc_peer_levels).",
)  # fmt: skip
@click.option("--firm", "firms", multiple=True, help="A firm a read-only role may read (repeat).")
@click.option("--show-sql", is_flag=True, help="Print the statements instead of running them.")
@db_option
def db_grant(
    role: str, access: str | None, firms: tuple[str, ...], show_sql: bool, db: str | None
) -> None:
    """Give the PostgreSQL role ROLE access to the store (run as the store's owner)."""
    if access is None:
        raise click.UsageError("give --write or --read-only")
    if firms and access == "write":
        raise click.UsageError("--firm goes with --read-only (a writer reads every firm)")
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store import roles

    if show_sql:
        for statement in roles.sql_for(role, access, firms):
            click.echo(statement + ";")
        return
    firms = tuple(roles.grant(role, access, firms, db))
    what = "write access" if access == "write" else (
        f"read access to {', '.join(map(repr, firms))} and the peer-level counts" if firms
        else "read access to the peer-level counts only"
    )  # fmt: skip
    click.echo(f"{role}: {what}")


@db.command("revoke")
@click.argument("role")
@click.option("--show-sql", is_flag=True, help="Print the statements instead of running them.")
@db_option
def db_revoke(role: str, show_sql: bool, db: str | None) -> None:
    """Take every right on the store from the PostgreSQL role ROLE."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store import roles

    if show_sql:
        for statement in roles.revoke_sql(role):
            click.echo(statement + ";")
        return
    roles.revoke(role, db)
    click.echo(f"{role}: no access")


@click.command("check")
@db_option
def history_check(db: str | None) -> None:
    """Check the store: its file is sound, its tables are there, its values in range."""
    # lazy: each command loads what it needs; amc --help loads click alone
    from amc_assess.store.check import check_store
    from amc_assess.store.db import locate

    problems, count = check_store(db)
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise SystemExit(1)
    click.echo(f"{locate(db).shown}: no problems found ({count} assessments checked)")
