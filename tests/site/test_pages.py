"""What a visitor sees on the season and show pages, and what it costs in queries."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CriticScoreFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.queries import counted_get

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def season_url(slug, number):
    return reverse("series:season-detail", kwargs={"slug": slug, "number": number})


def test_season_two_answers_cancelled_with_its_sources(client, seed):
    html = page(client, season_url("spinning-out", 2))
    assert "Spinning Out Season 2:" in html
    assert "Cancelled" in html
    assert "Netflix cancelled the series on 3 February 2020" in html
    assert "February 2020" in html
    assert "Variety, citing Deadline" in html
    assert ">Union Journalism</a>" in html


def test_season_one_shows_premiere_episodes_scores_and_cast_in_order(client, seed):
    html = page(client, season_url("spinning-out", 1))
    assert "1 January 2020" in html
    assert "<dd>10</dd>" in html
    assert "63%" in html
    assert "6.5/10" in html
    assert "16 reviews" in html
    assert ">47<" in html
    assert "4 critics" in html
    cast = [
        ("Kaya Scodelario", "Kat Baker"),
        ("Willow Shields", "Serena Baker"),
        ("Evan Roderick", "Justin Davis"),
        ("David James Elliott", "James Davis"),
        ("Sarah Wright Olsen", "Mandy Davis"),
        ("Svetlana Efremova", "Dasha Fedorova"),
        ("Amanda Zhou", "Jenn Yu"),
        ("Mitchell Edwards", "Marcus Holmes"),
        ("Kaitlyn Leeb", "Leah Starnes"),
        ("Will Kemp", "Mitch Saunders"),
        ("January Jones", "Carol Baker"),
    ]
    positions = [
        html.index(f"{actor}</a></span></th><td>{character}</td>") for actor, character in cast
    ]
    assert positions == sorted(positions)


def test_show_page_names_the_creator_and_every_season(client, seed):
    html = page(client, reverse("series:show-detail", kwargs={"slug": "spinning-out"}))
    assert "Samantha Stratton" in html
    assert "Cancelled" in html
    assert season_url("spinning-out", 1) in html
    assert season_url("spinning-out", 2) in html
    assert "Kaya Scodelario" in html


@pytest.mark.parametrize(
    "url",
    [
        "/shows/no-such-show/",
        "/shows/no-such-show/season/1/",
        "/shows/spinning-out/season/0/",
        "/shows/spinning-out/season/-1/",
        "/shows/spinning-out/season/99999999999999999999/",
        "/shows/spinning-out/season/two/",
    ],
)
def test_unknown_shows_and_seasons_are_404(client, seed, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_season_the_show_lacks_is_a_404_naming_the_show(client, seed):
    """The show exists: its 404 says which season it lacks (tests/site/test_finished_pages.py
    checks the links to its seasons)."""
    response = client.get("/shows/spinning-out/season/3/")
    assert response.status_code == 404
    assert "Spinning Out has no season 3" in response.content.decode()


def test_drafts_are_hidden_from_visitors_and_previewed_by_staff(editor):
    season = SeasonFactory(show__is_published=False)
    visitor = Client()
    assert visitor.get(season.get_absolute_url()).status_code == 404
    assert visitor.get(season.show.get_absolute_url()).status_code == 404
    assert season.show.title not in visitor.get(reverse("series:home")).content.decode()
    staff = Client()
    staff.force_login(editor)
    assert "Draft preview" in page(staff, season.get_absolute_url())
    assert "Draft preview" in page(staff, season.show.get_absolute_url())


def test_editor_text_is_escaped(client):
    season = SeasonFactory(show__title="<script>alert(1)</script>")
    CastCreditFactory(season=season, character_name="<img src=x onerror=alert(1)>")
    html = page(client, season.get_absolute_url())
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def build_season(cast_size):
    season = SeasonFactory()
    CastCreditFactory.create_batch(cast_size, season=season)
    AnnouncementFactory.create_batch(cast_size // 2 + 1, season=season)
    CriticScoreFactory.create_batch(cast_size // 2 + 1, season=season)
    SeasonFactory.create_batch(cast_size // 20 + 1, show=season.show)
    return season


def test_season_page_queries_do_not_grow_with_its_cast(client, django_assert_num_queries):
    small, large = build_season(2), build_season(200)
    with django_assert_num_queries(5):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(5):
        client.get(large.get_absolute_url())


def test_show_page_queries_do_not_grow_with_its_seasons(client):
    small, large = build_season(2).show, build_season(200).show
    ShowFactory.create_batch(5)
    small_count, _ = counted_get(client, small.get_absolute_url())
    large_count, _ = counted_get(client, large.get_absolute_url())
    assert small_count == large_count
    assert large_count <= 8


def test_home_page_lists_latest_announcements(client, seed):
    html = page(client, reverse("series:home"))
    assert "Spinning Out" in html
    assert "Variety, citing Deadline" in html


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
