"""Values read from the facts, kept in the page cache's store until the facts change.

A page the cache misses, or any page on a server with the page cache off
(`PAGE_CACHE=false`), is rendered in full. What such a render reads that grows with
the catalogue (the home page's status counts over every published show) is kept here
instead. A value is kept with the clock (`versions.current_version`) read before it
was computed, and served only while the clock still reads the same: every change of
the facts moves the clock at the end of its batch and again after its commit
(pagecache/receivers.py), a bulk writer's `announce_bulk_change` too, so a value
computed before a change is never served after it. The caller puts what else the value
depends on in its name (a date, for what the calendar changes without an event).

The page cache's boundary holds here as well: with the cache unreachable or a no-op,
the value is computed every time (pagecache/outage.py); bumps the cache missed are
replayed before a kept value is trusted (pagecache/outbox.py); and for a while after
any change the value is read from the primary, so a lagging replica never puts an old
value under a new clock.
"""

from django.conf import settings

from series.routers import use_primary

from . import outage, outbox
from .versions import CHANGED_AT_KEY, CLOCK_KEY, current_version, recently_changed, store

KEY_PREFIX = "page-cache:kept:"


def kept(name, compute):
    """What `compute()` returns, computed again only after the facts changed."""
    cache = store()
    if outage.is_no_op(cache) or outage.resting():
        return compute()
    key = KEY_PREFIX + name
    try:
        found = cache.get_many([key, CLOCK_KEY, CHANGED_AT_KEY])
        entry = found.get(key)
        if entry is not None and entry["clock"] == found.get(CLOCK_KEY):
            if not outbox.replay_if_due():
                return entry["value"]
            found = cache.get_many([CLOCK_KEY, CHANGED_AT_KEY])  # missed changes moved it
        started = found.get(CLOCK_KEY) or current_version()
    except outage.UNREACHABLE as error:
        outage.failed(error)
        return compute()
    with use_primary(recently_changed(found)):
        value = compute()
    try:
        cache.set(key, {"clock": started, "value": value}, settings.PAGE_CACHE_TTL)
    except outage.UNREACHABLE as error:
        outage.failed(error)
    return value
