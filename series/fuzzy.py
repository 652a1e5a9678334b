"""Dates as precise as what was announced: a day, a month, a season of the year, or a year.

A fuzzy date is stored as two columns, the first day of its period and its
precision. It covers a period (`start` to `end`) and has "arrived" once the whole
period is over, so "Fall 2027" is never treated as if it meant 1 September.
Seasons of the year are meteorological: Spring is March to May, Summer June to
August, Fall September to November, and Winter December to February, named by
the year of its January ("Winter 2027" starts on 1 December 2026).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.functional import cached_property


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    SEASON = "season", "Season of the year"
    YEAR = "year", "Year"


# First month of each season of the year; December belongs to the next year's winter.
SEASON_STARTS = {12: "Winter", 3: "Spring", 6: "Summer", 9: "Fall"}


def _season_start(day):
    month = day.month - (day.month % 3)
    if month == 0:  # January and February belong to the winter that began in December.
        return datetime.date(day.year - 1, 12, 1)
    return datetime.date(day.year, month, 1)


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


# The period's bounds are plain functions rather than the properties' bodies so that
# `make mutate` reaches them: mutmut leaves decorated functions alone.
def _period_start(day, precision):
    if precision == Precision.DAY:
        return day
    if precision == Precision.MONTH:
        return day.replace(day=1)
    if precision == Precision.SEASON:
        return _season_start(day)
    return datetime.date(day.year, 1, 1)


def _period_end(day, precision):
    if precision == Precision.DAY:
        return day
    if precision == Precision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == Precision.SEASON:
        return _add_months(_season_start(day), 3) - datetime.timedelta(days=1)
    return datetime.date(day.year, 12, 31)


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to a precision; `date` may be any day inside the period."""

    date: datetime.date
    precision: str = Precision.DAY

    def __post_init__(self):
        if self.precision not in Precision.values:
            raise ValueError(f"Unknown date precision: {self.precision!r}")

    @cached_property
    def start(self):
        """The first day of the period."""
        return _period_start(self.date, self.precision)

    @cached_property
    def end(self):
        """The last day of the period."""
        return _period_end(self.date, self.precision)

    def __str__(self):
        if self.precision == Precision.DAY:
            return f"{self.date.day} {self.date:%B %Y}"
        if self.precision == Precision.MONTH:
            return f"{self.date:%B %Y}"
        if self.precision == Precision.SEASON:
            start = self.start
            name = SEASON_STARTS[start.month]
            return f"{name} {start.year + 1 if start.month == 12 else start.year}"
        return str(self.date.year)

    def phrase(self):
        """The date as it follows a verb: "on 3 February 2020", "in February 2020"."""
        return f"{'on' if self.precision == Precision.DAY else 'in'} {self}"

    def sort_key(self):
        """Order by the first day the period could be, then finer precision first."""
        return (self.start, Precision.values.index(self.precision))

    def has_arrived(self, today):
        """True once the whole period is on or before `today`."""
        return self.end <= today

    def normalized(self):
        """The same period with `date` moved to its first day, as it is stored."""
        return FuzzyDate(self.start, self.precision)

    def isoformat(self):
        """ISO 8601 at the precision known: 2020-01-01, 2020-02, 2027."""
        if self.precision == Precision.DAY:
            return self.date.isoformat()
        if self.precision == Precision.MONTH:
            return f"{self.date:%Y-%m}"
        return str(self.end.year)  # A season is known only to its year.


class FuzzyDateAttribute:
    """Model attribute joining a DateField and a precision field into a FuzzyDate.

    `season.premiere` reads `premiere_date` and `premiere_precision`; assigning a
    FuzzyDate (or None) writes both, normalized to the period's first day.
    """

    def __init__(self, date_field, precision_field):
        self.date_field = date_field
        self.precision_field = precision_field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, self.date_field)
        if value is None:
            return None
        return FuzzyDate(value, getattr(instance, self.precision_field) or Precision.DAY)

    def __set__(self, instance, value):
        if value is None:
            setattr(instance, self.date_field, None)
            return
        value = value.normalized()
        setattr(instance, self.date_field, value.date)
        setattr(instance, self.precision_field, value.precision)
