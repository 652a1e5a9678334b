"""Saved today, read on later days with no daily job run: every surface moves with the calendar.

A premiere passing turns a show in development into a returning one, a finale
passing into one awaiting a decision (or ended, for a final season), on the very
day, on the show page, the season page, the filtered list, the home counts, the
API and the admin, whether or not `refresh_statuses` ran.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from series.freshness import ensure_current_statuses, mark_statuses_current
from series.models import Show
from series.status import ShowStatus
from tests import surfaces
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db

SAVED = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def no_day_marked_current():
    """The suite marks the real today's statuses current; these tests save on other days."""
    cache.clear()


def on(day):
    """Travel to noon UTC of `day` (a date), without ticking."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def catalogue():
    """Saved on 1 November 2026: a weekly show, a binge drop and a final season."""
    with on(SAVED.date()):
        weekly = ShowFactory(title="Weekly", slug="weekly", is_published=True)
        SeasonFactory(
            show=weekly,
            number=1,
            premiere_date=datetime.date(2026, 11, 20),
            finale_date=datetime.date(2026, 12, 18),
        )
        drop = ShowFactory(title="Drop", slug="drop", is_published=True)
        SeasonFactory(
            show=drop,
            number=1,
            premiere_date=datetime.date(2026, 12, 1),
            premiere_precision="month",
            finale_date=datetime.date(2026, 12, 1),
            finale_precision="month",
        )
        final = ShowFactory(title="Final", slug="final", is_published=True)
        aired = datetime.date(2025, 3, 1)
        SeasonFactory(show=final, number=1, premiere_date=aired, finale_date=aired)
        ending = SeasonFactory(
            show=final,
            number=2,
            premiere_date=datetime.date(2026, 11, 10),
            finale_date=datetime.date(2026, 11, 10),
        )
        AnnouncementFactory(
            season=ending, decision="final", announced_date=datetime.date(2026, 1, 5)
        )
    return {"weekly": weekly, "drop": drop, "final": final}


EXPECTED = [
    # (day, {slug: status})
    (
        datetime.date(2026, 11, 1),
        {"weekly": "in_development", "drop": "in_development", "final": "ending"},
    ),
    (
        datetime.date(2026, 11, 20),
        {"weekly": "returning", "drop": "in_development", "final": "ended"},
    ),
    (
        datetime.date(2026, 12, 17),
        {"weekly": "returning", "drop": "in_development", "final": "ended"},
    ),
    (
        datetime.date(2026, 12, 18),
        {"weekly": "awaiting_decision", "drop": "in_development", "final": "ended"},
    ),
    (
        datetime.date(2026, 12, 31),
        {"weekly": "awaiting_decision", "drop": "awaiting_decision", "final": "ended"},
    ),
]


def assert_every_surface_says(client, editor, shows, expected):
    editor_client = Client()
    editor_client.force_login(editor)  # signed in on the day, as an editor would be
    for slug, status in expected.items():
        show = shows[slug]
        label = ShowStatus(status).label
        assert surfaces.show_page_status(client, show) == label, slug
        assert slug in surfaces.listed_slugs(client, status), slug
        assert surfaces.api_show(client, show)["status"] == status, slug
        assert surfaces.api_list_statuses(client)[slug] == status, slug
        assert surfaces.admin_show_statuses(editor_client)[show.title] == label, slug
    counts = surfaces.home_counts(client)
    for status in ShowStatus.values:
        assert counts[status] == list(expected.values()).count(status), status
        assert counts[status] == len(surfaces.listed_slugs(client, status))
    assert surfaces.scorecard_counts(client) == counts


@pytest.mark.parametrize(("day", "expected"), EXPECTED, ids=[str(d) for d, _ in EXPECTED])
def test_every_surface_follows_the_calendar_without_a_daily_job(
    client, editor, catalogue, day, expected
):
    with on(day):
        assert_every_surface_says(client, editor, catalogue, expected)


def stored():
    return {
        slug: (status, changes)
        for slug, status, changes in Show.objects.values_list(
            "slug", "status", "status_changes_on"
        )
    }


def test_stored_statuses_are_rederived_by_the_first_request_of_the_day(client, catalogue):
    assert stored() == {
        "weekly": ("in_development", datetime.date(2026, 11, 20)),
        "drop": ("in_development", datetime.date(2026, 12, 31)),
        "final": ("ending", datetime.date(2026, 11, 10)),
    }
    with on(SAVED.date() + datetime.timedelta(days=45)):
        assert stored()["weekly"][0] == "in_development"  # nothing has read it yet
        client.get("/healthz")  # the health check reads no status and changes nothing
        assert stored()["weekly"][0] == "in_development"
        client.get("/")
        assert stored() == {
            "weekly": ("returning", datetime.date(2026, 12, 18)),
            "drop": ("in_development", datetime.date(2026, 12, 31)),
            "final": ("ended", None),
        }
    with on(datetime.date(2026, 12, 31)):
        client.get("/api/v1/shows")
        assert timezone.localdate() == datetime.date(2026, 12, 31)
        assert stored() == {
            "weekly": ("awaiting_decision", None),
            "drop": ("awaiting_decision", None),
            "final": ("ended", None),
        }


def test_a_made_season_reads_made_everywhere_once_it_premieres(client, editor_client, catalogue):
    """The editor signs in on the real today; these days are within the session's life."""
    season = catalogue["weekly"].seasons.get()
    with on(datetime.date(2026, 11, 19)):
        assert surfaces.season_page(client, season) == ("Scheduled", "Awaiting decision")
        assert surfaces.admin_season_decisions(editor_client, season.show) == {
            1: "Awaiting decision"
        }
    with on(datetime.date(2026, 11, 20)):
        # Made, so it was ordered: every surface names it so (`status.decision_label`).
        assert surfaces.season_page(client, season) == ("Airing now", "Ordered")
        assert surfaces.admin_season_decisions(editor_client, season.show) == {1: "Ordered"}
        assert surfaces.admin_season_change_decision(editor_client, season) == "Ordered"
        assert ("Weekly", 1) in surfaces.admin_season_filter(editor_client, "made")
        assert ("Weekly", 1) not in surfaces.admin_season_filter(editor_client, "pending")
        api = surfaces.api_show(client, season.show)["seasons"][0]
        assert (api["decision"], api["decision_label"]) == ("made", "Ordered")


def test_the_page_cache_never_serves_yesterdays_answer(client, catalogue):
    show = catalogue["weekly"]
    with on(datetime.date(2026, 11, 19)):
        assert surfaces.show_page_status(client, show) == "In development"
        assert client.get(show.get_absolute_url())["X-Page-Cache"] == "hit"
    with on(datetime.date(2026, 11, 20)):
        assert surfaces.show_page_status(client, show) == "Returning"


def test_each_day_is_rederived_once_and_then_costs_no_query(catalogue, django_assert_num_queries):
    """`ensure_current_statuses` answers how many stored statuses it changed; once a day
    is done, asking again that day reads nothing from the database."""
    assert ensure_current_statuses(datetime.date(2026, 12, 16)) == 2  # weekly and final
    with django_assert_num_queries(0):
        assert ensure_current_statuses(datetime.date(2026, 12, 16)) == 0
    assert stored()["weekly"] == ("returning", datetime.date(2026, 12, 18))
    assert ensure_current_statuses(datetime.date(2026, 12, 18)) == 1  # weekly's finale
    assert ensure_current_statuses(datetime.date(2026, 12, 31)) == 1  # drop's month ends
    assert stored() == {
        "weekly": ("awaiting_decision", None),
        "drop": ("awaiting_decision", None),
        "final": ("ended", None),
    }


def test_a_day_marked_current_stays_current_until_it_ends(catalogue, django_assert_num_queries):
    """The flag outlives the page cache's default five minutes: later requests that day
    do not look for expired statuses again."""
    day = datetime.date(2026, 12, 16)
    with on(day):
        mark_statuses_current()
    later = datetime.datetime.combine(day, datetime.time(23, 30), tzinfo=datetime.UTC)
    with time_machine.travel(later, tick=False), django_assert_num_queries(0):
        assert ensure_current_statuses() == 0
    assert stored()["weekly"][0] == "in_development"  # as marked: nothing re-derived
    with on(day + datetime.timedelta(days=1)):
        assert ensure_current_statuses() == 2  # a new day: weekly premiered, final ended
