"""The cache is a speed-up, never a dependency: down or a no-op, the site still answers,
saves still succeed, and no page from before a save is served once the cache is back."""

import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from pagecache import outage, outbox
from pagecache.models import PendingInvalidation
from series import shared_cache
from series.models import Season
from tests.admin_helpers import admin_post
from tests.factories import EditorFactory
from tests.pagecache.test_versions import season_url

pytestmark = pytest.mark.django_db

UNREACHABLE = {"BACKEND": "tests.pagecache.test_versions.UnreachableCache"}
PASSWORD = "correct horse battery staple"


def renew(editor_client):
    """An editor records that season 2 of Spinning Out was renewed (it was cancelled)."""
    season = Season.objects.get(show__slug="spinning-out", number=2)
    return admin_post(
        editor_client,
        "announcement",
        {
            "season": season.pk,
            "decision": "renewed",
            "announced_date": "2030-01-05",
            "future_on_purpose": "on",  # after today on purpose: the latest decision
            "announced_precision": "day",
            "source_name": "Deadline",
            "source_url": "https://deadline.example.com/revived",
            "summary": "Revived for season 2.",
        },
    )


def missed_bumps():
    """Pending invalidations of the page cache (not purges a shared cache refused)."""
    return PendingInvalidation.objects.filter(shared_only=False)


def decision_shown(client):
    page = client.get(season_url())
    assert page.status_code == 200
    text = page.content.decode()
    if "Spinning Out Season 2: Renewed" in text:
        return "renewed"
    return "cancelled" if "Spinning Out Season 2: Cancelled" in text else "?"


def every_surface_answers(client):
    """Public page, API, follow form (shown and posted), the admin login and the page it
    leads to: 200s or their redirects, never a server error."""
    follow = reverse("follows:follow", kwargs={"slug": "spinning-out"})
    for url in [reverse("series:home"), season_url(), "/api/v1/shows/spinning-out", follow]:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/login/").status_code == 200
    assert client.post(follow, {"email": "fan@example.com"}).status_code == 302
    editor = EditorFactory()
    signed_in = Client()
    login = signed_in.post(
        "/admin/login/?next=/admin/", {"username": editor.username, "password": PASSWORD}
    )
    assert (login.status_code, login["Location"]) == (302, "/admin/")
    assert signed_in.get("/admin/").status_code == 200  # the editors' worklist


def test_every_surface_answers_while_the_cache_is_unreachable(client, seed, settings):
    settings.CACHES = {"default": UNREACHABLE}
    every_surface_answers(client)


def test_a_save_while_the_cache_is_down_succeeds_and_waits_in_the_database(
    editor_client, seed, settings
):
    settings.CACHES = {"default": UNREACHABLE}
    assert renew(editor_client).status_code == 302
    assert decision_shown(Client()) == "renewed"
    pending = set().union(*missed_bumps().values_list("tags", flat=True))
    season = Season.objects.get(show__slug="spinning-out", number=2)
    assert f"season-{season.pk}" in pending


def test_a_cache_back_with_pages_from_before_a_save_never_serves_them(
    editor_client, seed, settings
):
    """A partition: the cache kept its pages while a save could not reach it."""
    partitioned = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"}
    settings.CACHES = {"default": partitioned}
    visitor = Client()
    assert decision_shown(visitor) == "cancelled"
    assert visitor.get(season_url())["X-Page-Cache"] == "hit"

    settings.CACHES = {"default": UNREACHABLE}
    assert renew(editor_client).status_code == 302

    settings.CACHES = {"default": partitioned}  # back, with the old page in it
    # Served by another app server that never saw the cache fail and checked the
    # database for pending invalidations long ago.
    outage.reset()
    outbox.reset()
    assert decision_shown(visitor) == "renewed"
    assert not missed_bumps().exists()
    assert visitor.get(season_url())["X-Page-Cache"] == "hit"  # and cached again
    assert decision_shown(visitor) == "renewed"


def test_cached_pages_are_served_while_the_database_cannot_say_what_is_pending(client, seed):
    """The database down must not take the cached pages down with it."""
    assert client.get(season_url())["X-Page-Cache"] == "miss"
    outbox.reset()  # due: the next hit looks for pending invalidations
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("ALTER TABLE pagecache_pendinginvalidation RENAME TO unreadable")
    response = client.get(season_url())
    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")


def test_a_database_down_leaves_every_cached_page_served(seed):
    """PostgreSQL down: the pages in the cache are still served; the rest answer 500."""
    visitor = Client(raise_request_exception=False)
    cached, uncached = season_url(), reverse("series:show-list")
    assert visitor.get(cached)["X-Page-Cache"] == "miss"
    outbox.reset()  # due: the next hit looks for pending invalidations, and cannot

    def refused(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refused):
        response = visitor.get(cached)
        assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")
        assert visitor.get(uncached).status_code == 500


def test_no_op_cache_runs_the_site_seed_pages_and_saves(editor_client, settings):
    """CACHE_URL=dummycache:// (Django's "no cache" for development) is a site without a
    page cache, not a broken one."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    call_command("loaddata", "spinning_out", verbosity=0)
    visitor = Client()
    assert decision_shown(visitor) == "cancelled"
    assert "X-Page-Cache" not in visitor.get(season_url())
    assert renew(editor_client).status_code == 302
    assert decision_shown(visitor) == "renewed"
    every_surface_answers(visitor)
    assert not missed_bumps().exists()  # nothing was missed: nothing is kept


class Clock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now


def test_an_outage_is_logged_once_a_minute(monkeypatch, caplog):
    clock = Clock()
    monkeypatch.setattr(outage, "time", clock)
    monkeypatch.setattr(shared_cache, "time", clock)
    caplog.set_level(logging.ERROR, logger="pagecache.outage")
    for seconds in (0, 2, 30, 59, 61, 90):
        clock.now = 1000.0 + seconds
        outage.failed(ConnectionError("refused"))
    assert len(caplog.records) == 2
    assert "pages are rendered afresh" in caplog.records[0].getMessage()


def test_after_a_failure_the_cache_is_left_alone_for_a_second(monkeypatch):
    """A stalled cache costs one socket timeout per second per process, not per request."""
    clock = Clock()
    monkeypatch.setattr(outage, "time", clock)
    assert not outage.resting()
    outage.failed(ConnectionError("timed out"))
    clock.now += 0.5
    assert outage.resting()
    clock.now += outage.RETRY_AFTER
    assert not outage.resting()


def test_login_throttling_holds_while_the_cache_is_down(client, settings):
    """django-axes keeps failures in the database: an outage neither lifts nor breaks it."""
    settings.CACHES = {"default": UNREACHABLE}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    editor = EditorFactory()

    def sign_in(password):
        return client.post("/admin/login/", {"username": editor.username, "password": password})

    answers = [sign_in("wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert sign_in(PASSWORD).status_code == 429


def test_each_process_looks_for_missed_invalidations_once_a_second_and_after_a_failure(
    monkeypatch,
):
    clock = Clock()
    monkeypatch.setattr(outbox, "time", clock)
    monkeypatch.setattr(outage, "time", clock)
    monkeypatch.setattr(outbox, "CHECK_EVERY", 1)
    outbox.reset(checked=True)
    assert not outbox.due()
    clock.now += 0.5
    assert not outbox.due()
    clock.now += 0.5
    assert outbox.due()
    outbox.reset(checked=True)
    clock.now += 0.1
    outage.failed(ConnectionError("refused"))
    assert outbox.due()  # the cache failed since: it may have missed a bump
