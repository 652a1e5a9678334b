"""Editors change series data and nothing else; anonymous visitors are sent to sign in."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from series.models import Show
from tests.factories import NetworkFactory, ShowFactory

pytestmark = pytest.mark.django_db

SERIES_MODELS = [
    "network",
    "person",
    "genre",
    "show",
    "season",
    "announcement",
    "castcredit",
    "crewcredit",
    "criticscore",
]


def test_editors_group_holds_series_permissions_and_history_reading_only():
    permissions = Group.objects.get(name="Editors").permissions.select_related("content_type")
    apps = {p.content_type.app_label for p in permissions}
    # Nothing of follows: followers' addresses, webhook secrets and the worker's logs
    # are for whoever runs the site.
    assert apps == {"series", "history"}
    codenames = {p.codename for p in permissions}
    for model in SERIES_MODELS:
        for action in ["add", "change", "delete", "view"]:
            assert f"{action}_{model}" in codenames
    history = {p.codename for p in permissions if p.content_type.app_label == "history"}
    assert all(c.startswith(("view_historical", "change_historical")) for c in history)


@pytest.mark.parametrize("model", SERIES_MODELS)
def test_editors_may_add_change_and_delete_series_data(editor_client, model):
    assert editor_client.get(reverse(f"admin:series_{model}_add")).status_code == 200
    assert editor_client.get(reverse(f"admin:series_{model}_changelist")).status_code == 200


def test_editor_deletes_a_show(editor_client):
    show = ShowFactory()
    response = editor_client.post(
        reverse("admin:series_show_delete", args=[show.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Show.objects.exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:auth_group_add",
        "admin:axes_accessattempt_changelist",
        "admin:axes_accesslog_changelist",
    ],
)
def test_editors_cannot_see_accounts_or_sign_in_records(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_editors_cannot_change_their_own_account_or_permissions(editor_client, editor):
    url = reverse("admin:auth_user_change", args=[editor.pk])
    assert editor_client.get(url).status_code == 403
    response = editor_client.post(url, {"username": editor.username, "is_superuser": "on"})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser
    # Permissions have no admin page at all.
    assert editor_client.get("/admin/auth/permission/").status_code == 404


def test_the_admin_index_shows_editors_only_series_data(editor_client):
    text = editor_client.get(reverse("admin:index")).content.decode()
    assert "Shows and seasons" in text
    for hidden in ["Users", "Groups", "Access attempts", "Authentication and Authorization"]:
        assert hidden not in text


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:series_season_changelist"),
        reverse("admin:series_show_add"),
        reverse("admin:auth_user_changelist"),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_anonymous_posts_change_nothing(client):
    network = NetworkFactory()
    response = client.post(
        reverse("admin:series_show_add"), {"title": "X", "slug": "x", "network": network.pk}
    )
    assert response.status_code == 302
    assert not Show.objects.exists()


def test_staff_without_the_group_see_nothing(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:series_show_changelist")).status_code == 403


BULK_MODELS = ["show", "season", "announcement", "castcredit", "crewcredit", "criticscore"]


@pytest.mark.parametrize("model", BULK_MODELS)
def test_editors_may_import_and_export_series_data_with_their_group_alone(editor_client, model):
    """Import needs add and change, export needs view: the Editors group holds exactly those."""
    assert editor_client.get(reverse(f"admin:series_{model}_import")).status_code == 200
    assert editor_client.get(reverse(f"admin:series_{model}_export")).status_code == 200


def test_importing_needs_both_add_and_change(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("adder", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_season", "view_season"])
    )
    client.force_login(user)
    assert client.get(reverse("admin:series_season_import")).status_code == 403
    assert client.get(reverse("admin:series_season_export")).status_code == 200
