"""A show's stored season count equals its number of made seasons, whatever path changed
them (`status.made_seasons`: a season cancelled before it aired is not counted).

`Show.season_count` is what the admin's "seasons" column sorts on (by an index) and what
the listings show, so every write path is checked against the database: the ORM, admin
forms and inlines, moving a season to another show, queryset deletes, `loaddata`, the
spreadsheet import, `seed_demo` and the migration's backfill.
"""

import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from series.models import Season, Show
from series.status import made_seasons
from tests.admin.test_imports import confirm, season_rows, to_csv, upload
from tests.admin_helpers import admin_post, season_form, show_form
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory
from tests.queries import counted_get
from tests.site.test_bad_input import season_record

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("series.migrations.0017_show_season_count")
made_backfill = importlib.import_module("series.migrations.0021_show_season_count_made_seasons")


def stored(show):
    return Show.objects.values_list("season_count", flat=True).get(pk=show.pk)


def assert_every_count_is_true():
    """What the database holds equals a count of the made seasons, for every show."""
    today = timezone.localdate()
    counted = {
        show.pk: len(made_seasons(show.season_states(), today))
        for show in Show.objects.prefetch_related("seasons")
    }
    assert dict(Show.objects.values_list("pk", "season_count")) == counted


def test_a_season_cancelled_before_it_aired_is_not_counted():
    """Spinning Out: season 1 aired, season 2 was cancelled: one season."""
    show = ShowFactory()
    SeasonFactory(show=show, number=1)
    second = SeasonFactory(
        show=show, number=2, premiere_date=None, finale_date=None, episode_count=None
    )
    AnnouncementFactory(season=second, decision="renewed")
    assert stored(show) == 2  # renewed: being made
    AnnouncementFactory(season=second, decision="cancelled", announced_date="2020-03-01")
    assert stored(show) == 1
    assert_every_count_is_true()


def test_the_seed_counts_spinning_out_as_one_season(seed):
    show = Show.objects.get(slug="spinning-out")
    assert show.seasons.count() == 2
    assert stored(show) == 1
    assert show.seasons_phrase() == "1 season, cancelled before season 2"


def test_creating_and_deleting_seasons_through_the_orm():
    show = ShowFactory()
    assert stored(show) == 0
    first = SeasonFactory(show=show, number=1)
    SeasonFactory(show=show, number=2)
    assert stored(show) == 2
    first.delete()
    assert stored(show) == 1
    Season.objects.filter(show=show).delete()  # a queryset delete sends post_delete too
    assert stored(show) == 0


def test_moving_a_season_to_another_show_counts_it_on_both():
    season = SeasonFactory(number=3)
    old, new = season.show, ShowFactory()
    season.show = new
    season.save()
    assert (stored(old), stored(new)) == (0, 1)


def test_admin_season_form_adds_moves_and_deletes(editor_client):
    old, new = ShowFactory(), ShowFactory()
    # A dated season: one awaiting a decision, undated, is not yet made and not counted.
    response = admin_post(editor_client, "season", season_form(old, premiere_date="2020-01-01"))
    assert response.status_code == 302
    season = Season.objects.get(show=old)
    assert (stored(old), stored(new)) == (1, 0)
    response = admin_post(editor_client, "season", season_form(season, show=new.pk), obj=season)
    assert response.status_code == 302
    assert (stored(old), stored(new)) == (0, 1)
    url = reverse("admin:series_season_delete", args=[season.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert stored(new) == 0


def test_admin_show_inline_adds_and_deletes(editor_client):
    show = ShowFactory(is_published=True)
    keep = SeasonFactory(show=show, number=1)
    drop = SeasonFactory(show=show, number=2)
    rows = [
        {**season_form(keep), "id": keep.pk, "show": show.pk},
        {**season_form(drop), "id": drop.pk, "show": show.pk, "DELETE": "on"},
        {**season_form(show, number="3", premiere_date="2020-06-01"), "show": show.pk},
    ]
    response = admin_post(
        editor_client, "show", show_form(show), obj=show, inlines={"seasons": rows}
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert sorted(show.seasons.values_list("number", flat=True)) == [1, 3]
    assert stored(show) == 2


def test_loaddata_corrects_a_stale_count_and_counts_loaded_seasons(seed, tmp_path):
    show = Show.objects.get(slug="spinning-out")
    before = show.seasons.count()
    record = json.loads(
        call_command_output("dumpdata", "series.show", "--natural-primary", "--natural-foreign")
    )
    (shown,) = [r for r in record if r["fields"]["slug"] == "spinning-out"]
    shown["fields"]["season_count"] = 99  # a fixture written by hand, or before a change
    fixture = tmp_path / "facts.json"
    dated = season_record(number=before + 1, premiere_date="2028-01-01")
    fixture.write_text(json.dumps([shown, dated]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert stored(show) == 2  # seasons 1 and 3; season 2 was cancelled before it was made
    assert_every_count_is_true()


def call_command_output(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_spreadsheet_import_counts_the_imported_seasons(editor_client):
    show = ShowFactory(slug="the-show")
    preview = upload(editor_client, "season", to_csv(season_rows(show, 4)))
    assert confirm(editor_client, "season", preview).status_code == 302
    assert stored(show) == 4


def test_seed_demo_stores_the_counts():
    call_command("seed_demo", shows=12, no_progress=True, stdout=io.StringIO())
    assert Show.objects.filter(season_count__gt=1).exists()
    assert_every_count_is_true()


def test_the_migration_backfills_every_count():
    shows = ShowFactory.create_batch(3)
    SeasonFactory.create_batch(2, show=shows[0])
    SeasonFactory(show=shows[1])
    Show.objects.update(season_count=7)  # as the column is added: one value for all
    backfill.count_seasons(apps, None)
    assert [stored(show) for show in shows] == [2, 1, 0]


def test_admin_sorts_by_the_stored_count_in_the_same_queries(editor_client):
    """The "seasons" column sorts by the stored count, in as many queries at any size."""
    url = reverse("admin:series_show_changelist") + "?o=-4"
    few = SeasonFactory(number=1).show
    small, _ = counted_get(editor_client, url)
    many = ShowFactory()
    SeasonFactory.create_batch(3, show=many)
    ShowFactory.create_batch(5)
    large, response = counted_get(editor_client, url)
    assert large == small
    listed = list(response.context["cl"].result_list)
    assert listed[:2] == [many, few]
    assert [show.season_count for show in listed[:2]] == [3, 1]
    assert '<th scope="col" class="sortable column-season_count' in response.text
    assert "Seasons" in response.text


def test_refresh_statuses_repairs_a_count_written_without_signals():
    show = SeasonFactory().show
    Show.objects.filter(pk=show.pk).update(season_count=5)  # a bulk write, no signals
    call_command("refresh_statuses", stdout=io.StringIO())
    assert stored(show) == 1


def test_the_made_seasons_migration_recounts_every_show(seed):
    """The counts stored before made seasons counted (every season) are re-derived."""
    spinning_out = Show.objects.get(slug="spinning-out")
    awaiting = SeasonFactory(number=1).show
    SeasonFactory(show=awaiting, number=2, premiere_date=None, finale_date=None)
    backfill.count_seasons(apps, None)  # the old rule: every season
    assert (stored(spinning_out), stored(awaiting)) == (2, 2)

    class Editor:
        connection = connection

    made_backfill.count_made_seasons(apps, Editor)
    assert (stored(spinning_out), stored(awaiting)) == (1, 1)
    assert_every_count_is_true()
