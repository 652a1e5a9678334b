"""An editor at work, for `make bench`'s under-edits phase: one save every INTERVAL seconds.

Each save renames a random published demo show through the ORM (the same signals as
an admin save: page cache bumps, and purges when CACHE_PURGE_URLS is set). A second
thread then waits for the purges to be sent and reads one of that show's season pages
through BASE (one of the read load's pages when the show has one): a page that does not
show the new title is a stale read. Runs until SIGTERM, then prints JSON:
{"edits": n, "checks": n, "stale": n, "errors": n}.

Usage: editor.py BASE INTERVAL PATHS_FILE (run by bench/run.py with the server's environment).
"""

import html
import json
import os
import queue
import random
import signal
import sys
import threading
import time
import urllib.request
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
django.setup()

from pagecache import purge  # noqa: E402
from series.models import Season, Show  # noqa: E402

running = True


def stop(*_):
    global running
    running = False


def read(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def check(checks, stats):
    """Read each changed page once the save's purges are out; count the stale ones."""
    while (item := checks.get()) is not None:
        url, title = item
        purge.wait(timeout=10)
        try:
            page = read(url)
        except OSError:
            stats["errors"] += 1
            continue
        stats["checks"] += 1
        stats["stale"] += html.escape(title) not in page


def main():
    base, interval, paths_file = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    signal.signal(signal.SIGTERM, stop)
    rng = random.Random(11)
    read_set = {}
    for path in Path(paths_file).read_text().split():
        read_set.setdefault(path.split("/")[2], path)  # /shows/<slug>/season/<n>/
    shows = list(
        Show.objects.published().filter(slug__startswith="demo-").values_list("pk", flat=True)
    )
    stats = {"edits": 0, "checks": 0, "stale": 0, "errors": 0}
    checks = queue.Queue()
    checker = threading.Thread(target=check, args=(checks, stats))
    checker.start()
    print("ready", flush=True)  # set up: the read load may start
    next_edit = time.monotonic()
    while running:
        show = Show.objects.get(pk=rng.choice(shows))
        path = read_set.get(show.slug)
        if path is None:
            season = Season.objects.filter(show=show).order_by("number").first()
            path = season.get_absolute_url() if season else None
        show.title = f"{show.title.split(' · ')[0]} · edit {stats['edits'] + 1}"
        show.save()
        stats["edits"] += 1
        if path:
            checks.put((base + path, show.title))
        next_edit += interval
        time.sleep(max(0.0, next_edit - time.monotonic()))
    checks.put(None)
    checker.join()
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
