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
