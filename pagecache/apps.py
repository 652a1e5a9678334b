from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import receivers  # noqa: F401  (subscribes to the change events)
