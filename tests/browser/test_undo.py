"""Undo in Debian's Chromium, clicks counted: revert from a record, restore from the bin."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from series.models import Announcement, Season
from tests.browser.conftest import WIDTHS
from tests.browser.test_workbench import Clicks
from tests.factories import AnnouncementFactory, SeasonFactory

pytestmark = pytest.mark.browser


def test_reverting_a_season_takes_two_clicks_from_its_change_form(
    live_server, editor_page, screenshot_dir
):
    """Revert… then the version's button: the season and its announcements go back."""
    page = editor_page
    start = timezone.now() - datetime.timedelta(hours=2)
    with time_machine.travel(start, tick=True):
        season = SeasonFactory(title="First", number=2)
        renewal = AnnouncementFactory(season=season, decision="renewed", source_name="Variety")
    renewal_pk = renewal.pk
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=True):
        renewal.delete()
        season.refresh_from_db()
        season.title = "Second"
        season.save()
        AnnouncementFactory(season=season, decision="cancelled", source_name="Deadline")
    page.goto(live_server.url + reverse("admin:series_season_change", args=[season.pk]))
    clicks = Clicks(page)

    clicks.click(page.get_by_role("link", name="Revert…"))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshot_dir / f"admin-revert-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    clicks.click(page.get_by_role("button", name="Undo the last change"))

    page.wait_for_selector(".messagelist .success")
    assert clicks.count <= 2, f"{clicks.count} clicks"
    season.refresh_from_db()
    assert (season.title, season.decision) == ("First", Season.Decision.RENEWED)
    assert list(Announcement.objects.values_list("pk", "source_name")) == [(renewal_pk, "Variety")]
    assert page.problems == []


def test_restoring_a_deleted_season_takes_two_clicks_from_the_admin_index(
    live_server, editor_page, screenshot_dir
):
    page = editor_page
    season = SeasonFactory(show__title="Spinning Out", number=2)
    AnnouncementFactory(season=season, decision="cancelled", source_name="Variety")
    pk = season.pk
    season.delete()
    page.goto(live_server.url + reverse("admin:index"))
    clicks = Clicks(page)

    clicks.click(page.locator("#deleted-records-module caption a"))
    row = page.locator("tr", has_text="Season: season 2")
    assert "1 announcement" in row.inner_text()
    page.screenshot(path=screenshot_dir / "admin-deleted-records-1280.png", full_page=True)
    clicks.click(row.get_by_role("button", name="Restore"))

    page.wait_for_selector(".messagelist .success")
    assert clicks.count <= 2, f"{clicks.count} clicks"
    assert Season.objects.get(pk=pk).decision == Season.Decision.CANCELLED
    assert Announcement.objects.get().source_name == "Variety"
    assert page.problems == []


def test_restoring_a_deleted_announcement_from_its_seasons_form_takes_one_click(
    live_server, editor_page
):
    """The Restore below a season's form is a form of its own, not the season's: it
    restores the announcement and comes back to the season, which shows it again."""
    page = editor_page
    announcement = AnnouncementFactory(decision="renewed", source_name="Variety")
    season, pk = announcement.season, announcement.pk
    announcement.delete()
    url = live_server.url + reverse("admin:series_season_change", args=[season.pk])
    page.goto(url)
    clicks = Clicks(page)

    box = page.locator(".deleted-announcements")
    clicks.click(box.get_by_role("button", name="Restore"))

    page.wait_for_selector(".messagelist .success")
    assert clicks.count == 1
    assert page.url == url
    assert page.locator(".deleted-announcements").count() == 0
    assert page.locator('input[name="announcements-0-source_name"]').input_value() == "Variety"
    assert Announcement.objects.get().pk == pk
    assert Season.objects.get(pk=season.pk).decision == Season.Decision.RENEWED
    assert page.problems == []
