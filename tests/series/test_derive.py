"""One derivation per transaction and one change event after it commits (series.derive)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from series import derive
from series.models import Season, Show
from tests.admin_helpers import management_data, season_form
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db

# The whole request of the admin save below, from the session read to the admin log.
SAVE_QUERIES = 40


@pytest.fixture
def events():
    """Every facts_changed event sent, as the list of its changes."""
    sent = []

    def receive(sender, changes, **kwargs):
        sent.append(changes)

    derive.facts_changed.connect(receive, dispatch_uid="test_events")
    yield sent
    derive.facts_changed.disconnect(dispatch_uid="test_events")


def statements(queries, prefix):
    return [q["sql"] for q in queries if q["sql"].startswith(prefix)]


def test_an_admin_save_with_three_changed_announcements_derives_once(
    editor_client, django_capture_on_commit_callbacks, events
):
    season = SeasonFactory(number=1)
    announcements = AnnouncementFactory.create_batch(3, season=season)
    rows = [
        {
            "id": a.pk,
            "season": season.pk,
            "decision": "cancelled" if i == 2 else "renewed",
            "announced_date": f"2021-0{i + 1}-05",
            "source_name": a.source_name + " (corrected)",
            "source_url": a.source_url,
            "summary": "changed",
            "version": a.version,
        }
        for i, a in enumerate(announcements)
    ]
    data = {**season_form(season), "version": season.version}
    data.update(management_data("season", {"announcements": rows}))
    url = reverse("admin:series_season_change", args=[season.pk])
    ContentType.objects.get_for_model(Season)  # cached for the process, as when serving
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        response = editor_client.post(url, data)
    assert response.status_code == 302
    assert len(queries) <= SAVE_QUERIES
    # The season's decision and the show's fields are each written once.
    assert len(statements(queries, 'UPDATE "series_season" SET "decision"')) == 1
    assert len(statements(queries, 'UPDATE "series_show" SET "status"')) == 1
    assert len(callbacks) == 1 and len(events) == 1
    changed = {(type(c.record), c.record.pk) for c in events[0]}
    assert {(Season, season.pk), *((type(a), a.pk) for a in announcements)} <= changed
    season.refresh_from_db()
    assert season.decision == Season.Decision.CANCELLED and season.sources_disagree
    assert Show.objects.get(pk=season.show_id).status == "cancelled"


def test_a_batch_derives_each_show_once_however_many_rows_it_saves(events):
    shows = ShowFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries, derive.changing():
        for show in shows:
            for number in (1, 2):
                SeasonFactory(show=show, number=number)
    assert len(statements(queries, 'UPDATE "series_show" SET "status"')) == 1  # one bulk update
    for show in shows:
        show.refresh_from_db()
        assert show.season_count == 2


def test_the_event_carries_the_previous_state_of_a_moved_season(
    django_capture_on_commit_callbacks, events
):
    season = SeasonFactory()
    other = ShowFactory()
    before = season.show_id
    season = Season.objects.get(pk=season.pk)
    season.show = other
    with django_capture_on_commit_callbacks(execute=True):
        season.save()
    (changes,) = events
    (change,) = [c for c in changes if isinstance(c.record, Season)]
    assert change.previous["show_id"] == before
    assert change.moved("show_id") == before
    assert Show.objects.get(pk=before).season_count == 0
    assert Show.objects.get(pk=other.pk).season_count == 1


def test_derived_show_fields_is_the_one_definition_refresh_statuses_uses(events):
    season = SeasonFactory(premiere_date=datetime.date(2019, 5, 1), finale_date=None)
    Show.objects.filter(pk=season.show_id).update(active_years="", season_count=7)
    from django.core.management import call_command

    call_command("refresh_statuses", verbosity=0)
    show = Show.objects.get(pk=season.show_id)
    assert show.active_years == " 2019 " and show.season_count == 1
