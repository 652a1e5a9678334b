"""Every change of the facts, noted in its transaction's batch (`series.derive`).

Signal receivers rather than `save()` overrides, so every path is covered: admin
inlines, the ORM, queryset deletes, restores from history and `loaddata` (which
saves raw and skips `save()`). They only note: the batch derives and announces.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from . import derive
from .models import Show

# Rows whose stored state a change needs: moved foreign keys, publication, pictures.
# A genre has none of these.
NO_STORED_STATE = {"genre"}


def _is_fact(sender):
    return sender._meta.app_label == "series" and not sender._meta.auto_created


def stored_state(instance, using):
    """The row of `instance` as stored before its batch began (read once per batch)."""
    batch = derive.current(using)
    if batch is not None:
        return batch.stored_values(instance)
    if not hasattr(instance, "_stored_state"):
        instance._stored_state = derive.read_stored(instance, using)
    return instance._stored_state


@receiver(pre_save, dispatch_uid="facts_saving")
def note_stored_state(sender, instance, using, **kwargs):
    if _is_fact(sender) and sender._meta.model_name not in NO_STORED_STATE:
        stored_state(instance, using)


def _note(instance, using, **options):
    batch = derive.current(using)
    if batch is not None:
        batch.note(instance, **options)
        return
    # A save on its own is a batch of its own, in the transaction `Fact` opened for it.
    with derive.changing(using, savepoint=False) as batch:
        batch.stored[(type(instance), instance.pk)] = instance.__dict__.pop("_stored_state", None)
        batch.note(instance, **options)


@receiver(post_save, dispatch_uid="facts_saved")
def fact_saved(sender, instance, using, raw=False, **kwargs):
    if _is_fact(sender):
        _note(instance, using, raw=raw)


@receiver(post_delete, dispatch_uid="facts_deleted")
def fact_deleted(sender, instance, using, **kwargs):
    if _is_fact(sender):
        _note(instance, using, deleted=True)


@receiver(m2m_changed, sender=Show.genres.through, dispatch_uid="show_genres_changed")
def genres_changed(sender, instance, action, model, pk_set, using, **kwargs):
    if action.startswith("post_"):  # m2m_changed fires pre_ and post_; note once
        _note(instance, using, related={model: set(pk_set or ())})
