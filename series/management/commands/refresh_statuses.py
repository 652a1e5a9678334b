"""Re-derive every show's stored status, active years and season count as of today.

Not needed daily: the first request of each day re-derives the statuses the
calendar changed (`series.freshness`). Run it after writing shows in bulk without
signals, or to check that nothing drifted. The shows that changed are announced like
any other change (`facts_changed`), so their pages are dropped.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from series import derive
from series.models import Show


class Command(BaseCommand):
    help = "Re-derive every show's stored status from its seasons as of today."

    def handle(self, *args, **options):
        today = timezone.localdate()
        with derive.changing() as batch:
            batch.shows.update(Show.objects.values_list("pk", flat=True))
        changed = sum(
            1
            for change in batch.changes.values()
            if change.record.status != change.previous["status"]
        )
        self.stdout.write(f"{changed} show status(es) changed as of {today:%d %B %Y}.")
