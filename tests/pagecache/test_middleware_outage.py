"""The page cache half down or a no-op, in front of a stand-in view: the page is still
answered, the log names what failed, and nothing is claimed stored that was not.

No database: the middleware alone (tests/pagecache/test_outage.py checks the real site).
"""

import datetime
import logging

import pytest
import time_machine
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from pagecache.middleware import PageCacheMiddleware
from pagecache.versions import CLOCK_KEY, bump_tags, current_version
from tests.pagecache.test_middleware import counting_view

NO_OP = "django.core.cache.backends.dummy.DummyCache"
NOON = datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)  # far from midnight


class AddRefused(LocMemCache):
    """Pages are read, but a first version for a new tag is refused."""

    def add(self, *args, **kwargs):
        raise ConnectionError("add refused")


class SetRefused(LocMemCache):
    """Pages are read and tags get versions, but a page is never taken."""

    def set(self, *args, **kwargs):
        raise ConnectionError("set refused")


@pytest.fixture
def page_cache_backend(settings):
    """Use the cache class given as the page cache, empty: local-memory caches share their
    contents by location, so an earlier test's tag versions would otherwise be found."""

    def use(backend):
        settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": backend}}
        settings.PAGE_CACHE_ALIAS = "pages"
        caches["pages"].clear()
        return caches["pages"]

    return use


@pytest.fixture
def errors(caplog):
    caplog.set_level(logging.ERROR, logger="pagecache.outage")
    return lambda: [record.getMessage() for record in caplog.records]


def test_a_no_op_cache_leaves_pages_to_shared_caches_and_keeps_no_versions(
    rf, settings, page_cache_backend
):
    """No page cache here, so nothing here can say a page went stale while it rendered:
    the page may be kept by shared caches in front as long as any uncached page."""
    page_cache_backend(NO_OP)
    settings.PAGE_CACHE_SHARED_MAX_AGE = 600
    view, _ = counting_view()
    with time_machine.travel(NOON, tick=False):
        response = PageCacheMiddleware(view)(rf.get("/shows/"))
    assert "s-maxage=600" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert current_version() == 0  # nothing is cached, so nothing needs a version
    bump_tags({"show-1"})  # a save bumps nothing, and does not fail


def test_a_cache_down_at_lookup_is_logged_with_its_error(rf, settings, errors):
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "tests.pagecache.test_versions.UnreachableCache"},
    }
    settings.PAGE_CACHE_ALIAS = "down"
    view, _ = counting_view()
    assert PageCacheMiddleware(view)(rf.get("/shows/")).content == b"fresh 1"
    assert any("ConnectionError: the cache server is unreachable" in e for e in errors())


def test_a_cache_failing_while_the_page_rendered_is_logged_and_nothing_kept(
    rf, page_cache_backend, errors
):
    cache = page_cache_backend(f"{__name__}.AddRefused")
    cache.set(CLOCK_KEY, 5, timeout=None)
    view, _ = counting_view()
    first = PageCacheMiddleware(view)(rf.get("/shows/"))
    assert (first.content, "X-Page-Cache" in first) == (b"fresh 1", False)
    assert any("ConnectionError: add refused" in e for e in errors())


def test_a_page_the_cache_refused_is_not_called_stored(rf, page_cache_backend, errors):
    page_cache_backend(f"{__name__}.SetRefused")
    view, _ = counting_view()
    first = PageCacheMiddleware(view)(rf.get("/shows/"))
    assert (first.content, "X-Page-Cache" in first) == (b"fresh 1", False)
    assert any("ConnectionError: set refused" in e for e in errors())


def test_a_hit_writes_no_clock_to_the_cache(rf):
    """A page served from the cache needs no clock: a hit only reads."""
    view, _ = counting_view()
    page = PageCacheMiddleware(view)
    page(rf.get("/shows/"))
    caches["default"].delete(CLOCK_KEY)  # evicted, say
    second = page(rf.get("/shows/"))
    assert (second.content, second["X-Page-Cache"]) == (b"fresh 1", "hit")
    assert caches["default"].get(CLOCK_KEY) is None
