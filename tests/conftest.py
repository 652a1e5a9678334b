import math

import pytest
from django.core.cache import caches
from django.core.management import call_command

from pagecache import outage, outbox, purge
from series.freshness import mark_statuses_current
from tests.factories import EditorFactory
from tests.follows.helpers import smtp_server, webhook_receiver  # noqa: F401 (fixtures)


@pytest.fixture
def seed(db):
    """The seed facts from fixtures/spinning_out.json."""
    call_command("loaddata", "spinning_out", verbosity=0)


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def empty_caches(monkeypatch):
    """Every test starts with empty caches (the page cache would leak pages between tests).

    Today's stored statuses count as current: every show a test writes is derived as of
    today, so the once-a-day re-derivation (`series.freshness`) would only add a query
    to the first request of each test. Tests that travel in time get it on the new day.
    """
    for cache in caches.all():
        cache.clear()
    outage.reset()  # a cache a test made fail is not left alone in the next test
    # A cached page pays one query, once a second per process, to look for invalidations
    # the cache missed: query counts would depend on how long a test ran. Here it looks
    # only after the cache failed, or when a test says so (tests/pagecache/test_outage.py).
    monkeypatch.setattr(outbox, "CHECK_EVERY", math.inf)
    outbox.reset(checked=True)
    purge.purger.take_undelivered()  # purges an earlier test's caches refused
    mark_statuses_current()
    yield
    outage.reset()
