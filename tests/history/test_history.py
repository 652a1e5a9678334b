"""Every change to the facts is kept with who, when and the field differences; undo is possible."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from history.recent_changes import editor_name
from series.models import Announcement, CastCredit, CrewCredit, CriticScore, Season, Show
from tests.admin_helpers import admin_post, season_form
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    EditorFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        ShowFactory,
        SeasonFactory,
        AnnouncementFactory,
        CastCreditFactory,
        CrewCreditFactory,
        CriticScoreFactory,
    ],
)
def test_every_kind_of_fact_keeps_its_history(factory):
    obj = factory()
    pk = obj.pk
    obj.refresh_from_db()
    obj.save()
    obj.delete()
    kinds = list(type(obj).history.filter(id=pk).values_list("history_type", flat=True))
    assert kinds == ["-", "~", "+"]


def test_admin_edit_records_who_when_and_which_fields(editor_client, editor):
    season = SeasonFactory(title="Old title", episode_count=10)
    response = admin_post(
        editor_client, "season", season_form(season, title="New title"), obj=season
    )
    assert response.status_code == 302
    latest, previous = Season.history.filter(id=season.pk)[:2]
    assert latest.history_user == editor
    assert latest.history_date.date() == datetime.date.today()
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes["title"] == ("Old title", "New title")
    assert "episode_count" not in changes


def test_admin_history_page_shows_the_editor_and_the_differences(editor_client, editor):
    season = SeasonFactory(title="Old title")
    admin_post(editor_client, "season", season_form(season, title="New title"), obj=season)
    page = editor_client.get(reverse("admin:series_season_history", args=[season.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert editor.username in text
    assert "Old title" in text
    assert "New title" in text


def test_a_deleted_announcement_is_listed_and_restored_from_its_season(editor_client, editor):
    """Deleting the only announcement makes the season pending; its Restore button below the
    season's form brings it back (the recycle bin's restore) and returns to the season."""
    announcement = AnnouncementFactory(decision="cancelled", source_name="Variety")
    season = announcement.season
    delete_url = reverse("admin:series_announcement_delete", args=[announcement.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert Season.objects.get(pk=season.pk).decision == "pending"

    season_url = reverse("admin:series_season_change", args=[season.pk])
    season_page = editor_client.get(season_url).content.decode()
    assert "Recently deleted announcements" in season_page
    restore_url = reverse("admin:restore-record", args=["announcement", announcement.pk])
    assert f'action="{restore_url}"' in season_page
    assert "simple_history" not in season_page and "See and restore" not in season_page
    other = SeasonFactory()
    other_page = editor_client.get(reverse("admin:series_season_change", args=[other.pk]))
    assert "Recently deleted announcements" not in other_page.content.decode()

    listing = editor_client.get(reverse("admin:series_announcement_changelist"))
    assert f'action="{restore_url}"' in listing.content.decode()
    [deleted] = listing.context["deleted_announcements"]
    assert deleted["words"].startswith("Cancelled, Variety, ")
    assert deleted["who"] == editor_name(editor)

    response = editor_client.post(restore_url, {"next": season_url})
    assert response.status_code == 302 and response.url == season_url
    restored = Announcement.objects.get()
    assert (restored.pk, restored.source_name) == (announcement.pk, "Variety")
    assert Season.objects.get(pk=season.pk).decision == "cancelled"
    assert not editor_client.get(reverse("admin:series_announcement_changelist")).context[
        "deleted_announcements"
    ]


def test_the_deleted_announcements_box_needs_the_restore_permission(client):
    """A staff member who may not add announcements is offered no Restore."""
    announcement = AnnouncementFactory()
    season = announcement.season
    announcement.delete()
    user = EditorFactory()
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="series").exclude(
            codename="add_announcement"
        )
    )
    client.force_login(user)
    page = client.get(reverse("admin:series_season_change", args=[season.pk]))
    assert "Recently deleted announcements" not in page.content.decode()


def test_restoring_a_deleted_announcement_through_the_orm():
    announcement = AnnouncementFactory(decision="renewed")
    season = announcement.season
    announcement.delete()
    assert Season.objects.get(pk=season.pk).decision == "pending"
    Announcement.history.filter(history_type="-").get().instance.save()
    assert Season.objects.get(pk=season.pk).decision == "renewed"


def test_a_version_on_the_history_page_leads_to_the_revert_page(editor_client):
    """simple-history's own revert (one row, without its announcements) is not offered:
    a version's link, and a post to it, go to the record's Revert… page."""
    season = SeasonFactory(title="First")
    admin_post(editor_client, "season", season_form(season, title="Second"), obj=season)
    first = Season.history.filter(id=season.pk).earliest()
    url = reverse("admin:series_season_simple_history", args=[season.pk, first.history_id])
    revert = reverse("admin:series_season_revert", args=[season.pk])
    history = editor_client.get(reverse("admin:series_season_history", args=[season.pk]))
    assert url in history.content.decode()
    response = editor_client.get(url)
    assert (response.status_code, response.url) == (302, revert)
    response = editor_client.post(url, season_form(season, title="First"))
    assert (response.status_code, response.url) == (302, revert)
    assert Season.objects.get(pk=season.pk).title == "Second"


def test_a_version_of_a_deleted_record_leads_to_the_deleted_records(editor_client):
    announcement = AnnouncementFactory()
    announcement.delete()
    gone = Announcement.history.filter(history_type="-").get()
    url = reverse(
        "admin:series_announcement_simple_history", args=[announcement.pk, gone.history_id]
    )
    response = editor_client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("admin:deleted-records") + "?kind=announcement"


def test_without_revert_a_version_is_shown_read_only(client):
    """A staff member who may change seasons but not delete announcements cannot revert;
    the version shows without a Revert button, and a post to it changes nothing."""
    season = SeasonFactory(title="First")
    first = Season.history.filter(id=season.pk).get()
    user = EditorFactory()
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["series", "history"]).exclude(
            codename="delete_announcement"
        )
    )
    client.force_login(user)
    url = reverse("admin:series_season_simple_history", args=[season.pk, first.history_id])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True
    assert 'value="Revert' not in page.content.decode()
    assert client.post(url, season_form(season, title="Other")).status_code == 403
    assert Season.objects.get(pk=season.pk).title == "First"


def test_show_history_keeps_genre_changes():
    show = ShowFactory()
    genre = show.genres.create(name="Drama", slug="drama")
    latest = Show.history.filter(id=show.pk).latest()
    assert [g.genre_id for g in latest.genres.all()] == [genre.pk]


def test_editors_may_view_and_revert_history_but_not_forge_it():
    permissions = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="history")
        .values_list("codename", flat=True)
    )
    assert {"view_historicalannouncement", "change_historicalannouncement"} <= permissions
    assert not any(p.startswith(("add_", "delete_")) for p in permissions)


def test_loading_fixtures_writes_no_history(seed):
    for model in [Show, Season, Announcement, CastCredit, CrewCredit, CriticScore]:
        assert not model.history.exists()


def test_inline_rows_record_the_editor_through_the_request(editor_client, editor):
    """Inline saves never pass through save_model; HistoryRequestMiddleware names the editor."""
    season = SeasonFactory()
    row = {
        "decision": "renewed",
        "announced_date": "2020-02-03",
        "announced_precision": "day",
        "source_name": "Deadline",
        "source_url": "",
        "summary": "",
    }
    response = admin_post(
        editor_client, "season", season_form(season), obj=season, inlines={"announcements": [row]}
    )
    assert response.status_code == 302
    assert Announcement.history.get().history_user == editor
