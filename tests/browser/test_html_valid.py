"""Every public page is valid HTML per the Nu HTML Checker, run once over all of them."""

import json
import subprocess

import pytest

from tests.browser.pages import public_paths

pytestmark = pytest.mark.django_db


def test_every_public_page_is_valid_html(client, site_world, vnu_jar, tmp_path):
    files = []
    for name, path in public_paths(site_world).items():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []
