"""Fuzzy dates: shown at their precision, covering their whole period."""

import datetime

import pytest

from series.fuzzy import FuzzyDate, Precision

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
