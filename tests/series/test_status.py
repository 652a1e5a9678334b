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
    active_years,
    answer,
    cancellation_misplaced,
    current_decisions,
    decision_date,
    decision_label,
    latest_decision,
    made_seasons,
    missing_fact,
    release_state,
    reports_disagree,
    season_will_not_be_made,
    seasons_phrase,
    show_status,
    status_changes_on,
    year_token,
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
    (Decision.CANCELLED, None): (Release.NOT_MADE, "Cancelled", "will not be made"),
    (Decision.PENDING, "future"): (Release.SCHEDULED, "Scheduled", "premieres"),
    (Decision.RENEWED, "future"): (Release.SCHEDULED, "Renewed", "it premieres"),
    (Decision.FINAL, "future"): (Release.SCHEDULED, "Final season", "it premieres"),
    (Decision.CANCELLED, "future"): (Release.NOT_MADE, "Cancelled", "will not be made"),
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
    if premiere and release not in (Release.UNSCHEDULED, Release.NOT_MADE):
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


def on(decision, day, precision=Precision.DAY):
    return Report(decision, FuzzyDate(day, precision))


@pytest.mark.parametrize(
    ("reports", "disagree"),
    [
        ([], False),
        ([on(Decision.RENEWED, D(2026, 1, 1))], False),
        # The same decision from two sources agrees, however close.
        ([on(Decision.RENEWED, D(2026, 1, 1)), on(Decision.RENEWED, D(2026, 1, 2))], False),
        # Different decisions 30 days apart disagree; 31 days apart, the decision changed.
        ([on(Decision.RENEWED, D(2026, 1, 1)), on(Decision.CANCELLED, D(2026, 1, 31))], True),
        ([on(Decision.RENEWED, D(2026, 1, 1)), on(Decision.CANCELLED, D(2026, 2, 1))], False),
        # Entered out of order, or on the same day: still found.
        ([on(Decision.CANCELLED, D(2026, 1, 31)), on(Decision.RENEWED, D(2026, 1, 1))], True),
        ([on(Decision.CANCELLED, D(2026, 3, 3)), on(Decision.RENEWED, D(2026, 3, 3))], True),
        # A clash between two reports with an agreeing one between them.
        (
            [
                on(Decision.RENEWED, D(2026, 1, 1)),
                on(Decision.RENEWED, D(2026, 1, 20)),
                on(Decision.CANCELLED, D(2026, 1, 25)),
            ],
            True,
        ),
        # Renewed, cancelled a year later, renewed again a year after: no clash.
        (
            [
                on(Decision.RENEWED, D(2024, 1, 1)),
                on(Decision.CANCELLED, D(2025, 1, 1)),
                on(Decision.RENEWED, D(2026, 1, 1)),
            ],
            False,
        ),
        # A coarse report counts from its period's first day: "February 2026" is 1 February.
        (
            [
                on(Decision.RENEWED, D(2026, 1, 10)),
                on(Decision.FINAL, D(2026, 2, 1), Precision.MONTH),
            ],
            True,
        ),
    ],
)
def test_sources_disagree_when_different_decisions_come_within_30_days(reports, disagree):
    assert reports_disagree(reports) is disagree


def test_the_disagreement_window_can_be_narrowed():
    reports = [on(Decision.RENEWED, D(2026, 1, 1)), on(Decision.CANCELLED, D(2026, 1, 11))]
    assert reports_disagree(reports, within_days=10)
    assert not reports_disagree(reports, within_days=9)


def test_decision_date_ignores_reports_of_an_earlier_decision():
    reports = [
        Report(Decision.RENEWED, FuzzyDate(D(2020, 3, 3)), 1),
        Report(Decision.CANCELLED, FuzzyDate(D(2021, 1, 1), Precision.YEAR), 2),
    ]
    assert decision_date(reports) == FuzzyDate(D(2021, 1, 1), Precision.YEAR)
    assert decision_date([]) is None


PAST = FuzzyDate(D(2020, 4, 15))
SOON = FuzzyDate(D(2026, 12, 10))
FUTURE = FuzzyDate(D(2028, 4, 15))
P, M, RN, F, C = (
    Decision.PENDING,
    Decision.MADE,
    Decision.RENEWED,
    Decision.FINAL,
    Decision.CANCELLED,
)


def S(number, decision, premiere=None, finale="same"):
    """A season: a binge drop by default (finale = premiere)."""
    return SeasonState(number, decision, premiere, premiere if finale == "same" else finale)


# The multi-season table: each case is all of a show's seasons; the show's status and
# every season's current decision, as of TODAY. "made" is never "Awaiting decision".
MULTI_SEASON = [
    ("no seasons", [], ShowStatus.IN_DEVELOPMENT, {}),
    ("ordered, no date", [S(1, RN)], ShowStatus.IN_DEVELOPMENT, {1: RN}),
    ("ordered, premiere ahead", [S(1, RN, FUTURE)], ShowStatus.IN_DEVELOPMENT, {1: RN}),
    ("unannounced, premiere ahead", [S(1, P, FUTURE)], ShowStatus.IN_DEVELOPMENT, {1: P}),
    ("no facts at all", [S(1, P)], ShowStatus.IN_DEVELOPMENT, {1: P}),
    ("airing, no finale", [S(1, P, PAST, None)], ShowStatus.RETURNING, {1: M}),
    ("airing until its finale", [S(1, P, PAST, SOON)], ShowStatus.RETURNING, {1: M}),
    ("released, no word", [S(1, P, PAST)], ShowStatus.AWAITING_DECISION, {1: M}),
    (
        "released, then renewed",
        [S(1, P, PAST), S(2, RN)],
        ShowStatus.RETURNING,
        {1: M, 2: RN},
    ),
    (
        "undated season 1 before a renewal",
        [S(1, P), S(2, RN)],
        ShowStatus.RETURNING,
        {1: M, 2: RN},
    ),
    (
        "two-season order before any premiere",
        [S(1, RN), S(2, RN)],
        ShowStatus.IN_DEVELOPMENT,
        {1: RN, 2: RN},
    ),
    (
        "two-season order, season 1 aired",
        [S(1, RN, PAST), S(2, RN, FUTURE)],
        ShowStatus.RETURNING,
        {1: RN, 2: RN},
    ),
    (
        "undated season 1 before a dated season 2",
        [S(1, P), S(2, P, FUTURE)],
        ShowStatus.RETURNING,
        {1: M, 2: P},
    ),
    (
        "every undated season before a decision was made",
        [S(1, P), S(2, P), S(3, RN)],
        ShowStatus.RETURNING,
        {1: M, 2: M, 3: RN},
    ),
    (
        "released, next one dated",
        [S(1, P, PAST), S(2, P, FUTURE)],
        ShowStatus.RETURNING,
        {1: M, 2: P},
    ),
    (
        "released, next one undated and unannounced",
        [S(1, P, PAST), S(2, P)],
        ShowStatus.AWAITING_DECISION,
        {1: M, 2: P},
    ),
    (
        "final season ahead",
        [S(1, P, PAST), S(2, F, FUTURE)],
        ShowStatus.ENDING,
        {1: M, 2: F},
    ),
    ("final season airing", [S(1, F, PAST, SOON)], ShowStatus.ENDING, {1: F}),
    ("final season over", [S(1, P, PAST), S(2, F, PAST)], ShowStatus.ENDED, {1: M, 2: F}),
    (
        "cancelled before season 2",
        [S(1, P, PAST), S(2, C)],
        ShowStatus.CANCELLED,
        {1: M, 2: C},
    ),
    ("cancelled after it aired", [S(1, C, PAST)], ShowStatus.CANCELLED, {1: C}),
    (
        "renewed season aired, latest airing",
        [S(1, RN, PAST), S(2, RN, PAST, SOON)],
        ShowStatus.RETURNING,
        {1: RN, 2: RN},
    ),
    (
        "renewed season over, no word on the next",
        [S(1, RN, PAST), S(2, RN, PAST)],
        ShowStatus.AWAITING_DECISION,
        {1: RN, 2: RN},
    ),
]


@pytest.mark.parametrize(
    ("seasons", "status", "decisions"),
    [
        pytest.param(seasons, status, decisions, id=name)
        for name, seasons, status, decisions in MULTI_SEASON
    ],
)
def test_show_status_and_current_decisions_over_all_seasons(seasons, status, decisions):
    assert show_status(seasons, TODAY) == status
    assert current_decisions(seasons, TODAY) == decisions
    assert show_status(list(reversed(seasons)), TODAY) == status  # order does not matter


def test_a_made_season_never_reads_awaiting_decision():
    for _, seasons, _, decisions in MULTI_SEASON:
        for season in seasons:
            if decisions[season.number] == M:
                facts = SeasonFacts("Example", "HBO", season.number, M, season.premiere)
                assert "Awaiting" not in answer(facts, TODAY).label
                assert decision_label(M, season.number) != "Made"
                assert answer(facts, TODAY).label != "Made"


@pytest.mark.parametrize(
    ("number", "label"),
    [(1, "Ordered"), (2, "Renewed"), (7, "Renewed")],
)
def test_an_undated_made_season_reads_as_its_decision_row_never_made(number, label):
    """The headline names the decision as the decision row does (`decision_label`)."""
    result = answer(SeasonFacts("Example", "HBO", number, M), TODAY)
    assert (result.status, result.label) == ("made", label)
    assert result.label == decision_label(M, number)
    assert result.headline("Example", number) == f"Example Season {number}: {label}"
    assert result.sentence == (
        f"Example season {number} was made (a later season has been announced); "
        "its premiere date is not recorded."
    )


def test_labels_name_a_first_season_ordered():
    assert decision_label(RN, 1) == "Ordered"
    assert decision_label(RN, 2) == "Renewed"
    assert decision_label(C, 1) == "Cancelled"
    assert decision_label(P, 1) == "Awaiting decision"
    assert decision_label(F, 3) == "Renewed as the final season"


@pytest.mark.parametrize(
    ("seasons", "expected"),
    [
        ([], None),
        ([S(1, P, PAST)], None),
        ([S(1, P, FUTURE)], FUTURE.date),
        ([S(1, P, PAST, SOON)], SOON.date),
        ([S(1, P, PAST), S(2, RN, FUTURE)], FUTURE.date),
        ([S(1, RN, FuzzyDate(D(2027, 9, 1), Precision.SEASON))], D(2027, 11, 30)),
        ([S(1, RN, FuzzyDate(D(2026, 11, 1), Precision.MONTH))], D(2026, 11, 30)),
        ([S(1, RN, FuzzyDate(D(2026, 1, 1), Precision.YEAR))], D(2026, 12, 31)),
    ],
)
def test_status_changes_on_the_day_a_premiere_or_finale_period_ends(seasons, expected):
    assert status_changes_on(seasons, TODAY) == expected


def test_a_status_holds_until_the_day_it_changes():
    """Between today and `status_changes_on`, every day answers as today does."""
    for _, seasons, status, _ in MULTI_SEASON:
        change = status_changes_on(seasons, TODAY)
        if change is None:
            assert show_status(seasons, D(2099, 1, 1)) == status
            continue
        assert show_status(seasons, change - datetime.timedelta(days=1)) == status


def test_timeline_order_sorts_precisions_as_strings_too():
    """Meta.ordering sorts by the precision column; the strings must sort like sort_key."""
    assert sorted(Precision.values) == Precision.values


# The answer, word for word, in the cases the table above does not reach.


def test_a_season_airing_until_its_finale_says_when_the_finale_is():
    facts = SeasonFacts("Example", "HBO", 2, M, FuzzyDate(D(2026, 10, 1)), SOON, 10)
    result = answer(facts, TODAY)
    assert (result.status, result.label) == ("airing", "Airing now")
    assert result.sentence == (
        "Season 2 premiered on 1 October 2026 on HBO "
        "and runs until its finale on 10 December 2026."
    )


def test_a_season_airing_with_no_finale_date_is_airing_now():
    result = answer(SeasonFacts("Example", "", 2, RN, FuzzyDate(D(2026, 10, 1))), TODAY)
    assert (result.status, result.label) == ("airing", "Airing now")
    assert (
        result.sentence == "Season 2 premiered on 1 October 2026 on The network and is airing now."
    )


def test_a_weekly_season_names_its_finale_and_episode_count():
    facts = SeasonFacts(
        "Example", "HBO", 2, RN, FuzzyDate(D(2020, 1, 5)), FuzzyDate(D(2020, 3, 8)), 10
    )
    result = answer(facts, TODAY)
    assert (result.status, result.label) == ("released", "Released")
    assert result.sentence == (
        "Season 2 premiered on 5 January 2020 on HBO; the finale aired on 8 March 2020 "
        "(10 episodes)."
    )


def test_a_single_episode_is_one_episode():
    premiere = FuzzyDate(D(2020, 3, 1), Precision.MONTH)
    facts = SeasonFacts("Example", "HBO", 3, M, premiere, FuzzyDate(D(2020, 3, 8)), 1)
    assert answer(facts, TODAY).sentence == (
        "Season 3 premiered in March 2020 on HBO; the finale aired on 8 March 2020 (1 episode)."
    )


@pytest.mark.parametrize(
    ("episodes", "ending"),
    [(1, ", a single episode."), (8, ", all 8 episodes at once."), (None, ", all at once.")],
)
def test_a_season_released_in_one_day_says_how_many_episodes_came_out(episodes, ending):
    day = FuzzyDate(D(2020, 1, 1))
    facts = SeasonFacts("Example", "Netflix", 1, M, day, day, episodes)
    assert (
        answer(facts, TODAY).sentence == "Season 1 premiered on 1 January 2020 on Netflix" + ending
    )


def test_an_unknown_episode_count_is_left_out():
    drop = FuzzyDate(D(2020, 1, 5))
    binge = SeasonFacts("Example", "HBO", 1, M, drop, drop, None)
    assert answer(binge, TODAY).sentence == (
        "Season 1 premiered on 5 January 2020 on HBO, all at once."
    )
    weekly = SeasonFacts("Example", "HBO", 1, M, drop, FuzzyDate(D(2020, 3, 8)), None)
    assert answer(weekly, TODAY).sentence == (
        "Season 1 premiered on 5 January 2020 on HBO; the finale aired on 8 March 2020."
    )


def test_a_decision_reversed_twice_is_dated_by_the_latest_run_of_reports():
    """Cancelled, revived, cancelled again: the answer dates the second cancellation."""
    reports = [
        Report(C, FuzzyDate(D(2019, 5, 3)), 1),
        Report(RN, FuzzyDate(D(2020, 6, 1), Precision.MONTH), 2),
        Report(C, FuzzyDate(D(2021, 1, 1), Precision.YEAR), 3),
    ]
    assert decision_date(reports) == FuzzyDate(D(2021, 1, 1), Precision.YEAR)
    facts = SeasonFacts(
        "Example", "HBO", 2, latest_decision(reports), decided_on=decision_date(reports)
    )
    assert answer(facts, TODAY).sentence == (
        "HBO cancelled the series in 2021; season 2 will not be made."
    )


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (SeasonFacts("Example", "HBO", 2, C), "cancelled"),
        (SeasonFacts("Example", "HBO", 2, C, PAST), "cancelled"),
        (SeasonFacts("Example", "HBO", 2, RN, PAST, PAST), "released"),
        (SeasonFacts("Example", "HBO", 2, RN, PAST, SOON), "airing"),
        (SeasonFacts("Example", "HBO", 2, F, FUTURE), "final"),
        (SeasonFacts("Example", "HBO", 2, RN, FUTURE), "renewed"),
        (SeasonFacts("Example", "HBO", 2, P, FUTURE), "scheduled"),
        (SeasonFacts("Example", "HBO", 2, M), "made"),
        (SeasonFacts("Example", "HBO", 2, P), "pending"),
    ],
)
def test_each_answer_carries_the_status_key_its_page_is_styled_by(facts, status):
    """The season page's answer box is classed `answer--<status>`."""
    assert answer(facts, TODAY).status == status


def test_a_renewal_without_a_date_says_none_is_announced():
    facts = SeasonFacts(
        "Example", "HBO", 2, RN, decided_on=FuzzyDate(D(2020, 2, 1), Precision.MONTH)
    )
    result = answer(facts, TODAY)
    assert (result.status, result.label) == ("renewed", "Renewed")
    assert result.sentence == (
        "HBO renewed Example for season 2 in February 2020; no premiere date has been announced."
    )


def test_a_final_season_says_so_and_when_it_premieres():
    facts = SeasonFacts("Example", "HBO", 3, F, FUTURE, decided_on=FuzzyDate(D(2021, 5, 3)))
    result = answer(facts, TODAY)
    assert (result.status, result.label) == ("final", "Final season")
    assert result.sentence == (
        "HBO renewed Example for season 3 as the final season on 3 May 2021; "
        "it premieres on 15 April 2028."
    )


def test_a_cancelled_season_with_a_premiere_still_to_come_will_not_be_made():
    """The season's own decision decides: a cancellation drops a future date."""
    premiere = FuzzyDate(WHEN["future"])
    cancelled = SeasonState(2, Decision.CANCELLED, premiere)
    assert cancelled.release(TODAY) == Release.NOT_MADE
    assert SeasonState(2, Decision.RENEWED, premiere).release(TODAY) == Release.SCHEDULED


# (premiere, finale) -> whether the season has aired as of TODAY
AIRED = {
    "no date": (None, None, False),
    "future": (FuzzyDate(WHEN["future"]), None, False),
    "this month": (FuzzyDate(D(2026, 11, 1), Precision.MONTH), None, False),
    "airing": (FuzzyDate(D(2026, 10, 1)), FuzzyDate(D(2026, 12, 20)), True),
    "airing, no finale": (FuzzyDate(D(2026, 10, 1)), None, True),
    "released": (FuzzyDate(WHEN["past"]), FuzzyDate(WHEN["past"]), True),
    "released, coarse": (FuzzyDate(D(2020, 1, 1), Precision.YEAR), None, True),
}


@pytest.mark.parametrize("decision", Decision.values)
@pytest.mark.parametrize("dates", AIRED)
def test_a_cancellation_belongs_to_a_season_that_has_not_aired(decision, dates):
    """Only a cancellation on a season that premiered is misplaced: it belongs to the
    next season, the one that will not be made. Any other decision may sit anywhere."""
    premiere, _finale, aired = AIRED[dates]  # a finale changes nothing
    expected = aired and decision == Decision.CANCELLED
    assert cancellation_misplaced(decision, premiere, TODAY) is expected


@pytest.mark.parametrize(
    "dates, stored",
    [
        ([], ""),
        ([None], ""),
        ([D(2024, 5, 1)], " 2024 "),
        ([D(2024, 5, 1), None, D(2019, 1, 2), D(2024, 9, 9)], " 2019 2024 "),
    ],
)
def test_active_years_lists_each_year_once_between_spaces(dates, stored):
    """What the scorecard's "TV season" filter searches with `year_token`."""
    assert active_years(dates) == stored
    for date in filter(None, dates):
        assert year_token(date.year) in stored


@pytest.mark.parametrize("decision", Decision.values)
@pytest.mark.parametrize("dates", AIRED)
def test_only_a_cancelled_season_that_has_not_aired_will_not_be_made(decision, dates):
    premiere, finale, aired = AIRED[dates]
    expected = decision == Decision.CANCELLED and not aired
    assert season_will_not_be_made(decision, premiere, TODAY) is expected
    assert (release_state(decision, premiere, finale, TODAY) == Release.NOT_MADE) is expected


@pytest.mark.parametrize(
    ("release", "said"),
    [
        (Release.NOT_MADE, "None (not made)"),
        (Release.UNSCHEDULED, "Not announced"),
        (Release.SCHEDULED, "Not announced"),
        (Release.AIRING, "Not announced"),
        (Release.RELEASED, "Not announced"),
    ],
)
def test_a_missing_premiere_or_episode_count_says_why(release, said):
    """One wording for the season page and the show page's rows alike."""
    assert missing_fact(release) == said


@pytest.mark.parametrize(
    ("decision", "number", "label"),
    [(M, 1, "Ordered"), (M, 2, "Renewed"), (M, 7, "Renewed"), (RN, 7, "Renewed")],
)
def test_a_made_season_is_named_as_ordered_or_renewed_never_made(decision, number, label):
    assert decision_label(decision, number) == label


# The multi-season table's cases: how many of the show's seasons count as made.
MADE_COUNTS = {
    "no seasons": 0,
    "ordered, no date": 1,
    "ordered, premiere ahead": 1,
    "unannounced, premiere ahead": 1,
    "no facts at all": 0,
    "airing, no finale": 1,
    "airing until its finale": 1,
    "released, no word": 1,
    "released, then renewed": 2,
    "undated season 1 before a renewal": 2,
    "two-season order before any premiere": 2,
    "two-season order, season 1 aired": 2,
    "undated season 1 before a dated season 2": 2,
    "every undated season before a decision was made": 3,
    "released, next one dated": 2,
    "released, next one undated and unannounced": 1,
    "final season ahead": 2,
    "final season airing": 1,
    "final season over": 2,
    "cancelled before season 2": 1,
    "cancelled after it aired": 1,
    "renewed season aired, latest airing": 2,
    "renewed season over, no word on the next": 2,
}


@pytest.mark.parametrize(
    ("seasons", "count"),
    [pytest.param(seasons, MADE_COUNTS[name], id=name) for name, seasons, _, _ in MULTI_SEASON],
)
def test_a_show_counts_the_seasons_made_or_being_made(seasons, count):
    made = made_seasons(seasons, TODAY)
    assert len(made) == count
    assert made == [season for season in seasons if season in made]  # in the show's order


def test_a_cancelled_season_with_a_planned_premiere_is_not_counted():
    seasons = [S(1, P, PAST), S(2, C, FUTURE)]
    assert made_seasons(seasons, TODAY) == [seasons[0]]


@pytest.mark.parametrize(
    ("count", "status", "phrase"),
    [
        (0, ShowStatus.IN_DEVELOPMENT, "0 seasons"),
        (1, ShowStatus.AWAITING_DECISION, "1 season"),
        (3, ShowStatus.ENDED, "3 seasons"),
        (1, ShowStatus.CANCELLED, "1 season, cancelled before season 2"),
        (4, ShowStatus.CANCELLED, "4 seasons, cancelled before season 5"),
        (0, ShowStatus.CANCELLED, "No seasons, cancelled before season 1"),
    ],
)
def test_a_listing_says_how_many_seasons_and_where_the_cancellation_fell(count, status, phrase):
    assert seasons_phrase(count, status) == phrase
