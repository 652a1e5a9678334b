"""Fuzzy dates: shown at their precision, covering their whole period."""

import datetime

import pytest

from series.fuzzy import FuzzyDate, FuzzyDateAttribute, Precision, UnreadableDate

D = datetime.date


@pytest.mark.parametrize(
    ("value", "label", "start", "end", "iso"),
    [
        (FuzzyDate(D(2020, 1, 1)), "1 January 2020", D(2020, 1, 1), D(2020, 1, 1), "2020-01-01"),
        (
            FuzzyDate(D(2020, 2, 17), Precision.MONTH),
            "February 2020",
            D(2020, 2, 1),
            D(2020, 2, 29),
            "2020-02",
        ),
        (
            FuzzyDate(D(2027, 10, 5), Precision.SEASON),
            "Fall 2027",
            D(2027, 9, 1),
            D(2027, 11, 30),
            "2027",
        ),
        (
            FuzzyDate(D(2027, 4, 1), Precision.SEASON),
            "Spring 2027",
            D(2027, 3, 1),
            D(2027, 5, 31),
            "2027",
        ),
        (
            FuzzyDate(D(2027, 7, 1), Precision.SEASON),
            "Summer 2027",
            D(2027, 6, 1),
            D(2027, 8, 31),
            "2027",
        ),
        (
            FuzzyDate(D(2027, 1, 20), Precision.SEASON),
            "Winter 2027",
            D(2026, 12, 1),
            D(2027, 2, 28),
            "2027",
        ),
        (
            FuzzyDate(D(2026, 12, 20), Precision.SEASON),
            "Winter 2027",
            D(2026, 12, 1),
            D(2027, 2, 28),
            "2027",
        ),
        (FuzzyDate(D(2027, 6, 6), Precision.YEAR), "2027", D(2027, 1, 1), D(2027, 12, 31), "2027"),
    ],
)
def test_label_period_and_iso(value, label, start, end, iso):
    assert str(value) == label
    assert (value.start, value.end) == (start, end)
    assert value.isoformat() == iso


def test_phrase_uses_on_for_days_and_in_for_periods():
    assert FuzzyDate(D(2020, 2, 3)).phrase() == "on 3 February 2020"
    assert FuzzyDate(D(2020, 2, 1), Precision.MONTH).phrase() == "in February 2020"
    assert FuzzyDate(D(2027, 9, 1), Precision.SEASON).phrase() == "in Fall 2027"
    assert FuzzyDate(D(2027, 1, 1), Precision.YEAR).phrase() == "in 2027"


def test_a_period_arrives_only_once_it_is_over():
    fall = FuzzyDate(D(2027, 9, 1), Precision.SEASON)
    assert not fall.has_arrived(D(2027, 9, 1))
    assert not fall.has_arrived(D(2027, 11, 29))
    assert fall.has_arrived(D(2027, 11, 30))
    day = FuzzyDate(D(2027, 9, 1))
    assert not day.has_arrived(D(2027, 8, 31))
    assert day.has_arrived(D(2027, 9, 1))


def test_ordering_by_start_then_finer_precision_first():
    month = FuzzyDate(D(2020, 2, 1), Precision.MONTH)
    first = FuzzyDate(D(2020, 2, 1))
    third = FuzzyDate(D(2020, 2, 3))
    year = FuzzyDate(D(2020, 1, 1), Precision.YEAR)
    assert sorted([third, month, year, first], key=FuzzyDate.sort_key) == [
        year,
        first,
        month,
        third,
    ]


def test_normalized_moves_to_the_first_day_of_the_period():
    assert FuzzyDate(D(2027, 10, 5), Precision.SEASON).normalized() == FuzzyDate(
        D(2027, 9, 1), Precision.SEASON
    )


def test_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="precision"):
        FuzzyDate(D(2020, 1, 1), "week")


# Reading what editors type: as precise as the source, never a guess.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-09-14", FuzzyDate(D(2027, 9, 14))),
        (" 2027-9-4 ", FuzzyDate(D(2027, 9, 4))),
        ("2027/09/14", FuzzyDate(D(2027, 9, 14))),
        ("14 September 2027", FuzzyDate(D(2027, 9, 14))),
        ("September 14, 2027", FuzzyDate(D(2027, 9, 14))),
        ("Sept. 14th, 2027", FuzzyDate(D(2027, 9, 14))),
        ("2027-09", FuzzyDate(D(2027, 9, 1), Precision.MONTH)),
        ("September 2027", FuzzyDate(D(2027, 9, 1), Precision.MONTH)),
        ("sep 2027", FuzzyDate(D(2027, 9, 1), Precision.MONTH)),
        ("Fall 2027", FuzzyDate(D(2027, 9, 1), Precision.SEASON)),
        ("autumn 2027", FuzzyDate(D(2027, 9, 1), Precision.SEASON)),
        ("Spring 2027", FuzzyDate(D(2027, 3, 1), Precision.SEASON)),
        ("SUMMER 2027", FuzzyDate(D(2027, 6, 1), Precision.SEASON)),
        ("Winter 2027", FuzzyDate(D(2026, 12, 1), Precision.SEASON)),
        ("2027", FuzzyDate(D(2027, 1, 1), Precision.YEAR)),
        ("2024-02-29", FuzzyDate(D(2024, 2, 29))),
        # Day first, when the first number can only be a day, or both orders agree.
        ("14/09/2027", FuzzyDate(D(2027, 9, 14))),
        ("14.09.2027", FuzzyDate(D(2027, 9, 14))),
        ("13-1-2027", FuzzyDate(D(2027, 1, 13))),
        ("31/12/2027", FuzzyDate(D(2027, 12, 31))),
        ("05/05/2027", FuzzyDate(D(2027, 5, 5))),
        # Quarters, halves and thirds of the year, as the trade press writes them.
        ("Q1 2027", FuzzyDate(D(2027, 1, 1), Precision.QUARTER)),
        ("q2 2027", FuzzyDate(D(2027, 4, 1), Precision.QUARTER)),
        ("Q3, 2027", FuzzyDate(D(2027, 7, 1), Precision.QUARTER)),
        ("Q4 2027", FuzzyDate(D(2027, 10, 1), Precision.QUARTER)),
        ("3Q 2026", FuzzyDate(D(2026, 7, 1), Precision.QUARTER)),
        ("H1 2027", FuzzyDate(D(2027, 1, 1), Precision.HALF)),
        ("h2 2027", FuzzyDate(D(2027, 7, 1), Precision.HALF)),
        ("2H 2027", FuzzyDate(D(2027, 7, 1), Precision.HALF)),
        ("first half of 2027", FuzzyDate(D(2027, 1, 1), Precision.HALF)),
        ("Second half of 2027", FuzzyDate(D(2027, 7, 1), Precision.HALF)),
        ("second half 2027", FuzzyDate(D(2027, 7, 1), Precision.HALF)),
        ("early 2027", FuzzyDate(D(2027, 1, 1), Precision.THIRD)),
        ("mid-2026", FuzzyDate(D(2026, 5, 1), Precision.THIRD)),
        ("Mid 2026", FuzzyDate(D(2026, 5, 1), Precision.THIRD)),
        ("late 2027", FuzzyDate(D(2027, 9, 1), Precision.THIRD)),
        ("Late-2027", FuzzyDate(D(2027, 9, 1), Precision.THIRD)),
    ],
)
def test_parse_reads_iso_and_the_forms_sources_use(text, expected):
    assert FuzzyDate.parse(text) == expected


@pytest.mark.parametrize("text", ["", "   ", None])
def test_parse_of_nothing_is_no_date(text):
    assert FuzzyDate.parse(text) is None


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        (
            "03/04/2026",
            "ambiguous",
            "“03/04/2026” could be 2026-03-04 or 2026-04-03. Both numbers are 12 or under, so "
            "which is the day cannot be told. Write it year-month-day, as 2026-04-03, or with "
            "the month in words, as 3 April 2026.",
        ),
        (
            "12/01/2027",
            "ambiguous",
            "“12/01/2027” could be 2027-01-12 or 2027-12-01. Both numbers are 12 or under, so "
            "which is the day cannot be told. Write it year-month-day, as 2027-01-12, or with "
            "the month in words, as 12 January 2027.",
        ),
        (
            "11/27/2026",
            "ambiguous",
            "“11/27/2026” has the month first. Write it year-month-day, as 2026-11-27, or "
            "with the month in words, as 27 November 2026.",
        ),
        (
            "3.4.26",
            "ambiguous",
            "“3.4.26” is not written with the year first. Write it year-month-day, as "
            "2027-09-14, or with the month in words, as 14 September 2027.",
        ),
        ("14/09/27", "invalid", "“14/09/27”: write the year with four digits."),
        ("31/09/2027", "invalid", "“31/09/2027” is not a day of the calendar."),
        ("Q5 2027", "invalid", "“Q5 2027” is not a date we can read."),
        ("H3 2027", "invalid", "“H3 2027” is not a date we can read."),
        ("third half of 2027", "invalid", "“third half of 2027” is not a date we can read."),
        ("Q3 0999", "invalid", "“Q3 0999”: write the year with four digits."),
        ("H1 0999", "invalid", "“H1 0999”: write the year with four digits."),
        ("first half of 0999", "invalid", "“first half of 0999”: write the year with four"),
        ("mid-0999", "invalid", "“mid-0999”: write the year with four digits."),
        # Four digits are a year as written, however small: only two digits are refused.
        ("03/04/0100", "ambiguous", "“03/04/0100” could be 0100-03-04 or 0100-04-03."),
        ("2027-02-29", "invalid", "“2027-02-29” is not a day of the calendar."),
        ("2027-13", "invalid", "“2027-13” is not a day of the calendar."),
        ("Smarch 2027", "invalid", "“Smarch 2027”: “smarch” is not a month or a season of"),
        ("14 Smarch 2027", "invalid", "“14 Smarch 2027”: “smarch” is not a month or a season"),
        ("Smarch 14, 2027", "invalid", "“Smarch 14, 2027”: “smarch” is not a month or a"),
        ("14 May 0999", "invalid", "“14 May 0999”: write the year with four digits."),
        ("May 14, 0999", "invalid", "“May 14, 0999”: write the year with four digits."),
        (
            "soon",
            "invalid",
            "Write it as precisely as the source does: 2027-09-14, 14/09/2027, 2027-09, "
            "September 2027, Q3 2027, Fall 2027, mid-2027, H2 2027 or 2027.",
        ),
        ("0999", "invalid", "“0999”: write the year with four digits."),
        ("Winter 1000", "invalid", "“Winter 1000”: write the year with four digits."),
        ("September 0999", "invalid", "“September 0999”: write the year with four digits."),
        ("27", "invalid", "is not a date we can read"),
    ],
)
def test_parse_refuses_what_it_would_have_to_guess_and_says_how_to_write_it(text, code, message):
    with pytest.raises(UnreadableDate) as error:
        FuzzyDate.parse(text)
    assert error.value.code == code
    assert message in str(error.value)


@pytest.mark.parametrize(
    "value",
    [
        FuzzyDate(D(2027, 9, 14)),
        FuzzyDate(D(2027, 9, 1), Precision.MONTH),
        FuzzyDate(D(2027, 9, 1), Precision.SEASON),
        FuzzyDate(D(2026, 12, 1), Precision.SEASON),
        FuzzyDate(D(2027, 1, 1), Precision.YEAR),
        FuzzyDate(D(2027, 7, 1), Precision.QUARTER),
        FuzzyDate(D(2027, 5, 1), Precision.THIRD),
        FuzzyDate(D(2027, 7, 1), Precision.HALF),
    ],
)
def test_what_the_form_shows_reads_back_as_the_same_date(value):
    assert FuzzyDate.parse(value.as_input()) == value


@pytest.mark.parametrize(
    ("value", "typed"),
    [
        (FuzzyDate(D(2027, 9, 14)), "2027-09-14"),
        (FuzzyDate(D(2027, 9, 1), Precision.MONTH), "2027-09"),
        (FuzzyDate(D(2027, 7, 1), Precision.QUARTER), "Q3 2027"),
        (FuzzyDate(D(2026, 12, 1), Precision.SEASON), "Winter 2027"),
        (FuzzyDate(D(2027, 1, 1), Precision.THIRD), "early 2027"),
        (FuzzyDate(D(2027, 5, 1), Precision.THIRD), "mid-2027"),
        (FuzzyDate(D(2027, 9, 1), Precision.THIRD), "late 2027"),
        (FuzzyDate(D(2027, 7, 1), Precision.HALF), "H2 2027"),
        (FuzzyDate(D(2027, 1, 1), Precision.YEAR), "2027"),
    ],
)
def test_the_form_shows_each_precision_as_it_is_written(value, typed):
    assert value.as_input() == typed


# Quarters, thirds and halves tile the year from January; every day of each belongs to it.
PARTS_OF_2027 = {
    Precision.QUARTER: [
        ("Q1 2027", D(2027, 1, 1), D(2027, 3, 31)),
        ("Q2 2027", D(2027, 4, 1), D(2027, 6, 30)),
        ("Q3 2027", D(2027, 7, 1), D(2027, 9, 30)),
        ("Q4 2027", D(2027, 10, 1), D(2027, 12, 31)),
    ],
    Precision.THIRD: [
        ("early 2027", D(2027, 1, 1), D(2027, 4, 30)),
        ("mid-2027", D(2027, 5, 1), D(2027, 8, 31)),
        ("late 2027", D(2027, 9, 1), D(2027, 12, 31)),
    ],
    Precision.HALF: [
        ("H1 2027", D(2027, 1, 1), D(2027, 6, 30)),
        ("H2 2027", D(2027, 7, 1), D(2027, 12, 31)),
    ],
}


@pytest.mark.parametrize("precision", list(PARTS_OF_2027))
def test_every_day_of_the_year_belongs_to_one_quarter_third_and_half(precision):
    """Any day of the period gives its label, first and last day; the day after the last
    is in the next period, and the period arrives on its last day, not the day before."""
    periods = PARTS_OF_2027[precision]
    one_day = datetime.timedelta(days=1)
    starts = [start for _, start, _ in periods]
    assert starts == [D(2027, 1, 1)] + [end + one_day for _, _, end in periods[:-1]]
    assert periods[-1][2] == D(2027, 12, 31)
    for label, start, end in periods:
        day = start
        while day <= end:
            fuzzy = FuzzyDate(day, precision)
            assert (str(fuzzy), fuzzy.start, fuzzy.end) == (label, start, end)
            assert fuzzy.normalized() == FuzzyDate(start, precision)
            day += one_day
        period = FuzzyDate(start, precision)
        assert (period.isoformat(), period.phrase()) == ("2027", f"in {label}")
        assert not period.has_arrived(end - one_day)
        assert period.has_arrived(end)
        if end < D(2027, 12, 31):
            assert FuzzyDate(end + one_day, precision).start == end + one_day


@pytest.mark.parametrize(
    ("month", "label", "start", "end"),
    [
        (1, "Winter 2027", D(2026, 12, 1), D(2027, 2, 28)),
        (2, "Winter 2027", D(2026, 12, 1), D(2027, 2, 28)),
        (3, "Spring 2027", D(2027, 3, 1), D(2027, 5, 31)),
        (4, "Spring 2027", D(2027, 3, 1), D(2027, 5, 31)),
        (5, "Spring 2027", D(2027, 3, 1), D(2027, 5, 31)),
        (6, "Summer 2027", D(2027, 6, 1), D(2027, 8, 31)),
        (7, "Summer 2027", D(2027, 6, 1), D(2027, 8, 31)),
        (8, "Summer 2027", D(2027, 6, 1), D(2027, 8, 31)),
        (9, "Fall 2027", D(2027, 9, 1), D(2027, 11, 30)),
        (10, "Fall 2027", D(2027, 9, 1), D(2027, 11, 30)),
        (11, "Fall 2027", D(2027, 9, 1), D(2027, 11, 30)),
        (12, "Winter 2028", D(2027, 12, 1), D(2028, 2, 29)),
    ],
)
def test_every_month_belongs_to_one_season_of_the_year(month, label, start, end):
    """Any day of the month gives the same season: its name, first and last day."""
    for day in (1, 15, 28):
        fuzzy = FuzzyDate(D(2027, month, day), Precision.SEASON)
        assert (str(fuzzy), fuzzy.start, fuzzy.end) == (label, start, end)
        assert fuzzy.isoformat() == label[-4:]
        assert fuzzy.normalized() == FuzzyDate(start, Precision.SEASON)


@pytest.mark.parametrize(
    ("value", "end"),
    [
        (D(2020, 2, 10), D(2020, 2, 29)),
        (D(2021, 2, 10), D(2021, 2, 28)),
        (D(2021, 4, 30), D(2021, 4, 30)),
        (D(2021, 12, 1), D(2021, 12, 31)),
    ],
)
def test_a_month_ends_on_its_last_day(value, end):
    month = FuzzyDate(value, Precision.MONTH)
    assert (month.start, month.end) == (value.replace(day=1), end)
    assert not month.has_arrived(end - datetime.timedelta(days=1))
    assert month.has_arrived(end)


def test_a_year_runs_from_january_to_december():
    year = FuzzyDate(D(2027, 6, 6), Precision.YEAR)
    assert (year.start, year.end) == (D(2027, 1, 1), D(2027, 12, 31))
    assert year.normalized() == FuzzyDate(D(2027, 1, 1), Precision.YEAR)
    assert (str(year), year.phrase(), year.isoformat()) == ("2027", "in 2027", "2027")


def test_a_day_is_its_own_period():
    day = FuzzyDate(D(2021, 12, 31))
    assert (day.start, day.end, day.normalized()) == (day.date, day.date, day)
    assert (str(day), day.isoformat()) == ("31 December 2021", "2021-12-31")


def test_a_month_is_shown_and_written_without_its_day():
    month = FuzzyDate(D(2021, 11, 20), Precision.MONTH)
    assert (str(month), month.phrase(), month.isoformat()) == (
        "November 2021",
        "in November 2021",
        "2021-11",
    )
    assert month.normalized() == FuzzyDate(D(2021, 11, 1), Precision.MONTH)


def test_periods_starting_on_the_same_day_put_the_finer_first():
    """1 December 2026, December 2026 and Winter 2027 all start on 1 December 2026."""
    first = D(2026, 12, 1)
    day, month, season = (FuzzyDate(first, p) for p in ("day", "month", "season"))
    assert sorted([season, month, day], key=FuzzyDate.sort_key) == [day, month, season]
    year = FuzzyDate(D(2027, 1, 1), Precision.YEAR)
    new_year = FuzzyDate(D(2027, 1, 1))
    assert sorted([year, new_year], key=FuzzyDate.sort_key) == [new_year, year]


def test_every_period_starting_on_new_years_day_sorts_from_the_finest():
    """1 January 2027, January, Q1, early 2027, H1 and 2027 all start on 1 January 2027;
    1 September 2027 starts September, Fall and late 2027."""
    coarsest_first = reversed(Precision.values)
    new_year = [FuzzyDate(D(2027, 1, 1), precision) for precision in coarsest_first]
    new_year.remove(FuzzyDate(D(2027, 1, 1), Precision.SEASON))  # Winter 2027 began in 2026.
    assert [str(d) for d in sorted(new_year, key=FuzzyDate.sort_key)] == [
        "1 January 2027",
        "January 2027",
        "Q1 2027",
        "early 2027",
        "H1 2027",
        "2027",
    ]
    september = [
        FuzzyDate(D(2027, 9, 1), precision)
        for precision in (Precision.THIRD, Precision.SEASON, Precision.MONTH)
    ]
    assert [str(d) for d in sorted(september, key=FuzzyDate.sort_key)] == [
        "September 2027",
        "Fall 2027",
        "late 2027",
    ]


def dated(date=None, precision=""):
    """A stand-in for a model: two plain attributes joined by a FuzzyDateAttribute.

    The class is made here, not at import, so each test builds its own attribute.
    """

    class Dated:
        when = FuzzyDateAttribute("when_date", "when_precision")

        def __init__(self):
            self.when_date = date
            self.when_precision = precision

    return Dated()


def test_the_attribute_reads_the_two_columns_as_one_fuzzy_date():
    assert dated(D(2027, 9, 1), "season").when == FuzzyDate(D(2027, 9, 1), Precision.SEASON)
    assert dated(D(2027, 9, 14)).when == FuzzyDate(D(2027, 9, 14), Precision.DAY)
    assert dated(None, "season").when is None


def test_assigning_a_fuzzy_date_stores_the_first_day_and_the_precision():
    record = dated()
    record.when = FuzzyDate(D(2027, 10, 5), Precision.SEASON)
    assert (record.when_date, record.when_precision) == (D(2027, 9, 1), "season")
    assert record.when == FuzzyDate(D(2027, 9, 1), Precision.SEASON)
    record.when = None
    assert record.when_date is None
    assert record.when is None


def test_the_attribute_on_the_class_names_its_columns():
    """As Django's own descriptors do, the class gives the attribute itself (for introspection)."""
    attribute = type(dated()).when
    assert (attribute.date_field, attribute.precision_field) == ("when_date", "when_precision")


@pytest.mark.parametrize(
    ("text", "day"),
    [("1000", datetime.date(1000, 1, 1)), ("9999-12-31", datetime.date(9999, 12, 31))],
)
def test_parse_reads_every_four_digit_year_from_1000_to_9999(text, day):
    assert FuzzyDate.parse(text).date == day


def _periods(first, last):
    """Every period of every precision starting from `first` to `last`, as FuzzyDates."""
    periods, day = [], first
    while day <= last:
        for precision in Precision.values:
            period = FuzzyDate(day, precision)
            if period.start == day:
                periods.append(period)
        day += datetime.timedelta(days=1)
    return periods


@pytest.mark.django_db
def test_the_sql_twin_says_what_has_arrived_says_on_every_boundary_day():
    """`arrived_by` and `not_arrived_by` select exactly the periods `has_arrived` calls over
    (and not over), for every precision, on the days around each period's first and last.

    Coarse periods are also stored on a day inside them, which the twin reads the same way.
    """
    from series.fuzzy import arrived_by, not_arrived_by
    from series.models import Season
    from tests.factories import ShowFactory

    show = ShowFactory()
    periods = _periods(D(2025, 11, 1), D(2027, 3, 1))
    stored = periods + [
        FuzzyDate(period.start + datetime.timedelta(days=13), period.precision)
        for period in periods
        if period.precision != Precision.DAY
    ]
    Season.objects.bulk_create(
        Season(
            show=show, number=number, premiere_date=date.date, premiere_precision=date.precision
        )
        for number, date in enumerate(stored, start=1)
    )
    undated = Season.objects.create(show=show, number=len(stored) + 1, premiere_date=None)
    dates = {
        pk: FuzzyDate(day, precision)
        for pk, day, precision in Season.objects.exclude(pk=undated.pk).values_list(
            "pk", "premiere_date", "premiere_precision"
        )
    }
    boundaries = sorted(
        {
            day + datetime.timedelta(days=shift)
            for period in periods
            if period.precision != Precision.DAY
            for day in (period.start, period.end)
            for shift in (-1, 0, 1)
        }
    )
    wrong = []
    for today in boundaries:
        over = {pk for pk, date in dates.items() if date.has_arrived(today)}
        arrived = arrived_by("premiere_date", "premiere_precision", today)
        not_arrived = not_arrived_by("premiere_date", "premiere_precision", today)
        if set(Season.objects.filter(arrived).values_list("pk", flat=True)) != over:
            wrong.append(("arrived", today))
        if set(Season.objects.filter(not_arrived).values_list("pk", flat=True)) != (
            dates.keys() - over
        ):
            wrong.append(("not arrived", today))
    assert wrong == []


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        # The defect: the year came first, as it too could be 1 January.
        (["2027", "Spring 2027", "March 2027"], ["March 2027", "Spring 2027", "2027"]),
        # Periods that do not nest keep the order of their first days.
        (["Q1 2027", "14/02/2027", "mid-2027"], ["14 February 2027", "Q1 2027", "mid-2027"]),
        (["Fall 2026", "Q4 2026"], ["Fall 2026", "Q4 2026"]),
        # Periods ending on one day nest: the later start, the finer period, first.
        (
            ["2027", "H2 2027", "late 2027", "Q4 2027", "December 2027", "2027-12-31"],
            ["31 December 2027", "December 2027", "Q4 2027", "late 2027", "H2 2027", "2027"],
        ),
        (["Winter 2027", "February 2027"], ["February 2027", "Winter 2027"]),
    ],
)
def test_listing_key_puts_a_coarse_date_after_the_finer_ones_inside_it(typed, listed):
    dates = [FuzzyDate.parse(text) for text in typed]
    assert [str(d) for d in sorted(dates, key=FuzzyDate.listing_key)] == listed
