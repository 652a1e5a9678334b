"""Admin date links that cost the same at 50,000 shows as at 100 (counts: series.pagination).

Django's date hierarchy reads its year (or month, or day) links with
`SELECT DISTINCT date_trunc(...)` over every row of the list, and its range with one
`MIN(), MAX()` query; on SQLite the first calls a Python function per row and the
second cannot use an index for both ends at once. At 50,000 shows (~400,000
announcements) the two cost most of a second. Here each end is one index read, and
each candidate year, month or day is one index probe, all in one query.
"""

import datetime
import functools
import itertools

from django.db.models import Exists, Max, Min, QuerySet, Subquery

from series import search

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
            searched = search.plan(self)
            if searched is not None and searched.walked:
                # A term in more than one row in a hundred (series/search/): long, and
                # each probe finds a match within a few rows.
                self._is_long = True
            else:
                self._is_long = searched is None and (
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
