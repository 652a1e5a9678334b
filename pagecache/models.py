from django.db import models


class PendingInvalidation(models.Model):
    """Cache tags a change could not bump (the cache was unreachable) or purge.

    A missed bump is written in the change's own transaction (a transactional outbox),
    so the change and the note that its pages are stale commit or roll back together.
    Every process replays the waiting rows before it serves a cached page
    (pagecache/outbox.py), so a cache that comes back holding pages from before the
    change never serves them. A purge no shared cache took is kept too, and sent again.
    """

    tags = models.JSONField(
        "tags", help_text="The cache tags to bump and purge once the cache answers again."
    )
    shared_only = models.BooleanField(
        "shared caches only",
        default=False,
        help_text="Only the shared caches in front (Varnish, a CDN) missed it: purge again, "
        "no bump of the page cache.",
    )
    noted_at = models.DateTimeField("noted at", auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "pending invalidation"
        verbose_name_plural = "pending invalidations"

    def __str__(self):
        return " ".join(sorted(self.tags))
