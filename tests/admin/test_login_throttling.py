"""Repeated failed admin sign-ins from one client lock it out for a while, with a clear page."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """Real sign-ins hash a password each time; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_settings_lock_out_after_a_few_failures_for_a_while():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_failed_sign_ins_lock_the_client_out(client, editor):
    """The fifth failure answers 429 with the lockout page; the right password waits too."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, editor.username, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = sign_in(client, editor.username, "wrong")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many failed sign-ins" in text
    assert "after 5 failed sign-ins" in text
    assert "Try again in 15 minutes" in text
    # Even the right password is refused while locked out.
    assert sign_in(client, editor.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_client_can_still_sign_in(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, editor.username, "wrong")
    other = sign_in(client, editor.username, PASSWORD, address="198.51.100.9")
    assert other.status_code == 302
    assert other["Location"] == reverse("admin:index")


def test_the_lockout_ends_after_the_cool_off(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, editor.username, "wrong")
    assert sign_in(client, editor.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert sign_in(client, editor.username, PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, editor.username, "wrong")
    assert sign_in(client, editor.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, editor.username, "wrong").status_code == 200


def test_behind_one_proxy_clients_are_told_apart_by_the_forwarded_address(
    client, editor, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for forged in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": editor.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            # The client forged the first entry; the proxy appended the real peer.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}, 203.0.113.7",
        )
    direct = sign_in(client, editor.username, PASSWORD, address="10.0.0.1")
    assert direct.status_code == 302  # no forwarded header: another client, not locked
    client.logout()
    response = client.post(
        reverse("admin:login"),
        {"username": editor.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    assert response.status_code == 429
