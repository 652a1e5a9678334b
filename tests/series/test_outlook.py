"""The outlook's arithmetic: questions from seasons, odds shrunk toward the wider rate,
intervals, timing, and the words, as tables of cases (no database)."""

import datetime
import math
import random

import pytest

from series.fuzzy import FuzzyDate, Precision
from series.outlook import outlook
from series.outlook.beta import beta_cdf, beta_quantile
from series.outlook.model import (
    CANCELLED,
    PRIOR_STRENGTH,
    RENEWED,
    Answer,
    Question,
    Record,
    odds,
    timing,
)
from series.outlook.questions import show_questions
from series.status import Decision, Report, SeasonState

D = datetime.date
TODAY = D(2026, 11, 26)
OLD_FINALE = FuzzyDate(D(2020, 1, 1))
RECENT_FINALE = FuzzyDate(D(2026, 9, 1))


def day(*args):
    return FuzzyDate(D(*args))


# --- The Beta distribution ------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "exact"),
    [
        (1, 1, lambda p: p),
        (2, 1, math.sqrt),  # cdf x**2
        (1, 2, lambda p: 1 - math.sqrt(1 - p)),  # cdf 1 - (1 - x)**2
        (1, 3, lambda p: 1 - (1 - p) ** (1 / 3)),
        (0.5, 1, lambda p: p**2),  # cdf sqrt(x): a pole at 0
    ],
)
@pytest.mark.parametrize("p", [0.05, 0.25, 0.5, 0.95])
def test_beta_quantiles_match_the_closed_forms(a, b, exact, p):
    assert beta_quantile(p, a, b) == pytest.approx(exact(p), abs=1e-9)


@pytest.mark.parametrize(("a", "b"), [(3.5, 7.2), (40, 12), (1.5, 2.5), (250, 310)])
def test_beta_cdf_agrees_with_a_numerical_integral(a, b):
    """Simpson's rule on the density (smooth for a, b >= 1)."""
    x, steps = 0.4, 20000
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)

    def density(t):
        return math.exp(log_norm + (a - 1) * math.log(t) + (b - 1) * math.log1p(-t))

    h = x / steps
    total = density(1e-300) + density(x)
    total += sum((4 if k % 2 else 2) * density(k * h) for k in range(1, steps))
    assert beta_cdf(x, a, b) == pytest.approx(total * h / 3, abs=1e-7)
    assert beta_quantile(beta_cdf(x, a, b), a, b) == pytest.approx(x, abs=1e-8)


# --- Questions from a show's seasons -------------------------------------------------


def report(decision, date, entry=0):
    return Report(decision, date, entry)


def test_each_aired_season_asks_whether_the_next_is_made():
    seasons = [
        SeasonState(1, Decision.RENEWED, day(2020, 1, 10), day(2020, 3, 1)),
        SeasonState(2, Decision.RENEWED, day(2021, 1, 10), day(2021, 3, 1)),
        SeasonState(3, Decision.CANCELLED),
    ]
    reports = {
        1: [report(Decision.RENEWED, day(2019, 5, 1))],
        2: [report(Decision.RENEWED, day(2020, 4, 15))],
        3: [report(Decision.CANCELLED, FuzzyDate(D(2021, 5, 1), Precision.MONTH))],
    }
    after_1, after_2 = show_questions(7, 3, seasons, reports, {}, TODAY)
    assert (after_1.number, after_1.answer(), after_1.delay()) == (1, RENEWED, 45)
    assert (after_2.number, after_2.answer(), after_2.show, after_2.network) == (
        2,
        CANCELLED,
        7,
        3,
    )
    # "May 2021" is on record once the whole month has passed, not before.
    assert after_2.answer(D(2021, 5, 30)) is None
    assert after_2.answer(D(2021, 5, 31)) == CANCELLED
    # Counted from the middle of May: 16 May - 1 March.
    assert after_2.delay() == 76
    assert after_2.asked(D(2021, 1, 10)) and not after_2.asked(D(2021, 1, 9))


@pytest.mark.parametrize(
    ("seasons", "reports", "expected"),
    [
        # Pending: season 2 aired, nothing said about season 3.
        ([SeasonState(1, Decision.PENDING, day(2024, 1, 1), day(2024, 2, 1))], {}, [None]),
        # The final season asks nothing.
        (
            [SeasonState(1, Decision.FINAL, day(2024, 1, 1), day(2024, 2, 1))],
            {1: [report(Decision.FINAL, day(2023, 1, 1))]},
            [],
        ),
        # Season 2 premiered without any announcement: renewed, from its premiere on.
        (
            [
                SeasonState(1, Decision.PENDING, day(2023, 1, 1), day(2023, 2, 1)),
                SeasonState(2, Decision.PENDING, day(2024, 1, 1), day(2024, 2, 1)),
            ],
            {},
            [RENEWED, None],
        ),
        # A cancellation misplaced on the season that aired ends the show after it.
        (
            [SeasonState(1, Decision.CANCELLED, day(2024, 1, 1), day(2024, 2, 1))],
            {
                1: [
                    report(Decision.RENEWED, day(2023, 1, 1)),
                    report(Decision.CANCELLED, day(2024, 3, 1), 1),
                ]
            },
            [CANCELLED],
        ),
        # Renewed, then cancelled before it was made: the latest answer stands.
        (
            [
                SeasonState(1, Decision.PENDING, day(2023, 1, 1), day(2023, 2, 1)),
                SeasonState(2, Decision.CANCELLED),
            ],
            {
                2: [
                    report(Decision.RENEWED, day(2023, 3, 1)),
                    report(Decision.CANCELLED, day(2023, 9, 1), 1),
                ]
            },
            [CANCELLED],
        ),
        # A season without a premiere date asks nothing yet.
        ([SeasonState(1, Decision.RENEWED)], {1: [report(Decision.RENEWED, day(2025, 1, 1))]}, []),
    ],
)
def test_answers_follow_the_recorded_decisions(seasons, reports, expected):
    questions = show_questions(1, 1, seasons, reports, {}, TODAY)
    assert [q.answer() for q in questions] == expected


def test_a_renewal_later_reversed_reads_as_renewed_between_the_two():
    seasons = [
        SeasonState(1, Decision.PENDING, day(2023, 1, 1), day(2023, 2, 1)),
        SeasonState(2, Decision.CANCELLED),
    ]
    reports = {
        2: [report(Decision.RENEWED, day(2023, 3, 1)), report(Decision.CANCELLED, day(2023, 9, 1))]
    }
    (question,) = show_questions(1, 1, seasons, reports, {}, TODAY)
    assert question.answer(D(2023, 2, 28)) is None
    assert question.answer(D(2023, 6, 1)) == RENEWED
    assert question.answer(D(2023, 9, 1)) == CANCELLED
    assert question.delay() == 28  # timing counts the first decision


def test_a_critic_score_counts_once_retrieved():
    question = Question(
        1,
        1,
        1,
        day(2024, 1, 1),
        scores=((D(2024, 1, 5), "rt", 90), (D(2024, 3, 1), "rt", 70), (None, "mc", 50)),
    )
    assert question.score(D(2023, 12, 31)) is None
    assert question.score(D(2024, 1, 5)) == 70  # (90 + 50) / 2: undated counts from airing
    assert question.score() == 60


# --- Odds --------------------------------------------------------------------------


def decided(network, number, outcomes, finale=OLD_FINALE, delays=None):
    """Questions already answered, one per outcome."""
    questions = []
    for k, result in enumerate(outcomes):
        delay = delays[k] if delays else 30
        when = FuzzyDate(finale.date + datetime.timedelta(days=delay))
        questions.append(
            Question(
                show=len(questions),
                network=network,
                number=number,
                premiere=day(2019, 12, 1),
                finale=finale,
                answers=(Answer(when.end, result, when),),
            )
        )
    return questions


def pending(network, number, finale=RECENT_FINALE):
    return Question(999, network, number, day(2026, 8, 1), finale)


def test_with_no_record_on_the_network_the_estimate_is_the_wider_rate():
    record = Record.of(decided(2, 1, [RENEWED] * 30 + [CANCELLED] * 10))
    chance = odds(record, pending(1, 1))
    assert (chance.sample, chance.renewed, chance.wider_sample) == (0, 0, 40)
    assert chance.probability == pytest.approx(chance.wider_rate)
    assert chance.wider_rate == pytest.approx((30 + PRIOR_STRENGTH * 31 / 42) / 50)


def test_a_small_sample_is_shrunk_a_large_one_is_not():
    wide = decided(2, 1, [RENEWED] * 20 + [CANCELLED] * 80)
    small = Record.of(wide + decided(1, 1, [RENEWED] * 3))
    large = Record.of(wide + decided(1, 1, [RENEWED] * 300))
    small_odds, large_odds = odds(small, pending(1, 1)), odds(large, pending(1, 1))
    # Three renewals out of three do not make a sure thing.
    assert small_odds.probability < 0.6
    assert large_odds.probability > 0.95
    # The fewer decisions, the wider the interval.
    small_width = small_odds.interval[1] - small_odds.interval[0]
    assert small_width > 3 * (large_odds.interval[1] - large_odds.interval[0])
    for chance in (small_odds, large_odds):
        assert chance.interval[0] < chance.probability < chance.interval[1]


def test_season_numbers_are_compared_apart():
    record = Record.of(
        decided(1, 1, [CANCELLED] * 40 + [RENEWED] * 10)
        + decided(1, 2, [RENEWED] * 40)
        + decided(1, 5, [RENEWED] * 20 + [CANCELLED] * 20)
    )
    first, second, later = (odds(record, pending(1, n)) for n in (1, 2, 4))
    assert first.probability < 0.3 < 0.9 < second.probability
    assert later.sample == 40 and later.group == (3,)


def test_the_outlook_recovers_known_rates_within_its_intervals():
    """Decisions drawn from known rates per network and season group: every 90 %
    interval holds its true rate, and the intervals are narrow enough to mean it."""
    rates = {
        (1, 1): 0.3, (1, 2): 0.6, (1, 3): 0.8,
        (2, 1): 0.6, (2, 2): 0.7, (2, 3): 0.5,
        (3, 1): 0.45, (3, 2): 0.85, (3, 3): 0.7,
    }  # fmt: skip
    rng = random.Random(25)
    questions = []
    for (network, number), rate in rates.items():
        draws = [RENEWED if rng.random() < rate else CANCELLED for _ in range(200)]
        questions += decided(network, number, draws)
    record = Record.of(questions)
    for (network, number), rate in rates.items():
        chance = odds(record, pending(network, number))
        low, high = chance.interval
        assert low <= rate <= high, (network, number, rate, chance)
        assert high - low < 0.15


# --- Timing and words --------------------------------------------------------------


def test_timing_places_the_season_among_the_networks_decisions():
    delays = [-20, 10, 20, 30, 45, 60, 70, 75, 100, 200]
    record = Record.of(decided(1, 1, [RENEWED] * 10, delays=delays))
    habit = timing(record, pending(1, 2, finale=day(2026, 9, 7)), TODAY)
    assert (habit.sample, habit.median_days, habit.since_finale) == (10, 45, 80)
    assert habit.later_than == 0.8
    before_finale = timing(record, pending(1, 2, finale=day(2026, 12, 1)), TODAY)
    assert before_finale.since_finale is None and before_finale.later_than is None
    assert timing(Record.of(decided(1, 1, [RENEWED] * 4)), pending(1, 2), TODAY) is None


def test_the_outlook_says_its_basis_and_never_states_a_fact():
    delays = [-20, 10, 20, 30, 45, 60, 70, 75, 100, 200]
    record = Record.of(
        decided(1, 1, [RENEWED] * 6 + [CANCELLED] * 4, delays=delays)
        + decided(2, 1, [RENEWED] * 30 + [CANCELLED] * 30)
    )
    shown = outlook(record, pending(1, 1, finale=day(2026, 9, 7)), "Netflix", TODAY)
    assert shown.sample == 10 and shown.renewed == 6 and shown.as_of == TODAY
    assert shown.basis == (
        "6 of 10 seasons Netflix decided on after a first season were renewed; the estimate "
        "weighs that with all networks' record after a first season (51 % renewed, "
        "70 decisions)."
    )
    assert shown.timing == (
        "Netflix announced half of its decisions within 45 days of the finale; season 1's "
        "finale was 80 days ago, later than 8 in 10 of those decisions."
    )
    assert shown.overdue
    assert shown.interval_percent[0] < shown.percent < shown.interval_percent[1]
    unknown = outlook(record, pending(3, 2), "Hulu", TODAY)
    assert unknown.basis.startswith("Hulu has no decision on record after a second season;")
    assert "Too few" in unknown.timing
