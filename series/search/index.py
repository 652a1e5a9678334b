"""Substring search on titles, names and ids through an index, on SQLite and PostgreSQL.

The public search (`filters.ShowFilterForm`, pages and API) and the admin's search
boxes and autocompletes ask the same question: which rows contain this text,
anywhere, in any case? `icontains` answers it by reading every row (`LIKE '%…%'`);
at 50,000 shows that is most of a page's time. Here the same question reads an index:

- **SQLite**: an FTS5 table per model with the `trigram` tokenizer, which answers
  substring queries of 3 or more characters from the index. It is an "external
  content" table (it stores no copy of the text) kept in step by triggers, so every
  write path keeps it true: the ORM, `bulk_create` in `seed_demo`, `loaddata`, raw SQL.
- **PostgreSQL**: a GIN `pg_trgm` index on `UPPER(column)` for each field, which is
  exactly the expression Django's `icontains` compares, so the plain lookup uses it.

Results are those of `icontains` for every term (the index finds the same rows; SQLite's
trigram tokenizer also folds non-ASCII case, which `LIKE` does not). Terms shorter than 3
characters have no trigram and fall back to `icontains`.
"""

import functools
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Exists, Max, Q, QuerySet
from django.db.models.expressions import RawSQL

TRIGRAM = 3
# An admin search matching at most this many rows is run once and passed on as keys.
MAX_LISTED_KEYS = 1000
# A term found in more than this share of a table's rows is tested row by row as the
# list is read in order, not read from the index (`admin_search`).
DENSE = 0.01

# (app_label, model_name): the text fields searched through the index. Migration 0009
# created these; `ensure_sqlite_index` (post_migrate) repairs what a later table rebuild drops.
INDEXED = {
    ("series", "show"): ["title", "imdb_id", "tmdb_id", "tvmaze_id"],
    ("series", "person"): ["name", "imdb_id", "tmdb_id", "tvmaze_id"],
    ("series", "season"): ["title"],
    ("series", "announcement"): ["source_name", "summary"],
    ("series", "castcredit"): ["character_name"],
}


class RowByRowExists(Exists):
    """EXISTS tested for each row as a list is read in order, on PostgreSQL too.

    PostgreSQL turns an EXISTS in an OR into a hash of every matching row, built before
    the first row is read: for "ava" every credit of 3,275 people (140 ms) to show a page
    of 20. An OFFSET makes the subquery one it does not rewrite, so each listed row is
    tested by index and the read stops after a page (15-20 ms). SQLite does this anyway.
    """

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context
        )


@dataclass(frozen=True)
class SearchPlan:
    """How a searched list is read, for its count and its date links.

    `walked`: the list is read in its own order and each row tested (a common term): it
    is long, and a probe of it finds a match within a few rows. `at_least`: how many rows
    are known to match a walked list (0 if not known). Not walked: the matches were read
    from the index as a set of keys, and the list is short.
    """

    walked: bool
    at_least: int = 0


class PlannedQuerySet(QuerySet):
    """A QuerySet that keeps its search's plan (`search_plan`) through every clone.

    The admin's change list sorts and filters the searched list after the search, and
    Django's `_clone()` copies only the state Django knows of: this copies the plan too.
    """

    search_plan = None

    def _clone(self):
        clone = super()._clone()
        clone.search_plan = self.search_plan
        return clone


@functools.cache
def _planned_class(cls):
    if issubclass(cls, PlannedQuerySet):
        return cls
    return type(f"Planned{cls.__name__}", (PlannedQuerySet, cls), {})


def with_plan(queryset, plan):
    """`queryset` carrying `plan` through the filters, sorts and slices applied after it,
    keeping its model's own QuerySet methods."""
    clone = queryset._chain()
    clone.__class__ = _planned_class(type(queryset))
    clone.search_plan = plan
    return clone


def plan(queryset):
    """The plan of the search that filtered `queryset`, or None if none planned it."""
    return getattr(queryset, "search_plan", None)


def fts_table(db_table):
    return f"{db_table}_search"


def sqlite_triggers(db_table, fields):
    """Triggers that keep the FTS table of `db_table` in step with every write."""
    table = fts_table(db_table)
    columns = ", ".join(fields)
    new = ", ".join(f"new.{field}" for field in fields)
    old = ", ".join(f"old.{field}" for field in fields)
    delete = f"INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {new});"
    return {
        f"{table}_insert": f"CREATE TRIGGER {table}_insert AFTER INSERT ON {db_table} "
        f"BEGIN {insert} END",
        f"{table}_delete": f"CREATE TRIGGER {table}_delete AFTER DELETE ON {db_table} "
        f"BEGIN {delete} END",
        f"{table}_update": f"CREATE TRIGGER {table}_update AFTER UPDATE OF {columns} "
        f"ON {db_table} BEGIN {delete} {insert} END",
    }


def create_sqlite_index(cursor, db_table, fields):
    """The FTS5 table, its triggers, and its contents from the rows already there."""
    table = fts_table(db_table)
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({', '.join(fields)}, "
        f"content='{db_table}', content_rowid='id', tokenize='trigram')"
    )
    for sql in sqlite_triggers(db_table, fields).values():
        cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
    cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def drop_sqlite_index(cursor, db_table, fields):
    table = fts_table(db_table)
    for name in sqlite_triggers(db_table, fields):
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {table}")


def postgres_index_name(db_table, field):
    return f"{db_table}_{field}_trgm"


def create_postgres_index(cursor, db_table, fields):
    for field in fields:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {postgres_index_name(db_table, field)} "
            f'ON {db_table} USING gin (UPPER("{field}"::text) gin_trgm_ops)'
        )


def drop_postgres_index(cursor, db_table, fields):
    for field in fields:
        cursor.execute(f"DROP INDEX IF EXISTS {postgres_index_name(db_table, field)}")


def ensure_sqlite_index(using="default", **kwargs):
    """Recreate triggers a table rebuild dropped, and refill the index they missed.

    Django's SQLite schema editor rebuilds a table (new table, copy, drop, rename) for
    most column changes, and dropping a table drops its triggers; after `migrate` this
    puts back whatever is missing. Cheap when nothing is: one read of sqlite_master.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    from django.apps import apps

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        for (app_label, model_name), fields in INDEXED.items():
            db_table = apps.get_model(app_label, model_name)._meta.db_table
            if fts_table(db_table) not in present:
                continue  # migration 0009 not applied (yet, or reversed)
            if not set(sqlite_triggers(db_table, fields)) <= present:
                drop_sqlite_index(cursor, db_table, fields)
                create_sqlite_index(cursor, db_table, fields)
    has_index.cache_clear()


@functools.cache
def has_index(alias, db_table):
    """Whether the SQLite database `alias` has the FTS table for `db_table`."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
            [fts_table(db_table)],
        )
        return cursor.fetchone() is not None


def contains(model, term, fields=None, using="default"):
    """A Q on `model`: rows where `term` is in one of `fields` (all indexed ones if None),
    in any case, as `icontains` would find them, read from the search index."""
    meta = model._meta
    fields = list(fields or INDEXED[(meta.app_label, meta.model_name)])
    connection = connections[using]
    if (
        connection.vendor == "sqlite"
        and len(term) >= TRIGRAM
        and set(fields) <= set(INDEXED.get((meta.app_label, meta.model_name), ()))
        and has_index(using, meta.db_table)
    ):
        table = fts_table(meta.db_table)
        phrase = '"' + term.replace('"', '""') + '"'
        return Q(
            pk__in=RawSQL(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s",
                [f"{{{' '.join(fields)}}} : {phrase}"],
            )
        )
    # PostgreSQL: each field's trigram index serves its own lookup. Several fields are
    # a UNION of one index read each: as one OR the planner scanned the table instead.
    if len(fields) == 1 or connection.vendor != "postgresql":
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": term})
        return query
    reads = [
        model._base_manager.filter(**{f"{field}__icontains": term}).order_by().values("pk")
        for field in fields
    ]
    return Q(pk__in=reads[0].union(*reads[1:]))


def related(chain, query):
    """`query` (a Q on the last model of `chain`) as a Q on the model `chain` starts from.

    `chain` is [(relation name, related model), ...]. Each hop is a subquery on the
    foreign key column (`season_id IN (SELECT id FROM series_season WHERE show_id IN
    (...))`), not a join: then every alternative of the search's OR is a condition on
    the listed table's own indexed columns, which SQLite and PostgreSQL can combine.
    """
    for name, model in reversed(chain):
        query = Q(**{f"{name}__in": model._base_manager.filter(query).values("pk")})
    return query


def search_terms(text):
    """The words of a search box as the admin splits them: "quoted phrases" stay whole."""
    from django.utils.text import smart_split, unescape_string_literal

    terms = []
    for bit in smart_split(text):
        if bit[:1] in ('"', "'") and bit[-1:] == bit[:1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit:
            terms.append(bit)
    return terms


def lookup_groups(model, search_fields):
    """Group `search_fields` by the relations they follow: [(chain, model, [fields])].

    `chain` is [(relation name, related model), ...] from `model` to the model whose
    text fields are searched. Returns None if a field is not a plain path to a text
    column (a `^`, `=` or `@` prefix, a lookup, a many-valued relation): the admin then
    searches the way Django does.
    """
    groups = {}
    for spec in search_fields:
        if spec[:1] in "^=@":
            return None
        *relations, name = spec.split("__")
        target, chain = model, []
        for relation in relations:
            try:
                field = target._meta.get_field(relation)
            except FieldDoesNotExist:
                return None
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                return None
            target = field.related_model
            chain.append((relation, target))
        try:
            field = target._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.is_relation:
            return None
        groups.setdefault(tuple(chain), []).append(name)
    return [
        (list(chain), chain[-1][1] if chain else model, fields) for chain, fields in groups.items()
    ]


def first_matches(model, term, fields, using="default", limit=MAX_LISTED_KEYS):
    """The keys of at most `limit` rows of `model` with `term` in one of `fields`: an
    index read that stops at `limit` (SQLite's FTS table read directly; an IN over it
    would read every match first)."""
    meta = model._meta
    connection = connections[using]
    if (
        connection.vendor == "sqlite"
        and len(term) >= TRIGRAM
        and set(fields) <= set(INDEXED.get((meta.app_label, meta.model_name), ()))
        and has_index(using, meta.db_table)
    ):
        table = fts_table(meta.db_table)
        phrase = '"' + term.replace('"', '""') + '"'
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s LIMIT %s",
                [f"{{{' '.join(fields)}}} : {phrase}", limit],
            )
            return [key for (key,) in cursor.fetchall()]
    found = Q()
    for field in fields:
        found |= Q(**{f"{field}__icontains": term})
    rows = model._base_manager.using(using).filter(found).order_by()
    return list(rows.values_list("pk", flat=True)[:limit])


def admin_search(queryset, search_fields, text):
    """What Django's admin search finds, through the index: each term in some field.

    Returns None when `search_fields` cannot go through the index (see `lookup_groups`);
    else the searched list, carrying its `SearchPlan` (`plan()`).

    A single term is first read from the index, a few thousand keys at most per table:
    - found in more than DENSE of a table's rows (and in more than MAX_LISTED_KEYS), on
      an unfiltered list: the list is walked in its own order and each row tested with
      Django's own `icontains` (`variety`, in a fifth of 400,000 announcements). A page
      then reads a few hundred rows and stops. Read through the index, the page, its
      count and its date links each read all 80,000 matches (SQLite 0.7 s, PostgreSQL
      5.8 s);
    - at most MAX_LISTED_KEYS matching rows: the list filters on their keys;
    - in between: the list filters on the index's matches, read as a subquery.
    """
    groups = lookup_groups(queryset.model, search_fields)
    if groups is None:
        return None
    using = queryset.db
    model = queryset.model
    terms = search_terms(text)
    # Only one term on an unfiltered list: a rare combination of common words ("ava
    # adams") or a narrow filter would make the walk read the whole table.
    walkable = not queryset.query.where and len(terms) == 1
    listed = queryset
    sizes = {}
    keyed = False
    at_least = 0
    for term in terms:
        found, dense = [], False
        for chain, target, fields in groups:
            indexed = INDEXED.get((target._meta.app_label, target._meta.model_name), ())
            covered = [field for field in fields if field in indexed]
            match = contains(target, term, covered, using) if covered else Q(pk__in=[])
            for field in fields:
                if field not in indexed:
                    match |= Q(**{f"{field}__icontains": term})
            found.append(model._base_manager.filter(related(chain, match)).order_by().values("pk"))
            if walkable and not dense:
                if target not in sizes:
                    last = target._base_manager.using(using).aggregate(last=Max("pk"))["last"]
                    sizes[target] = max(MAX_LISTED_KEYS, int((last or 0) * DENSE))
                first = first_matches(target, term, fields, using, sizes[target] + 1)
                if len(first) > sizes[target]:
                    dense = True
                    # At least this many rows of the list match: its count needs no scan.
                    if chain:
                        rows = model._base_manager.filter(related(chain, Q(pk__in=first)))
                        first = rows.order_by().values_list("pk", flat=True)
                        first = list(first[: MAX_LISTED_KEYS + 1])
                    at_least = len(first)
        if dense:
            walk = Q()
            for spec in search_fields:
                walk |= Q(**{f"{spec}__icontains": term})
            queryset = queryset.filter(walk)
            continue
        keyed = True
        # One set of keys per term, a UNION of each alternative's own index read: an OR
        # of IN subqueries over several columns made PostgreSQL scan the whole table.
        matches = found[0].union(*found[1:]) if len(found) > 1 else found[0]
        # Read the keys once when they are few, so the list's count, page and date links
        # each look up a handful of keys instead of searching again (PostgreSQL planned
        # the repeated subquery as a walk of every row in list order: 180 ms).
        # The keys are read through the list so far (its filters, earlier terms): for
        # "ava adams", the people with both, not the 3,300 with "ava", so the list then
        # drops the earlier terms' subqueries for those few keys.
        so_far = queryset.filter(pk__in=matches).order_by()
        keys = list(so_far.values_list("pk", flat=True)[: MAX_LISTED_KEYS + 1])
        if len(keys) <= MAX_LISTED_KEYS:
            queryset = listed.filter(pk__in=keys)
        else:
            queryset = queryset.filter(pk__in=matches)
    # For the list's count and date links (series/admin/changelists.py): a searched list's
    # dates are read from its matches, a walked one's by index probes; a one-term walk is
    # known to be long.
    searched = SearchPlan(walked=False) if keyed else SearchPlan(walked=True, at_least=at_least)
    return with_plan(queryset, searched)
