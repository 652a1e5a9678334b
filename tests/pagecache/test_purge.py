"""Purging the shared caches in front: what a cache (Varnish with xkey) receives, and when.

Each test runs its own `Purger` against a stand-in cache on a local port that records
every PURGE request it is sent, so nothing waits on a real network.
"""

import datetime
import itertools
import logging
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from pagecache import outbox, purge
from pagecache.models import PendingInvalidation
from pagecache.purge import PURGE_HEADER, Purger, chunks
from pagecache.versions import bump_version
from tests.subprocess_helpers import ROOT


class StandInCache:
    """An HTTP server that records PURGE requests and answers each with the next status."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []  # (path, header, monotonic time)
        self.arrived = threading.Semaphore(0)
        self.hold = threading.Event()
        self.hold.set()  # set: answer at once; clear: keep the next request waiting
        cache = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                header = self.headers.get(PURGE_HEADER)
                cache.requests.append((self.path, header, time.monotonic()))
                cache.arrived.release()
                cache.hold.wait(10)
                status = cache.statuses.pop(0) if len(cache.statuses) > 1 else cache.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def headers(self):
        return [header for _path, header, _at in self.requests]

    def wait_for(self, count, purger, timeout=5):
        """Until `count` requests arrived; fails at once if the purger's thread died."""
        for _ in range(count):
            deadline = time.monotonic() + timeout
            while not self.arrived.acquire(timeout=0.05):
                thread = purger.thread
                assert thread is not None and thread.is_alive(), "the purge thread died"
                assert time.monotonic() < deadline, f"only {len(self.requests)} requests arrived"

    def close(self):
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stand_in(settings):
    settings.CACHE_PURGE_REPEAT = 0
    settings.CACHE_PURGE_ATTEMPTS = 4
    settings.CACHE_PURGE_TIMEOUT = 5
    caches = []

    def make(statuses=(200,)):
        cache = StandInCache(statuses)
        caches.append(cache)
        settings.CACHE_PURGE_URLS = [c.url for c in caches]
        return cache

    yield make
    for cache in caches:
        cache.close()


def test_tags_are_purged_in_parts_below_the_header_limit():
    """Varnish refuses headers over 8 KB: each part's header stays within MAX_HEADER."""
    nine = [f"show-{n:04d}" for n in range(801)]  # 9 characters, 10 with the space
    parts = list(chunks(nine))
    assert [len(part) for part in parts] == [400, 400, 1]  # 400 x 10 = MAX_HEADER exactly
    assert [tag for part in parts for tag in part] == nine
    assert list(chunks([])) == []
    # A header of exactly MAX_HEADER characters (spaces counted) is one part; one more is two.
    assert list(chunks(["a" * 3995, "b" * 3])) == [["a" * 3995, "b" * 3]]
    assert list(chunks(["a" * 3995, "b" * 4])) == [["a" * 3995], ["b" * 4]]
    assert list(chunks(["x" * 5000, "show-1"])) == [["x" * 5000], ["show-1"]]
    assert list(chunks(["show-1", "x" * 5000])) == [["show-1"], ["x" * 5000]]


def test_a_change_is_purged_by_tag_from_every_cache(stand_in):
    first, second = stand_in(), stand_in()
    purger = Purger()
    first.hold.clear()
    purger.send({"show-12", "season-40", "all"})
    first.wait_for(1, purger)
    first.hold.set()
    started = time.monotonic()
    assert purger.wait(timeout=1.0)  # woken as soon as it is sent, not at the deadline
    assert time.monotonic() - started < 0.9
    for cache in (first, second):
        assert [(path, header) for path, header, _ in cache.requests] == [
            ("/", "all season-40 show-12")
        ]


def test_saves_waiting_for_the_thread_become_one_request(stand_in):
    cache = stand_in()
    cache.hold.clear()
    purger = Purger()
    purger.send({"show-1"})
    cache.wait_for(1, purger)  # the thread is busy with the first purge
    purger.send({"show-2"})
    purger.send({"season-3", "show-2"})
    started = time.monotonic()
    assert not purger.wait(timeout=0.2)  # two batches still wait
    assert time.monotonic() - started < 2
    cache.hold.set()
    assert purger.wait(timeout=5)
    assert cache.headers() == ["show-1", "season-3 show-2"]


def test_nothing_to_purge_sends_nothing(stand_in):
    cache = stand_in()
    purger = Purger()
    purger.send(set())
    assert purger.wait(timeout=0)
    assert purger.thread is None
    assert cache.requests == []


def test_no_cache_configured_sends_nothing(settings):
    settings.CACHE_PURGE_URLS = []
    purger = Purger()
    purger.send({"show-1"})
    assert purger.wait(timeout=0)
    assert purger.thread is None


def test_each_purge_is_sent_once_more_a_moment_later(stand_in, settings):
    """For a page a cache fetched while the change was committing."""
    settings.CACHE_PURGE_REPEAT = 0.3
    cache = stand_in()
    purger = Purger()
    purger.send({"show-1"})
    assert purger.wait(timeout=5)
    assert cache.headers() == ["show-1", "show-1"]
    (_, _, sent), (_, _, again) = cache.requests
    assert again - sent >= 0.3
    time.sleep(0.5)
    assert len(cache.requests) == 2  # and only once more


def test_a_failing_cache_is_tried_again_with_growing_pauses_then_logged(
    stand_in, caplog, settings
):
    settings.PAGE_CACHE_SHARED_MAX_AGE = 600
    cache = stand_in(statuses=[503])
    purger = Purger()
    with caplog.at_level(logging.ERROR, logger="pagecache.purge"):
        purger.send({"show-1", "season-2"})
        assert purger.wait(timeout=10)
    times = [at for _path, _header, at in cache.requests]
    assert cache.headers() == ["season-2 show-1"] * 4
    pauses = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert pauses[0] >= 0.2 and pauses[1] >= 0.4 and pauses[2] >= 0.8, pauses
    assert sum(pauses) < 3.0, pauses  # 1.4 s of pauses, with room for a busy machine
    # Only this purger's cache: the module's own purger may still be retrying another's.
    (record,) = [record for record in caplog.records if cache.url in record.getMessage()]
    assert "HTTP Error 503" in record.getMessage()
    assert record.getMessage().startswith(
        f"Could not purge season-2 show-1 from {cache.url} after 4 attempts: "
    )
    assert record.getMessage().endswith("; those pages may stay in that cache for up to 600 s.")


def test_a_cache_that_recovers_is_purged_without_an_error(stand_in, caplog):
    cache = stand_in(statuses=[503, 200])
    purger = Purger()
    with caplog.at_level(logging.ERROR, logger="pagecache.purge"):
        purger.send({"show-1"})
        assert purger.wait(timeout=10)
    assert cache.headers() == ["show-1", "show-1"]
    assert [record for record in caplog.records if cache.url in record.getMessage()] == []


def test_purge_reports_whether_the_cache_took_it(stand_in, settings):
    ok = stand_in()
    settings.CACHE_PURGE_ATTEMPTS = 1
    down = StandInCache([500])
    try:
        assert Purger().purge(ok.url, ["show-1"]) is True
        assert Purger().purge(down.url, ["show-1"]) is False
    finally:
        down.close()
    settings.CACHE_PURGE_ATTEMPTS = 0
    assert Purger().purge(ok.url, ["show-1"]) is False
    assert ok.headers() == ["show-1"]


def test_a_dead_purge_thread_is_started_again(stand_in):
    cache = stand_in()
    purger = Purger()
    dead = threading.Thread(target=lambda: None)
    dead.start()
    dead.join()
    purger.thread = dead  # a thread that ended (it never does, short of a crash)
    purger.send({"show-1"})
    assert purger.wait(timeout=5)
    assert cache.headers() == ["show-1"]


def test_an_unresponsive_cache_is_given_up_on_after_the_timeout(stand_in, settings):
    settings.CACHE_PURGE_ATTEMPTS = 1
    settings.CACHE_PURGE_TIMEOUT = 0.3
    cache = stand_in()
    cache.hold.clear()  # it takes the request and never answers
    started = time.monotonic()
    assert Purger().purge(cache.url, ["show-1"]) is False
    assert time.monotonic() - started < 5


def test_the_site_purges_through_one_shared_purger():
    assert purge.send == purge.purger.send
    assert purge.wait == purge.purger.wait


def test_forgetting_every_page_purges_everything_in_front(stand_in):
    cache = stand_in()
    bump_version()
    assert purge.wait(timeout=5)
    assert cache.headers() == ["all"]


# A process (a gunicorn worker being recycled) that sent a purge a moment ago: its
# purge thread and the timer of the purge's repeat are running when it ends.
SEND_THEN_EXIT = """
import os, sys, threading, time
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "showtracker.settings"
django.setup()
from django.conf import settings
settings.CACHE_PURGE_URLS = [sys.argv[1]]
settings.CACHE_PURGE_REPEAT = 60
from pagecache.purge import Purger
Purger().send({"show-1"})
deadline = time.monotonic() + 20
while threading.active_count() < 3 and time.monotonic() < deadline:
    time.sleep(0.01)
print(threading.active_count())
"""


def test_a_process_with_purges_under_way_still_exits(stand_in):
    """The purge thread and its timers never keep a finished process alive: a purge
    sent here is sent by the same code in a worker process that then ends."""
    cache = stand_in()
    here = Purger()
    here.send({"show-0"})
    assert here.wait(timeout=5)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    process = subprocess.Popen(
        [sys.executable, "-c", SEND_THEN_EXIT, cache.url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        running = process.stdout.readline().strip()  # its last line, once both are running
        assert process.wait(timeout=5) == 0, process.stderr.read()
    finally:
        process.kill()
        process.communicate()
    assert running == "3"
    assert cache.headers() == ["show-0", "show-1"]


@pytest.mark.django_db
def test_a_purge_no_cache_took_is_kept_and_sent_again_later(stand_in, settings, monkeypatch):
    """Kept in the database (any process may send it), tried again every SHARED_RETRY s."""
    settings.CACHE_PURGE_ATTEMPTS = 1
    cache = stand_in(statuses=[503, 200])  # refused, then taken
    purger = Purger()
    monkeypatch.setattr(purge, "purger", purger)
    monkeypatch.setattr(purge, "send", purger.send)
    purger.send({"show-1", "season-2"})
    assert purger.wait(timeout=10)

    outbox.reset()
    assert outbox.replay_if_due() is False  # a purge only: cached pages stay served
    (kept,) = PendingInvalidation.objects.all()
    assert (kept.tags, kept.shared_only) == (["season-2", "show-1"], True)
    outbox.reset()
    outbox.replay_if_due()
    assert cache.headers() == ["season-2 show-1"]  # not again at once

    earlier = timezone.now() - datetime.timedelta(seconds=outbox.SHARED_RETRY + 1)
    PendingInvalidation.objects.update(noted_at=earlier)
    outbox.reset()
    outbox.replay_if_due()
    assert purger.wait(timeout=10)
    assert cache.headers() == ["season-2 show-1", "season-2 show-1"]
    assert not PendingInvalidation.objects.exists()
