"""An announcement dated after today is refused unless the editor confirms it on purpose.

Through the admin as an editor: the one-form decision, the announcement form, and the
season page's announcements (where a stored date is not questioned again).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from series.models import Announcement, Season
from tests.admin_helpers import management_data, season_form
from tests.factories import AnnouncementFactory, SeasonFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def decision(today, **overrides):
    return {
        "decision": "renewed",
        "announced_date": (today + 30 * DAY).isoformat(),
        "source_name": "Variety",
        "source_url": "https://variety.example.com/renewed",
        "summary": "",
        **overrides,
    }


def test_a_future_decision_date_is_refused_then_accepted_when_confirmed(editor_client):
    today = timezone.localdate()
    season = SeasonFactory()
    url = reverse("admin:series_season_record_decision", args=[season.pk])
    response = editor_client.post(url, decision(today))
    assert response.status_code == 200
    [error] = response.context["form"].errors["announced_date"]
    assert error.startswith(f"Announced: {(today + 30 * DAY).strftime('%-d %B %Y')}")
    assert "is after today" in error
    assert "This date is in the future on purpose" in error
    assert not Announcement.objects.exists()
    assert "This date is in the future on purpose" in response.content.decode()

    response = editor_client.post(url, decision(today, future_on_purpose="on"))
    assert response.status_code == 302
    assert Announcement.objects.get().announced_date == today + 30 * DAY


def test_a_past_date_needs_no_confirmation(editor_client):
    today = timezone.localdate()
    season = SeasonFactory()
    url = reverse("admin:series_season_record_decision", args=[season.pk])
    response = editor_client.post(url, decision(today, announced_date=today.isoformat()))
    assert response.status_code == 302


def test_the_announcement_form_refuses_a_future_date_unless_confirmed(editor_client):
    today = timezone.localdate()
    announcement = AnnouncementFactory(announced_date=today - 10 * DAY)
    url = reverse("admin:series_announcement_change", args=[announcement.pk])
    data = {
        "season": announcement.season_id,
        "decision": announcement.decision,
        "announced_date": (today + 365 * DAY).isoformat(),
        "source_name": announcement.source_name,
        "source_url": announcement.source_url,
        "summary": announcement.summary,
        "version": announcement.version,
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "is after today" in " ".join(
        response.context["adminform"].form.errors["announced_date"]
    )
    announcement.refresh_from_db()
    assert announcement.announced_date == today - 10 * DAY

    response = editor_client.post(url, {**data, "future_on_purpose": "on"})
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.announced_date == today + 365 * DAY


def test_a_stored_future_date_does_not_block_editing_its_season(editor_client):
    """Only a date typed now is questioned: an imported one waits on the worklist."""
    today = timezone.localdate()
    season = SeasonFactory()
    stored = AnnouncementFactory(season=season, announced_date=today + 30 * DAY)
    url = reverse("admin:series_season_change", args=[season.pk])
    row = {
        "id": stored.pk,
        "season": season.pk,
        "decision": stored.decision,
        "announced_date": stored.announced.as_input(),
        "source_name": stored.source_name,
        "source_url": stored.source_url,
        "summary": stored.summary,
    }
    response = editor_client.post(
        url,
        {
            **season_form(season, title="Renamed"),
            "version": season.version,
            **management_data("season", {"announcements": [row]}),
        },
    )
    assert response.status_code == 302
    assert Season.objects.get(pk=season.pk).title == "Renamed"
