"""A page cache that is never stale: pages tagged by what they show, dropped by tag.

The public surface: `PageCacheMiddleware` (middleware), `cache_tags` decorators for views
(`decorators`), `bump_tags` / `bump_version` (versions), the purge backends
(`purge`) and `kept` for a value a render reads that grows with the catalogue (the
home page's status counts), kept until the facts change. It subscribes to
`series.derive.facts_changed` (`receivers`); nothing else in the project knows how a
page is cached or purged. The cache failing never fails a request or a save (`outage`,
`outbox`).
"""
