"""pytest plugin for `make mutate` (mutmut loads it with -p; `make test` never does).

Two things make each mutant cheap to test:

- The tests run in the order mutmut names them, fastest first, so most mutants
  fail within the first pure tests. pytest-django would move every database test
  to the front. Transactional tests still go last, as pytest-django has them: they
  empty every table when they end, the data migrations' rows (Editors) included.
- The test database is migrated once, in the process mutmut forks each mutant's
  run from. SQLite keeps it in memory, so every fork starts from its own copy of
  the migrated database instead of migrating a new one (about a second each).
"""

import pytest
from pytest_django.plugin import blocking_manager_key

_migrated = False


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    named = {arg: index for index, arg in enumerate(config.args)}
    # Tests selected by file rather than by name keep pytest-django's order.
    items.sort(key=lambda item: (_transactional(item), named.get(item.nodeid, len(named))))


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
