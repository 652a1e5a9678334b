"""The page cache's own rules, in front of a stand-in view: what it serves, stores, refuses.

No database: each rule is checked on the middleware alone (tests/pagecache/test_versions.py checks
the real pages).
"""

import datetime
import threading
import time

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control

from pagecache import middleware as page_cache_module
from pagecache import versions
from pagecache.middleware import MAX_HINTS, PageCacheMiddleware, seconds_to_midnight
from pagecache.versions import (
    CHANGED_AT_KEY,
    CLOCK_KEY,
    bump_tags,
    bump_version,
    current_version,
)
from series import routers
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


def directives(response):
    return {d.strip() for d in response["Cache-Control"].split(",")}


def test_a_signed_in_answer_is_kept_by_no_cache_at_all(rf):
    """`private, no-store` exactly, varying on the session cookie, even from a view that
    said nothing: the browser keeps no copy of an editor's page either, and no shared
    cache hands it to whoever shares the cookie-less URL."""
    cache = page_cache(lambda request: HttpResponse("for you"))
    request = rf.get("/shows/")
    request.COOKIES[django_settings.SESSION_COOKIE_NAME] = "abc"
    request.user = User(username="editor")
    response = cache(request)
    assert directives(response) == {"private", "no-store"}
    # Header names are case-insensitive (RFC 9110, 5.1); the name itself is the rule.
    assert [name.strip().lower() for name in response["Vary"].split(",")] == ["cookie"]
    assert "X-Page-Cache" not in response


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


def test_the_replica_serves_misses_again_once_the_lag_window_has_passed(
    rf, with_replica, settings, monkeypatch
):
    """REPLICA_LAG_SECONDS after the last change, to the nanosecond, the window is over."""
    settings.REPLICA_LAG_SECONDS = 10
    cache = page_cache(read_database_view)
    changed_at = time.time_ns()
    caches["default"].set(CHANGED_AT_KEY, changed_at, timeout=None)
    monkeypatch.setattr(time, "time_ns", lambda: changed_at + 10 * 10**9 - 1)
    assert cache(rf.get("/shows/")).content == b"default"
    monkeypatch.setattr(time, "time_ns", lambda: changed_at + 10 * 10**9)
    assert cache(rf.get("/shows/?page=2")).content == b"replica"


def test_each_change_opens_the_window_from_its_own_time(rf, with_replica, settings, monkeypatch):
    """The window is timed from the last change, so it closes REPLICA_LAG_SECONDS later."""
    settings.REPLICA_LAG_SECONDS = 10
    changed_at = time.time_ns()
    monkeypatch.setattr(time, "time_ns", lambda: changed_at)
    bump_version()
    cache = page_cache(read_database_view)
    assert cache(rf.get("/shows/")).content == b"default"
    monkeypatch.setattr(time, "time_ns", lambda: changed_at + 11 * 10**9)
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
    assert caches["default"].get(CLOCK_KEY) is not None


def test_a_change_moves_the_clock_in_one_request(monkeypatch):
    current_version()  # the clock is running
    counting = CountingCache(versions.store())
    monkeypatch.setattr(versions, "store", lambda: counting)
    bump_tags({"show-1"})
    assert counting.requests == ["incr", "set_many"]


def test_a_page_stays_cached_after_a_change_to_other_tags(rf, monkeypatch):
    """Bumped tags never expire either: a page whose tags were bumped long ago is kept."""
    view, calls = counting_view()
    cache = page_cache(view)
    bump_tags({"show-1"})  # some other page's tag
    bump_tags({"all"})
    cache(rf.get("/shows/"))
    six_minutes_later = time.time() + 6 * 60
    monkeypatch.setattr(time, "time", lambda: six_minutes_later)
    assert cache(rf.get("/shows/"))["X-Page-Cache"] == "hit"
    assert calls == ["GET"]


def test_a_lost_clock_starts_again_from_the_time_above_every_version_it_gave():
    """The clock starts at the time in microseconds (it fits a 64-bit Redis counter)."""
    caches["default"].delete(CLOCK_KEY)
    before = time.time_ns() // 1000
    first = current_version()
    assert before <= first <= time.time_ns() // 1000
    assert type(first) is int  # Redis's INCR refuses a float
    bump_tags({"show-1"})
    given = caches["default"].get("page-cache:tag:show-1")
    assert given == first + 1
    caches["default"].delete(CLOCK_KEY)  # evicted, or the cache restarted
    assert current_version() > given


def own_control_view(request):
    response = HttpResponse('{"shows": []}', content_type="application/json")
    response["Cache-Control"] = "public, max-age=5"
    response["X-Shows-Total"] = "0"
    return response


def test_a_stored_page_is_replayed_with_its_own_headers(rf):
    """Content type, the view's own Cache-Control and headers come back on a hit;
    the page cache's own Vary too."""
    cache = page_cache(own_control_view)
    first = cache(rf.get("/api/v1/shows"))
    hit = cache(rf.get("/api/v1/shows"))
    assert hit["X-Page-Cache"] == "hit"
    for name in ("Content-Type", "Cache-Control", "X-Shows-Total", "Vary", "ETag"):
        assert hit[name] == first[name], name
    assert hit["Cache-Control"] == "public, max-age=5"
    assert hit["Vary"] == "Cookie"
    assert hit.content == b'{"shows": []}'


def test_a_page_served_just_before_midnight_expires_at_midnight(rf):
    view, _ = counting_view()
    cache = page_cache(view)
    with time_machine.travel(datetime.datetime(2026, 11, 29, 23, 59, 30, tzinfo=datetime.UTC)):
        assert seconds_to_midnight() in (29, 30)
        control = cache(rf.get("/shows/"))["Cache-Control"]
    assert "max-age=30" in control or "max-age=29" in control
    noon = datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False):
        assert seconds_to_midnight() == 12 * 3600
    last = datetime.datetime(2026, 11, 29, 23, 59, 59, 900000, tzinfo=datetime.UTC)
    with time_machine.travel(last, tick=False):
        assert seconds_to_midnight() == 0


def test_switched_off_pages_are_still_offered_to_shared_caches(rf, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = False
    settings.PAGE_CACHE_SHARED_MAX_AGE = 600
    monkeypatch.setattr(page_cache_module, "seconds_to_midnight", lambda: 3600)
    view, _ = counting_view()
    response = page_cache(view)(rf.get("/shows/"))
    assert "s-maxage=600" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_the_hints_a_process_keeps_are_bounded(rf, monkeypatch):
    monkeypatch.setattr(page_cache_module, "_hints", {str(n): [] for n in range(MAX_HINTS)})
    view, _ = counting_view()
    page_cache(view)(rf.get("/shows/"))
    assert len(page_cache_module._hints) == 1


class CountingCache:
    """The page cache's own cache, recording each request it receives."""

    def __init__(self, cache):
        self.cache = cache
        self.requests = []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def request(*args, **kwargs):
            self.requests.append(name)
            return method(*args, **kwargs)

        return request


def test_a_hit_costs_one_round_trip_to_the_cache(rf, monkeypatch):
    """A process that served a page knows its tags: the page and their versions come
    back in one request, not one for the page and another for its tags."""
    view, calls = counting_view()
    cache = page_cache(view)
    cache(rf.get("/shows/"))
    counting = CountingCache(versions.store())
    monkeypatch.setattr(versions, "store", lambda: counting)
    assert cache(rf.get("/shows/"))["X-Page-Cache"] == "hit"
    assert counting.requests == ["get_many"]
    assert calls == ["GET"]


def test_a_miss_reads_the_clock_with_the_page(rf, monkeypatch):
    """The clock a page is rendered under comes in the page's own request."""
    bump_version()
    counting = CountingCache(versions.store())
    monkeypatch.setattr(versions, "store", lambda: counting)
    view, _ = counting_view()
    assert page_cache(view)(rf.get("/shows/"))["X-Page-Cache"] == "miss"
    assert counting.requests[0] == "get_many"
    assert "get" not in counting.requests


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "files": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    settings.PAGE_CACHE_ALIAS = "files"
    yield caches["files"]
    caches["files"].clear()


def test_a_file_cache_shared_by_several_workers_gives_each_change_its_own_version(
    file_cache, tmp_path
):
    """The file cache's incr() reads then writes: changes at once never share a version."""
    assert (tmp_path / "cache").is_dir()  # the file cache makes its directory
    start = current_version()

    def worker():
        for _ in range(15):
            bump_tags({"show-1"})

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert current_version() == start + 60
    assert caches["default"].get(CLOCK_KEY) is None  # the page cache's own cache only


def test_a_stored_page_leaves_the_cache_after_its_ttl(rf, monkeypatch, settings):
    """Pages nobody asks for again go away on their own (PAGE_CACHE_TTL, ten minutes)."""
    # Local memory expires entries by `time.time()`, which the test moves; Redis (CI's
    # CACHE_URL) expires them on its own clock, which a test cannot move.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ttl"}
    }
    settings.PAGE_CACHE_TTL = 600
    view, calls = counting_view()
    cache = page_cache(view)
    now = time.time()
    cache(rf.get("/shows/"))
    monkeypatch.setattr(time, "time", lambda: now + 7 * 60)  # past the default five
    assert cache(rf.get("/shows/"))["X-Page-Cache"] == "hit"
    monkeypatch.setattr(time, "time", lambda: now + 11 * 60)
    assert cache(rf.get("/shows/"))["X-Page-Cache"] == "miss"
    assert calls == ["GET", "GET"]


def test_a_hit_is_offered_to_shared_caches_like_the_miss_was(rf, settings, monkeypatch):
    settings.PAGE_CACHE_MAX_AGE = 60
    settings.PAGE_CACHE_SHARED_MAX_AGE = 600
    monkeypatch.setattr(page_cache_module, "seconds_to_midnight", lambda: 3600)
    view, _ = counting_view()
    cache = page_cache(view)
    miss, hit = cache(rf.get("/shows/")), cache(rf.get("/shows/"))
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert directives(response) == {"public", "max-age=60", "s-maxage=600", "must-revalidate"}
