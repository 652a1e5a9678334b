"""A season's stored decision always equals its latest announcement's, whatever path changed it."""

import datetime
import io

import pytest
from django.core.management import call_command

from series.fuzzy import FuzzyDate, Precision
from series.models import Announcement, Season, Show
from tests.factories import AnnouncementFactory, SeasonFactory

pytestmark = pytest.mark.django_db


def stored(season):
    return Season.objects.get(pk=season.pk).decision


def test_a_season_without_announcements_is_pending():
    assert stored(SeasonFactory()) == "pending"


def test_latest_announcement_by_date_wins_not_the_last_entered():
    season = SeasonFactory()
    AnnouncementFactory(
        season=season, decision="cancelled", announced_date=datetime.date(2021, 6, 1)
    )
    AnnouncementFactory(
        season=season, decision="renewed", announced_date=datetime.date(2021, 1, 1)
    )
    assert stored(season) == "cancelled"


def test_same_date_falls_back_to_entry_order():
    season = SeasonFactory()
    day = datetime.date(2021, 6, 1)
    AnnouncementFactory(season=season, decision="renewed", announced_date=day)
    AnnouncementFactory(season=season, decision="final", announced_date=day)
    assert stored(season) == "final"


def test_editing_and_deleting_announcements_refreshes_the_decision():
    first = AnnouncementFactory(decision="renewed", announced_date=datetime.date(2021, 1, 1))
    season = first.season
    second = AnnouncementFactory(
        season=season, decision="cancelled", announced_date=datetime.date(2022, 1, 1)
    )
    assert stored(season) == "cancelled"
    second.decision = "final"
    second.save()
    assert stored(season) == "final"
    second.delete()
    assert stored(season) == "renewed"
    Announcement.objects.filter(season=season).delete()
    assert stored(season) == "pending"


def test_coarse_dates_are_stored_as_the_first_day_of_their_period():
    season = SeasonFactory(finale_date=None)
    season.premiere = FuzzyDate(datetime.date(2027, 10, 20), Precision.SEASON)
    season.full_clean()
    season.save()
    season.refresh_from_db()
    assert season.premiere_date == datetime.date(2027, 9, 1)
    assert str(season.premiere) == "Fall 2027"


def test_show_status_follows_seasons_and_announcements():
    season = SeasonFactory(number=1)
    show = season.show
    assert Show.objects.get(pk=show.pk).status == "awaiting_decision"
    second = SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)
    assert Show.objects.get(pk=show.pk).status == "awaiting_decision"
    AnnouncementFactory(season=second, decision="renewed")
    assert Show.objects.get(pk=show.pk).status == "returning"
    AnnouncementFactory(
        season=second, decision="cancelled", announced_date=datetime.date(2022, 1, 1)
    )
    assert Show.objects.get(pk=show.pk).status == "cancelled"
    second.delete()
    assert Show.objects.get(pk=show.pk).status == "awaiting_decision"


def test_refresh_statuses_catches_up_with_the_calendar():
    season = SeasonFactory(premiere_date=datetime.date(2020, 1, 1), finale_date=None)
    Show.objects.filter(pk=season.show_id).update(status="in_development")  # as of long ago
    out = io.StringIO()
    call_command("refresh_statuses", stdout=out)
    assert Show.objects.get(pk=season.show_id).status == "returning"
    assert out.getvalue().startswith("1 show status(es) changed")


def test_next_premieres_agrees_with_upcoming():
    """The home page's reads, one per precision, list exactly the first of `upcoming()`
    in listing order."""
    today = datetime.date(2026, 10, 15)
    dates = [
        ("2026-10-16", Precision.DAY),  # tomorrow
        ("2026-10-15", Precision.DAY),  # today: premiered
        ("2026-10-01", Precision.MONTH),  # October 2026: begun, not over
        ("2026-09-01", Precision.SEASON),  # Fall 2026: begun, not over
        ("2026-01-01", Precision.YEAR),  # 2026: begun, not over
        ("2026-09-01", Precision.MONTH),  # September 2026: over
        ("2027-03-01", Precision.SEASON),
        ("2028-01-01", Precision.YEAR),
    ]
    for date, precision in dates:
        SeasonFactory(premiere_date=date, premiere_precision=precision, finale_date=None)
    AnnouncementFactory(
        season=SeasonFactory(premiere_date="2026-12-01", finale_date=None), decision="cancelled"
    )
    soonest = list(
        Season.objects.upcoming(today).order_by("premiere_date", "premiere_precision", "pk")
    )
    assert len(soonest) == 6

    def listed(seasons):
        return sorted(seasons, key=lambda season: (season.premiere.listing_key(), season.pk))

    # The first `count` in listing order: coarse after finer.
    assert Season.objects.next_premieres(today, 10) == listed(soonest)
    assert Season.objects.next_premieres(today, 3) == listed(soonest)[:3]
    assert [str(season.premiere) for season in Season.objects.next_premieres(today, 3)] == [
        "16 October 2026",
        "October 2026",
        "Fall 2026",
    ]


def test_next_premieres_chooses_the_first_in_listing_order_not_by_first_day():
    """Nine seasons: by the first day each could be, "2027" comes first and "5 March
    2027" ninth, yet the list puts the day before the year that holds it. The eight
    listed are the first eight in that order, so "2027" is the one left out."""
    today = datetime.date(2026, 10, 15)
    SeasonFactory(premiere_date="2027-01-01", premiere_precision=Precision.YEAR, finale_date=None)
    for day in range(2, 9):
        SeasonFactory(premiere_date=datetime.date(2027, 1, day), finale_date=None)
    SeasonFactory(premiere_date="2027-03-05", finale_date=None)
    listed = [str(season.premiere) for season in Season.objects.next_premieres(today, 8)]
    assert listed == [*(f"{day} January 2027" for day in range(2, 9)), "5 March 2027"]


@pytest.mark.parametrize("today", ["2026-10-15", "2026-12-31", "2027-02-28", "2027-06-30"])
def test_next_premieres_reads_once_per_precision_whatever_the_day(
    today, django_assert_num_queries
):
    """A fixed number of queries: one read per precision and one for the rows chosen,
    on a day inside every period as on the last day of a month, season, half or year."""
    for precision in Precision.values:
        SeasonFactory(premiere_date="2028-01-01", premiere_precision=precision, finale_date=None)
    with django_assert_num_queries(len(Precision.values) + 1):
        listed = Season.objects.next_premieres(datetime.date.fromisoformat(today), 8)
    assert len(listed) == len(Precision.values)


def test_upcoming_quarters_thirds_and_halves_are_listed_coarse_after_finer():
    """On 7 December 2026, Q3 and mid-2026 are over; H2, late 2026 and Q4 2026 are not
    (they end on 31 December); the list puts each after the finer periods inside it."""
    today = datetime.date(2026, 12, 7)
    typed = [
        "H2 2027",
        "Q3 2026",
        "mid-2027",
        "late 2026",
        "14/02/2027",
        "Q4 2026",
        "mid-2026",
        "H2 2026",
        "Q1 2027",
    ]
    for text in typed:
        premiere = FuzzyDate.parse(text)
        SeasonFactory(
            premiere_date=premiere.date, premiere_precision=premiere.precision, finale_date=None
        )
    soonest = [
        "H2 2026",
        "late 2026",
        "Q4 2026",
        "Q1 2027",
        "14 February 2027",
        "mid-2027",
        "H2 2027",
    ]
    upcoming = Season.objects.upcoming(today).order_by("premiere_date", "pk")
    assert [str(season.premiere) for season in upcoming] == soonest
    # Listed by the last day each could be; of those ending on 31 December 2026, the
    # finer (later-starting) first.
    home = Season.objects.next_premieres(today, 10)
    assert [str(season.premiere) for season in home] == [
        "Q4 2026",
        "late 2026",
        "H2 2026",
        "14 February 2027",
        "Q1 2027",
        "mid-2027",
        "H2 2027",
    ]
    assert [str(season.premiere) for season in Season.objects.next_premieres(today, 3)] == [
        "Q4 2026",
        "late 2026",
        "H2 2026",
    ]
