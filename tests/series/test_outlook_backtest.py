"""The backtest cannot fool itself: on demo data drawn with per-network habits the
outlook beats the base rate and recovers the habits within its intervals; on demo
data drawn without any, it does not claim to beat it."""

import datetime

import pytest

from series.demo_structure import flat
from series.outlook.backtest import forecasts, score
from series.outlook.model import Record, odds, season_group

from .demo_questions import TODAY, demo_questions

START = TODAY - datetime.timedelta(days=3 * 365)


@pytest.fixture(scope="module")
def structured():
    return demo_questions(2000, seed=3)


@pytest.fixture(scope="module")
def structureless():
    return demo_questions(2000, seed=3, propensities=lambda rng: flat())


@pytest.mark.parametrize("by_score", [False, True])
def test_on_structured_data_the_outlook_beats_the_base_rate(structured, by_score):
    questions, _ = structured
    result = score(forecasts(questions, START, TODAY, step=30, by_score=by_score))
    assert result.count > 1000
    assert result.beats_base_rate
    assert result.brier < result.base_brier
    assert result.hit_rate > result.base_hit_rate
    # Calibrated: in each tenth with enough forecasts, renewals follow the forecasts.
    for row in result.calibration:
        if row["count"] >= 200:
            assert abs(row["observed"] - row["forecast"]) < 0.12, row


@pytest.mark.parametrize("by_score", [False, True])
def test_on_structureless_data_it_does_not_claim_to(structureless, by_score):
    questions, _ = structureless
    result = score(forecasts(questions, START, TODAY, step=30, by_score=by_score))
    assert result.count > 1000
    assert not result.beats_base_rate
    # Within noise of the base rate, whichever side it falls.
    assert abs(result.brier - result.base_brier) < 3 * result.difference_error


def expected_rate(propensity, number):
    """The share renewed a network's habits give over the demo's spread of critics'
    quality (uniform from 20 to 100), by the midpoint rule."""
    steps = 400
    return (
        sum(propensity.chance(number, 20 + 80 * (k + 0.5) / steps) for k in range(steps)) / steps
    )


@pytest.mark.parametrize("data", ["structured", "structureless"])
def test_the_outlook_recovers_the_habits_it_was_drawn_from(data, request):
    questions, propensities = request.getfixturevalue(data)
    record = Record.of(questions)
    covered, cells = 0, 0
    for network, propensity in propensities.items():
        for number in (1, 2, 3):
            probe = next(q for q in questions if q.network == network)
            probe = type(probe)(0, network, number, probe.premiere)
            chance = odds(record, probe, TODAY)
            low, high = chance.interval
            cells += 1
            covered += low <= expected_rate(propensity, number) <= high
            assert season_group(number) == chance.group[0]
    # 90 % intervals: at least 8 in 10 of the 36 cells hold their true rate.
    assert covered / cells >= 0.8, (covered, cells)
