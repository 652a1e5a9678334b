"""Dates as precise as what was announced: a day, a month, a season of the year, or a year.

A fuzzy date is stored as two columns, the first day of its period and its
precision. It covers a period (`start` to `end`) and has "arrived" once the whole
period is over, so "Fall 2027" is never treated as if it meant 1 September;
`arrived_by` and `not_arrived_by` say the same in SQL.
Seasons of the year are meteorological: Spring is March to May, Summer June to
August, Fall September to November, and Winter December to February, named by
the year of its January ("Winter 2027" starts on 1 December 2026).
"""

import calendar
import contextlib
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    SEASON = "season", "Season of the year"
    YEAR = "year", "Year"


# First month of each season of the year; December belongs to the next year's winter.
SEASON_STARTS = {12: "Winter", 3: "Spring", 6: "Summer", 9: "Fall"}


# What an editor may type, and what the parser answers when it cannot read a date.
INPUT_FORMATS = "2027-09-14, 2027-09, September 2027, Fall 2027 or 2027"

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update(
    {name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name}
)
_MONTHS["sept"] = 9
_SEASON_NAMES = {"winter": 12, "spring": 3, "summer": 6, "fall": 9, "autumn": 9}

_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_WORD_YEAR = re.compile(r"([a-z]+)\.?,? (\d{4})")  # September 2027, Sept. 2027, Fall 2027
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([a-z]+)\.?,? (\d{4})")  # 14 September 2027
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")  # Sept 14, 2027
_NUMERIC_OTHER_ORDER = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")


class UnreadableDate(ValueError):
    """Text that is not a date at any precision; the message says how to write it."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


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

    @classmethod
    def parse(cls, text):
        """Read a date as a source writes it, at the precision it gives; None if blank.

        ISO (`2027-09-14`, `2027-09`), month names (`September 2027`, `14 September
        2027`, `Sept 14, 2027`), seasons of the year (`Fall 2027`) and bare years.
        All-numeric dates in another order (`03/04/2026`: March or April?) are
        refused rather than guessed. Raises `UnreadableDate` saying how to write it.
        """
        text = " ".join((text or "").split())
        if not text:
            return None
        folded = text.casefold()
        if match := _ISO_DAY.fullmatch(folded):
            year, month, day = map(int, match.groups())
            return cls(_day(text, year, month, day))
        if match := _ISO_MONTH.fullmatch(folded):
            year, month = map(int, match.groups())
            return cls(_day(text, year, month, 1), Precision.MONTH)
        if _YEAR.fullmatch(folded):
            return cls(_day(text, int(folded), 1, 1), Precision.YEAR)
        if match := _WORD_YEAR.fullmatch(folded):
            word, year = match[1], int(match[2])
            if word in _SEASON_NAMES:
                start = _SEASON_NAMES[word]
                return cls(_day(text, year - (start == 12), start, 1), Precision.SEASON)
            return cls(_day(text, year, _month(text, word), 1), Precision.MONTH)
        if match := _DAY_MONTH_YEAR.fullmatch(folded):
            day, word, year = int(match[1]), match[2], int(match[3])
            return cls(_day(text, year, _month(text, word), day))
        if match := _MONTH_DAY_YEAR.fullmatch(folded):
            word, day, year = match[1], int(match[2]), int(match[3])
            return cls(_day(text, year, _month(text, word), day))
        if match := _NUMERIC_OTHER_ORDER.fullmatch(folded):
            readings = [day.isoformat() for day in _readings(*map(int, match.groups()))]
            if len(readings) == 2:
                message = f"“{text}” could be {readings[0]} or {readings[1]}. "
            elif readings:
                message = f"Write “{text}” with the year first: {readings[0]}. "
            else:
                message = f"“{text}” is not written with the year first. "
            raise UnreadableDate(
                message + "Dates are year-month-day, as 2026-04-03, or have the month in "
                "words, as 3 April 2026.",
                code="ambiguous",
            )
        raise UnreadableDate(
            f"“{text}” is not a date we can read. Write it as precisely as the source "
            f"does: {INPUT_FORMATS}.",
            code="invalid",
        )

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

    def as_input(self):
        """The text an editor would type for this date; `parse` reads it back."""
        if self.precision == Precision.SEASON:
            return str(self)
        return self.isoformat()

    def isoformat(self):
        """ISO 8601 at the precision known: 2020-01-01, 2020-02, 2027."""
        if self.precision == Precision.DAY:
            return self.date.isoformat()
        if self.precision == Precision.MONTH:
            return f"{self.date:%Y-%m}"
        return str(self.end.year)  # A season is known only to its year.


def _month(text, word):
    if word not in _MONTHS:
        raise UnreadableDate(
            f"“{text}”: “{word}” is not a month or a season of the year. Write it as "
            f"precisely as the source does: {INPUT_FORMATS}.",
            code="invalid",
        )
    return _MONTHS[word]


def _readings(first, second, year):
    """The days a `first/second/year` date could be: day-month or month-day order."""
    if year < 100:
        return []
    readings = []
    for day, month in [(first, second), (second, first)]:
        with contextlib.suppress(ValueError):
            readings.append(datetime.date(year, month, day))
    return sorted(set(readings))


def _day(text, year, month, day):
    if not 1000 <= year <= 9999:
        raise UnreadableDate(f"“{text}”: write the year with four digits.", code="invalid")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise UnreadableDate(
            f"“{text}” is not a day of the calendar. Write it as year-month-day, "
            f"for example 2027-09-14.",
            code="invalid",
        ) from None


def open_period_starts(today):
    """{precision: the first day a period of that precision may start and not be over by
    `today`}: the start of the period holding tomorrow.

    Periods of one precision tile the calendar, so a period is wholly over by `today`
    (`FuzzyDate.has_arrived`) exactly when it starts before this day. Any day inside the
    period compares the same, so a stored date need not be the period's first.
    """
    tomorrow = today + datetime.timedelta(days=1)
    return {precision: _period_start(tomorrow, precision) for precision in Precision.values}


def arrived_by(date_field, precision_field, today):
    """The SQL twin of `FuzzyDate.has_arrived`: a Q for rows whose period is wholly over
    by `today`. A row without a date has not arrived.

    The plain bound on the date comes first, so an index on it narrows the rows whose
    precision is then checked.
    """
    starts = open_period_starts(today)
    per_precision = Q()
    for precision, start in starts.items():
        per_precision |= Q(**{precision_field: precision, f"{date_field}__lt": start})
    return Q(**{f"{date_field}__lt": max(starts.values())}) & per_precision


def not_arrived_by(date_field, precision_field, today):
    """Rows with a date whose period is not yet wholly over by `today`: `arrived_by`'s
    complement among dated rows (a negated Q would take in the undated ones too)."""
    starts = open_period_starts(today)
    per_precision = Q()
    for precision, start in starts.items():
        per_precision |= Q(**{precision_field: precision, f"{date_field}__gte": start})
    return Q(**{f"{date_field}__gte": min(starts.values())}) & per_precision


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
