"""Re-derive every show's stored status, the day it next changes and its season count.

Not needed daily: the first request of each day re-derives the statuses the
calendar changed (`series.freshness`). Run it after writing shows in bulk without
signals, or to check that nothing drifted.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from pagecache.tags import LISTINGS
from pagecache.versions import invalidate
from series.models import Show
from series.status import show_status, status_changes_on

BATCH = 2000


class Command(BaseCommand):
    help = "Re-derive every show's stored status from its seasons as of today."

    def handle(self, *args, **options):
        today = timezone.localdate()
        changed, recounted = set(), set()
        shows = Show.objects.order_by("pk").prefetch_related("seasons")
        last_pk = 0
        while batch := list(shows.filter(pk__gt=last_pk)[:BATCH]):
            stale = []
            for show in batch:
                states = show.season_states()
                derived = (
                    show_status(states, today),
                    status_changes_on(states, today),
                    len(states),
                )
                if derived != (show.status, show.status_changes_on, show.season_count):
                    if derived[0] != show.status:
                        changed.add(f"show-{show.pk}")
                    if derived[2] != show.season_count:
                        recounted.add(f"show-{show.pk}")
                    show.status, show.status_changes_on, show.season_count = derived
                    stale.append(show)
            with transaction.atomic():
                Show.objects.bulk_update(stale, ["status", "status_changes_on", "season_count"])
            last_pk = batch[-1].pk
        if changed or recounted:
            # bulk_update sends no signals: drop those shows' pages and the listings here.
            invalidate(changed | recounted | {LISTINGS})
        self.stdout.write(f"{len(changed)} show status(es) changed as of {today:%d %B %Y}.")
