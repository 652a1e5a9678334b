"""What each change of the facts makes stale, bumped and purged after it."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from series.models import Show

from . import tags as tags_module
from .versions import invalidate


def _is_content(sender):
    return sender._meta.app_label in getattr(settings, "PAGE_CACHE_APPS", ["series"])


@receiver(pre_save, dispatch_uid="page_cache_saving")
def remember_previous_tags(sender, instance, **kwargs):
    if _is_content(sender):
        instance._page_cache_previous_tags = tags_module.previous_tags(instance)


@receiver(post_save, dispatch_uid="page_cache_saved")
@receiver(post_delete, dispatch_uid="page_cache_deleted")
def content_changed(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    if not _is_content(sender):
        return
    tags = tags_module.changed_tags(instance)
    if tags is None:
        tags = {tags_module.ALL}  # a model no rule knows: drop everything, never show stale
    tags |= getattr(instance, "_page_cache_previous_tags", set())
    invalidate(tags, using)


@receiver(m2m_changed, dispatch_uid="page_cache_m2m_changed")
def relation_changed(sender, instance, action, model, pk_set, using=DEFAULT_DB_ALIAS, **kwargs):
    if not action.startswith("post_") or not _is_content(sender):
        return  # m2m_changed fires pre_ and post_; one invalidation is enough.
    if sender is Show.genres.through:
        tags = tags_module.m2m_tags(instance, model, pk_set)
    else:
        tags = {tags_module.ALL}
    invalidate(tags, using)
