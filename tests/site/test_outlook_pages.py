"""The outlook's method page and its track record: what a visitor reads, with and without
a backtest run on record, and what each costs in queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from series.models import OutlookRun
from tests.queries import counted_get

pytestmark = pytest.mark.django_db
D = datetime.date


def text(node):
    return " ".join(node.get_text(" ").split())


def run(by_score=False, **fields):
    values = {
        "start": D(2025, 12, 7),
        "end": D(2026, 12, 7),
        "step_days": 7,
        "prior_strength": 10,
        "by_score": by_score,
        "forecasts": 3258,
        "questions": 314,
        "brier": 0.2397,
        "base_brier": 0.2910,
        "difference_error": 0.0086,
        "beats_base_rate": True,
        "hit_rate": 0.572,
        "base_hit_rate": 0.267,
        "calibration": [
            {"low": 0.3, "high": 0.4, "count": 569, "forecast": 0.35, "observed": 0.17},
            {"low": 0.7, "high": 0.8, "count": 550, "forecast": 0.749, "observed": 0.669},
        ],
    }
    return OutlookRun.objects.create(**{**values, **fields})


def main(client, name):
    count, response = counted_get(client, reverse(name))
    return count, BeautifulSoup(response.content, "html.parser").select_one("main")


def test_the_method_page_says_what_is_counted_and_shows_both_models_evidence(client):
    run(by_score=True, brier=0.2262)
    run()
    count, page = main(client, "series:outlook-method")
    shown = text(page)
    assert "counts as much as 10 decisions" in shown
    assert "90 % interval" in shown
    assert "needs 5 dated decisions" in shown
    rows = [[text(cell) for cell in row.select("th, td")] for row in page.select("tbody tr")]
    assert rows == [
        ["Network and season (shown)", "7 Dec 2025 to 7 Dec 2026", "0.240", "0.291", "Yes"],
        ["Network, season and critic score", "7 Dec 2025 to 7 Dec 2026", "0.226", "0.291", "Yes"],
    ]
    assert count == 2


def test_the_method_page_without_a_run_says_so(client):
    count, page = main(client, "series:outlook-method")
    assert "No backtest has been run yet" in text(page)
    assert page.select_one("table") is None
    assert count == 2


def test_the_track_record_shows_the_latest_run_of_the_model_shown(client):
    run(brier=0.3, forecasts=1)  # an older run
    run(by_score=True, forecasts=2)  # the other model's
    run()
    count, page = main(client, "series:outlook-record")
    facts = {text(div.dt): text(div.dd) for div in page.select(".facts > div")}
    assert facts["Days forecast"] == "7 December 2025 to 7 December 2026 , every 7 days"
    assert facts["Sample"] == "3,258 estimates of 314 seasons"
    assert (facts["Brier score"], facts["Base rate’s Brier score"]) == ("0.240", "0.291")
    assert facts["Hit rate at 50 %"] == "57 % (base rate: 27 %)"
    assert "beat the base rate" in text(page)
    rows = [[text(cell) for cell in row.select("th, td")] for row in page.select("tbody tr")]
    assert rows == [["30–40 %", "569", "35 %", "17 %"], ["70–80 %", "550", "75 %", "67 %"]]
    assert count == 1


def test_the_track_record_without_a_run_says_so(client):
    count, page = main(client, "series:outlook-record")
    assert "No track record yet" in text(page)
    assert page.select_one("table") is None
    assert count == 1


def test_the_critic_score_model_is_shown_only_when_it_beats_the_base_rate_alone(client):
    run(by_score=True, beats_base_rate=True, shows_by_score=False, forecasts=4321)
    run(beats_base_rate=False, shows_by_score=True)  # the simpler model stopped beating it
    _, page = main(client, "series:outlook-method")
    assert "the critic scores earn their place" in text(page)
    rows = [text(row.th) for row in page.select("tbody tr")]
    assert rows == ["Network and season", "Network, season and critic score (shown)"]
    count, page = main(client, "series:outlook-record")
    assert count == 2  # the latest run, then the latest of the model it chose
    assert "4,321 estimates" in text(page)
