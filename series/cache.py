"""A page cache for anonymous visitors that is never stale.

Every public GET answered 200 to a visitor without a session is kept in the cache
(CACHE_URL: local memory in development, files or Redis in production) under a key
made of the host, path, sorted query string and today's date, together with the
site-wide *content version* it was rendered under; it is served only while that is
still the current version (both are read in one round trip). Any save, delete or
many-to-many change of a `series` model — from the admin, the ORM or `loaddata` —
replaces the version, so every cached page is missed at once and the next visitor
gets a fresh one. Commands that write in bulk (no signals)
call `bump_version()` themselves.

Browsers and CDNs get `Cache-Control: public, max-age=...` and an ETag of the body,
so they revalidate cheaply and a conditional GET answers 304. Logged-in users are
never served from or stored in the cache; their responses are `private, no-store`.
"""

import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from .routers import use_primary

VERSION_KEY = "page-cache:version"
# Headers a cached page keeps; cookies never, per-request headers are added on the way out.
SKIP_HEADERS = {"set-cookie", "date", "vary"}


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _new_version():
    # Nanoseconds first, so a reader can tell how recently the content changed.
    return f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"


def current_version():
    version = _cache().get(VERSION_KEY)
    if version is None:
        version = _new_version()
        # add() so two servers starting together agree on one version.
        if not _cache().add(VERSION_KEY, version, timeout=None):
            version = _cache().get(VERSION_KEY) or version
    return version


def version_age(version):
    """Seconds since the content last changed (for the replica's lag window)."""
    try:
        return (time.time_ns() - int(version.split("-", 1)[0])) / 1e9
    except (ValueError, AttributeError):
        return float("inf")


def bump_version():
    """Forget every cached page: the next request of each renders it afresh."""
    _cache().set(VERSION_KEY, _new_version(), timeout=None)


def bump_now_and_on_commit(using=DEFAULT_DB_ALIAS):
    """Bump at once and again after the transaction commits.

    The first bump makes the change visible to this process at once (and in tests,
    whose transactions never commit); the second removes any page a concurrent
    request rendered from the old data between the save and the commit.
    """
    bump_version()
    transaction.on_commit(bump_version, using=using)


def _is_content(sender):
    return sender._meta.app_label in getattr(settings, "PAGE_CACHE_APPS", ["series"])


@receiver(post_save, dispatch_uid="page_cache_saved")
@receiver(post_delete, dispatch_uid="page_cache_deleted")
@receiver(m2m_changed, dispatch_uid="page_cache_m2m_changed")
def content_changed(sender, using=DEFAULT_DB_ALIAS, action=None, **kwargs):
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed fires pre_ and post_; one bump is enough.
    if _is_content(sender):
        bump_now_and_on_commit(using)


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


def _public_headers(response):
    if not response.has_header("Cache-Control"):
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_MAX_AGE,
            must_revalidate=True,
        )
    patch_vary_headers(response, ["Cookie"])
    if not response.has_header("ETag"):
        set_response_etag(response)


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

        enabled = settings.PAGE_CACHE_ENABLED
        if enabled:
            # One round trip (MGET on Redis): the current version and this page's entry,
            # which is good only if it was rendered under that same version.
            key = _cache_key(request)
            found = _cache().get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or current_version()
            cached = found.get(key)
            if cached is not None and cached["version"] == version:
                response = HttpResponse(cached["content"], headers=cached["headers"])
                response["X-Page-Cache"] = "hit"
                return self.conditional(request, response)
            with use_primary(version_age(version) < settings.REPLICA_LAG_SECONDS):
                response = self.get_response(request)
        else:
            response = self.get_response(request)

        if response.status_code != 200 or response.streaming:
            return self.private(request, response)
        if not _may_store(request, response):
            return self.private(request, response)
        _public_headers(response)
        if enabled and request.method == "GET":
            headers = {k: v for k, v in response.items() if k.lower() not in SKIP_HEADERS}
            headers["Vary"] = response["Vary"]
            entry = {"version": version, "content": response.content, "headers": headers}
            _cache().set(key, entry, settings.PAGE_CACHE_TTL)
            response["X-Page-Cache"] = "miss"
        return self.conditional(request, response)

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
