"""Send reads to a read replica, writes to the primary; installed only with REPLICA_DATABASE_URL.

A replica lags its primary by a moment. Code that must see its own writes (and
the page cache, for a few seconds after any content change, so it never stores a
page rendered from a replica that has not caught up) runs inside `use_primary()`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_pinned = ContextVar("pinned_to_primary", default=False)


@contextmanager
def use_primary(active=True):
    """Within the block, every read goes to the primary database (when `active`)."""
    token = _pinned.set(_pinned.get() or active)
    try:
        yield
    finally:
        _pinned.reset(token)


def has_replica():
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if not has_replica() or _pinned.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a transaction reads what it has written
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
