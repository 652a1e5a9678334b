"""Fixed-window request counting in the shared cache (Redis in production).

Counting is exact under concurrency: Redis increments atomically, and the file cache
(one machine without Redis), whose `incr()` is a read then a write, is serialized with
a lock file beside its entries. When the shared cache is unreachable or a no-op backend
(`dummycache://`), each process counts on its own: the limit then holds per worker
process, so an outage neither refuses every follow request nor lifts the limit. The
outage is logged at most once a minute.
"""

import hashlib

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from series.shared_cache import UNREACHABLE, OutageLog, is_no_op, serialized

WINDOW = 3600  # seconds

# Each process's own counts, for while the shared cache cannot count.
_local = LocMemCache("follows-ratelimit", {"TIMEOUT": WINDOW, "OPTIONS": {"MAX_ENTRIES": 10000}})
_log = OutageLog(__name__, "follow requests are rate-limited per process until it answers")


def allow(scope, key, limit):
    """Count one request for `key`; False once more than `limit` came within the hour."""
    digest = hashlib.sha256(key.encode()).hexdigest()  # no address kept in the cache
    name = f"follows:rate:{scope}:{digest}"
    shared = caches["default"]
    if is_no_op(shared):
        return _count(_local, name) <= limit
    try:
        count = _count(shared, name)
    except UNREACHABLE as error:
        _log.failed(error)
        count = _count(_local, name)
    return count <= limit


def _count(store, name):
    with serialized(store, "ratelimit.lock"):
        store.add(name, 0, WINDOW)
        try:
            return store.incr(name)
        except ValueError:  # expired between add and incr
            store.set(name, 1, WINDOW)
            return 1
