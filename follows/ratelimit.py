"""Fixed-window request counting in the shared cache (Redis in production)."""

import hashlib

from django.core.cache import cache

WINDOW = 3600  # seconds


def allow(scope, key, limit):
    """Count one request for `key`; False once more than `limit` came within the hour."""
    digest = hashlib.sha256(key.encode()).hexdigest()  # no address kept in the cache
    name = f"follows:rate:{scope}:{digest}"
    cache.add(name, 0, WINDOW)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, WINDOW)
        count = 1
    return count <= limit
