"""People and cast without pop-ups: a new person typed into the cast row, people of the
same name told apart in the person search, duplicates merged, billing in row order.

The field and widget for a typed new name are in `forms` (`PersonOrNewNameField`);
`records` names the pieces here on the Person admin and the credit inlines.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import router
from django.db.models import OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.template.response import TemplateResponse

from series import derive
from series.models import CastCredit, CrewCredit, Person

from .base import ParentAwareFormSet, VersionedForm, VersionedInlineForm
from .forms import NewPersonForm, PersonOrNewNameField, PersonOrNewNameWidget

# The person search ---------------------------------------------------------------------


def with_best_known_credit(people):
    """Each person with their top-billed cast credit's show and year, or else a crew
    credit's show: what tells two people of the same name apart."""
    cast = CastCredit.objects.filter(person=OuterRef("pk")).order_by(
        "billing_order", "-season__premiere_date", "pk"
    )
    crew = CrewCredit.objects.filter(person=OuterRef("pk")).order_by("pk")
    return people.annotate(
        best_show=Subquery(cast.values("season__show__title")[:1]),
        best_year=Subquery(
            cast.annotate(year=ExtractYear("season__premiere_date")).values("year")[:1]
        ),
        crew_show=Subquery(crew.values("show__title")[:1]),
    )


def person_label(person):
    """ "Ava Xu — The Pitt (2025) · #12": the id makes two labels differ even when
    nothing else does."""
    if person.best_show:
        year = f" ({person.best_year})" if person.best_year else ""
        known_for = f"{person.best_show}{year}"
    elif person.crew_show:
        known_for = f"crew, {person.crew_show}"
    else:
        known_for = "no credits yet"
    return f"{person.name} — {known_for} · #{person.pk}"


class LabelledAutocompleteView(AutocompleteJsonView):
    """Django's autocomplete JSON, with the options labelled by the searched model's
    admin where it says how (`autocomplete_queryset`, `autocomplete_label`)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        prepare = getattr(self.model_admin, "autocomplete_queryset", None)
        return prepare(queryset) if prepare else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label:
            result["text"] = label(obj)
        return result


# A new person typed into a credit row --------------------------------------------------


class NewPersonCreditForm(NewPersonForm, VersionedInlineForm):
    pass


class NewPersonCreditAdminForm(NewPersonForm, VersionedForm):
    pass


class NewPersonBox:
    """The person box searches people and creates the name typed (with a credit form
    that is a `NewPersonForm`)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["widget"] = PersonOrNewNameWidget(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            kwargs["form_class"] = PersonOrNewNameField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NewPersonInline(NewPersonBox):
    """A credit row (on a season or show page) whose person may be new."""

    form = NewPersonCreditForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """No add, change or view links beside a row's person box: the box creates a
        person from the name typed, and the links were Tab stops between the person and
        the character (and pointed nowhere for a person not yet saved)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "person" and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_view_related = False
        return formfield


class NewPersonCreditAdmin(NewPersonBox):
    """A credit's own page, whose person may be new."""

    form = NewPersonCreditAdminForm


# Billing in row order ------------------------------------------------------------------


class BillingInRowOrderForm(NewPersonCreditForm):
    """A cast row may leave its billing blank: the formset numbers it by position."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        billing = self.fields.get("billing_order")
        if billing is not None:
            billing.required = False
            billing.widget.attrs["placeholder"] = "next"
            billing.help_text = "1 for the top of the bill; blank: after the rows above."
            if self.instance.pk is None:
                self.initial["billing_order"] = None  # not 1 on every new row


class BillingInRowOrderFormSet(ParentAwareFormSet):
    """Rows saved without a billing order are billed after the highest one, in the
    order they stand in the form: three new rows on an empty season get 1, 2, 3."""

    def clean(self):
        super().clean()
        rows = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        billed = [form.cleaned_data.get("billing_order") for form in rows]
        next_order = max(filter(None, billed), default=0) + 1
        for form in rows:
            if form.cleaned_data.get("billing_order") is None:
                form.cleaned_data["billing_order"] = next_order
                form.instance.billing_order = next_order
                next_order += 1


# Merging duplicates --------------------------------------------------------------------


EXTERNAL_IDS = ["imdb_id", "tmdb_id", "tvmaze_id"]


@dataclass
class MergeReport:
    kept: Person
    removed: list = field(default_factory=list)
    moved: int = 0
    dropped: list = field(default_factory=list)  # the same credit twice: one kept
    doubled: list = field(default_factory=list)  # two roles in one season: both kept

    def messages(self):
        yield (
            messages.SUCCESS,
            (
                f"Merged {len(self.removed)} into “{self.kept}” (#{self.kept.pk}): "
                f"{self.moved} credits moved, {', '.join(self.removed)} deleted."
            ),
        )
        for credit in self.dropped:
            yield messages.WARNING, f"Already credited, the duplicate removed: {credit}."
        for credit in self.doubled:
            yield messages.WARNING, f"Two roles in one season now, check: {credit}."


def merge_people(keep, duplicates):
    """Move every cast and crew credit of `duplicates` to `keep`, then delete them.

    One batch: the seasons and shows touched are derived and announced once, and a
    failure leaves everything as it was. Each move and deletion is recorded in the
    history (the duplicates' past versions stay there). A credit `keep` already holds
    (same season and character, same show and job) is dropped and reported; a second
    character in a season `keep` is credited on is moved and reported for a check.
    """
    report = MergeReport(kept=keep)
    with derive.changing(router.db_for_write(Person)):
        for credit in CastCredit.objects.filter(person__in=duplicates).select_related(
            "season__show"
        ):
            kept = CastCredit.objects.filter(season_id=credit.season_id, person=keep)
            if kept.filter(character_name=credit.character_name).exists():
                report.dropped.append(str(credit))
                credit.delete()
                continue
            if kept.exists():
                report.doubled.append(str(credit))
            move_credit(credit, keep, report)
        for credit in CrewCredit.objects.filter(person__in=duplicates).select_related("show"):
            if CrewCredit.objects.filter(
                show_id=credit.show_id, person=keep, job=credit.job
            ).exists():
                report.dropped.append(str(credit))
                credit.delete()
                continue
            move_credit(credit, keep, report)
        for duplicate in duplicates:
            report.removed.append(f"“{duplicate}” (#{duplicate.pk})")
            duplicate._change_reason = f"merged into #{keep.pk}"
            duplicate.delete()
        adopt_external_ids(keep, duplicates)
    return report


def adopt_external_ids(keep, duplicates):
    """The IMDb, TMDB and TVmaze ids `keep` lacks, from the duplicates (now deleted, so
    the ids are free): the importers then find the merged person by any of them."""
    adopted = []
    for name in EXTERNAL_IDS:
        if not getattr(keep, name):
            found = next((getattr(d, name) for d in duplicates if getattr(d, name)), "")
            if found:
                setattr(keep, name, found)
                adopted.append(name)
    if adopted:
        keep._change_reason = "external ids from the merged duplicates"
        keep.save()


def move_credit(credit, keep, report):
    credit.person = keep
    credit._change_reason = f"person merged into #{keep.pk}"
    credit.save()
    report.moved += 1


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        label="Keep",
        help_text="The others' credits move to this person; the others are deleted.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = people
        self.fields["keep"].label_from_instance = person_label


class MergePeopleAction:
    """The Person list's "Merge" action: pick the one to keep, on one page."""

    actions = ["merge_selected"]

    @admin.action(
        description="Merge the selected people (duplicates) into one",
        permissions=["change", "delete"],
    )
    def merge_selected(self, request, queryset):
        people = with_best_known_credit(queryset.order_by("pk"))
        if people.count() < 2:
            self.message_user(request, "Select two people or more to merge.", messages.ERROR)
            return None
        form = MergeForm(request.POST if "keep" in request.POST else None, people=people)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            report = merge_people(keep, [person for person in people if person.pk != keep.pk])
            for level, message in report.messages():
                self.message_user(request, message, level)
            return None
        return TemplateResponse(
            request,
            "admin/series/person/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge people",
                "opts": self.model._meta,
                "form": form,
                "people": people,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def autocomplete_queryset(self, queryset):
        return with_best_known_credit(queryset)

    def autocomplete_label(self, person):
        return person_label(person)
