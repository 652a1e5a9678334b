"""The recycle bin: deleted records, and bringing one back with what went with it.

A deletion leaves a history row (`history_type` "-") holding the record's last values.
Restoring re-creates the record from it, with the same primary key, through the
model's `save()`, so the one re-derivation and the change event run as for any save.
Rows deleted in the same cascade (a season's announcements, credits and scores; a
show's seasons and crew credits) come back with it.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, router
from django.db.models import Exists, OuterRef

from series import derive
from series.models import (
    Announcement,
    CastCredit,
    CrewCredit,
    CriticScore,
    Network,
    Person,
    Season,
    Show,
)

from .words import RELATED, described, in_words

# The kinds of record the bin lists, parents first.
BIN_MODELS = [Show, Season, Announcement, CastCredit, CrewCredit, CriticScore]
# Each kind's parent: its foreign key (attname) and the parent's model.
PARENT = {
    Season: ("show_id", Show),
    CrewCredit: ("show_id", Show),
    Announcement: ("season_id", Season),
    CastCredit: ("season_id", Season),
    CriticScore: ("season_id", Season),
}
CHILDREN = {
    parent: [(child, attname) for child, (attname, model) in PARENT.items() if model is parent]
    for parent in BIN_MODELS
}
# Rows a record needs but that the bin does not bring back (deleting them is refused
# while a record uses them, so they can only be gone after it).
NEEDS = {Show: [("network_id", Network)], CastCredit: [("person_id", Person)]}
NEEDS[CrewCredit] = NEEDS[CastCredit]
# One delete writes its cascade's history rows within milliseconds, children first; an
# editor cannot delete a row on its own that close before its parent.
CASCADE_WINDOW = datetime.timedelta(seconds=5)
RESTORE_REASON = "Restored from deleted records"


class CannotRestore(Exception):
    """Why a record cannot come back; nothing was written."""


@dataclass
class Deleted:
    """A record in the bin: its last history row and the rows deleted with it."""

    row: object
    children: list = field(default_factory=list)  # Deleted, parents before children
    parent: str = ""  # the record it belonged to, in words
    blocked: str = ""  # why it cannot be restored yet

    @property
    def model(self):
        return self.row.instance_type

    @property
    def words(self):
        return in_words(self.row)

    def count(self):
        """How many records come back with this one."""
        return sum(1 + child.count() for child in self.children)

    def with_it(self):
        """What comes back with it, in words: "2 announcements, 1 cast credit"."""
        counts = {}
        for child in self.all_children():
            counts[child.model] = counts.get(child.model, 0) + 1
        return ", ".join(
            f"{n} {m._meta.verbose_name if n == 1 else m._meta.verbose_name_plural}"
            for m, n in counts.items()
        )

    def all_children(self):
        for child in self.children:
            yield child
            yield from child.all_children()


def _gone(model):
    """History rows of `model`'s deletions whose record is not back since."""
    rows = model.history.filter(history_type="-")
    return rows.filter(~Exists(model.objects.filter(pk=OuterRef("id"))))


def deleted_records(kind=None, limit=50, **where):
    """The latest deletions not restored since, newest first; `where` narrows their
    history rows (`season_id=3`: that season's).

    Rows deleted in the cascade of a listed record are not listed on their own: they
    come back with it, and its entry says how many. A row whose parent is gone for
    another reason is listed with why it must wait (`blocked`). A few queries per kind
    of record, however many are listed.
    """
    entries = []
    for model in BIN_MODELS:
        if kind is not None and model is not kind:
            continue
        rows = _gone(model).filter(**where)
        rows = rows.select_related("history_user", *RELATED.get(model, []))
        seen = set()
        for row in rows.order_by("-history_date")[: limit * 2]:
            if row.id not in seen:  # a record deleted twice: its last deletion
                seen.add(row.id)
                entries.append(Deleted(row))
    attach_cascades(entries)
    cascaded = {
        (child.model, child.row.history_id) for entry in entries for child in entry.all_children()
    }
    entries = [entry for entry in entries if (entry.model, entry.row.history_id) not in cascaded]
    entries.sort(key=lambda entry: entry.row.history_date, reverse=True)
    entries = entries[:limit]
    attach_parents(entries)
    return entries


def attach_cascades(entries):
    """Give each entry the rows deleted with it (their children, theirs...), not
    restored since: a query per kind of child and level."""
    level = entries
    while level:
        found = []
        for model in BIN_MODELS:
            group = [entry for entry in level if entry.model is model]
            if not group:
                continue
            ids = {entry.row.id for entry in group}
            since = min(entry.row.history_date for entry in group) - CASCADE_WINDOW
            until = max(entry.row.history_date for entry in group)
            for child, attname in CHILDREN.get(model, []):
                rows = list(
                    _gone(child)
                    .filter(**{f"{attname}__in": ids}, history_date__range=(since, until))
                    # Counted, not described: no join (a filter on the parent's key
                    # would make it an inner join and drop the rows of a deleted parent).
                    .order_by("-history_date")
                )
                for entry in group:
                    seen = set()
                    for row in rows:
                        if _deleted_with(row, attname, entry.row) and row.id not in seen:
                            seen.add(row.id)
                            entry.children.append(Deleted(row))
                            found.append(entry.children[-1])
        level = found


def _deleted_with(row, attname, parent):
    """Whether `row` went in the cascade of the parent's deletion `parent`."""
    return (
        getattr(row, attname) == parent.id
        and parent.history_date - CASCADE_WINDOW <= row.history_date <= parent.history_date
    )


def attach_parents(entries):
    """Name each entry's parent ("Spinning Out season 2"), and block the entries whose
    parent is gone: a query or two per kind of parent."""
    for model, (attname, parent) in PARENT.items():
        group = [entry for entry in entries if entry.model is model]
        if not group:
            continue
        rows = parent._base_manager.select_related(*(["show"] if parent is Season else []))
        found = rows.in_bulk({getattr(entry.row, attname) for entry in group})
        missing = {getattr(entry.row, attname) for entry in group} - set(found)
        gone = {}
        for row in parent.history.filter(id__in=missing).order_by("-history_date"):
            gone.setdefault(row.id, row)  # its last version
        for entry in group:
            pk = getattr(entry.row, attname)
            if pk in found:
                entry.parent = str(found[pk])
                continue
            kind = parent._meta.verbose_name
            if pk in gone:
                entry.parent = f"{kind} {described(gone[pk])} (deleted)"
                if parent is Season:  # named without reading the season again
                    entry.row.season_number = gone[pk].number
            entry.blocked = f"Its {kind} was deleted too: restore the {kind} first."


def latest_deletion(model, pk):
    """The last deletion row of the record `pk`, if it is still deleted."""
    return _gone(model).filter(id=pk).order_by("-history_date").first()


def check(model, row):
    """Refuse, in a sentence, a restore that cannot be done."""
    if model._base_manager.filter(pk=row.id).exists():
        raise CannotRestore(f"This {model._meta.verbose_name} is already back.")
    if model in PARENT:
        attname, parent = PARENT[model]
        if not parent._base_manager.filter(pk=getattr(row, attname)).exists():
            kind = parent._meta.verbose_name
            raise CannotRestore(
                f"Its {kind} was deleted too: restore the {kind} first, and this "
                f"{model._meta.verbose_name} comes back with it if they were deleted together."
            )
    for attname, needed in NEEDS.get(model, []):
        if not needed._base_manager.filter(pk=getattr(row, attname)).exists():
            kind = needed._meta.verbose_name
            raise CannotRestore(
                f"Its {kind} was deleted since; add the {kind} again and edit it by hand."
            )
    taken = model._base_manager.filter(slug=row.slug).first() if hasattr(row, "slug") else None
    if taken is not None:
        raise CannotRestore(
            f"Its slug “{row.slug}” is now taken by the {model._meta.verbose_name} “{taken}”: "
            "change that one's slug first."
        )
    instance = rebuilt(row)
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        raise CannotRestore(
            f"It cannot come back as it was: {' '.join(error.messages)} "
            f"Change or delete the {model._meta.verbose_name} that holds its place first."
        ) from error


def rebuilt(row):
    """The record as its history row kept it, as a new row with the same primary key."""
    instance = row.instance
    instance.version = row.version + 1  # a form opened before the deletion is stale
    instance._change_reason = RESTORE_REASON
    return instance


def restore(entry):
    """Re-create the record and what was deleted with it, as one save batch.

    Returns the restored record. Raises CannotRestore, having written nothing.
    """
    check(entry.model, entry.row)
    using = router.db_for_write(entry.model)
    try:
        with derive.changing(using):
            instance = _recreate(entry.row)
            for child in entry.all_children():
                _recreate(child.row)
    except IntegrityError as error:  # a record saved meanwhile in its place
        raise CannotRestore(
            f"Another record took its place meanwhile ({error}); nothing was restored."
        ) from error
    return instance


def _recreate(row):
    instance = rebuilt(row)
    instance.save()
    if isinstance(instance, Show):
        # The deletion's row has no genres (their links go first); the version before has.
        before = (
            Show.history.filter(id=row.id, history_date__lt=row.history_date)
            .exclude(history_type="-")
            .order_by("-history_date")
            .first()
        )
        set_genres(instance, before)
    if hasattr(row, "created_at"):  # `auto_now_add` dated it today; keep when it was entered
        type(instance)._base_manager.filter(pk=instance.pk).update(created_at=row.created_at)
    return instance


def set_genres(show, row):
    """Give `show` the genres its history row `row` kept (none without a row), leaving
    out any genre deleted since."""
    kept = [link.genre_id for link in row.genres.all()] if row is not None else []
    show.genres.set(show.genres.model.objects.filter(pk__in=kept))


def describe_for_message(entry):
    return f"{entry.model._meta.verbose_name.capitalize()} “{described(entry.row)}”"
