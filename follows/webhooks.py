"""Signed JSON POSTs to apps, one per change, to public addresses only.

The signature is HMAC-SHA256, keyed with the endpoint's secret, over
`<timestamp>.<body>`, sent as `Showtracker-Signature: t=<timestamp>,v1=<hex digest>`.
A target whose host resolves to a private, loopback, link-local or otherwise
non-public address is refused (unless WEBHOOK_ALLOW_PRIVATE_TARGETS), both when it is
registered and when each call is made, and the call connects to the very address that
was checked, so a DNS answer that changes in between cannot redirect it inside. An IPv6
address that carries an IPv4 address (mapped, compatible, 6to4, NAT64, Teredo, ISATAP)
is judged by the IPv4 address too: routers and translators deliver it there.

WEBHOOK_TIMEOUT is a deadline for the whole call (connect, TLS, send, status line and
headers), not a limit per read: an app that trickles its answer a byte at a time holds
the single worker no longer than one that never answers. The answer's body is not read.
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
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


# Prefixes whose last 32 bits are an IPv4 address a translator or tunnel delivers to.
IPV4_TRANSLATED = [
    ipaddress.ip_network("64:ff9b::/96"),  # NAT64, well-known prefix (RFC 6052)
    ipaddress.ip_network("::ffff:0:0:0/96"),  # SIIT, IPv4-translated (RFC 2765)
]
# Local-use NAT64 (RFC 8215): translates to whatever IPv4 network its operator chose.
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
ISATAP_IDS = (b"\x00\x00\x5e\xfe", b"\x02\x00\x5e\xfe")  # RFC 5214 interface ids


def embedded_ipv4(ip):
    """The IPv4 addresses an IPv6 address leads to, besides itself."""
    if ip.version == 4:
        return []
    last_32_bits = ipaddress.IPv4Address(ip.packed[-4:])
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip.packed[:12] == bytes(12):  # IPv4-compatible, ::a.b.c.d (RFC 4291, deprecated)
        found.append(last_32_bits)
    if any(ip in network for network in IPV4_TRANSLATED) or ip.packed[8:12] in ISATAP_IDS:
        found.append(last_32_bits)
    return [address for address in found if address is not None]


def is_global(ip):
    return ip.is_global and not ip.is_multicast


def is_public(address):
    """Whether `address`, and every IPv4 address it carries, is a public unicast address."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        # Python 3.11 calls all of ::ffff:0:0/96 private; the mapped address is what counts.
        return is_global(ip.ipv4_mapped)
    if ip.version == 6 and ip in LOCAL_NAT64:
        return False
    return is_global(ip) and all(is_global(inner) for inner in embedded_ipv4(ip))


def port_of(parts):
    """The URL's port, or the scheme's; a clear error for one outside 1-65535."""
    try:
        port = parts.port
    except ValueError as error:  # not a number, or above 65535
        raise ValidationError("Enter a port between 1 and 65535.", code="invalid_port") from error
    if port is None:
        return 443 if parts.scheme == "https" else 80
    if not 1 <= port <= 65535:
        raise ValidationError("Enter a port between 1 and 65535.", code="invalid_port")
    return port


def resolve(url):
    """The host's addresses, each checked; raises ValidationError naming what was refused."""
    try:
        parts = urlsplit(url)
    except ValueError as error:  # an unclosed [IPv6 literal
        raise ValidationError("Enter an http or https URL.", code="invalid_url") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("Enter an http or https URL.", code="invalid_url")
    port = port_of(parts)
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


class Deadline:
    """The moment one call must be over by; each socket operation gets what is left."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self):
        left = self.ends - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"The app did not answer within {self.seconds:g} s.")
        return left


class DeadlineMixin:
    """Sets the socket's timeout to the time left before every read and write, so a
    peer sending a byte just before each timeout cannot stretch the call."""

    deadline = None

    def in_time(self):
        if self.deadline is not None:
            self.settimeout(self.deadline.remaining())

    def recv(self, *args, **kwargs):
        self.in_time()
        return super().recv(*args, **kwargs)

    def recv_into(self, *args, **kwargs):
        self.in_time()
        return super().recv_into(*args, **kwargs)

    def send(self, *args, **kwargs):
        self.in_time()
        return super().send(*args, **kwargs)

    def sendall(self, *args, **kwargs):  # one timeout covers all of a plain sendall
        self.in_time()
        return super().sendall(*args, **kwargs)


class DeadlineSocket(DeadlineMixin, socket.socket):
    pass


class DeadlineSSLSocket(DeadlineMixin, ssl.SSLSocket):
    pass


def open_socket(address, port, deadline):
    """A TCP connection to the checked `address`, made within the deadline."""
    family = socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET
    sock = DeadlineSocket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(deadline.remaining())
        sock.connect((address, port))
        sock.settimeout(deadline.remaining())  # for the TLS handshake that may follow
    except BaseException:
        sock.close()
        raise
    sock.deadline = deadline
    return sock


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the host name resolves to now."""

    def __init__(self, host, port, address, deadline, **kwargs):
        super().__init__(host, port, timeout=deadline.remaining(), **kwargs)
        self.deadline = deadline
        self._create_connection = lambda *args, **kwargs: open_socket(address, port, deadline)


class PinnedHTTPSConnection(PinnedHTTPConnection, http.client.HTTPSConnection):
    """The same over TLS, which still verifies the host's own name."""

    def __init__(self, host, port, address, deadline):
        context = ssl.create_default_context()
        context.sslsocket_class = DeadlineSSLSocket
        super().__init__(host, port, address, deadline, context=context)

    def connect(self):
        super().connect()  # the handshake runs under the time left after connecting
        self.sock.deadline = self.deadline


def post(url, body, headers, timeout=None):
    """POST to the checked address of `url` and return the HTTP status, all within
    `timeout` seconds (WEBHOOK_TIMEOUT). Raises on failure, TimeoutError past it."""
    deadline = Deadline(settings.WEBHOOK_TIMEOUT if timeout is None else timeout)
    parts, port, addresses = resolve(url)
    connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, addresses[0], deadline)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        return connection.getresponse().status
    except TimeoutError as error:  # a read's timeout is the time that was left
        raise TimeoutError(f"The app did not answer within {deadline.seconds:g} s.") from error
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
