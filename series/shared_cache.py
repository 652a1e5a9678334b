"""The shared cache (CACHE_URL) as something that can fail: written once for every user.

Redis in production, files on one machine, local memory in development, or Django's
no-op backend. The page cache, the daily status flag and the follow rate limit each
decide what an outage means for them; this module says what an outage looks like
(`UNREACHABLE`), logs it at most once a minute per process and user (`OutageLog`), and
serializes the file cache's read-then-write counters (`serialized`).
"""

import contextlib
import fcntl
import logging
import os
import time

from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache

try:
    from redis.exceptions import RedisError
except ImportError:  # redis-py is only needed with CACHE_URL=redis://
    RedisError = OSError

# What an unreachable cache raises: redis-py's errors (refused, reset, timed out) and
# OSError (a file cache's disk, a socket).
UNREACHABLE = (OSError, RedisError)


def is_no_op(cache):
    """Whether `cache` keeps nothing (Django's DummyCache, `dummycache://`)."""
    return isinstance(cache, DummyCache)


class OutageLog:
    """One error line per outage and minute, saying what the user does meanwhile."""

    EVERY = 60  # seconds

    def __init__(self, logger_name, meanwhile):
        self.logger = logging.getLogger(logger_name)
        self.meanwhile = meanwhile
        self.logged_at = None

    def failed(self, error):
        now = time.monotonic()
        if self.logged_at is None or now - self.logged_at >= self.EVERY:
            self.logged_at = now
            self.logger.error(
                "The cache is unreachable (%s: %s): %s (logged at most once a minute).",
                type(error).__name__,
                error,
                self.meanwhile,
            )

    def reset(self):
        self.logged_at = None


@contextlib.contextmanager
def serialized(cache, name):
    """One holder at a time of the lock `name` beside a file cache's entries, across
    processes and threads: its incr() is a read then a write. Other caches count
    atomically, and pass through."""
    if not isinstance(cache, FileBasedCache):
        yield
        return
    os.makedirs(cache._dir, exist_ok=True)
    with open(os.path.join(cache._dir, name), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
