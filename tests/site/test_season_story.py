"""One season story: a season that will not be made reads so in every row of every page.

Spinning Out (the seed facts): season 1 aired, season 2 was cancelled before it was made.
The season page's Release facts, the show page's Seasons rows, the show list, the
network page and the scorecard all tell that one story, in the same words.
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from series.models import Show
from series.status import ShowStatus
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory
from tests.queries import counted_get

pytestmark = pytest.mark.django_db

NOT_MADE = "None (not made)"
STALE_WORDS = ("Unscheduled", "Not announced", "Unknown")


def text(node):
    return " ".join(node.get_text(" ").split())


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def facts(client, season_url):
    """The season page's Release section as {term: value}."""
    section = page(client, season_url).select_one('[aria-labelledby="facts-heading"]')
    return {text(div.dt): text(div.dd) for div in section.select(".facts > div")}


def season_rows(client, show_url):
    """The show page's Seasons rows as [[season, status, premiere, episodes]]."""
    section = page(client, show_url).select_one('[aria-labelledby="seasons-heading"]')
    return [[text(cell) for cell in row.select("th, td")] for row in section.select("tbody tr")]


def season_url(number):
    return reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": number})


def test_season_2_reads_as_not_made_in_every_fact(client, seed):
    shown = facts(client, season_url(2))
    assert shown["Decision"] == "Cancelled"
    assert shown["Release"] == "Will not be made"
    assert (shown["Premiere"], shown["Episodes"]) == (NOT_MADE, NOT_MADE)
    assert not set(shown.values()) & set(STALE_WORDS)


def test_season_1_made_without_an_announcement_reads_as_ordered_never_made(client, seed):
    shown = facts(client, season_url(1))
    assert shown["Decision"] == "Ordered"
    assert (shown["Release"], shown["Premiere"], shown["Episodes"]) == (
        "Released",
        "1 January 2020",
        "10",
    )


def test_the_show_page_rows_and_count_tell_the_same_story(client, seed):
    url = reverse("series:show-detail", kwargs={"slug": "spinning-out"})
    assert season_rows(client, url) == [
        ["Season 1", "Released", "1 January 2020", "10"],
        ["Season 2", "Cancelled", NOT_MADE, NOT_MADE],
    ]
    summary = page(client, url).select_one(".seasons-summary")
    assert text(summary) == "1 season, cancelled before season 2"


def test_every_cell_names_its_column_for_the_phone_cards(client, seed):
    url = reverse("series:show-detail", kwargs={"slug": "spinning-out"})
    table = page(client, url).select_one(".seasons-table")
    columns = [text(th) for th in table.select("thead th")][1:]
    for row in table.select("tbody tr"):
        assert [td["data-label"] for td in row.select("td")] == columns
        assert row.th["scope"] == "row"


def test_a_season_still_to_be_announced_says_not_announced_on_both_pages(client):
    show = ShowFactory(is_published=True)
    SeasonFactory(show=show, number=1)
    upcoming = SeasonFactory(
        show=show, number=2, premiere_date=None, finale_date=None, episode_count=None
    )
    AnnouncementFactory(season=upcoming, decision="renewed")
    assert facts(client, upcoming.get_absolute_url())["Premiere"] == "Not announced"
    assert facts(client, upcoming.get_absolute_url())["Episodes"] == "Not announced"
    row = season_rows(client, show.get_absolute_url())[1]
    assert row[2:] == ["Not announced", "Not announced"]  # never "Unknown"


def test_a_cancellation_drops_a_planned_premiere_and_episode_count(client):
    show = ShowFactory(is_published=True)
    SeasonFactory(show=show, number=1)
    planned = datetime.date(2099, 3, 1)
    season = SeasonFactory(
        show=show, number=2, premiere_date=planned, finale_date=planned, episode_count=8
    )
    AnnouncementFactory(season=season, decision="cancelled")
    shown = facts(client, season.get_absolute_url())
    assert (shown["Premiere"], shown["Episodes"]) == (NOT_MADE, NOT_MADE)
    assert "Finale" not in shown
    assert season_rows(client, show.get_absolute_url())[1][2:] == [NOT_MADE, NOT_MADE]


def test_the_network_page_and_the_show_list_count_made_seasons(client, seed):
    network = page(client, reverse("series:network-detail", kwargs={"slug": "netflix"}))
    list_ = page(client, reverse("series:show-list"))
    for soup in (network, list_):
        (row,) = [r for r in soup.select(".show-table tbody tr") if "Spinning Out" in text(r)]
        assert text(row.select_one(".show-table__seasons")) == (
            "1 season, cancelled before season 2"
        )


def test_a_show_that_is_not_cancelled_just_counts_its_seasons(client):
    show = ShowFactory(is_published=True, title="Long Runner")
    for number in (1, 2, 3):
        SeasonFactory(show=show, number=number)
    SeasonFactory(show=show, number=4, premiere_date=None, finale_date=None)  # awaiting
    listed = page(client, reverse("series:show-list"))
    assert text(listed.select_one(".show-table__seasons")) == "3 seasons"
    assert Show.objects.get(pk=show.pk).status == ShowStatus.AWAITING_DECISION


def test_the_scorecard_cards_and_columns_use_the_same_words(client, seed):
    returning = ShowFactory(is_published=True)
    SeasonFactory(show=returning, number=1)
    renewed = SeasonFactory(
        show=returning, number=2, premiere_date=datetime.date(2099, 1, 1), finale_date=None
    )
    AnnouncementFactory(season=renewed, decision="renewed")
    soup = page(client, reverse("series:scorecard"))
    cards = {text(badge) for badge in soup.select(".status-counts .badge")}
    columns = [text(th).rsplit(" ", 1)[0] for th in soup.select(".scorecard thead th")[1:]]
    cells = {text(badge) for badge in soup.select(".scorecard__label .badge")}
    assert columns == ["Returning", "Cancelled", "Awaiting decision", "Final season ahead"]
    assert set(columns) <= cards
    assert cells <= set(columns)
    assert "Renewed" not in cards | cells | set(columns)


def test_the_pages_cost_no_more_queries_for_more_seasons(client, seed):
    url = reverse("series:show-detail", kwargs={"slug": "spinning-out"})
    few, _ = counted_get(client, url)
    show = Show.objects.get(slug="spinning-out")
    for number in (3, 4, 5):
        SeasonFactory(show=show, number=number, premiere_date=None, finale_date=None)
    many, _ = counted_get(client, url)
    assert many == few


def test_the_show_structured_data_counts_the_made_season(client, seed):
    soup = page(client, reverse("series:show-detail", kwargs={"slug": "spinning-out"}))
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["numberOfSeasons"] == 1
