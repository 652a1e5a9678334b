"""Optimistic concurrency: no editor silently overwrites another's work.

A versioned record carries an integer `version`. A change form posts back the
version it was loaded with; saving claims the row with one atomic
`UPDATE ... SET version = loaded + 1 WHERE pk = ... AND version = loaded`, so of
two editors who opened the same version only the first can save.
"""

from django.db import models, router, transaction


class StaleEdit(Exception):
    """The record changed since the editor loaded it; nothing was saved."""

    def __init__(self, instance):
        super().__init__(stale_message(instance))


def stale_message(instance):
    return (
        f"This {instance._meta.verbose_name} was changed by someone else since you opened it, "
        "so your changes were not saved. Reload the page to see the current version, "
        "then make your changes again."
    )


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        "version",
        default=1,
        help_text="Raised by one on every save; a save from an older version is refused.",
    )

    class Meta:
        abstract = True

    def save(self, **kwargs):
        if self._state.adding:  # nothing to claim yet
            return super().save(**kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        loaded = self.version
        # No savepoint of its own: a failed claim or save fails the enclosing atomic
        # block (the save's batch), which rolls back.
        with transaction.atomic(using=using, savepoint=False):
            claimed = rows.filter(version=loaded).update(version=loaded + 1)
            # A row that is gone may be restored from its history; only a newer one is stale.
            if not claimed and rows.exists():
                raise StaleEdit(self)
            self.version = loaded + 1
            try:
                return super().save(**kwargs)
            except BaseException:
                self.version = loaded
                raise
