"""What an editor reads in the admin: only their own menu, and words they can understand."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.admin.test_imports import season_rows, to_csv, upload
from tests.factories import EditorFactory, ShowFactory

pytestmark = pytest.mark.django_db

FOLLOW_LOGS = ["Digests", "Email deliveries", "Webhook deliveries", "Webhook attempts"]


def test_an_editors_menu_lists_the_series_data_but_not_the_follow_workers_logs(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    for entry in ["Shows", "Seasons", "Announcements", "Critic scores"]:
        assert f">{entry}</a>" in page
    for log in FOLLOW_LOGS:
        assert f">{log}</a>" not in page


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:follows_digest_changelist",
        "admin:follows_emaildelivery_changelist",
        "admin:follows_webhookdelivery_changelist",
        "admin:follows_webhookattempt_changelist",
    ],
)
def test_an_editor_who_types_a_log_address_is_refused(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_a_superusers_menu_lists_the_follow_workers_logs(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    for log in FOLLOW_LOGS:
        assert f">{log}</a>" in page


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


def test_an_editor_without_staff_status_is_told_the_sign_in_is_for_staff(client):
    """What README's "For editors" warns of: the Editors group alone does not let you in."""
    EditorFactory(username="newcomer", is_staff=False)
    url = reverse("admin:login")
    credentials = {"username": "newcomer", "password": "correct horse battery staple"}
    refused = client.post(url, credentials)
    assert "Please enter the correct username and password for a staff account" in (
        refused.content.decode()
    )
    User.objects.filter(username="newcomer").update(is_staff=True)
    assert client.post(url, credentials).status_code == 302
