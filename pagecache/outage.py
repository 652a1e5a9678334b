"""The page cache's one boundary: the cache is a speed-up, never a dependency.

When the cache cannot be reached (Redis down, stalled past its socket timeouts, a file
cache's disk failing) pages are rendered afresh instead of failing, and the failure is
logged at most once a minute per process. After a failure the page cache is left alone
for RETRY_AFTER seconds, so a stalled Redis costs one socket timeout per process per
second, not one per request. A no-op backend (`dummycache://`, Django's "no cache")
means no page cache at all: pages are rendered every time, without any error.
"""

import logging
import time

from django.core.cache.backends.dummy import DummyCache

try:
    from redis.exceptions import RedisError
except ImportError:  # redis-py is only needed with CACHE_URL=redis://
    RedisError = OSError

logger = logging.getLogger(__name__)

# What an unreachable cache raises: redis-py's errors (refused, reset, timed out) and
# OSError (a file cache's disk, a socket).
UNREACHABLE = (OSError, RedisError)
LOG_EVERY = 60  # seconds
RETRY_AFTER = 1  # seconds

_state = {"failed_at": None, "logged_at": None}


def is_no_op(cache):
    """Whether `cache` keeps nothing (Django's DummyCache): then there is no page cache."""
    return isinstance(cache, DummyCache)


def failed(error):
    """Note that the cache failed; log it unless this process did within the minute."""
    now = time.monotonic()
    _state["failed_at"] = now
    logged_at = _state["logged_at"]
    if logged_at is None or now - logged_at >= LOG_EVERY:
        _state["logged_at"] = now
        logger.error(
            "The page cache is unreachable (%s: %s): pages are rendered afresh and "
            "invalidations wait in the database until it answers (logged at most once "
            "a minute).",
            type(error).__name__,
            error,
        )


def resting():
    """Whether the cache failed within RETRY_AFTER seconds: leave it alone meanwhile."""
    failed_at = _state["failed_at"]
    return failed_at is not None and time.monotonic() - failed_at < RETRY_AFTER


def failed_since(moment):
    """Whether the cache failed after `moment` (a time.monotonic() value, or None)."""
    failed_at = _state["failed_at"]
    return failed_at is not None and (moment is None or failed_at > moment)


def reset():
    """Forget past failures (tests; a process that knows the cache is back)."""
    _state.update(failed_at=None, logged_at=None)
