"""A real Redis killed under the site, then back from the snapshot it took before a save.

The test runs its own redis-server on a free port with its files in a temporary
directory, configured by the project's settings from CACHE_URL, as production is.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.test import Client

from pagecache import outage
from tests.pagecache.test_outage import (
    decision_shown,
    every_surface_answers,
    missed_bumps,
    renew,
)
from tests.pagecache.test_versions import season_url

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
SETTINGS = "showtracker.settings"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cache_settings(cache_url):
    """CACHES as showtracker/settings.py makes them from this CACHE_URL."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.CACHES))",
        ],
        cwd=ROOT,
        env={**os.environ, "CACHE_URL": cache_url, "DJANGO_SETTINGS_MODULE": SETTINGS},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


class RedisServer:
    """redis-server writing its snapshot (dump.rdb) only when told to SAVE."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--dir", str(self.directory), "--dbfilename", "dump.rdb"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:  # until it answers (it reads the snapshot first)
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def client(self):
        return redis.Redis(port=self.port)

    def stop(self):
        """Killed without saving: whatever it held since its last SAVE is lost."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path, settings, monkeypatch):
    if REDIS_SERVER is None:
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{server.port}/0")
    # Every request tries Redis again at once (not a second later), so this test runs
    # each failing path and sees Redis back as soon as it is.
    monkeypatch.setattr(outage, "RETRY_AFTER", 0)
    yield server
    server.stop()


def page_keys(client):
    return list(client.scan_iter("*page-cache:page:*"))


def test_redis_killed_then_back_from_its_pre_save_snapshot(
    editor_client, seed, redis_server, settings
):
    options = settings.CACHES["default"]["OPTIONS"]  # a stalled Redis cannot hang a worker
    assert options["socket_connect_timeout"] and options["socket_timeout"]
    visitor = Client()
    assert decision_shown(visitor) == "cancelled"
    assert visitor.get(season_url())["X-Page-Cache"] == "hit"
    redis_server.client().save()  # the snapshot holds the cancelled page
    redis_server.stop()

    every_surface_answers(visitor)
    assert renew(editor_client).status_code == 302
    assert decision_shown(visitor) == "renewed"
    assert missed_bumps().exists()

    redis_server.start()
    assert page_keys(redis_server.client())  # back with the page from before the save
    assert decision_shown(visitor) == "renewed"
    assert not missed_bumps().exists()  # replayed
    assert visitor.get(season_url())["X-Page-Cache"] == "hit"
    assert decision_shown(visitor) == "renewed"


@pytest.fixture
def stalled_redis(settings, monkeypatch):
    """A Redis that accepts connections and never answers (a hung host, a full network)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
    monkeypatch.setattr(outage, "RETRY_AFTER", 0)  # each request meets the stall
    yield
    listener.close()


class Hung(Exception):
    pass


def test_a_stalled_redis_costs_a_timeout_not_a_hung_worker(client, seed, stalled_redis):
    def hung(signum, frame):
        raise Hung("still waiting for Redis after 60 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)  # the request must end: a timeout, then the page rendered afresh
    try:
        answers = [client.get(url).status_code for url in [season_url(), "/admin/login/"]]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert answers == [200, 200]
