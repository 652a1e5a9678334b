from django.apps import AppConfig


class HistoryConfig(AppConfig):
    """Holds the history tables of the series models (django-simple-history).

    A separate app so `dumpdata series` moves facts only: a historical row may point
    at a record that no longer exists, which natural keys cannot serialize.
    """

    name = "history"
    verbose_name = "History"
