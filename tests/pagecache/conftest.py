import pytest

from pagecache import outbox


@pytest.fixture(autouse=True)
def no_outbox_without_a_database(request, monkeypatch):
    """Tests of the middleware alone have no database to keep pending invalidations in:
    for them, none are ever pending. Tests with a database go through the real outbox."""
    uses_database = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if not uses_database:
        monkeypatch.setattr(outbox, "replay_if_due", lambda: False)
