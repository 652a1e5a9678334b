"""Production settings pass Django's deploy checks, work behind a proxy, and send safe headers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qv9!pX2@mR4$wL8^zT1&nB6*yH3(jF5)cD0-sG_eA+uN=iO",
    "ALLOWED_HOSTS": "showtracker.example",
    "CSRF_TRUSTED_ORIGINS": "https://showtracker.example",
}


def run(args, **environment):
    skip = ("DEBUG", "SECURE_", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_deploy_checks_pass_with_production_values():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_fail_when_https_is_switched_off():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


# A request through the whole production stack, in a process of its own (settings are
# read once, at start-up). /healthz needs no tables, only a database connection.
REQUEST = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
out = {}
for name, headers in [("plain", {}), ("proxied", {"HTTP_X_FORWARDED_PROTO": "https"})]:
    response = client.get("/healthz", HTTP_HOST="showtracker.example", **headers)
    out[name] = {"status": response.status_code, "location": response.get("Location"),
                 "hsts": response.get("Strict-Transport-Security")}
from django.conf import settings
out["csrf_cookie_secure"] = settings.CSRF_COOKIE_SECURE
out["session_cookie_secure"] = settings.SESSION_COOKIE_SECURE
print(json.dumps(out))
"""


def production_request(tmp_path, **environment):
    result = run(
        ["-c", REQUEST],
        DJANGO_SETTINGS_MODULE="showtracker.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        **PRODUCTION,
        **environment,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_behind_a_tls_proxy_https_requests_are_served_not_redirected(tmp_path):
    out = production_request(tmp_path, SECURE_PROXY_SSL_HEADER="true")
    assert out["plain"]["status"] == 301
    assert out["plain"]["location"] == "https://showtracker.example/healthz"
    assert out["proxied"]["status"] == 200
    assert out["proxied"]["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert out["csrf_cookie_secure"] is True
    assert out["session_cookie_secure"] is True


def test_without_the_proxy_setting_the_forwarded_header_is_not_trusted(tmp_path):
    out = production_request(tmp_path)
    assert out["proxied"]["status"] == 301


# Headers on every response, in the test process.

PUBLIC = [
    "/",
    "/healthz",
    "/shows/",
    "/shows/spinning-out/",
    "/shows/spinning-out/season/2/",
    "/people/kaya-scodelario/",
    "/networks/netflix/",
    "/scorecard/",
    "/feeds/announcements/",
    "/calendar.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v1/shows",
    "/api/v1/docs",
    "/nowhere/",
]


@pytest.mark.parametrize("url", [*PUBLIC, "/admin/login/", "/admin/", "/admin/series/season/"])
def test_security_headers_on_every_response(client, editor, seed, url):
    if url.startswith("/admin/") and url != "/admin/login/":
        client.force_login(editor)
    response = client.get(url)
    assert response.status_code in {200, 404}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    if url.startswith("/admin/"):
        assert policy["style-src"] == "'self' 'unsafe-inline'"
    else:
        assert policy["style-src"] == "'self'"
