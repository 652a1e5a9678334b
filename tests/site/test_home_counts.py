"""The home page's status counts are kept between changes (`pagecache.kept`), and are
right again after every way the facts change: each test shows the home page first, so
its counts are kept, changes the facts one way, and compares what the page then shows
with a fresh count of the database. Each change moves a count, so a count kept past it
would fail the test."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from series import derive
from series.models import Season, Show
from tests.admin.test_imports import confirm, to_csv, upload
from tests.admin_helpers import admin_post, show_form
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db

NUMBER_AND_STATUS = re.compile(
    r'status-count__number">(\d+)</span> <span class="badge badge--(\w+)">'
)


def shown_counts(client):
    """{status: count} as the home page shows them (it hides statuses without shows)."""
    response = client.get(reverse("series:home"))
    assert response.status_code == 200
    counts = response.content.decode().split('<ul class="status-counts">', 1)[1]
    counts = counts.split("</ul>", 1)[0]
    return {status: int(number) for number, status in NUMBER_AND_STATUS.findall(counts)}


def fresh_counts():
    counts = Show.objects.published().status_counts()
    return {entry["value"]: entry["count"] for entry in counts if entry["count"]}


@pytest.fixture
def catalogue(db):
    """Two published shows in development and one returning, and a draft."""
    for title in ("Early One", "Early Two"):
        SeasonFactory(
            show=ShowFactory(title=title), number=1, premiere_date=None, finale_date=None
        )
    SeasonFactory(
        show=ShowFactory(title="Running", slug="running"),
        number=1,
        premiere_date=datetime.date(2020, 1, 1),
        finale_date=datetime.date(2020, 3, 1),
    )
    SeasonFactory(show=ShowFactory(title="Draft", is_published=False), number=1, finale_date=None)


@pytest.fixture
def counted(client, settings, catalogue, django_capture_on_commit_callbacks):
    """The home page shown once, its counts now kept; `counted(change)` then runs a change
    with its after-commit events and returns the counts the page shows, checked against
    a fresh count and against those it showed before. Every page is rendered (the page
    cache off): the counts come from the view, kept or counted."""
    settings.PAGE_CACHE_ENABLED = False
    shown = [shown_counts(client)]
    assert shown[-1] == fresh_counts()

    def changed(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        shown.append(shown_counts(client))
        assert shown[-1] == fresh_counts()
        assert shown[-1] != shown[-2], "the change should have moved a count"
        return shown[-1]

    return changed


def cancel(show_slug):
    season = Season.objects.get(show__slug=show_slug, number=1)
    AnnouncementFactory(season=season, decision="cancelled", announced_date="2020-06-01")


def record_cancellation(client, season):
    """An editor records, through the admin's decision form, that `season` (not yet
    aired) will not be made."""
    url = reverse("admin:series_season_record_decision", args=[season.pk])
    data = {
        "decision": "cancelled",
        "announced_date": "2020-06-01",
        "source_name": "Deadline",
        "source_url": "",
        "summary": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors


def test_an_admin_save_moves_the_counts(counted, admin_client):
    season = Season.objects.get(show__title="Early One", number=1)
    counts = counted(lambda: record_cancellation(admin_client, season))
    assert counts["cancelled"] == 1


def test_an_orm_save_moves_the_counts(counted):
    assert counted(lambda: cancel("running"))["cancelled"] == 1


def test_an_import_moves_the_counts(counted, admin_client):
    rows = [
        {
            "show": "running",
            "number": "2",
            "title": "",
            "premiere": "2099-09",
            "finale": "",
            "episode_count": "",
        }
    ]

    def import_a_renewal():
        preview = upload(admin_client, "season", to_csv(rows))
        assert confirm(admin_client, "season", preview).status_code == 302

    counted(import_a_renewal)


def test_loaddata_moves_the_counts(counted):
    assert counted(lambda: call_command("loaddata", "spinning_out", verbosity=0))["cancelled"] == 1


def test_unpublishing_and_publishing_move_the_counts(counted, admin_client):
    show = Show.objects.get(slug="running")
    status = show.status

    def publish(on):
        data = show_form(show)
        if not on:
            del data["is_published"]
        response = admin_post(admin_client, "show", data, obj=show)
        assert response.status_code == 302, response.content[:500]

    assert status not in counted(lambda: publish(False))
    assert counted(lambda: publish(True))[status] == 1


def test_a_delete_and_its_restore_move_the_counts(counted, admin_client):
    show = Show.objects.get(slug="running")
    status = show.status

    def delete():
        url = reverse("admin:series_show_delete", args=[show.pk])
        assert admin_client.post(url, {"post": "yes"}).status_code == 302

    def restore():
        url = reverse("admin:restore-record", args=["show", show.pk])
        assert admin_client.post(url, follow=True).status_code == 200

    assert status not in counted(delete)
    assert counted(restore)[status] == 1


def test_reverting_a_season_moves_the_counts(counted, admin_client):
    """An editor records a cancellation, then reverts the season to before it."""
    season = Season.objects.get(show__title="Early One", number=1)
    revert_url = reverse("admin:series_season_revert", args=[season.pk])
    later = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=True):
        assert counted(lambda: record_cancellation(admin_client, season))["cancelled"] == 1
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=True):
        page = admin_client.get(revert_url)
        created = page.context["versions"][-1]

        def revert():
            response = admin_client.post(
                revert_url, {"to": created.token, "seen": page.context["seen"]}
            )
            assert response.status_code == 302

        assert "cancelled" not in counted(revert)


def test_a_bulk_write_announced_as_such_moves_the_counts(counted):
    def bulk():
        Show.objects.filter(slug="running").update(is_published=False)
        derive.announce_bulk_change()

    assert "returning" not in counted(bulk)


def test_refresh_statuses_moves_the_counts(client, settings, catalogue):
    """Statuses written without signals (a bulk writer) are shown as stored until
    `refresh_statuses` re-derives them, which moves the counts."""
    settings.PAGE_CACHE_ENABLED = False
    Show.objects.filter(title__startswith="Early").update(status="cancelled")
    drifted = shown_counts(client)
    assert drifted == fresh_counts() and drifted["cancelled"] == 2
    call_command("refresh_statuses", stdout=io.StringIO())
    caught_up = shown_counts(client)
    assert caught_up == fresh_counts() and "cancelled" not in caught_up


def test_the_calendar_moving_a_status_moves_the_counts(client, settings, catalogue):
    """A premiere passing overnight re-derives its show on the next day's first request,
    which no event announces; the counts kept the day before are not shown."""
    settings.PAGE_CACHE_ENABLED = False
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    season = Season.objects.get(show__title="Early One")
    season.premiere_date = tomorrow
    season.save()
    today = shown_counts(client)
    assert today == fresh_counts()
    noon_after = datetime.datetime.combine(
        tomorrow + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
    )
    with time_machine.travel(noon_after, tick=False):
        later = shown_counts(client)
        assert later == fresh_counts()
    assert later != today
