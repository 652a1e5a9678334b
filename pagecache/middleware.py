"""A page cache for anonymous visitors that is never stale, invalidated by dependency.

Every public GET answered 200 to a visitor without a session is kept in the cache
(CACHE_URL: local memory in development, files or Redis in production) under a key
made of today's date, the host, path and sorted query string, together with its
*tags* (pagecache/tags.py: the records it showed, such as `show-12` or `person-7`,
and broad ones such as `listings`) and the version of each tag when it was rendered.
It is served only while every one of those tags still has that version.

A change to a `series` model (admin, ORM, `loaddata`) bumps the versions of exactly the
tags it makes stale, at once and again after its transaction commits, and then asks
the shared HTTP caches in front to purge the same tags (pagecache/purge.py). A season
page of one show therefore stays cached while another show is edited. Commands that
write in bulk (no signals) call `bump_tags()` or `bump_version()` themselves.

Versions come from one shared counter (the *clock*, `current_version()`): a bump
takes the next value. A render notes the clock before it starts, and its page is kept
only if none of its tags moved past that since, so a page rendered from data that
changed while it rendered is never stored (nor offered to a shared cache). A page hit
costs one round trip (MGET on Redis): the page, the clock and the versions of the tags
this process last saw the page carry.

Browsers and shared caches get `Cache-Control: public` with an ETag of the body, so a
conditional GET answers 304, and the page's tags in CACHE_TAG_HEADER (`xkey` for
Varnish). Every max-age stops at midnight: a page never outlives its date. Signed-in
users are never served from or stored in the cache; their responses are `private,
no-store`.

The cache is a speed-up, never a dependency (pagecache/outage.py): unreachable, its
pages are rendered afresh; a no-op backend (`dummycache://`) means no page cache. A
change whose bump it missed is kept in the database and replayed before the next page
is served from it (pagecache/outbox.py).
"""

import datetime
import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from series.routers import use_primary

from . import outage, outbox
from . import tags as cache_tags
from . import versions as tag_versions
from .versions import CHANGED_AT_KEY, CLOCK_KEY, current_version, tag_key

# Headers a cached page keeps; cookies never, per-request headers are added on the way out.
SKIP_HEADERS = {"set-cookie", "date", "vary"}
# Which tag keys this process last saw each page carry, so a hit fetches them in the
# same round trip as the page. Only a hint: versions are always read from the cache.
_hints = {}
MAX_HINTS = 20000


def _excluded(path):
    return any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE)


def _cache_key(request):
    query = "&".join(sorted(request.GET.urlencode().split("&"))) if request.GET else ""
    raw = "|".join(
        [
            timezone.localdate().isoformat(),  # statuses change with the calendar
            request.scheme,
            request.get_host(),
            request.path,
            query,
        ]
    )
    return "page-cache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _may_store(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        # The page embeds this visitor's CSRF token (get_token() sets this on Django 4.1+,
        # which no longer sets CSRF_COOKIE_USED).
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def seconds_to_midnight():
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time.min, tzinfo=now.tzinfo
    )
    return max(0, int((midnight - now).total_seconds()))


def _cache_control(response, shareable=True):
    """Public max-ages that stop at midnight; shared caches keep it longer when purged."""
    left = seconds_to_midnight()
    shared = settings.PAGE_CACHE_SHARED_MAX_AGE if shareable else 0
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PAGE_CACHE_MAX_AGE, left),
        s_maxage=min(shared, left),
        must_revalidate=True,
    )


def tag_header(tags):
    name = settings.CACHE_TAG_HEADER
    separator = "," if name.lower() == "cache-tag" else " "  # Cloudflare takes commas
    return name, separator.join(sorted(tags))


class PageCacheMiddleware:
    """Serve and store anonymous public pages; mark every other answer private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        public = request.method in ("GET", "HEAD") and not _excluded(request.path_info)
        if not (anonymous and public):
            # Editors and writes read the primary, so they see their own saves at once.
            with use_primary():
                return self.private(request, self.get_response(request))

        store = tag_versions.store()
        if not settings.PAGE_CACHE_ENABLED or outage.is_no_op(store) or outage.resting():
            return self.uncached(request)
        key = _cache_key(request)
        try:
            cached, found = self.lookup(key)
            started = None if cached is not None else found.get(CLOCK_KEY) or current_version()
        except outage.UNREACHABLE as error:
            outage.failed(error)
            return self.uncached(request)
        if cached is not None:
            return self.conditional(request, self.replay(cached))
        # For a while after any change, misses read the primary: a lagging replica
        # would otherwise render (and this would store) a page from before it.
        with use_primary(tag_versions.recently_changed(found)), cache_tags.collect() as loaded:
            response = self.get_response(request)
        return self.public(request, response, loaded.loaded, key=key, started=started)

    def uncached(self, request):
        """Render without the page cache: it is switched off, a no-op, or unreachable."""
        with cache_tags.collect() as loaded:
            response = self.get_response(request)
        return self.public(request, response, loaded.loaded)

    def lookup(self, key):
        """(the page if it may be served, else None; what the one round trip found)."""
        store = tag_versions.store()
        found = store.get_many([key, CLOCK_KEY, CHANGED_AT_KEY, *_hints.get(key, ())])
        cached = found.get(key)
        # An entry without tags was stored by an older release: a miss, never an error.
        if cached is None or "tags" not in cached or not self.fresh(cached["tags"], found):
            return None, found
        if outbox.replay_if_due():
            # Changes the cache missed were just bumped: this page may be one of them,
            # and the clock moved. Render afresh.
            return None, store.get_many([CLOCK_KEY, CHANGED_AT_KEY])
        _hints[key] = list(cached["tags"])
        return cached, found

    def public(self, request, response, loaded, key=None, started=None):
        """Headers for an anonymous answer, and into the cache if it may be kept."""
        if not _may_store(request, response):
            return self.private(request, response)
        tags = cache_tags.page_tags(request, loaded)
        versions = None
        shareable = True
        if key is not None:
            try:
                versions = self.versions_since(tags, started)
                shareable = versions is not None
            except outage.UNREACHABLE as error:
                # The cache went away while this rendered: answered as an uncached page.
                outage.failed(error)
        own_control = not response.has_header("Cache-Control")
        if own_control:
            _cache_control(response, shareable)
        name, value = tag_header(tags)
        response[name] = value
        patch_vary_headers(response, ["Cookie"])
        if not response.has_header("ETag"):
            set_response_etag(response)
        if versions is not None and request.method == "GET":
            skip = SKIP_HEADERS | ({"cache-control"} if own_control else set())
            headers = {k: v for k, v in response.items() if k.lower() not in skip}
            headers["Vary"] = response["Vary"]
            entry = {
                "tags": versions,
                "content": response.content,
                "headers": headers,
                "own_control": own_control,
            }
            if self.keep(key, entry):
                response["X-Page-Cache"] = "miss"
        return self.conditional(request, response)

    @staticmethod
    def keep(key, entry):
        """Store a page; False if the cache could not take it (the answer stands)."""
        try:
            tag_versions.store().set(key, entry, settings.PAGE_CACHE_TTL)
        except outage.UNREACHABLE as error:
            outage.failed(error)
            return False
        if len(_hints) >= MAX_HINTS:
            _hints.clear()
        _hints[key] = list(entry["tags"])
        return True

    @staticmethod
    def fresh(versions, found):
        """Whether every tag still has the version the page was rendered under."""
        missing = [k for k in versions if k not in found]
        if missing:
            found = {**found, **tag_versions.store().get_many(missing)}
        return all(found.get(k) == version for k, version in versions.items())

    @staticmethod
    def versions_since(tags, started):
        """{tag key: version} for `tags`, or None if any moved since `started`."""
        cache = tag_versions.store()
        keys = [tag_key(tag) for tag in tags]
        versions = cache.get_many(keys)
        missing = [k for k in keys if k not in versions]
        for k in missing:  # never bumped (or evicted): it starts at this render's clock
            cache.add(k, started, timeout=None)
        if missing:
            versions.update(cache.get_many(missing))
        if len(versions) < len(keys) or any(v > started for v in versions.values()):
            return None
        return versions

    @staticmethod
    def replay(cached):
        response = HttpResponse(cached["content"], headers=cached["headers"])
        if cached["own_control"]:
            _cache_control(response)
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def conditional(request, response):
        """304 Not Modified when the visitor's If-None-Match names this body."""
        if not response.has_header("ETag"):
            return response
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @staticmethod
    def private(request, response):
        """Anything for a signed-in user stays out of every shared cache."""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response
