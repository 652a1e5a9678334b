"""Every change to the facts is kept with who, when and the field differences; undo is possible."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from series.models import Announcement, CastCredit, CrewCredit, CriticScore, Season, Show
from tests.admin_helpers import admin_post, current_version, season_form
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
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


def test_a_deleted_announcement_is_listed_and_can_be_restored(editor_client, editor):
    """Deleting the only announcement makes the season pending; restoring it brings it back."""
    announcement = AnnouncementFactory(decision="cancelled", source_name="Variety")
    season = announcement.season
    delete_url = reverse("admin:series_announcement_delete", args=[announcement.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert Season.objects.get(pk=season.pk).decision == "pending"

    season_page = editor_client.get(reverse("admin:series_season_change", args=[season.pk]))
    assert "Recently deleted announcements" in season_page.content.decode()
    assert "See and restore" in season_page.content.decode()
    other = SeasonFactory()
    other_page = editor_client.get(reverse("admin:series_season_change", args=[other.pk]))
    assert "Recently deleted announcements" not in other_page.content.decode()

    listing = editor_client.get(reverse("admin:series_announcement_changelist"))
    assert "Recently deleted announcements" in listing.content.decode()
    deleted = listing.context["deleted_announcements"][0]
    assert (deleted.source_name, deleted.history_user) == ("Variety", editor)

    restore_url = reverse(
        "admin:series_announcement_simple_history", args=[announcement.pk, deleted.history_id]
    )
    form = editor_client.get(restore_url)
    assert form.status_code == 200
    data = {
        "version": form.context["adminform"].form.initial["version"],
        "season": season.pk,
        "decision": "cancelled",
        "announced_date": announcement.announced_date.isoformat(),
        "announced_precision": "day",
        "source_name": "Variety",
        "source_url": announcement.source_url,
        "summary": announcement.summary,
    }
    assert editor_client.post(restore_url, data).status_code == 302
    restored = Announcement.objects.get()
    assert (restored.pk, restored.source_name) == (announcement.pk, "Variety")
    assert Season.objects.get(pk=season.pk).decision == "cancelled"
    assert not editor_client.get(reverse("admin:series_announcement_changelist")).context[
        "deleted_announcements"
    ]


def test_restoring_a_deleted_announcement_through_the_orm():
    announcement = AnnouncementFactory(decision="renewed")
    season = announcement.season
    announcement.delete()
    assert Season.objects.get(pk=season.pk).decision == "pending"
    Announcement.history.filter(history_type="-").get().instance.save()
    assert Season.objects.get(pk=season.pk).decision == "renewed"


def test_reverting_a_season_keeps_the_decision_true_to_its_announcements(editor_client):
    season = SeasonFactory(title="First")
    admin_post(editor_client, "season", season_form(season, title="Second"), obj=season)
    first = Season.history.filter(id=season.pk).earliest()
    AnnouncementFactory(season=season, decision="cancelled")
    url = reverse("admin:series_season_simple_history", args=[season.pk, first.history_id])
    form = editor_client.get(url).context["adminform"].form
    assert form.initial["version"] == current_version(season)
    data = season_form(season, title="First", version=form.initial["version"])
    assert editor_client.post(url, data).status_code == 302
    season = Season.objects.get(pk=season.pk)
    assert (season.title, season.decision) == ("First", "cancelled")


def test_a_revert_from_a_stale_page_is_refused(editor_client):
    season = SeasonFactory(title="First")
    first = Season.history.filter(id=season.pk).get()
    url = reverse("admin:series_season_simple_history", args=[season.pk, first.history_id])
    opened = editor_client.get(url).context["adminform"].form.initial["version"]
    admin_post(editor_client, "season", season_form(season, title="Meanwhile"), obj=season)
    response = editor_client.post(url, season_form(season, title="First", version=opened))
    assert "was changed by someone else" in response.content.decode()
    assert Season.objects.get(pk=season.pk).title == "Meanwhile"


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
