"""A season's decision changes only through a sourced announcement, and check_facts finds drift."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import IntegrityError, transaction
from django.urls import reverse

from series.models import Announcement, Person, Season, Show
from tests.admin_helpers import admin_post, season_form, show_form, shown_errors
from tests.factories import AnnouncementFactory, PersonFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db


def stored(season):
    return Season.objects.get(pk=season.pk).decision


def announcement_row(**overrides):
    row = {
        "decision": "cancelled",
        "announced_date": "2020-02-03",
        "announced_precision": "day",
        "source_name": "Variety",
        "source_url": "https://variety.example.com/cancelled",
        "summary": "Cancelled after one season.",
    }
    return {**row, **overrides}


@pytest.mark.parametrize("source_name", ["", "   "])
def test_inline_announcement_without_a_source_is_refused(editor_client, source_name):
    """A decision typed without a source: form error, nothing saved, decision unchanged."""
    season = SeasonFactory()
    response = admin_post(
        editor_client,
        "season",
        season_form(season),
        obj=season,
        inlines={"announcements": [announcement_row(source_name=source_name)]},
    )
    assert "This field is required." in shown_errors(response)
    assert not Announcement.objects.exists()
    assert stored(season) == "pending"


def test_editing_an_announcement_to_drop_its_source_is_refused(editor_client):
    announcement = AnnouncementFactory(decision="renewed")
    season = announcement.season
    row = announcement_row(id=announcement.pk, season=season.pk, source_name="", decision="final")
    response = admin_post(
        editor_client, "season", season_form(season), obj=season, inlines={"announcements": [row]}
    )
    assert "This field is required." in shown_errors(response)
    announcement.refresh_from_db()
    assert (announcement.decision, stored(season)) == ("renewed", "renewed")


def test_announcement_admin_without_a_source_is_refused(editor_client):
    season = SeasonFactory()
    data = {"season": season.pk, **announcement_row(source_name="")}
    response = editor_client.post(reverse("admin:series_announcement_add"), data)
    assert "This field is required." in shown_errors(response)
    assert stored(season) == "pending"


def test_a_posted_decision_on_the_season_form_is_ignored(editor_client):
    """The decision is not a form field: tampering with the POST cannot set it."""
    season = SeasonFactory()
    response = admin_post(
        editor_client, "season", season_form(season, decision="cancelled"), obj=season
    )
    assert response.status_code == 302
    assert stored(season) == "pending"


def test_a_posted_decision_on_the_show_season_inline_is_ignored(editor_client):
    season = SeasonFactory()
    show = season.show
    data = show_form(show)
    row = {
        "id": season.pk,
        "show": show.pk,
        "version": season.version,
        **{k: v for k, v in season_form(season).items() if k != "show"},
        "decision": "cancelled",
    }
    response = admin_post(editor_client, "show", data, obj=show, inlines={"seasons": [row]})
    assert response.status_code == 302
    assert stored(season) == "pending"


def test_sourced_inline_announcement_changes_the_decision(editor_client):
    # Not yet aired: a cancellation belongs to the season that will not be made.
    season = SeasonFactory(premiere_date=None, finale_date=None)
    response = admin_post(
        editor_client,
        "season",
        season_form(season),
        obj=season,
        inlines={"announcements": [announcement_row()]},
    )
    assert response.status_code == 302
    assert stored(season) == "cancelled"
    assert Announcement.objects.get().source_name == "Variety"


def test_admin_inline_delete_refreshes_the_decision(editor_client):
    older = AnnouncementFactory(decision="renewed", announced_date=datetime.date(2020, 1, 1))
    season = older.season
    newer = AnnouncementFactory(
        season=season, decision="cancelled", announced_date=datetime.date(2021, 1, 1)
    )
    rows = [
        {
            **announcement_row(),
            "id": a.pk,
            "season": season.pk,
            "source_name": a.source_name,
            "decision": a.decision,
            "announced_date": a.announced_date.isoformat(),
        }
        for a in (older, newer)
    ]
    rows[1]["DELETE"] = "on"
    response = admin_post(
        editor_client, "season", season_form(season), obj=season, inlines={"announcements": rows}
    )
    assert response.status_code == 302
    assert stored(season) == "renewed"


def test_queryset_update_of_announcements_is_caught_by_check_facts():
    """`QuerySet.update()` sends no signal; check_facts is the net under that path."""
    announcement = AnnouncementFactory(decision="renewed")
    Announcement.objects.filter(pk=announcement.pk).update(decision="cancelled")
    with pytest.raises(CommandError):
        call_command("check_facts", stdout=io.StringIO())


def test_loaddata_of_announcements_sets_the_decision(seed):
    assert Season.objects.get(show__slug="spinning-out", number=2).decision == "cancelled"


# check_facts


def check_facts():
    out = io.StringIO()
    try:
        call_command("check_facts", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_check_facts_passes_on_the_seed_facts(seed):
    report, error = check_facts()
    assert error is None
    assert report.strip() == "No inconsistencies found."


def test_check_facts_exits_non_zero_from_the_command_line(seed, capsys):
    Season.objects.filter(number=2).update(decision="renewed")
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "check_facts"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "('spinning-out', 2): stored 'renewed', latest announcement says 'cancelled'" in (
        captured.out
    )
    assert "inconsistencies found." in captured.err


def test_check_facts_lists_every_kind_of_inconsistency(seed):
    show = Show.objects.get(slug="spinning-out")
    SeasonFactory(show=show, number=5, premiere_date=None, finale_date=None)
    later = SeasonFactory(show=ShowFactory(), number=1, finale_date=None)
    earlier = SeasonFactory(show=later.show, number=2, premiere_date=datetime.date(2019, 1, 1))
    AnnouncementFactory(
        season=earlier, announced_date=datetime.date.today() + datetime.timedelta(days=30)
    )
    PersonFactory(name="Kaya Scodélario", slug="kaya-scodelario-2")
    # Drift that only a path around the signals (raw SQL, QuerySet.update) can cause:
    Season.objects.filter(show=show, number=2).update(decision="renewed")
    Season.objects.filter(pk=later.pk).update(
        premiere_date=datetime.date(2027, 10, 20), premiere_precision="season"
    )
    Show.objects.filter(pk=show.pk).update(status="in_development")
    report, error = check_facts()
    assert error.endswith("found.")
    expected = [
        "Season decision differs from its announcements (1):",
        "('spinning-out', 2): stored 'renewed', latest announcement says 'cancelled'",
        "Show status differs from its seasons",
        "spinning-out: stored 'in_development'",
        # Season 2 renewed behind the signals' back: two made seasons, one stored.
        "Show season count differs from its seasons (1):",
        "spinning-out: stored 1, made seasons 2",
        "Published show with missing seasons",
        "spinning-out: no season 3, 4",
        "premiere 2027-10-20 is not the first day of Fall 2027 (2027-09-01)",
        "Season premieres before the season it follows",
        "Announcement dated in the future (1):",
        "People who look like duplicates (1):",
        "kaya-scodelario (Kaya Scodelario), kaya-scodelario-2 (Kaya Scodélario)",
    ]
    for line in expected:
        assert line in report
    assert Person.objects.count() == 13


@pytest.mark.parametrize("source_name", ["", "   "])
def test_the_database_refuses_an_announcement_without_a_source(source_name):
    season = SeasonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnouncementFactory(season=season, source_name=source_name)
    assert stored(season) == "pending"
