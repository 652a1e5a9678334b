"""Notice every change to a season's facts on the same signals series/signals.py uses.

Connected after series' own handlers (the app comes later in INSTALLED_APPS), so the
season's stored decision is already refreshed when it is compared after the commit.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from series.models import Announcement, Season

from .changes import on_commit_record


@receiver(post_save, sender=Announcement, dispatch_uid="follows_announcement_saved")
@receiver(post_delete, sender=Announcement, dispatch_uid="follows_announcement_deleted")
def announcement_changed(sender, instance, using, **kwargs):
    on_commit_record(instance.season_id, using)


@receiver(post_save, sender=Season, dispatch_uid="follows_season_saved")
def season_saved(sender, instance, using, **kwargs):
    on_commit_record(instance.pk, using)
