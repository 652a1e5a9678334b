"""Webhooks: registered in the admin, a signed JSON POST per change, retried, logged."""

import datetime
import hashlib
import hmac
import json
import ssl
import subprocess
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from follows.delivery import run_due
from follows.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from follows.webhooks import is_public, post, verify
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory
from tests.follows.helpers import TricklingPeer

pytestmark = pytest.mark.django_db


@pytest.fixture
def loopback_allowed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True


@pytest.fixture
def trickling_peer():
    peer = TricklingPeer(interval=0.3)
    peer.thread.start()
    yield peer
    peer.stopped.set()
    peer.thread.join(timeout=5)
    peer.listener.close()


@pytest.fixture
def trickling_tls_peer(tmp_path, monkeypatch):
    """The same peer over HTTPS, with a certificate for localhost the client trusts."""
    cert, key = tmp_path / "localhost.pem", tmp_path / "localhost.key"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # read by ssl.create_default_context()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    peer = TricklingPeer(interval=0.3, tls=context)
    peer.thread.start()
    yield peer
    peer.stopped.set()
    peer.thread.join(timeout=5)
    peer.listener.close()


@pytest.fixture
def season():
    return SeasonFactory(
        show=ShowFactory(title="Spinning Out"), number=2, premiere_date=None, finale_date=None
    )


def register(client, url, **fields):
    data = {"name": "Mirror bot", "url": url, "show": "", "is_active": "on", "secret": "s3cret"}
    return client.post(reverse("admin:follows_webhookendpoint_add"), {**data, **fields})


def decide(season, capture, decision="cancelled"):
    with capture(execute=True):
        AnnouncementFactory(
            season=season,
            decision=decision,
            source_name="Variety",
            source_url="https://variety.example.com/x",
        )


def receiver_checks(secret, header, body, tolerance=300):
    """The verification snippet in the README, as an app would write it."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp, signature = parts["t"], parts["v1"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, signature)


def test_a_registered_webhook_receives_a_signed_post(
    admin_client, webhook_receiver, loopback_allowed, season, django_capture_on_commit_callbacks
):
    response = register(admin_client, webhook_receiver.url)
    assert response.status_code == 302
    decide(season, django_capture_on_commit_callbacks)
    assert webhook_receiver.requests == []  # nothing in the editor's transaction

    assert run_due()["webhooks"] == 1
    [(headers, body)] = webhook_receiver.requests
    assert headers["Content-Type"] == "application/json"
    assert receiver_checks("s3cret", headers["Showtracker-Signature"], body)
    assert verify("s3cret", headers["Showtracker-Signature"], body)
    assert not receiver_checks("other secret", headers["Showtracker-Signature"], body)
    assert not receiver_checks("s3cret", headers["Showtracker-Signature"], body + b" ")

    event = json.loads(body)
    season.refresh_from_db()
    assert event["type"] == "season.decision"
    assert event["change"] == {
        "kind": "decision",
        "before": "Awaiting decision",
        "after": "Cancelled",
    }
    assert event["show"]["slug"] == season.show.slug
    assert event["season"]["number"] == 2
    assert event["season"]["decision"] == "cancelled"
    assert event["answer"]["sentence"] == season.answer().sentence
    assert event["source"] == {"name": "Variety", "url": "https://variety.example.com/x"}
    assert headers["Showtracker-Event"] == "season.decision"
    assert run_due()["webhooks"] == 0  # sent once
    assert WebhookAttempt.objects.get().status_code == 204


@pytest.mark.parametrize(
    ("url", "addresses"),
    [
        ("http://127.0.0.1:9399/hook", ["127.0.0.1"]),
        ("http://localhost/hook", ["127.0.0.1", "::1"]),
        ("https://10.1.2.3/hook", ["10.1.2.3"]),
        ("http://192.168.0.10/hook", ["192.168.0.10"]),
        ("http://169.254.169.254/latest/meta-data", ["169.254.169.254"]),
        ("http://[::1]/hook", ["::1"]),
        ("http://[fe80::1]/hook", ["fe80::1"]),
    ],
)
def test_a_private_target_is_refused_with_a_clear_error(admin_client, url, addresses):
    response = register(admin_client, url)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["url"]
    assert any(
        f"resolves to {address}, a private, loopback or link-local address; "
        "webhooks may only call public addresses." in error
        for address in addresses
    ), error
    assert not WebhookEndpoint.objects.exists()


def test_a_target_that_turns_private_is_refused_when_called(
    webhook_receiver, season, settings, django_capture_on_commit_callbacks
):
    """Checked again at each call (the name could resolve elsewhere by then)."""
    WebhookEndpoint.objects.create(name="Bot", url=webhook_receiver.url, secret="s")
    decide(season, django_capture_on_commit_callbacks)
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    run_due()
    assert webhook_receiver.requests == []
    attempt = WebhookAttempt.objects.get()
    assert "private, loopback or link-local" in attempt.error
    assert WebhookDelivery.objects.get().status == "pending"  # retried later


def test_a_failing_app_is_retried_with_backoff_and_every_attempt_logged(
    webhook_receiver, loopback_allowed, season, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Bot", url=webhook_receiver.url, secret="s")
    webhook_receiver.statuses = [500, 503]
    decide(season, django_capture_on_commit_callbacks)
    now = timezone.now()
    run_due(now=now)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at == now + datetime.timedelta(minutes=1)
    run_due(now=now + datetime.timedelta(minutes=1))
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + datetime.timedelta(minutes=3)  # then 2 minutes
    run_due(now=now + datetime.timedelta(minutes=3))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 3)
    codes = list(WebhookAttempt.objects.order_by("pk").values_list("status_code", flat=True))
    assert codes == [500, 503, 204]
    assert len(webhook_receiver.requests) == 3
    ids = {json.loads(body)["id"] for _, body in webhook_receiver.requests}
    assert len(ids) == 1  # the same event id each time: apps drop repeats


def test_the_delivery_log_is_read_only_and_never_shown_to_editors(
    admin_client,
    editor_client,
    webhook_receiver,
    loopback_allowed,
    season,
    django_capture_on_commit_callbacks,
):
    endpoint = WebhookEndpoint.objects.create(name="Bot", url=webhook_receiver.url, secret="s")
    webhook_receiver.statuses = [500]
    decide(season, django_capture_on_commit_callbacks)
    run_due()
    delivery = WebhookDelivery.objects.get()

    listing = admin_client.get(reverse("admin:follows_webhookdelivery_changelist"))
    assert listing.status_code == 200
    assert "The app answered HTTP 500." in listing.content.decode()
    page = admin_client.get(reverse("admin:follows_webhookdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert "500" in page.content.decode()
    assert "s3cret" not in page.content.decode()
    post = admin_client.post(
        reverse("admin:follows_webhookdelivery_change", args=[delivery.pk]), {"status": "sent"}
    )
    assert post.status_code == 403
    # The worker's log, followers and webhooks are for whoever runs the site.
    for name in [
        "webhookdelivery_changelist",
        "webhookendpoint_changelist",
        "subscription_changelist",
    ]:
        assert editor_client.get(reverse(f"admin:follows_{name}")).status_code == 403
    change = reverse("admin:follows_webhookendpoint_change", args=[endpoint.pk])
    assert editor_client.get(change).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
        "http://[::127.0.0.1]/hook",  # IPv4-compatible
        "http://[::ffff:0:a01:203]/hook",  # SIIT, IPv4-translated 10.1.2.3
        "http://[2002:a9fe:a9fe::1]/hook",  # 6to4 of 169.254.169.254
        "http://[64:ff9b::7f00:1]/hook",  # NAT64 of 127.0.0.1
        "http://[64:ff9b:1::a01:203]/hook",  # local-use NAT64
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",  # Teredo, client 127.0.0.1
        "http://[2600::5efe:a9fe:a9fe]/hook",  # ISATAP of 169.254.169.254
    ],
)
def test_an_ipv6_address_carrying_a_private_ipv4_one_is_refused(admin_client, url):
    response = register(admin_client, url)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["url"]
    assert "a private, loopback or link-local address" in error
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "address", ["::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808", "2606:4700::1111"]
)
def test_an_ipv6_address_carrying_a_public_ipv4_one_stays_callable(address):
    assert is_public(address)


@pytest.mark.parametrize("port", ["0", "65536", "99999"])
def test_a_port_outside_1_to_65535_is_a_form_error_not_a_server_error(admin_client, port):
    response = register(admin_client, f"http://203.0.113.5:{port}/hook")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"] == [
        "Enter a port between 1 and 65535."
    ]
    assert not WebhookEndpoint.objects.exists()


def test_a_trickling_app_holds_the_worker_no_longer_than_the_deadline(
    trickling_peer, loopback_allowed, season, settings, django_capture_on_commit_callbacks
):
    """One byte every 0.3 s never trips a per-read timeout of 1 s; the deadline stops the
    call at 1 s all the same (the whole answer would take 14 s)."""
    settings.WEBHOOK_TIMEOUT = 1
    WebhookEndpoint.objects.create(name="Slow", url=trickling_peer.url, secret="s")
    decide(season, django_capture_on_commit_callbacks)

    started = time.monotonic()
    done = run_due()
    elapsed = time.monotonic() - started

    assert done["webhooks"] == 0
    assert elapsed < 2.5, elapsed  # the deadline, and a margin for a busy machine
    attempt = WebhookAttempt.objects.get()
    assert attempt.error == "TimeoutError: The app did not answer within 1 s."
    assert 1000 <= attempt.duration_ms < 2500
    assert WebhookDelivery.objects.get().status == "pending"  # retried later


def test_the_deadline_holds_over_tls(trickling_tls_peer, loopback_allowed, settings):
    settings.WEBHOOK_TIMEOUT = 1
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=r"^The app did not answer within 1 s\.$"):
        post(trickling_tls_peer.url, b"{}", {"Content-Type": "application/json"})
    assert time.monotonic() - started < 2.5


def test_a_show_unpublished_before_the_call_is_not_posted(
    webhook_receiver, loopback_allowed, season, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Bot", url=webhook_receiver.url, secret="s")
    decide(season, django_capture_on_commit_callbacks)
    show = season.show
    show.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        show.save()

    assert run_due()["webhooks"] == 0
    assert webhook_receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "withdrawn"
    assert delivery.last_error == (
        "The show was unpublished before this was sent; nothing was sent."
    )
    assert not WebhookAttempt.objects.exists()
