"""Typo tolerance: rank titles or names by trigram similarity to what was typed.

`nearest` is the one public function. Its score is pg_trgm's `similarity()` on both
databases, so a search ranks the same rows the same way on SQLite and PostgreSQL:

- **PostgreSQL**: `similarity()` itself, the rows found by the `%` operator through the
  GIN `pg_trgm` index on `UPPER(column)` the search index already keeps (`index.py`);
  `%` passes rows at or above `pg_trgm.similarity_threshold` (0.3 unless set otherwise).
- **SQLite**: the FTS5 trigram table prunes the candidates (rows sharing the most of the
  query's rarer trigrams, read from the index), then `similarity` below, a copy of
  pg_trgm's rule, scores them in Python.

pg_trgm's rule: each word (a run of letters and digits) is lower-cased and padded with
two spaces before and one after; its trigrams are every three characters in a row
("cat" -> "  c", " ca", "cat", "at "). The similarity of two texts is the number of
trigrams they share over the number in either.
"""

import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, F, FloatField, Func, Value
from django.db.models.functions import Upper

from . import index

# pg_trgm's default `similarity_threshold`, the bound its `%` operator applies.
THRESHOLD = 0.3
# SQLite: the candidates scored in Python, those sharing the most probed trigrams.
CANDIDATES = 200
# SQLite: the probed trigrams, the rarest of the query's (a common one such as "ing",
# in 1,700 of 50,000 titles, adds many rows to group and little to the ranking).
PROBES = 12
# SQLite: a trigram in more than this share of a table's rows (and in more than
# CANDIDATES rows) is not probed while the query has a rarer one ("the" is in a fifth
# of the demo titles).
COMMON = 0.05

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Similar:
    """A row near what was typed: its key, its text and its similarity (0 to 1)."""

    pk: int
    text: str
    score: float


def trigrams(text):
    """pg_trgm's trigrams of `text` (`show_trgm()` without its sort)."""
    found = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def similarity(a, b):
    """pg_trgm's `similarity(a, b)`: shared trigrams over all trigrams, 0 if none."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


class _Similarity(Func):
    function = "similarity"
    output_field = FloatField()


class _TrigramMatch(Func):
    """`a % b` (pg_trgm): true when the similarity is at least the threshold; written
    %% for the database driver, which reads % as the start of a parameter."""

    template = "%(expressions)s"
    arg_joiner = " %% "
    output_field = BooleanField()


def nearest(queryset, field, text, limit=5):
    """The rows of `queryset` whose `field` is most like `text`: a list of `Similar`,
    best first (ties by key), each at least `THRESHOLD` similar, at most `limit`.

    `field` must be one the search index covers (`index.INDEXED`), such as Show.title
    or Person.name. The ranking is pg_trgm's similarity on both databases; on SQLite
    only the rows sharing the most of the query's rarer trigrams are scored, so a row
    whose few shared trigrams are all common ones may be missed there.
    """
    text = text.strip()
    if not trigrams(text):
        return []
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return _nearest_postgresql(queryset, field, text, limit)
    return _nearest_sqlite(queryset, field, text, limit)


def _nearest_postgresql(queryset, field, text, limit):
    column, typed = Upper(F(field)), Upper(Value(text))
    rows = (
        queryset.annotate(trigram_score=_Similarity(column, typed))
        .filter(_TrigramMatch(column, typed), trigram_score__gte=THRESHOLD)
        .order_by("-trigram_score", "pk")
        .values_list("pk", field, "trigram_score")[:limit]
    )
    return [Similar(pk, value, score) for pk, value, score in rows]


def _nearest_sqlite(queryset, field, text, limit):
    candidates = _sqlite_candidates(queryset, field, text)
    if candidates is None:
        # No index here, or only words of one or two letters (no trigram to read): the
        # rows holding the longest word (a title "Up" for "up").
        word = max(_WORD.findall(text), key=len)
        rows = queryset.filter(**{f"{field}__icontains": word})
    else:
        rows = queryset.filter(pk__in=candidates)
    scored = []
    for pk, value in rows.order_by().values_list("pk", field)[:CANDIDATES]:
        score = similarity(text, value)
        if score >= THRESHOLD:
            scored.append(Similar(pk, value, score))
    scored.sort(key=lambda row: (-row.score, row.pk))
    return scored[:limit]


def _probes(text):
    """The FTS5 trigrams of `text` to probe: three characters in a row inside a word
    (FTS5's trigram tokenizer folds case and indexes the text as written, unpadded)."""
    found = []
    for word in _WORD.findall(text.lower()):
        for i in range(len(word) - 2):
            if word[i : i + 3] not in found:
                found.append(word[i : i + 3])
    return found


def _sqlite_candidates(queryset, field, text):
    """Keys of the rows sharing the most of `text`'s rarer trigrams, from the FTS5
    table; None if `field` has no index here or `text` no word of three letters. Two
    reads: how many rows hold each trigram, then the rows of the rarest, grouped and
    counted."""
    meta = queryset.model._meta
    using = queryset.db
    if field not in index.INDEXED.get((meta.app_label, meta.model_name), ()):
        return None
    if not index.has_index(using, meta.db_table):
        return None
    probes = _probes(text)
    if not probes:
        return None
    table = index.fts_table(meta.db_table)
    match = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
    phrases = {term: f'{{{field}}} : "{term}"' for term in probes}
    with connections[using].cursor() as cursor:
        counts = ", ".join([f"(SELECT count(*) FROM ({match}))"] * len(probes))
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {meta.db_table}), {counts}",
            [phrases[term] for term in probes],
        )
        size, *found = cursor.fetchone()
        rows_with = {term: count for term, count in zip(probes, found, strict=True) if count}
        if not rows_with:
            return []
        present = sorted(rows_with, key=lambda term: (rows_with[term], probes.index(term)))
        # In a small table every trigram is in a large share of the rows, and cheap.
        bound = max((size or 0) * COMMON, CANDIDATES)
        rare = [term for term in present if rows_with[term] <= bound]
        chosen = (rare or present[:3])[:PROBES]
        reads = " UNION ALL ".join([match] * len(chosen))
        cursor.execute(
            f"SELECT rowid FROM ({reads}) GROUP BY rowid ORDER BY count(*) DESC, rowid LIMIT %s",
            [*(phrases[term] for term in chosen), CANDIDATES],
        )
        return [key for (key,) in cursor.fetchall()]
