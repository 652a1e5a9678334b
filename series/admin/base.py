"""The editors' admin: every fact editable where an editor expects to find it."""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, router
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic

from series import derive, search
from series.concurrency import StaleEdit
from series.pagination import BoundedPaginator

from . import conflicts
from .forms import FuzzyDatesForm

# Requests that write nothing, as Django's admin tells them apart.
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def safe_next(request, default):
    """The `next` page a link asked to return to, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class ExistsRelatedFilter(admin.RelatedFieldListFilter):
    """Django's filter on a related object, tested by `EXISTS` instead of a join.

    Through a many-to-many field, a join makes the change list add `SELECT DISTINCT`,
    which on PostgreSQL sorted all ~8,500 shows of a genre before the page (100 ms at
    50,000 shows). Through foreign keys ("season__show__network"), SQLite's planner
    started from the network's 33,000 announcements and sorted them (22 ms, and 18 ms
    again for the date range) instead of reading the list's own index and stopping after
    a page. `EXISTS` per row lets it read in order; it cannot duplicate a row. Same
    choices, parameters and template as Django's.

    PostgreSQL joins through foreign keys well (its network filter's SQL rose from 45-100
    to 79-135 ms a request with `EXISTS`, same copy and minute), so there a foreign-key
    path is Django's join.
    """

    def queryset(self, request, queryset):
        first, _, rest = self.field_path.partition("__")
        field = queryset.model._meta.get_field(first)
        if not field.many_to_many and connections[queryset.db].vendor != "sqlite":
            return super().queryset(request, queryset)
        if field.many_to_many:
            through = field.remote_field.through._default_manager
            rows = through.filter(**{field.m2m_field_name(): OuterRef("pk")})
            target = "__".join(filter(None, [field.m2m_reverse_field_name(), rest]))
        else:  # a foreign key: the one row it points to
            rows = field.related_model._default_manager.filter(pk=OuterRef(field.attname))
            target = rest or "pk"
        chosen = self.used_parameters.get(self.lookup_kwarg)
        empty = self.used_parameters.get(self.lookup_kwarg_isnull)
        try:
            if chosen:
                queryset = queryset.filter(Exists(rows.filter(**{f"{target}__in": chosen})))
            if empty:
                related = Exists(rows.filter(**{f"{target}__isnull": False}))
                wanted = str(empty[-1]).lower() in ("1", "true")
                queryset = queryset.filter(~related if wanted else related)
        except (ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error
        return queryset


def exists_filter(field_path):
    """A `list_filter` entry for `field_path` (to a related object) through `EXISTS`.

    A class, not a (field, filter) pair: Django adds `DISTINCT` after any filter it builds
    from a field path that spans a many-to-many relation. `parameter_name` is what
    `lookup_allowed` checks the filter's parameters against.
    """

    class Filter(admin.SimpleListFilter):
        parameter_name = field_path

        def __new__(cls, request, params, model, model_admin):
            field = get_fields_from_path(model, field_path)[-1]
            return ExistsRelatedFilter(
                field, request, params, model, model_admin, field_path=field_path
            )

    return Filter


class ParentAwareForm(forms.ModelForm):
    """Validates the constraints that include an inline's parent key.

    Django leaves an inline's parent key out of constraint validation, so a
    duplicate row (say, a second credit for the same person and character)
    would reach the database as an IntegrityError instead of a form error.
    That is Django ticket #35676 ("Made BaseModelForm validate constraints that
    reference an InlineForeignKeyField"), fixed in Django 6.0: delete this class
    and ParentAwareFormSet when we upgrade, and keep their tests.
    """

    parent_field = None

    def validate_unique(self):
        super().validate_unique()
        exclude = self._get_validation_exclusions() - {self.parent_field}
        for constraint in self.instance._meta.constraints:
            if self.parent_field in getattr(constraint, "fields", ()):
                try:
                    constraint.validate(type(self.instance), self.instance, exclude=exclude)
                except ValidationError as error:
                    self._update_errors(error)


class ParentAwareFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.parent_field = self.fk.name
        field = form.fields.get(self._pk_field.name)
        if isinstance(field, forms.ModelChoiceField):
            field.__class__ = ExistingRowField
            field.formset = self


class ExistingRowField(forms.ModelChoiceField):
    """An inline row's hidden id, found among the rows the formset read in its one
    query, instead of a query per row (Django's field looks each one up again). An id
    that is not one of this parent's rows is refused, as a tampered form should be."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            pk = self.formset._get_to_python(self.formset._pk_field)(value)
        except ValidationError:
            pk = None
        row = self.formset._existing_object(pk) if pk is not None else None
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return row


class VersionedForm(FuzzyDatesForm):
    """Carries the version the editor loaded and refuses to save over a newer one.

    The friendly check here catches nearly every conflict; the atomic claim in
    `VersionedModel.save()` catches the rest (two saves in the same instant).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None and is_historic(instance):
            # Reverting from history: the version to beat is the current one, not the old one.
            current = (
                type(instance)
                ._base_manager.filter(pk=instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            instance.version = current or instance.version
            self.initial["version"] = instance.version
        self.loaded_version = instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or self.instance._state.adding:
            cleaned_data["version"] = 1
        elif cleaned_data.get("version") != self.loaded_version:
            # Saved by someone else since it was opened: kept, merged or refused there.
            return conflicts.settle(self, cleaned_data, cleaned_data.get("version"))
        return cleaned_data


class VersionedInlineForm(VersionedForm, ParentAwareForm):
    pass


# A plain URL box: the admin's URL widget shows "Currently: <link>" even for a value
# that failed validation and was never saved.
URL_AS_TYPED = {models.URLField: {"widget": forms.URLInput(attrs={"class": "vURLField"})}}


class BoundedNumbers:
    """Number inputs carry their model field's MinValueValidator and MaxValueValidator as
    `min` and `max`, so the browser refuses what the database would (a season number
    below 1, a score above 100) before the form is even sent.

    Django's positive integer fields ask their form field for `min_value=0` whatever
    their validators say; an explicit bound here wins over that default.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.IntegerField) and not db_field.choices:
            bounds = [
                validator
                for validator in db_field.validators
                if isinstance(validator, MinValueValidator | MaxValueValidator)
                and not callable(validator.limit_value)
            ]
            lows = [v.limit_value for v in bounds if isinstance(v, MinValueValidator)]
            highs = [v.limit_value for v in bounds if isinstance(v, MaxValueValidator)]
            if lows:
                kwargs.setdefault("min_value", max(lows))
            if highs:
                kwargs.setdefault("max_value", min(highs))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditorAdmin(BoundedNumbers, SimpleHistoryAdmin):
    """Every editor's admin: field-level history with revert, and no lost edits."""

    form = VersionedForm
    formfield_overrides = URL_AS_TYPED
    # Counts no further than an editor can page, or estimates (series/admin/changelists.py).
    paginator = BoundedPaginator

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """The page shown (the list's `p`, an autocomplete's `page`) bounds the count."""
        try:
            page = int(request.GET.get(PAGE_VAR) or request.GET.get("page") or 1)
        except ValueError:
            page = 1
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, page=page)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Django's, with the write's transaction opened as the save's batch (Django's
        `changeform_view` is only that transaction around `_changeform_view`)."""
        try:
            with self.changing(request):
                return self._changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as error:
            return self.refuse_stale(request, error)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            with self.changing(request, always=True):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except StaleEdit as error:
            return self.refuse_stale(request, error)

    def changelist_view(self, request, extra_context=None):
        with self.changing(request):  # actions and list_editable save many rows
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with self.changing(request):  # likewise Django's transaction, as the batch
            return self._delete_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Django's, and on opening a record, word of another editor who just saved it."""
        if change and obj is not None and request.method in SAFE_METHODS:
            told = conflicts.recently_saved(obj, request.user)
            if told:
                self.message_user(request, told, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def construct_change_message(self, request, form, formsets, add=False):
        """Django's, and (the save having gone through) word of anyone saved over."""
        told = conflicts.merged_message(form)
        if told:
            self.message_user(request, told, messages.WARNING)
        return super().construct_change_message(request, form, formsets, add)

    def response_post_save_change(self, request, obj):
        """After "Save", back to the page that sent the editor here (the worklist's
        `next`, on this site), else Django's list. "Save and continue editing" and
        "Save and add another" keep Django's way: the form keeps its URL, `next` included."""
        return self.return_to_next(request) or super().response_post_save_change(request, obj)

    def response_post_save_add(self, request, obj):
        return self.return_to_next(request) or super().response_post_save_add(request, obj)

    def return_to_next(self, request):
        target = safe_next(request, None)
        return HttpResponseRedirect(target) if target else None

    def changing(self, request, always=False):
        """One batch (and its transaction) for a write: its rows are derived once and
        announced once. A read opens none, as in Django: on SQLite every transaction
        takes the write lock."""
        if request.method not in SAFE_METHODS or always:
            return derive.changing(router.db_for_write(self.model))
        return contextlib.nullcontext()

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        """Django's row checkbox, written out: rendering it as a form widget through the
        template engine took a fifth of a 100-row list's CPU time. Same HTML (tested)."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def get_search_results(self, request, queryset, search_term):
        """The same matches as Django's search, read from the search index (series/search/)."""
        if search_term:
            found = search.admin_search(queryset, self.get_search_fields(request), search_term)
            if found is not None:
                return found, False
        return super().get_search_results(request, queryset, search_term)

    def refuse_stale(self, request, error):
        """A save lost the race after its form was checked: nothing was saved; say so."""
        self.message_user(request, str(error), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())


class Inline(BoundedNumbers, admin.TabularInline):
    form = VersionedInlineForm
    formset = ParentAwareFormSet
    formfield_overrides = URL_AS_TYPED
    extra = 0

    class Media:
        js = ["js/inline-focus.js"]  # an added row's first field takes the keyboard
