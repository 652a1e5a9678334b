"""Revert from a record: its versions in plain words, and going back with its rows."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from series import derive
from series.models import Announcement, CastCredit, Season, Show
from tests.admin_helpers import admin_post, season_form
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    EditorFactory,
    GenreFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.queries import counted_get

pytestmark = pytest.mark.django_db


def revert_url(season):
    return reverse("admin:series_season_revert", args=[season.pk])


@pytest.fixture
def edited_season(editor_client):
    """A season saved in four versions an hour apart:
    1. created with the title "First", a renewal from Variety and Kat's credit;
    2. retitled "Second";
    3. the renewal deleted and a cancellation recorded;
    4. Kat's credit renamed Kate.
    """
    start = timezone.now() - datetime.timedelta(hours=5)
    with time_machine.travel(start, tick=True):
        season = SeasonFactory(title="First", number=2, premiere_date=None, finale_date=None)
        renewal = AnnouncementFactory(season=season, decision="renewed", source_name="Variety")
        credit = CastCreditFactory(season=season, character_name="Kat")
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=True):
        admin_post(editor_client, "season", season_form(season, title="Second"), obj=season)
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=True):
        url = reverse("admin:series_announcement_delete", args=[renewal.pk])
        assert editor_client.post(url, {"post": "yes"}).status_code == 302
        record = reverse("admin:series_season_record_decision", args=[season.pk])
        response = editor_client.post(
            record,
            {
                "decision": "cancelled",
                "announced_date": "2020-03-01",
                "source_name": "Deadline",
                "source_url": "",
                "summary": "",
            },
        )
        assert response.status_code == 302, response.content
    with time_machine.travel(start + datetime.timedelta(hours=3), tick=True):
        credit.refresh_from_db()
        credit.character_name = "Kate"
        credit.save()
    assert Season.objects.get(pk=season.pk).decision == "cancelled"
    return season, renewal, credit


def test_the_revert_page_lists_each_save_in_plain_words(editor_client, editor, edited_season):
    season, _, _ = edited_season
    page = editor_client.get(revert_url(season))
    versions = page.context["versions"]
    assert len(versions) == 4
    text = page.content.decode()
    assert "Deleted announcement: Renewed, Variety, 3 February 2020" in text
    assert "Added announcement: Cancelled, Deadline, 1 March 2020" in text
    assert "Changed season: season 2 “Second”: title First → Second" in text
    assert timezone.localtime(versions[1].end).strftime("%d %b %Y, %H:%M").lstrip("0") in text
    assert editor.username in text
    assert "Version" not in text and "Change reason" not in text and "None" not in text
    # Going back to the first save, in words, before anything is written.
    assert "Brings back announcement: Renewed, Variety, 3 February 2020" in versions[3].undoes
    assert "Deletes announcement: Cancelled, Deadline, 1 March 2020" in versions[3].undoes


def test_reverting_three_saves_back_brings_back_deleted_rows_and_removes_added_ones(
    editor_client, edited_season
):
    season, renewal, credit = edited_season
    page = editor_client.get(revert_url(season))
    first = page.context["versions"][3]
    response = editor_client.post(
        revert_url(season), {"to": first.token, "seen": page.context["seen"]}
    )
    assert response.status_code == 302
    season.refresh_from_db()
    assert (season.title, season.decision) == ("First", "renewed")
    announcement = Announcement.objects.get()
    assert (announcement.pk, announcement.source_name) == (renewal.pk, "Variety")
    assert CastCredit.objects.get(pk=credit.pk).character_name == "Kat"
    # The revert is a version of its own, listed first and revertible in turn.
    assert len(editor_client.get(revert_url(season)).context["versions"]) == 5


def test_undo_the_last_change_is_the_second_version(editor_client, edited_season):
    season, _, credit = edited_season
    page = editor_client.get(revert_url(season))
    assert "Undo the last change" in page.content.decode()
    previous = page.context["versions"][1]
    editor_client.post(revert_url(season), {"to": previous.token, "seen": page.context["seen"]})
    assert CastCredit.objects.get(pk=credit.pk).character_name == "Kat"
    assert Season.objects.get(pk=season.pk).title == "Second"
    assert Announcement.objects.get().source_name == "Deadline"


def test_a_revert_from_a_page_opened_before_another_change_is_refused(
    editor_client, edited_season
):
    season, _, _ = edited_season
    page = editor_client.get(revert_url(season))
    first = page.context["versions"][3]
    AnnouncementFactory(season=season, decision="renewed", source_name="TVLine")
    response = editor_client.post(
        revert_url(season), {"to": first.token, "seen": page.context["seen"]}, follow=True
    )
    (message,) = [str(m) for m in response.context["messages"]]
    assert "changed since the page was opened, so nothing was reverted" in message
    assert Season.objects.get(pk=season.pk).title == "Second"
    assert Announcement.objects.count() == 2


def test_the_change_form_links_to_revert(editor_client, edited_season):
    season, _, _ = edited_season
    form = editor_client.get(reverse("admin:series_season_change", args=[season.pk]))
    assert f'href="{revert_url(season)}"' in form.content.decode()


def test_reverting_needs_permission_to_change_the_rows(client, edited_season):
    """A staff member who may change seasons but not delete announcements cannot revert
    a season (it may delete announcements); the form offers no link."""
    season, _, _ = edited_season
    user = EditorFactory()
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="series").exclude(
            codename="delete_announcement"
        )
    )
    client.force_login(user)
    assert client.get(revert_url(season)).status_code == 403
    assert client.post(revert_url(season), {"to": "x", "seen": "y"}).status_code == 403
    form = client.get(reverse("admin:series_season_change", args=[season.pk]))
    assert revert_url(season) not in form.content.decode()
    assert Season.objects.get(pk=season.pk).title == "Second"


def test_the_revert_page_costs_the_same_queries_however_many_rows_and_saves(
    editor_client, edited_season
):
    season, _, _ = edited_season
    url = revert_url(season)
    few, _ = counted_get(editor_client, url)
    start = timezone.now()
    for hour in range(1, 6):
        with time_machine.travel(start + datetime.timedelta(hours=hour), tick=True):
            AnnouncementFactory(season=season, source_name=f"Source {hour}")
            CastCreditFactory(season=season)
    many, page = counted_get(editor_client, url)
    assert len(page.context["versions"]) == 9
    assert many == few


def test_a_revert_is_one_change_event_listing_every_row_it_wrote(
    editor_client, edited_season, django_capture_on_commit_callbacks
):
    """The season, the announcement brought back, the one removed and the credit are one
    batch: derived once and announced once, as one save is."""
    season, renewal, credit = edited_season
    cancellation = Announcement.objects.get()
    sent = []
    derive.facts_changed.connect(
        lambda sender, changes, **kwargs: sent.append(changes),
        dispatch_uid="test_revert",
        weak=False,
    )
    try:
        page = editor_client.get(revert_url(season))
        first = page.context["versions"][3]
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(
                revert_url(season), {"to": first.token, "seen": page.context["seen"]}
            )
    finally:
        derive.facts_changed.disconnect(dispatch_uid="test_revert")
    (changes,) = sent
    saved = {(type(change.record), change.record.pk) for change in changes if not change.deleted}
    assert {(Season, season.pk), (Announcement, renewal.pk), (CastCredit, credit.pk)} <= saved
    deleted = [change.record for change in changes if change.deleted]
    assert [(type(record), record.source_name) for record in deleted] == [
        (Announcement, cancellation.source_name)
    ]


def test_reverting_a_show_brings_back_a_deleted_season_with_its_announcements(editor_client):
    start = timezone.now() - datetime.timedelta(hours=2)
    with time_machine.travel(start, tick=True):
        season = SeasonFactory(number=1)
        renewal = AnnouncementFactory(season=season, decision="renewed")
    show = season.show
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=True):
        url = reverse("admin:series_season_delete", args=[season.pk])
        assert editor_client.post(url, {"post": "yes"}).status_code == 302
    url = reverse("admin:series_show_revert", args=[show.pk])
    page = editor_client.get(url)
    assert "Deleted season: season 1" in page.content.decode()
    previous = page.context["versions"][1]
    editor_client.post(url, {"to": previous.token, "seen": page.context["seen"]})
    assert Season.objects.get(pk=season.pk).decision == "renewed"
    assert Announcement.objects.get().pk == renewal.pk
    show.refresh_from_db()
    assert show.season_count == 1


def test_a_season_loaded_from_a_fixture_reverts_its_rows(editor_client):
    """A fixture writes no history: the page lists the rows' versions, and says so when
    there are none."""
    start = timezone.now() - datetime.timedelta(hours=2)
    with time_machine.travel(start, tick=True):
        season = SeasonFactory()
        Season.history.filter(id=season.pk).delete()  # as `loaddata` leaves it
        assert "No history is kept" in editor_client.get(revert_url(season)).content.decode()
        renewal = AnnouncementFactory(season=season, source_name="Variety")
    renewal_pk = renewal.pk
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=True):
        renewal.delete()
    page = editor_client.get(revert_url(season))
    previous = page.context["versions"][1]
    editor_client.post(revert_url(season), {"to": previous.token, "seen": page.context["seen"]})
    assert Announcement.objects.get().pk == renewal_pk


def test_an_announcement_reverts_on_its_own(editor_client):
    start = timezone.now() - datetime.timedelta(hours=2)
    with time_machine.travel(start, tick=True):
        announcement = AnnouncementFactory(source_name="Variety", decision="renewed")
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=True):
        announcement.refresh_from_db()
        announcement.decision = "cancelled"
        announcement.save()
    url = reverse("admin:series_announcement_revert", args=[announcement.pk])
    page = editor_client.get(url)
    assert "decision Renewed → Cancelled" in page.content.decode()
    previous = page.context["versions"][1]
    editor_client.post(url, {"to": previous.token, "seen": page.context["seen"]})
    assert Announcement.objects.get().decision == "renewed"
    assert Season.objects.get().decision == "renewed"


def test_reverting_a_show_puts_back_its_genres_at_that_version(editor_client):
    """A show's genres are kept beside its history rows: a change of genres alone is a
    version, said in words, and reverting to an earlier one sets the genres back."""
    drama, western, comedy = (GenreFactory(name=name) for name in ["Drama", "Western", "Comedy"])
    start = timezone.now() - datetime.timedelta(hours=2)
    with time_machine.travel(start, tick=True):
        show = ShowFactory()
        show.genres.set([drama, western])
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=True):
        show.genres.set([comedy])
    url = reverse("admin:series_show_revert", args=[show.pk])
    page = editor_client.get(url)
    text = page.content.decode()
    assert "genres Drama, Western → Comedy" in text
    previous = page.context["versions"][1]
    assert f"Sets show: {show.title}: genres back to Drama, Western" in previous.undoes
    editor_client.post(url, {"to": previous.token, "seen": page.context["seen"]})
    assert set(Show.objects.get(pk=show.pk).genres.all()) == {drama, western}
    latest = Show.history.filter(id=show.pk).latest()
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert {link.genre_id for link in latest.genres.all()} == {drama.pk, western.pk}


def test_a_shows_revert_page_reads_its_genres_in_the_same_queries_however_many_saves(
    editor_client,
):
    drama, comedy = GenreFactory(name="Drama"), GenreFactory(name="Comedy")
    start = timezone.now() - datetime.timedelta(hours=6)
    with time_machine.travel(start, tick=True):
        show = ShowFactory()
        show.genres.set([drama])
    url = reverse("admin:series_show_revert", args=[show.pk])
    few, _ = counted_get(editor_client, url)
    for hour in range(1, 5):
        with time_machine.travel(start + datetime.timedelta(hours=hour), tick=True):
            show.genres.set([comedy] if hour % 2 else [drama])
    many, page = counted_get(editor_client, url)
    assert len(page.context["versions"]) == 5
    assert many == few
