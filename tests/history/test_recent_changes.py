"""Recent changes: every editor's latest saves across the series models, with their diffs."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from history.models import ImportJob
from series.fuzzy import FuzzyDate, Precision
from tests.admin.test_imports import confirm, to_csv, upload
from tests.admin_helpers import admin_post, season_form, show_form
from tests.factories import (
    AnnouncementFactory,
    EditorFactory,
    GenreFactory,
    NetworkFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


def test_lists_who_changed_what_across_models_newest_first(editor_client, editor):
    show = ShowFactory(title="Old title")
    admin_post(editor_client, "show", {**show_form(show), "title": "New title"}, obj=show)
    AnnouncementFactory(season=SeasonFactory(show=show, number=2), source_name="Variety")
    response = editor_client.get(reverse("admin:recent-changes"))
    entries = response.context["entries"]
    assert [(e.action, e.kind) for e in entries[:3]] == [
        ("Added", "announcement"),
        ("Added", "season"),
        ("Changed", "show"),
    ]
    assert entries[0].label == "New title season 2: Renewed (Variety)"
    assert entries[2].who == editor.username


def test_the_diff_shows_the_fields_that_changed(editor_client):
    show = ShowFactory(title="Old title")
    data = {**show_form(show), "title": "New title", "synopsis": show.synopsis}
    admin_post(editor_client, "show", data, obj=show)
    record = show.history.latest()
    response = editor_client.get(reverse("admin:recent-change", args=["show", record.history_id]))
    assert response.context["changes"] == [("title", "Old title", "New title")]
    listing = editor_client.get(reverse("admin:recent-changes")).content.decode()
    assert reverse("admin:recent-change", args=["show", record.history_id]) in listing


def test_filters_by_editor_and_by_model(client, editor_client, editor):
    other = EditorFactory()
    show = ShowFactory()
    admin_post(editor_client, "show", {**show_form(show), "title": "Mine"}, obj=show)
    client.force_login(other)
    admin_post(client, "show", {**show_form(show), "title": "Theirs"}, obj=show)
    SeasonFactory(show=show)
    client.force_login(editor)
    url = reverse("admin:recent-changes")
    mine = client.get(url, {"editor": editor.pk}).context["entries"]
    assert [e.label for e in mine] == ["Mine"]
    shows = client.get(url, {"model": "show"}).context["entries"]
    assert {e.kind for e in shows} == {"show"}
    assert len(shows) == 3


def test_queries_do_not_grow_with_the_changes(editor_client):
    url = reverse("admin:recent-changes")
    AnnouncementFactory()
    editor_client.get(url)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    AnnouncementFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        editor_client.get(url)
    assert len(many) == len(few)


def test_older_changes_page_on(editor_client):
    AnnouncementFactory.create_batch(20)  # 20 announcements, seasons, shows, networks: 80
    first = editor_client.get(reverse("admin:recent-changes"))
    assert len(first.context["entries"]) == 50
    second = editor_client.get(reverse("admin:recent-changes"), {"before": first.context["older"]})
    assert len(second.context["entries"]) == 30


def test_staff_without_history_rights_cannot_see_it(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:recent-changes")).status_code == 403


def import_shows(client, count, name="shows.csv"):
    """Import `count` new shows with a genre each, as an editor does: upload, confirm."""
    NetworkFactory(slug="net")
    GenreFactory(slug="drama")
    rows = [
        {"slug": f"s{n}", "title": f"Show {n}", "network": "net", "genres": "drama"}
        for n in range(count)
    ]
    response = confirm(client, "show", upload(client, "show", to_csv(rows), name=name))
    assert response.status_code == 302


def test_an_import_of_50_shows_is_one_entry_linking_to_its_summary(editor_client, editor):
    """Each imported show is saved twice (its genres after it); the list shows neither
    the 100 rows nor the second saves, but one entry for the whole import."""
    import_shows(editor_client, 50)
    page = editor_client.get(reverse("admin:recent-changes"), {"model": "show"})
    entries = page.context["entries"]
    assert [(e.action, e.label, e.who) for e in entries] == [
        ("Imported", "50 shows", editor.username)
    ]
    job = ImportJob.objects.get()
    assert (job.state, job.rows_total, job.user) == (ImportJob.State.IMPORTED, 50, editor)
    summary = reverse("admin:series_show_import_job", args=[job.pk])
    assert entries[0].diff_url == summary
    text = page.content.decode()
    assert "50 shows" in text and summary in text and "Imported from shows.csv" in text
    assert "Imported: 50 new" in editor_client.get(summary).content.decode()


def test_two_imports_of_one_file_are_two_entries(editor_client):
    import_shows(editor_client, 3)
    rows = [{"slug": "s0", "title": "Show 0 renamed", "network": "net", "genres": "drama"}]
    confirm(editor_client, "show", upload(editor_client, "show", to_csv(rows), name="shows.csv"))
    url = reverse("admin:recent-changes")
    entries = editor_client.get(url, {"model": "show"}).context["entries"]
    assert [e.label for e in entries] == ["1 show", "3 shows"]


def test_a_save_that_changes_nothing_makes_no_entry(editor_client):
    show = ShowFactory(title="Kept", synopsis="")
    url = reverse("admin:recent-changes")
    before = [(e.action, e.label) for e in editor_client.get(url).context["entries"]]
    assert admin_post(editor_client, "show", show_form(show), obj=show).status_code == 302
    assert show.history.count() == 2, "the save is kept in the history"
    assert [(e.action, e.label) for e in editor_client.get(url).context["entries"]] == before


def test_filters_by_date_narrow_the_list(editor_client):
    for day, title in [(10, "Early"), (20, "Middle"), (28, "Late")]:
        with time_machine.travel(datetime.datetime(2026, 2, day, 23, 30), tick=False):
            ShowFactory(title=title, network__name=f"Network {title}")
    url = reverse("admin:recent-changes")
    shows = {"model": "show"}
    labels = [e.label for e in editor_client.get(url, shows).context["entries"]]
    assert labels == ["Late", "Middle", "Early"]
    middle = {**shows, "since": "2026-02-15", "until": "2026-02-20"}
    assert [e.label for e in editor_client.get(url, middle).context["entries"]] == ["Middle"]
    since = {**shows, "since": "2026-02-20"}
    assert [e.label for e in editor_client.get(url, since).context["entries"]] == [
        "Late",
        "Middle",
    ]
    inverted = editor_client.get(url, {"since": "2026-02-20", "until": "2026-02-10"})
    assert "“From” is after “To”." in inverted.content.decode()


def test_a_premiere_change_reads_as_the_editor_typed_it(editor_client):
    season = SeasonFactory(
        premiere_date=datetime.date(2027, 3, 1),
        premiere_precision=Precision.MONTH,
        finale_date=None,
    )
    data = season_form(season, premiere_date="Fall 2027")
    assert admin_post(editor_client, "season", data, obj=season).status_code == 302
    season.refresh_from_db()
    assert season.premiere == FuzzyDate(datetime.date(2027, 9, 1), Precision.SEASON)
    record = season.history.latest()
    page = editor_client.get(reverse("admin:recent-change", args=["season", record.history_id]))
    assert page.context["changes"] == [("premiere", "March 2027", "Fall 2027")]
    text = page.content.decode()
    assert "Premiere" in text and "March 2027" in text and "Fall 2027" in text
    assert "precision" not in text and "2027-09-01" not in text


def test_the_history_page_reads_in_plain_words_to_the_minute(editor_client, editor):
    editor.first_name, editor.last_name = "Ada", "Editor"
    editor.save()
    with time_machine.travel(datetime.datetime(2026, 2, 10, 1, 7)):
        season = SeasonFactory(
            title="Old title",
            premiere_date=datetime.date(2027, 3, 1),
            premiere_precision=Precision.MONTH,
            finale_date=None,
        )
        data = season_form(season, title="New title", premiere_date="Fall 2027")
        admin_post(editor_client, "season", data, obj=season)
    page = editor_client.get(reverse("admin:series_season_history", args=[season.pk]))
    text = page.content.decode()
    local = timezone.localtime(season.history.latest().history_date)
    assert local.strftime("%H:%M") in text and "a.m." not in text
    assert "Ada Editor" in text
    assert "Premiere:</strong> March 2027 → Fall 2027" in text
    assert "Title:</strong> Old title → New title" in text
    assert "Version" not in text and "Change reason" not in text and "None" not in text


def test_a_deleted_record_says_what_was_deleted(editor_client):
    show = ShowFactory(title="Gone Show")
    url = reverse("admin:series_show_delete", args=[show.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    entry = editor_client.get(reverse("admin:recent-changes")).context["entries"][0]
    assert (entry.action, entry.kind, entry.label) == ("Deleted", "show", "Gone Show")
    page = editor_client.get(entry.diff_url).content.decode()
    assert "Deleted show “Gone Show”" in page
    history = editor_client.get(reverse("admin:series_show_history", args=[show.pk]))
    assert "Deleted show: Gone Show" in history.content.decode()


def test_the_history_page_queries_do_not_grow_with_its_rows(editor_client):
    season = SeasonFactory(title="Title 0")
    url = reverse("admin:series_season_history", args=[season.pk])

    def retitle(times):
        for n in range(times):
            season.title = f"Title {season.title} {n}"
            season.save()

    retitle(2)
    editor_client.get(url)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    retitle(20)
    with CaptureQueriesContext(connection) as many:
        page = editor_client.get(url)
    assert len(many) == len(few)
    assert page.content.decode().count("Title:</strong>") == 22
