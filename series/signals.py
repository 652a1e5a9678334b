"""Keep each season's stored decision equal to its latest announcement's.

Handlers rather than `save()` overrides, so every path is covered: admin inlines,
the ORM, queryset deletes and `loaddata` (which saves raw and skips `save()`).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Announcement, Season


@receiver(post_save, sender=Announcement, dispatch_uid="announcement_saved")
@receiver(post_delete, sender=Announcement, dispatch_uid="announcement_deleted")
def refresh_season_decision(sender, instance, raw=False, **kwargs):
    season = Season.objects.filter(pk=instance.season_id).first()
    if season is not None:
        season.refresh_decision(touch=not raw)


@receiver(post_save, sender=Season, dispatch_uid="season_loaded")
def refresh_loaded_season(sender, instance, raw=False, **kwargs):
    # A fixture may carry a stale `decision`; the announcements are the truth.
    if raw:
        instance.refresh_decision(touch=False)
