"""A page cache that is never stale: pages tagged by what they show, dropped by tag.

The public surface: `PageCacheMiddleware` (middleware), `cache_tags` decorators for views
(`decorators`), `bump_tags` / `bump_version` (versions) and the purge backends
(`purge`). It subscribes to `series.derive.facts_changed` (`receivers`); nothing else
in the project knows how a page is cached or purged. The cache failing never fails a
request or a save (`outage`, `outbox`).
"""
