"""The page cache's one boundary: the cache is a speed-up, never a dependency.

When the cache cannot be reached (Redis down, stalled past its socket timeouts, a file
cache's disk failing) pages are rendered afresh instead of failing, and the failure is
logged at most once a minute per process. After a failure the page cache is left alone
for RETRY_AFTER seconds, so a stalled Redis costs one socket timeout per process per
second, not one per request. A no-op backend (`dummycache://`, Django's "no cache")
means no page cache at all: pages are rendered every time, without any error.
"""

import time

from series.shared_cache import UNREACHABLE, OutageLog, is_no_op  # noqa: F401  (this boundary's API)

RETRY_AFTER = 1  # seconds

_state = {"failed_at": None}
_log = OutageLog(
    __name__, "pages are rendered afresh and invalidations wait in the database until it answers"
)


def failed(error):
    """Note that the cache failed; log it unless this process did within the minute."""
    _state["failed_at"] = time.monotonic()
    _log.failed(error)


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
    _state["failed_at"] = None
    _log.reset()
