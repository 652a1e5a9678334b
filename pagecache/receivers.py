"""The page cache's subscriptions: drop the pages a change of the facts made stale.

At the end of the change's batch (before the commit) the tags are bumped here, so this
process never serves a page from before its own change; after the commit they are
bumped again, which also drops a page another process rendered from the old rows in
between, and purged from the shared caches in front.

A bump the cache misses (it is down) never fails the save: its tags are kept in the
database, in the change's transaction when the first bump fails, and replayed when the
cache answers again (pagecache/outbox.py).
"""

from django.dispatch import receiver

from series.derive import facts_changed, facts_changing

from . import outage, outbox, purge
from .tags import ALL, change_tags
from .versions import bump_tags


def stale_tags(changes, everything, using):
    return {ALL} if everything else change_tags(changes, using)


def bump_or_keep(tags, using):
    """Bump `tags`, or keep them for a replay if the cache cannot be reached."""
    if outage.resting():
        outbox.record(tags, using)
        return
    try:
        bump_tags(tags)
    except outage.UNREACHABLE as error:
        outage.failed(error)
        outbox.record(tags, using)


@receiver(facts_changing, dispatch_uid="page_cache_facts_changing")
def drop_stale_pages_here(sender, changes, everything=False, using="default", **kwargs):
    bump_or_keep(stale_tags(changes, everything, using), using)


@receiver(facts_changed, dispatch_uid="page_cache_facts_changed")
def drop_stale_pages(sender, changes, everything=False, using="default", **kwargs):
    tags = stale_tags(changes, everything, using)
    bump_or_keep(tags, using)
    purge.send(tags)
    outbox.keep_undelivered_purges()  # earlier purges no shared cache took
