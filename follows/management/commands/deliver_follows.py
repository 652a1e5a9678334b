"""Run the follow worker's due work once, here and now (cron's safety net).

Picks up whatever a killed worker left behind, notices premieres that arrived with
the calendar and changes written without signals, closes due digests and sends due
mails and webhook calls. Safe to run at any time, beside running workers.
"""

from django.core.management.base import BaseCommand

from follows.delivery import run_due
from follows.tasks import wake_at, wake_worker


class Command(BaseCommand):
    help = "Send due follow mails and webhook calls now; resume what a stopped worker left."

    def handle(self, *args, **options):
        done = run_due()
        for when in done["retry_at"]:
            wake_at(when)
        if done["recorded"]:
            wake_worker(done["recorded"])
        self.stdout.write(
            "{changes} changes noticed, {digests} digests closed, "
            "{mails} mails and {webhooks} webhook calls sent.".format(**done)
        )
