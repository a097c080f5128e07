"""Who may do what in a shared PostgreSQL store: ``amc db grant`` / ``amc db revoke``.

* A **writer** (a consultant) reads every assessment and adds new ones.
* A **reader** (a client) reads only the assessments of the firms named for it (row-level
  security), plus ``amc_peer_levels``: for each dimension, how many firms' latest scores fall
  in each band of one point (a firm's own side, as in its reports), over all stored firms,
  published only when at least ``PEER_VIEW_MIN`` firms have a score. A reader with no firm
  sees the view alone.

The statements are PostgreSQL's own (GRANT, row-level security policies, a view); the store's
owner (the role that created its tables) runs them. ``sql_for`` gives them as text, so an
administrator can read or run them by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from amc_assess.names import firm_key
from amc_assess.problems import InvalidInput
from amc_assess.store.db import Store

TABLES = ("assessments", "dimension_scores", "definitions")
PEER_VIEW = "amc_peer_levels"
PEER_VIEW_MIN = 10

VIEW = f"""CREATE OR REPLACE VIEW {PEER_VIEW} AS
WITH latest AS (
    SELECT a.id, a.firm_key, a.side FROM assessments a
    JOIN (SELECT firm_key, MAX(year) AS year FROM assessments GROUP BY firm_key) l
      ON a.firm_key = l.firm_key AND a.year = l.year),
counted AS (  -- the firm's own side; its partners' view only where nobody else answered
    SELECT l.id, l.firm_key FROM latest l
    WHERE l.side IS DISTINCT FROM 'partner' OR NOT EXISTS (
        SELECT 1 FROM latest o WHERE o.firm_key = l.firm_key
        AND o.side IS DISTINCT FROM 'partner')),
firm_scores AS (
    SELECT l.firm_key, d.dimension, AVG(d.score) AS score
    FROM counted l JOIN dimension_scores d ON d.assessment_id = l.id
    WHERE d.score IS NOT NULL GROUP BY l.firm_key, d.dimension)
SELECT dimension, COUNT(*) AS firms,
    COUNT(*) FILTER (WHERE score < 2) AS below_2,
    COUNT(*) FILTER (WHERE score >= 2 AND score < 3) AS from_2_to_3,
    COUNT(*) FILTER (WHERE score >= 3 AND score < 4) AS from_3_to_4,
    COUNT(*) FILTER (WHERE score >= 4) AS from_4
FROM firm_scores GROUP BY dimension HAVING COUNT(*) >= {PEER_VIEW_MIN}"""


def _ident(name: str) -> str:
    """A role name as a quoted SQL identifier."""
    if not name or "\0" in name:
        raise InvalidInput(["ROLE: give a role name"])
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql_for(role: str, access: str, firms: Sequence[str] = (), schema: str = "public") -> list[str]:
    """The statements that give ``role`` ``access`` ("write" or "read") in ``schema``."""
    who = _ident(role)
    policy = _ident(f"amc_{role}")
    out = [VIEW, *revoke_sql(role)]  # a grant replaces whatever the role had (a writer's log)
    out += [f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY" for t in TABLES[:2]]
    out += [
        f"GRANT USAGE ON SCHEMA {_ident(schema)} TO {who}",
        f"GRANT SELECT ON schema_version, {PEER_VIEW} TO {who}",
    ]
    if access == "write":
        out += [
            f"GRANT SELECT, INSERT, UPDATE ON {', '.join(TABLES)} TO {who}",
            f"GRANT SELECT, INSERT ON benchmark_queries TO {who}",  # benchmarks are logged
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {_ident(schema)} TO {who}",
            f"CREATE POLICY {policy} ON assessments TO {who} USING (true) WITH CHECK (true)",
            f"CREATE POLICY {policy} ON dimension_scores TO {who} USING (true) WITH CHECK (true)",
        ]
    elif firms:
        keys = ", ".join(_literal(firm_key(f)) for f in firms)
        out += [
            f"GRANT SELECT ON {', '.join(TABLES)} TO {who}",
            f"CREATE POLICY {policy} ON assessments FOR SELECT TO {who} "
            f"USING (firm_key IN ({keys}))",
            f"CREATE POLICY {policy} ON dimension_scores FOR SELECT TO {who} "
            "USING (assessment_id IN (SELECT id FROM assessments))",
        ]
    return out


def grant(
    role: str, access: str, firms: Sequence[str] = (), db: str | Path | None = None
) -> list[str]:
    """Give ``role`` write access, or read access to ``firms`` (found as ``amc history show``
    finds them) and the peer view; the firms as granted."""
    with Store.open(db, create=False) as store:
        _postgres_only(store)
        found = [store.find_firm(f) for f in firms]  # as stored, when it is
        typos = [
            f"--firm {given!r}: no stored firm of that name; did you mean "
            f"{' or '.join(map(repr, near))}? (a firm not stored yet: add it first)"
            for given, (name, near) in zip(firms, found, strict=True)
            if name is None and near
        ]
        if typos:
            raise InvalidInput(typos)
        firms = [name or given for given, (name, _) in zip(firms, found, strict=True)]
        schema = store.conn.execute("SELECT current_schema()").fetchone()[0]
        statements = sql_for(role, access, firms, schema)
        with store.write():
            for statement in statements:
                store.conn.execute(statement)
    return list(firms)


def revoke_sql(role: str) -> list[str]:
    """The statements that take every right on the store from ``role``."""
    who, policy = _ident(role), _ident(f"amc_{role}")
    out = [f"REVOKE ALL ON {', '.join(TABLES)}, benchmark_queries, {PEER_VIEW} FROM {who}"]
    return out + [f"DROP POLICY IF EXISTS {policy} ON {table}" for table in TABLES[:2]]


def revoke(role: str, db: str | Path | None = None) -> None:
    """Take every right on the store from ``role``; an error when it keeps some (it owns the
    store, is a superuser, or this role may not revoke: PostgreSQL only warns then)."""
    with Store.open(db, create=False) as store:
        _postgres_only(store)
        with store.write():
            for statement in revoke_sql(role):
                store.conn.execute(statement)
        owner, still = store.conn.execute(
            "SELECT pg_get_userbyid(c.relowner), has_table_privilege(?, c.oid, 'SELECT') "
            "FROM pg_class c WHERE c.oid = 'assessments'::regclass",
            (role,),
        ).fetchone()
        if still:
            why = (
                "it owns the store's tables" if owner == role
                else f"only the store's owner ({owner}) can take rights away, or {role} is a "
                "superuser"
            )  # fmt: skip
            raise InvalidInput([f"{role} still has access to the store: {why}"])


def _postgres_only(store: Store) -> None:
    if store.conn.kind != "postgresql":
        raise InvalidInput(
            [f"{store.path}: roles are for a PostgreSQL store; an SQLite file is shared or "
             "kept private through its file permissions"]
        )  # fmt: skip
