"""One process of the SQLite concurrency test: `python -m tests.sqlite_worker writer|reader N GO`.

A writer records N announcements and N episode-count changes on season 2 of the seed
show, each in its own transaction; a reader reads the season page's facts N times.
All wait for the GO file so they really run at the same time.
"""

import datetime
import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
django.setup()

from django.db import transaction  # noqa: E402

from series.models import Announcement, Season  # noqa: E402


def wait_for(go):
    while not go.exists():
        time.sleep(0.01)


def write(name, count):
    for index in range(count):
        with transaction.atomic():
            season = Season.objects.get(show__slug="spinning-out", number=2)
            season.episode_count = (season.episode_count or 0) + 1
            season.save()
            Announcement.objects.create(
                season=season,
                decision="renewed" if index % 2 else "cancelled",
                announced_date=datetime.date(2020, 3, 1) + datetime.timedelta(days=index),
                source_name=f"{name} source {index}",
                source_url="https://example.com/",
            )
            time.sleep(0.002)  # hold the write lock a moment, so writers really contend


def read(count):
    for _ in range(count):
        season = Season.objects.select_related("show__network").get(
            show__slug="spinning-out", number=2
        )
        list(season.announcements.all())
        season.answer()


if __name__ == "__main__":
    role, count, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    wait_for(go)
    if role == "reader":
        read(count)
    else:
        write(role, count)
    print("done")
