"""seed_demo: a demo catalogue whose stored derived fields agree with the domain logic."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from pagecache.versions import current_version
from series.consistency import cancelled_after_airing
from series.demo import DemoCatalogue
from series.derive import refresh_seasons, refresh_shows
from series.models import Announcement, CastCredit, CriticScore, Network, Season, Show
from series.outlook.model import RENEWED, Record
from series.outlook.records import recorded_questions
from series.status import STORED_DECISIONS, Release, ShowStatus, cancellation_misplaced

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", shows=30, no_progress=True, stdout=None)


def test_every_stored_decision_and_status_matches_the_domain_functions(demo):
    today = timezone.localdate()
    # Re-deriving from the rows changes nothing: seed_demo stored what derive computes.
    assert not refresh_shows(Show.objects.values_list("pk", flat=True), today)
    seasons = Season.objects.values_list("pk", "decision", "sources_disagree")
    before = set(seasons)
    refresh_seasons(set(Season.objects.values_list("pk", flat=True)))
    assert set(seasons) == before
    for show in Show.objects.prefetch_related("seasons"):
        assert show.status == show.derive_status(today), show.slug
        assert show.active_years != "", show.slug


def test_demo_data_is_marked_and_covers_every_decision_and_status(demo):
    assert Show.objects.count() == 30
    assert not Show.objects.exclude(slug__startswith="demo-").exists()
    assert all(name.startswith("Demo ") for name in Network.objects.values_list("name", flat=True))
    stored = {value for value, _ in STORED_DECISIONS}
    assert set(Season.objects.values_list("decision", flat=True)) == stored
    today = timezone.localdate()
    releases = {s.release_state(today) for s in Season.objects.all()}
    assert releases == set(Release.values)
    assert {Network.Kind.BROADCAST, Network.Kind.CABLE, Network.Kind.STREAMING} == set(
        Network.objects.values_list("kind", flat=True)
    )
    assert Announcement.objects.exists()
    assert CastCredit.objects.exists()
    assert CriticScore.objects.exists()
    assert Season.objects.exclude(premiere_precision="day").exists()
    assert Season.objects.filter(premiere_date__gt=today).exists()
    assert len(set(Show.objects.values_list("status", flat=True))) >= 5
    assert set(Show.objects.values_list("status", flat=True)) <= set(ShowStatus.values)


def test_demo_cancellations_are_on_seasons_that_will_not_be_made(demo):
    """As editors record them: a show cancelled after a season aired carries the
    cancellation on the next season, never on the one that aired."""
    today = timezone.localdate()
    assert not cancelled_after_airing(today).exists()
    for announcement in Announcement.objects.filter(decision="cancelled").select_related("season"):
        season = announcement.season
        assert not cancellation_misplaced("cancelled", season.premiere, today)
    after_a_release = Season.objects.filter(
        decision="cancelled",
        show__seasons__number=F("number") - 1,
        show__seasons__finale_date__lt=today,
    )
    assert after_a_release.exists()


def test_a_demo_season_page_renders(client, demo):
    season = Season.objects.filter(show__is_published=True).select_related("show").first()
    response = client.get(season.get_absolute_url())
    assert response.status_code == 200
    assert season.show.title in response.content.decode()


def test_clear_deletes_only_demo_data(seed, demo):
    call_command("seed_demo", shows=0, clear=True, no_progress=True)
    assert list(Show.objects.values_list("slug", flat=True)) == ["spinning-out"]
    assert list(Network.objects.values_list("name", flat=True)) == ["Netflix"]
    assert Season.objects.filter(show__slug="spinning-out").count() == 2


def test_refuses_to_mix_two_runs(demo):
    with pytest.raises(CommandError, match="--clear"):
        call_command("seed_demo", shows=5, no_progress=True)


def test_seeding_forgets_cached_pages(db):
    version = current_version()
    call_command("seed_demo", shows=2, no_progress=True)
    assert current_version() != version


def test_demo_decisions_follow_each_networks_habits():
    """The demo's decisions are drawn from per-network propensities: what the record
    shows per network after a first season follows what each network was given, and
    critics' favourites are renewed more often."""
    today = timezone.localdate()
    catalogue = DemoCatalogue(seed=11, today=today)
    catalogue.create(300)
    questions = recorded_questions(today)
    record = Record.of(questions)
    given = {pk: p.renew[0] for pk, p in catalogue.propensities.items()}
    lowest, highest = min(given, key=given.get), max(given, key=given.get)
    assert record.cells[(lowest, 1)].rate < record.cells[(highest, 1)].rate
    liked = [q.answer() == RENEWED for q in questions if q.answer() and (q.score() or 0) >= 75]
    disliked = [
        q.answer() == RENEWED for q in questions if q.answer() and 0 < (q.score() or 0) < 45
    ]
    assert sum(liked) / len(liked) > sum(disliked) / len(disliked) + 0.15
