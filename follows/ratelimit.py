"""Fixed-window request counting in the shared cache (Redis in production).

Counting is exact under concurrency: Redis increments atomically, and the file cache
(one machine without Redis), whose `incr()` is a read then a write, is serialized with
a lock file beside its entries. When the shared cache is unreachable or a no-op backend
(`dummycache://`), each process counts on its own: the limit then holds per worker
process, so an outage neither refuses every follow request nor lifts the limit. The
outage is logged at most once a minute.
"""

import contextlib
import fcntl
import hashlib
import logging
import os
import time

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache

try:
    from redis.exceptions import RedisError
except ImportError:  # redis-py is only needed with CACHE_URL=redis://
    RedisError = OSError

logger = logging.getLogger(__name__)

WINDOW = 3600  # seconds
# What an unreachable cache raises: redis-py's errors, OSError (disk, sockets).
UNREACHABLE = (OSError, RedisError)
LOG_EVERY = 60  # seconds

# Each process's own counts, for while the shared cache cannot count.
_local = LocMemCache("follows-ratelimit", {"TIMEOUT": WINDOW, "OPTIONS": {"MAX_ENTRIES": 10000}})
_logged_at = [None]


def allow(scope, key, limit):
    """Count one request for `key`; False once more than `limit` came within the hour."""
    digest = hashlib.sha256(key.encode()).hexdigest()  # no address kept in the cache
    name = f"follows:rate:{scope}:{digest}"
    shared = caches["default"]
    if isinstance(shared, DummyCache):
        return _count(_local, name) <= limit
    try:
        count = _count(shared, name)
    except UNREACHABLE as error:
        _cache_failed(error)
        count = _count(_local, name)
    return count <= limit


def _count(store, name):
    with _serialized(store):
        store.add(name, 0, WINDOW)
        try:
            return store.incr(name)
        except ValueError:  # expired between add and incr
            store.set(name, 1, WINDOW)
            return 1


@contextlib.contextmanager
def _serialized(store):
    """The file cache's incr() is a read then a write: one count at a time, across
    processes and threads (each open() of the lock file is locked on its own)."""
    if not isinstance(store, FileBasedCache):
        yield
        return
    os.makedirs(store._dir, exist_ok=True)
    with open(os.path.join(store._dir, "ratelimit.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _cache_failed(error):
    now = time.monotonic()
    if _logged_at[0] is None or now - _logged_at[0] >= LOG_EVERY:
        _logged_at[0] = now
        logger.error(
            "The cache is unreachable (%s: %s): follow requests are rate-limited per "
            "process until it answers (logged at most once a minute).",
            type(error).__name__,
            error,
        )
