"""pytest plugin for `make mutate`: run the tests in the order they were named.

mutmut names each mutant's tests fastest first, so most mutants fail within the
first pure tests. pytest-django would move every database test to the front and
make each mutant pay for a test database before those pure tests run.

Transactional tests still go last, as pytest-django has them: they empty every
table when they end, data migrations' rows (the Editors group) included.
"""

import pytest


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
