"""Recent changes across every series model, read from the history tables.

Each model keeps its own history table (django-simple-history), so the page reads
the latest rows of each one (a few per model, along the history_date index) and
merges them: one query per model, whatever the size of the history.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_datetime

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
    before = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, models, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "Every kind")] + [
            (name, model._meta.verbose_name_plural.capitalize()) for name, model in models.items()
        ]

    def clean_before(self):
        value = self.cleaned_data["before"]
        return parse_datetime(value) if value else None


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

    @classmethod
    def of(cls, record, model):
        name = model._meta.model_name
        try:
            change_url = reverse(f"admin:series_{name}_change", args=[record.id])
        except NoReverseMatch:
            change_url = ""
        return cls(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "(no one: a command)",
            action=ACTIONS.get(record.history_type, record.history_type),
            kind=model._meta.verbose_name,
            label=LABELS[model][1](record),
            diff_url=reverse("admin:recent-change", args=[name, record.history_id]),
            change_url=change_url if record.history_type != "-" else "",
            reason=record.history_change_reason or "",
        )


def latest(form, models):
    """The latest PAGE_SIZE changes matching the filter, and the cursor for older ones."""
    editor = model_name = before = None
    if form.is_bound and form.is_valid():
        editor = form.cleaned_data["editor"]
        model_name = form.cleaned_data["model"]
        before = form.cleaned_data["before"]
    chosen = {model_name: models[model_name]} if model_name else models
    records = []
    for model in chosen.values():
        related, _ = LABELS[model]
        rows = model.history.select_related("history_user", *related)
        if editor is not None:
            rows = rows.filter(history_user=editor)
        if before is not None:
            rows = rows.filter(history_date__lt=before)
        rows = rows.order_by("-history_date", "-history_id")[: PAGE_SIZE + 1]
        records.extend((record, model) for record in rows)
    records.sort(key=lambda pair: pair[0].history_date, reverse=True)
    page = records[:PAGE_SIZE]
    older = page[-1][0].history_date.isoformat() if len(records) > PAGE_SIZE else None
    return [Entry.of(record, model) for record, model in page], older


def differences(record):
    """[(field label, before, after)] between this history row and the one before it."""
    previous = record.prev_record
    fields = [
        field
        for field in record.instance._meta.concrete_fields
        if field.name not in {"id", "version", "created_at", "updated_at"}
        and hasattr(record, field.attname)  # fields kept out of history, like a stored status
    ]
    changes = []
    for field in fields:
        after = field.value_from_object(record)
        before = field.value_from_object(previous) if previous is not None else None
        if previous is None or before != after:
            changes.append(
                (
                    field.verbose_name,
                    "" if before is None else str(before),
                    "" if after is None else str(after),
                )
            )
    return changes
