"""Fuzzy dates: shown at their precision, covering their whole period."""

import datetime

import pytest

from series.fuzzy import FuzzyDate, Precision, UnreadableDate

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
            "“03/04/2026” could be 2026-03-04 or 2026-04-03. Dates are year-month-day, "
            "as 2026-04-03, or have the month in words, as 3 April 2026.",
        ),
        (
            "11/27/2026",
            "ambiguous",
            "Write “11/27/2026” with the year first: 2026-11-27. Dates are year-month-day, "
            "as 2026-04-03, or have the month in words, as 3 April 2026.",
        ),
        ("3.4.26", "ambiguous", "“3.4.26” is not written with the year first."),
        ("2027-02-29", "invalid", "“2027-02-29” is not a day of the calendar."),
        ("2027-13", "invalid", "“2027-13” is not a day of the calendar."),
        ("Smarch 2027", "invalid", "“smarch” is not a month or a season of the year."),
        ("soon", "invalid", "Write it as precisely as the source does: 2027-09-14, 2027-09"),
        ("0999", "invalid", "write the year with four digits"),
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
    ],
)
def test_what_the_form_shows_reads_back_as_the_same_date(value):
    assert FuzzyDate.parse(value.as_input()) == value
