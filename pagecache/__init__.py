"""A page cache that is never stale: pages tagged by what they show, dropped by tag.

The public surface: `PageCacheMiddleware` (middleware), `cache_tags` decorators for views
(`decorators`), `bump_tags` / `bump_version` / `invalidate` (versions) and the purge
backends (`purge`). It subscribes to `series.signals.facts_changed`; nothing else in
the project knows how a page is cached or purged.
"""
