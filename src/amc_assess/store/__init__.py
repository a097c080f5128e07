"""The assessment store: firms' scored assessments over the years, in SQLite or PostgreSQL.

``Store`` opens (creating or migrating) the database; ``api`` holds what ``amc history``
calls; ``history`` computes year-over-year change. See ``db`` for where the file lives.
"""

from __future__ import annotations

from amc_assess.store.db import ENV, Store, db_path, locate

__all__ = ["ENV", "Store", "db_path", "locate"]
