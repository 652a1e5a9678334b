"""Re-derive every show's stored status, and the day it next changes, as of today.

Not needed daily: the first request of each day re-derives the statuses the
calendar changed (`series.freshness`). Run it after writing shows in bulk without
signals, or to check that nothing drifted.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from series.cache import invalidate
from series.cache_tags import LISTINGS
from series.models import Show
from series.status import show_status, status_changes_on

BATCH = 2000


class Command(BaseCommand):
    help = "Re-derive every show's stored status from its seasons as of today."

    def handle(self, *args, **options):
        today = timezone.localdate()
        changed = set()
        shows = Show.objects.order_by("pk").prefetch_related("seasons")
        last_pk = 0
        while batch := list(shows.filter(pk__gt=last_pk)[:BATCH]):
            stale = []
            for show in batch:
                states = show.season_states()
                derived = (show_status(states, today), status_changes_on(states, today))
                if derived != (show.status, show.status_changes_on):
                    if derived[0] != show.status:
                        changed.add(f"show-{show.pk}")
                    show.status, show.status_changes_on = derived
                    stale.append(show)
            with transaction.atomic():
                Show.objects.bulk_update(stale, ["status", "status_changes_on"])
            last_pk = batch[-1].pk
        if changed:
            # bulk_update sends no signals: drop those shows' pages and the listings here.
            invalidate(changed | {LISTINGS})
        self.stdout.write(f"{len(changed)} show status(es) changed as of {today:%d %B %Y}.")
