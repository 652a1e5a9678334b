"""The page cache: anonymous visitors get cached pages, and no page ever shows a stale decision."""

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pagecache.versions import current_version
from series.models import Announcement, Season, Show
from tests.admin_helpers import admin_post
from tests.factories import AnnouncementFactory, GenreFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db


def season_url(slug="spinning-out", number=2):
    return reverse("series:season-detail", kwargs={"slug": slug, "number": number})


def test_second_visit_is_served_from_the_cache(client, seed):
    first = client.get(season_url())
    second = client.get(season_url())
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_public_pages_carry_cache_control_and_an_etag(client, seed):
    response = client.get(season_url())
    control = response["Cache-Control"]
    assert "public" in control
    assert "max-age=60" in control
    assert "must-revalidate" in control
    assert response["ETag"].startswith('"')
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("cached", [False, True])
def test_conditional_get_answers_304(client, seed, cached):
    if cached:
        client.get(season_url())
    etag = client.get(season_url())["ETag"]
    response = client.get(season_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    other = client.get(season_url(), headers={"if-none-match": '"something-else"'})
    assert other.status_code == 200


def test_query_string_order_does_not_matter_but_values_do(client, seed):
    url = reverse("series:home")
    client.get(url + "?a=1&b=2")
    assert client.get(url + "?b=2&a=1")["X-Page-Cache"] == "hit"
    assert client.get(url + "?a=1&b=3")["X-Page-Cache"] == "miss"


def test_editor_admin_save_changes_the_cached_season_page_at_once(editor_client, seed):
    visitor = Client()
    season = Season.objects.get(show__slug="spinning-out", number=2)
    before = visitor.get(season_url()).content.decode()
    assert "Cancelled" in before
    assert visitor.get(season_url())["X-Page-Cache"] == "hit"

    response = admin_post(
        editor_client,
        "announcement",
        {
            "season": season.pk,
            "decision": "renewed",
            "announced_date": "2030-01-05",
            "future_on_purpose": "on",  # after today on purpose: the latest decision
            "announced_precision": "day",
            "source_name": "Deadline",
            "source_url": "https://deadline.example.com/revived",
            "summary": "Revived for season 2.",
        },
    )
    assert response.status_code == 302
    after = visitor.get(season_url())
    assert after["X-Page-Cache"] == "miss"
    page = after.content.decode()
    assert "Spinning Out Season 2: Renewed" in page
    assert "Spinning Out Season 2: Cancelled" not in page


def test_deleting_an_announcement_shows_at_once(client):
    announcement = AnnouncementFactory(decision="cancelled")
    url = announcement.season.get_absolute_url()
    assert "Cancelled" in client.get(url).content.decode()
    announcement.delete()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Cancelled" not in response.content.decode()


def test_genre_changes_bump_the_version():
    show = ShowFactory()
    genre = GenreFactory()
    version = current_version()
    show.genres.add(genre)
    assert current_version() != version


def test_loaddata_invalidates_cached_pages(client, seed):
    Announcement.objects.filter(season__number=2).delete()
    Season.objects.filter(number=2).update(decision="pending")
    # A queryset update sends no signal: the cache keeps its (pending) page ...
    assert "Awaiting decision" in client.get(season_url()).content.decode()
    call_command("loaddata", "spinning_out", verbosity=0)
    # ... until loaddata's raw saves bump the version.
    response = client.get(season_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Spinning Out Season 2: Cancelled" in response.content.decode()


def test_staff_never_get_cached_pages(editor_client, seed):
    Client().get(season_url())  # a visitor fills the cache
    response = editor_client.get(season_url())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert {d.strip() for d in response["Cache-Control"].split(",")} == {"private", "no-store"}
    assert "cookie" in [name.strip().lower() for name in response["Vary"].split(",")]


def test_staff_pages_are_not_stored_for_visitors(editor_client):
    draft = SeasonFactory(show=ShowFactory(is_published=False))
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_a_session_cookie_bypasses_the_cache(client, seed):
    client.get(season_url())
    client.cookies["sessionid"] = "expired-or-unknown"
    assert "X-Page-Cache" not in client.get(season_url())


class UnreachableCache(BaseCache):
    """A cache whose server is down: every call fails."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("the cache server is unreachable")

    get = get_many = set = add = delete = clear = _down


@pytest.mark.parametrize("url", ["/healthz", "/admin/login/"])
def test_health_check_and_admin_are_never_cached(client, settings, url):
    """The excluded paths never touch the page cache: they answer even when it is down.

    Both set no-store headers anyway, so only a cache that fails shows whether the
    middleware kept out of their way (PAGE_CACHE_EXCLUDE).
    """
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)
    settings.CACHES = {**settings.CACHES, "down": {"BACKEND": f"{__name__}.UnreachableCache"}}
    settings.PAGE_CACHE_ALIAS = "down"
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    public = client.get(reverse("series:home"))  # a public page does use it ...
    assert public.status_code == 200  # ... and is rendered afresh while it is down
    assert "X-Page-Cache" not in public


def test_not_found_pages_are_not_cached(client, seed):
    url = season_url(number=9)
    assert client.get(url).status_code == 404
    assert "X-Page-Cache" not in client.get(url)
    assert "public" not in client.get(url).get("Cache-Control", "")


def test_cache_can_be_switched_off(client, seed, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get(season_url())
    response = client.get(season_url())
    assert "X-Page-Cache" not in response
    assert "public" in response["Cache-Control"]
    assert client.get(season_url(), headers={"if-none-match": response["ETag"]}).status_code == 304


def test_refresh_statuses_forgets_cached_pages_when_a_status_changes(client):
    season = SeasonFactory()
    Show.objects.filter(pk=season.show.pk).update(status="in_development")
    version = current_version()
    call_command("refresh_statuses", stdout=None)
    assert current_version() != version


def test_head_requests_are_answered_from_the_cache_but_never_fill_it(client, seed):
    assert "X-Page-Cache" not in client.head(season_url())
    client.get(season_url())
    response = client.head(season_url())
    assert response["X-Page-Cache"] == "hit"
    assert "public" in response["Cache-Control"]
