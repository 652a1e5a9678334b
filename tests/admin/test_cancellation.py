"""Which season carries a cancellation: the one that will not be made, never one that aired."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from series import consistency
from series.models import Announcement, Season
from tests.admin.test_imports import confirm, to_csv, upload
from tests.admin_helpers import admin_post, season_form, shown_errors
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Season 1 has aired; a cancellation belongs to the season that will not be made. "
    "Record it on season 2."
)


def decision_url(season):
    return reverse("admin:series_season_record_decision", args=[season.pk])


def fix_url(season):
    return reverse("admin:series_season_record_cancellation", args=[season.pk])


def cancellation(**overrides):
    return {
        "decision": "cancelled",
        "announced_date": "February 2020",
        "source_name": "Variety",
        "source_url": "https://variety.example.com/cancelled",
        "summary": "Netflix cancelled the series after one season.",
        **overrides,
    }


@pytest.fixture
def aired():
    """Season 1 of a show, premiered and over; no season 2 yet."""
    return SeasonFactory(show=ShowFactory(title="Spun"), number=1)


def test_the_decision_form_refuses_a_cancellation_on_an_aired_season(editor_client, aired):
    response = editor_client.post(decision_url(aired), cancellation())
    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSAL in page
    assert not Announcement.objects.exists()
    # The way on: a button that records it on season 2, carrying what was typed.
    assert f'action="{fix_url(aired)}"' in page
    assert "Record it on season 2</button>" in page
    assert 'name="source_name" value="Variety"' in page
    assert 'name="announced_date" value="February 2020"' in page


def test_the_fix_creates_the_next_season_and_opens_its_decision_form_filled_in(
    editor_client, aired
):
    back = reverse("admin:worklist")
    response = editor_client.post(fix_url(aired), {**cancellation(), "next": back})
    season_2 = Season.objects.get(show=aired.show, number=2)
    assert response.status_code == 302
    assert response["Location"].startswith(decision_url(season_2) + "?")
    form = editor_client.get(response["Location"]).context["form"]
    assert form["decision"].value() == "cancelled"
    assert form["announced_date"].value() == "February 2020"
    assert form["source_name"].value() == "Variety"
    assert form["source_url"].value() == "https://variety.example.com/cancelled"
    assert form["summary"].value() == "Netflix cancelled the series after one season."
    # Recorded there, it is accepted; the editor goes back where they came from.
    saved = editor_client.post(decision_url(season_2), {**cancellation(), "next": back})
    assert saved["Location"] == back
    season_2.refresh_from_db()
    assert season_2.decision == Season.Decision.CANCELLED
    assert not aired.announcements.exists()


def test_the_fix_uses_the_next_season_when_it_exists(editor_client, aired):
    season_2 = SeasonFactory(show=aired.show, number=2, premiere_date=None, finale_date=None)
    response = editor_client.post(fix_url(aired), cancellation())
    assert response["Location"].startswith(decision_url(season_2) + "?")
    assert Season.objects.filter(show=aired.show).count() == 2


def test_the_fix_only_posts(editor_client, aired):
    assert editor_client.get(fix_url(aired)).status_code == 405
    assert not Season.objects.filter(number=2).exists()


@pytest.mark.parametrize("decision", ["renewed", "final"])
def test_other_decisions_stay_on_an_aired_season(editor_client, aired, decision):
    response = editor_client.post(decision_url(aired), cancellation(decision=decision))
    assert response.status_code == 302
    assert aired.announcements.get().decision == decision


@pytest.mark.parametrize(
    "premiere",
    [None, datetime.date(2040, 1, 1)],
    ids=["no premiere date", "premiere ahead"],
)
def test_a_season_not_yet_aired_takes_a_cancellation(editor_client, premiere):
    season = SeasonFactory(number=3, premiere_date=premiere, finale_date=None)
    response = editor_client.post(decision_url(season), cancellation())
    assert response.status_code == 302
    assert season.announcements.get().decision == "cancelled"


def test_the_season_form_refuses_a_cancellation_row_and_offers_the_fix(editor_client, aired):
    row = {**cancellation(), "id": "", "season": aired.pk}
    response = admin_post(
        editor_client, "season", season_form(aired), obj=aired, inlines={"announcements": [row]}
    )
    assert REFUSAL in shown_errors(response)
    page = response.content.decode()
    assert f'action="{fix_url(aired)}"' in page
    assert 'name="summary" value="Netflix cancelled the series after one season."' in page
    assert not Announcement.objects.exists()


def test_a_premiere_typed_with_the_row_counts(editor_client):
    """The season as the form would save it decides, not as it was stored."""
    season = SeasonFactory(number=1, premiere_date=None, finale_date=None)
    row = {**cancellation(), "id": "", "season": season.pk}
    data = season_form(season, premiere_date="2020-01-01")
    inlines = {"announcements": [row]}
    response = admin_post(editor_client, "season", data, obj=season, inlines=inlines)
    assert REFUSAL in shown_errors(response)


def test_a_stored_cancellation_can_still_be_corrected(editor_client, aired):
    """Data from before the rule: its URL or summary can be fixed without moving it."""
    stored = AnnouncementFactory(season=aired, decision="cancelled", source_url="")
    row = {
        "id": stored.pk,
        "season": aired.pk,
        "decision": "cancelled",
        "announced_date": stored.announced.as_input(),
        "source_name": stored.source_name,
        "source_url": "https://variety.example.com/fixed",
        "summary": "",
    }
    response = admin_post(
        editor_client, "season", season_form(aired), obj=aired, inlines={"announcements": [row]}
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.source_url == "https://variety.example.com/fixed"


def test_an_import_row_cancelling_an_aired_season_is_refused(editor_client, aired):
    aired.show.slug = "spun"
    aired.show.save()
    rows = [{"show": "spun", "season": "1", "announced": "February 2020", **cancellation()}]
    del rows[0]["announced_date"]
    preview = upload(editor_client, "announcement", to_csv(rows))
    assert REFUSAL in preview.content.decode()
    assert "confirm_form" not in preview.context
    assert not Announcement.objects.exists()


def test_an_import_row_cancelling_the_next_season_is_taken(editor_client, aired):
    SeasonFactory(show=aired.show, number=2, premiere_date=None, finale_date=None)
    row = {"show": aired.show.slug, "season": "2", "announced": "February 2020"}
    rows = [{**row, **cancellation()}]
    del rows[0]["announced_date"]
    confirm(editor_client, "announcement", upload(editor_client, "announcement", to_csv(rows)))
    assert Season.objects.get(show=aired.show, number=2).decision == "cancelled"


# Data from before the rule: found, listed and moved in one click.


@pytest.fixture
def misplaced(aired):
    """Season 1 ordered, aired, then cancelled on itself: two sources, one already on 2."""
    AnnouncementFactory(season=aired, decision="renewed", announced_date=datetime.date(2019, 1, 5))
    for source in ("Variety", "Deadline"):
        AnnouncementFactory(
            season=aired,
            decision="cancelled",
            source_name=source,
            announced_date=datetime.date(2020, 2, 3),
        )
    aired.refresh_from_db()
    return aired


def test_check_facts_finds_a_cancellation_on_an_aired_season(misplaced):
    placed = SeasonFactory(
        show=ShowFactory(title="Placed"), number=2, premiere_date=None, finale_date=None
    )
    AnnouncementFactory(season=placed, decision="cancelled")
    findings = consistency.find_inconsistencies(timezone.localdate())
    assert findings["Cancellation on a season that has aired"] == [
        consistency.Finding(
            f"{misplaced.natural_key()}: premiered 1 January 2020; the cancellation belongs "
            "to season 2",
            misplaced,
        )
    ]


def test_the_worklist_case_moves_the_cancellation_to_the_next_season(editor_client, misplaced):
    worklist_page = editor_client.get(reverse("admin:worklist") + "?kind=misplaced")
    (row,) = worklist_page.context["sections"][0]["rows"]
    assert row.fix_label == "Move it to season 2"
    page = editor_client.get(row.fix_url).content.decode()
    assert f'action="{fix_url(misplaced)}"' in page
    assert "Move the cancellation to season 2</button>" in page
    back = reverse("admin:worklist") + "?kind=misplaced"
    response = editor_client.post(fix_url(misplaced), {"move": "1", "next": back})
    assert response["Location"] == back
    season_2 = Season.objects.get(show=misplaced.show, number=2)
    assert sorted(season_2.announcements.values_list("source_name", flat=True)) == [
        "Deadline",
        "Variety",
    ]
    assert season_2.decision == "cancelled"
    misplaced.refresh_from_db()
    assert misplaced.decision == "renewed"
    assert list(misplaced.announcements.values_list("decision", flat=True)) == ["renewed"]
    assert "Moved 2 cancellations from season 1 to season 2." in (
        editor_client.get(back).content.decode()
    )
    assert not editor_client.get(back).context["sections"][0]["rows"]


def test_a_report_already_on_the_next_season_is_not_moved_twice(editor_client, misplaced):
    season_2 = SeasonFactory(show=misplaced.show, number=2, premiere_date=None, finale_date=None)
    AnnouncementFactory(
        season=season_2,
        decision="cancelled",
        source_name="Variety",
        announced_date=datetime.date(2020, 2, 3),
    )
    editor_client.post(fix_url(misplaced), {"move": "1"})
    assert season_2.announcements.count() == 2
    assert not misplaced.announcements.filter(decision="cancelled").exists()


def test_a_season_placed_right_offers_no_move(editor_client, aired):
    page = editor_client.get(reverse("admin:series_season_change", args=[aired.pk]))
    assert "cancellation-fix" not in page.content.decode()


def test_moving_needs_the_right_to_change_announcements(client, django_user_model, misplaced):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_season", "add_season", "add_announcement"])
    )
    client.force_login(viewer)
    assert client.post(fix_url(misplaced), {"move": "1"}).status_code == 403
    assert misplaced.announcements.filter(decision="cancelled").count() == 2
    assert not Season.objects.filter(show=misplaced.show, number=2).exists()
