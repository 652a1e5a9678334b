"""`manage.py outlook_backtest`: prints the scores and keeps the run for the track record."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from series.demo import DemoCatalogue
from series.models import OutlookRun
from series.outlook.backtest import forecasts, score
from series.outlook.records import recorded_questions

pytestmark = pytest.mark.django_db


def test_the_command_prints_and_stores_what_the_forecasts_scored():
    today = timezone.localdate()
    DemoCatalogue(seed=7, today=today).create(250)
    start = today - datetime.timedelta(days=730)
    out = io.StringIO()
    call_command("outlook_backtest", start=start.isoformat(), step=30, stdout=out)
    run = OutlookRun.objects.get()
    expected = score(forecasts(recorded_questions(today), start, today, 30))
    assert (run.forecasts, run.questions) == (expected.count, expected.questions)
    assert run.brier == pytest.approx(expected.brier)
    assert run.base_brier == pytest.approx(expected.base_brier)
    assert [row["count"] for row in run.calibration] == [r["count"] for r in expected.calibration]
    for stored, computed in zip(run.calibration, expected.calibration, strict=True):
        assert stored["observed"] == pytest.approx(computed["observed"])
    assert (run.start, run.end, run.step_days) == (start, today, 30)
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
