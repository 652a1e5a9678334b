"""Substring search on titles, names and ids through an index (FTS5 trigram on SQLite,
pg_trgm on PostgreSQL), shared by the site, the API and the admin; typo tolerance
through the same index (`similar.nearest`); and the question a search box is asked
("spinning out season 2", `question.parse`).

`index` holds the substring search; these names are the package's public surface, and
the paths migration 0011 imports. Its bounds (`index.MAX_LISTED_KEYS`, `index.DENSE`) are read
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
from .question import Match, Question, best_match, parse
from .similar import Similar, nearest, similarity

__all__ = [
    "INDEXED",
    "Match",
    "Question",
    "RowByRowExists",
    "SearchPlan",
    "Similar",
    "admin_search",
    "best_match",
    "contains",
    "create_postgres_index",
    "create_sqlite_index",
    "drop_postgres_index",
    "drop_sqlite_index",
    "ensure_sqlite_index",
    "first_matches",
    "has_index",
    "nearest",
    "parse",
    "plan",
    "search_terms",
    "similarity",
    "sqlite_triggers",
    "with_plan",
]
