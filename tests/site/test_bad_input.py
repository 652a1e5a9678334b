"""Bad input is refused with a message naming it, and changes nothing; good data round-trips."""

import datetime
import io
import json
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from series.management.commands.loaddata import DERIVED_MODELS
from series.models import Season
from tests.admin_helpers import admin_post, season_form, shown_errors
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    GenreFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.subprocess_helpers import manage

pytestmark = pytest.mark.django_db


def dump():
    out = io.StringIO()
    call_command(
        "dumpdata", "series", "history", natural_foreign=True, natural_primary=True, stdout=out
    )
    return out.getvalue()


# Form limits: a friendly error, and the database refuses the same value.


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "1000", "Ensure this value is less than or equal to 999."),
        ("number", "abc", "Enter a whole number."),
        ("title", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("episode_count", "40000", "Ensure this value is less than or equal to 9999."),
        (
            "premiere_date",
            "2020-02-30",
            "“2020-02-30” is not a day of the calendar. "
            "Write it as year-month-day, for example 2027-09-14.",
        ),
        (
            "premiere_date",
            "a decade from now",
            "“a decade from now” is not a date we can read. Write it as precisely as the "
            "source does: 2027-09-14, 14/09/2027, 2027-09, September 2027, Q3 2027, Fall 2027, "
            "mid-2027, H2 2027 or 2027.",
        ),
    ],
)
def test_season_form_limits(editor_client, field, value, message):
    response = admin_post(editor_client, "season", season_form(ShowFactory(), **{field: value}))
    assert message in " ".join(shown_errors(response))
    assert not Season.objects.exists()


@pytest.mark.parametrize(
    "create",
    [
        lambda: SeasonFactory(number=1000),
        lambda: SeasonFactory(episode_count=10000),
        lambda: CastCreditFactory(billing_order=1000),
        lambda: CriticScoreFactory(review_count=100001),
    ],
    ids=["season number", "episode count", "billing order", "review count"],
)
def test_upper_limits_are_held_by_the_database_too(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("average_rating", "7.55", "Ensure that there are no more than 1 decimal place."),
        ("review_count", "3000000000", "Ensure this value is less than or equal to 100000."),
        ("aggregator", "imdb", "Select a valid choice."),
    ],
)
def test_score_form_limits(editor_client, field, value, message):
    season = SeasonFactory()
    data = {
        "season": season.pk,
        "aggregator": "metacritic",
        "score": "50",
        "average_rating": "",
        "review_count": "4",
        "retrieved_date": "",
        "retrieved_precision": "day",
        "url": "",
        field: value,
    }
    response = admin_post(editor_client, "criticscore", data)
    assert message in " ".join(shown_errors(response))


# Bad fixtures: loaddata exits non-zero, names the record, and leaves everything as it was.


def season_record(show="spinning-out", number=3, **fields):
    return {
        "model": "series.season",
        "fields": {
            "show": [show],
            "number": number,
            "title": "",
            "premiere_date": None,
            "premiere_precision": "day",
            "finale_date": None,
            "finale_precision": "day",
            "episode_count": None,
            "decision": "pending",
            "version": 1,
            "created_at": "2020-01-01T00:00:00Z",
            "updated_at": "2020-01-01T00:00:00Z",
            **fields,
        },
    }


def score_record(score):
    return {
        "model": "series.criticscore",
        "fields": {
            "season": ["spinning-out", 1],
            "aggregator": "metacritic",
            "score": score,
            "average_rating": None,
            "review_count": 4,
            "retrieved_date": "2024-01-01",
            "retrieved_precision": "day",
            "url": "",
        },
    }


BAD_FIXTURES = {
    "malformed JSON": ('[{"model": "series.network", "fields": {"name": "X"', "not valid JSON"),
    "unknown field": (
        [season_record(), season_record(number=4, colour="red")],
        "record 2 (series.Season show=['spinning-out'], number=4, title=''): "
        "Season has no field named 'colour'",
    ),
    "out-of-range score": (
        [score_record(101)],
        "record 1 (series.CriticScore ('spinning-out', 1, 'metacritic', '2024-01-01')): "
        "score: Ensure this value is less than or equal to 100.",
    ),
    "negative score": ([score_record(-4)], "record 1 (series.CriticScore"),
    "duplicate season number": (
        [season_record(number=3), season_record(number=3, title="Again")],
        "record 2 (series.Season ('spinning-out', 3)): same natural key as record 1",
    ),
    "dangling foreign key": (
        [season_record(show="no-such-show")],
        "record 1 (series.Season show=['no-such-show'], number=3, title=''); "
        "show ['no-such-show'] does not exist",
    ),
    "announcement without a source": (
        [
            {
                "model": "series.announcement",
                "fields": {
                    "season": ["spinning-out", 2],
                    "decision": "renewed",
                    "announced_date": "2024-01-01",
                    "announced_precision": "day",
                    "source_name": "",
                    "source_url": "",
                    "summary": "",
                    "created_at": "2024-01-01T00:00:00Z",
                },
            }
        ],
        "source_name: This field cannot be blank.",
    ),
    "javascript link": (
        [
            {
                "model": "series.network",
                "fields": {
                    "name": "Evil",
                    "slug": "evil",
                    "kind": "streaming",
                    "website": "javascript:alert(1)",
                },
            }
        ],
        "record 1 (series.Network ('evil',)): website: Enter a valid URL.",
    ),
}


@pytest.mark.parametrize("case", BAD_FIXTURES)
def test_a_bad_fixture_is_refused_and_changes_nothing(seed, tmp_path, case):
    content, message = BAD_FIXTURES[case]
    fixture = tmp_path / "bad.json"
    fixture.write_text(content if isinstance(content, str) else json.dumps(content))
    before = dump()
    with pytest.raises(CommandError) as error:
        call_command("loaddata", str(fixture), verbosity=0)
    assert message in str(error.value)
    assert str(fixture) in str(error.value)
    assert dump() == before


def test_the_command_line_exits_non_zero_without_a_traceback(tmp_path):
    fixture = tmp_path / "bad.json"
    fixture.write_text(json.dumps([season_record(show="no-such-show")]))
    result = manage(tmp_path / "db.sqlite3", "migrate", "-v0")
    result = manage(tmp_path / "db.sqlite3", "loaddata", str(fixture), check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "show ['no-such-show'] does not exist" in result.stderr


# Moving facts: dumpdata into a fresh database and back keeps every record.


def rich_dataset():
    drama, comedy = GenreFactory(name="Thriller"), GenreFactory(name="Comedy")
    for index in range(3):
        show = ShowFactory(title=f"Show «{index}» — ünïcode", imdb_id=f"tt{index:07d}")
        show.genres.set([drama, comedy][: index + 1])
        for number in (1, 2):
            season = SeasonFactory(
                show=show,
                number=number,
                premiere_date=datetime.date(2027, 9, 1) if number == 2 else None,
                premiere_precision="season",
                finale_date=None,
            )
            AnnouncementFactory(season=season, decision="renewed")
            AnnouncementFactory(
                season=season, decision="cancelled", announced_date=datetime.date(2024, 5, 1)
            )
            person = PersonFactory()
            CastCreditFactory(season=season, person=person, character_name="Lead")
            CastCreditFactory(season=season, person=person, character_name="Twin")
            CriticScoreFactory(season=season, retrieved_date=None, average_rating=None)
            CriticScoreFactory(season=season, aggregator="metacritic")
        CrewCreditFactory(show=show)
        CrewCreditFactory(show=show, job="showrunner")


def counts_in(dumped):
    return Counter(record["model"] for record in json.loads(dumped))


def test_dumpdata_into_a_fresh_database_and_back_keeps_every_record(seed, tmp_path):
    rich_dataset()
    out = io.StringIO()
    call_command("dumpdata", "series", natural_foreign=True, natural_primary=True, stdout=out)
    original = out.getvalue()
    expected = {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_app_config("series").get_models()
    }
    assert counts_in(original) == {k: v for k, v in expected.items() if v}

    facts = tmp_path / "facts.json"
    facts.write_text(original)
    database = tmp_path / "fresh.sqlite3"
    manage(database, "migrate", "-v0")
    manage(database, "loaddata", str(facts))
    again = manage(database, "dumpdata", "series", "--natural-foreign", "--natural-primary").stdout
    # Django writes datetimes to the millisecond: a time 1-999 microseconds past a
    # second dumps as "...:34.000Z" and comes back as exactly :34, dumped "...:34Z".
    assert split_tallies(again) == split_tallies(original.replace('.000Z"', 'Z"'))
    # Loading the same facts a second time changes nothing.
    manage(database, "loaddata", str(facts))
    assert split_tallies(
        manage(database, "dumpdata", "series", "--natural-foreign", "--natural-primary").stdout
    ) == split_tallies(again)


def split_tallies(dumped):
    """The dumped records, and apart from them the outlook's question rows and tallies
    without their keys: derived, they are counted afresh when the facts are loaded,
    under new keys."""
    records = json.loads(dumped)
    derived = {model._meta.label_lower for model in DERIVED_MODELS}
    tallies = sorted(
        json.dumps([r["model"], r["fields"]], sort_keys=True)
        for r in records
        if r["model"] in derived
    )
    return [r for r in records if r["model"] not in derived], tallies
