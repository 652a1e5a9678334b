"""Signed JSON POSTs to apps, one per change, to public addresses only.

The signature is HMAC-SHA256, keyed with the endpoint's secret, over
`<timestamp>.<body>`, sent as `Showtracker-Signature: t=<timestamp>,v1=<hex digest>`.
A target whose host resolves to a private, loopback, link-local or otherwise
non-public address is refused (unless WEBHOOK_ALLOW_PRIVATE_TARGETS), both when it is
registered and when each call is made, and the call connects to the very address that
was checked, so a DNS answer that changes in between cannot redirect it inside.
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .mail import absolute
from .models import WebhookAttempt

SIGNATURE_HEADER = "Showtracker-Signature"
USER_AGENT = "showtracker-webhooks/1"


def sign(secret, timestamp, body):
    """The hex HMAC-SHA256 of `<timestamp>.<body>` (body as bytes)."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, timestamp, body):
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify(secret, header, body, tolerance=300, now=None):
    """What a receiving app does: True if `header` signs `body` and is recent enough."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), sign(secret, timestamp, body))


def is_public(address):
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(url):
    """The host's addresses, each checked; raises ValidationError naming what was refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("Enter an http or https URL.", code="invalid_url")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationError(
            "The host %(host)s could not be resolved.",
            code="unresolvable",
            params={"host": parts.hostname},
        ) from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise ValidationError(
                "%(host)s resolves to %(address)s, a private, loopback or link-local "
                "address; webhooks may only call public addresses.",
                code="private_target",
                params={"host": parts.hostname, "address": refused[0]},
            )
    return parts, port, addresses


def payload(change, today=None):
    """The JSON body for one change: what changed, the season's answer and its source.

    The season's decision is its current one, as the API gives it ("made" included):
    `Season.current_decision` reads the show's other seasons, so prefetch them
    (`send_due_webhooks` does).
    """
    season = change.season
    show = season.show
    today = today or timezone.localdate()
    verdict = season.answer(today)
    announcements = sorted(
        season.announcements.all(), key=lambda a: (a.announced.sort_key(), a.pk)
    )
    source = announcements[-1] if announcements else None
    return {
        "id": change.pk,
        "type": f"season.{change.kind}",
        "created_at": change.created_at,
        "change": {"kind": change.kind, "before": change.before, "after": change.after},
        "show": {"slug": show.slug, "title": show.title, "url": absolute(show.get_absolute_url())},
        "season": {
            "number": season.number,
            "decision": season.current_decision(today),
            "premiere": (
                {"date": season.premiere.start, "label": str(season.premiere)}
                if season.premiere
                else None
            ),
            "url": absolute(season.get_absolute_url()),
        },
        "answer": {
            "headline": verdict.headline(show.title, season.number),
            "sentence": verdict.sentence,
        },
        "source": (
            {"name": source.source_name, "url": source.source_url or None} if source else None
        ),
    }


def post(url, body, headers):
    """POST to the checked address of `url`; returns the HTTP status. Raises on failure."""
    parts, port, addresses = resolve(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, port, timeout=settings.WEBHOOK_TIMEOUT)
    address = addresses[0]
    # Connect to the address just checked; TLS still verifies the host's own name.
    connection._create_connection = lambda _, *args, **kwargs: socket.create_connection(
        (address, port), *args, **kwargs
    )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def post_change(delivery):
    """Make one signed POST for `delivery`, log the attempt; None on success, else the error."""
    endpoint = delivery.endpoint
    body = json.dumps(payload(delivery.change), cls=DjangoJSONEncoder).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: signature_header(endpoint.secret, timestamp, body),
        "Showtracker-Event": f"season.{delivery.change.kind}",
        "Showtracker-Delivery": str(delivery.pk),
    }
    started = time.monotonic()
    status, error = None, None
    try:
        status = post(endpoint.url, body, headers)
    except ValidationError as refused:
        error = refused.messages[0]
    except (OSError, http.client.HTTPException) as failure:
        error = f"{type(failure).__name__}: {failure}"
    else:
        if not 200 <= status < 300:
            error = f"The app answered HTTP {status}."
    WebhookAttempt.objects.create(
        delivery=delivery,
        status_code=status,
        error=(error or "")[:500],
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    return error
