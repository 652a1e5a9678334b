from django.apps import AppConfig


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = "Shows and seasons"

    def ready(self):
        from . import cache, signals  # noqa: F401  (connect the decision refresh, cache bumps)
