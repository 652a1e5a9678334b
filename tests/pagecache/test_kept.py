"""Values kept until the facts change (`pagecache.kept`): computed once while nothing
changes, again after any change (also one the cache missed while it was down), and
every time, without an error, when the cache is unreachable or a no-op."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from pagecache import outbox
from pagecache.kept import kept
from pagecache.versions import bump_tags
from series.models import Show
from tests.factories import SeasonFactory

pytestmark = pytest.mark.django_db

UNREACHABLE = "tests.pagecache.test_versions.UnreachableCache"
NO_OP = "django.core.cache.backends.dummy.DummyCache"


def counter():
    """A value that says how many times it was computed."""
    calls = []

    def compute():
        calls.append(None)
        return len(calls)

    return compute


@pytest.fixture
def page_cache(settings):
    def use(backend):
        settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": backend}}
        settings.PAGE_CACHE_ALIAS = "pages"
        if backend != UNREACHABLE:
            caches["pages"].clear()

    return use


def test_a_value_is_computed_once_until_the_facts_change():
    compute = counter()
    assert [kept("n", compute), kept("n", compute)] == [1, 1]
    bump_tags({"show-1"})  # any change moves the clock
    assert [kept("n", compute), kept("n", compute)] == [2, 2]
    assert kept("another-name", compute) == 3


def test_a_save_drops_the_value_at_the_end_of_its_batch_and_after_its_commit(
    django_capture_on_commit_callbacks,
):
    compute = counter()
    kept("n", compute)
    with django_capture_on_commit_callbacks() as after_commit:
        SeasonFactory()
        assert kept("n", compute) == 2  # at the end of the batch, before the commit
    assert kept("n", compute) == 2
    for callback in after_commit:
        callback()
    assert kept("n", compute) == 3  # a value computed before the commit is not served


@pytest.mark.parametrize("backend", [UNREACHABLE, NO_OP])
def test_without_a_cache_the_value_is_computed_every_time(page_cache, backend):
    page_cache(backend)
    compute = counter()
    assert [kept("n", compute), kept("n", compute)] == [1, 2]


def test_a_change_the_cache_missed_is_replayed_before_a_kept_value_is_served():
    compute = counter()
    kept("n", compute)
    outbox.record({"show-1"})  # a save while the cache was down kept its bump here
    outbox.reset()  # this process has not looked for such rows since
    assert kept("n", compute) == 2
    assert kept("n", compute) == 2  # replayed once: kept again


def test_the_home_page_counts_with_the_cache_down(client, settings, page_cache):
    """Redis down: the home page still counts every published show, as stored now."""
    page_cache(UNREACHABLE)
    SeasonFactory(show__title="Counted", finale_date=None)
    page = client.get(reverse("series:home"))
    assert page.status_code == 200
    (entry,) = [e for e in Show.objects.published().status_counts() if e["count"]]
    assert (
        f'<span class="status-count__number">1</span> <span class="badge badge--{entry["value"]}">'
    ) in page.content.decode()
