"""Editor text never runs as script, only http(s) links are stored, crafted URLs never 500."""

import icalendar
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from series.models import Announcement, CriticScore, Network
from tests.admin_helpers import admin_post, season_form, shown_errors
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_season():
    """Every free-text field an editor fills, carrying markup."""
    season = SeasonFactory(
        show__title=f"Show {SCRIPT}",
        show__synopsis=f"Synopsis {IMG}",
        show__network__name=f"Network {IMG}",
        title=f"Season {IMG}",
    )
    AnnouncementFactory(season=season, source_name=f"Source {SCRIPT}", summary=f"Summary {IMG}")
    CastCreditFactory(season=season, person__name=f"Person {SCRIPT}", character_name=f"As {IMG}")
    CrewCreditFactory(show=season.show, person__name=f"Creator {IMG}")
    return season


def assert_escaped(html):
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html


def test_public_pages_escape_editor_text(client, hostile_season):
    for url in [
        reverse("series:home"),
        hostile_season.show.get_absolute_url(),
        hostile_season.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response.content.decode())


def test_every_other_public_page_escapes_editor_text(client, hostile_season):
    show = hostile_season.show
    person = hostile_season.cast_credits.get().person
    for url in [
        reverse("series:show-list"),
        reverse("series:show-list") + "?q=Show",
        reverse("series:scorecard"),
        show.network.get_absolute_url(),
        person.get_absolute_url(),
        reverse("series:announcements"),
        reverse("series:show-announcements", kwargs={"slug": show.slug}),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode())


def test_feeds_calendar_and_api_carry_editor_text_as_text(client, hostile_season):
    """XML escapes it, the calendar folds it into one property, JSON quotes it."""
    show = hostile_season.show
    hostile_season.premiere_date = hostile_season.finale_date = None
    hostile_season.save()
    Season = type(hostile_season)
    Season.objects.create(show=show, number=9, premiere_date="2099-01-01")
    feed = client.get(reverse("series:announcement-feed")).content.decode()
    assert "<script>alert" not in feed
    assert "&lt;script&gt;" in feed
    calendar = client.get(reverse("series:show-calendar", kwargs={"slug": show.slug}))
    text = calendar.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert "Show <script>" in text  # plain text in a text/calendar body, not markup
    assert calendar["Content-Type"].startswith("text/calendar")
    api = client.get(f"/api/v1/shows/{show.slug}")
    assert api["Content-Type"].startswith("application/json")
    assert api.json()["title"] == f"Show {SCRIPT}"


def test_a_line_break_in_a_title_cannot_forge_a_calendar_event(client, db):
    season = SeasonFactory(
        show__title="Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Forged",
        premiere_date="2099-01-01",
        finale_date=None,
    )
    text = client.get(
        reverse("series:show-calendar", kwargs={"slug": season.show.slug})
    ).content.decode()
    lines = text.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith("SUMMARY:Forged") for line in lines)
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]).startswith("Evil END:VEVENT BEGIN:VEVENT")


def test_admin_pages_escape_editor_text(editor_client, hostile_season):
    admin_post(
        editor_client,
        "season",
        season_form(hostile_season, title=f"Edited {SCRIPT}"),
        obj=hostile_season,
    )
    urls = [
        reverse("admin:series_show_changelist"),
        reverse("admin:series_show_change", args=[hostile_season.show_id]),
        reverse("admin:series_season_changelist"),
        reverse("admin:series_season_change", args=[hostile_season.pk]),
        reverse("admin:series_season_history", args=[hostile_season.pk]),
        reverse("admin:series_announcement_changelist"),
        reverse("admin:series_castcredit_changelist"),
        reverse("admin:series_person_changelist"),
        reverse("admin:index"),  # recent actions name the objects
    ]
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode())


def test_deleted_announcement_listing_escapes_its_source(editor_client, hostile_season):
    hostile_season.announcements.get().delete()
    html = editor_client.get(reverse("admin:series_announcement_changelist")).content.decode()
    assert "Recently deleted announcements" in html
    assert_escaped(html)


# Links: only http and https, in forms and in the database.

BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.com/file",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_forms_refuse_non_http_source_urls(editor_client, url):
    season = SeasonFactory()
    data = {
        "season": season.pk,
        "decision": "renewed",
        "announced_date": "2020-02-03",
        "announced_precision": "day",
        "source_name": "Variety",
        "source_url": url,
        "summary": "",
    }
    response = editor_client.post(reverse("admin:series_announcement_add"), data)
    assert "Enter a valid URL." in shown_errors(response)
    assert not Announcement.objects.exists()


def test_forms_accept_http_and_https_and_normalize_the_scheme(editor_client):
    season = SeasonFactory()
    for index, url in enumerate(["http://example.com/a", "HTTPS://Example.com/b"]):
        data = {
            "season": season.pk,
            "decision": "renewed",
            "announced_date": f"2020-02-0{index + 1}",
            "announced_precision": "day",
            "source_name": "Variety",
            "source_url": url,
            "summary": "",
        }
        assert (
            editor_client.post(reverse("admin:series_announcement_add"), data).status_code == 302
        )
    stored = sorted(Announcement.objects.values_list("source_url", flat=True))
    assert stored == ["http://example.com/a", "https://Example.com/b"]


def test_the_model_field_lower_cases_the_scheme_before_validation():
    score = CriticScoreFactory.build(url="HTTPS://Example.com/x")
    score.clean_fields(exclude=["season"])
    assert score.url == "https://Example.com/x"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/"])
@pytest.mark.parametrize(
    "create",
    [
        lambda url: AnnouncementFactory(source_url=url),
        lambda url: CriticScoreFactory(url=url),
        lambda url: Network.objects.create(name="N", slug="n", kind="streaming", website=url),
    ],
    ids=["announcement", "criticscore", "network"],
)
def test_the_database_refuses_non_http_urls(create, url):
    with pytest.raises(IntegrityError), transaction.atomic():
        create(url)
    assert not CriticScore.objects.exists()


# Crafted URLs and query strings: 404 or 400 (or the page itself), never a 500.
# Add a row for every new public URL.

LONG = "a" * 5000
CRAFTED = [
    ("/", {200}),
    ("/?q=" + LONG, {200, 400}),
    ("/?page=-1&status=bogus&network=%00&year=99999999999999999999", {200, 400}),
    ("/?q=%E2%80%AE%F0%9F%93%BA&sort=__proto__", {200, 400}),
    ("/healthz?x=" + LONG, {200}),
    ("/shows/spinning-out/", {200}),
    ("/shows/no-such-show/", {404}),
    ("/shows/" + LONG + "/", {404}),
    ("/shows/%F0%9F%93%BA/", {404}),
    ("/shows/sp%C3%AFnning/", {404}),
    ("/shows/spinning-out%2F..%2F/", {404}),
    ("/shows/..%2F..%2Fetc%2Fpasswd/", {404}),
    ("/shows/%00/", {404}),
    ("/shows/spinning-out/season/2/", {200}),
    ("/shows/spinning-out/season/0/", {404}),
    ("/shows/spinning-out/season/-1/", {404}),
    ("/shows/spinning-out/season/3/", {404}),
    ("/shows/spinning-out/season/999/", {404}),
    ("/shows/spinning-out/season/1000/", {404}),
    ("/shows/spinning-out/season/99999999999999999999999/", {404}),
    ("/shows/spinning-out/season/1e3/", {404}),
    ("/shows/spinning-out/season/%EF%BC%92/", {404}),  # a full-width digit two
    ("/shows/spinning-out/season/2%2F/", {404}),
    ("/shows/spinning-out/season/2/?page=-5&sort=" + LONG, {200, 400}),
    ("/" + LONG, {404}),
    ("/shows/?page=-1", {404}),
    ("/shows/?page=99999999999999999999", {404}),
    ("/shows/?page=%00", {404}),
    ("/shows/?status=bogus&network=..%2F&genre=%F0%9F%93%BA", {400}),
    ("/shows/?year=-2020", {400}),
    ("/shows/?year=99999999999999999999", {400}),
    ("/shows/?q=" + LONG, {400}),
    ("/shows/?q=%00", {200, 400}),
    ("/shows/?sort=__class__", {400}),
    ("/scorecard/?year=abc", {400}),
    ("/scorecard/?year=99999999999999999999", {400}),
    ("/people/no-such-person/", {404}),
    ("/people/%F0%9F%93%BA/", {404}),
    ("/networks/no-such-network/", {404}),
    ("/networks/netflix/?page=-3", {200, 400, 404}),
    ("/shows/no-such-show/feed/", {404}),
    ("/shows/no-such-show/announcements/", {404}),
    ("/shows/%F0%9F%93%BA/announcements/", {404}),
    ("/announcements/?page=-1&x=" + LONG, {200}),
    ("/shows/no-such-show/calendar.ics", {404}),
    ("/feeds/announcements/?x=" + LONG, {200}),
    ("/calendar.ics?x=%00", {200}),
    ("/sitemap-nothing.xml", {404}),
    ("/sitemap.xml?p=-1", {200, 404}),
    ("/sitemap-shows.xml?p=99999999999999999999", {404}),
    ("/api/v1/shows?page=-1", {400}),
    ("/api/v1/shows?page_size=99999999999999999999", {400}),
    ("/api/v1/shows/%F0%9F%93%BA", {404}),
    ("/api/v1/shows/spinning-out/seasons/99999999999999999999", {404, 400}),
    ("/api/v1/announcements?since=not-a-date", {400}),
]


@pytest.mark.parametrize(("url", "allowed"), CRAFTED, ids=[u[:60] for u, _ in CRAFTED])
def test_crafted_urls_never_fail(seed, url, allowed):
    from django.test import Client

    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code in allowed
