"""Stored statuses that the calendar changes are re-derived before anything reads them.

A show's stored status is an index for listings and filters, never a second truth:
it changes without an edit on the day a premiere or a finale passes. Each show
stores that day (`Show.status_changes_on`); the first request of each day
re-derives the shows whose day has come, before any page, count or API answer is
rendered. The flag that says "done for today" lives in the shared cache, so several
app servers do the work once, and no daily job is needed.

Without the flag (the cache is unreachable, or a no-op backend) every request does the
work: one indexed read that finds nothing once the day's shows are re-derived, so
statuses stay right and nothing fails. The outage is logged at most once a minute.
"""

from django.core.cache import cache
from django.utils import timezone

from .derive import refresh_expired_statuses
from .shared_cache import UNREACHABLE, OutageLog

_log = OutageLog(__name__, "each request looks for statuses the calendar changed")

FLAG_TIMEOUT = 60 * 60 * 36  # longer than a day, so the flag outlives its date
# Answers that read no status: the health check (the benchmarks' floor of one database
# round trip), the API's schema and docs, and robots.txt.
EXEMPT_PATHS = ("/healthz", "/api/v1/openapi.json", "/api/v1/docs", "/robots.txt")


def _flag(today):
    return f"show-statuses-current:{today.isoformat()}"


def ensure_current_statuses(today=None):
    """Re-derive every stored show status that `today` has changed; cheap once done."""
    today = today or timezone.localdate()
    try:
        if cache.get(_flag(today)):
            return 0
    except UNREACHABLE as error:
        _log.failed(error)
        return refresh_expired_statuses(today)
    changed = refresh_expired_statuses(today)
    mark_statuses_current(today)
    return changed


def mark_statuses_current(today=None):
    """Record that no stored status is stale for `today` (all were derived as of it)."""
    try:
        cache.set(_flag(today or timezone.localdate()), True, FLAG_TIMEOUT)
    except UNREACHABLE as error:  # the next request re-derives instead: one cheap read
        _log.failed(error)


class CurrentStatusesMiddleware:
    """Runs `ensure_current_statuses` before any view reads a stored status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(EXEMPT_PATHS):
            ensure_current_statuses()
        return self.get_response(request)
