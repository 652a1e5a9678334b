"""The follow rate limit is exact under concurrency, and holds per process when the
shared cache cannot count."""

import multiprocessing

import pytest
from django.core.cache import caches

from follows import ratelimit

LIMIT = 10
REQUESTS = 40


@pytest.fixture
def file_cache(settings, tmp_path):
    """The production default without CACHE_URL: one machine's workers share files."""
    settings.CACHES = {
        "default": {"BACKEND": "pagecache.filecache.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    yield caches["default"]


def ask_in_turn(barrier, results):
    barrier.wait(timeout=30)  # every process asks at the same moment
    results.put(ratelimit.allow("client", "203.0.113.9", LIMIT))


def test_parallel_requests_from_one_address_pass_exactly_the_limit(file_cache):
    """40 gunicorn workers asking at once: exactly 10 pass (incr() on files is a read
    then a write, and used to let 19 to 35 through)."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(REQUESTS)
    results = context.Queue()
    workers = [
        context.Process(target=ask_in_turn, args=(barrier, results)) for _ in range(REQUESTS)
    ]
    for worker in workers:
        worker.start()
    allowed = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    assert allowed.count(True) == LIMIT


class UnreachableCache:
    """Stands in for a Redis that refuses connections."""

    def __init__(self, location, params):
        pass

    def _down(self, *args, **kwargs):
        raise ConnectionRefusedError("the cache server is unreachable")

    add = incr = set = get = _down

    def close(self, **kwargs):
        pass


@pytest.mark.parametrize(
    "backend",
    [
        "tests.follows.test_ratelimit.UnreachableCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_without_a_shared_cache_each_process_still_counts(settings, backend):
    """Neither every follow request refused nor the limit lifted: it holds per process."""
    settings.CACHES = {"default": {"BACKEND": backend}}
    ratelimit._local.clear()
    answers = [ratelimit.allow("client", "198.51.100.7", LIMIT) for _ in range(LIMIT + 2)]
    assert answers == [True] * LIMIT + [False, False]
