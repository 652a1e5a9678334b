from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = "Shows and seasons"

    def ready(self):
        from . import (
            pictures,  # noqa: F401  (picture files follow their records)
            signals,  # noqa: F401  (connect the decision refresh)
        )
        from .search import ensure_sqlite_index

        post_migrate.connect(ensure_sqlite_index, sender=self, dispatch_uid="search_index")
        post_migrate.connect(count_outlook_once, sender=self, dispatch_uid="outlook_counted")


def count_outlook_once(sender, using, **kwargs):
    """After `migrate`: count the outlook's questions of a database whose facts were
    recorded before their rows existed, and drop every cached page that showed none."""
    from .derive import announce_bulk_change
    from .outlook.tallies import never_counted

    if never_counted(using):
        announce_bulk_change(using)
