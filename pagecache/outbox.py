"""Invalidations the cache missed, kept in the database and replayed when it answers.

A change whose tags could not be bumped (the cache was down) leaves a
`PendingInvalidation` row in its own transaction. Before a process serves a cached page
it looks for such rows, at most once every CHECK_EVERY seconds and at once after it saw
the cache fail; it bumps and purges their tags, then deletes them. So a cache that
returns holding pages from before the change (a partition, or a restart from an older
snapshot) never serves them. If the database cannot be read, cached pages are served:
the database being down must not take the cached site down with it.
"""

import logging
import time

from django.db import DatabaseError, router

from . import outage, purge
from .models import PendingInvalidation
from .versions import bump_tags

logger = logging.getLogger(__name__)

CHECK_EVERY = 1  # seconds; bounds how long a page missed by a failed bump can be served
BATCH = 500

_state = {"checked_at": None}


def _database():
    return router.db_for_write(PendingInvalidation)


def record(tags, using=None):
    """Keep `tags` until the cache answers again (in the caller's transaction, if any)."""
    PendingInvalidation.objects.using(using or _database()).create(tags=sorted(tags))


def due():
    """Whether this process should look for pending rows now."""
    checked_at = _state["checked_at"]
    return (
        checked_at is None
        or time.monotonic() - checked_at >= CHECK_EVERY
        or outage.failed_since(checked_at)
    )


def replay_if_due():
    """Bump and purge the tags of pending rows; True if any were replayed.

    Raises what the cache raises when it is still unreachable (the rows stay).
    """
    if not due():
        return False
    _state["checked_at"] = time.monotonic()
    rows = PendingInvalidation.objects.using(_database())
    try:
        pending = list(rows.values_list("pk", "tags")[:BATCH])
    except DatabaseError as error:
        logger.warning("Could not read pending invalidations (%s); serving cached pages.", error)
        return False
    if not pending:
        return False
    tags = {tag for _pk, row_tags in pending for tag in row_tags}
    bump_tags(tags)
    purge.send(tags)
    if len(pending) == BATCH:
        _state["checked_at"] = None  # more are waiting: the next request replays them
    try:
        rows.filter(pk__in=[pk for pk, _tags in pending]).delete()
    except DatabaseError as error:  # they are replayed again, which is harmless
        logger.warning("Could not delete replayed invalidations (%s).", error)
    logger.info("Replayed %d invalidations the cache had missed.", len(pending))
    return True


def reset():
    _state["checked_at"] = None
