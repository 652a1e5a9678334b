"""Invalidation by dependency: a change drops the cached pages that show what it changed,
and only those; a page rendered while its facts changed is never kept."""

import re
import socket

import pytest
from django.test import Client
from django.urls import reverse

from pagecache import middleware, purge, tags, versions
from pagecache.tags import changed_tags
from series import routers
from series.derive import Change
from series.models import CastCredit, Genre, Network, Person, Season, Show
from tests.admin_helpers import admin_post
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    EditorFactory,
    GenreFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(seed):
    """Spinning Out (seed facts) and a second, unrelated show with two seasons."""
    other = ShowFactory(title="Harbor Lights", slug="harbor-lights")
    first = SeasonFactory(show=other, number=1)
    second = SeasonFactory(show=other, number=2)
    actor = PersonFactory(name="Ada Harbor")
    CastCreditFactory(season=second, person=actor, character_name="Keeper")
    return {"other": other, "first": first, "second": second, "actor": actor}


def season_url(slug="spinning-out", number=2):
    return reverse("series:season-detail", kwargs={"slug": slug, "number": number})


def warm(visitor, *urls):
    for url in urls:
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit", url


def cache_state(visitor, *urls):
    return {url: visitor.get(url)["X-Page-Cache"] for url in urls}


def test_editing_one_show_keeps_the_other_shows_pages_cached(editor_client, world):
    visitor = Client()
    ours, theirs = season_url(), season_url("harbor-lights", 2)
    warm(visitor, ours, theirs, reverse("series:home"))
    other = world["other"]
    response = admin_post(
        editor_client,
        "show",
        {
            "title": "Harbor Lights Redux",
            "slug": other.slug,
            "network": other.network_id,
            "synopsis": other.synopsis,
            "is_published": "on",
        },
        obj=other,
    )
    assert response.status_code == 302
    assert cache_state(visitor, ours, theirs, reverse("series:home")) == {
        ours: "hit",
        theirs: "miss",
        reverse("series:home"): "miss",  # it lists shows
    }
    assert "Harbor Lights Redux" in visitor.get(theirs).content.decode()


def test_an_announcement_drops_every_season_of_its_show_and_no_other(client, world):
    """A decision about season 2 can change season 1's answer (facts imply facts)."""
    first, second = season_url("harbor-lights", 1), season_url("harbor-lights", 2)
    show_url = world["other"].get_absolute_url()
    api_show = reverse("api:show-detail", kwargs={"slug": "harbor-lights"})
    warm(client, first, second, season_url(), show_url, api_show)
    AnnouncementFactory(season=world["second"], decision="cancelled")
    assert cache_state(client, first, second, season_url(), show_url, api_show) == {
        first: "miss",
        second: "miss",
        season_url(): "hit",
        show_url: "miss",
        api_show: "miss",
    }
    assert "Cancelled" in client.get(second).content.decode()
    assert client.get(api_show).json()["status"] == "cancelled"


@pytest.mark.parametrize("name", ["series:show-feed", "series:show-announcements"])
def test_a_shows_first_announcement_reaches_its_feed(client, world, name):
    """The feed (and the feed's page) of a show without announcements loaded no season:
    only the show's own tag drops it when the first decision about any of its seasons
    comes in."""
    feed = reverse(name, kwargs={"slug": "harbor-lights"})
    warm(client, feed)
    AnnouncementFactory(season=world["second"], decision="cancelled")
    response = client.get(feed)
    assert response["X-Page-Cache"] == "miss"
    # As a reader or a person reads it: the Atom title, or the page's words without markup.
    assert "Harbor Lights Season 2: Cancelled" in re.sub("<[^>]+>", "", response.content.decode())


def test_an_announcement_moved_to_another_show_drops_the_season_it_left(client, world):
    """The season it left no longer lists it, though nothing now links the two."""
    announcement = AnnouncementFactory(season=world["second"], decision="cancelled")
    left = season_url("harbor-lights", 2)
    warm(client, left)
    announcement.season = Season.objects.get(show__slug="spinning-out", number=2)
    announcement.save()
    assert client.get(left)["X-Page-Cache"] == "miss"


def test_a_new_record_saved_with_an_id_of_its_own_is_stored_and_listed(client, world):
    """An import creates rows with their ids: nothing was stored before, so nothing moved."""
    home = reverse("series:home")
    warm(client, home)
    Show(pk=9999, title="Lantern Row", slug="lantern-row", network=world["other"].network).save()
    assert Show.objects.filter(pk=9999, slug="lantern-row").exists()
    assert client.get(home)["X-Page-Cache"] == "miss"


def test_renaming_a_person_drops_the_pages_that_show_them(client, world):
    person_url = world["actor"].get_absolute_url()
    credited, uncredited = season_url("harbor-lights", 2), season_url("harbor-lights", 1)
    show_url = world["other"].get_absolute_url()
    warm(client, credited, uncredited, person_url, show_url)
    actor = Person.objects.get(pk=world["actor"].pk)
    actor.name = "Ada Lighthouse"
    actor.save()
    assert cache_state(client, credited, uncredited, person_url, show_url) == {
        credited: "miss",
        uncredited: "hit",
        person_url: "miss",
        show_url: "miss",
    }
    assert "Ada Lighthouse" in client.get(credited).content.decode()


def test_renaming_a_network_drops_its_shows_pages(client, world):
    theirs, ours = season_url("harbor-lights", 1), season_url()
    warm(client, theirs, ours)
    network = Network.objects.get(pk=world["other"].network_id)
    network.name = "Lighthouse TV"
    network.save()
    assert cache_state(client, theirs, ours) == {theirs: "miss", ours: "hit"}
    assert "Lighthouse TV" in client.get(theirs).content.decode()


def test_a_critic_score_drops_its_season_and_show_not_another_show(client, world):
    scored, elsewhere = season_url("harbor-lights", 2), season_url()
    show_url = world["other"].get_absolute_url()
    warm(client, scored, elsewhere, show_url)
    CriticScoreFactory(season=world["second"], score=91)
    assert cache_state(client, scored, elsewhere, show_url) == {
        scored: "miss",
        elsewhere: "hit",
        show_url: "miss",
    }
    assert "91%" in client.get(scored).content.decode()


def test_moving_a_credit_drops_both_seasons(client, world):
    before, after = season_url("harbor-lights", 2), season_url("harbor-lights", 1)
    warm(client, before, after)
    credit = CastCredit.objects.get(person=world["actor"])
    credit.season = world["first"]
    credit.save()
    assert cache_state(client, before, after) == {before: "miss", after: "miss"}
    assert "Ada Harbor" not in client.get(before).content.decode()
    assert "Ada Harbor" in client.get(after).content.decode()


def test_publishing_a_show_reaches_listings_and_its_peoples_pages(client, world):
    draft = ShowFactory(title="Quiet Draft", is_published=False)
    CastCreditFactory(season=SeasonFactory(show=draft), person=world["actor"])
    person_url = world["actor"].get_absolute_url()
    listing = reverse("series:show-list")
    warm(client, person_url, listing)
    assert "Quiet Draft" not in client.get(person_url).content.decode()
    draft.refresh_from_db()
    draft.is_published = True
    draft.save()
    assert "Quiet Draft" in client.get(person_url).content.decode()
    assert "Quiet Draft" in client.get(listing).content.decode()


def test_a_new_genre_on_a_show_drops_its_page_and_the_listings(client, world):
    show_url = world["other"].get_absolute_url()
    warm(client, show_url, season_url(), reverse("series:show-list"))
    GenreFactory.create_batch(5)  # so the genre's number is not the show's
    genre = GenreFactory(name="Maritime")
    assert genre.pk != world["other"].pk
    world["other"].genres.add(genre)
    assert cache_state(client, show_url, season_url(), reverse("series:show-list")) == {
        show_url: "miss",
        season_url(): "hit",
        reverse("series:show-list"): "miss",
    }
    assert "Maritime" in client.get(show_url).content.decode()


def test_a_search_that_matched_a_person_follows_their_rename(client, world):
    search = reverse("series:show-list") + "?q=lighthouse"
    warm(client, search)
    assert "Harbor Lights" not in client.get(search).content.decode()
    actor = Person.objects.get(pk=world["actor"].pk)
    actor.name = "Ada Lighthouse"
    actor.save()
    assert "Harbor Lights" in client.get(search).content.decode()


def test_pages_name_their_tags_for_shared_caches(client, world):
    season = Season.objects.get(show__slug="spinning-out", number=2)
    tags = set(client.get(season_url())["xkey"].split())
    assert {f"season-{season.pk}", f"show-{season.show_id}", "all"} <= tags
    assert f"network-{season.show.network_id}" in tags
    assert {f"person-{c.person_id}" for c in season.cast_credits.all()} <= tags
    assert "listings" not in tags
    assert client.get(reverse("series:home"))["xkey"].split() == ["all", "listings"]
    search = client.get(reverse("series:show-list") + "?q=spin")["xkey"].split()
    assert search == ["all", "listings", "search"]


def test_tag_header_follows_the_cdn(client, seed, settings):
    settings.CACHE_TAG_HEADER = "Cache-Tag"
    response = client.get(reverse("series:home"))
    assert response["Cache-Tag"] == "all,listings"
    assert "xkey" not in response


SPINNING_OUT = {"slug": "spinning-out"}
KAYA = {"slug": "kaya-scodelario"}
NO_FACTS, RECORDS, LISTING, PEOPLE = ["all"], ["all", "show"], ["all", "listings"], ["people"]


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        # Declared by their views (pagecache.decorators): pages that show no facts...
        ("series:robots", {}, NO_FACTS),
        ("api:openapi-json", {}, NO_FACTS),
        ("api:openapi-view", {}, NO_FACTS),
        # ...pages about a few records, tagged by what they loaded...
        ("series:show-detail", SPINNING_OUT, RECORDS),
        ("series:season-detail", {**SPINNING_OUT, "number": 1}, RECORDS),
        ("series:person-detail", KAYA, RECORDS),
        ("series:show-feed", SPINNING_OUT, RECORDS),
        ("series:show-announcements", SPINNING_OUT, RECORDS),
        ("series:show-calendar", SPINNING_OUT, RECORDS),
        ("api:show-detail", SPINNING_OUT, RECORDS),
        ("api:season-detail", {**SPINNING_OUT, "number": 1}, RECORDS),
        ("api:person-detail", KAYA, RECORDS),
        # ...a list of people...
        ("api:person-list", {}, LISTING + PEOPLE),
        # ...and what declares nothing is a listing.
        ("series:home", {}, LISTING),
        ("series:network-detail", {"slug": "netflix"}, LISTING),
        ("series:calendar", {}, LISTING),
        ("series:announcement-feed", {}, LISTING),
        ("series:announcements", {}, LISTING),
        ("sitemap", {}, LISTING),
        ("api:show-list", {}, LISTING),
    ],
)
def test_each_page_carries_the_tags_its_view_declares(client, seed, name, kwargs, expected):
    """The broad tags, and whether the page carries the records it loaded (the show's)."""
    show = tags.tag(Show.objects.get(slug="spinning-out"))
    carried = client.get(reverse(name, kwargs=kwargs))["xkey"].split()
    named = ["show" if tag == show else tag for tag in carried]
    assert [tag for tag in named if tag in ("all", "show", "listings", "people")] == expected


def test_a_model_no_rule_knows_drops_everything():
    assert changed_tags(object()) is None


def test_a_page_rendered_while_its_facts_changed_is_not_kept(client, world, monkeypatch):
    """The change commits while the page renders: the page must not be stored."""
    second = world["second"]
    real = tags.page_tags

    def page_tags_after_a_concurrent_change(request, loaded):
        AnnouncementFactory(season=second, decision="cancelled")  # another editor's save
        return real(request, loaded)

    monkeypatch.setattr(tags, "page_tags", page_tags_after_a_concurrent_change)
    response = client.get(season_url("harbor-lights", 2))
    assert "X-Page-Cache" not in response  # not stored
    assert "s-maxage=0" in response["Cache-Control"]  # nor offered to shared caches
    monkeypatch.setattr(tags, "page_tags", real)
    fresh = client.get(season_url("harbor-lights", 2))
    assert fresh["X-Page-Cache"] == "miss"
    assert "Cancelled" in fresh.content.decode()


def test_another_server_sharing_the_cache_sees_the_change(client, world):
    """Nothing kept per process decides freshness: a server without this one's hints
    (a fresh process) and this one both miss after a change made elsewhere."""
    url = season_url("harbor-lights", 2)
    warm(client, url)
    middleware._hints.clear()  # another process: nothing seen yet
    assert client.get(url)["X-Page-Cache"] == "hit"
    saved_hints = dict(middleware._hints)
    CriticScoreFactory(season=world["second"], score=12)
    assert client.get(url)["X-Page-Cache"] == "miss"
    middleware._hints.clear()
    middleware._hints.update(saved_hints)  # hints from before the change: still a miss
    CriticScoreFactory(season=world["second"], score=13, retrieved_date=None)
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_session_gets_no_tags(editor_client, world):
    response = editor_client.get(season_url())
    assert "xkey" not in response
    assert "private" in response["Cache-Control"]


def test_every_max_age_stops_at_midnight(client, seed, monkeypatch):
    monkeypatch.setattr(middleware, "seconds_to_midnight", lambda: 7)
    control = client.get(season_url())["Cache-Control"]
    assert "max-age=7" in control
    assert "s-maxage=7" in control
    assert "max-age=7" in client.get(season_url())["Cache-Control"]  # a hit too


def test_a_cache_that_cannot_be_purged_never_fails_the_save(
    seed, settings, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings.CACHE_PURGE_URLS = [f"http://127.0.0.1:{closed}/"]
    settings.CACHE_PURGE_ATTEMPTS = 2
    season = Season.objects.get(show__slug="spinning-out", number=2)
    with django_capture_on_commit_callbacks(execute=True):
        AnnouncementFactory(season=season, decision="renewed", announced_date="2031-01-01")
    assert purge.wait(timeout=10)
    assert Season.objects.get(pk=season.pk).decision == "renewed"
    assert "Could not purge" in caplog.text
    assert f"season-{season.pk}" in caplog.text


def test_an_entry_from_before_tags_is_a_miss(client, seed):
    """Pages a previous release stored (one site-wide version, no tags) are re-rendered."""
    url = season_url()
    middleware._hints.clear()
    client.get(url)
    (key,) = middleware._hints
    versions.store().set(key, {"version": "old", "content": b"stale", "headers": {}})
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Spinning Out Season 2" in response.content.decode()


def test_renaming_a_show_keeps_pages_of_shows_sharing_its_cast(client, world):
    """Season pages show a person's name, not their other shows: only their page drops."""
    shared = Season.objects.get(show__slug="spinning-out", number=2)
    CastCreditFactory(season=shared, person=world["actor"])
    person_url = world["actor"].get_absolute_url()
    warm(client, season_url(), person_url)
    other = Show.objects.get(pk=world["other"].pk)
    other.title = "Harbor Lights Renamed"
    other.save()
    assert cache_state(client, season_url(), person_url) == {
        season_url(): "hit",
        person_url: "miss",
    }
    assert "Harbor Lights Renamed" in client.get(person_url).content.decode()


def test_publishing_or_unpublishing_a_show_reaches_its_cast_and_crew_pages(client, world):
    """Their pages never loaded the show while it was a draft: only its people's tags
    drop them. Credits are numbered apart from people, so a credit's number is no tag."""
    PersonFactory.create_batch(20)
    draft = ShowFactory(title="Quiet Draft", is_published=False)
    actor, writer = PersonFactory(name="Ada Actor"), PersonFactory(name="Wren Writer")
    cast = CastCreditFactory(season=SeasonFactory(show=draft), person=actor)
    crew = CrewCreditFactory(show=draft, person=writer)
    CastCreditFactory(season=world["first"], person=actor)  # so both have a page
    CrewCreditFactory(show=world["other"], person=writer)
    assert {cast.pk, crew.pk}.isdisjoint({actor.pk, writer.pk})
    pages = [actor.get_absolute_url(), writer.get_absolute_url()]
    warm(client, *pages)
    draft.refresh_from_db()
    draft.is_published = True
    draft.save()
    assert all("Quiet Draft" in client.get(page).content.decode() for page in pages)
    warm(client, *pages)
    draft.is_published = False
    draft.save()
    assert not any("Quiet Draft" in client.get(page).content.decode() for page in pages)


def test_a_genre_given_to_a_show_from_the_genres_side_drops_that_show_only(client, world):
    GenreFactory.create_batch(5)  # so the genre's number is not the show's
    genre = GenreFactory(name="Maritime")
    assert genre.pk != world["other"].pk
    show_url, listing = world["other"].get_absolute_url(), reverse("series:show-list")
    warm(client, show_url, season_url(), listing)
    genre.shows.add(world["other"])
    assert cache_state(client, show_url, season_url(), listing) == {
        show_url: "miss",
        season_url(): "hit",
        listing: "miss",
    }
    assert "Maritime" in client.get(show_url).content.decode()
    warm(client, show_url)
    genre.shows.clear()  # no list of shows comes with a clear: the genre's tag drops it
    assert "Maritime" not in client.get(show_url).content.decode()


def test_only_changes_of_the_facts_drop_pages(client, world):
    """The page cache hears of the facts' change event alone: a new user is no change."""
    page = season_url()
    warm(client, page)
    EditorFactory()
    assert cache_state(client, page) == {page: "hit"}
    warm(client, season_url("harbor-lights", 1))
    Network.objects.get(pk=world["other"].network_id).save()  # a change of the facts drops
    assert cache_state(client, season_url("harbor-lights", 1)) == {
        season_url("harbor-lights", 1): "miss"
    }


def test_the_api_list_of_people_follows_a_rename(client, world):
    """A list of people carries no person's tag: `people` is what drops it."""
    url = reverse("api:person-list")
    assert client.get(url)["xkey"].split() == ["all", "listings", "people"]
    warm(client, url)
    actor = Person.objects.get(pk=world["actor"].pk)
    actor.name = "Ada Lighthouse"
    actor.save()
    assert "Ada Lighthouse" in client.get(url).content.decode()


# --- The tags of a batch of changes (`change_tags`) ---------------------------------


def test_announcements_of_two_shows_in_one_batch_drop_both_shows():
    """Each announcement drops its season and its show: the seasons' shows are read
    once for the whole batch, for every announcement in it."""
    one, two = SeasonFactory(), SeasonFactory()
    changes = [
        Change(AnnouncementFactory(season=one), None),
        Change(AnnouncementFactory(season=two), None),
    ]
    assert tags.change_tags(changes) == {
        f"season-{one.pk}",
        f"show-{one.show_id}",
        f"season-{two.pk}",
        f"show-{two.show_id}",
        tags.LISTINGS,
    }


def test_an_announcement_moved_to_another_show_drops_the_show_it_left():
    left, joined = SeasonFactory(), SeasonFactory()
    announcement = AnnouncementFactory(season=joined)
    changes = [Change(announcement, {"season_id": left.pk})]
    assert tags.change_tags(changes) == {
        f"season-{left.pk}",
        f"show-{left.show_id}",
        f"season-{joined.pk}",
        f"show-{joined.show_id}",
        tags.LISTINGS,
    }


def test_a_season_moved_to_another_show_drops_both_shows_and_nothing_else():
    season = SeasonFactory()
    left = season.show_id
    season.show = ShowFactory()
    assert tags.change_tags([Change(season, {"show_id": left})]) == {
        f"season-{season.pk}",
        f"show-{season.show_id}",
        f"show-{left}",
        tags.LISTINGS,
    }


def test_a_credit_moved_to_another_person_and_season_drops_where_it_was():
    """A credit whose every movable field changed drops the pages of where it was."""
    credit = CastCreditFactory()
    before = {"season_id": credit.season_id, "person_id": credit.person_id}
    credit.season, credit.person = SeasonFactory(), PersonFactory()
    assert tags.change_tags([Change(credit, before)]) == {
        f"season-{before['season_id']}",
        f"person-{before['person_id']}",
        f"season-{credit.season_id}",
        f"person-{credit.person_id}",
        tags.SEARCH,
        tags.PEOPLE,
    }


def test_a_change_of_a_model_no_rule_knows_drops_every_page():
    editor = EditorFactory()
    assert tags.ALL in tags.change_tags([Change(editor, None)])


def test_a_genre_added_to_a_show_drops_that_show_and_no_show_sharing_the_genres_id():
    """The primary keys of a show's genre change are genres', never shows'."""
    show = ShowFactory()
    genre = GenreFactory(pk=show.pk + 100)
    change = Change(show, None, related={Genre: {genre.pk}})
    assert tags.change_tags([change]) == {f"show-{show.pk}", tags.LISTINGS}


def test_a_genre_change_keeps_the_other_tags_of_its_batch():
    person, show = PersonFactory(), ShowFactory()
    genre = GenreFactory()
    changes = [Change(person, None), Change(show, None, related={Genre: {genre.pk}})]
    assert f"person-{person.pk}" in tags.change_tags(changes)


# serialized_rollback: its flush must not re-create the content types under new ids,
# which the next serialized test (test_varnish.py) would then collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tags_after_the_commit_read_the_primary_when_a_replica_serves_reads(settings, monkeypatch):
    """The event after the commit is outside any transaction, where the router sends
    reads to a replica that may not have the new season yet: its show is read from the
    database the change was written to."""
    season = SeasonFactory()
    announcement = AnnouncementFactory(season=season)
    settings.DATABASE_ROUTERS = ["series.routers.PrimaryReplicaRouter"]
    monkeypatch.setattr(routers, "has_replica", lambda: True)  # no replica: a read fails
    assert f"show-{season.show_id}" in tags.change_tags([Change(announcement, None)], "default")


def test_an_announcement_whose_season_is_not_in_the_batch_drops_no_show():
    """Without its season's show (not read for this batch), an announcement drops its
    season and the listings, never a page tagged with a show of no id."""
    announcement = AnnouncementFactory()
    assert changed_tags(announcement, {}) == {f"season-{announcement.season_id}", tags.LISTINGS}


def test_a_show_moved_to_another_network_with_no_stored_publication_drops_no_people():
    """A previous state that does not say whether the show was published counts as
    unchanged: the move drops the show and the listings, not its people's pages."""
    show = CastCreditFactory().season.show
    left = show.network_id
    show.network = NetworkFactory()
    change = Change(show, {"network_id": left})
    assert tags.previous_tags(change) == {f"show-{show.pk}", tags.LISTINGS}
