"""The show search and filters: every value validated, every filter narrowing correctly."""

import datetime

import pytest

from series.filters import ShowFilterForm
from series.models import Show
from tests.factories import (
    CastCreditFactory,
    CrewCreditFactory,
    GenreFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


def titles(params):
    form = ShowFilterForm(params)
    assert form.is_valid(), form.errors
    return [show.title for show in form.filter(Show.objects.all())]


def test_search_matches_titles_and_cast_names():
    CastCreditFactory(season__show__title="Spinning Out", person__name="Kaya Scodelario")
    ShowFactory(title="Severance")
    assert titles({"q": "spinning"}) == ["Spinning Out"]
    assert titles({"q": "scodelario"}) == ["Spinning Out"]
    assert titles({"q": "nothing like it"}) == []


def test_filters_by_status_network_genre_and_year():
    drama = GenreFactory(slug="drama")
    old = SeasonFactory(
        show__title="Old", premiere_date=datetime.date(2019, 5, 1), finale_date=None
    )
    old.show.genres.add(drama)
    SeasonFactory(show__title="New", premiere_date=datetime.date(2024, 5, 1), finale_date=None)
    assert titles({"year": "2019"}) == ["Old"]
    assert titles({"genre": "drama"}) == ["Old"]
    assert titles({"network": old.show.network.slug}) == ["Old"]
    assert titles({"status": "returning", "sort": "-title"}) == ["Old", "New"]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"network": "no-such-network"},
        {"genre": "no-such-genre"},
        {"year": "-5"},
        {"year": "99999999999999999999"},
        {"sort": "password"},
        {"q": "x" * 101},
    ],
)
def test_bad_values_are_errors(params):
    assert not ShowFilterForm(params).is_valid()


@pytest.mark.parametrize("listed", [500, 1])
def test_search_finds_crew_and_cast_whether_people_are_listed_or_a_subquery(monkeypatch, listed):
    """Few matching people are fetched once as ids; very many stay a subquery. Same answer."""
    monkeypatch.setattr("series.filters.MAX_LISTED_PEOPLE", listed)
    CastCreditFactory(season__show__title="Spinning Out", person__name="Kaya Scodelario")
    CastCreditFactory(season__show__title="Other", person__name="Kaya Other")
    CrewCreditFactory(show__title="Created", person__name="Lauren Kaya")
    ShowFactory(title="Severance")
    assert titles({"q": "kaya"}) == ["Created", "Other", "Spinning Out"]
    assert titles({"q": "lauren"}) == ["Created"]


@pytest.mark.parametrize("matched", [5000, 1])
def test_search_finds_the_same_shows_whether_its_keys_are_read_or_a_subquery(monkeypatch, matched):
    """Few matching shows are read once as keys; more stay a subquery. Same answer."""
    monkeypatch.setattr("series.filters.MAX_MATCHED_SHOWS", matched)
    CastCreditFactory(season__show__title="Spinning Out", person__name="Kaya Scodelario")
    SeasonFactory(show__title="Blue Water", title="Kaya's Winter")
    ShowFactory(title="Kayak Club")
    ShowFactory(title="Severance")
    assert titles({"q": "kaya"}) == ["Blue Water", "Kayak Club", "Spinning Out"]
    assert titles({"q": "kaya", "sort": "-title"}) == ["Spinning Out", "Kayak Club", "Blue Water"]
