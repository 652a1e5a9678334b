"""Dates and numbers as articles write them, read at the precision written, in the text
forms the date fields accept."""

import pytest

from series.articles.dates import dates_in
from series.articles.text import sentences
from series.articles.words import number_value, season_numbers_in


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("got its release on the new year on 1st January 2020.", "2020-01-01"),
        ("They announced in February 2020 about it.", "2020-02"),
        ("On March 3, 2023, Hulu renewed it.", "2023-03-03"),
        ("It returns on the 5th of June, 2026.", "2026-06-05"),
        ("Season 3 arrives in the fall of 2026.", "Fall 2026"),
        ("Expect it in Winter 2027.", "Winter 2027"),
        ("It lands in late March 2027.", "2027-03"),
        ("It lands in mid-2027.", "mid-2027"),
        ("It lands in the second half of 2026.", "H2 2026"),
        ("It lands in Q3 2026.", "Q3 2026"),
        ("It comes back in 2027.", "2027"),
        ("It comes back on Sept. 14, 2027.", "2027-09-14"),
    ],
)
def test_a_date_keeps_the_precision_it_is_written_with(written, form):
    assert [found.text_form for found in dates_in(written)] == [form]


@pytest.mark.parametrize(
    "written",
    [
        "an average rating of 6.5/10 based on 16 reviews",
        "it premiered on March 3 with ten episodes",  # no year: which one is a guess
        "a 2020s hit",
        "about 1,500 fans",
    ],
)
def test_what_is_not_a_dated_period_is_no_date(written):
    assert dates_in(written) == []


@pytest.mark.parametrize(
    ("written", "value"),
    [("16", 16), ("four", 4), ("Twenty-two", 22), ("thirty one", 31), ("1,200", 1200)],
)
def test_counts_in_digits_or_words(written, value):
    assert number_value(written) == value


@pytest.mark.parametrize(
    ("written", "numbers"),
    [
        ("Spinning Out Season 2 Release Date", [2]),
        ("renewed for a second season", [2]),
        ("the 3rd season and season three", [3]),
        ("a fourth and final season after Season Two", [4, 2]),
        ("the series", []),
    ],
)
def test_season_mentions(written, numbers):
    assert season_numbers_in(written) == numbers


def test_sentences_are_slices_of_their_lines_and_know_their_section():
    text = (
        "Is Show X Season 2 Coming?\n\n  Show X Season 1\n\n"
        "Dr. Lena Park stars. It premiered on Sept. 14, 2027. It has 8 episodes!\n"
        "• Ann Lee as Mia Cho\n"
    )
    read = sentences(text)
    assert [(s.text, s.kind, s.section_season) for s in read] == [
        ("Is Show X Season 2 Coming?", "headline", None),
        ("Show X Season 1", "heading", 1),
        ("Dr. Lena Park stars.", "sentence", 1),
        ("It premiered on Sept. 14, 2027.", "sentence", 1),
        ("It has 8 episodes!", "sentence", 1),
        ("Ann Lee as Mia Cho", "item", 1),
    ]
