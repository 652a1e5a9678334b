"""The API's `outlook` on a season: an estimate from our records for a season awaiting a
decision, null for a decided one, documented in the schema, at one query's cost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AnnouncementFactory, NetworkFactory, SeasonFactory, ShowFactory
from tests.queries import counted_get
from tests.site_data import decided_show

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def pending():
    """Season 2 of a show on a network that renewed 3 of 4 after a first season."""
    network = NetworkFactory(name="Netflix")
    for outcome in ("renewed", "renewed", "renewed", "cancelled"):
        decided_show(network, outcome)
    today = timezone.localdate()
    show = ShowFactory(network=network, slug="awaited")
    SeasonFactory(
        show=show,
        number=1,
        premiere_date=today - datetime.timedelta(days=90),
        finale_date=today - datetime.timedelta(days=20),
    )
    return SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)


def season_url(season):
    return reverse("api:season-detail", kwargs={"slug": season.show.slug, "number": season.number})


def test_a_pending_season_carries_the_outlook_beside_its_answer(client, pending):
    count, response = counted_get(client, season_url(pending))
    body = response.json()
    assert body["answer"]["status"] == "pending"
    outlook = body["outlook"]
    # All networks' share after a first season, 3 of 4 leaning on the overall (3 + 1) /
    # (4 + 2): 9.67 / 14 = 0.69; the network's 3 of 4 weighed with it: 9.9 / 14.
    assert outlook["sample"] == 4 and outlook["renewed"] == 3
    assert outlook["probability"] == pytest.approx(0.7075, abs=1e-3)
    low, high = outlook["interval"]
    assert 0 < low < outlook["probability"] < high < 1
    assert outlook["basis"].startswith("3 of 4 seasons Netflix decided on after a first season")
    assert outlook["timing"].startswith("Too few of Netflix's decisions are dated")
    assert outlook["overdue"] is False
    assert outlook["as_of"] == timezone.localdate().isoformat()
    assert outlook["method_url"] == "http://testserver" + reverse("series:outlook-method")
    decided_count, _ = counted_get(client, season_url(pending.show.seasons.get(number=1)))
    assert count == decided_count + 1  # the network's tallies, read once


def test_a_decided_season_has_a_null_outlook(client, pending):
    AnnouncementFactory(season=pending, decision="renewed", announced_date=D(2022, 4, 1))
    body = client.get(season_url(pending)).json()
    assert body["answer"]["status"] == "renewed"
    assert body["outlook"] is None


def test_the_schema_documents_the_outlook_as_an_estimate(client):
    schema = client.get("/api/v1/openapi.json").json()
    season = schema["components"]["schemas"]["SeasonDetail"]
    assert "never the answer" in season["properties"]["outlook"]["description"]
    outlook = schema["components"]["schemas"]["OutlookOut"]
    assert set(outlook["properties"]) >= {"probability", "interval", "sample", "basis", "as_of"}
    assert outlook["description"] == "An estimate from our records, not an announcement."
