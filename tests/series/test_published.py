"""What the public may see: one rule (`show_is_published`) that every published() reads."""

import operator

import pytest

from series.models import Announcement, CastCredit, CrewCredit, CriticScore, Person, Season, Show
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db

# Each model with `published()`, and the way from one of its rows to its show.
SHOW_OF = {
    Season: operator.attrgetter("show"),
    Announcement: operator.attrgetter("season.show"),
    CastCredit: operator.attrgetter("season.show"),
    CrewCredit: operator.attrgetter("show"),
    CriticScore: operator.attrgetter("season.show"),
}


def test_every_published_query_shows_exactly_the_rows_of_published_shows(client):
    network = NetworkFactory()
    published = ShowFactory(network=network, is_published=True)
    draft = ShowFactory(network=network, is_published=False)
    for show in (published, draft):
        season = SeasonFactory(show=show)
        AnnouncementFactory(season=season)
        CastCreditFactory(season=season)
        CrewCreditFactory(show=show)
        CriticScoreFactory(season=season)

    assert list(Show.objects.published()) == [published]
    for model, show_of in SHOW_OF.items():
        rows = model.objects.all()
        assert len(rows) == 2, model
        wanted = {row.pk for row in rows if show_of(row) == published}
        assert set(model.objects.published().values_list("pk", flat=True)) == wanted, model
    assert set(Season.objects.published_by_join()) == set(Season.objects.published())

    [listed] = client.get("/api/v1/networks").json()["results"]
    assert listed["show_count"] == 1


def test_public_people_among_some_keys_are_the_public_people_with_those_keys():
    published = ShowFactory(is_published=True)
    draft = ShowFactory(is_published=False)
    acting = CastCreditFactory(season=SeasonFactory(show=published)).person
    creating = CrewCreditFactory(show=published).person
    only_in_a_draft = CastCreditFactory(season=SeasonFactory(show=draft)).person
    crew_of_a_draft = CrewCreditFactory(show=draft).person
    uncredited = PersonFactory()
    everyone = [acting, creating, only_in_a_draft, crew_of_a_draft, uncredited]
    keys = [person.pk for person in everyone]
    assert set(Person.objects.public()) == {acting, creating}
    assert set(Person.objects.public(among=keys)) == {acting, creating}
    assert set(Person.objects.public(among=[creating.pk, uncredited.pk])) == {creating}
    assert set(Person.objects.public(among=[])) == set()
