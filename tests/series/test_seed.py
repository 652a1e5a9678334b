"""The seed facts load cleanly, twice, and say what the source article says."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from series.consistency import cancelled_after_airing
from series.models import Announcement, CastCredit, CriticScore, Season, Show

pytestmark = pytest.mark.django_db


def dump():
    out = io.StringIO()
    call_command("dumpdata", "series", natural_foreign=True, natural_primary=True, stdout=out)
    return out.getvalue()


def test_loading_twice_changes_nothing(seed):
    first = dump()
    call_command("loaddata", "spinning_out", verbosity=0)
    assert dump() == first
    assert Show.objects.count() == 1
    assert Season.objects.count() == 2
    assert CastCredit.objects.count() == 11
    assert Announcement.objects.count() == 2


def test_season_two_is_cancelled_by_its_announcements(seed):
    season = Season.objects.get(show__slug="spinning-out", number=2)
    assert season.decision == Season.Decision.CANCELLED
    # Each source is named by its publication (not the article's headline) and linked.
    assert {(a.source_name, a.source_url) for a in season.announcements.all()} == {
        (
            "Variety, citing Deadline",
            "https://variety.com/2020/tv/news/spinning-out-canceled-netflix-1203491453/",
        ),
        (
            "Union Journalism",
            "https://unionjournalism.com/featured/2020/05/"
            "done-spinning-out-season-2-why-netflix-cancelled-the-installment-"
            "when-end-to-the-story-is-still-pending/",
        ),
    }


def test_season_one_facts(seed):
    season = Season.objects.get(show__slug="spinning-out", number=1)
    assert str(season.premiere) == "1 January 2020"
    assert season.finale == season.premiere  # all ten episodes released that day
    assert season.episode_count == 10
    scores = {s.aggregator: s for s in CriticScore.objects.filter(season=season)}
    rt, mc = scores["rotten_tomatoes"], scores["metacritic"]
    assert (rt.score, str(rt.average_rating), rt.review_count) == (63, "6.5", 16)
    assert (mc.score, mc.average_rating, mc.review_count) == (47, None, 4)
    cast = [
        (c.person.name, c.character_name) for c in season.cast_credits.order_by("billing_order")
    ]
    assert cast[0] == ("Kaya Scodelario", "Kat Baker")
    assert cast[-1] == ("January Jones", "Carol Baker")
    assert len(cast) == 11


def test_show_facts(seed):
    show = Show.objects.get(slug="spinning-out")
    assert show.network.name == "Netflix"
    assert show.network.kind == "streaming"
    assert show.is_published
    assert [g.name for g in show.genres.all()] == ["Drama"]
    creator = show.crew_credits.get()
    assert (creator.person.name, creator.job) == ("Samantha Stratton", "creator")


def test_seed_if_empty_loads_once(db):
    call_command("seed_if_empty", verbosity=0)
    Show.objects.filter(slug="spinning-out").update(title="Edited by an editor")
    call_command("seed_if_empty", verbosity=0)
    assert Show.objects.get().title == "Edited by an editor"


def test_a_stale_decision_in_a_fixture_is_corrected_on_load(seed, tmp_path):
    records = json.loads(dump())
    stale = [
        r
        for r in records
        if r["model"] == "series.season" and r["fields"]["decision"] == "cancelled"
    ]
    assert len(stale) == 1
    stale[0]["fields"]["decision"] = "renewed"
    fixture = tmp_path / "stale.json"
    fixture.write_text(json.dumps(records))
    call_command("loaddata", str(fixture), verbosity=0)
    assert Season.objects.get(number=2).decision == "cancelled"


def test_the_cancellation_is_on_the_season_that_will_not_be_made(seed):
    """The convention the admin holds editors to: "Spinning Out season 2: Cancelled",
    and season 1, which aired, keeps no cancellation. Each announcement would pass the
    decision form as it is."""
    today = timezone.localdate()
    assert not cancelled_after_airing(today).exists()
    cancelled = Announcement.objects.filter(decision=Season.Decision.CANCELLED)
    assert {a.season.number for a in cancelled} == {2}
    for announcement in Announcement.objects.all():
        announcement.pk = None  # as if typed anew
        announcement.full_clean(validate_unique=False, validate_constraints=False)
