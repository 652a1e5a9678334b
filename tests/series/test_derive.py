"""One derivation per transaction and one change event after it commits (series.derive)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import connection, connections
from django.test.testcases import DatabaseOperationForbidden
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from series import derive, routers
from series.models import Announcement, Genre, Season, Show
from tests.admin_helpers import management_data, season_form
from tests.factories import (
    AnnouncementFactory,
    GenreFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db

# The whole request of the admin save below, from the session read to the admin log:
# 40, and 8 to count the show's outlook questions again and sum its network (the show
# and network, the show's seasons, announcements and scores, its question rows deleted,
# the network's rows summed, the other networks' tallies summed, the tallies deleted;
# an insert of no rows is skipped). However many shows the network has.
SAVE_QUERIES = 48
LONG_AGO = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)


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
    # Not yet aired, so it may carry the cancellation typed below.
    season = SeasonFactory(number=1, premiere_date=None, finale_date=None)
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


# --- What a change re-derives -------------------------------------------------------


def test_moving_an_announcement_re_derives_the_season_it_left_and_the_one_it_joined():
    """The season an announcement leaves falls back to its remaining reports."""
    left, joined = SeasonFactory(), SeasonFactory()
    announcement = AnnouncementFactory(season=left, decision=Season.Decision.CANCELLED)
    assert Season.objects.get(pk=left.pk).decision == Season.Decision.CANCELLED
    announcement = Announcement.objects.get(pk=announcement.pk)
    announcement.season = joined
    announcement.save()
    assert Season.objects.get(pk=left.pk).decision == Season.Decision.PENDING
    assert Season.objects.get(pk=joined.pk).decision == Season.Decision.CANCELLED


def test_a_batch_re_derives_every_season_whose_announcements_it_changed():
    """Several announcements in one batch: each of their seasons is derived, each
    season's `updated_at` moves (an editor's change), not only the last one's."""
    first, second = SeasonFactory(), SeasonFactory()
    Season.objects.filter(pk__in=[first.pk, second.pk]).update(updated_at=LONG_AGO)
    with derive.changing():
        AnnouncementFactory(season=first, decision=Season.Decision.RENEWED)
        AnnouncementFactory(season=second, decision=Season.Decision.CANCELLED)
    first, second = Season.objects.get(pk=first.pk), Season.objects.get(pk=second.pk)
    assert first.decision == Season.Decision.RENEWED
    assert second.decision == Season.Decision.CANCELLED
    assert first.updated_at > LONG_AGO and second.updated_at > LONG_AGO


def test_an_editor_deleting_an_announcement_moves_the_seasons_updated_at():
    """Deleting the report behind a decision is an editor's change of the season."""
    season = SeasonFactory()
    announcement = AnnouncementFactory(season=season, decision=Season.Decision.CANCELLED)
    Season.objects.filter(pk=season.pk).update(updated_at=LONG_AGO)
    announcement.delete()
    season = Season.objects.get(pk=season.pk)
    assert season.decision == Season.Decision.PENDING
    assert season.updated_at > LONG_AGO


def test_a_fixture_load_keeps_updated_at_as_loaded_but_derives_the_decision():
    """A raw save (loaddata) re-derives a stale decision without touching `updated_at`,
    so loading the same fixture twice leaves every row as it was."""
    season = SeasonFactory()
    announcement = AnnouncementFactory(season=season, decision=Season.Decision.RENEWED)
    Season.objects.filter(pk=season.pk).update(updated_at=LONG_AGO)
    fixture = serializers.serialize("json", [announcement])
    Announcement.objects.filter(pk=announcement.pk).update(decision=Season.Decision.CANCELLED)
    Season.objects.filter(pk=season.pk).update(decision=Season.Decision.CANCELLED)
    for loaded in serializers.deserialize("json", fixture):
        loaded.save()
    season = Season.objects.get(pk=season.pk)
    assert season.decision == Season.Decision.RENEWED
    assert season.updated_at == LONG_AGO


def test_saving_a_season_re_derives_its_stored_decision():
    """A restored season may carry a stale decision: its save derives it again."""
    season = SeasonFactory()
    Season.objects.filter(pk=season.pk).update(decision=Season.Decision.CANCELLED)
    season = Season.objects.get(pk=season.pk)
    season.save()
    assert Season.objects.get(pk=season.pk).decision == Season.Decision.PENDING


def test_saving_a_show_re_derives_its_stored_fields():
    show = SeasonFactory().show
    Show.objects.filter(pk=show.pk).update(season_count=7)
    show = Show.objects.get(pk=show.pk)
    show.save()
    assert Show.objects.get(pk=show.pk).season_count == 1


def test_saving_another_record_derives_no_show_even_one_sharing_its_id(events):
    """Only a show's own save (or its seasons') re-derives it."""
    show = SeasonFactory().show
    Show.objects.filter(pk=show.pk).update(season_count=7)
    with derive.changing():
        PersonFactory(pk=show.pk)
    assert Show.objects.get(pk=show.pk).season_count == 7


def test_a_season_moved_early_in_a_batch_still_re_derives_the_show_it_left():
    """The shows a batch must derive accumulate over all its changes."""
    season, later = SeasonFactory(), SeasonFactory()
    left, joined = season.show, ShowFactory()
    season = Season.objects.get(pk=season.pk)
    with derive.changing():
        season.show = joined
        season.save()
        later.save()
    assert Show.objects.get(pk=left.pk).season_count == 0
    assert Show.objects.get(pk=joined.pk).season_count == 1


def test_a_record_saved_twice_reports_where_it_was_before_each_save():
    """After a save the instance no longer counts as loaded: its next save reads where
    it is stored now, so the show it leaves the second time is derived too."""
    season = SeasonFactory()
    first, second, third = season.show, ShowFactory(), ShowFactory()
    season = Season.objects.get(pk=season.pk)
    season.show = second
    season.save()
    season.show = third
    season.save()
    counts = dict(Show.objects.values_list("pk", "season_count"))
    assert (counts[first.pk], counts[second.pk], counts[third.pk]) == (0, 0, 1)


def test_a_batch_derives_its_shows_as_of_the_day_it_is_given():
    """`derive(today)` stores the status as of that day, not as of the clock."""
    season = SeasonFactory(
        premiere_date=datetime.date(2020, 1, 1), finale_date=datetime.date(2020, 3, 1)
    )
    batch = derive.Batch("default")
    batch.shows.add(season.show_id)
    batch.derive(today=datetime.date(2020, 2, 1))
    # Airing on that day, until the finale (as of the clock it has long ended).
    assert Show.objects.get(pk=season.show_id).status_changes_on == datetime.date(2020, 3, 1)


# --- What the event carries -------------------------------------------------------


def test_the_event_carries_each_re_derived_show_with_its_previous_values(
    django_capture_on_commit_callbacks, events
):
    one, two = ShowFactory(), ShowFactory()
    with django_capture_on_commit_callbacks(execute=True), derive.changing():
        SeasonFactory(show=one)
        SeasonFactory(show=two)
    (changes,) = events
    shows = {c.record.pk: c.previous for c in changes if isinstance(c.record, Show)}
    assert set(shows) == {one.pk, two.pk}
    assert all(previous["season_count"] == 0 for previous in shows.values())


def test_a_save_is_not_announced_as_a_delete(django_capture_on_commit_callbacks, events):
    with django_capture_on_commit_callbacks(execute=True):
        season = SeasonFactory()
    changes = events[-1]  # the season's own save (its show and network were saved first)
    (change,) = [c for c in changes if isinstance(c.record, Season)]
    assert change.record.pk == season.pk and not change.deleted and change.previous is None


def test_genre_changes_derive_nothing_but_are_announced_with_the_genres(
    django_capture_on_commit_callbacks, events
):
    """A genre added to a show changes no derived field; the event names the show and
    the genres added, and keeps them when the batch also saves the show."""
    show, genre = ShowFactory(), GenreFactory()
    with django_capture_on_commit_callbacks(execute=True):
        show.genres.add(genre)
    (changes,) = events
    assert [(c.record, c.related) for c in changes] == [(show, {Genre: {genre.pk}})]
    events.clear()
    other = GenreFactory()
    with django_capture_on_commit_callbacks(execute=True), derive.changing():
        show.genres.add(other)
        show.save()
    (changes,) = events
    (change,) = [c for c in changes if c.record == show]
    assert change.related == {Genre: {other.pk}}


def test_a_bulk_change_drops_every_page_at_once_and_again_after_commit(
    django_capture_on_commit_callbacks,
):
    sent = []

    def receive(signal, **kwargs):
        sent.append((signal, kwargs["everything"], kwargs["using"], kwargs["changes"]))

    derive.facts_changing.connect(receive, dispatch_uid="test_bulk")
    derive.facts_changed.connect(receive, dispatch_uid="test_bulk")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            derive.announce_bulk_change()
            assert sent == [(derive.facts_changing, True, "default", [])]
        assert sent[1:] == [(derive.facts_changed, True, "default", [])]
    finally:
        derive.facts_changing.disconnect(dispatch_uid="test_bulk")
        derive.facts_changed.disconnect(dispatch_uid="test_bulk")


# --- Parts ----------------------------------------------------------------------------


def test_moved_names_a_previous_value_only_when_it_changed():
    show = ShowFactory.build(pk=1, network_id=3)
    change = derive.Change(show, {"network_id": 2, "season_count": 0, "gone": 5})
    assert change.moved("network_id") == 2
    show.season_count = 0
    assert change.moved("season_count") is None
    assert change.moved("gone") is None  # a field the record no longer has
    assert derive.Change(show, None).moved("network_id") is None


def test_read_stored_reads_the_row_of_a_model_that_keeps_no_loaded_values():
    content_type = ContentType.objects.get_for_model(Show)
    stored = derive.read_stored(ContentType.objects.get(pk=content_type.pk), "default")
    assert stored == {"id": content_type.pk, "app_label": "series", "model": "show"}


# --- Batches ----------------------------------------------------------------------------


def test_nested_blocks_join_the_outermost_batch_and_send_one_event(
    django_capture_on_commit_callbacks, events
):
    with django_capture_on_commit_callbacks(execute=True), derive.changing() as outer:
        with derive.changing() as inner:
            SeasonFactory()
        assert inner is outer and derive.current() is outer
        SeasonFactory()
    assert len(events) == 1
    assert len([c for c in events[0] if isinstance(c.record, Season)]) == 2
    assert derive.current() is None


def test_a_failed_block_stores_nothing_and_announces_nothing(
    django_capture_on_commit_callbacks, events
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        derive.changing(),
    ):
        ShowFactory(title="Never Stored")
        raise RuntimeError
    assert not Show.objects.filter(title="Never Stored").exists()
    assert events == [] and derive.current() is None


def test_a_batch_that_changed_nothing_sends_no_event(django_capture_on_commit_callbacks, events):
    with django_capture_on_commit_callbacks(execute=True), derive.changing():
        pass
    assert events == []


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(
    django_capture_on_commit_callbacks, events, caplog
):
    def fail(**kwargs):
        raise RuntimeError("subscriber broke")

    derive.facts_changed.connect(fail, dispatch_uid="test_failing")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ShowFactory()
    finally:
        derive.facts_changed.disconnect(dispatch_uid="test_failing")
    assert events
    assert any(
        record.levelname == "ERROR" and "failed on a change of the facts" in record.getMessage()
        for record in caplog.records
    )


@pytest.fixture
def unreachable_replica(settings, monkeypatch, tmp_path):
    """A `replica` database the router sends reads to, which fails on any query."""
    default = connections.settings["default"]
    missing = str(tmp_path / "missing" / "replica.sqlite3")
    name = missing if default["ENGINE"].endswith("sqlite3") else "showtracker_no_such_replica"
    monkeypatch.setitem(connections.settings, routers.REPLICA, {**default, "NAME": name})
    monkeypatch.setattr(routers, "has_replica", lambda: True)
    settings.DATABASE_ROUTERS = ["series.routers.PrimaryReplicaRouter"]
    yield
    settings.DATABASE_ROUTERS = []
    connections[routers.REPLICA].close()
    del connections[routers.REPLICA]


# serialized_rollback keeps the content types' ids for the serialized tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_daily_refresh_reads_the_primary_while_a_replica_serves_reads(unreachable_replica):
    """The first request of a day re-derives outside any transaction, where the router
    sends reads to a replica that may lag: the refresh reads shows and their seasons
    from the database it writes to."""
    with routers.use_primary():
        season = SeasonFactory(
            premiere_date=datetime.date(2020, 1, 1), finale_date=datetime.date(2020, 3, 1)
        )
        derive.refresh_shows([season.show_id], today=datetime.date(2019, 12, 1))
    assert derive.refresh_expired_statuses(datetime.date(2020, 1, 1)) == 1
    with routers.use_primary():
        show = Show.objects.get(pk=season.show_id)
    assert show.status_changes_on == datetime.date(2020, 3, 1)  # airing until the finale


def test_publishing_a_show_again_re_stamps_its_announcements():
    """Sync clients were told they were gone when it was unpublished: their cursor
    must return them again (tests/api/test_tombstones.py checks the API)."""
    announcement = AnnouncementFactory(season__show__is_published=False)
    other = AnnouncementFactory()
    Announcement.objects.update(updated_at=LONG_AGO)
    show = Show.objects.get(pk=announcement.season.show_id)
    before = timezone.now()
    show.is_published = True
    show.save()
    assert Announcement.objects.get(pk=announcement.pk).updated_at >= before
    assert Announcement.objects.get(pk=other.pk).updated_at == LONG_AGO


def test_a_batch_re_stamps_announcements_in_its_own_database(unreachable_replica):
    """A batch on another database re-stamps there, never on the default one. This test
    allows no query on the `replica`: that one is refused shows where the write went."""
    show = AnnouncementFactory().season.show
    batch = derive.Batch(routers.REPLICA)
    batch.republished.add(show.pk)
    with pytest.raises(DatabaseOperationForbidden):
        batch.derive(today=datetime.date(2026, 12, 7))
    with pytest.raises(DatabaseOperationForbidden):
        derive.restamp_announcements([show.pk], routers.REPLICA)


def test_saving_a_show_without_publishing_it_keeps_its_announcements_stamps():
    """Only publishing a draft again re-stamps: any other save of a show (published or
    not) leaves its announcements' `updated_at` where sync clients' cursors are."""
    published = AnnouncementFactory()
    draft = AnnouncementFactory(season__show__is_published=False)
    Announcement.objects.update(updated_at=LONG_AGO)
    for announcement in (published, draft):
        show = Show.objects.get(pk=announcement.season.show_id)
        show.title = f"{show.title} (renamed)"
        show.save()
    assert set(Announcement.objects.values_list("updated_at", flat=True)) == {LONG_AGO}


def test_a_fixture_publishing_a_draft_keeps_its_announcements_stamps():
    """A raw save (loaddata) leaves every row as loaded, even one that publishes a show."""
    announcement = AnnouncementFactory(season__show__is_published=True)
    show = Show.objects.get(pk=announcement.season.show_id)
    fixture = serializers.serialize("json", [show])
    Show.objects.filter(pk=show.pk).update(is_published=False)
    Announcement.objects.update(updated_at=LONG_AGO)
    for loaded in serializers.deserialize("json", fixture):
        loaded.save()
    assert Show.objects.get(pk=show.pk).is_published is True
    assert Announcement.objects.get(pk=announcement.pk).updated_at == LONG_AGO


def test_a_month_announced_on_the_day_another_source_dates_is_the_later_one():
    """A source's "March 2021" may mean any day of March, so it comes after another's
    "1 March 2021" (both stored as 1 March), whichever was entered first."""
    season = SeasonFactory()
    AnnouncementFactory(
        season=season,
        decision=Season.Decision.FINAL,
        announced_date=datetime.date(2021, 3, 1),
        announced_precision="month",
    )
    AnnouncementFactory(
        season=season,
        decision=Season.Decision.RENEWED,
        announced_date=datetime.date(2021, 3, 1),
        announced_precision="day",
    )
    assert Season.objects.get(pk=season.pk).decision == Season.Decision.FINAL


class EverythingOnReplica:
    """Sends every read and write the caller leaves to the router to the `replica`."""

    def db_for_read(self, model, **hints):
        return routers.REPLICA

    db_for_write = db_for_read


def test_refreshing_seasons_reads_and_writes_only_the_database_it_is_given(
    unreachable_replica, settings
):
    """A batch derives on its own database: none of its reads or writes is left to the
    router, which here sends them all to a replica that refuses every query."""
    season = SeasonFactory()
    AnnouncementFactory(season=season, decision=Season.Decision.FINAL)
    Season.objects.filter(pk=season.pk).update(decision=Season.Decision.PENDING)
    settings.DATABASE_ROUTERS = [EverythingOnReplica()]
    assert derive.refresh_seasons({season.pk}, using="default") == {season.show_id}
    stored = Season.objects.using("default").get(pk=season.pk)
    assert stored.decision == Season.Decision.FINAL
