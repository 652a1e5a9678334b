"""One process of the SQLite sync test: `python -m tests.api.sqlite_sync_worker ROLE`,
with DATABASE_URL naming a database file (tests/subprocess_helpers.environment).

- `writer`: saves an announcement in a transaction, prints its id, and keeps the
  transaction (and SQLite's write lock) open until a line arrives on stdin.
- `sync [SINCE]`: asks the API for the announcements since SINCE, as a client would,
  and prints the answer's JSON. Without the cursor's margin, so that only the rule for
  SQLite keeps the cursor before a change still uncommitted.
"""

import datetime
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from series.api import sync as sync_rules  # noqa: E402
from series.models import Announcement, Season  # noqa: E402


def write():
    with transaction.atomic():
        season = Season.objects.get(show__slug="spinning-out", number=2)
        announcement = Announcement.objects.create(
            season=season,
            decision="renewed",
            announced_date=datetime.date(2021, 5, 1),
            source_name="Slow source",
        )
        print(announcement.pk, flush=True)
        sys.stdin.readline()  # the test says when to commit


def sync(since=None):
    sync_rules.MARGIN = datetime.timedelta(0)
    params = {"since": since} if since else {}
    response = Client(HTTP_HOST="localhost").get(reverse("api:announcement-list"), params)
    print(response.content.decode(), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "writer":
        write()
    else:
        sync(*sys.argv[2:])
