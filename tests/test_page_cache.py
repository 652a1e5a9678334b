"""The page cache's own rules, in front of a stand-in view: what it serves, stores, refuses.

No database: each rule is checked on the middleware alone (tests/test_cache.py checks
the real pages).
"""

import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control

from series import routers
from series.cache import (
    CHANGED_AT_KEY,
    CLOCK_KEY,
    PageCacheMiddleware,
    bump_version,
    current_version,
)
from series.models import Show
from series.routers import PrimaryReplicaRouter


def page_cache(view):
    """The page cache in front of `view`, as every request meets it."""
    return PageCacheMiddleware(view)


def counting_view(body="fresh"):
    calls = []

    def view(request):
        calls.append(request.method)
        return HttpResponse(f"{body} {len(calls)}")

    return view, calls


def test_a_page_is_rendered_once_then_served_until_the_content_changes(rf):
    view, calls = counting_view()
    cache = page_cache(view)
    assert cache(rf.get("/shows/")).content == b"fresh 1"
    second = cache(rf.get("/shows/"))
    assert (second.content, second["X-Page-Cache"]) == (b"fresh 1", "hit")
    bump_version()
    assert cache(rf.get("/shows/")).content == b"fresh 2"
    assert calls == ["GET", "GET"]


def test_the_content_version_is_made_once_and_kept_in_the_cache():
    caches["default"].delete(CLOCK_KEY)
    version = current_version()
    assert version is not None
    assert caches["default"].get(CLOCK_KEY) == version
    assert current_version() == version


def test_an_anonymous_post_is_never_answered_from_the_cache(rf):
    view, calls = counting_view()
    cache = page_cache(view)
    cache(rf.get("/shows/"))
    posted = cache(rf.post("/shows/", {"q": "x"}))
    assert (posted.content, "X-Page-Cache" in posted) == (b"fresh 2", False)
    assert calls == ["GET", "POST"]


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/", "/static/site.css"])
def test_excluded_paths_are_rendered_every_time(rf, path):
    view, _ = counting_view()
    cache = page_cache(view)
    cache(rf.get(path))
    response = cache(rf.get(path))
    assert (response.content, "X-Page-Cache" in response) == (b"fresh 2", False)


def private_view(request):
    response = HttpResponse("for you")
    patch_cache_control(response, private=True)
    return response


def no_store_view(request):
    response = HttpResponse("not to keep")
    patch_cache_control(response, no_store=True)
    return response


def no_cache_view(request):
    response = HttpResponse("revalidate")
    patch_cache_control(response, no_cache=True)
    return response


def cookie_view(request):
    response = HttpResponse("with a cookie")
    response.set_cookie("seen", "1")
    return response


def csrf_view(request):
    return HttpResponse(f"<form>{get_token(request)}</form>")


def not_found_view(request):
    return HttpResponse("gone", status=404)


@pytest.mark.parametrize(
    "view",
    [private_view, no_store_view, no_cache_view, cookie_view, csrf_view, not_found_view],
)
def test_answers_meant_for_one_visitor_are_never_stored(rf, view):
    """A cookie, a CSRF token, private or no-store/no-cache, or an error: never shared."""
    cache = page_cache(view)
    first = cache(rf.get("/shows/"))
    second = cache(rf.get("/shows/"))
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert "public" not in second.get("Cache-Control", "")


def test_a_streamed_answer_is_passed_through_untouched(rf):
    cache = page_cache(lambda request: StreamingHttpResponse(iter([b"a", b"b"])))
    response = cache(rf.get("/calendar.ics"))
    assert b"".join(response.streaming_content) == b"ab"
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in cache(rf.get("/calendar.ics"))


def test_a_visitor_with_a_session_is_never_served_a_stored_page(rf):
    view, _ = counting_view()
    cache = page_cache(view)
    cache(rf.get("/shows/"))
    request = rf.get("/shows/")
    request.COOKIES[django_settings.SESSION_COOKIE_NAME] = "abc"
    assert cache(request).content == b"fresh 2"


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(routers, "has_replica", lambda: True)


def read_database_view(request):
    return HttpResponse(PrimaryReplicaRouter().db_for_read(Show))


def test_misses_read_the_primary_for_a_while_after_a_change(rf, with_replica, settings):
    """Within REPLICA_LAG_SECONDS of the last change, a replica may not have it yet."""
    settings.REPLICA_LAG_SECONDS = 10
    cache = page_cache(read_database_view)
    bump_version()
    assert cache(rf.get("/shows/")).content == b"default"
    caches["default"].set(CHANGED_AT_KEY, time.time_ns() - 60 * 10**9, timeout=None)
    assert cache(rf.get("/shows/?page=2")).content == b"replica"


def test_a_page_stays_cached_while_nothing_changes(rf, monkeypatch):
    """The content version never expires: only a change replaces it."""
    view, calls = counting_view()
    cache = page_cache(view)
    caches["default"].delete(CLOCK_KEY)
    cache(rf.get("/shows/"))
    six_minutes_later = time.time() + 6 * 60  # past the cache's default timeout of 5
    monkeypatch.setattr(time, "time", lambda: six_minutes_later)
    response = cache(rf.get("/shows/"))
    assert (response.content, response["X-Page-Cache"]) == (b"fresh 1", "hit")
    assert calls == ["GET"]
