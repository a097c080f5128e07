"""The store's reads: listings, a firm's and its peers' frames, item scores, samples and the
flat export (:class:`amc_assess.store.db.Store` has them; the same SQL on both backends)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from amc_assess.definitions import OVERALL, Versions
from amc_assess.names import firm_key, pick_firm
from amc_assess.scored.respondent import PROFILE, RESPONDENT
from amc_assess.store.backend import Database

CHUNK = 500  # parameters per IN (...) query
METRICS = ("score", "level", "status", "answered_share", "target", "target_source")
_TAIL = (
    "overall_score", "overall_level", "overall_status", "percent_to_target", "targets_source",
    "targets_agreed_on", "targets_agreed_by", "source", "source_kind", "added_at",
    "content_hash",
)  # fmt: skip


class Queries:
    """The reads of an open store (its connection: ``conn``)."""

    conn: Database

    # -- firms and definitions ---------------------------------------------------------

    def definitions(self) -> dict[Versions, dict[str, str]]:
        out: dict[Versions, dict[str, str]] = {}
        for iid, iv, rid, rv, dim, digest in self.conn.execute("SELECT * FROM definitions"):
            out.setdefault((iid, iv, rid, rv), {})[dim] = digest
        return out

    def _names(self) -> dict[str, str]:
        """Every stored firm's key and its latest spelling."""
        rows = self.conn.execute(
            "SELECT firm_key, firm FROM assessments WHERE id IN (SELECT MAX(id) FROM assessments "
            "GROUP BY firm_key)"
        ).fetchall()
        return dict(rows)

    def find_firm(self, name: str) -> tuple[str | None, list[str]]:
        """The stored firm a typed name means, and the nearest stored names when none: the
        exact firm (case and spacing aside), else the one firm whose name matches with case,
        accents and punctuation aside; several such firms are not guessed between."""
        exact = self.firm_name(name)
        if exact is not None:
            return exact, []
        return pick_firm(name, list(self._names().values()))

    def firm_name(self, name: str) -> str | None:
        """The stored spelling of a firm's name (None when the firm is not stored)."""
        row = self.conn.execute(
            "SELECT firm FROM assessments WHERE firm_key = ? ORDER BY id DESC LIMIT 1",
            (firm_key(name),),
        ).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM assessments").fetchone()[0])

    def listing(self, firm: str | None = None) -> pd.DataFrame:
        """One row per firm and year: assessments, versions, dates, when last added.

        Versions are listed in the order first stored; grouped here, not in SQL, so both
        backends give the same text."""
        where, params = ("WHERE firm_key = ?", [firm_key(firm)]) if firm else ("", [])
        rows = self._frame(
            "SELECT firm_key, year, firm, instrument || ' ' || instrument_version AS instrument, "
            "rubric || ' ' || rubric_version AS rubric, date, added_at "
            f"FROM assessments {where} ORDER BY firm_key, year, id",
            params,
        )
        columns = ["firm", "year", "assessments", "instrument", "rubric", "first_date",
                   "last_date", "added_at"]  # fmt: skip
        if rows.empty:
            return pd.DataFrame(columns=columns)
        groups = rows.groupby(["firm_key", "year"], sort=False)
        dates = rows["date"].where(rows["date"].notna(), None)
        out = pd.DataFrame(
            {
                "firm": groups["firm"].max(),
                "year": groups["year"].first(),
                "assessments": groups.size(),
                "instrument": groups["instrument"].agg(_distinct),
                "rubric": groups["rubric"].agg(_distinct),
                "first_date": dates.groupby([rows["firm_key"], rows["year"]], sort=False).min(),
                "last_date": dates.groupby([rows["firm_key"], rows["year"]], sort=False).max(),
                "added_at": groups["added_at"].max(),
            }
        )
        return out.reset_index(drop=True)[columns]

    _HEAD = (
        "a.id AS aid, a.firm_key, a.year, a.date, a.instrument, a.instrument_version, "
        "a.rubric, a.rubric_version, a.side"
    )
    _PROFILE = ", " + ", ".join(f"a.{p}" for p in PROFILE)

    def firm_frame(self, name: str) -> pd.DataFrame:
        """The firm's assessments, one row per assessment and dimension (and ``overall``)."""
        return self._long("SELECT id FROM assessments WHERE firm_key = ?", [firm_key(name)])

    def sees_peers(self) -> bool:
        """Whether this role may benchmark from the store: it reads every firm and may log
        the query (False for a read-only PostgreSQL role, which sees only its own firms)."""
        if self.conn.kind != "postgresql":
            return True
        row = self.conn.execute("SELECT has_table_privilege('benchmark_queries', 'INSERT')")
        return bool(row.fetchone()[0])

    def peer_frame(self, exclude: str, year: int | None, filters: dict[str, str]) -> pd.DataFrame:
        """Other firms' scores at each firm's latest year up to ``year``, where that year's
        profile matches ``filters`` (a firm that has since left the band is not a peer in it
        with its older scores): no names, no profile."""
        conditions = ["{t}firm_key != ?"]
        params: list[Any] = [firm_key(exclude)]
        if year is not None:
            conditions.append("{t}year <= ?")
            params.append(year)
        latest = " AND ".join(conditions).format(t="")
        matching = list(conditions)
        wanted = list(params)
        for column, value in filters.items():
            if column not in PROFILE:
                raise ValueError(f"unknown peer filter {column!r}")
            matching.append(f"{{t}}{column} = ?")
            wanted.append(value)
        where = " AND ".join(matching).format(t="c.")
        ids = (
            "SELECT c.id FROM assessments c JOIN (SELECT firm_key, MAX(year) AS year "
            f"FROM assessments WHERE {latest} GROUP BY firm_key) l "
            f"ON c.firm_key = l.firm_key AND c.year = l.year WHERE {where}"
        )
        return self._long(ids, params + wanted, full=False)

    def _long(self, ids: str, params: list[Any], full: bool = True) -> pd.DataFrame:
        """The long frame of the assessments whose ids the subquery ``ids`` selects.

        ``full=False`` leaves out the profile, level, status and target (peers need scores).
        """
        head = self._HEAD + (self._PROFILE if full else "")
        extra = ", d.level, d.status, d.target" if full else ""
        overall_extra = ", a.overall_level, a.overall_status, NULL" if full else ""
        sql = (
            f"WITH s AS MATERIALIZED ({ids}) "
            f"SELECT {head}, d.dimension, d.score{extra}, NULL AS percent_to_target "
            "FROM s JOIN assessments a ON a.id = s.id "
            "JOIN dimension_scores d ON d.assessment_id = a.id "
            f"UNION ALL SELECT {head}, '{OVERALL}', a.overall_score{overall_extra}, "
            "a.percent_to_target FROM s JOIN assessments a ON a.id = s.id"
        )
        return self._frame(sql, params)

    def item_scores(self, versions: Sequence[Versions], limit: int) -> list[dict[str, Any]]:
        """Item scores of the latest ``limit`` assessments scored with these versions."""
        if not versions:
            return []
        clause = " OR ".join(
            ["(instrument = ? AND instrument_version = ? AND rubric = ? AND rubric_version = ?)"]
            * len(versions)
        )
        rows = self.conn.execute(
            f"SELECT item_scores FROM assessments WHERE item_scores IS NOT NULL AND ({clause}) "
            "ORDER BY id DESC LIMIT ?",
            [v for vs in versions for v in vs] + [limit],
        )
        return [json.loads(text) for (text,) in rows]

    def item_scores_of(self, aids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Item scores of these assessments, by assessment id (those without any are left out)."""
        out: dict[int, dict[str, Any]] = {}
        unique = list(dict.fromkeys(int(a) for a in aids))
        for start in range(0, len(unique), CHUNK):
            part = unique[start : start + CHUNK]
            rows = self.conn.execute(
                "SELECT id, item_scores FROM assessments WHERE item_scores IS NOT NULL AND id IN "
                f"({', '.join('?' * len(part))})",
                part,
            )
            out.update({aid: json.loads(text) for aid, text in rows})
        return out

    def dimension_sample(
        self, versions: Sequence[Versions], dimension: str, limit: int
    ) -> list[float]:
        """Scores of one dimension (or ``overall``) in the latest ``limit`` assessments."""
        if not versions:
            return []
        clause = " OR ".join(
            [
                "(a.instrument = ? AND a.instrument_version = ? AND a.rubric = ? "
                "AND a.rubric_version = ?)"
            ]
            * len(versions)
        )
        params = [v for vs in versions for v in vs]
        if dimension == OVERALL:
            sql = (
                f"SELECT a.overall_score FROM assessments a WHERE ({clause}) "
                "AND a.overall_score IS NOT NULL ORDER BY a.id DESC LIMIT ?"
            )
        else:
            sql = (
                "SELECT d.score FROM assessments a JOIN dimension_scores d "
                f"ON d.assessment_id = a.id WHERE ({clause}) AND d.dimension = ? "
                "AND d.score IS NOT NULL ORDER BY a.id DESC LIMIT ?"
            )
            params.append(dimension)
        return [row[0] for row in self.conn.execute(sql, params + [limit])]

    def export_frame(self, firm: str | None = None, order: Sequence[str] = ()) -> pd.DataFrame:
        """Every stored assessment as one flat row (the batch table's columns, plus more).

        Dimension columns follow ``order`` first (the rubric's), then any others.
        """
        where, params = ("WHERE firm_key = ?", [firm_key(firm)]) if firm else ("", [])
        base = self._frame(
            "SELECT id, firm, year, date, " + ", ".join(RESPONDENT) + ", " + ", ".join(PROFILE)
            + ", instrument, instrument_version, rubric, rubric_version, overall_score, "
            "overall_level, overall_status, percent_to_target, targets_source, "
            "targets_agreed_on, targets_agreed_by, source, source_kind, added_at, "
            f"content_hash FROM assessments {where} ORDER BY firm_key, year, id",
            params,
        )  # fmt: skip
        dims = self._frame(
            "SELECT d.assessment_id AS id, d.dimension, d.score, d.level, d.status, "
            "d.answered_share, d.target, d.target_source FROM dimension_scores d JOIN "
            f"assessments a ON a.id = d.assessment_id {where.replace('firm_key', 'a.firm_key')}",
            params,
        )
        present = set(dims["dimension"])
        order = [d for d in order if d in present] + sorted(present - set(order))
        if base.empty:
            return base.drop(columns="id")
        wide = dims.pivot(index="id", columns="dimension")
        columns = {}
        for dim in order:
            for metric in METRICS:
                columns[f"{dim}_{metric}"] = wide[(metric, dim)]
        dim_frame = pd.DataFrame(columns, index=wide.index)
        for dim in order:
            for metric in ("level", "target"):
                dim_frame[f"{dim}_{metric}"] = dim_frame[f"{dim}_{metric}"].astype("Int64")
        out = base.merge(dim_frame, left_on="id", right_index=True, how="left")
        head = [c for c in base.columns if c not in _TAIL]
        out = out[head + list(dim_frame.columns) + list(_TAIL)]
        out["overall_level"] = out["overall_level"].astype("Int64")
        return out.drop(columns="id").reset_index(drop=True)

    def _frame(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        cursor = self.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=names)


def _distinct(values: pd.Series) -> str:
    return ",".join(dict.fromkeys(values))
