"""A backtest run over the database's recorded decisions, stored for the track record,
and the model the site shows, which each run decides."""

import datetime

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce

from series.models import OutlookRun

from .backtest import forecasts, score
from .model import PRIOR_STRENGTH
from .records import recorded_questions

# How long a forecast is given to be answered before it is scored. A question renewed
# is mostly answered by its next season's premiere, about a year on, while cancellations
# are announced within weeks: forecasts of the last year, scored only on the answers
# already in, would lean to cancellations. On 50,000 demo shows, the last year's forecasts
# scored 54 % estimates as 21 % renewed; those of the year before, 55 % as 60 %.
FOLLOW_UP_DAYS = 365


def model_to_show(plain_beats, banded_beats):
    """Whether the site shows the model with critic-score bands. The simplest model that
    beats the base rate is shown: the banded one only when it beats it and the plain
    one, backtested too, does not. Each is its latest run's verdict, None before any run.
    """
    return bool(banded_beats) and plain_beats is False


def latest_run(by_score, using=DEFAULT_DB_ALIAS):
    """The latest stored run of one model, or None."""
    return OutlookRun.objects.using(using).filter(by_score=by_score).first()


def shown_run(using=DEFAULT_DB_ALIAS):
    """The latest run of the model the site shows (the latest run decides which), or None.
    One query when the latest run is of that model."""
    latest = OutlookRun.objects.using(using).first()
    if latest is None or latest.by_score == latest.shows_by_score:
        return latest
    return latest_run(latest.shows_by_score, using)


def shown_by_score_in_sql():
    """`shown_run`'s choice as an SQL expression, for a read that needs it beside other
    rows (the tallies): the latest run's `shows_by_score`, False before any run."""
    latest = OutlookRun.objects.order_by("-created_at", "-pk").values("shows_by_score")[:1]
    return Coalesce(Subquery(latest), Value(False))


def shown_by_score(*runs):
    """Whether the site shows the critic-score model, from the latest of `runs` (each a
    run or None): it holds the decision of the latest run of all."""
    stored = [run for run in runs if run is not None]
    latest = max(stored, key=lambda run: (run.created_at, run.pk), default=None)
    return latest.shows_by_score if latest else False


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
    other = latest_run(not by_score, using)
    other_beats = other.beats_base_rate if other else None
    if by_score:
        shows_by_score = model_to_show(other_beats, result.beats_base_rate)
    else:
        shows_by_score = model_to_show(result.beats_base_rate, other_beats)
    return OutlookRun.objects.using(using).create(
        shows_by_score=shows_by_score,
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
