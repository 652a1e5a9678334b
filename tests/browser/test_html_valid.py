"""Every public page is valid HTML per the Nu HTML Checker, run once over all of them."""

import pytest

from tests.browser.pages import html_errors, public_paths

pytestmark = pytest.mark.django_db


def test_every_public_page_is_valid_html(client, site_world, vnu_jar, tmp_path):
    documents = {}
    for name, path in public_paths(site_world).items():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        documents[name] = response.content
    assert html_errors(vnu_jar, tmp_path, documents) == []
