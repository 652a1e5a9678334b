"""Tag versions: the shared clock and the version of each cache tag.

Versions come from one shared counter (the *clock*, `current_version()`): a bump takes
the next value. A cached page is served only while each of its tags still has the
version it was rendered under, so bumping a tag drops every page that carries it.
"""

import time

from django.conf import settings
from django.core.cache import caches

from series.shared_cache import serialized

from . import outage, purge
from .tags import ALL

CLOCK_KEY = "page-cache:clock"
CHANGED_AT_KEY = "page-cache:changed-at"
TAG_PREFIX = "page-cache:tag:"


def store():
    """The cache holding pages, the clock and the tag versions (PAGE_CACHE_ALIAS)."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def tag_key(tag):
    return TAG_PREFIX + tag


def _tick():
    """The clock's next value. It starts from the time in microseconds, so it still only
    moves forward if the cache ever loses it."""
    cache = store()
    with serialized(cache, "clock.lock"):
        try:
            return cache.incr(CLOCK_KEY)
        except ValueError:
            cache.add(CLOCK_KEY, time.time_ns() // 1000, timeout=None)
            return cache.incr(CLOCK_KEY)


def current_version():
    """The clock: it moves on every change, whatever the change's tags."""
    if outage.is_no_op(store()):
        return 0  # nothing is cached, so nothing needs a version
    version = store().get(CLOCK_KEY)
    return version if version is not None else _tick()


def recently_changed(found):
    """Whether the facts changed within REPLICA_LAG_SECONDS, by the CHANGED_AT_KEY in
    `found` (a get_many answer; no record counts as recent). Renders then read the
    primary: a lagging replica would give them rows from before the change."""
    changed_at = found.get(CHANGED_AT_KEY)
    return changed_at is None or time.time_ns() - changed_at < settings.REPLICA_LAG_SECONDS * 1e9


def bump_tags(tags):
    """Drop every cached page carrying any of `tags` (here, not in shared caches)."""
    if outage.is_no_op(store()):
        return
    version = _tick()
    values = {tag_key(tag): version for tag in tags}
    values[CHANGED_AT_KEY] = time.time_ns()
    store().set_many(values, timeout=None)


def bump_version():
    """Forget every cached page, here and in the shared caches in front."""
    bump_tags({ALL})
    purge.send({ALL})
