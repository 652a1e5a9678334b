"""Every rule the database holds, tested twice: as an IntegrityError and as an admin form error."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from series.models import Announcement, CastCredit, CriticScore, Person, Season, Show
from tests.admin_helpers import admin_post, season_form, shown_errors
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CriticScoreFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db


def raises_integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_season_number_must_be_positive():
    show = ShowFactory()
    raises_integrity_error(lambda: Season.objects.create(show=show, number=0))


def test_season_number_unique_per_show():
    season = SeasonFactory(number=1)
    raises_integrity_error(lambda: Season.objects.create(show=season.show, number=1))
    Season.objects.create(show=ShowFactory(), number=1)  # another show may have a season 1


def test_finale_not_before_premiere():
    raises_integrity_error(
        lambda: SeasonFactory(
            premiere_date=datetime.date(2020, 5, 1), finale_date=datetime.date(2020, 4, 1)
        )
    )


def test_score_range():
    raises_integrity_error(lambda: CriticScoreFactory(score=101))


def test_average_rating_range():
    raises_integrity_error(lambda: CriticScoreFactory(average_rating=Decimal("10.5")))


def test_review_count_not_negative():
    raises_integrity_error(lambda: CriticScoreFactory(review_count=-1))


def test_episode_count_not_negative():
    raises_integrity_error(lambda: SeasonFactory(episode_count=-1))


def test_one_credit_per_person_and_character_per_season():
    credit = CastCreditFactory()
    raises_integrity_error(
        lambda: CastCredit.objects.create(
            season=credit.season, person=credit.person, character_name=credit.character_name
        )
    )


@pytest.mark.parametrize("factory", [ShowFactory, PersonFactory, NetworkFactory])
def test_slugs_are_unique(factory):
    factory(slug="taken")
    raises_integrity_error(lambda: factory(slug="taken"))


@pytest.mark.parametrize("field", ["imdb_id", "tmdb_id", "tvmaze_id"])
def test_external_ids_unique_when_set(field):
    ShowFactory(**{field: "12345"})
    raises_integrity_error(lambda: ShowFactory(**{field: "12345"}))
    ShowFactory(**{field: ""})
    ShowFactory(**{field: ""})  # blank ids never collide
    PersonFactory(**{field: "999"})
    raises_integrity_error(lambda: PersonFactory(**{field: "999"}))


def test_announcement_needs_a_source():
    raises_integrity_error(lambda: AnnouncementFactory(source_name=""))


def test_source_url_must_be_http():
    raises_integrity_error(lambda: AnnouncementFactory(source_url="javascript:alert(1)"))


def test_score_snapshot_unique_per_date():
    score = CriticScoreFactory(retrieved_date=datetime.date(2021, 1, 1))
    raises_integrity_error(
        lambda: CriticScoreFactory(season=score.season, retrieved_date=datetime.date(2021, 1, 1))
    )
    CriticScoreFactory(season=score.season, retrieved_date=None)
    raises_integrity_error(lambda: CriticScoreFactory(season=score.season, retrieved_date=None))


# The same rules as an editor meets them: a friendly message on the form, nothing saved.


def score_data(season, **overrides):
    data = {
        "season": season.pk,
        "aggregator": "rotten_tomatoes",
        "score": "63",
        "average_rating": "6.5",
        "review_count": "16",
        "retrieved_date": "",
        "retrieved_precision": "day",
        "url": "",
    }
    return {**data, **overrides}


def show_data(network, **overrides):
    data = {
        "title": "New show",
        "slug": "new-show",
        "network": network.pk,
        "synopsis": "",
        "country": "US",
        "original_language": "en",
        "imdb_id": "",
        "tmdb_id": "",
        "tvmaze_id": "",
    }
    return {**data, **overrides}


def test_form_season_number_zero(editor_client):
    response = admin_post(editor_client, "season", season_form(ShowFactory(), number="0"))
    assert "Ensure this value is greater than or equal to 1." in shown_errors(response)
    assert not Season.objects.exists()


def test_form_duplicate_season_number(editor_client):
    season = SeasonFactory(number=1)
    response = admin_post(editor_client, "season", season_form(season.show, number="1"))
    assert "This show already has a season with this number." in shown_errors(response)
    assert Season.objects.count() == 1


def test_form_finale_before_premiere(editor_client):
    data = season_form(ShowFactory(), premiere_date="2020-05-01", finale_date="2020-04-01")
    response = admin_post(editor_client, "season", data)
    assert "The finale cannot come before the premiere." in shown_errors(response)


def test_form_negative_episode_count(editor_client):
    response = admin_post(editor_client, "season", season_form(ShowFactory(), episode_count="-1"))
    assert "Ensure this value is greater than or equal to 0." in shown_errors(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score", "101", "Ensure this value is less than or equal to 100."),
        ("score", "-1", "Ensure this value is greater than or equal to 0."),
        ("average_rating", "10.5", "Ensure this value is less than or equal to 10."),
        ("review_count", "-3", "Ensure this value is greater than or equal to 0."),
        ("url", "javascript:alert(1)", "Enter a valid URL."),
    ],
)
def test_form_score_limits(editor_client, field, value, message):
    response = admin_post(
        editor_client, "criticscore", score_data(SeasonFactory(), **{field: value})
    )
    assert message in shown_errors(response)
    assert not CriticScore.objects.exists()


def test_form_duplicate_cast_credit_inline(editor_client):
    credit = CastCreditFactory()
    season = credit.season
    data = season_form(season.show, number=str(season.number))
    row = {"person": credit.person.pk, "character_name": credit.character_name, "billing_order": 2}
    response = admin_post(
        editor_client, "season", data, obj=season, inlines={"cast_credits": [row]}
    )
    assert any("already" in message.lower() for message in shown_errors(response))
    assert CastCredit.objects.count() == 1


def test_form_duplicate_show_slug_and_external_id(editor_client):
    existing = ShowFactory(slug="taken", imdb_id="tt0000001")
    response = admin_post(
        editor_client, "show", show_data(existing.network, slug="taken", imdb_id="tt0000001")
    )
    errors = shown_errors(response)
    assert "Show with this Slug already exists." in errors
    assert "Another record already has this imdb id." in errors
    assert Show.objects.count() == 1


def test_form_duplicate_person_slug(editor_client):
    PersonFactory(slug="kaya-scodelario")
    response = editor_client.post(
        "/admin/series/person/add/", {"name": "Kaya", "slug": "kaya-scodelario"}
    )
    assert "Person with this Slug already exists." in shown_errors(response)
    assert Person.objects.count() == 1


def test_form_announcement_needs_source_and_http_url(editor_client):
    season = SeasonFactory()
    row = {
        "decision": "renewed",
        "announced_date": "2020-02-03",
        "announced_precision": "day",
        "source_name": "",
        "source_url": "javascript:alert(1)",
        "summary": "",
    }
    data = season_form(season.show, number=str(season.number), premiere_date="2020-01-01")
    response = admin_post(
        editor_client, "season", data, obj=season, inlines={"announcements": [row]}
    )
    errors = shown_errors(response)
    assert "This field is required." in errors
    assert "Enter a valid URL." in errors
    assert not Announcement.objects.exists()
    season.refresh_from_db()
    assert season.decision == Season.Decision.PENDING
