"""Revert a record and its rows to how they stood after an earlier save.

A record's *family* is the record and every row under it (a season's announcements,
credits and scores; a show's seasons with theirs, and its crew credits). Every change
to any of them is a history row, so the family as it stood at any moment is, for each
row, its last history row up to then. A save through a form writes the record's row
and then its inline rows a few milliseconds apart: rows by one editor this close are
one *version*, and a revert goes back to the end of one.

Reverting writes the difference as one save batch: rows added since are deleted, rows
deleted since are re-created with their primary keys, changed rows get their values
back, each through the model's `save()` or `delete()`.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, router
from django.db.models import Prefetch

from series import derive
from series.models import Show

from .recent_changes import ACTIONS, differences, editor_name
from .restore import BIN_MODELS, CHILDREN, CannotRestore, set_genres
from .words import RELATED, in_words, when

# Rows of one save are written within milliseconds; an editor's next save is seconds away.
SAVE_GAP = datetime.timedelta(seconds=2)
# The versions the page lists, newest first.
VERSIONS_SHOWN = 30


@dataclass
class Version:
    """One save of the family: when, by whom, what it did, and going back to it."""

    number: int
    end: datetime.datetime
    who: str
    rows: list
    lines: list = field(default_factory=list)
    undoes: list = field(default_factory=list)  # what reverting to it would do, in words
    exists: bool = True  # the record itself existed then

    @property
    def when(self):
        return when(self.end)

    @property
    def token(self):
        return self.end.isoformat()


class Family:
    """Every history row of a record and the rows under it, read once."""

    def __init__(self, model, pk):
        self.model, self.pk = model, pk
        self.rows = {}  # (model, id) -> its history rows, oldest first
        self._read(model, "id", [pk])
        # A record loaded from a fixture has no history (raw saves write none): it counts
        # as there all along, and only its rows' versions are listed.
        self.untracked = (model, pk) not in self.rows

    def _read(self, model, attname, parent_ids):
        if not parent_ids:
            return
        ids = model.history.filter(**{f"{attname}__in": parent_ids}).values("id")
        rows = (
            model.history.filter(id__in=ids)
            .select_related("history_user", *RELATED.get(model, []))
            .order_by("history_date", "history_id")
        )
        if model is Show:  # each of its rows keeps the show's genres at that moment
            links = genre_links().related_model.objects.select_related("genre")
            kept = Prefetch(genre_links().get_accessor_name(), links, to_attr="kept_genres")
            rows = rows.prefetch_related(kept)
        found = set(parent_ids) if attname == "id" else set()  # the record, even untracked
        for row in rows:
            self.rows.setdefault((model, row.id), []).append(row)
            found.add(row.id)
        for child, child_attname in CHILDREN.get(model, []):
            self._read(child, child_attname, sorted(found))

    def latest(self):
        """When the family last changed (None if it has no history)."""
        return max((row.history_date for rows in self.rows.values() for row in rows), default=None)

    def state(self, moment):
        """{(model, id): history row} of the family's rows that existed at `moment`."""
        state = {}
        for model in BIN_MODELS:  # parents before children
            for (kind, pk), rows in self.rows.items():
                if kind is not model:
                    continue
                row = last_before(rows, moment)
                if row is None or row.history_type == "-":
                    continue
                if (model, pk) == (self.model, self.pk) or self._parent_in(state, row):
                    state[(model, pk)] = row
        return state

    def _parent_in(self, state, row):
        for parent, children in CHILDREN.items():
            for child, attname in children:
                if child is row.instance_type:
                    key = (parent, getattr(row, attname))
                    return key in state or (self.untracked and key == (self.model, self.pk))
        return False

    def versions(self):
        """The family's saves, newest first, each with what going back to it would do."""
        rows = sorted(
            (row for rows in self.rows.values() for row in rows),
            key=lambda row: (row.history_date, row.history_id),
        )
        groups = []
        for row in rows:
            last = groups[-1] if groups else None
            if (
                last
                and row.history_user_id == last[-1].history_user_id
                and row.history_date - last[-1].history_date <= SAVE_GAP
            ):
                last.append(row)
            else:
                groups.append([row])
        now = self.state(self.latest())
        versions = []
        first = max(len(groups) - VERSIONS_SHOWN, 0)
        for number, group in enumerate(groups[first:], start=first + 1):
            end = group[-1].history_date
            then = self.state(end)
            versions.append(
                Version(
                    number=number,
                    end=end,
                    who=editor_name(group[0].history_user),
                    rows=group,
                    lines=self._lines(group),
                    undoes=planned(now, then),
                    exists=self.untracked or (self.model, self.pk) in then,
                )
            )
        return versions[::-1]

    def _lines(self, group):
        """A line per record the save wrote. A record written more than once in one
        save (a show, then its genres removed and added) is one line: from before the
        save to its last row."""
        spans = {}
        for row in group:
            first, _ = spans.get((row.instance_type, row.id), (row, row))
            spans[(row.instance_type, row.id)] = (first, row)
        return [self._line(first, last) for first, last in spans.values()]

    def _line(self, first, row):
        previous = self._previous(first)
        action = "+" if first.history_type == "+" and row.history_type != "-" else None
        action = action or row.history_type
        line = f"{ACTIONS.get(action, action)} {in_words(row)}"
        if action == "~" and previous is not None:
            changed = changes(row, previous)
            if not changed:
                return f"Saved {in_words(row)} unchanged"
            line += ": " + "; ".join(
                f"{name} {before or '(empty)'} → {after or '(empty)'}"
                for name, before, after in changed
            )
        return line

    def _previous(self, row):
        rows = self.rows[(row.instance_type, row.id)]
        position = rows.index(row)
        return rows[position - 1] if position else None


def last_before(rows, moment):
    """The last of `rows` (oldest first) written at or before `moment`."""
    found = None
    for row in rows:
        if row.history_date > moment:
            break
        found = row
    return found


def genre_links():
    """simple-history's relation from a show's history row to the genres it kept."""
    return Show.history.model._meta.get_field("historicalshow_genres")


def genres(row):
    """A show's genres as its history row kept them, by name (a genre deleted since,
    which the join leaves out, is not named)."""
    links = getattr(row, "kept_genres", None)
    if links is None:
        links = genre_links().related_model.objects.filter(history=row).select_related("genre")
    return ", ".join(sorted(link.genre.name for link in links))


def changes(record, previous):
    """`differences` between two history rows of a record, and a show's genres too
    (kept beside its row, not in it)."""
    changed = differences(record, previous)
    if record.instance_type is Show and genres(record) != genres(previous):
        changed.append(("genres", genres(previous), genres(record)))
    return changed


def planned(now, then):
    """What going from state `now` back to state `then` does, in words."""
    lines = []
    for key, row in then.items():
        if key not in now:
            lines.append(f"Brings back {in_words(row)}")
        else:
            # (field, value now, value then)
            changed = changes(row, now[key])
            if changed:
                fields = "; ".join(f"{n} back to {old or '(empty)'}" for n, _, old in changed)
                lines.append(f"Sets {in_words(row)}: {fields}")
    for key, row in now.items():
        if key not in then:
            lines.append(f"Deletes {in_words(row)}")
    return lines


def revert(family, version, seen, reason):
    """Write the family as it stood at `version`, as one batch; return how many rows moved.

    `seen` is the token of the newest version the editor was shown. Raises CannotRestore
    (nothing written) if the family changed since, or a row cannot come back as it was.
    """
    if family.latest() is None or family.latest().isoformat() != seen:
        raise CannotRestore(
            f"This {family.model._meta.verbose_name} or its rows changed since the page "
            "was opened, so nothing was reverted. Look at the versions again."
        )
    if not version.exists:
        raise CannotRestore(
            f"The {family.model._meta.verbose_name} did not exist then; pick a later version."
        )
    using = router.db_for_write(family.model)
    now, then = family.state(family.latest()), family.state(version.end)
    try:
        with derive.changing(using):
            moved = 0
            for key in reversed([k for k in now if k not in then]):  # children first
                model, pk = key
                record = model._base_manager.filter(pk=pk).first()
                if record is not None:
                    record._change_reason = reason
                    record.delete()
                    moved += 1
            for key, row in then.items():  # parents first
                if key in now and not changes(row, now[key]):
                    continue
                _write(row, reason)
                moved += 1
    except IntegrityError as error:
        raise CannotRestore(
            "A row cannot go back as it was: another record now holds its place "
            f"({error}). Nothing was reverted."
        ) from error
    return moved


def _write(row, reason):
    model = row.instance_type
    instance = row.instance
    stored = model._base_manager.filter(pk=row.id).values_list("version", flat=True).first()
    if stored is None:
        instance.version = row.version + 1
    else:  # claimed from the stored version, as any save
        instance._state.adding = False
        instance.version = stored
    instance._change_reason = reason
    instance.save()
    if model is Show:
        set_genres(instance, row)
