"""The domain table: every decision x no date / future / past x every precision.

Today is fixed at 26 November 2026. "Future" premieres are in 2028 and "past"
ones in 2020 (a binge drop: finale = premiere), at each precision.
"""

import datetime

import pytest

from series.fuzzy import FuzzyDate, Precision
from series.status import (
    Decision,
    Release,
    Report,
    SeasonFacts,
    SeasonState,
    ShowStatus,
    answer,
    decision_date,
    latest_decision,
    release_state,
    show_status,
)

TODAY = datetime.date(2026, 11, 26)
D = datetime.date

WHEN = {
    "future": D(2028, 4, 15),
    "past": D(2020, 4, 15),
}

# (decision, when) -> (release state, headline label, phrase the sentence contains)
EXPECTED = {
    (Decision.PENDING, None): (Release.UNSCHEDULED, "Awaiting decision", "has not announced"),
    (Decision.RENEWED, None): (Release.UNSCHEDULED, "Renewed", "no premiere date"),
    (Decision.FINAL, None): (Release.UNSCHEDULED, "Final season", "as the final season"),
    (Decision.CANCELLED, None): (Release.UNSCHEDULED, "Cancelled", "will not be made"),
    (Decision.PENDING, "future"): (Release.SCHEDULED, "Scheduled", "premieres"),
    (Decision.RENEWED, "future"): (Release.SCHEDULED, "Renewed", "it premieres"),
    (Decision.FINAL, "future"): (Release.SCHEDULED, "Final season", "it premieres"),
    (Decision.CANCELLED, "future"): (Release.UNSCHEDULED, "Cancelled", "will not be made"),
    (Decision.PENDING, "past"): (Release.RELEASED, "Released", "premiered"),
    (Decision.RENEWED, "past"): (Release.RELEASED, "Released", "premiered"),
    (Decision.FINAL, "past"): (Release.RELEASED, "Released", "premiered"),
    (Decision.CANCELLED, "past"): (
        Release.RELEASED,
        "Cancelled",
        "cancelled the series in February 2020;",
    ),
}

CASES = [
    pytest.param(decision, when, precision, id=f"{decision}-{when or 'no-date'}-{precision}")
    for (decision, when) in EXPECTED
    for precision in (Precision.values if when else [Precision.DAY])
]


@pytest.mark.parametrize(("decision", "when", "precision"), CASES)
def test_release_state_and_answer(decision, when, precision):
    premiere = FuzzyDate(WHEN[when], precision).normalized() if when else None
    facts = SeasonFacts(
        show_title="Example",
        network_name="Netflix",
        number=3,
        decision=decision,
        premiere=premiere,
        finale=premiere,
        episode_count=8,
        decided_on=FuzzyDate(D(2020, 2, 1), Precision.MONTH) if decision != "pending" else None,
    )
    release, label, phrase = EXPECTED[(decision, when)]

    assert release_state(decision, premiere, premiere, TODAY) == release
    result = answer(facts, TODAY)
    assert result.label == label
    assert phrase in result.sentence
    if premiere and release != Release.UNSCHEDULED:
        assert str(premiere) in result.sentence  # shown at its precision, never more exact


@pytest.mark.parametrize("precision", [Precision.MONTH, Precision.SEASON, Precision.YEAR])
def test_a_coarse_premiere_covering_today_is_still_scheduled(precision):
    premiere = FuzzyDate(TODAY, precision)
    assert release_state(Decision.RENEWED, premiere, None, TODAY) == Release.SCHEDULED


def test_airing_until_the_finale_passes():
    premiere = FuzzyDate(D(2026, 10, 1))
    finale = FuzzyDate(D(2026, 12, 10))
    assert release_state(Decision.RENEWED, premiere, finale, TODAY) == Release.AIRING
    assert release_state(Decision.RENEWED, premiere, None, TODAY) == Release.AIRING
    assert release_state(Decision.RENEWED, premiere, finale, D(2026, 12, 10)) == Release.RELEASED


def test_a_binge_drop_is_released_on_its_day():
    drop = FuzzyDate(TODAY)
    assert release_state(Decision.RENEWED, drop, drop, TODAY) == Release.RELEASED


SPINNING_OUT_REPORTS = [
    Report(Decision.CANCELLED, FuzzyDate(D(2020, 2, 1), Precision.MONTH), 1),
    Report(Decision.CANCELLED, FuzzyDate(D(2020, 2, 3)), 2),
]


def test_spinning_out_season_2():
    facts = SeasonFacts(
        show_title="Spinning Out",
        network_name="Netflix",
        number=2,
        decision=latest_decision(SPINNING_OUT_REPORTS),
        decided_on=decision_date(SPINNING_OUT_REPORTS),
    )
    result = answer(facts, TODAY)
    assert result.headline("Spinning Out", 2) == "Spinning Out Season 2: Cancelled"
    assert result.sentence == (
        "Netflix cancelled the series on 3 February 2020; season 2 will not be made."
    )


def test_spinning_out_season_1():
    premiere = FuzzyDate(D(2020, 1, 1))
    facts = SeasonFacts("Spinning Out", "Netflix", 1, Decision.PENDING, premiere, premiere, 10)
    result = answer(facts, TODAY)
    assert result.label == "Released"
    assert result.sentence == (
        "Season 1 premiered on 1 January 2020 on Netflix, all 10 episodes at once."
    )


def test_first_season_is_ordered_not_renewed():
    facts = SeasonFacts("New", "HBO", 1, Decision.RENEWED, FuzzyDate(D(2027, 9, 1), "season"))
    result = answer(facts, TODAY)
    assert result.label == "Ordered"
    assert result.sentence == "HBO ordered New for season 1; it premieres in Fall 2027."


def test_latest_decision_by_date_then_entry_order():
    assert latest_decision([]) == Decision.PENDING
    day = FuzzyDate(D(2021, 5, 1))
    reports = [
        Report(Decision.CANCELLED, day, 2),
        Report(Decision.RENEWED, day, 1),
        Report(Decision.RENEWED, FuzzyDate(D(2020, 1, 1)), 3),
    ]
    assert latest_decision(reports) == Decision.CANCELLED
    reports.append(Report(Decision.RENEWED, FuzzyDate(D(2021, 6, 1)), 0))
    assert latest_decision(reports) == Decision.RENEWED


def test_decision_date_ignores_reports_of_an_earlier_decision():
    reports = [
        Report(Decision.RENEWED, FuzzyDate(D(2020, 3, 3)), 1),
        Report(Decision.CANCELLED, FuzzyDate(D(2021, 1, 1), Precision.YEAR), 2),
    ]
    assert decision_date(reports) == FuzzyDate(D(2021, 1, 1), Precision.YEAR)
    assert decision_date([]) is None


S = SeasonState
R = Release


@pytest.mark.parametrize(
    ("seasons", "expected"),
    [
        ([], ShowStatus.IN_DEVELOPMENT),
        ([S(1, Decision.RENEWED, R.UNSCHEDULED)], ShowStatus.IN_DEVELOPMENT),
        ([S(1, Decision.RENEWED, R.SCHEDULED)], ShowStatus.IN_DEVELOPMENT),
        ([S(1, Decision.PENDING, R.AIRING)], ShowStatus.RETURNING),
        ([S(1, Decision.PENDING, R.RELEASED)], ShowStatus.AWAITING_DECISION),
        (
            [S(1, Decision.PENDING, R.RELEASED), S(2, Decision.RENEWED, R.UNSCHEDULED)],
            ShowStatus.RETURNING,
        ),
        (
            [S(1, Decision.PENDING, R.RELEASED), S(2, Decision.PENDING, R.SCHEDULED)],
            ShowStatus.RETURNING,
        ),
        (
            [S(1, Decision.PENDING, R.RELEASED), S(2, Decision.PENDING, R.UNSCHEDULED)],
            ShowStatus.AWAITING_DECISION,
        ),
        (
            [S(1, Decision.PENDING, R.RELEASED), S(2, Decision.FINAL, R.SCHEDULED)],
            ShowStatus.ENDING,
        ),
        ([S(1, Decision.FINAL, R.AIRING)], ShowStatus.ENDING),
        ([S(1, Decision.FINAL, R.RELEASED)], ShowStatus.ENDED),
        (
            [S(1, Decision.PENDING, R.RELEASED), S(2, Decision.CANCELLED, R.UNSCHEDULED)],
            ShowStatus.CANCELLED,
        ),
        ([S(1, Decision.CANCELLED, R.RELEASED)], ShowStatus.CANCELLED),
    ],
)
def test_show_status(seasons, expected):
    assert show_status(seasons) == expected
