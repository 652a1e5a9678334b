"""The outlook's tallies are kept in the database and stay equal to a count from scratch
through every way the facts change: the ORM, the admin, an import, `loaddata`, deletes,
a show moving or leaving the public site, the calendar, and bulk writers."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from series.demo import DemoCatalogue
from series.derive import refresh_expired_statuses
from series.models import Network, OutlookQuestion, OutlookTally, Season, Show
from series.outlook.model import Record
from series.outlook.records import recorded_questions
from series.outlook.tallies import stored_record
from tests.admin.test_imports import confirm, to_csv, upload
from tests.admin_helpers import admin_post, season_form, show_form
from tests.factories import (
    AnnouncementFactory,
    CriticScoreFactory,
    NetworkFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.site_data import decided_show

pytestmark = pytest.mark.django_db
D = datetime.date


def counts(tallies):
    return {key: (t.renewed, t.decided) for key, t in tallies.items() if t.decided}


def assert_current(today=None):
    """Every network's stored record, read as a page reads it, equals the record counted
    afresh from every recorded question, with and without critic-score bands."""
    today = today or timezone.localdate()
    questions = recorded_questions(today)
    for by_score in (False, True):
        fresh = Record.of(questions, by_score=by_score)
        for network in Network.objects.values_list("pk", flat=True):
            stored = stored_record(network, by_score)
            mine = {key: t for key, t in fresh.cells.items() if key[0] == network}
            assert counts(stored.cells) == counts(mine)
            assert stored.delays.get(network, []) == fresh.delays.get(network, [])
            assert counts(stored.groups) == counts(fresh.groups)
            assert (stored.overall.renewed, stored.overall.decided) == (
                fresh.overall.renewed,
                fresh.overall.decided,
            )


def cell(network, group=1, band=""):
    row = OutlookTally.objects.get(network=network, group=group, band=band)
    return row.renewed, row.decided


@pytest.fixture
def networks():
    return NetworkFactory(), NetworkFactory()


def test_saves_through_the_orm_keep_the_tallies_counted(networks):
    netflix, hulu = networks
    decided_show(netflix)
    decided_show(netflix, "cancelled")
    _, _, following = decided_show(hulu)
    assert cell(netflix) == (1, 2)
    assert cell(None) == (2, 3)  # all networks' first seasons
    assert OutlookTally.objects.get(network=netflix, group=0).delays == [31, 31]
    following.announcements.update(decision="cancelled")  # a bulk update sends nothing...
    AnnouncementFactory(season=following, decision="cancelled", announced_date=D(2022, 5, 1))
    assert cell(hulu) == (0, 1)  # ...the next save counts afresh
    assert_current()


def test_a_critic_score_moves_a_question_between_bands(networks):
    netflix, _ = networks
    _, aired, _ = decided_show(netflix)
    assert cell(netflix, band="not scored") == (1, 1)
    score = CriticScoreFactory(season=aired, score=85)
    assert cell(netflix, band="scored 80 or more") == (1, 1)
    assert not OutlookTally.objects.filter(network=netflix, band="not scored").exists()
    score.score = 50
    score.save()
    assert cell(netflix, band="scored under 60") == (1, 1)
    assert_current()


def test_deletes_take_decisions_out_of_the_tallies(networks):
    netflix, hulu = networks
    show, _, following = decided_show(netflix)
    decided_show(hulu, "cancelled")
    following.announcements.get().delete()
    assert not OutlookTally.objects.filter(network=netflix).exists()
    assert cell(None) == (0, 1)
    assert_current()
    AnnouncementFactory(season=following, decision="renewed", announced_date=D(2022, 4, 1))
    show.delete()  # the show, its seasons and their announcements
    assert not OutlookTally.objects.filter(network=netflix).exists()
    assert_current()


def test_a_show_that_moves_network_or_is_unpublished_is_counted_where_it_is(networks):
    netflix, hulu = networks
    show, _, _ = decided_show(netflix)
    show.network = hulu
    show.save()
    assert cell(hulu) == (1, 1)
    assert not OutlookTally.objects.filter(network=netflix).exists()
    show.is_published = False
    show.save()
    assert not OutlookTally.objects.exists()  # drafts are not on the public record
    assert_current()


def test_an_edit_that_touches_no_decision_leaves_the_tallies_unread(networks):
    show, aired, _ = decided_show(networks[0])
    show.synopsis = "A new synopsis."
    aired.title = "Pilot season"
    with CaptureQueriesContext(connection) as queries:
        show.save()
        aired.save()
    assert not [q for q in queries if "outlook" in q["sql"]]


def test_an_admin_save_with_its_announcements_inline_counts_once(editor_client, networks):
    netflix, _ = networks
    show = ShowFactory(network=netflix)
    SeasonFactory(show=show, number=1, premiere_date=D(2022, 1, 10), finale_date=D(2022, 3, 1))
    following = SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)
    rows = [
        {
            "season": following.pk,
            "decision": "cancelled",
            "announced_date": "2022-04-01",
            "source_name": "Deadline",
            "source_url": "https://deadline.example.com/cancelled",
            "summary": "Cancelled.",
        }
    ]
    response = admin_post(
        editor_client, "season", season_form(following), following, {"announcements": rows}
    )
    assert response.status_code == 302
    assert cell(netflix) == (0, 1)
    response = admin_post(editor_client, "show", {**show_form(show), "network": ""}, show)
    assert response.status_code == 200  # refused: a show needs a network
    assert cell(netflix) == (0, 1)
    assert_current()


def test_an_import_of_seasons_answers_the_questions_before_them(editor_client, networks):
    netflix, _ = networks
    show = ShowFactory(network=netflix, slug="the-show")
    SeasonFactory(show=show, number=1, premiere_date=D(2022, 1, 10), finale_date=D(2022, 3, 1))
    assert not OutlookTally.objects.exists()
    rows = [
        {
            "show": "the-show",
            "number": "2",
            "title": "",
            "premiere": "2023-01-10",
            "finale": "2023-03-01",
            "episode_count": "8",
        }
    ]
    preview = upload(editor_client, "season", to_csv(rows))
    assert confirm(editor_client, "season", preview).status_code == 302
    assert Season.objects.filter(show=show).count() == 2
    assert cell(netflix) == (1, 1)  # season 2 premiered: season 1's question is answered
    assert_current()


def test_loaddata_counts_the_loaded_decisions(seed, tmp_path):
    assert OutlookTally.objects.exists()
    assert_current()
    show = Show.objects.filter(seasons__premiere_date__isnull=False).first()
    last = show.seasons.order_by("-number").first()
    fixture = tmp_path / "next.json"
    record = {
        "model": "series.season",
        "fields": {
            "show": [show.slug],
            "number": last.number + 1,
            "title": "",
            "premiere_date": "2021-01-01",
            "premiere_precision": "year",
            "finale_date": None,
            "finale_precision": "day",
            "episode_count": None,
            "decision": "pending",
            "version": 1,
            "created_at": "2020-01-01T00:00:00Z",
            "updated_at": "2020-01-01T00:00:00Z",
        },
    }
    fixture.write_text(json.dumps([record]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert_current()


def test_the_calendar_answers_a_question_the_day_the_next_season_premieres(networks):
    netflix, _ = networks
    show = ShowFactory(network=netflix)
    SeasonFactory(show=show, number=1, premiere_date=D(2022, 1, 10), finale_date=D(2022, 3, 1))
    premiere = timezone.localdate() + datetime.timedelta(days=3)
    SeasonFactory(show=show, number=2, premiere_date=premiere, finale_date=None)
    assert not OutlookTally.objects.exists()  # not made yet: the question stands
    refresh_expired_statuses(premiere)
    assert cell(netflix) == (1, 1)
    assert_current(premiere)


def test_bulk_writers_count_everything_afresh():
    catalogue = DemoCatalogue(seed=3)
    catalogue.create(60)
    assert OutlookTally.objects.filter(network__isnull=False).exists()
    assert_current()
    catalogue.clear()
    assert not OutlookTally.objects.exists()


def test_a_save_counts_its_own_show_again_not_its_whole_network(networks):
    """The cost of a save must not grow with its network: the other shows' stored
    question rows are summed as they are, never read again from their facts."""
    netflix, _ = networks
    decided_show(netflix)
    _, _, following = decided_show(netflix)
    OutlookQuestion.objects.filter(show=following.show_id).update(renewed=False)  # a marker
    other, _, _ = decided_show(netflix, "cancelled")
    assert cell(netflix) == (1, 3)  # the marked row was summed, not counted afresh
    assert OutlookQuestion.objects.filter(show=other).count() == 1


def test_a_database_counted_before_the_question_rows_existed_is_counted_on_migrate(networks):
    netflix, hulu = networks
    decided_show(netflix)
    decided_show(hulu, "cancelled")
    OutlookQuestion.objects.all().delete()  # as migration 0025 leaves an older database
    OutlookTally.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert cell(netflix) == (1, 1) and cell(hulu) == (0, 1)
    assert_current()
