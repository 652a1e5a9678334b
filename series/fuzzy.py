"""Dates as precise as what was announced: a day, a month, a quarter, a season of the
year, early/mid/late in a year, a half-year, or a year.

A fuzzy date is stored as two columns, the first day of its period and its
precision. It covers a period (`start` to `end`) and has "arrived" once the whole
period is over, so "Fall 2027" is never treated as if it meant 1 September;
`arrived_by` and `not_arrived_by` say the same in SQL.
Seasons of the year are meteorological: Spring is March to May, Summer June to
August, Fall September to November, and Winter December to February, named by
the year of its January ("Winter 2027" starts on 1 December 2026). Every other
period tiles the year from January: quarters (Q1 is January to March), halves (H1
is January to June) and thirds as the trade press means them: early is January
to April, mid May to August, late September to December.
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
    """From the finest to the coarsest. The values sort the same way as strings, as the
    timeline's ORDER BY on the precision column needs (`Announcement.Meta.ordering`):
    hence "segment" for a third and "semester" for a half, which "half" would not."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter (Q1 to Q4)"
    SEASON = "season", "Season of the year"
    THIRD = "segment", "Early, mid or late in the year"
    HALF = "semester", "Half of the year (H1, H2)"
    YEAR = "year", "Year"


# `Precision.values` builds a new list on every read; a FuzzyDate is made per date read
# (the outlook's count of a network builds thousands), so its checks read these instead.
PRECISION_RANK = {value: rank for rank, value in enumerate(Precision.values)}


# How many months each period spans; all but the seasons of the year start in January.
MONTHS_SPANNED = {
    Precision.MONTH: 1,
    Precision.QUARTER: 3,
    Precision.SEASON: 3,
    Precision.THIRD: 4,
    Precision.HALF: 6,
    Precision.YEAR: 12,
}


# First month of each season of the year; December belongs to the next year's winter.
SEASON_STARTS = {12: "Winter", 3: "Spring", 6: "Summer", 9: "Fall"}


# What an editor may type, and what the parser answers when it cannot read a date.
INPUT_FORMATS = (
    "2027-09-14, 14/09/2027, 2027-09, September 2027, Q3 2027, Fall 2027, mid-2027, "
    "H2 2027 or 2027"
)

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
_QUARTER = re.compile(r"(?:q([1-4])|([1-4])q),? (\d{4})")  # Q3 2027, 3Q 2027
_HALF = re.compile(r"(?:h([12])|([12])h),? (\d{4})")  # H2 2027, 2H 2027
_HALF_WORDS = re.compile(r"(first|second) half(?: of)?,? (\d{4})")  # second half of 2027
_THIRD = re.compile(r"(early|mid|late)[- ](\d{4})")  # early 2027, mid-2027, late 2027
# As each third is shown; `str` fills in the year.
_THIRD_NAMES = ("early {}", "mid-{}", "late {}")


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
    if precision == Precision.SEASON:
        return _season_start(day)
    months = MONTHS_SPANNED[precision]
    return datetime.date(day.year, (day.month - 1) // months * months + 1, 1)


def _period_end(day, precision):
    if precision == Precision.DAY:
        return day
    start = _period_start(day, precision)
    return _add_months(start, MONTHS_SPANNED[precision]) - datetime.timedelta(days=1)


def _period_number(day, precision):
    """Which period of its year holds `day`: 1 for Q1, H1 and early (the first third)."""
    return (day.month - 1) // MONTHS_SPANNED[precision] + 1


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to a precision; `date` may be any day inside the period."""

    date: datetime.date
    precision: str = Precision.DAY

    def __post_init__(self):
        if self.precision not in PRECISION_RANK:
            raise ValueError(f"Unknown date precision: {self.precision!r}")

    @classmethod
    def parse(cls, text):
        """Read a date as a source writes it, at the precision it gives; None if blank.

        ISO (`2027-09-14`, `2027-09`), month names (`September 2027`, `14 September
        2027`, `Sept 14, 2027`), quarters (`Q3 2027`), seasons of the year (`Fall
        2027`), thirds (`early 2027`, `mid-2027`), halves (`H2 2027`, `second half of
        2027`) and bare years. All-numeric dates in another order are read day first
        only when the first number cannot be a month (`14/09/2027`); `03/04/2026`
        (March or April?) is refused rather than guessed. Raises `UnreadableDate`
        saying how to write it.
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
        if period := _part_of_year(text, folded):
            return cls(*period)
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
            return cls(_day_first(text, *map(int, match.groups())))
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
        number, year = _period_number(self.date, self.precision), self.date.year
        if self.precision == Precision.QUARTER:
            return f"Q{number} {year}"
        if self.precision == Precision.HALF:
            return f"H{number} {year}"
        if self.precision == Precision.THIRD:
            return _THIRD_NAMES[number - 1].format(year)
        return str(year)

    def phrase(self):
        """The date as it follows a verb: "on 3 February 2020", "in February 2020"."""
        return f"{'on' if self.precision == Precision.DAY else 'in'} {self}"

    def sort_key(self):
        """Order by the first day the period could be, then finer precision first."""
        return (self.start, PRECISION_RANK[self.precision])

    def listing_key(self):
        """Order for a list of what is coming: by the last day the period could be, so a
        coarse date follows every finer one inside it ("March 2027", "Spring 2027",
        "2027"), and periods that do not nest keep the order of their first days. Two
        periods ending on one day nest, and the later start (the inner one) comes first
        ("Q4 2026" before "H2 2026"); no two precisions cover the same period."""
        return (self.end, -self.start.toordinal())

    def has_arrived(self, today):
        """True once the whole period is on or before `today`."""
        return self.end <= today

    def normalized(self):
        """The same period with `date` moved to its first day, as it is stored."""
        return FuzzyDate(self.start, self.precision)

    def as_input(self):
        """The text an editor would type for this date; `parse` reads it back."""
        if self.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
            return self.isoformat()
        return str(self)

    def isoformat(self):
        """ISO 8601 at the precision known: 2020-01-01, 2020-02, 2027."""
        if self.precision == Precision.DAY:
            return self.date.isoformat()
        if self.precision == Precision.MONTH:
            return f"{self.date:%Y-%m}"
        return str(self.end.year)  # A season, quarter, third or half is known only to its year.


def _month(text, word):
    if word not in _MONTHS:
        raise UnreadableDate(
            f"“{text}”: “{word}” is not a month or a season of the year. Write it as "
            f"precisely as the source does: {INPUT_FORMATS}.",
            code="invalid",
        )
    return _MONTHS[word]


def _part_of_year(text, folded):
    """(first day, precision) of a quarter, half or third as written, or None."""
    if match := _QUARTER.fullmatch(folded):
        number, year = int(match[1] or match[2]), int(match[3])
        return _day(text, year, 3 * number - 2, 1), Precision.QUARTER
    if match := _HALF.fullmatch(folded):
        number, year = int(match[1] or match[2]), int(match[3])
        return _day(text, year, 6 * number - 5, 1), Precision.HALF
    if match := _HALF_WORDS.fullmatch(folded):
        month = 1 if match[1] == "first" else 7
        return _day(text, int(match[2]), month, 1), Precision.HALF
    if match := _THIRD.fullmatch(folded):
        month = {"early": 1, "mid": 5, "late": 9}[match[1]]
        return _day(text, int(match[2]), month, 1), Precision.THIRD
    return None


def _day_first(text, first, second, year):
    """The day of `first/second/year` when the first number can only be a day (14/09/2027),
    or both orders agree (05/05/2027); otherwise the refusal, naming the days it could be
    and how to write it."""
    if first > 12 or first == second:
        return _day(text, year, second, first)
    readings = _readings(first, second, year)
    if len(readings) == 2:
        day_first = datetime.date(year, second, first)
        raise UnreadableDate(
            f"“{text}” could be {readings[0]} or {readings[1]}. Both numbers are 12 or "
            f"under, so which is the day cannot be told. {_how_to_write(day_first)}",
            code="ambiguous",
        )
    if readings:
        raise UnreadableDate(
            f"“{text}” has the month first. {_how_to_write(readings[0])}", code="ambiguous"
        )
    raise UnreadableDate(
        f"“{text}” is not written with the year first. "
        f"{_how_to_write(datetime.date(2027, 9, 14))}",
        code="ambiguous",
    )


def _how_to_write(day):
    return (
        f"Write it year-month-day, as {day.isoformat()}, or with the month in words, "
        f"as {day.day} {day:%B %Y}."
    )


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
