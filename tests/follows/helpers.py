"""A real SMTP server (aiosmtpd), a webhook receiver and the real task worker, in process.

Servers listen on loopback in this branch's port range (9300-9399).
"""

import email
import email.policy
import http.server
import json
import re
import socket
import threading
from dataclasses import dataclass, field
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

PORTS = range(9300, 9400)


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port in 9300-9399")


@dataclass
class Inbox:
    """What the SMTP server accepted; `refuse` answers the next N mails with a 451, and
    `unknown` lists recipients refused with a 550 that quotes them, as real servers do."""

    messages: list = field(default_factory=list)
    refuse: int = 0
    unknown: set = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def links_in(message):
    return re.findall(r"https?://\S+", text_of(message))


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server in this process; Django's SMTP backend sends to it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    inbox.port = port
    yield inbox
    controller.stop()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((dict(self.headers), body))
        status = self.server.statuses.pop(0) if self.server.statuses else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook_receiver():
    """An HTTP server recording each POST; `statuses` lists answers to give first."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    server.requests, server.statuses = [], []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/showtracker"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_worker():
    """Run django-tasks-db's worker (the code `manage.py db_worker --batch` runs) until idle.

    Fails the test if a task failed, with the task's traceback. The worker closes
    connections between tasks as a long-running process should; that would close the
    test's own transaction, so it is kept open here (Django's test client does the same).
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        _worker().run()
    failed = DBTaskResult.objects.failed()
    assert not failed.exists(), [json.dumps(f.traceback) for f in failed]


def _worker():
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


class TricklingPeer:
    """An HTTP peer that answers one byte per `interval` seconds, as the slow app of the
    issue did (one header byte every 4 s), until the caller hangs up."""

    ANSWER = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"

    def __init__(self, interval, tls=None):
        self.interval = interval
        self.tls = tls  # a server-side ssl.SSLContext to answer over HTTPS
        self.stopped = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", free_port()))
        self.listener.settimeout(0.1)
        scheme, host = ("https", "localhost") if tls else ("http", "127.0.0.1")
        self.url = f"{scheme}://{host}:{self.listener.getsockname()[1]}/hooks/slow"
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def serve(self):
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            with connection:
                self.trickle(connection)

    def trickle(self, connection):
        connection.settimeout(1)
        try:
            if self.tls:
                connection = self.tls.wrap_socket(connection, server_side=True)
            connection.recv(65536)  # the request; its body may still be on its way
            for byte in self.ANSWER:
                if self.stopped.wait(self.interval):  # the pace, cut short at teardown
                    return
                connection.sendall(bytes([byte]))
        except OSError:  # the caller gave up and closed the connection
            return
