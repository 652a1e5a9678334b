"""Each mail goes out at most once: jobs run twice, workers killed mid-run, SMTP failures.

The guarantee: a follower never gets the same news twice. Every delivery is a row
(unique per digest and follower) claimed before the send; a worker killed between the
SMTP server's acceptance and the record leaves it `sending`, and no later run sends it
again (it is marked `interrupted` after the lease). Everything not yet claimed is sent.
"""

import datetime
import sqlite3
import subprocess
import sys

import pytest
from django.utils import timezone

from follows.delivery import LEASE, claim, run_due
from follows.models import Change, Digest, EmailDelivery, SeasonState, Subscription
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory
from tests.follows.helpers import text_of
from tests.subprocess_helpers import ROOT, environment, manage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def follower(show, address="fan@example.com"):
    return Subscription.objects.create(email=address, show=show, confirmed_at=timezone.now())


@pytest.fixture
def followed_season(settings):
    settings.FOLLOW_DIGEST_MINUTES = 0
    season = SeasonFactory(
        show=ShowFactory(title="Spinning Out"), number=2, premiere_date=None, finale_date=None
    )
    follower(season.show)
    return season


def test_a_job_run_twice_sends_once(smtp_server, followed_season):
    AnnouncementFactory(season=followed_season, decision="renewed")
    first = run_due()
    second = run_due()
    assert (first["mails"], second["mails"]) == (1, 0)
    assert len(smtp_server.messages) == 1
    assert EmailDelivery.objects.get().status == "sent"


def test_a_claimed_delivery_is_never_claimed_again(followed_season):
    AnnouncementFactory(season=followed_season, decision="renewed")
    digest = Digest.objects.get()
    run_due(now=digest.due_at - datetime.timedelta(seconds=1))  # nothing due yet
    from follows.delivery import close_due_digests

    close_due_digests(timezone.now())
    delivery = EmailDelivery.objects.get()
    now = timezone.now()
    assert claim(EmailDelivery, delivery.pk, now) is True
    assert claim(EmailDelivery, delivery.pk, now) is False  # a second worker gets nothing


def test_a_second_digest_row_for_the_same_follower_is_refused(followed_season):
    from django.db import IntegrityError, transaction

    AnnouncementFactory(season=followed_season, decision="renewed")
    run_due(now=timezone.now() + datetime.timedelta(days=1))
    delivery = EmailDelivery.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        EmailDelivery.objects.create(
            digest=delivery.digest,
            subscription=delivery.subscription,
            next_attempt_at=timezone.now(),
        )


def test_smtp_failure_is_retried_with_backoff(smtp_server, followed_season):
    """A 451 from the server: the mail waits a minute, then goes out once."""
    smtp_server.refuse = 1
    AnnouncementFactory(season=followed_season, decision="renewed")
    now = timezone.now()
    done = run_due(now=now)
    delivery = EmailDelivery.objects.get()
    assert (done["mails"], delivery.status, delivery.attempts) == (0, "pending", 1)
    assert "451" in delivery.last_error
    assert delivery.next_attempt_at == now + datetime.timedelta(minutes=1)
    assert done["retry_at"] == [delivery.next_attempt_at]

    assert run_due(now=now + datetime.timedelta(seconds=30))["mails"] == 0  # not yet
    assert run_due(now=now + datetime.timedelta(minutes=1))["mails"] == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(smtp_server.messages) == 1


def test_a_delivery_left_sending_is_marked_interrupted_not_resent(smtp_server, followed_season):
    AnnouncementFactory(season=followed_season, decision="renewed")
    from follows.delivery import close_due_digests

    close_due_digests(timezone.now())
    delivery = EmailDelivery.objects.get()
    claimed_at = timezone.now()
    claim(EmailDelivery, delivery.pk, claimed_at)  # a worker took it, then died

    run_due(now=claimed_at + LEASE - datetime.timedelta(seconds=1))
    delivery.refresh_from_db()
    assert delivery.status == "sending"  # it may still be at work
    run_due(now=claimed_at + LEASE + datetime.timedelta(seconds=1))
    delivery.refresh_from_db()
    assert delivery.status == "interrupted"
    assert smtp_server.messages == []


def test_no_mail_for_a_follower_who_left_or_never_confirmed(smtp_server, followed_season):
    Subscription.objects.create(email="unconfirmed@example.com", show=followed_season.show)
    AnnouncementFactory(season=followed_season, decision="renewed")
    Subscription.objects.filter(email="fan@example.com").delete()
    run_due()
    assert smtp_server.messages == []


def test_a_premiere_arriving_with_the_calendar_is_news(smtp_server, followed_season):
    """No one saves anything: the day after the premiere, the worker notices it."""
    followed_season.refresh_from_db()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    followed_season.premiere_date = tomorrow
    followed_season.save()
    run_due()
    assert SeasonState.objects.get(season=followed_season).premiered is False
    smtp_server.messages.clear()

    later = timezone.now() + datetime.timedelta(days=2)
    run_due(now=later)
    run_due(now=later + datetime.timedelta(minutes=1))
    assert [c.kind for c in Change.objects.order_by("pk")] == ["premiere_announced", "premiered"]
    [news] = smtp_server.messages
    assert "Premiered:" in text_of(news[1])


def test_a_worker_killed_between_send_and_record_sends_nothing_twice(tmp_path, smtp_server):
    """Kill the real db_worker right after the SMTP server accepted the first of two mails.

    The retry sends the second follower's mail and not the first one's again: each of
    the two addresses receives exactly one mail.
    """
    database = tmp_path / "worker.sqlite3"
    manage(database, "migrate", "--noinput")
    env = environment(
        database, EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}", FOLLOW_DIGEST_MINUTES="0"
    )

    def run(*args, **extra):
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    setup = run("-m", "tests.follows.worker", "setup")
    assert setup.returncode == 0, setup.stderr
    killed = run(
        "manage.py",
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        DJANGO_SETTINGS_MODULE="tests.worker_settings",
    )
    assert killed.returncode == -9, killed.stderr
    assert len(smtp_server.messages) == 1

    def statuses():
        with sqlite3.connect(database) as db:
            return sorted(s for (s,) in db.execute("SELECT status FROM follows_emaildelivery"))

    assert statuses() == ["pending", "sending"]

    for _ in range(2):  # the cron safety net, and once more
        resumed = run("manage.py", "deliver_follows")
        assert resumed.returncode == 0, resumed.stderr
    recipients = sorted(rcpt for rcpts, _ in smtp_server.messages for rcpt in rcpts)
    assert recipients == ["first@example.com", "second@example.com"]
    assert statuses() == ["sending", "sent"]


def test_an_unreachable_smtp_server_delays_the_mail_for_a_retry(settings, followed_season):
    """Connection refused: the mail is claimed, fails, and waits for its retry."""
    from tests.follows.helpers import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    AnnouncementFactory(season=followed_season, decision="renewed")
    done = run_due()
    delivery = EmailDelivery.objects.get()
    assert (done["mails"], delivery.status, delivery.attempts) == (0, "pending", 1)
    assert "refused" in delivery.last_error.lower()
    assert len(done["retry_at"]) == 1


def test_a_confirmation_mail_survives_a_worker_killed_while_sending_it(tmp_path, smtp_server):
    """The real db_worker dies with the confirmation mail on its way. Once the lease has
    passed, the cron safety net sends it: once, and the address is not kept after."""
    database = tmp_path / "worker.sqlite3"
    manage(database, "migrate", "--noinput")
    env = environment(database, EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}")

    def run(*args, **extra):
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    asked = run("-m", "tests.follows.worker", "ask")
    assert asked.returncode == 0, asked.stderr
    killed = run(
        "manage.py",
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        DJANGO_SETTINGS_MODULE="tests.follows.kill_before_send_settings",
    )
    assert killed.returncode == -9, killed.stderr
    assert smtp_server.messages == []

    resumed = run("manage.py", "deliver_follows")
    assert resumed.returncode == 0, resumed.stderr
    assert smtp_server.messages == []  # within the lease the worker may still be at work

    for _ in range(2):  # the cron safety net after the lease, and once more
        resumed = run("-m", "tests.follows.worker", "deliver_after_the_lease")
        assert resumed.returncode == 0, resumed.stderr
    [(recipients, confirmation)] = smtp_server.messages
    assert recipients == ["fan@example.com"]
    assert confirmation["Subject"] == "Confirm: follow Spinning Out on showtracker"
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT * FROM follows_confirmationmail").fetchall() == []
