"""Pages go out gzipped (GZipMiddleware above the page cache), the cache keeps one plain
copy whose ETag still answers 304, Varnish gzips what the app left plain, and the web
manifest and icon are served with the right types, the icon from one URL."""

import gzip
import json
import re
import urllib.request

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.pagecache.test_varnish import varnish  # noqa: F401 (a fixture)
from tests.showtracker.test_production_settings import PRODUCTION, run

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def season_url():
    return reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2})


def test_the_season_page_is_gzipped_and_unzips_to_the_page(client, seed):
    plain = client.get(season_url())
    zipped = client.get(season_url(), **GZIP)
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2
    for response in (plain, zipped):
        assert "Accept-Encoding" in response["Vary"]
        assert "Cookie" in response["Vary"]


def test_the_cache_keeps_the_plain_page_and_its_etag_still_answers_304(client, seed):
    first = client.get(season_url(), **GZIP)
    hit = client.get(season_url(), **GZIP)
    plain_hit = client.get(season_url())
    assert first["X-Page-Cache"] == "miss" and hit["X-Page-Cache"] == "hit"
    assert plain_hit["X-Page-Cache"] == "hit"
    # One stored copy, plain: each answer is compressed (or not) on the way out.
    assert "Content-Encoding" not in plain_hit
    assert gzip.decompress(hit.content) == plain_hit.content
    # GZip weakens the ETag of a compressed body; a revalidation with it is a 304.
    assert hit["ETag"].startswith('W/"')
    assert hit["ETag"].removeprefix("W/") == plain_hit["ETag"]
    again = client.get(season_url(), HTTP_IF_NONE_MATCH=hit["ETag"], **GZIP)
    assert again.status_code == 304


def test_a_tiny_answer_stays_plain(client):
    response = client.get("/healthz", **GZIP)
    assert response.content == b"ok"
    assert "Content-Encoding" not in response


# The production stack in a process of its own (settings are read once): migrate, load
# the seed, and ask for the season page as a browser does.
PRODUCTION_REQUEST = """
import gzip, json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("loaddata", "spinning_out", verbosity=0)
from django.test import Client
client = Client()
url = "/shows/spinning-out/season/2/"
plain = client.get(url, HTTP_HOST="showtracker.example", secure=True)
zipped = client.get(url, HTTP_HOST="showtracker.example", secure=True,
                    HTTP_ACCEPT_ENCODING="gzip, deflate, br")
print(json.dumps({
    "status": [plain.status_code, zipped.status_code],
    "encoding": zipped.get("Content-Encoding"),
    "vary": zipped.get("Vary"),
    "same": gzip.decompress(zipped.content) == plain.content,
    "sizes": [len(plain.content), len(zipped.content)],
    "answer": "Spinning Out Season 2" in plain.content.decode(),
    "manifest": client.get("/site.webmanifest", HTTP_HOST="showtracker.example",
                           secure=True).get("Content-Type"),
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Production settings with the release's hashed static files collected (once)."""
    folder = tmp_path_factory.mktemp("production")
    environment = {
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "showtracker.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'production.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "CACHE_DIR": str(folder / "cache"),
    }
    collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], **environment)
    assert collected.returncode == 0, collected.stderr
    return environment


def test_in_production_the_season_page_goes_out_gzipped(production):
    environment = production
    result = run(["-c", PRODUCTION_REQUEST], **environment)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["status"] == [200, 200]
    assert out["answer"]
    assert out["encoding"] == "gzip"
    assert "Accept-Encoding" in out["vary"]
    assert out["same"]
    assert out["manifest"] == "application/manifest+json"
    plain_size, zipped_size = out["sizes"]
    assert zipped_size < plain_size / 2, out["sizes"]


# Varnish (deploy/varnish/default.vcl) in front of a live server.


def through(url, accept_gzip):
    headers = {"Accept-Encoding": "gzip"} if accept_gzip else {}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_varnish_sends_pages_and_static_text_gzipped(varnish, seed):  # noqa: F811
    page = varnish + season_url()
    status, headers, body = through(page, accept_gzip=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(body).decode()
    assert "Spinning Out Season 2" in html
    # A client that does not take gzip gets the same page, unzipped by Varnish.
    status, headers, body = through(page, accept_gzip=False)
    assert headers["X-Cache"] == "HIT"
    assert "Content-Encoding" not in headers
    assert body.decode() == html
    # WhiteNoise sends this stylesheet plain in development: Varnish's do_gzip zips it.
    css = f"{varnish}/{settings.STATIC_URL.strip('/')}/css/site.css"
    status, headers, body = through(css, accept_gzip=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert b"prefers-color-scheme" in gzip.decompress(body)


# 9. The manifest's type and one icon URL.


def test_the_web_manifest_is_served_as_a_manifest(client):
    response = client.get("/site.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert json.loads(b"".join(response.streaming_content))["name"] == "showtracker"


def test_the_page_and_the_manifest_name_the_svg_icon_by_one_url(client, seed):
    html = client.get(season_url()).content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+\.svg)"', html)
    manifest = json.loads(b"".join(client.get("/site.webmanifest").streaming_content))
    svg = [icon["src"] for icon in manifest["icons"] if icon["src"].endswith(".svg")]
    assert icons == svg == ["/static/icons/icon.svg"]
    assert finders.find(icons[0].removeprefix(settings.STATIC_URL))


def test_in_production_the_page_links_the_unhashed_icon_the_manifest_names(production):
    """With hashed static names, the stylesheet is hashed but the icon keeps the
    manifest's URL: one fetch, not one per name."""
    environment = production
    script = (
        "import django; django.setup()\n"
        "from django.template.loader import render_to_string\n"
        "from django.test import RequestFactory\n"
        "request = RequestFactory().get('/', HTTP_HOST='showtracker.example')\n"
        "from django.contrib.auth.models import AnonymousUser\n"
        "request.user = AnonymousUser()\n"
        "print(render_to_string('404.html', request=request))\n"
    )
    result = run(["-c", script], **environment)
    assert result.returncode == 0, result.stderr
    assert '<link rel="icon" href="/static/icons/icon.svg" type="image/svg+xml">' in result.stdout
    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', result.stdout)
