"""The show list as a search page: the season's answer, typos, people, reasons, suggestions.

On the seed facts (fixtures/spinning_out.json): Spinning Out (Netflix), season 2 cancelled,
Kaya Scodelario in its cast, Samantha Stratton its creator.
"""

import html
import re

import pytest
from django.db import connection
from django.urls import reverse

from series.models import Season, Show
from series.site import search_results
from tests.factories import CastCreditFactory, CrewCreditFactory, SeasonFactory, ShowFactory
from tests.queries import counted_get

pytestmark = pytest.mark.django_db

RESULT = re.compile(r'<(section|li) class="result[ "][^>]*>(.*?)</\1>', re.DOTALL)


@pytest.fixture(autouse=True)
def uncached(settings, client):
    """Every request renders (the page cache would answer a repeated URL), after one
    search has asked SQLite once per process whether its full-text tables exist."""
    settings.PAGE_CACHE_ENABLED = False
    client.get(reverse("series:show-list"), {"q": "warm-up"})


def text(fragment):
    spaced = " ".join(re.sub(r"<[^>]+>", " ", fragment).split())
    return html.unescape(re.sub(r" ([:;,.?])", r"\1", spaced))


def search(client, query, **params):
    response = client.get(reverse("series:show-list"), {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def results(page):
    """The visible text of each result card, in page order."""
    return [text(match[2]) for match in RESULT.finditer(page)]


@pytest.mark.parametrize(
    "query",
    ["spinning out season 2", "spinning out s2", "Spinning Out S02", "spinning out series 2"],
)
def test_a_season_question_leads_with_that_seasons_answer(client, seed, query):
    page = search(client, query)
    first = results(page)[0]
    assert first.startswith("Spinning Out Season 2: Cancelled")
    assert "Netflix cancelled the series on 3 February 2020; season 2 will not be made." in first
    season = Season.objects.get(show__slug="spinning-out", number=2)
    assert page.index(f'href="{season.get_absolute_url()}"') < page.index('class="result-count"')
    # The other matches are the title part's: the show itself, listed below the answer.
    assert "1 show matches “spinning out”" in text(page).casefold()
    assert results(page)[1].startswith("Spinning Out Cancelled Netflix")


def test_a_season_question_with_a_typo_leads_with_the_closest_title(client, seed):
    first = results(search(client, "spining out season 2"))[0]
    assert first.startswith("Spinning Out Season 2: Cancelled")
    assert "Closest title to “spining out”: Spinning Out." in first


def test_a_season_that_does_not_exist_is_said_so_with_a_link_to_the_seasons(client, seed):
    page = search(client, "spinning out season 7")
    first = results(page)[0]
    assert first.startswith("Spinning Out has no season 7")
    assert "Seasons listed: 1, 2." in first
    assert 'href="/shows/spinning-out/#seasons-heading"' in page


def test_a_season_question_names_no_show_when_two_share_the_title(client, seed):
    ShowFactory(title="Spinning Out")
    page = search(client, "spinning out season 2")
    assert "Season 2: Cancelled" not in text(page)
    assert "2 shows match “spinning out”" in text(page)


def test_a_draft_shows_season_is_never_the_answer(client, seed):
    Show.objects.filter(slug="spinning-out").update(is_published=False)
    page = search(client, "spinning out season 2")
    assert results(page) == []
    assert "/shows/spinning-out/" not in page


def test_a_typo_offers_did_you_mean_and_puts_the_nearest_title_first(client, seed):
    ShowFactory(title="Golden Ridge")
    page = search(client, "spining out")
    assert "0 shows match" in text(page)
    assert 'Did you mean <a href="/shows/?q=Spinning%20Out">Spinning Out</a>?' in page
    first = results(page)[0]
    assert first.startswith("Spinning Out Cancelled Netflix")
    assert first.endswith("Matched: similar title")
    assert "Golden Ridge" not in page


def test_a_typo_found_in_a_few_other_shows_still_offers_the_nearer_title(client, seed):
    """ "severence" is in one season's title; the show meant is titled "Severance"."""
    ShowFactory(title="Severance")
    SeasonFactory(show__title="Office Life", title="Severence Pay")
    page = search(client, "severence")
    assert "1 show matches" in text(page)
    assert 'Did you mean <a href="/shows/?q=Severance">Severance</a>?' in page
    assert results(page)[0].startswith("Office Life")


def test_a_few_results_found_by_their_titles_offer_nothing_else(client, seed):
    ShowFactory(title="Spining Wheel")
    page = search(client, "spining")
    assert "1 show matches" in text(page)
    assert "Did you mean" not in page
    # Nor a name: "kaya" is Kaya Scodelario, though the title "Kayak" is near it.
    ShowFactory(title="Kayak")
    assert "Did you mean" not in search(client, "kaya")


def test_an_empty_result_suggests_the_nearest_titles(client, seed):
    for title in ["The Silent Harbor", "Harbor Lights", "Golden Ridge"]:
        ShowFactory(title=title)
    page = search(client, "silent harbour lights")
    assert "0 shows match" in text(page)
    assert "Nearest titles to “silent harbour lights”" in text(page)
    cards = results(page)
    assert [card.split(" Matched: ")[1] for card in cards] == ["similar title"] * 2
    # Similarity 0.5 and 0.43 (pg_trgm's measure: shared trigrams over all).
    assert cards[0].startswith("Harbor Lights ")
    assert cards[1].startswith("The Silent Harbor ")
    assert "Golden Ridge" not in page


def test_a_search_with_nothing_near_says_so(client, seed):
    page = search(client, "zzqx wobble")
    assert "No show or person matches “zzqx wobble”, and no title is close to it." in text(page)
    assert results(page) == []


def test_a_name_lists_the_person_first_with_their_shows_and_the_show_says_why(client, seed):
    page = search(client, "kaya")
    cards = results(page)
    assert cards[0] == "Kaya Scodelario In Spinning Out Matched: name"
    assert 'href="/people/kaya-scodelario/"' in page
    assert cards[1].startswith("Spinning Out Cancelled Netflix")
    assert cards[1].endswith("Matched: cast: Kaya Scodelario")


def test_people_are_listed_by_name_a_few_at_a_time(client, seed, monkeypatch):
    for name in ["Kaya Zed", "Kaya Adams", "Kayak Builder"]:
        CastCreditFactory(person__name=name, season__show__title=f"{name}'s Show")
    monkeypatch.setattr("series.site.search_results.PEOPLE_LISTED", 3)
    people = [card for card in results(search(client, "kaya")) if card.endswith("name")]
    assert [card.split(" In ")[0] for card in people] == [
        "Kaya Adams",
        "Kaya Scodelario",
        "Kaya Zed",
    ]
    assert "More people match “kaya”" in text(search(client, "kaya"))
    # Past DENSE_PEOPLE matches the first ones the index gives are ordered, and more match.
    monkeypatch.setattr("series.site.search_results.DENSE_PEOPLE", 2)
    monkeypatch.setattr("series.site.search_results.PEOPLE_LISTED", 5)
    page = search(client, "kaya")
    assert len([card for card in results(page) if card.endswith("Matched: name")]) == 2
    assert "More people match “kaya”" in text(page)


def test_a_title_search_lists_shows_before_people(client, seed):
    CastCreditFactory(person__name="Ava Spinning", season__show__title="Quiet Bay")
    cards = results(search(client, "spinning"))
    assert [card.split(" Matched: ")[1] for card in cards] == [
        "cast: Ava Spinning",
        "title",
        "name",
    ]
    assert cards[2].startswith("Ava Spinning In Quiet Bay")


def test_each_show_says_why_it_matched(client, seed):
    crew = CrewCreditFactory(person__name="Samantha Harbor", show__title="Golden Ridge")
    SeasonFactory(show=crew.show, number=2, title="The Harbor Years")
    ShowFactory(title="Harbor Lights")
    bay = SeasonFactory(show__title="Quiet Bay")
    for number in range(3):
        CastCreditFactory(person__name=f"Ann Harbor {number}", season=bay)
    cards = results(search(client, "harbor"))
    why = {card.split(" ")[0]: card.split(" Matched: ")[1] for card in cards[:3]}
    assert why["Golden"] == "creator: Samantha Harbor; season title: The Harbor Years"
    assert why["Harbor"] == "title"
    assert why["Quiet"] == "cast: Ann Harbor 0, Ann Harbor 1 and 1 more"
    # The API's search reads season titles too (the same `ShowFilterForm`).
    api = client.get("/api/v1/shows", {"q": "harbor years"}).json()
    assert [item["title"] for item in api["results"]] == ["Golden Ridge"]
    creator = results(search(client, "stratton"))
    assert creator[1].endswith("Matched: creator: Samantha Stratton")


def test_a_result_tells_the_shows_season_story_as_the_list_does(client, seed):
    """Spinning Out made one season; its second was cancelled before it was made."""
    cards = results(search(client, "spinning"))
    spinning_out = next(card for card in cards if card.startswith("Spinning Out "))
    assert "Netflix · 1 season, cancelled before season 2 · Drama" in spinning_out
    # The nearest titles, offered for a typo, tell it the same way.
    suggested = results(search(client, "spining out"))[0]
    assert suggested.startswith("Spinning Out ")
    assert "1 season, cancelled before season 2" in suggested


def test_reasons_and_names_are_escaped(client, seed):
    CastCreditFactory(person__name="<b>Kaya</b> & Co", season__show__title="<i>Ice</i> Show")
    page = search(client, "kaya")
    assert "<b>Kaya</b>" not in page
    assert "&lt;b&gt;Kaya&lt;/b&gt; &amp; Co" in page
    assert "cast: &lt;b&gt;Kaya&lt;/b&gt; &amp; Co" in page
    assert "&lt;i&gt;Ice&lt;/i&gt; Show" in page


def test_drafts_and_their_people_stay_out_of_people_and_suggestions(client, seed):
    draft = ShowFactory(title="Hushhush Draft", is_published=False)
    CastCreditFactory(person__name="Quinn Unseen", season__show=draft)
    for query in ["hushhush", "hushush draft", "quinn", "quin unseen"]:
        page = search(client, query)
        assert "Hushhush" not in page.split('class="result-count"')[1], query
        assert "Quinn Unseen" not in page, query


def test_people_and_suggestions_are_for_the_search_alone(client, seed):
    page = search(client, "kaya", status="returning")
    assert "Kaya Scodelario" not in page
    assert "No show matches “kaya” with these filters." in text(page)


# --- Queries ----------------------------------------------------------------------------


def queries(client, query):
    return counted_get(client, reverse("series:show-list"), {"q": query})[0]


def grow(scale):
    """More of everything a search page reads: people with credits, seasons, shows."""
    for number in range(scale):
        show = ShowFactory(title=f"Spinning Around {number}")
        season = SeasonFactory(show=show, number=1, title=f"Kaya's Turn {number}")
        CastCreditFactory(season=season, person__name=f"Kaya Other {number}")
        CrewCreditFactory(show=show, person__name=f"Kaya Maker {number}")


@pytest.mark.parametrize(
    "query", ["kaya", "spinning out season 2", "spining out s2", "spining out", "zzqx", "spin"]
)
def test_a_search_page_costs_the_same_queries_for_small_and_large_data(client, seed, query):
    # Enough that "spin" finds no fewer shows than a "did you mean" is read for (a fixed
    # read, for a search that finds only a few).
    grow(search_results.FEW_FOUND)
    small = queries(client, query)
    grow(12)
    assert queries(client, query) == small


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The people whose names hold the text and the shows whose titles hold it (each
        # read once, shared by the list, the People section and a season's answer), the
        # other matching shows' keys (seasons' titles, credits), then the list by those
        # keys (count, page, genres), the filter form's networks and genres, plus:
        # reasons; people (the first few public ones) and their shows.
        ("kaya", 11),
        # Plus the show with its seasons and announcements (the title's matches are
        # shared); no name holds "spinning out": the People section reads nothing more.
        ("spinning out season 2", 12),
        # A typo: no key matches, so the list reads nothing; the similarity read (on
        # SQLite three: trigram counts, candidates, their titles), then the near shows
        # and their genres; the near people's read (on SQLite its trigram counts) finds
        # none.
        ("spining out", {"sqlite": 11, "postgresql": 9}),
    ],
)
def test_search_pages_query_counts(client, seed, django_assert_num_queries, query, expected):
    if isinstance(expected, dict):
        expected = expected[connection.vendor]
    with django_assert_num_queries(expected):
        response = client.get(reverse("series:show-list"), {"q": query})
    assert response.status_code == 200
