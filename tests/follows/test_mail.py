"""Following a show by email, end to end, through a real SMTP server and the real worker."""

import importlib
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from follows.delivery import close_due_digests, run_due
from follows.models import Digest, EmailDelivery, Subscription
from series import derive
from series.models import Season
from tests.admin_helpers import admin_post
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory
from tests.follows.helpers import html_of, links_in, run_worker, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def commits(django_capture_on_commit_callbacks):
    """Run what each request leaves for after its commit, as a real commit would.

    (The test's own transaction never commits; a transactional test would flush the
    Editors group its migration made.)
    """
    return django_capture_on_commit_callbacks


def season_form(season):
    """The season change form as an editor opens it: the season's facts unchanged."""
    return {
        "show": season.show.pk,
        "number": str(season.number),
        "title": season.title,
        "premiere_date": season.premiere_date.isoformat() if season.premiere_date else "",
        "premiere_precision": season.premiere_precision,
        "finale_date": season.finale_date.isoformat() if season.finale_date else "",
        "finale_precision": season.finale_precision,
        "episode_count": "" if season.episode_count is None else str(season.episode_count),
    }


def record_decision(commits, client, season, decision, source="Variety", date="2026-11-20"):
    """An editor adds an announcement to the season's change form, as in the browser."""
    row = {
        "decision": decision,
        "announced_date": date,
        "announced_precision": "day",
        "source_name": source,
        "source_url": f"https://{source.lower()}.example.com/{decision}",
        "summary": "",
    }
    existing = [
        {"id": a.pk, "season": season.pk, **announcement_fields(a)}
        for a in season.announcements.all()
    ]
    with commits(execute=True):
        response = admin_post(
            client,
            "season",
            season_form(season),
            obj=season,
            inlines={"announcements": [*existing, row]},
        )
    assert response.status_code == 302, response.content.decode()[:2000]


def announcement_fields(a):
    return {
        "decision": a.decision,
        "announced_date": a.announced_date.isoformat(),
        "announced_precision": a.announced_precision,
        "source_name": a.source_name,
        "source_url": a.source_url,
        "summary": a.summary,
    }


def path_of(url):
    parts = urlsplit(url)
    return parts.path


@pytest.fixture
def no_digest_wait(settings):
    settings.FOLLOW_DIGEST_MINUTES = 0


def test_follow_confirm_decide_receive_once_unsubscribe(
    client, editor_client, smtp_server, no_digest_wait, commits
):
    """Follow, confirm through the mailed link, an editor decides, one mail; then none."""
    show = ShowFactory(title="Spinning Out")
    season = SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)

    with commits(execute=True):
        response = client.post(
            reverse("follows:follow", kwargs={"slug": show.slug}), {"email": "Fan@Example.com"}
        )
    assert response.status_code == 302
    assert not Subscription.objects.exists()  # nothing kept before the owner confirms
    run_worker()

    [confirmation] = smtp_server.to("fan@example.com")
    assert confirmation["Subject"] == "Confirm: follow Spinning Out on showtracker"
    [link] = [url for url in links_in(confirmation) if "/follow/confirm/" in url]
    assert link in html_of(confirmation)
    page = client.get(path_of(link))
    assert "Yes, follow Spinning Out" in page.content.decode()
    assert not Subscription.objects.exists()  # a link scanner's GET confirms nothing
    confirmed = client.post(path_of(link))
    assert "You follow Spinning Out" in confirmed.content.decode()
    assert Subscription.objects.confirmed().filter(email="fan@example.com").count() == 1

    record_decision(commits, editor_client, season, "renewed")
    assert len(smtp_server.messages) == 1  # nothing sent in the editor's request
    run_worker()

    [news] = smtp_server.to("fan@example.com")[1:]
    season = Season.objects.get(pk=season.pk)
    assert news["Subject"] == "Spinning Out Season 2: Renewed"
    text = text_of(news)
    assert season.answer().sentence in text
    assert "Source: Variety https://variety.example.com/renewed" in text
    assert "Decision changed: Awaiting decision → Renewed" in text
    assert "Premiere" not in text  # the form was saved with the same dates
    assert season.answer().sentence in html_of(news)
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = news["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe in text

    # RFC 8058: the mail provider POSTs the body below, with no cookie and no CSRF token.
    response = client.post(
        path_of(unsubscribe),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()

    record_decision(
        commits, editor_client, season, "cancelled", source="Deadline", date="2026-11-25"
    )
    run_worker()
    assert len(smtp_server.messages) == 2
    assert Season.objects.get(pk=season.pk).decision == "cancelled"


def test_changes_within_the_window_fold_into_one_mail(client, editor_client, smtp_server, commits):
    """Two decisions minutes apart: one mail, sent when the window closes, listing both."""
    show = ShowFactory(title="Spinning Out")
    season = SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)
    Subscription.objects.create(email="fan@example.com", show=show, confirmed_at=timezone.now())

    record_decision(commits, editor_client, season, "renewed")
    season.refresh_from_db()
    season.premiere_date = "2027-09-01"
    season.premiere_precision = "month"
    with commits(execute=True):
        season.save()
    run_worker()
    assert smtp_server.messages == []  # the window is still open

    digest = Digest.objects.get()
    assert [c.line for c in digest.changes.all()] == [
        "Decision changed: Awaiting decision → Renewed",
        "Premiere date announced: September 2027",
    ]
    run_due(now=digest.due_at)
    [news] = smtp_server.to("fan@example.com")
    text = text_of(news)
    assert "Decision changed: Awaiting decision → Renewed" in text
    assert "Premiere date announced: September 2027" in text
    assert EmailDelivery.objects.get().status == "sent"


def follower(show, address="fan@example.com"):
    return Subscription.objects.create(email=address, show=show, confirmed_at=timezone.now())


def renew(commits, season):
    with commits(execute=True):
        AnnouncementFactory(season=season, decision="renewed", source_name="Variety")


def test_a_title_with_a_line_break_still_reaches_every_follower(
    smtp_server, no_digest_wait, commits
):
    """An import let "Spinning\nOut" through: the List-Id header is made one line."""
    show = ShowFactory(title="Spinning\nOut", slug="spinning-out")
    season = SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)
    for address in ["first@example.com", "second@example.com"]:
        follower(show, address)
    renew(commits, season)

    assert run_due()["mails"] == 2
    for address in ["first@example.com", "second@example.com"]:
        [news] = smtp_server.to(address)
        assert news["List-Id"] == "Spinning Out <spinning-out.follow.showtracker>"
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_mail_that_cannot_be_built_fails_alone_with_its_reason(
    smtp_server, no_digest_wait, commits
):
    """An address stored around the form's checks cannot be a To header: that delivery
    fails, saying why (without the address), and the other follower's mail goes out."""
    season = SeasonFactory(number=2, premiere_date=None, finale_date=None)
    broken = follower(season.show, "bad@example.com\nbcc: victim@example.com")
    follower(season.show, "fan@example.com")
    renew(commits, season)

    assert run_due()["mails"] == 1
    assert len(smtp_server.to("fan@example.com")) == 1
    assert smtp_server.to("victim@example.com") == []
    failed = EmailDelivery.objects.get(subscription=broken)
    assert failed.status == "failed"
    assert failed.last_error.startswith("The mail could not be built:")
    assert "@" not in failed.last_error.replace("[address]", "")


def test_the_log_says_why_a_mail_was_refused_but_not_the_address(
    smtp_server, no_digest_wait, commits, admin_client
):
    season = SeasonFactory(number=2, premiere_date=None, finale_date=None)
    follower(season.show, "gone@example.com")
    smtp_server.unknown = {"gone@example.com"}
    renew(commits, season)
    run_due()

    delivery = EmailDelivery.objects.get()
    assert delivery.status == "failed"  # a 550 will not change on a retry
    assert "550" in delivery.last_error
    assert "User unknown" in delivery.last_error
    for page in [
        reverse("admin:follows_emaildelivery_changelist"),
        reverse("admin:follows_emaildelivery_change", args=[delivery.pk]),
    ]:
        content = admin_client.get(page).content.decode()
        assert "User unknown" in content
        assert "gone@example.com" not in content


def test_a_show_unpublished_before_its_digest_went_out_mails_nobody(smtp_server, commits):
    season = SeasonFactory(number=2, premiere_date=None, finale_date=None)
    follower(season.show)
    renew(commits, season)
    digest = Digest.objects.get()
    close_due_digests(digest.due_at)  # the follower's mail is queued
    show = season.show
    show.is_published = False
    with commits(execute=True):
        show.save()

    assert run_due(now=digest.due_at)["mails"] == 0
    assert smtp_server.messages == []
    assert EmailDelivery.objects.get().status == "withdrawn"


def test_the_first_mail_after_a_bulk_load_lists_only_what_changed(
    smtp_server, no_digest_wait, commits
):
    """Seasons inserted in bulk were nobody's news: after following the show and one
    renewal, the mail is about that season alone, not "news on 5 seasons"."""
    show = ShowFactory(title="Spinning Out")
    loaded = [
        SeasonFactory.build(
            show=show, number=n, decision="renewed", premiere_date=None, finale_date=None
        )
        for n in range(1, 5)
    ]
    loaded.append(SeasonFactory.build(show=show, number=5, premiere_date=None, finale_date=None))
    with commits(execute=True):
        Season.objects.bulk_create(loaded)  # as seed_demo and bulk imports write
        derive.announce_bulk_change()
    follower(show)

    renew(commits, Season.objects.get(show=show, number=5))
    run_due()

    [news] = smtp_server.to("fan@example.com")
    assert news["Subject"] == "Spinning Out Season 5: Renewed"
    assert "Season 1" not in text_of(news)


def test_the_upgrade_redacts_addresses_already_stored_in_errors(no_digest_wait, commits):
    season = SeasonFactory(number=2, premiere_date=None, finale_date=None)
    follower(season.show, "gone@example.com")
    renew(commits, season)
    close_due_digests(timezone.now())
    EmailDelivery.objects.update(
        status="failed",
        last_error="{'gone@example.com': (550, b'5.1.1 <gone@example.com>: User unknown')}",
    )
    upgrade = importlib.import_module(
        "follows.migrations.0003_confirmation_mails_withdrawn_and_redacted_errors"
    )
    upgrade.redact_errors(django_apps, None)
    assert EmailDelivery.objects.get().last_error == (
        "{'[address]': (550, b'5.1.1 <[address]>: User unknown')}"
    )
