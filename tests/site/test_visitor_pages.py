"""What visitors get beyond the answer: the show page's lead, links out, score history,
the header search, Follow links, favicon, manifest and the API docs page."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from series.models import CriticScore, Show
from tests.factories import CriticScoreFactory, PersonFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def json_ld(html):
    return json.loads(
        html.split('<script type="application/ld+json">', 1)[1].split("</script>")[0]
    )


def test_the_show_page_leads_with_its_latest_season_answer(client, seed):
    html = page(client, reverse("series:show-detail", kwargs={"slug": "spinning-out"}))
    lead = html.split('<article class="answer', 1)[1].split("</article>", 1)[0]
    season_2 = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2})
    assert f'<a href="{season_2}">Season 2</a>' in lead
    assert "Netflix cancelled the series on 3 February 2020" in lead
    assert html.index("answer__sentence") < html.index('id="seasons-heading"')


def test_external_ids_link_out_and_are_same_as_in_json_ld(client):
    show = ShowFactory(is_published=True, imdb_id="tt9999991", tmdb_id="90001", tvmaze_id="4242")
    SeasonFactory(show=show, number=1)
    html = page(client, show.get_absolute_url())
    for url in (
        "https://www.imdb.com/title/tt9999991/",
        "https://www.themoviedb.org/tv/90001",
        "https://www.tvmaze.com/shows/4242",
    ):
        assert f'<a href="{url}" rel="nofollow noopener">' in html
        assert url in json_ld(html)["sameAs"]
    bare = ShowFactory(is_published=True)
    html = page(client, bare.get_absolute_url())
    assert "Elsewhere:" not in html
    assert "sameAs" not in json_ld(html)


def test_a_person_links_to_their_profiles_elsewhere(client):
    person = PersonFactory(imdb_id="nm0000001", tvmaze_id="77")
    season = SeasonFactory(show=ShowFactory(is_published=True))
    season.cast_credits.create(person=person, character_name="Lead")
    html = page(client, person.get_absolute_url())
    assert '<a href="https://www.imdb.com/name/nm0000001/" rel="nofollow noopener">IMDb' in html
    assert '<a href="https://www.tvmaze.com/people/77" rel="nofollow noopener">TVmaze' in html
    assert "themoviedb" not in html


def test_score_history_is_a_chart_beside_a_table_of_every_snapshot(client):
    season = SeasonFactory(show=ShowFactory(is_published=True))
    first = datetime.date(2024, 1, 10)
    for days, score in [(0, 60), (10, 70), (40, 90)]:
        CriticScoreFactory(
            season=season, score=score, retrieved_date=first + datetime.timedelta(days)
        )
    CriticScoreFactory(season=season, aggregator=CriticScore.Aggregator.METACRITIC, score=55)
    CriticScore.objects.filter(aggregator="metacritic").update(retrieved_date=None)
    html = page(client, season.get_absolute_url())
    chart = html.split('<svg class="chart__svg" role="img"', 1)[1].split("</svg>", 1)[0]
    assert "Rotten Tomatoes: 60% (10 January 2024) to 90% (19 February 2024)" in chart
    points = chart.split('class="chart__line" points="', 1)[1].split('"', 1)[0].split()
    assert len(points) == 3
    ys = [float(point.split(",")[1]) for point in points]
    assert ys[0] > ys[1] > ys[2]  # higher scores are drawn higher up
    table = html.split('<table class="history-table">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 5  # header and four snapshots
    assert ">90%<" in table and ">55<" in table
    # An undated snapshot has a dash for the eye and words for a screen reader, in both
    # tables; the latest scores keep their "As of" column, as one of them is dated.
    undated = NOT_DATED
    assert table.count(undated) == 1
    latest = html.split('aria-label="Latest critic scores table"', 1)[1].split("</table>", 1)[0]
    assert ">As of<" in latest
    assert latest.count(undated) == 1
    assert ">19 February 2024 " in latest
    assert "Date not recorded" not in html


NOT_DATED = '<span aria-hidden="true">—</span><span class="visually-hidden">not dated</span>'


@pytest.mark.parametrize(
    "url",
    [
        reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 1}),
        reverse("series:show-detail", kwargs={"slug": "spinning-out"}),
    ],
)
def test_undated_scores_have_no_as_of_column(client, seed, url):
    """The seed's critic scores have no date: the column would say nothing on every row."""
    html = page(client, url)
    latest = html.split('aria-label="Latest critic scores table"', 1)[1].split("</table>", 1)[0]
    assert latest.count("<tr>") == 3  # header and the seed's two scores
    assert "As of" not in latest
    assert NOT_DATED not in latest
    assert "Date not recorded" not in html
    assert 'data-label="Score"' in latest


def test_one_dated_snapshot_has_the_latest_scores_table_only(client):
    """Under two dated snapshots there is nothing to chart: no history table repeats the
    latest scores, and no note tells the visitor what an editor could add."""
    season = SeasonFactory(show=ShowFactory(is_published=True))
    CriticScoreFactory(season=season)
    html = page(client, season.get_absolute_url())
    assert "chart__svg" not in html
    assert "history-table" not in html
    assert "How the scores moved" not in html
    assert "a chart appears" not in html
    assert 'aria-label="Latest critic scores table"' in html


def test_every_page_has_a_search_box_and_follow_links(client, seed):
    show = Show.objects.get(slug="spinning-out")
    for url in (
        show.get_absolute_url(),
        reverse("series:scorecard"),
        reverse("series:person-detail", kwargs={"slug": "kaya-scodelario"}),
        reverse("series:network-detail", kwargs={"slug": "netflix"}),
    ):
        html = page(client, url)
        assert 'id="header-search" name="q"' in html, url
        follow = html.split('id="follow"', 1)[1].split("</section>", 1)[0]
        assert reverse("series:announcements") in follow
        assert reverse("series:calendar") in follow
    html = page(client, show.get_absolute_url())
    box = html.split('class="follow-box"', 1)[1].split("</section>", 1)[0]
    assert reverse("series:show-announcements", kwargs={"slug": show.slug}) in box
    assert reverse("series:show-calendar", kwargs={"slug": show.slug}) in box


def test_the_show_list_puts_results_before_its_folded_filters(client, seed):
    html = page(client, reverse("series:show-list"))
    assert html.index('class="result-count"') < html.index('<details class="filter-panel">')
    assert html.index("<summary>Filter and sort") < html.index('class="show-table"')
    html = page(client, reverse("series:show-list") + "?status=cancelled")
    assert '<details class="filter-panel" open>' in html
    html = page(client, reverse("series:show-list") + "?status=bogus", status=400)
    assert '<details class="filter-panel" open>' in html


def test_favicon_and_web_manifest_are_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    manifest = client.get("/site.webmanifest")
    assert manifest.status_code == 200
    data = json.loads(b"".join(manifest.streaming_content))
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]


def test_the_api_docs_page_fits_a_phone_and_leads_home(client):
    html = page(client, "/api/v1/docs")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert f'<a href="{reverse("series:home")}">' in html
    assert '<html lang="en">' in html


def test_dark_mode_is_in_the_stylesheet():
    css = Path(finders.find("css/site.css")).read_text()
    dark = css.split("@media (prefers-color-scheme: dark)", 1)[1]
    for variable in ("--ink", "--paper", "--chart-rt", "--chart-mc"):
        assert variable in dark.split("}\n", 1)[0]
