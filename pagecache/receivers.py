"""The page cache's subscriptions: drop the pages a change of the facts made stale.

At the end of the change's batch (before the commit) the tags are bumped here, so this
process never serves a page from before its own change; after the commit they are
bumped again, which also drops a page another process rendered from the old rows in
between, and purged from the shared caches in front.
"""

from django.dispatch import receiver

from series.derive import facts_changed, facts_changing

from . import purge
from .tags import ALL, change_tags
from .versions import bump_tags


def stale_tags(changes, everything, using):
    return {ALL} if everything else change_tags(changes, using)


@receiver(facts_changing, dispatch_uid="page_cache_facts_changing")
def drop_stale_pages_here(sender, changes, everything=False, using="default", **kwargs):
    bump_tags(stale_tags(changes, everything, using))


@receiver(facts_changed, dispatch_uid="page_cache_facts_changed")
def drop_stale_pages(sender, changes, everything=False, using="default", **kwargs):
    tags = stale_tags(changes, everything, using)
    bump_tags(tags)
    purge.send(tags)
