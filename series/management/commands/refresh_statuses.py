"""Re-derive every show's stored status as of today.

A show's status also changes with the calendar (a premiere passes, a finale airs)
without anyone saving anything, so run this daily, e.g. from cron just after midnight.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from series.cache import bump_version
from series.models import Show

BATCH = 2000


class Command(BaseCommand):
    help = "Re-derive every show's stored status from its seasons as of today."

    def handle(self, *args, **options):
        today = timezone.localdate()
        changed = 0
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
            changed += len(stale)
            last_pk = batch[-1].pk
        if changed:
            bump_version()  # bulk_update sends no signals; listings must not stay stale
        self.stdout.write(f"{changed} show status(es) changed as of {today:%d %B %Y}.")
