"""Invalidations a cache missed, kept in the database and replayed when it answers.

A change whose tags could not be bumped (the page cache was down) leaves a
`PendingInvalidation` row in its own transaction. Before a process serves a cached page
it looks for such rows, at most once every CHECK_EVERY seconds and at once after it saw
the cache fail; it bumps and purges their tags, then deletes them. So a cache that
returns holding pages from before the change (a partition, or a restart from an older
snapshot) never serves them. If the database cannot be read, cached pages are served:
the database being down must not take the cached site down with it.

A purge that no shared cache in front took (pagecache/purge.py gave up on it) is kept
as a `shared_only` row at the next look, and sent again every SHARED_RETRY seconds
until a cache takes it.
"""

import datetime
import logging
import time

from django.db import DatabaseError, router
from django.db.models import Q
from django.utils import timezone

from . import outage, purge
from .models import PendingInvalidation
from .versions import bump_tags

logger = logging.getLogger(__name__)

CHECK_EVERY = 1  # seconds; bounds how long a page missed by a failed bump can be served
SHARED_RETRY = 30  # seconds between two tries of a purge no shared cache took
BATCH = 500

_state = {"checked_at": None}


def _database():
    return router.db_for_write(PendingInvalidation)


def record(tags, using=None, shared_only=False):
    """Keep `tags` until the cache answers again (in the caller's transaction, if any)."""
    PendingInvalidation.objects.using(using or _database()).create(
        tags=sorted(tags), shared_only=shared_only
    )


def keep_undelivered_purges():
    """Move the tags no shared cache took from this process's memory to the database."""
    tags = purge.purger.take_undelivered()
    if not tags:
        return
    try:
        record(tags, shared_only=True)
    except DatabaseError as error:
        logger.warning("Could not keep undelivered purges (%s): %s", error, " ".join(tags))


def due():
    """Whether this process should look for pending rows now."""
    checked_at = _state["checked_at"]
    if checked_at is None or outage.failed_since(checked_at):
        return True
    return time.monotonic() - checked_at >= CHECK_EVERY


def replay_if_due():
    """Bump and purge the tags of pending rows; True if the page cache's were bumped.

    Raises what the cache raises when it is still unreachable (the rows stay).
    """
    if not due():
        return False
    _state["checked_at"] = time.monotonic()
    keep_undelivered_purges()
    retry_before = timezone.now() - datetime.timedelta(seconds=SHARED_RETRY)
    rows = PendingInvalidation.objects.using(_database())
    try:
        pending = list(
            rows.filter(Q(shared_only=False) | Q(noted_at__lte=retry_before)).values_list(
                "pk", "tags", "shared_only"
            )[:BATCH]
        )
    except DatabaseError as error:
        logger.warning("Could not read pending invalidations (%s); serving cached pages.", error)
        return False
    if not pending:
        return False
    missed = {tag for _pk, tags, shared_only in pending if not shared_only for tag in tags}
    if missed:
        bump_tags(missed)
    purge.send({tag for _pk, tags, _shared_only in pending for tag in tags})
    if len(pending) == BATCH:
        _state["checked_at"] = None  # more are waiting: the next request replays them
    try:
        rows.filter(pk__in=[pk for pk, _tags, _shared_only in pending]).delete()
    except DatabaseError as error:  # they are replayed again, which is harmless
        logger.warning("Could not delete replayed invalidations (%s).", error)
    logger.info("Replayed %d invalidations a cache had missed.", len(pending))
    return bool(missed)


def reset(checked=False):
    """Forget when this process last looked (`checked`: it just did)."""
    _state["checked_at"] = time.monotonic() if checked else None
