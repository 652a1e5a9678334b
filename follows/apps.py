from django.apps import AppConfig


class FollowsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "follows"
    verbose_name = "Followers and webhooks"

    def ready(self):
        from . import receivers  # noqa: F401  (subscribes to the change events)
