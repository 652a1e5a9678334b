"""`manage.py outlook_backtest`: prints the scores and keeps the run for the track record."""

import dataclasses
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from series.demo import DemoCatalogue
from series.models import OutlookRun
from series.outlook import runs
from series.outlook.backtest import forecasts, score
from series.outlook.records import recorded_questions
from series.outlook.runs import model_to_show

pytestmark = pytest.mark.django_db


def test_the_command_prints_and_stores_what_the_forecasts_scored():
    today = timezone.localdate()
    DemoCatalogue(seed=7, today=today).create(250)
    start = today - datetime.timedelta(days=730)
    settled = today - datetime.timedelta(days=365)  # the default end: a year to be answered
    out, err = io.StringIO(), io.StringIO()
    call_command("outlook_backtest", start=start.isoformat(), step=30, stdout=out, stderr=err)
    assert err.getvalue() == ""
    run = OutlookRun.objects.get()
    expected = score(forecasts(recorded_questions(today), start, settled, 30))
    assert (run.forecasts, run.questions) == (expected.count, expected.questions)
    assert run.brier == pytest.approx(expected.brier)
    assert run.base_brier == pytest.approx(expected.base_brier)
    assert [row["count"] for row in run.calibration] == [r["count"] for r in expected.calibration]
    for stored, computed in zip(run.calibration, expected.calibration, strict=True):
        assert stored["observed"] == pytest.approx(computed["observed"])
    assert (run.start, run.end, run.step_days) == (start, settled, 30)
    printed = out.getvalue()
    assert f"Brier score           {expected.brier:.4f}" in printed
    assert f"base-rate Brier       {expected.base_brier:.4f}" in printed
    assert "calibration" in printed and "hit rate at 50 %" in printed


@pytest.mark.parametrize(
    "options",
    [
        {"start": "2026-13-01"},
        {"start": "2026-05-01", "end": "2026-04-01"},
        {"step": 0},
        {"end": "2999-01-01"},
    ],
)
def test_a_bad_range_is_refused(options):
    with pytest.raises(CommandError):
        call_command("outlook_backtest", stdout=io.StringIO(), **options)


def test_nothing_to_score_is_said_not_stored():
    with pytest.raises(CommandError, match="No question"):
        call_command("outlook_backtest", stdout=io.StringIO())
    assert not OutlookRun.objects.exists()


@pytest.mark.parametrize(
    ("plain_beats", "banded_beats", "shows_by_score"),
    [
        (None, None, False),  # no evidence yet: the simpler model
        (True, True, False),  # both beat the base rate: the simpler one
        (None, True, False),  # the simpler one not yet backtested
        (False, True, True),  # only the one with critic scores beats it
        (False, False, False),
        (True, False, False),
    ],
)
def test_the_site_shows_the_simplest_model_that_beats_the_base_rate(
    plain_beats, banded_beats, shows_by_score
):
    assert model_to_show(plain_beats, banded_beats) is shows_by_score


def test_each_run_decides_the_model_the_site_shows(monkeypatch):
    verdicts = iter([False, True, True])  # plain fails; banded beats; plain beats again
    real_score = runs.score

    def scored(forecast_list):
        result = real_score(forecast_list)
        return dataclasses.replace(result, base_brier=result.brier + (1 if next(verdicts) else -1))

    monkeypatch.setattr(runs, "score", scored)
    today = timezone.localdate()
    DemoCatalogue(seed=7, today=today).create(60)
    start = (today - datetime.timedelta(days=730)).isoformat()
    printed = []
    for by_score in (False, True, False):
        out = io.StringIO()
        call_command("outlook_backtest", start=start, step=90, by_score=by_score, stdout=out)
        printed.append(out.getvalue())
    assert [run.shows_by_score for run in OutlookRun.objects.order_by("pk")] == [
        False,
        True,
        False,
    ]
    assert "the site now shows    the model with critic-score bands" in printed[1]
    assert "the site now shows    the model without critic-score bands" in printed[2]


def test_forecasts_younger_than_a_year_are_scored_with_a_warning():
    today = timezone.localdate()
    DemoCatalogue(seed=7, today=today).create(60)
    err = io.StringIO()
    start = (today - datetime.timedelta(days=500)).isoformat()
    call_command(
        "outlook_backtest",
        start=start,
        end=today.isoformat(),
        step=30,
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "less than 365 days to be answered" in err.getvalue()
    assert OutlookRun.objects.get().end == today
