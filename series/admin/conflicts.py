"""Two editors on one record: keep both editors' work where they do not collide.

A change form posts back the version it was opened with (`VersionedForm`). When
someone saved the record since, the history rows after that version say who
changed which fields, and when. The rule is kept simple: **a conflict is a field
both editors changed** (to different values).

- No conflict: the save goes through. Fields only the other editor changed keep
  their saved values; the editor's own changes are applied over them.
- A conflict: nothing is saved. The form comes back with the editor's values, the
  other editor's value beside each conflicting field, their other changes filled
  in, and the current version, so saving again keeps the editor's values on purpose.

Each inline row is a record of its own: a new row (a critic score, an announcement)
has nothing to collide with, and is kept in the form or saved with the rest.
"""

import datetime
import itertools
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import is_historic

from history.recent_changes import editor_name
from series.concurrency import stale_message
from series.models import Announcement
from series.status import decision_label

from .forms import RecordDecisionForm, fuzzy_date_fields

# Someone who saved this recently may still be editing: an editor opening the form is told.
RECENT = datetime.timedelta(minutes=10)
# Bookkeeping no editor types: never a conflict.
BOOKKEEPING = {"id", "version", "created_at", "updated_at"}


@dataclass(frozen=True)
class Save:
    """One save by someone else since the form was opened."""

    who: str
    when: object
    fields: set

    @property
    def at(self):
        return saved_at(self.when)


def saved_at(when):
    """A save's time as an editor reads it: "11:42" today, with the date before that."""
    local = timezone.localtime(when)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j F Y H:i")


def who_saved(record):
    return editor_name(record.history_user) if record.history_user else "An import or command"


def saves_since(instance, opened_version):
    """(The record as opened, [Save] after it, oldest first), or None if its history
    does not hold the version opened (then nobody can say what changed)."""
    if not opened_version or not hasattr(type(instance), "history"):
        return None
    rows = list(
        type(instance)
        .history.filter(id=instance.pk, version__gte=opened_version)
        .exclude(history_type="-")
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not rows or rows[0].version != opened_version:
        return None
    names = form_field_names(type(instance))
    saves = []
    for before, after in itertools.pairwise(rows):
        changed = [
            name
            for attname, name in names.items()
            if hasattr(after, attname) and getattr(before, attname) != getattr(after, attname)
        ]
        saves.append(Save(who_saved(after), after.history_date, set(changed)))
    return rows[0].instance, saves


def form_field_names(model):
    """{column attname: the form field that edits it}: a fuzzy date's precision is
    edited by its date field."""
    precision_of = {precision: date for date, (_, precision) in fuzzy_date_fields(model).items()}
    return {
        field.attname: precision_of.get(field.name, field.name)
        for field in model._meta.concrete_fields
        if field.name not in BOOKKEEPING
    }


def opened_values(form, opened):
    """The form's initial values had it been opened on `opened` (the record as opened)."""
    initial = model_to_dict(opened, fields=list(form.fields))
    for date_field, (name, _) in fuzzy_date_fields(type(opened)).items():
        if date_field in form.fields:
            initial[date_field] = getattr(opened, name)
    return initial


def changed_from(form, initial):
    """The fields whose posted value differs from `initial`."""
    return {
        name
        for name, value in initial.items()
        if name in form.fields
        and name not in BOOKKEEPING
        and not form.fields[name].disabled
        and form.fields[name].has_changed(value, form[name].data)
    }


def settle(form, cleaned_data, opened_version):
    """Let a form opened on an older version save, or refuse it with what changed.

    Raises the form's "stale" error when the versions cannot be compared, and a
    "conflict" error (with a note on each conflicting field) when both editors
    changed a field.
    """
    instance = form.instance
    # A revert from history sets every field at once: from a stale page it is refused whole.
    found = None if is_historic(instance) else saves_since(instance, opened_version)
    if found is None:
        raise ValidationError(stale_message(instance), code="stale")
    opened, saves = found
    theirs = {}  # field: the last save that changed it
    for save in saves:
        theirs.update(dict.fromkeys(save.fields, save))
    theirs = {name: save for name, save in theirs.items() if name in form.fields}
    mine = changed_from(form, opened_values(form, opened))
    # The rule: a conflict is a field both editors changed, to different values.
    conflicts = [name for name in theirs if name in mine and name in form.changed_data]
    taken = set(theirs) - set(conflicts)
    for name in taken:  # left out, the field keeps its saved value
        cleaned_data.pop(name, None)
    # The form now stands on the current version: no longer changed by it.
    form.__dict__["changed_data"] = [
        name for name in form.changed_data if name not in taken and name != "version"
    ]
    cleaned_data["version"] = form.loaded_version
    if not conflicts:
        form.merged_with = saves
        return cleaned_data
    show_current(form, [*taken, "version"])
    for name in conflicts:
        save = theirs[name]
        form.add_error(
            name,
            ValidationError(
                "%(who)s changed this to “%(value)s” at %(at)s. Save again to keep yours.",
                code="conflict",
                params={"who": save.who, "value": shown(form, name), "at": save.at},
            ),
        )
    raise ValidationError(conflict_message(instance, saves, form), code="conflict")


def conflict_message(instance, saves, form):
    told = "; ".join(f"{save.who} at {save.at} ({fields_named(form, save)})" for save in saves)
    return (
        f"This {instance._meta.verbose_name} was changed by someone else since you opened it: "
        f"{told}. Nothing was saved yet. Your values are still in the form, their other "
        "changes are filled in, and each field you both changed shows their value. "
        "Save again to keep your values."
    )


def merged_message(form):
    """What a save that went through over someone else's tells its editor, or ""."""
    saves = getattr(form, "merged_with", None)
    if not saves:
        return ""
    told = "; ".join(f"{save.who} at {save.at} ({fields_named(form, save)})" for save in saves)
    return (
        f"This {form.instance._meta.verbose_name} was also saved by someone else since you "
        f"opened it: {told}. No field was changed by both of you, so both changes are kept."
    )


def recently_saved(obj, user):
    """A note for an editor opening `obj` that another editor saved it in the last minutes
    (they may still be at it), or ""."""
    if not hasattr(type(obj), "history"):
        return ""
    since = timezone.now() - RECENT
    latest = (
        type(obj)
        .history.filter(id=obj.pk, history_date__gte=since, history_user__isnull=False)
        .exclude(history_user=user)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if latest is None:
        return ""
    return (
        f"{who_saved(latest)} saved this {obj._meta.verbose_name} at "
        f"{saved_at(latest.history_date)}. If you both edit it now, a field you both change is "
        "shown to you before anything of theirs is overwritten."
    )


def fields_named(form, save):
    """The fields a save changed, in the form's order, as the form labels them."""
    names = [
        str(field.label or name).lower()
        for name, field in form.fields.items()
        if name in save.fields
    ]
    return ", ".join(names) or "nothing on this form"


def show_current(form, names):
    """Re-show these fields with their saved values (and the version now to save over)."""
    data = form.data.copy()
    for name in names:
        bound = form[name]
        saved = form.get_initial_for_field(bound.field, name)
        data.setlist(bound.html_name, as_posted(bound.field, saved))
    form.data = data


def as_posted(field, value):
    """A value as a browser would post it back from the field's widget."""
    value = field.prepare_value(value)
    if isinstance(field.widget, forms.CheckboxInput):
        return ["on"] if value else []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return ["" if value is None else str(value)]


def shown(form, name):
    """The field's saved value as the form shows it: a choice by its label, a record by name."""
    field = form.fields[name]
    value = form.get_initial_for_field(field, name)
    if value in (None, "", []):
        return "(empty)"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ModelChoiceField):
        try:
            return str(field.to_python(value))
        except ValidationError:
            return str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(field.prepare_value(value))


# The one-form decision ------------------------------------------------------------------

VERBS = {"+": "recorded", "~": "changed", "-": "deleted"}


def latest_decision_change(season):
    """The newest history row of the season's announcements (0 if none): what a decision
    form was opened on."""
    rows = Announcement.history.filter(season_id=season.pk)
    return rows.aggregate(latest=Max("history_id"))["latest"] or 0


class DecisionsSinceOpened(forms.Form):
    """A decision recorded on a season whose decisions changed since the form opened
    asks first, naming what the other editor recorded; submitting again confirms.

    A form that does not say what it opened on (a page from before this check) is
    not asked.
    """

    decisions_seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    confirm_label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions_now = latest_decision_change(self.instance.season)
        self.initial["decisions_seen"] = self.decisions_now

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get("decisions_seen")
        if seen is None or seen >= self.decisions_now:
            return cleaned_data
        season = self.instance.season
        changes = (
            Announcement.history.filter(season_id=season.pk, history_id__gt=seen)
            .select_related("history_user")
            .order_by("history_id")
        )
        told = " and ".join(
            f"{who_saved(row)} {VERBS.get(row.history_type, 'changed')} "
            f"‘{decision_label(row.decision, season.number)}’ at {saved_at(row.history_date)}"
            for row in changes
        )
        decision = cleaned_data.get("decision")
        mine = f"‘{decision_label(decision, season.number)}’" if decision else "yours"
        # Carried forward: submitting this form again is the confirmation.
        data = self.data.copy()
        data[self.add_prefix("decisions_seen")] = str(self.decisions_now)
        self.data = data
        self.confirm_label = f"Record {mine} anyway"
        raise ValidationError(
            "%(told)s since you opened this form. Record %(mine)s anyway?",
            code="decided_since",
            params={"told": told, "mine": mine},
        )


class RecordDecisionSinceOpenedForm(DecisionsSinceOpened, RecordDecisionForm):
    pass
