"""The read-replica router: reads to the replica, writes and pinned reads to the primary."""

import pytest

from series import routers
from series.models import Show
from series.routers import PrimaryReplicaRouter, use_primary


@pytest.fixture
def with_replica(monkeypatch):
    """As if REPLICA_DATABASE_URL were set (the router only asks whether a replica exists)."""
    monkeypatch.setattr(routers, "has_replica", lambda: True)


def test_without_a_replica_everything_uses_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Show) == "default"
    assert router.db_for_write(Show) == "default"


def test_reads_go_to_the_replica_and_writes_to_the_primary(with_replica):
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Show) == "replica"
    assert router.db_for_write(Show) == "default"
    assert router.allow_migrate("default", "series")
    assert not router.allow_migrate("replica", "series")


def test_pinned_reads_use_the_primary(with_replica):
    router = PrimaryReplicaRouter()
    with use_primary():
        assert router.db_for_read(Show) == "default"
        with use_primary(False):  # an inner block cannot unpin
            assert router.db_for_read(Show) == "default"
    with use_primary(False):
        assert router.db_for_read(Show) == "replica"
    assert router.db_for_read(Show) == "replica"
