"""A season awaiting a decision shows, below its answer, an estimate from our records: the
odds with their interval and sample, the basis, the timing, the date and the method. A
decided season shows none, and the page keeps its query budget."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from series.models import OutlookRun, Season
from tests.factories import AnnouncementFactory, NetworkFactory, SeasonFactory, ShowFactory
from tests.queries import counted_get
from tests.site_data import decided_show

pytestmark = pytest.mark.django_db
D = datetime.date


def text(node):
    return " ".join(node.get_text(" ").split())


def soup(client, season):
    response = client.get(season.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def netflix():
    network = NetworkFactory(name="Netflix")
    for _ in range(6):
        decided_show(network, "renewed")
    for _ in range(2):
        decided_show(network, "cancelled")
    decided_show(NetworkFactory(name="Hulu <Originals>"), "cancelled")
    return network


@pytest.fixture
def pending(netflix):
    """Season 2 of a Netflix show whose first season ended 80 days ago."""
    today = timezone.localdate()
    show = ShowFactory(network=netflix, title="Spinning Out")
    SeasonFactory(
        show=show,
        number=1,
        premiere_date=today - datetime.timedelta(days=150),
        finale_date=today - datetime.timedelta(days=80),
    )
    return SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)


def test_a_pending_season_shows_the_estimate_below_the_answer(client, pending):
    page = soup(client, pending)
    answer, outlook = page.select_one("article.answer"), page.select_one("aside.outlook")
    assert "Awaiting decision" in text(answer)
    assert "%" not in text(answer)  # the answer never carries the estimate
    assert answer.find_all_next("aside", class_="outlook")  # it comes after the answer
    shown = text(outlook)
    assert "Estimate from our records" in shown and "not an announcement" in shown
    # 6 of 8 renewed on Netflix, weighed with all networks' 6 of 9 after a first season
    # (itself leaning on the overall 7 in 11) worth 10 decisions: 12.5 / 18.
    assert "Estimated chance that season 2 is made: about 69 %" in shown
    assert "(90 % interval " in shown and "from 8 of Netflix’s decisions)" in shown
    assert "6 of 8 seasons Netflix decided on after a first season were renewed" in shown
    assert "Netflix announced half of its decisions within 31 days of the finale" in shown
    assert "season 1's finale was 80 days ago, later than every one of those decisions" in shown
    today = timezone.localdate()
    assert outlook.select_one("time")["datetime"] == today.isoformat()
    link = outlook.select_one("a")
    assert link["href"] == reverse("series:outlook-method")


def test_a_decided_season_shows_no_estimate(client, pending):
    AnnouncementFactory(season=pending, decision="renewed", announced_date=D(2022, 4, 1))
    page = soup(client, pending)
    assert "Renewed" in text(page.select_one("article.answer"))
    assert page.select_one("aside.outlook") is None


def test_a_first_season_or_one_after_a_final_season_has_no_question_to_count(client, netflix):
    first = SeasonFactory(
        show=ShowFactory(network=netflix), number=1, premiere_date=None, finale_date=None
    )
    assert "Awaiting decision" in text(soup(client, first).select_one("article.answer"))
    assert soup(client, first).select_one("aside.outlook") is None
    show, _, _ = decided_show(netflix, "final")
    after_final = SeasonFactory(show=show, number=3, premiere_date=None, finale_date=None)
    Season.objects.filter(show=show, number=2).update(
        premiere_date=D(2023, 1, 10), finale_date=D(2023, 3, 1)
    )
    assert soup(client, after_final).select_one("aside.outlook") is None


def test_the_page_adds_one_query_for_the_estimate_and_none_without(client, pending):
    count, response = counted_get(client, pending.get_absolute_url())
    assert b'class="outlook"' in response.content
    assert count == 6  # the season page's five, and the network's tallies
    AnnouncementFactory(season=pending, decision="cancelled", announced_date=D(2022, 4, 1))
    count, response = counted_get(client, pending.get_absolute_url())
    assert b'class="outlook"' not in response.content
    assert count == 5


def test_names_in_the_estimate_are_escaped(client, pending):
    hulu = NetworkFactory(name="Hulu <b>Originals</b>")
    pending.show.network = hulu
    pending.show.save()
    for _ in range(3):
        decided_show(hulu, "renewed")
    html = client.get(pending.get_absolute_url()).content.decode()
    assert "Hulu &lt;b&gt;Originals&lt;/b&gt;" in html
    assert "<b>Originals</b>" not in html


def test_a_new_decision_elsewhere_drops_the_cached_estimate(client, pending, netflix, settings):
    before = text(soup(client, pending).select_one("aside.outlook"))
    for _ in range(5):
        decided_show(netflix, "cancelled")
    after = text(soup(client, pending).select_one("aside.outlook"))
    assert "from 13 of Netflix’s decisions" in after
    assert after != before


def test_the_estimate_uses_critic_scores_once_a_backtest_shows_they_earn_their_place(
    client, pending
):
    assert "that was not scored by critics" not in text(soup(client, pending).select_one("aside"))
    OutlookRun.objects.create(
        start=D(2025, 1, 1),
        end=D(2026, 1, 1),
        step_days=7,
        prior_strength=10,
        by_score=True,
        forecasts=10,
        questions=5,
        brier=0.2,
        base_brier=0.25,
        difference_error=0.01,
        beats_base_rate=True,
        hit_rate=0.6,
        base_hit_rate=0.5,
        shows_by_score=True,
    )
    count, response = counted_get(client, pending.get_absolute_url())
    outlook = BeautifulSoup(response.content, "html.parser").select_one("aside.outlook")
    assert "after a first season that was not scored by critics were renewed" in text(outlook)
    assert count == 6  # the choice is read with the tallies
