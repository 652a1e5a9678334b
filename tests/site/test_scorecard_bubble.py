"""The scorecard's bubble view: shows awaiting a decision, ranked by the outlook's odds or
by lateness against the network's own timing, labelled as estimates, in fixed queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from series.derive import refresh_shows
from tests.factories import NetworkFactory, SeasonFactory, ShowFactory
from tests.queries import counted_get
from tests.site_data import decided_show

pytestmark = pytest.mark.django_db
D = datetime.date


def text(node):
    return " ".join(node.get_text(" ").split())


def awaiting(network, title, finale_days_ago):
    today = timezone.localdate()
    show = ShowFactory(network=network, title=title)
    SeasonFactory(
        show=show,
        number=1,
        premiere_date=today - datetime.timedelta(days=finale_days_ago + 60),
        finale_date=today - datetime.timedelta(days=finale_days_ago),
    )
    refresh_shows([show.pk])
    return show


@pytest.fixture
def bubble_world():
    """Hopeful renews 5 of 6 within 30 days; Grim cancels 5 of 6 within 90."""
    hopeful, grim = NetworkFactory(name="Hopeful"), NetworkFactory(name="Grim & Co")
    for outcome in ["renewed"] * 5 + ["cancelled"]:
        decided_show(hopeful, outcome, delay=30)
    for outcome in ["cancelled"] * 5 + ["renewed"]:
        decided_show(grim, outcome, delay=90)
    awaiting(hopeful, "Long Wait", 200)  # far later than Hopeful's 30 days
    awaiting(grim, "Doomed", 10)  # sooner than Grim's 90 days
    awaiting(hopeful, "Fresh", 5)


def rows(client, **params):
    count, response = counted_get(client, reverse("series:scorecard-bubble"), params)
    page = BeautifulSoup(response.content, "html.parser")
    return count, page, [text(row.th) for row in page.select("tbody tr")]


def test_ranked_by_odds_lowest_first_and_labelled_as_estimates(client, bubble_world):
    count, page, shown = rows(client)
    assert shown[0] == "Doomed season 2"
    assert set(shown[1:]) == {"Long Wait season 2", "Fresh season 2"}
    assert "estimate from our records" in text(page.select_one(".lede"))
    assert "Grim &amp; Co" in str(page.select_one("tbody"))  # escaped
    first = [text(cell) for cell in page.select_one("tbody tr").select("td")]
    assert first[1].startswith("about ") and "1 of 6" in first[1]
    assert count == 2  # the awaiting shows' seasons, and every tally


def test_ranked_by_lateness_against_the_networks_own_timing(client, bubble_world):
    _, page, shown = rows(client, order="late")
    # Long Wait is later than all of Hopeful's decisions; the others sooner than all of
    # their networks', so the longer wait since the finale comes first.
    assert shown == ["Long Wait season 2", "Doomed season 2", "Fresh season 2"]
    late = text(page.select_one("tbody tr").select("td")[2])
    assert late.startswith("Late: Hopeful announced half of its decisions within 30 days")


def test_a_bad_order_is_a_400_and_no_decision_is_an_empty_state(client, bubble_world):
    response = client.get(reverse("series:scorecard-bubble"), {"order": "nonsense"})
    assert response.status_code == 400
    assert "That order is not valid" in response.content.decode()


def test_without_decisions_on_record_the_view_says_so(client):
    awaiting(NetworkFactory(), "Lonely", 10)
    _, page, shown = rows(client)
    assert shown == []
    assert "No show is awaiting a decision that our records can estimate" in text(page)
