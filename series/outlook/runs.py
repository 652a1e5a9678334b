"""A backtest run over the database's recorded decisions, stored for the track record."""

import datetime

from django.db import DEFAULT_DB_ALIAS

from series.models import OutlookRun

from .backtest import forecasts, score
from .model import PRIOR_STRENGTH
from .records import recorded_questions


class NothingToScore(ValueError):
    """No question in the range was open on a forecast day and answered since."""


def run_backtest(
    start, end, step=7, strength=PRIOR_STRENGTH, by_score=False, today=None, using=DEFAULT_DB_ALIAS
):
    """Forecast every `step` days from `start` to `end` with what was on record each day,
    score against what came later, store the run and return it."""
    today = today or datetime.date.today()
    questions = recorded_questions(today, using=using)
    result = score(forecasts(questions, start, end, step, strength, by_score))
    if result is None:
        raise NothingToScore(f"No question was open between {start} and {end} and answered since.")
    return OutlookRun.objects.using(using).create(
        start=start,
        end=end,
        step_days=step,
        prior_strength=strength,
        by_score=by_score,
        forecasts=result.count,
        questions=result.questions,
        brier=result.brier,
        base_brier=result.base_brier,
        difference_error=result.difference_error,
        beats_base_rate=result.beats_base_rate,
        hit_rate=result.hit_rate,
        base_hit_rate=result.base_hit_rate,
        calibration=result.calibration,
    )
