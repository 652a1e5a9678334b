"""Finished pages: no note meant for editors, a season 404 that names its show, index pages
for networks and people, country names, no zero cards, /api/ for browsers, and the season
page's query count."""

import datetime

import pytest
from django.urls import reverse

from series.models import Season
from tests.factories import (
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.site.test_pages import build_season

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def season_url(slug, number):
    return reverse("series:season-detail", kwargs={"slug": slug, "number": number})


# 1. The score history only when it adds to the chart.


def test_seed_season_1_shows_its_scores_once_and_no_editor_note(client, seed):
    html = page(client, season_url("spinning-out", 1))
    scores = html.split('id="scores-heading"', 1)[1].split("</section>", 1)[0]
    assert 'aria-label="Latest critic scores table"' in scores
    assert "history-table" not in scores
    assert "How the scores moved" not in scores
    assert "a chart appears" not in html
    assert "two dated snapshots" not in html


def test_two_dated_snapshots_give_a_chart_with_its_table_folded_away(client):
    season = SeasonFactory(show=ShowFactory(is_published=True))
    for day, score in [(1, 70), (20, 80)]:
        CriticScoreFactory(season=season, score=score, retrieved_date=datetime.date(2024, 3, day))
    html = page(client, season.get_absolute_url())
    history = html.split("How the scores moved", 1)[1].split("</section>", 1)[0]
    assert '<svg class="chart__svg"' in history
    folded = history.split("<details", 1)[1].split("</details>", 1)[0]
    assert "<summary>Every snapshot as a table</summary>" in folded
    assert folded.count("<tr>") == 3  # header and two snapshots


# 4. A missing season's 404.


def test_a_missing_season_names_its_show_and_links_to_its_seasons(client, seed):
    response = client.get(season_url("spinning-out", 7))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Spinning Out has no season 7</h1>" in html
    assert "<title>Spinning Out has no season 7 · showtracker</title>" in html
    for number in (1, 2):
        assert f'<a href="{season_url("spinning-out", number)}">Season {number}</a>' in html
    show_url = reverse("series:show-detail", kwargs={"slug": "spinning-out"})
    assert f'<a href="{show_url}#seasons-heading">' in html
    assert "Page not found" not in html


def test_a_show_with_no_seasons_yet_still_names_itself(client):
    show = ShowFactory(is_published=True, title="Quiet Show")
    html = page(client, season_url(show.slug, 1), status=404)
    assert "<h1>Quiet Show has no season 1</h1>" in html
    assert "no seasons of" in html


@pytest.mark.parametrize("url", ["/shows/no-such-show/season/1/", "/shows/no-such-show/"])
def test_a_missing_show_stays_generic(client, url):
    html = page(client, url, status=404)
    assert "<h1>Page not found</h1>" in html
    assert "has no season" not in html


def test_a_draft_shows_404_names_nothing_to_visitors(client):
    season = SeasonFactory(show__is_published=False, show__title="Secret Draft")
    html = page(client, season_url(season.show.slug, 2), status=404)
    assert "Secret Draft" not in html
    assert "<h1>Page not found</h1>" in html


# 10. The season page's queries.


@pytest.mark.parametrize("credits", [11, 211])
def test_season_page_reads_in_five_queries_whatever_its_cast(
    client, django_assert_num_queries, credits
):
    """Five in the view (the season with its show's seasons, announcements, cast, scores,
    creators); the day's first request adds the freshness read: six at most."""
    season = build_season(credits)
    assert season.cast_credits.count() == credits
    with django_assert_num_queries(5):
        response = client.get(season.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    # The siblings read with the season still list every season of the show.
    nav = html.split('class="season-nav"', 1)[1].split("</nav>", 1)[0]
    numbers = Season.objects.filter(show=season.show).values_list("number", flat=True)
    assert len(numbers) > 1
    for number in numbers:
        assert f"Season {number}<" in nav


# 3. Country names.


def test_the_show_page_names_its_country(client):
    show = ShowFactory(is_published=True, country="KR")
    SeasonFactory(show=show)
    header = page(client, show.get_absolute_url()).split('<header class="page-header">', 1)[1]
    header = header.split("</header>", 1)[0]
    assert " · South Korea" in header
    assert " · KR" not in header


def test_every_iso_code_has_a_name_and_an_unknown_code_stays_as_stored():
    from series.countries import NAMES, country_name

    assert len(NAMES) == 249
    assert all(len(code) == 2 and code.isupper() and name for code, name in NAMES.items())
    assert country_name("gb") == "United Kingdom"
    assert country_name("XX") == "XX"


def test_the_api_gives_the_country_code_and_its_name(client):
    show = ShowFactory(is_published=True, country="KR")
    SeasonFactory(show=show)
    data = client.get(f"/api/v1/shows/{show.slug}").json()
    assert (data["country"], data["country_name"]) == ("KR", "South Korea")
    listed = client.get("/api/v1/shows").json()["results"][0]
    assert listed["country_name"] == "South Korea"


# 6. No zero cards.


def test_a_network_page_shows_only_statuses_that_have_shows(client, seed):
    html = page(client, reverse("series:network-detail", kwargs={"slug": "netflix"}))
    counts = html.split('<ul class="status-counts">', 1)[1].split("</ul>", 1)[0]
    assert counts.count("<li>") == 1
    assert '<span class="status-count__number">1</span>' in counts
    assert "badge--cancelled" in counts
    assert '<span class="status-count__number">0</span>' not in counts


def test_the_home_page_shows_only_statuses_that_have_shows(client, seed):
    html = page(client, reverse("series:home"))
    counts = html.split('<ul class="status-counts">', 1)[1].split("</ul>", 1)[0]
    assert counts.count("<li>") == 1
    assert '<span class="status-count__number">0</span>' not in counts
    assert '<span class="status-count__number">1</span> <span class="badge badge--cancelled">' in (
        counts
    )


# 5. /api/ and /api/v1/ for browsers and for JSON clients.

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("url", ["/api/", "/api/v1/"])
def test_a_browser_at_the_api_root_is_sent_to_the_docs(client, url):
    response = client.get(url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"
    assert "Accept" in response["Vary"]
    docs = client.get(response["Location"])
    assert docs.status_code == 200
    assert "<h1>showtracker API</h1>" in docs.content.decode()


@pytest.mark.parametrize("accept", ["application/json", "*/*", None])
@pytest.mark.parametrize("url", ["/api/", "/api/v1/"])
def test_a_json_client_at_the_api_root_gets_an_index(client, url, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    index = response.json()
    assert index["docs"] == "http://testserver/api/v1/docs"
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"
    assert client.get(index["shows"]).status_code == 200


def test_the_api_index_is_never_kept_for_the_other_kind_of_client(client):
    """The page cache keys by URL: a JSON index kept there would reach a browser."""
    client.get("/api/", HTTP_ACCEPT="application/json")
    assert client.get("/api/", HTTP_ACCEPT=BROWSER).status_code == 302
    assert "no-cache" in client.get("/api/")["Cache-Control"]


# 2. Network and people index pages.


def test_the_networks_index_lists_networks_with_published_shows_and_counts(client, seed):
    hbo = NetworkFactory(name="HBO", slug="hbo")
    ShowFactory.create_batch(2, network=hbo)
    ShowFactory(network=hbo, is_published=False)  # a draft is not counted
    NetworkFactory(name="Empty Network")  # no published show: not listed
    draft_only = NetworkFactory(name="Drafts Only")
    ShowFactory(network=draft_only, is_published=False)
    html = page(client, reverse("series:network-list"))
    listed = html.split('<ul class="index-list">', 1)[1].split("</ul>", 1)[0]
    rows = {
        row.split("</a>", 1)[0].rsplit(">", 1)[1]: row.split("</a>", 1)[1]
        for row in listed.split('<li class="index-list__item">')[1:]
    }
    assert rows["HBO"].strip().endswith("· 2 shows</span></li>")
    assert rows["Netflix"].strip().endswith("Streaming · 1 show</span></li>")
    assert listed.index("HBO") < listed.index("Netflix")
    assert "Empty Network" not in html and "Drafts Only" not in html
    assert f'href="{hbo.get_absolute_url()}"' in listed
    assert "2 networks with shows" in html
    assert '<span aria-current="page">Networks</span>' in html  # breadcrumbs


def test_the_people_index_lists_people_with_their_shows_and_roles(client, seed):
    html = page(client, reverse("series:person-list"))
    listed = html.split('<ul class="index-list">', 1)[1].split("</main>", 1)[0]
    kaya = listed.split(">Kaya Scodelario</a>", 1)[1].split("</ul>", 1)[0]
    assert ">Spinning Out</a>" in kaya
    assert "as Kat Baker" in kaya
    stratton = listed.split(">Samantha Stratton</a>", 1)[1].split("</ul>", 1)[0]
    assert "Creator" in stratton
    assert "12 people credited" in html  # eleven cast and the creator
    assert '<span aria-current="page">People</span>' in html


def test_the_people_index_hides_people_credited_only_on_drafts(client):
    draft = SeasonFactory(show__is_published=False)
    CastCreditFactory(season=draft, person=PersonFactory(name="Draft Only Actor"))
    CastCreditFactory(person=PersonFactory(name="Public Actor"))
    html = page(client, reverse("series:person-list"))
    assert "Public Actor" in html
    assert "Draft Only Actor" not in html


def test_index_pages_are_paginated_and_a_page_past_the_end_is_404(client):
    ShowFactory.create_batch(51)  # 51 networks of one show each
    first = page(client, reverse("series:network-list"))
    assert first.count('class="index-list__item"') == 50
    assert 'rel="next"' in first
    second = page(client, reverse("series:network-list") + "?page=2")
    assert second.count('class="index-list__item"') == 1
    assert '<link rel="canonical" href="http://testserver/networks/?page=2">' in second
    page(client, reverse("series:network-list") + "?page=3", status=404)
    page(client, reverse("series:person-list") + "?page=2", status=404)


@pytest.mark.parametrize("size", [3, 60])
def test_index_pages_read_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    """The page, its count, and for people one query each for the page's cast and crew
    credits: the same at 3 as at 60 networks and people, however many credits each has."""
    for _ in range(size):
        season = SeasonFactory()
        CastCreditFactory.create_batch(3, season=season)
        CrewCreditFactory(show=season.show, person=PersonFactory())
    client.get(reverse("series:home"))  # the day's freshness read, outside the count
    with django_assert_num_queries(2):
        assert client.get(reverse("series:network-list")).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(reverse("series:person-list")).status_code == 200


def test_index_pages_are_in_the_sitemap_and_the_footer(client, seed):
    sitemap = client.get("/sitemap-indexes.xml").content.decode()
    assert "<loc>http://testserver/networks/</loc>" in sitemap
    assert "<loc>http://testserver/people/</loc>" in sitemap
    assert "sitemap-indexes.xml" in client.get("/sitemap.xml").content.decode()
    footer = page(client, reverse("series:home")).split('<footer class="site-footer">', 1)[1]
    assert f'<a href="{reverse("series:network-list")}">Networks</a>' in footer
    assert f'<a href="{reverse("series:person-list")}">People</a>' in footer
