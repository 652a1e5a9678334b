"""Deleted records: listed in plain words, restored with what was deleted with them."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from series.models import Announcement, CastCredit, CriticScore, Season, Show
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    EditorFactory,
    GenreFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.queries import counted_get

pytestmark = pytest.mark.django_db

BIN = "admin:deleted-records"


def delete(client, model_name, pk):
    url = reverse(f"admin:series_{model_name}_delete", args=[pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def restore(client, model_name, pk):
    return client.post(reverse("admin:restore-record", args=[model_name, pk]), follow=True)


def shown_messages(response):
    """The messages the page shows, after those of the deletions before it."""
    shown = [str(message) for message in response.context["messages"]]
    return [message for message in shown if "deleted successfully" not in message]


def test_a_deleted_announcement_is_listed_in_words_and_restored(editor_client, editor):
    """The bin says what was deleted, when to the minute and by whom; Restore brings the
    announcement back with its primary key, and the season's decision follows it."""
    editor.first_name, editor.last_name = "Ada", "Editor"
    editor.save()
    announcement = AnnouncementFactory(
        season__number=2, decision="cancelled", source_name="Variety"
    )
    season = announcement.season
    delete(editor_client, "announcement", announcement.pk)
    assert Season.objects.get(pk=season.pk).decision == "pending"

    page = editor_client.get(reverse(BIN)).content.decode()
    deleted_at = Announcement.history.get(history_type="-").history_date
    assert "Announcement: Cancelled, Variety, 3 February 2020" in page
    assert timezone.localtime(deleted_at).strftime("%H:%M") in page
    assert "Ada Editor" in page and str(season) in page

    response = restore(editor_client, "announcement", announcement.pk)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:series_announcement_change", args=[announcement.pk]
    )
    assert "Restored Announcement “Cancelled, Variety, 3 February 2020”." in shown_messages(
        response
    )
    restored = Announcement.objects.get()
    assert (restored.pk, restored.source_name, restored.announced_date) == (
        announcement.pk,
        "Variety",
        datetime.date(2020, 2, 3),
    )
    assert Season.objects.get(pk=season.pk).decision == "cancelled"
    assert Announcement.history.filter(id=announcement.pk).latest().history_user == editor
    assert "Variety" not in editor_client.get(reverse(BIN)).content.decode()


def test_a_deleted_season_comes_back_with_the_rows_deleted_with_it(editor_client):
    season = SeasonFactory(number=3)
    show = season.show
    announcement = AnnouncementFactory(season=season, decision="renewed")
    credit = CastCreditFactory(season=season, character_name="Kat")
    score = CriticScoreFactory(season=season, score=91)
    delete(editor_client, "season", season.pk)
    assert not Announcement.objects.exists() and Show.objects.get().season_count == 0

    listing = editor_client.get(reverse(BIN))
    entries = listing.context["entries"]
    assert [entry["kind"] for entry in entries] == ["season"]  # its rows come back with it
    assert entries[0]["with_it"] == "1 announcement, 1 cast credit, 1 critic score"

    response = restore(editor_client, "season", season.pk)
    assert any(m.startswith("Restored Season") for m in shown_messages(response))
    assert Season.objects.get(pk=season.pk).decision == "renewed"
    assert Announcement.objects.get().pk == announcement.pk
    assert CastCredit.objects.get().character_name == credit.character_name
    assert CriticScore.objects.get().pk == score.pk
    assert Show.objects.get(pk=show.pk).season_count == 1
    assert editor_client.get(reverse(BIN)).context["entries"] == []


def test_a_row_whose_season_is_gone_asks_for_the_season_first(editor_client):
    """An announcement deleted on its own before its season is not part of the season's
    deletion: restoring it first is refused, and the season comes back without it."""
    announcement = AnnouncementFactory(source_name="Deadline")
    season = announcement.season
    now = timezone.now()
    with time_machine.travel(now, tick=True):
        delete(editor_client, "announcement", announcement.pk)
    with time_machine.travel(now + datetime.timedelta(minutes=5), tick=True):
        delete(editor_client, "season", season.pk)

    entries = editor_client.get(reverse(BIN)).context["entries"]
    assert [(entry["kind"], entry["with_it"]) for entry in entries] == [
        ("season", ""),
        ("announcement", ""),
    ]
    assert entries[1]["blocked"] == "Its season was deleted too: restore the season first."
    response = restore(editor_client, "announcement", announcement.pk)
    (message,) = shown_messages(response)
    assert "restore the season first" in message
    assert not Announcement.objects.exists()

    restore(editor_client, "season", season.pk)
    assert Season.objects.filter(pk=season.pk).exists()
    assert not Announcement.objects.exists()
    restore(editor_client, "announcement", announcement.pk)
    assert Announcement.objects.get().source_name == "Deadline"


def test_a_show_whose_slug_is_taken_since_is_refused(editor_client):
    show = ShowFactory(slug="spinning-out", title="Spinning Out")
    delete(editor_client, "show", show.pk)
    ShowFactory(slug="spinning-out", title="Another")

    response = restore(editor_client, "show", show.pk)
    (message,) = shown_messages(response)
    assert "Show “Spinning Out” was not restored." in message
    assert "Its slug “spinning-out” is now taken by the show “Another”" in message
    assert list(Show.objects.values_list("title", flat=True)) == ["Another"]


def test_a_deleted_show_comes_back_with_its_seasons_their_rows_and_genres(editor_client):
    season = SeasonFactory(number=1)
    AnnouncementFactory(season=season, decision="renewed")
    show = season.show
    drama = GenreFactory(name="Drama")
    show.genres.add(drama)
    CrewCreditFactory(show=show)
    delete(editor_client, "show", show.pk)

    (entry,) = editor_client.get(reverse(BIN)).context["entries"]
    assert entry["with_it"] == "1 season, 1 announcement, 1 crew credit"
    restore(editor_client, "show", show.pk)
    show = Show.objects.get(pk=show.pk)
    assert (show.season_count, list(show.genres.all())) == (1, [drama])
    assert Season.objects.get(pk=season.pk).decision == "renewed"
    assert show.crew_credits.count() == 1


def test_restoring_needs_the_add_permission(client):
    """A staff member who may only read the series data sees no bin and cannot restore."""
    reader = EditorFactory()
    reader.groups.clear()
    reader.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(reader)
    announcement = AnnouncementFactory()
    pk = announcement.pk
    announcement.delete()

    assert client.get(reverse(BIN)).status_code == 403
    assert restore(client, "announcement", pk).status_code == 403
    assert not Announcement.objects.exists()
    assert "Deleted records" not in client.get(reverse("admin:index")).content.decode()


def test_the_bin_is_linked_from_the_index_and_each_list(editor_client):
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse(BIN) in index
    for name in ["show", "season", "announcement", "castcredit", "crewcredit", "criticscore"]:
        listing = editor_client.get(reverse(f"admin:series_{name}_changelist"))
        assert f"{reverse(BIN)}?kind={name}" in listing.content.decode(), name
    network_list = editor_client.get(reverse("admin:series_network_changelist"))
    assert reverse(BIN) not in network_list.content.decode()


def test_the_history_page_says_what_was_deleted(editor_client):
    announcement = AnnouncementFactory(decision="renewed", source_name="Variety", season__number=2)
    delete(editor_client, "announcement", announcement.pk)
    url = reverse("admin:series_announcement_history", args=[announcement.pk])
    page = editor_client.get(url).content.decode()
    assert "Deleted announcement: Renewed, Variety, 3 February 2020" in page


def test_the_bin_costs_the_same_queries_however_many_records_it_lists(editor_client):
    def delete_some(count):
        for _ in range(count):
            season = SeasonFactory()
            AnnouncementFactory(season=season)
            CastCreditFactory(season=season)
            AnnouncementFactory().delete()
            CastCreditFactory().delete()
            season.delete()
            lone = AnnouncementFactory()  # deleted before its season: listed, blocked
            lone.delete()
            later = timezone.now() + datetime.timedelta(minutes=1)
            with time_machine.travel(later, tick=True):
                lone.season.delete()

    delete_some(1)
    editor_client.get(reverse(BIN))
    few, _ = counted_get(editor_client, reverse(BIN))
    delete_some(6)
    many, page = counted_get(editor_client, reverse(BIN))
    assert many == few
    entries = page.context["entries"]
    assert len(entries) == 35
    assert sum(1 for entry in entries if entry["blocked"]) == 7
