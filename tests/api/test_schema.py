"""Schemathesis fuzzes every API operation from its OpenAPI schema, against the Django
WSGI app in-process (no network), with the seed facts loaded.

Each operation gets a bounded, derandomized set of examples so the run is repeatable
and quick. For each response: no server error, a status the schema documents, the
documented content type, and a body that matches the schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from showtracker.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


# Loaded at collection: the schema view needs no database. (Schemathesis's lazy
# `from_fixture` loader does not work with pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _seed_facts(seed):
    """Real slugs in the data, so generated requests also reach the 200 answers."""


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly would close the connection after each request,
    and with it the test's transaction; Django's own test client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_schema(case):
    # The in-process WSGI transport does not undo gzip, which a long answer now gets;
    # compression has its own tests (tests/showtracker/test_compression.py).
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})


def test_the_schema_documents_tombstones_in_the_announcements_sync(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    deleted = components["AnnouncementPage"]["properties"]["deleted"]
    assert deleted["items"]["$ref"].endswith("/AnnouncementTombstone")
    assert "deleted" in components["AnnouncementPage"]["required"]
    assert set(components["AnnouncementTombstone"]["properties"]) == {
        "id",
        "deleted_at",
        "reason",
        "season",
    }
