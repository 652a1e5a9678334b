"""Re-derive every show's stored status as of today.

A show's status also changes with the calendar (a premiere passes, a finale airs)
without anyone saving anything, so run this daily, e.g. from cron just after midnight.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from series.cache import invalidate
from series.cache_tags import LISTINGS
from series.models import Show

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
                status = show.derive_status(today)
                if status != show.status:
                    show.status = status
                    stale.append(show)
            with transaction.atomic():
                Show.objects.bulk_update(stale, ["status"])
            changed.update(f"show-{show.pk}" for show in stale)
            last_pk = batch[-1].pk
        if changed:
            # bulk_update sends no signals: drop those shows' pages and the listings here.
            invalidate(changed | {LISTINGS})
        self.stdout.write(f"{len(changed)} show status(es) changed as of {today:%d %B %Y}.")
