"""The question a search box is asked: a title, and maybe a season of it.

People type "spinning out season 2", "spinning out series 2" or "spinning out s02" for
the answer about one season. `parse` splits such a text into the title part and the
season's number; `best_match` finds the one show the title part names, if one does.
"""

import re
from dataclasses import dataclass

from . import index, similar

# A season written at the end: "season 2", "series 2", "s2", "S02", "s 2". The title
# part must not be empty: "season 2" alone is a title search.
_SEASON = re.compile(
    r"^(?P<title>.*?\S)\s+(?:season|series|s)\s*0*(?P<number>[1-9]\d{0,2})\s*$", re.IGNORECASE
)
# The title part is compared with at most this many titles holding it: past that it
# names no one show ("harbor season 2" among 1,600 harbors).
MAX_COMPARED = 50


@dataclass(frozen=True)
class Question:
    """A search text read as a title and, when one is written, a season number."""

    title: str
    season: int | None = None


@dataclass(frozen=True)
class Match:
    """The one row a title names: its key, its text, and whether it was found by
    similarity (a typo) rather than as written."""

    pk: int
    text: str
    near: bool = False


def parse(text):
    """`text` as a `Question`: "Spinning Out s02" -> ("Spinning Out", 2)."""
    text = " ".join(text.split())
    found = _SEASON.match(text)
    if found is None:
        return Question(text)
    return Question(found["title"], int(found["number"]))


def best_match(queryset, field, text, holding=None):
    """The one row of `queryset` whose `field` `text` names, or None if it names none or
    several equally.

    Rows holding `text` (through the search index) are compared by similarity, so
    "spinning out" names "Spinning Out" over "Spinning Out Again"; when none holds it,
    the nearest by similarity (`similar.nearest`: a typo). A tie at the top, such as two
    shows with the same title, names none. `holding`: those rows as (key, value) pairs,
    at least MAX_COMPARED + 1 of them if there are more, when the caller has read them.
    """
    if holding is None:
        found = queryset.filter(index.contains(queryset.model, text, [field]))
        holding = found.order_by().values_list("pk", field)[: MAX_COMPARED + 1]
    rows = list(holding[: MAX_COMPARED + 1])
    if len(rows) > MAX_COMPARED:
        return None
    if rows:
        ranked = sorted(
            ((similar.similarity(text, value), pk, value) for pk, value in rows),
            key=lambda row: (-row[0], row[1]),
        )
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            return None
        return Match(ranked[0][1], ranked[0][2])
    near = similar.nearest(queryset, field, text, limit=2)
    if not near or (len(near) > 1 and near[0].score == near[1].score):
        return None
    return Match(near[0].pk, near[0].text, near=True)
