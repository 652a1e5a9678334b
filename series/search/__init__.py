"""Substring search on titles, names and ids through an index (FTS5 trigram on SQLite,
pg_trgm on PostgreSQL), shared by the site, the API and the admin.

`index` holds the whole of it; these names are its public surface, and the paths
migration 0011 imports. Its bounds (`index.MAX_LISTED_KEYS`, `index.DENSE`) are read
from `index` itself, so a test that changes one changes it for every reader.
"""

from .index import (
    INDEXED,
    RowByRowExists,
    SearchPlan,
    admin_search,
    contains,
    create_postgres_index,
    create_sqlite_index,
    drop_postgres_index,
    drop_sqlite_index,
    ensure_sqlite_index,
    first_matches,
    has_index,
    plan,
    search_terms,
    sqlite_triggers,
    with_plan,
)

__all__ = [
    "INDEXED",
    "RowByRowExists",
    "SearchPlan",
    "admin_search",
    "contains",
    "create_postgres_index",
    "create_sqlite_index",
    "drop_postgres_index",
    "drop_sqlite_index",
    "ensure_sqlite_index",
    "first_matches",
    "has_index",
    "plan",
    "search_terms",
    "sqlite_triggers",
    "with_plan",
]
