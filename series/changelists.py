"""Admin change lists that cost the same at 50,000 shows as at 100.

**Counts.** A change list counts its rows for "N results" and the page links. An exact
`COUNT(*)` reads every matching row: on PostgreSQL a whole table of 225,000 seasons or
900,000 credits (110 to 210 ms), on SQLite every season a filter like "awaiting decision"
keeps. `BoundedPaginator` counts a filtered or searched list at most a few pages past
the one shown ("more than 1,000 seasons"), and on PostgreSQL takes an unfiltered big
table's size from the planner's statistics ("about 225,000 seasons"); SQLite counts an
unfiltered table exactly (an index scan, cheap), and short lists stay exact.

**Date links.** Django's date hierarchy reads its year (or month, or day) links with
`SELECT DISTINCT date_trunc(...)` over every row of the list, and its range with one
`MIN(), MAX()` query; on SQLite the first calls a Python function per row and the
second cannot use an index for both ends at once. At 50,000 shows (~400,000
announcements) the two cost most of a second. Here each end is one index read, and
each candidate year, month or day is one index probe, all in one query.
"""

import datetime
import functools
import itertools

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Exists, Max, Min, QuerySet, Subquery
from django.utils.functional import cached_property
from django.utils.html import escape

# A date hierarchy offers at most this many links per level before we let Django scan.
MAX_PROBES = 400
# Lists this short are read through their own filter (Django's way), longer ones by probes.
FEW = 2000


def periods(first, last, kind):
    """Every year, month or day from `first` to `last`, as (start, end) date pairs;
    None if there are more than MAX_PROBES."""
    if kind == "year":
        count = last.year - first.year + 1
    elif kind == "month":
        count = (last.year - first.year) * 12 + last.month - first.month + 1
    else:
        count = (last - first).days + 1
    if count > MAX_PROBES:
        return None
    if kind == "year":
        starts = [datetime.date(first.year + n, 1, 1) for n in range(count + 1)]
    elif kind == "month":
        months = [first.year * 12 + first.month - 1 + n for n in range(count + 1)]
        starts = [datetime.date(m // 12, m % 12 + 1, 1) for m in months]
    else:
        starts = [first + datetime.timedelta(days=n) for n in range(count + 1)]
    return list(itertools.pairwise(starts))


class IndexedDatesQuerySet(QuerySet):
    """A QuerySet whose `dates()` and min/max `aggregate()` read an index, not every row.

    Only when the list is long: a short list (a search, a narrow filter) is read
    fastest through its own filter, as Django does.
    """

    def is_long(self):
        """More than FEW rows, and not a search? Counts at most FEW + 1, once per QuerySet.

        A searched list is read Django's way: each probe would search again (a term in
        80,000 announcements took 20 s of probes on PostgreSQL).
        """
        if "_is_long" not in self.__dict__:
            if getattr(self.query, "walked", False):
                # A term in more than one row in a hundred (series/search.py): long, and
                # each probe finds a match within a few rows.
                self._is_long = True
            else:
                self._is_long = not getattr(self.query, "searched", False) and (
                    self.order_by().values("pk")[: FEW + 1].count() > FEW
                )
        return self._is_long

    def aggregate(self, *args, **kwargs):
        """A long list's MIN() and MAX() of a column as two index reads, in one query.

        SQLite reads an index for a lone MIN() or MAX() only; together they scan.
        """
        if args or not kwargs or not self.is_long():
            return super().aggregate(*args, **kwargs)
        ends = {}
        for name, aggregate in kwargs.items():
            column = aggregate.get_source_expressions()[0]
            if (
                type(aggregate) not in (Min, Max)
                or aggregate.filter
                or not hasattr(column, "name")
            ):
                return super().aggregate(*args, **kwargs)
            order = column.name if type(aggregate) is Min else f"-{column.name}"
            present = self.filter(**{f"{column.name}__isnull": False})
            ends[name] = Subquery(present.order_by(order).values(column.name)[:1])
        # The date hierarchy asks for the ends, then `dates()` needs them again.
        key = repr(sorted(kwargs.items()))
        cached = self.__dict__.setdefault("_ends", {})
        if key not in cached:
            row = self.model._base_manager.using(self.db).order_by().values(**ends)[:1]
            cached[key] = next(iter(row), dict.fromkeys(kwargs))
        return cached[key]

    def dates(self, field_name, kind, order="ASC"):
        if kind not in ("year", "month", "day") or not self.is_long():
            return super().dates(field_name, kind, order)
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        candidates = periods(bounds["first"], bounds["last"], kind)
        if candidates is None:
            return super().dates(field_name, kind, order)
        rows = self.order_by()
        probes = {
            f"p{index}": Exists(
                rows.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
            )
            for index, (start, end) in enumerate(candidates)
        }
        found = (
            self.model._base_manager.using(self.db)
            .order_by()
            .annotate(**probes)
            .values_list(*probes)[:1]
        )
        flags = next(iter(found), ())
        dates = [start for (start, _), present in zip(candidates, flags, strict=False) if present]
        return dates if order == "ASC" else dates[::-1]


@functools.cache
def indexed_dates_class(cls):
    if issubclass(cls, IndexedDatesQuerySet):
        return cls
    return type(f"IndexedDates{cls.__name__}", (IndexedDatesQuerySet, cls), {})


def with_indexed_dates(queryset):
    """`queryset` as an `IndexedDatesQuerySet`, keeping its model's own QuerySet methods."""
    clone = queryset._chain()
    clone.__class__ = indexed_dates_class(type(queryset))
    return clone


# A list counts its rows up to this many past the first row of the page shown.
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
        if getattr(queryset.query, "at_least", 0) > limit:
            # A search that read more matches than that from its index (series/search.py).
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
