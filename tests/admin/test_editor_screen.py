"""What an editor reads in the admin: only their own menu, and words they can understand."""

import pytest
from django.urls import reverse

from tests.admin.test_imports import season_rows, to_csv, upload
from tests.factories import ShowFactory

pytestmark = pytest.mark.django_db


def test_the_show_status_help_names_no_internal_field(editor_client):
    show = ShowFactory()
    page = editor_client.get(reverse("admin:series_show_change", args=[show.pk]))
    content = page.content.decode()
    assert "status_changes_on" not in content
    assert "updated on its own on the day a premiere or finale passes" in content


def test_an_import_row_wrong_as_a_whole_is_shown_without_non_field_specific(editor_client):
    show = ShowFactory(slug="the-show")
    rows = season_rows(show, 2)
    rows[0].update(premiere="2027-09-14", finale="2027-01-01")
    preview = upload(editor_client, "season", to_csv(rows))
    page = preview.content.decode()
    assert "The finale cannot come before the premiere." in page
    assert "non field specific" not in page.lower()
