"""Recent changes: every editor's latest saves across the series models, with their diffs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin_helpers import admin_post, show_form
from tests.factories import AnnouncementFactory, EditorFactory, SeasonFactory, ShowFactory

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
    assert entries[2].who == str(editor)


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
