"""Helpers for the killed-worker test, run in their own processes.

`python -m tests.follows.worker setup` makes a followed show and records a decision;
`KillAfterSendBackend` sends a mail over SMTP, then kills its own process before the
worker can record that it was sent.
"""

import datetime
import os
import signal
import sys

import django
from django.core.mail.backends.smtp import EmailBackend


class KillAfterSendBackend(EmailBackend):
    def send_messages(self, messages):
        sent = super().send_messages(messages)
        os.kill(os.getpid(), signal.SIGKILL)
        return sent


def setup():
    from django.db import transaction
    from django.utils import timezone

    from follows.models import Subscription
    from series.models import Announcement, Network, Season, Show

    network = Network.objects.create(name="Netflix", slug="netflix", kind="streaming")
    show = Show.objects.create(
        title="Spinning Out", slug="spinning-out", network=network, is_published=True
    )
    season = Season.objects.create(show=show, number=2)
    for address in ["first@example.com", "second@example.com"]:
        Subscription.objects.create(email=address, show=show, confirmed_at=timezone.now())
    with transaction.atomic():
        Announcement.objects.create(
            season=season,
            decision="cancelled",
            announced_date=datetime.date(2020, 2, 3),
            source_name="Variety",
            source_url="https://variety.example.com/",
        )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
    django.setup()
    {"setup": setup}[sys.argv[1]]()
