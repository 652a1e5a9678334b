"""Varnish in front of the app (deploy/varnish/default.vcl): anonymous pages are cached
there, and an editor's save purges exactly the pages that show what it changed.

Starts Debian's varnishd (with the xkey vmod from varnish-modules) as a child process
with its working directory in a temporary folder, in front of a live server. Without
Varnish the test skips and says how to install it; with CI set it fails instead.
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from pagecache import purge
from series.models import Season
from tests.admin_helpers import admin_post, editors_group
from tests.factories import (
    CastCreditFactory,
    EditorFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
XKEY = [
    Path(f"/usr/lib/{arch}/varnish/vmods/libvmod_xkey.so")
    for arch in ("x86_64-linux-gnu", "aarch64-linux-gnu")
]
# Leave the data migrations' rows (the Editors group) in place for the tests after this.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PORTS = range(int(os.environ.get("VARNISH_TEST_PORT", "9150")), 9200)


def unavailable(what):
    message = f"{what} is missing: apt-get install -y varnish varnish-modules"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: the Varnish test must run, not skip)", pytrace=False)
    pytest.skip(message)


def free_port():
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"no free port in {PORTS}")


def fetch(url, cookie=None):
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    if not Path(VARNISHD).exists():
        unavailable("varnishd")
    if not any(path.exists() for path in XKEY):
        unavailable("The xkey vmod (varnish-modules)")
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "test.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    process = subprocess.Popen(
        [
            VARNISHD,
            "-F",  # in the foreground, a child of this test
            "-j",
            "none",  # no privilege separation: runs as whoever runs the tests
            "-n",
            str(tmp_path / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if process.poll() is not None:
                pytest.fail(f"varnishd exited: {process.stdout.read()}")
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("varnishd did not answer")
        editors_group()  # a transactional test before this one may have flushed it
        settings.CACHE_PURGE_URLS = [base + "/"]
        settings.PAGE_CACHE_SHARED_MAX_AGE = 600
        yield base
        # Every purge this test queued, and its repeat a second later, reaches this
        # Varnish before it stops; none is left to fail against a closed port later.
        assert purge.wait(timeout=10)
    finally:
        process.terminate()
        process.wait(timeout=20)


def cache_states(base, paths):
    states = {}
    for path in paths:
        status, headers, _ = fetch(base + path)
        assert status == 200, path
        states[path] = headers["X-Cache"]
    return states


def test_a_save_in_the_admin_purges_exactly_the_pages_that_show_it(varnish, seed):
    other = ShowFactory(title="Harbor Lights", slug="harbor-lights")
    SeasonFactory(show=other, number=1)
    season = Season.objects.get(show__slug="spinning-out", number=2)
    person = PersonFactory(name="Kaya Both")
    CastCreditFactory(season=season, person=person)
    CastCreditFactory(season=SeasonFactory(show=other, number=2), person=person)
    pages = {
        "season": season.get_absolute_url(),
        "sibling season": reverse(
            "series:season-detail", kwargs={"slug": "spinning-out", "number": 1}
        ),
        "show": season.show.get_absolute_url(),
        "home": reverse("series:home"),
        "other season 1": reverse(
            "series:season-detail", kwargs={"slug": "harbor-lights", "number": 1}
        ),
        "other season 2": reverse(
            "series:season-detail", kwargs={"slug": "harbor-lights", "number": 2}
        ),
        "other show": other.get_absolute_url(),
    }
    paths = list(pages.values())
    assert purge.wait(timeout=10)  # the setup's own purges are out
    cache_states(varnish, paths)  # warm
    assert set(cache_states(varnish, paths).values()) == {"HIT"}

    editor = Client()
    editor.force_login(EditorFactory())
    response = admin_post(
        editor,
        "announcement",
        {
            "season": season.pk,
            "decision": "renewed",
            "announced_date": "2030-01-05",
            "future_on_purpose": "on",  # after today on purpose: the latest decision
            "announced_precision": "day",
            "source_name": "Deadline",
            "source_url": "https://deadline.example.com/revived",
            "summary": "Revived for season 2.",
        },
    )
    assert response.status_code == 302
    assert purge.wait(timeout=10)
    states = cache_states(varnish, paths)
    assert states == {
        pages["season"]: "MISS",
        pages["sibling season"]: "MISS",  # its answer is judged with season 2's
        pages["show"]: "MISS",
        pages["home"]: "MISS",  # latest announcements
        pages["other season 1"]: "HIT",
        pages["other season 2"]: "HIT",
        pages["other show"]: "HIT",
    }
    assert "Spinning Out Season 2: Renewed" in fetch(varnish + pages["season"])[2]

    # Renaming the person credited on both shows: only the pages that show them.
    cache_states(varnish, paths)
    response = admin_post(
        editor, "person", {"name": "Renamed Person", "slug": person.slug}, obj=person
    )
    assert response.status_code == 302
    assert purge.wait(timeout=10)
    assert cache_states(varnish, paths) == {
        pages["season"]: "MISS",
        pages["sibling season"]: "HIT",
        pages["show"]: "MISS",
        pages["home"]: "HIT",
        pages["other season 1"]: "HIT",
        pages["other season 2"]: "MISS",
        pages["other show"]: "MISS",
    }
    assert "Renamed Person" in fetch(varnish + pages["other season 2"])[2]


def test_sessions_and_the_admin_are_never_cached(varnish, seed):
    editor = Client()
    editor.force_login(EditorFactory())
    cookie = f"sessionid={editor.cookies['sessionid'].value}"
    path = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2})
    for _ in range(2):
        status, headers, _body = fetch(varnish + path, cookie=cookie)
        assert status == 200
        assert headers["X-Cache"] == "MISS"
        assert "private" in headers["Cache-Control"]
    for _ in range(2):
        status, headers, _body = fetch(varnish + reverse("admin:index"), cookie=cookie)
        assert headers["X-Cache"] == "MISS"
    fetch(varnish + path)
    status, headers, _body = fetch(varnish + path)
    assert headers["X-Cache"] == "HIT"
    assert "xkey" not in headers  # tags stay between the app and Varnish
