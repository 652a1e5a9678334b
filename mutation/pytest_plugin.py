"""pytest plugin for `make mutate` (mutmut loads it with -p; `make test` never does).

Two things make each mutant cheap to test:

- The tests run fastest first, so most mutants fail within the first pure tests:
  those without the database, then database tests, each by the time their body
  took in mutmut's clean run (mutants/mutmut-stats.json; it does not count
  fixtures, which the database tests pay most). mutmut's fork server hands the
  tests over in no order at all, and pytest-django would move every database
  test to the front. Transactional tests still go last, as pytest-django has
  them: they empty every table when they end, the data migrations' rows (Editors)
  included.
- The test database is migrated once, in the process mutmut forks each mutant's
  run from. SQLite keeps it in memory, so every fork starts from its own copy of
  the migrated database instead of migrating a new one (about a second each).
"""

import json

import pytest
from pytest_django.plugin import blocking_manager_key

_migrated = False
_durations_by_test = None


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def _uses_database(item):
    fixtures = getattr(item, "fixturenames", ())
    return bool(item.get_closest_marker("django_db")) or "db" in fixtures


def _durations():
    """{test id: seconds its body took} from mutmut's clean run, read once per process."""
    global _durations_by_test
    if _durations_by_test is None:
        try:
            with open("mutmut-stats.json") as f:
                _durations_by_test = json.load(f)["duration_by_test"]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            return {}  # mutmut's own first run, which times them
    return _durations_by_test


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    durations = _durations()
    # Stable: tests mutmut has not timed yet keep pytest-django's order within each group.
    items.sort(
        key=lambda item: (
            _transactional(item),
            _uses_database(item),
            durations.get(item.nodeid, 0.0),
        )
    )


def pytest_sessionstart(session):
    global _migrated
    from django.db import connection
    from django.test.utils import setup_databases

    if _migrated or connection.vendor != "sqlite":
        return
    if not connection.creation.is_in_memory_db(connection.creation._get_test_db_name()):
        return  # a database file would be shared by the mutants tested side by side
    with session.config.stash[blocking_manager_key].unblock():
        setup_databases(verbosity=0, interactive=False, aliases={"default"})
    _migrated = True


def pytest_configure(config):
    """A fast password hasher: the core never hashes a password, but the fixtures that
    create editors do, and PBKDF2's million rounds made the editors' tests twice as slow."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
