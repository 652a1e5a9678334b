"""What the worker compares: only seasons whose facts differ from what followers heard."""

import datetime

import pytest
from django.utils import timezone

from follows.changes import changed_season_ids, record_changes
from follows.models import SeasonState
from series.fuzzy import Precision
from tests.factories import SeasonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_a_fall_premiere_is_compared_again_only_once_fall_is_over():
    """Recorded in October, "Fall 2026" has not premiered yet (`FuzzyDate.has_arrived`): the
    worker leaves it alone until Fall's last day instead of locking it on every pass."""
    season = SeasonFactory(
        premiere_date=D(2026, 9, 1), premiere_precision=Precision.SEASON, finale_date=None
    )
    record_changes([season.pk], now=noon(D(2026, 10, 15)))
    assert SeasonState.objects.get(season=season).premiered is False

    for day in (D(2026, 9, 1), D(2026, 10, 15), D(2026, 11, 29)):
        assert season.pk not in changed_season_ids(day), day
    assert season.pk in changed_season_ids(D(2026, 11, 30))
