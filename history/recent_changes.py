"""Recent changes across every series model, read from the history tables.

Each model keeps its own history table (django-simple-history), so the page reads
the latest rows of each one (a few per model, along the history_date index) and
merges them: one query per model, whatever the size of the history.
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Max, OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from series.fuzzy import FuzzyDateAttribute
from series.models import (
    Announcement,
    CastCredit,
    CrewCredit,
    CriticScore,
    Genre,
    Network,
    Person,
    Season,
    Show,
)
from series.status import decision_label

PAGE_SIZE = 50
ACTIONS = {"+": "Added", "~": "Changed", "-": "Deleted"}
# An import's rows carry its job's number in their change reason
# (series/admin/import_resources.py `import_reason`): one import, one entry.
IMPORT_REASON = re.compile(r"^(?P<reason>Imported.*) \(import (?P<job>[0-9]+)\)$")
IMPORT_REASON_SQL = r" \(import [0-9]+\)$"
# Bookkeeping an editor never typed: a diff leaves these out.
HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at"}
# Each model's rows are read in pages of this many while no-op saves are skipped.
FETCH_ROUNDS = 5


def _season(record):
    season = record.season
    return f"{season.show.title} season {season.number}" if season and season.show else "?"


def _decision(record):
    """The reported decision as every surface names it ("Ordered" for a first season)."""
    return decision_label(record.decision, record.season.number if record.season else 0)


# What each change is about, read from the history row and the rows it joins.
LABELS = {
    Network: ([], lambda r: r.name),
    Person: ([], lambda r: r.name),
    Genre: ([], lambda r: r.name),
    Show: ([], lambda r: r.title),
    Season: (["show"], lambda r: f"{r.show.title if r.show else '?'} season {r.number}"),
    Announcement: (
        ["season__show"],
        lambda r: f"{_season(r)}: {_decision(r)} ({r.source_name})",
    ),
    CastCredit: (
        ["season__show", "person"],
        lambda r: f"{r.person.name if r.person else '?'} as {r.character_name}, {_season(r)}",
    ),
    CrewCredit: (
        ["show", "person"],
        lambda r: (
            f"{r.person.name if r.person else '?'}, {r.get_job_display()}, "
            f"{r.show.title if r.show else '?'}"
        ),
    ),
    CriticScore: (
        ["season__show"],
        lambda r: f"{r.get_aggregator_display()} {r.score}, {_season(r)}",
    ),
}


def visible_models(request):
    """{model name: model} whose history this user may read."""
    return {
        model._meta.model_name: model
        for model in LABELS
        if request.user.has_perm(f"history.view_historical{model._meta.model_name}")
    }


class RecentChangesFilter(forms.Form):
    editor = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
        required=False,
        empty_label="Every editor",
    )
    model = forms.ChoiceField(required=False, label="Kind of record")
    since = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The first day to list, as 2027-03-14.",
    )
    until = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day to list, as 2027-03-14.",
    )
    before = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, models, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "Every kind")] + [
            (name, model._meta.verbose_name_plural.capitalize()) for name, model in models.items()
        ]

    def clean_before(self):
        value = self.cleaned_data["before"]
        if not value:
            return None
        when = parse_datetime(value)
        if when is None:
            raise forms.ValidationError("Not a time to page from.", code="invalid")
        return when

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError("“From” is after “To”.", code="inverted")
        return cleaned

    def criteria(self):
        """{editor, model, since, until, before}: all None unless given and valid."""
        names = ["editor", "model", "since", "until", "before"]
        if not (self.is_bound and self.is_valid()):
            return dict.fromkeys(names)
        return {name: self.cleaned_data[name] or None for name in names}


def _day_start(day):
    """The first instant of `day` in the site's time zone, as history dates compare."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def editor_name(user):
    """An editor as people call them: the full name, else the username."""
    if user is None:
        return "(no one: a command)"
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class Entry:
    when: object
    who: str
    action: str
    kind: str
    label: str
    diff_url: str
    change_url: str
    reason: str
    link_text: str = "What changed"

    @classmethod
    def of(cls, record, model):
        name = model._meta.model_name
        try:
            change_url = reverse(f"admin:series_{name}_change", args=[record.id])
        except NoReverseMatch:
            change_url = ""
        return cls(
            when=record.history_date,
            who=editor_name(record.history_user),
            action=ACTIONS.get(record.history_type, record.history_type),
            kind=model._meta.verbose_name,
            label=LABELS[model][1](record),
            diff_url=reverse("admin:recent-change", args=[name, record.history_id]),
            change_url=change_url if record.history_type != "-" else "",
            reason=readable_reason(record.history_change_reason),
        )

    @classmethod
    def of_import(cls, group, model, user):
        """One entry for a whole import: how many records it wrote, and its summary."""
        match = IMPORT_REASON.match(group["history_change_reason"])
        count = group["records"]
        opts = model._meta
        try:
            summary_url = reverse(
                f"admin:series_{opts.model_name}_import_job", args=[int(match["job"])]
            )
        except NoReverseMatch:
            summary_url = ""
        return cls(
            when=group["when"],
            who=editor_name(user),
            action="Imported",
            kind=opts.verbose_name if count == 1 else opts.verbose_name_plural,
            label=f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}",
            diff_url=summary_url,
            change_url="",
            reason=match["reason"],
            link_text="Import summary",
        )


def readable_reason(reason):
    """The change reason as an editor reads it, without an import's job number."""
    if not reason:
        return ""
    match = IMPORT_REASON.match(reason)
    return match["reason"] if match else reason


def _rows(model, criteria):
    rows = model.history.all()
    if criteria["editor"] is not None:
        rows = rows.filter(history_user=criteria["editor"])
    if criteria["since"] is not None:
        rows = rows.filter(history_date__gte=_day_start(criteria["since"]))
    if criteria["until"] is not None:
        next_day = criteria["until"] + datetime.timedelta(days=1)
        rows = rows.filter(history_date__lt=_day_start(next_day))
    return rows


def _single_changes(model, criteria):
    """Up to PAGE_SIZE + 1 of the model's latest rows outside imports, newest first,
    leaving out saves that changed no field (a re-save, an import's second save)."""
    related, _ = LABELS[model]
    rows = (
        _rows(model, criteria)
        .exclude(history_change_reason__regex=IMPORT_REASON_SQL)
        .select_related("history_user", *related)
        .annotate(previous_id=_previous_history_id(model))
        .order_by("-history_date", "-history_id")
    )
    before = criteria["before"]
    kept = []
    for _round in range(FETCH_ROUNDS):
        page = list((rows.filter(history_date__lt=before) if before else rows)[: PAGE_SIZE + 1])
        previous = model.history.in_bulk([r.previous_id for r in page if r.previous_id])
        kept += [r for r in page if not is_no_op(r, previous.get(r.previous_id))]
        if len(page) <= PAGE_SIZE or len(kept) > PAGE_SIZE:
            break
        before = page[-1].history_date
    return kept[: PAGE_SIZE + 1]


def _previous_history_id(model):
    return Subquery(
        model.history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )


def is_no_op(record, previous):
    """A change whose every field is as it was (deletions and additions always count)."""
    return (
        record.history_type == "~"
        and previous is not None
        and not differences(record, previous, readable=False)
    )


def _imports(model, criteria):
    """The model's imports, newest first: one row per import with its record count."""
    groups = (
        _rows(model, criteria)
        .filter(history_change_reason__regex=IMPORT_REASON_SQL)
        .values("history_change_reason", "history_user")
        .annotate(when=Max("history_date"), records=Count("id", distinct=True))
        .order_by("-when")
    )
    if criteria["before"] is not None:
        groups = groups.filter(when__lt=criteria["before"])
    return list(groups[: PAGE_SIZE + 1])


def latest(form, models):
    """The latest PAGE_SIZE changes matching the filter, and the cursor for older ones.

    An import is one entry, and a save that changed nothing is none."""
    criteria = form.criteria()
    chosen = {criteria["model"]: models[criteria["model"]]} if criteria["model"] else models
    entries = []
    imports = []
    for model in chosen.values():
        entries += [Entry.of(record, model) for record in _single_changes(model, criteria)]
        imports += [(group, model) for group in _imports(model, criteria)]
    users = get_user_model().objects.in_bulk(
        {group["history_user"] for group, _ in imports if group["history_user"]}
    )
    entries += [
        Entry.of_import(group, model, users.get(group["history_user"])) for group, model in imports
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    page = entries[:PAGE_SIZE]
    older = page[-1].when.isoformat() if len(entries) > PAGE_SIZE else None
    return page, older


def _fuzzy_dates(model):
    """{attribute name: FuzzyDateAttribute} of the model's fuzzy dates."""
    return {
        name: value
        for klass in reversed(model.__mro__)
        for name, value in vars(klass).items()
        if isinstance(value, FuzzyDateAttribute)
    }


def differences(record, previous=None, readable=True):
    """[(field label, before, after)] between this history row and the one before it,
    each value as an editor typed it: a fuzzy date as "Fall 2027", a choice by its
    label, a related record by its name."""
    if previous is None:
        previous = record.prev_record
    # The history row itself, not `record.instance`: building the instance reads the
    # fields kept out of history from the live row, a query per row.
    model = record.instance_type
    fuzzy = _fuzzy_dates(model)
    in_fuzzy = {
        name for date in fuzzy.values() for name in (date.date_field, date.precision_field)
    }
    changes = []
    for name, date in fuzzy.items():
        after = date.__get__(record)
        before = date.__get__(previous) if previous is not None else None
        if previous is None or before != after:
            changes.append((name.replace("_", " "), _text(before), _text(after)))
    for field in model._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS or field.name in in_fuzzy:
            continue
        if not hasattr(record, field.attname):  # kept out of history, like a stored status
            continue
        after = field.value_from_object(record)
        before = field.value_from_object(previous) if previous is not None else None
        if previous is None or before != after:
            if readable:
                before = _shown(field, before)
                after = _shown(field, after)
            changes.append((field.verbose_name, _text(before), _text(after)))
    return changes


def _shown(field, value):
    """A stored value as the form showed it."""
    if value is None or value == "":
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        try:
            return str(field.related_model._base_manager.get(pk=value))
        except ObjectDoesNotExist:
            return f"{field.related_model._meta.verbose_name} {value} (deleted)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return value


def _text(value):
    return "" if value is None else str(value)
