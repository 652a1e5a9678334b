"""Every surface names a decision as `status.decision_label` does, and gives the same value.

One first season, ordered: the season and show pages, the admin (lists, change page,
inline, the decision form, deleted announcements), the API (season, announcements), the
Atom feed, the follow mail and the webhook call each say "Ordered", never "Renewed". And
a season that a later one implies was made is "made" in the API and the webhook alike.
"""

import datetime
import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from follows.changes import record_changes
from follows.delivery import run_due
from follows.models import Subscription, WebhookEndpoint
from series.models import Announcement, Season
from tests import surfaces
from tests.factories import AnnouncementFactory, EditorFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience(settings, webhook_receiver):
    """A follower and a webhook for every show, told at once of each change."""
    settings.FOLLOW_DIGEST_MINUTES = 0
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    WebhookEndpoint.objects.create(name="Mirror", url=webhook_receiver.url, secret="s3cret")
    return webhook_receiver


def follow(show):
    Subscription.objects.create(email="fan@example.com", show=show, confirmed_at=timezone.now())


def text(node):
    return " ".join(node.get_text(" ").split())


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_a_first_season_renewal_is_ordered_on_every_surface(audience, mailoutbox):
    season = SeasonFactory(
        show=ShowFactory(title="Spinning Out"), number=1, premiere_date=None, finale_date=None
    )
    follow(season.show)
    record_changes([season.pk])  # followers heard of it while it was pending
    announcement = AnnouncementFactory(season=season, decision="renewed", source_name="Variety")
    retracted = AnnouncementFactory(season=season, decision="renewed", source_name="Deadline")
    retracted.delete()
    record_changes([season.pk])
    run_due()

    assert str(announcement).startswith("Spinning Out season 1: Ordered (Variety")

    visitor = Client()
    assert surfaces.season_page(visitor, season) == ("Ordered", "Ordered")
    for url in (season.get_absolute_url(), season.show.get_absolute_url()):
        timeline = soup(visitor, url).select(".timeline .badge")
        assert [text(badge) for badge in timeline] == ["Ordered"], url

    editor = Client()
    editor.force_login(EditorFactory())
    assert surfaces.admin_season_decisions(editor, season.show) == {1: "Ordered"}
    assert surfaces.admin_season_change_decision(editor, season) == "Ordered"
    change = soup(editor, reverse("admin:series_season_change", args=[season.pk]))
    chosen = change.select_one('select[name="announcements-0-decision"] option[selected]')
    assert text(chosen) == "Ordered"
    deleted = [text(cell) for cell in change.select(".deleted-announcements tbody td")]
    assert deleted[1].split(",")[0] == "Ordered"
    listed = soup(editor, reverse("admin:series_announcement_changelist"))
    assert [text(cell) for cell in listed.select("#result_list .field-decision_display")] == [
        "Ordered"
    ]
    form = soup(editor, reverse("admin:series_season_record_decision", args=[season.pk]))
    assert "Ordered" in [text(label) for label in form.select('label[for^="id_decision_"]')]

    api = Client()
    body = api.get(f"/api/v1/shows/{season.show.slug}/seasons/1").json()
    assert (body["decision"], body["decision_label"]) == ("renewed", "Ordered")
    assert [entry["decision_label"] for entry in body["announcements"]] == ["Ordered"]
    synced = api.get("/api/v1/announcements").json()["results"]
    assert [entry["decision_label"] for entry in synced] == ["Ordered"]

    feed = feedparser.parse(visitor.get(reverse("series:announcement-feed")).content)
    [entry] = feed.entries
    assert entry.title == "Spinning Out Season 1: Ordered"
    assert "Ordered" in [tag.term for tag in entry.tags]

    [mail] = mailoutbox
    assert mail.subject == "Spinning Out Season 1: Ordered"
    assert "- Decision changed: Awaiting decision → Ordered" in mail.body
    assert "Renewed" not in mail.body

    [(_, sent)] = audience.requests
    event = json.loads(sent)
    assert event["change"]["after"] == "Ordered"
    assert event["season"]["decision"] == body["decision"]


def test_the_webhook_sends_the_decision_the_api_gives(audience):
    """Season 1 was never announced, but season 2 was renewed: both say season 1 was made."""
    first = SeasonFactory(
        show=ShowFactory(title="Spinning Out"), number=1, premiere_date=None, finale_date=None
    )
    second = SeasonFactory(show=first.show, number=2, premiere_date=None, finale_date=None)
    AnnouncementFactory(season=second, decision="renewed")
    record_changes([first.pk, second.pk])
    run_due()
    audience.requests.clear()  # the news of season 2's renewal
    first = Season.objects.get(pk=first.pk)
    first.premiere_date = timezone.localdate() + datetime.timedelta(days=30)
    first.save()
    record_changes([first.pk])
    assert run_due()["webhooks"] == 1

    [(_, sent)] = audience.requests
    event = json.loads(sent)
    assert event["season"]["number"] == 1
    api = Client().get(f"/api/v1/shows/{first.show.slug}/seasons/1").json()
    assert event["season"]["decision"] == api["decision"] == "made"
    assert Season.objects.get(pk=first.pk).decision == "pending"  # stored, not shown
    assert not Announcement.objects.filter(season=first).exists()
