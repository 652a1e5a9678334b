"""Picture files and renditions kept in step with the records that show them.

Beside the models rather than in `series.images`, which the models are built from: the
receivers read the saved records and their stored state, and `series.images` imports
neither, so the two never import each other.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .images.renditions import forget_picture, make_renditions
from .models import Network, Person, Season, Show
from .signals import stored_state


@receiver(post_save, sender=Network, dispatch_uid="network_renditions")
@receiver(post_save, sender=Person, dispatch_uid="person_renditions")
@receiver(post_save, sender=Show, dispatch_uid="show_renditions")
@receiver(post_save, sender=Season, dispatch_uid="season_renditions")
def make_picture_renditions(sender, instance, raw=False, **kwargs):
    """Every rendition a page may ask for exists once the picture is saved (stored ones are
    kept), so pages never check storage; a fixture's pictures get theirs on load too."""
    make_renditions(instance, instance.image_kind)


@receiver(pre_save, sender=Network, dispatch_uid="network_picture_saving")
@receiver(pre_save, sender=Person, dispatch_uid="person_picture_saving")
@receiver(pre_save, sender=Show, dispatch_uid="show_picture_saving")
@receiver(pre_save, sender=Season, dispatch_uid="season_picture_saving")
def check_picture(sender, instance, using, **kwargs):
    """Note the picture the row has, so the save can drop it if it is replaced.

    Read from the stored row (the batch's one read), not from the instance: a version
    restored from history is a new instance whose picture may not be the row's. A
    restored picture whose file was dropped since comes back as no picture (a
    placeholder), never a broken image.
    """
    instance._stored_image = (stored_state(instance, using) or {}).get("image") or ""
    new = instance.image
    restored = new and new._committed and new.name != instance._stored_image
    if restored and not new.storage.exists(new.name):
        instance.image = ""


@receiver(post_save, sender=Network, dispatch_uid="network_picture_replaced")
@receiver(post_save, sender=Person, dispatch_uid="person_picture_replaced")
@receiver(post_save, sender=Show, dispatch_uid="show_picture_replaced")
@receiver(post_save, sender=Season, dispatch_uid="season_picture_replaced")
def forget_replaced_picture(sender, instance, raw=False, **kwargs):
    """A replaced or cleared picture's file and renditions go once the save commits."""
    old = getattr(instance, "_stored_image", "")
    if old and old != (instance.image.name or ""):
        transaction.on_commit(partial(forget_picture, sender, old), robust=True)


@receiver(post_delete, sender=Network, dispatch_uid="network_picture_deleted")
@receiver(post_delete, sender=Person, dispatch_uid="person_picture_deleted")
@receiver(post_delete, sender=Show, dispatch_uid="show_picture_deleted")
@receiver(post_delete, sender=Season, dispatch_uid="season_picture_deleted")
def forget_deleted_picture(sender, instance, **kwargs):
    """A deleted row's picture goes once the delete commits (unless another row uses it)."""
    if instance.image:
        transaction.on_commit(partial(forget_picture, sender, instance.image.name), robust=True)
