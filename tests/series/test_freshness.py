"""The daily re-derivation without its flag: the cache down or a no-op backend."""

import datetime
import logging

import pytest
import time_machine
from django.test import Client

from series import freshness
from series.freshness import ensure_current_statuses
from series.models import Show
from tests import surfaces
from tests.factories import SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db

UNREACHABLE = "tests.pagecache.test_versions.UnreachableCache"
NO_OP = "django.core.cache.backends.dummy.DummyCache"


def on(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def premiering_show():
    """Saved on 1 November 2026, premiering on the 20th."""
    with on(datetime.date(2026, 11, 1)):
        show = ShowFactory(title="Weekly", slug="weekly", is_published=True)
        SeasonFactory(
            show=show,
            number=1,
            premiere_date=datetime.date(2026, 11, 20),
            finale_date=datetime.date(2026, 12, 18),
        )
    return show


@pytest.mark.parametrize("backend", [UNREACHABLE, NO_OP])
def test_statuses_stay_right_without_the_days_flag(settings, premiering_show, backend):
    """Each request re-derives what the calendar changed: the work once, then one read."""
    settings.CACHES = {"default": {"BACKEND": backend}}
    with on(datetime.date(2026, 11, 21)):
        assert ensure_current_statuses() == 1
        assert ensure_current_statuses() == 0
        assert Show.objects.get(pk=premiering_show.pk).status == "returning"


def test_pages_show_todays_status_while_the_cache_is_down(settings, premiering_show):
    settings.CACHES = {"default": {"BACKEND": UNREACHABLE}}
    with on(datetime.date(2026, 11, 21)):
        assert surfaces.show_page_status(Client(), premiering_show) == "Returning"


def test_the_outage_log_names_the_error(settings, caplog, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": UNREACHABLE}}
    monkeypatch.setattr(freshness._log, "logged_at", None)  # not logged this minute yet
    caplog.set_level(logging.ERROR, logger="series.freshness")
    ensure_current_statuses()
    [record] = caplog.records
    assert "ConnectionError: the cache server is unreachable" in record.getMessage()
