from django.apps import AppConfig


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = "Shows and seasons"

    def ready(self):
        from . import signals  # noqa: F401  (connects the decision refresh)
