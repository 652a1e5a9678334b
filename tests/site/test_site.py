"""The public site beyond the season page: lists, people, networks, scorecards, feeds and data."""

import datetime
import json
from pathlib import Path

import extruct
import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from series.fuzzy import Precision
from series.models import Announcement, Season, Show
from series.site.scorecard import NAMES_PER_CELL
from series.site.views import NETWORK_PAGE_SIZE
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CriticScoreFactory,
    NetworkFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.queries import counted_get
from tests.site_data import DRAFT_PERSON, DRAFT_TITLE, build_world

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def html(client, url, status=200):
    return get(client, url, status).content.decode()


@pytest.fixture
def world(db):
    return build_world("Alpha", 4)


# --- Home -------------------------------------------------------------------------------


def test_home_has_search_status_counts_and_upcoming_premieres(client, seed, world):
    page = html(client, reverse("series:home"))
    assert f'action="{reverse("series:show-list")}"' in page
    assert 'name="q"' in page
    assert f"{reverse('series:show-list')}?status=cancelled" in page
    coming = (
        Season.objects.published()
        .filter(premiere_precision=Precision.DAY)
        .upcoming(timezone.localdate())
    )
    assert coming
    for season in coming:
        assert season.get_absolute_url() in page
    assert "Fall " in page  # a coarse premiere shown at its precision
    assert page.count('class="timeline__source"') == 8


def test_home_counts_published_shows_by_status(client, seed):
    ShowFactory(is_published=False)
    page = html(client, reverse("series:home"))
    # One published show, cancelled; the draft is in development and not counted.
    assert '<span class="status-count__number">1</span> <span class="badge badge--cancelled">' in (
        page
    )
    counts = page.split('<ul class="status-counts">', 1)[1].split("</ul>", 1)[0]
    assert "badge--in_development" not in counts  # no card for a status without shows


def test_upcoming_respects_precision():
    today = timezone.localdate()
    this_month = SeasonFactory(
        premiere_date=today.replace(day=1), premiere_precision=Precision.MONTH, finale_date=None
    )
    yesterday = SeasonFactory(premiere_date=today - datetime.timedelta(days=1), finale_date=None)
    tomorrow = SeasonFactory(premiere_date=today + datetime.timedelta(days=1), finale_date=None)
    cancelled = SeasonFactory(premiere_date=today + datetime.timedelta(days=9), finale_date=None)
    AnnouncementFactory(season=cancelled, decision=Season.Decision.CANCELLED)
    upcoming = set(Season.objects.upcoming(today))
    assert tomorrow in upcoming
    assert yesterday not in upcoming
    assert cancelled not in upcoming
    last_day = this_month.premiere.end == today
    assert (this_month in upcoming) is not last_day


# --- Show list --------------------------------------------------------------------------


def test_show_list_shows_stored_status_and_searches_people(client, seed, world):
    page = html(client, reverse("series:show-list") + "?q=scodelario")
    assert "Spinning Out" in page
    assert "Alpha Show" not in page
    assert '<span class="badge badge--cancelled">Cancelled</span>' in page
    page = html(client, reverse("series:show-list") + "?q=alpha+star")
    # Four show results (the People section names the star's shows too).
    assert page.count('<li class="result">') == 4
    assert page.count("Matched: cast: Alpha Star; creator: Alpha Star") == 4


def test_show_list_filters_by_status_network_genre_and_year(client, seed, world):
    url = reverse("series:show-list")
    page = html(client, f"{url}?status=cancelled&network=alpha-network")
    assert "Alpha Show 001" in page and "Alpha Show 003" in page
    assert "Alpha Show 000" not in page and "Spinning Out" not in page
    page = html(client, f"{url}?genre=alpha-drama&sort=-title")
    assert page.index("Alpha Show 003") < page.index("Alpha Show 000")
    page = html(client, f"{url}?year=2020")
    assert "Spinning Out" in page and "Alpha Show" not in page


@pytest.mark.parametrize(
    "query", ["status=bogus", "network=nope", "genre=nope", "year=abc", "year=-1", "sort=pk"]
)
def test_invalid_filters_rerender_the_form_with_errors_and_400(client, seed, query):
    page = html(client, f"{reverse('series:show-list')}?{query}", status=400)
    assert "Some filters are not valid" in page
    assert 'class="field__error"' in page
    assert 'name="q"' in page


@pytest.mark.parametrize("page_number", ["0", "99", "x", "-1", "1.5"])
def test_bad_page_numbers_are_404(client, seed, page_number):
    get(client, f"{reverse('series:show-list')}?page={page_number}", status=404)


def test_pagination_keeps_the_filters(client, db):
    ShowFactory.create_batch(25, title=factory_title("Paged"))
    url = reverse("series:show-list")
    page = html(client, f"{url}?q=paged&sort=-title")
    assert "Page 1 of 2" in page
    assert 'href="?q=paged&amp;sort=-title&amp;page=2"' in page
    second = html(client, f"{url}?q=paged&sort=-title&page=2")
    assert "Page 2 of 2" in second
    assert 'href="?q=paged&amp;sort=-title&amp;page=1"' in second
    assert second.count('<li class="result">') == 5


def factory_title(prefix):
    import factory

    return factory.Sequence(lambda n: f"{prefix} {n:03d}")


# --- People, networks, scorecard --------------------------------------------------------


def test_person_page_lists_cast_and_crew_credits_but_no_drafts(client, world):
    page = html(client, world.person.get_absolute_url())
    assert "Alpha Show 000" in page and "Alpha Show 003" in page
    assert "as Lead 3" in page
    assert "Creator" in page
    assert world.season.get_absolute_url() in page
    assert DRAFT_TITLE not in page
    assert "Secret Role" not in page


def test_person_with_only_draft_credits_is_not_public(client, world):
    from series.models import Person

    hidden = Person.objects.get(name=DRAFT_PERSON)
    get(client, hidden.get_absolute_url(), status=404)
    get(client, reverse("series:person-detail", kwargs={"slug": "nobody-at-all"}), status=404)


def test_network_page_is_its_scorecard(client, seed, world):
    page = html(client, world.network.get_absolute_url())
    assert page.count("Alpha Show ") == 4
    assert DRAFT_TITLE not in page
    assert "Spinning Out" not in page
    assert f"?status=cancelled&amp;network={world.network.slug}" in page
    get(client, reverse("series:network-detail", kwargs={"slug": "nope"}), status=404)


def scorecard_cell(page, network_slug, status):
    """The HTML of one network's cell for one status on the scorecard."""
    row = page.split(f'href="/networks/{network_slug}/"', 1)[1].split("</tr>", 1)[0]
    return row.split(f"scorecard__cell--{status}", 1)[1].split("</td>", 1)[0]


def test_scorecard_is_a_grid_of_networks_by_status_with_linked_names(client, seed, world):
    page = html(client, reverse("series:scorecard"))
    assert page.index("Alpha Network") < page.index("Netflix")
    cell = scorecard_cell(page, "netflix", "cancelled")
    season_2 = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2})
    assert f'<a href="{season_2}">Spinning Out' in cell
    assert '<span class="scorecard__count">1</span>' in cell
    cancelled = Show.objects.published().filter(status="cancelled").count()
    assert f'Cancelled <span class="scorecard__count">{cancelled}</span></th>' in page
    for status in ("returning", "awaiting_decision", "ending"):
        assert "Spinning Out" not in scorecard_cell(page, "netflix", status)
    assert DRAFT_TITLE not in page


def test_scorecard_filters_by_tv_season_and_network_and_rejects_bad_values(client, seed, world):
    page = html(client, reverse("series:scorecard") + "?year=2020")
    assert "Spinning Out" in page
    assert "Alpha Show" not in page
    assert '<option value="2020" selected>2020</option>' in page
    page = html(client, reverse("series:scorecard") + f"?network={world.network.slug}")
    assert "Alpha Show" in page
    assert "Spinning Out" not in page
    for bad in ("year=nineteen", "year=1850", "network=no-such-network"):
        page = html(client, reverse("series:scorecard") + f"?{bad}", status=400)
        assert "The TV season or network is not valid" in page


def test_every_page_has_the_navigation_and_breadcrumbs(client, seed):
    page = html(
        client, reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2})
    )
    nav = page.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    for url in ("show-list", "scorecard"):
        assert f'href="{reverse(f"series:{url}")}"' in nav
    assert 'href="#follow"' in nav
    follow = page.split('id="follow"', 1)[1].split("</section>", 1)[0]
    # A person is sent to the feeds' pages, never to the Atom a browser shows as XML.
    for url in ("announcements", "calendar"):
        assert f'href="{reverse(f"series:{url}")}"' in follow
    header = page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert f'action="{reverse("series:show-list")}" role="search"' in header
    crumbs = page.split('<nav class="breadcrumbs" aria-label="Breadcrumb">', 1)[1]
    crumbs = crumbs.split("</nav>", 1)[0]
    assert crumbs.index(">Shows<") < crumbs.index(">Spinning Out<") < crumbs.index("Season 2")
    assert '<span aria-current="page">Season 2</span>' in crumbs


def test_server_error_page_needs_no_database_or_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


# --- Drafts -----------------------------------------------------------------------------


def test_drafts_appear_on_no_public_page_or_feed(client, seed, world):
    urls = [
        reverse("series:home"),
        reverse("series:show-list"),
        reverse("series:show-list") + "?q=hushhush",
        reverse("series:show-list") + "?q=quinn",
        reverse("series:scorecard"),
        world.network.get_absolute_url(),
        world.person.get_absolute_url(),
        reverse("series:announcement-feed"),
        reverse("series:calendar"),
        "/sitemap.xml",
        "/sitemap-shows.xml",
        "/sitemap-seasons.xml",
    ]
    for url in urls:
        body = html(client, url)
        assert DRAFT_TITLE not in body, url
        assert world.draft.slug not in body, url
        assert DRAFT_PERSON not in body, url
    for name in ("show-feed", "show-calendar", "show-detail"):
        get(client, reverse(f"series:{name}", kwargs={"slug": world.draft.slug}), status=404)
    draft_season = {"slug": world.draft.slug, "number": 1}
    get(client, reverse("series:season-detail", kwargs=draft_season), status=404)


def test_both_forms_of_published_seasons_agree(world):
    by_subquery = Season.objects.published()
    by_join = Season.objects.published_by_join()
    assert set(by_join) == set(by_subquery)
    assert by_subquery.count() < Season.objects.count()  # the draft's season is left out


def test_staff_preview_of_a_draft_has_a_banner_and_no_structured_data(editor_client, world):
    page = html(editor_client, world.draft.get_absolute_url())
    assert "Draft preview" in page
    assert "application/ld+json" not in page
    assert '<meta name="robots" content="noindex">' in page


# --- Feeds ------------------------------------------------------------------------------


def test_atom_feed_parses_and_lists_sourced_announcements(client, seed, world):
    feed = feedparser.parse(get(client, reverse("series:announcement-feed")).content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert "Spinning Out Season 2: Cancelled" in titles
    assert all(DRAFT_TITLE not in title for title in titles)
    entry = next(e for e in feed.entries if e.title == "Spinning Out Season 2: Cancelled")
    assert "Source: Variety, citing Deadline" in entry.summary
    variety = Announcement.objects.get(source_name="Variety, citing Deadline")
    assert entry.link.endswith(f"/shows/spinning-out/season/2/#announcement-{variety.pk}")
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_show_feed_has_only_that_show(client, seed, world):
    url = reverse("series:show-feed", kwargs={"slug": "spinning-out"})
    feed = feedparser.parse(get(client, url).content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title.startswith("Spinning Out")
    assert {e.title for e in feed.entries} == {"Spinning Out Season 2: Cancelled"}
    assert len(feed.entries) == 2


# --- Calendar ---------------------------------------------------------------------------


def test_calendar_has_day_premieres_as_all_day_events_and_marks_coarse_ones(client, world):
    response = get(client, reverse("series:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert events
    summaries = [str(event["SUMMARY"]) for event in events]
    assert all(DRAFT_TITLE not in summary for summary in summaries)
    day_events = [e for e in events if "date not final" not in str(e["SUMMARY"])]
    coarse_events = [e for e in events if "date not final" in str(e["SUMMARY"])]
    assert day_events and coarse_events
    for event in day_events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime.date  # VALUE=DATE, never a time
        assert end - start == datetime.timedelta(days=1)
    fall = datetime.date(timezone.localdate().year + 1, 9, 1)
    for event in coarse_events:
        assert f"(date not final: Fall {fall.year})" in str(event["SUMMARY"])
        assert event.decoded("DTSTART") == fall
        assert event.decoded("DTEND") == datetime.date(fall.year, 12, 1)
    assert b"DTSTART;VALUE=DATE:" in response.content
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_a_quarter_and_a_third_read_as_written_on_every_surface(client):
    """A premiere in "Q3" of next year and a renewal "mid" last year: the season page, the
    calendar, the feed and the API all write them as the press does, and the calendar
    event spans the whole quarter."""
    year = timezone.localdate().year + 1
    season = SeasonFactory(
        premiere_date=datetime.date(year, 7, 1),
        premiere_precision=Precision.QUARTER,
        finale_date=None,
        episode_count=None,
    )
    AnnouncementFactory(
        season=season,
        decision="renewed",
        announced_date=datetime.date(year - 2, 5, 1),
        announced_precision=Precision.THIRD,
    )
    page = html(client, season.get_absolute_url())
    assert f'<time datetime="{year}">Q3 {year}</time>' in page
    assert f'<time datetime="{year - 2}">mid-{year - 2}</time>' in page
    calendar = icalendar.Calendar.from_ical(get(client, reverse("series:calendar")).content)
    (event,) = calendar.walk("VEVENT")
    assert f"(date not final: Q3 {year})" in str(event["SUMMARY"])
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        datetime.date(year, 7, 1),
        datetime.date(year, 10, 1),
    )
    feed = feedparser.parse(get(client, reverse("series:announcement-feed")).content)
    assert f"Announced in mid-{year - 2}." in feed.entries[0].summary
    api = reverse("api:season-detail", kwargs={"slug": season.show.slug, "number": season.number})
    assert get(client, api).json()["premiere"] == {
        "date": f"{year}-07-01",
        "precision": "quarter",
        "label": f"Q3 {year}",
    }


def test_show_calendar_has_only_that_show(client, world):
    url = reverse("series:show-calendar", kwargs={"slug": world.show.slug})
    calendar = icalendar.Calendar.from_ical(get(client, url).content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries
    assert all(summary.startswith(world.show.title) for summary in summaries)


# --- Sitemap and robots -----------------------------------------------------------------


def validated(client, url, xsd):
    schema = etree.XMLSchema(etree.parse(str(Path(__file__).parent.parent / xsd)))
    document = etree.fromstring(get(client, url).content)
    assert schema.validate(document), schema.error_log
    return document


def test_sitemap_matches_the_schema_and_lists_every_published_show_and_season(client, seed, world):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = validated(client, "/sitemap.xml", "siteindex.xsd")
    sections = index.findall("s:sitemap", ns)
    assert [s.find("s:loc", ns).text for s in sections] == [
        "http://testserver/sitemap-shows.xml",
        "http://testserver/sitemap-seasons.xml",
        "http://testserver/sitemap-indexes.xml",
    ]
    assert all(s.find("s:lastmod", ns) is not None for s in sections)
    urls = []
    for section in sections:
        path = section.find("s:loc", ns).text.removeprefix("http://testserver")
        urls += validated(client, path, "sitemap.xsd").findall("s:url", ns)
    locations = {url.find("s:loc", ns).text for url in urls}
    published = [
        *Show.objects.published(),
        *Season.objects.published().select_related("show"),
    ]
    indexes = [reverse("series:network-list"), reverse("series:person-list")]
    assert locations == {
        f"http://testserver{path}"
        for path in [*(obj.get_absolute_url() for obj in published), *indexes]
    }
    assert all(world.draft.slug not in location for location in locations)
    assert all(url.find("s:lastmod", ns) is not None for url in urls)


def test_robots_txt_names_the_sitemap(client, db):
    response = get(client, "/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()


# --- Structured data --------------------------------------------------------------------


def json_ld(page, url):
    data = extruct.extract(page, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(data) == 1
    return data[0]


def test_season_json_ld_is_a_tv_season_with_actors_and_a_rating(client, seed):
    url = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 1})
    data = json_ld(html(client, url), f"http://testserver{url}")
    assert data["@type"] == "TVSeason"
    assert data["seasonNumber"] == 1
    assert data["numberOfEpisodes"] == 10
    assert data["startDate"] == "2020-01-01"
    assert data["partOfSeries"]["@type"] == "TVSeries"
    assert data["partOfSeries"]["name"] == "Spinning Out"
    role = data["actor"][0]
    assert role["@type"] == "PerformanceRole"
    assert role["characterName"] == "Kat Baker"
    assert role["actor"] == {
        "@type": "Person",
        "name": "Kaya Scodelario",
        "url": "http://testserver/people/kaya-scodelario/",
    }
    rating = data["aggregateRating"]
    assert rating["@type"] == "AggregateRating"
    assert rating["bestRating"] == 100
    assert {rating["ratingValue"], rating["ratingCount"]} <= {63, 16, 47, 4}
    assert rating["author"]["name"] in {"Rotten Tomatoes", "Metacritic"}


def test_season_json_ld_keeps_a_coarse_premiere_at_its_precision(client, db):
    season = SeasonFactory(
        premiere_date=datetime.date(2027, 9, 1),
        premiere_precision=Precision.SEASON,
        finale_date=None,
        episode_count=None,
    )
    url = season.get_absolute_url()
    data = json_ld(html(client, url), f"http://testserver{url}")
    assert data["startDate"] == "2027"
    assert "numberOfEpisodes" not in data
    assert "aggregateRating" not in data


def test_show_json_ld_is_a_tv_series(client, seed):
    url = reverse("series:show-detail", kwargs={"slug": "spinning-out"})
    page = html(client, url)
    data = json_ld(page, f"http://testserver{url}")
    assert data["@type"] == "TVSeries"
    assert data["name"] == "Spinning Out"
    assert [s["seasonNumber"] for s in data["containsSeason"]] == [1, 2]
    assert data["creator"][0]["name"] == "Samantha Stratton"
    assert any(role["characterName"] == "Kat Baker" for role in data["actor"])
    assert f'<link rel="canonical" href="http://testserver{url}">' in page
    assert '<meta property="og:title" content="Spinning Out">' in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_json_ld_cannot_be_closed_by_editor_text(client, db):
    title = "</script><script>alert(1)</script>"
    season = SeasonFactory(show__title=title)
    CastCreditFactory(season=season, character_name="Tom & <Jerry>")
    CriticScoreFactory(season=season)
    page = html(client, season.get_absolute_url())
    assert "<script>alert(1)" not in page
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\\u003C/script\\u003E" in script
    assert "<" not in script and ">" not in script and "&" not in script
    data = json.loads(script)
    assert data["partOfSeries"]["name"] == title
    assert data["actor"][0]["characterName"] == "Tom & <Jerry>"


# --- Queries ----------------------------------------------------------------------------


def public_urls(world):
    show, season = world.show, world.season
    return {
        "home": reverse("series:home"),
        "list": reverse("series:show-list"),
        "list filtered": reverse("series:show-list")
        + f"?q=show&status=cancelled&network={world.network.slug}&genre="
        + f"{world.network.slug.replace('network', 'drama')}&year={timezone.localdate().year}",
        "list page 2": reverse("series:show-list") + "?page=2",
        "show": show.get_absolute_url(),
        "season": season.get_absolute_url(),
        "person": world.person.get_absolute_url(),
        "network": world.network.get_absolute_url(),
        "scorecard": reverse("series:scorecard"),
        "scorecard year": reverse("series:scorecard") + f"?year={timezone.localdate().year}",
        "scorecard network": reverse("series:scorecard") + f"?network={world.network.slug}",
        "feed": reverse("series:announcement-feed"),
        "show feed": reverse("series:show-feed", kwargs={"slug": show.slug}),
        "feed page": reverse("series:announcements"),
        "show feed page": reverse("series:show-announcements", kwargs={"slug": show.slug}),
        "calendar": reverse("series:calendar"),
        "show calendar": reverse("series:show-calendar", kwargs={"slug": show.slug}),
        "sitemap": "/sitemap.xml",
        "sitemap shows": "/sitemap-shows.xml",
        "sitemap seasons": "/sitemap-seasons.xml",
        "robots": "/robots.txt",
    }


def query_counts(client, urls):
    return {name: counted_get(client, url)[0] for name, url in urls.items()}


def test_every_public_page_costs_the_same_queries_for_small_and_large_data(client):
    ShowFactory.create_batch(21, title=factory_title("Filler"))  # so page 2 exists
    # Once per process, search.py asks SQLite whether its full-text tables exist: a search
    # first, or this test fails whenever it runs first (the page cache keeps the URLs apart).
    client.get(reverse("series:show-list"), {"q": "warm-up"})
    small = query_counts(client, public_urls(build_world("Small", 2)))
    large = query_counts(client, public_urls(build_world("Large", 14)))
    assert small == large
    # The home page's upcoming premieres read one index range per precision, then the
    # rows chosen (`SeasonQuerySet.next_premieres`): 8 queries of its 10. A filtered search
    # reads its matching titles and its other matches once, as keys, before its count and
    # page (`filters.matches`): 11.
    assert max(small.values()) <= 11, small


def test_scorecard_lists_a_few_names_per_cell_and_counts_them_all(client, db):
    network = NetworkFactory(name="Big Network", slug="big-network")
    shows = ShowFactory.create_batch(NAMES_PER_CELL + 3, network=network)
    for show in shows:
        SeasonFactory(show=show, number=1, premiere_date=datetime.date(2020, 1, 1))
    Show.objects.update(status="awaiting_decision")
    page = html(client, reverse("series:scorecard"))
    cell = scorecard_cell(page, "big-network", "awaiting_decision")
    listed = [show.title for show in shows if f">{show.title} " in cell]
    assert len(listed) == NAMES_PER_CELL
    assert f'<span class="scorecard__count">{len(shows)}</span>' in cell
    assert "3 more awaiting decision" in cell
    assert "?status=awaiting_decision&amp;network=big-network" in cell


def test_the_scorecard_year_follows_every_change_to_premieres_and_announcements(client, db):
    """A show is on a TV season's scorecard when a season premiered or a decision was
    announced that year; the stored years follow every save and delete."""
    SeasonFactory(premiere_date=datetime.date(2019, 1, 1), finale_date=None)  # years from 2019
    show = ShowFactory(title="Moving Target", is_published=True)
    season = SeasonFactory(
        show=show, number=1, premiere_date=datetime.date(2020, 3, 1), finale_date=None
    )

    def on_scorecard(year):
        return "Moving Target" in html(client, reverse("series:scorecard") + f"?year={year}")

    def stored():
        return Show.objects.values_list("active_years", flat=True).get(pk=show.pk)

    assert stored() == " 2020 "
    assert on_scorecard(2020) and not on_scorecard(2021)
    announcement = AnnouncementFactory(season=season, announced_date=datetime.date(2021, 5, 1))
    assert stored() == " 2020 2021 "
    assert on_scorecard(2021)
    announcement.delete()
    assert stored() == " 2020 " and not on_scorecard(2021)
    season.premiere_date = datetime.date(2022, 1, 1)
    season.save()
    assert stored() == " 2022 "
    assert on_scorecard(2022) and not on_scorecard(2020)
    season.delete()
    assert stored() == "" and not on_scorecard(2022)


def test_network_page_is_paginated(client, db):
    network = NetworkFactory()
    ShowFactory.create_batch(NETWORK_PAGE_SIZE + 1, network=network)
    first = html(client, network.get_absolute_url())
    assert "Page 1 of 2" in first
    second = html(client, network.get_absolute_url() + "?page=2")
    assert "Page 2 of 2" in second
    for bad in ("0", "3", "abc", "-1", "99999999999999999999"):
        get(client, network.get_absolute_url() + f"?page={bad}", status=404)
