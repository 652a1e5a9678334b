"""Pagination that costs the same at 50,000 shows as at 100.

A list counts its rows for "N results" and the page links. An exact `COUNT(*)` reads
every matching row: on PostgreSQL a whole table of 225,000 seasons or 900,000 credits
(110 to 210 ms). `BoundedPaginator` counts a filtered or searched list at most a few
pages past the one shown ("more than 1,000 seasons"), and on PostgreSQL takes an
unfiltered big table's size from the planner's statistics ("about 225,000 seasons");
SQLite counts an unfiltered table exactly (an index scan, cheap), and short lists stay
exact. The admin's change lists and the public show list both page this way.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.html import escape

from . import search

COUNT_AHEAD = 1000
# An unfiltered PostgreSQL table estimated to hold more rows than this is not counted.
ESTIMATE_ABOVE = 20000


class ListCount(int):
    """A change list's count, printed as it is known: exact ("225"), "about 225,000"
    (PostgreSQL's statistics) or "more than 1,000" (counting stopped).

    An int, so the admin's templates compare and pluralise it as they do an exact count;
    its text says how far it is known wherever they print it.
    """

    EXACT, ABOUT, MORE_THAN = "", "about", "more than"

    def __new__(cls, value, qualifier=EXACT):
        count = super().__new__(cls, value)
        count.qualifier = qualifier
        return count

    def __str__(self):
        if not self.qualifier:
            return str(int(self))
        return f"{self.qualifier} {int(self):,}"

    def __html__(self):
        return escape(str(self))

    @property
    def exact(self):
        return not self.qualifier


def estimated_rows(queryset):
    """SQL for PostgreSQL's estimate of the rows in `queryset`'s table, counted exactly
    when the statistics say it is small (or were never gathered): one query either way."""
    table = queryset.model._meta.db_table
    return (
        "SELECT CASE WHEN c.reltuples > %s THEN c.reltuples::bigint "
        f'ELSE (SELECT COUNT(*) FROM "{table}") END, c.reltuples > %s '
        "FROM pg_class c WHERE c.oid = %s::regclass",
        [ESTIMATE_ABOVE, ESTIMATE_ABOVE, f'"{table}"'],
    )


def unfiltered(queryset):
    """Whether `queryset` lists every row of its table (joins and annotations aside)."""
    query = queryset.query
    return not query.where and not query.distinct and not query.combinator


class BoundedPaginator(Paginator):
    """The admin's paginator, counting no further than the editor can page.

    `page` is the page the list shows: the count stops `COUNT_AHEAD` rows past its first
    row, so the links reach that far and a later page is always one click away (the page
    links end in "…" while the count is not exact). The page itself is read as Django
    does (`LIMIT`/`OFFSET`), whatever the count.
    """

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, page=1):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.shown_page = max(page, 1)

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if unfiltered(queryset):
            if connection.vendor != "postgresql":
                # SQLite counts a whole table from its smallest index: 900,000 cast
                # credits in about 20 ms, and it keeps no statistics it would update.
                return ListCount(queryset.count())
            with connection.cursor() as cursor:
                cursor.execute(*estimated_rows(queryset))
                total, estimated = cursor.fetchone()
            return ListCount(total, ListCount.ABOUT if estimated else ListCount.EXACT)
        limit = (self.shown_page - 1) * self.per_page + COUNT_AHEAD
        searched = search.plan(queryset)
        if searched is not None and searched.at_least > limit:
            # A search that read more matches than that from its index (series/search/).
            return ListCount(limit, ListCount.MORE_THAN)
        counted = queryset.order_by().values("pk")[: limit + 1].count()
        if counted > limit:
            return ListCount(limit, ListCount.MORE_THAN)
        return ListCount(counted)

    def validate_number(self, number):
        """Any page up to the count, and past it while the count is a bound or an estimate
        (`page()` raises EmptyPage for an empty page past the real end)."""
        if self.count.exact:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        if self.count.exact:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        page = self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
        if number > 1 and not page.object_list:
            raise EmptyPage(self.error_messages["no_results"])
        return page

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        yield from super().get_elided_page_range(
            min(self.validate_number(number), self.num_pages),
            on_each_side=on_each_side,
            on_ends=on_ends,
        )
        if not self.count.exact:
            yield self.ELLIPSIS
