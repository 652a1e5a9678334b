"""Helpers for the killed-worker tests, run in their own processes.

`python -m tests.follows.worker setup` makes a followed show and records a decision;
`... ask` makes a show and asks to follow it, as the form does; `...
deliver_after_the_lease` runs cron's `deliver_follows` as if the lease of every claim
had passed. `KillAfterSendBackend` sends a mail over SMTP, then kills its own process
before the worker can record that it was sent; `KillBeforeSendBackend` kills it while
the mail is on its way, before the SMTP server has it.
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


class KillBeforeSendBackend(EmailBackend):
    def send_messages(self, messages):
        os.kill(os.getpid(), signal.SIGKILL)


def ask():
    from follows.tasks import request_follow
    from series.models import Network, Show

    network = Network.objects.create(name="Netflix", slug="netflix", kind="streaming")
    show = Show.objects.create(
        title="Spinning Out", slug="spinning-out", network=network, is_published=True
    )
    request_follow("fan@example.com", show)


def deliver_after_the_lease():
    """`manage.py deliver_follows` as cron runs it once the lease of a claim has passed."""
    import time_machine
    from django.core.management import call_command

    from follows.delivery import LEASE

    later = datetime.datetime.now(datetime.UTC) + LEASE + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=True):
        call_command("deliver_follows")


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
    {"setup": setup, "ask": ask, "deliver_after_the_lease": deliver_after_the_lease}[sys.argv[1]]()
