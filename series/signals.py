"""Keep derived facts true whatever path changed the data.

A season's stored decision always equals its latest announcement's, and a show's
stored status and season count always follow its seasons. Signal handlers rather than `save()`
overrides, so every path is covered: admin inlines, the ORM, queryset deletes and
`loaddata` (which saves raw and skips `save()`).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Announcement, Season, Show


def refresh_show(show_id):
    show = Show.objects.filter(pk=show_id).first()
    if show is not None:
        show.refresh_status()


@receiver(post_save, sender=Announcement, dispatch_uid="announcement_saved")
@receiver(post_delete, sender=Announcement, dispatch_uid="announcement_deleted")
def refresh_season_decision(sender, instance, raw=False, **kwargs):
    season = Season.objects.filter(pk=instance.season_id).first()
    if season is not None:
        # Fixtures leave `updated_at` as loaded, so loading twice changes nothing.
        season.refresh_decision(touch=not raw)
        refresh_show(season.show_id)


@receiver(pre_save, sender=Season, dispatch_uid="season_saving")
def note_season_show(sender, instance, **kwargs):
    """Note the show the row belongs to now: a season moved to another show changes
    both shows' stored status and season count."""
    instance._stored_show_id = (
        sender._base_manager.filter(pk=instance.pk).values_list("show_id", flat=True).first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=Season, dispatch_uid="season_saved")
def refresh_after_season_save(sender, instance, raw=False, **kwargs):
    # A fixture, or a season restored from its history, may carry a stale
    # `decision`; the announcements are the truth.
    instance.refresh_decision(touch=False)
    refresh_show(instance.show_id)
    previous = getattr(instance, "_stored_show_id", None)
    if previous is not None and previous != instance.show_id:
        refresh_show(previous)


@receiver(post_delete, sender=Season, dispatch_uid="season_deleted")
def refresh_after_season_delete(sender, instance, **kwargs):
    refresh_show(instance.show_id)


@receiver(post_save, sender=Show, dispatch_uid="show_loaded")
def refresh_loaded_show(sender, instance, raw=False, **kwargs):
    # Loaded from a fixture or restored from history: the stored status may be stale.
    instance.refresh_status()
