"""The announcements sync reports deletions and unpublished shows, so a mirror never keeps
a retracted decision or a show taken off the site."""

import datetime

import pytest
from django.utils import timezone

from series.models import Announcement, Season, Show
from tests.admin_helpers import admin_post, show_form
from tests.api.test_api import get_json, url
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db


def since(moment):
    return moment.isoformat()


def sync(client, moment, **params):
    return get_json(client, url("announcement-list"), since=since(moment), **params)


def test_a_deleted_announcement_is_listed_with_its_season_as_it_is_now(client):
    season = SeasonFactory(number=2)
    AnnouncementFactory(
        season=season, decision="renewed", announced_date=datetime.date(2020, 1, 1)
    )
    cancellation = AnnouncementFactory(
        season=season, decision="cancelled", announced_date=datetime.date(2020, 2, 1)
    )
    retracted = cancellation.pk
    before = timezone.now()
    cancellation.delete()  # retracted: the season is renewed again

    body = sync(client, before)
    assert [a["id"] for a in body["results"]] == []
    [tombstone] = body["deleted"]
    assert tombstone["id"] == retracted
    assert tombstone["season"]["number"] == 2
    assert tombstone["season"]["decision"] == "renewed"
    deleted_at = datetime.datetime.fromisoformat(tombstone["deleted_at"])
    assert before - datetime.timedelta(milliseconds=1) < deleted_at <= timezone.now()  # JSON: ms


def test_only_deletions_since_the_timestamp_are_listed(client):
    old, recent = AnnouncementFactory.create_batch(2)
    recent_id = recent.pk
    old.delete()
    between = timezone.now()
    recent.delete()
    assert [t["id"] for t in sync(client, between)["deleted"]] == [recent_id]
    assert len(sync(client, between - datetime.timedelta(minutes=1))["deleted"]) == 2
    assert get_json(client, url("announcement-list"))["deleted"] == []  # a full sync
    assert sync(client, timezone.now() + datetime.timedelta(minutes=1))["deleted"] == []


def test_a_restored_announcement_is_back_in_results_not_in_deleted(client):
    announcement = AnnouncementFactory()
    before = timezone.now()
    pk = announcement.pk
    announcement.delete()
    record = Announcement.history.filter(id=pk, history_type="-").get()
    record.instance.save()  # the admin's "revert" from history does this
    body = sync(client, before)
    assert body["deleted"] == []
    assert [a["id"] for a in body["results"]] == [pk]


def test_a_cascade_from_a_deleted_season_leaves_tombstones_without_a_season(client):
    season = SeasonFactory()
    announcement = AnnouncementFactory(season=season)
    before = timezone.now()
    Season.objects.filter(pk=season.pk).delete()
    [tombstone] = sync(client, before)["deleted"]
    assert (tombstone["id"], tombstone["season"]) == (announcement.pk, None)


def test_drafts_leave_no_tombstones(client):
    draft = AnnouncementFactory(season=SeasonFactory(show=ShowFactory(is_published=False)))
    before = timezone.now()
    draft.delete()
    assert sync(client, before)["deleted"] == []


def test_tombstones_come_on_the_first_page_only(client):
    AnnouncementFactory.create_batch(3)
    gone = AnnouncementFactory()
    gone_id = gone.pk
    before = timezone.now() - datetime.timedelta(minutes=1)
    gone.delete()
    first = sync(client, before, page_size=2)
    second = sync(client, before, page_size=2, page=2)
    assert [t["id"] for t in first["deleted"]] == [gone_id]
    assert second["deleted"] == []


# --- Unpublished shows ---------------------------------------------------------------


def unpublish(editor_client, show):
    """As an editor does: the show's change form with "published" unticked."""
    data = {key: value for key, value in show_form(show).items() if key != "is_published"}
    response = admin_post(editor_client, "show", data, obj=show)
    assert response.status_code == 302, response.content
    show.refresh_from_db()
    assert not show.is_published


def test_unpublishing_a_show_lists_its_announcements_as_gone(client, editor_client):
    show = ShowFactory(title="Taken Down")
    announcements = [
        AnnouncementFactory(season=SeasonFactory(show=show, number=number)) for number in (1, 2)
    ]
    other = AnnouncementFactory()
    before = timezone.now()
    unpublish(editor_client, show)

    body = sync(client, before)
    assert body["results"] == []
    assert sorted((t["id"], t["reason"]) for t in body["deleted"]) == [
        (announcement.pk, "unpublished") for announcement in announcements
    ]
    assert [t["season"] for t in body["deleted"]] == [None, None]  # a draft's are not public
    assert "Taken Down" not in str(body)
    assert other.pk not in [t["id"] for t in body["deleted"]]
    # A sync from after the change has nothing more to drop.
    assert sync(client, timezone.now() + datetime.timedelta(minutes=1))["deleted"] == []


def test_a_show_published_again_leaves_no_tombstones(client, editor_client):
    show = ShowFactory()
    AnnouncementFactory(season=SeasonFactory(show=show))
    before = timezone.now()
    unpublish(editor_client, show)
    show.is_published = True
    show.save()
    assert sync(client, before)["deleted"] == []


def test_a_show_published_again_brings_its_announcements_back_to_the_sync(client, editor_client):
    """A client told the announcements were gone gets them again from its next cursor."""
    show = ShowFactory()
    announcement = AnnouncementFactory(season=SeasonFactory(show=show))
    unpublish(editor_client, show)
    cursor = timezone.now()
    show.is_published = True
    show.save()
    assert [result["id"] for result in sync(client, cursor)["results"]] == [announcement.pk]


def test_editing_a_show_never_published_leaves_no_tombstones(client):
    draft = ShowFactory(is_published=False)
    AnnouncementFactory(season=SeasonFactory(show=draft))
    before = timezone.now()
    draft.title = "Still a draft"
    draft.save()
    assert sync(client, before)["deleted"] == []


def test_deleting_a_show_lists_its_announcements_as_deleted(client):
    show = ShowFactory()
    announcement = AnnouncementFactory(season=SeasonFactory(show=show))
    before = timezone.now()
    Show.objects.filter(pk=show.pk).delete()
    assert [(t["id"], t["reason"], t["season"]) for t in sync(client, before)["deleted"]] == [
        (announcement.pk, "deleted", None)
    ]
