"""The editors' admin: every fact editable where an editor expects to find it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, router, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic

from . import search
from .admin_forms import FuzzyDatesForm
from .admin_workbench import SeasonWorkbench, ShowWorkbench, record_decision_link
from .changelists import BoundedPaginator, with_indexed_dates
from .concurrency import StaleEdit, stale_message
from .imports import BulkDataAdmin
from .models import (
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
from .status import Decision


class ExistsRelatedFilter(admin.RelatedFieldListFilter):
    """Django's filter on a related object, tested by `EXISTS` instead of a join.

    Through a many-to-many field, a join makes the change list add `SELECT DISTINCT`,
    which on PostgreSQL sorted all ~8,500 shows of a genre before the page (100 ms at
    50,000 shows). Through foreign keys ("season__show__network"), SQLite's planner
    started from the network's 33,000 announcements and sorted them (22 ms, and 18 ms
    again for the date range) instead of reading the list's own index and stopping after
    a page. `EXISTS` per row lets it read in order; it cannot duplicate a row. Same
    choices, parameters and template as Django's (BENCHMARKS.md, issue 14 session 3).

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
            raise ValidationError(stale_message(self.instance), code="stale")
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
    # Counts no further than an editor can page, or estimates (series/changelists.py).
    paginator = BoundedPaginator

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """The page shown (the list's `p`, an autocomplete's `page`) bounds the count."""
        try:
            page = int(request.GET.get(PAGE_VAR) or request.GET.get("page") or 1)
        except ValueError:
            page = 1
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, page=page)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as error:
            return self.refuse_stale(request, error)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except StaleEdit as error:
            return self.refuse_stale(request, error)

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
        """The same matches as Django's search, read from the search index (series/search.py)."""
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


@admin.register(Network)
class NetworkAdmin(EditorAdmin):
    list_display = ["name", "kind", "website", "show_count"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # A count per listed network, not a GROUP BY over every show (180 ms at 50,000
        # shows on PostgreSQL).
        shows = Show.objects.filter(network=OuterRef("pk")).order_by().values("network")
        count = Coalesce(Subquery(shows.annotate(total=Count("pk")).values("total")), 0)
        return super().get_queryset(request).annotate(show_count=count).order_by("name")

    @admin.display(description="shows", ordering="show_count")
    def show_count(self, network):
        return network.show_count


@admin.register(Genre)
class GenreAdmin(EditorAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(EditorAdmin):
    list_display = ["name", "slug", "imdb_id", "tmdb_id", "tvmaze_id"]
    show_full_result_count = False
    search_fields = ["name", "imdb_id", "tmdb_id", "tvmaze_id"]
    prepopulated_fields = {"slug": ["name"]}


class CurrentDecisionColumn:
    """The season's decision as every surface shows it (`Season.current_decision`)."""

    @admin.display(description="decision")
    def current_decision(self, season):
        if season.pk is None:
            return "—"
        return season.decision_label(timezone.localdate())


class SeasonInline(CurrentDecisionColumn, Inline):
    model = Season
    fields = [
        "version",
        "number",
        "title",
        "premiere_date",
        "finale_date",
        "episode_count",
        "current_decision",
        "decision_link",
    ]
    readonly_fields = ["current_decision", "decision_link"]
    show_change_link = True

    @admin.display(description="")
    def decision_link(self, season):
        """One click from the show page to the one-form decision for this season."""
        return record_decision_link(season)

    def get_queryset(self, request):
        return super().get_queryset(request).with_siblings()

    class Media:
        js = ["js/season-numbers.js"]  # a new row starts with the next season number


class CrewCreditInline(Inline):
    model = CrewCredit
    autocomplete_fields = ["person"]


@admin.register(Show)
class ShowAdmin(ShowWorkbench, BulkDataAdmin, EditorAdmin):
    # "season_count" is stored (kept by the signals, as status is) and indexed, so the
    # column sorts by an index read; counted per request it cost 125 ms on SQLite and
    # 275 ms on PostgreSQL at 50,000 shows.
    list_display = ["title", "network", "status", "season_count", "is_published", "updated_at"]
    list_filter = ["status", "is_published", "network", exists_filter("genres")]
    list_select_related = ["network"]
    search_fields = ["title", "imdb_id", "tmdb_id", "tvmaze_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["network"]
    filter_horizontal = ["genres"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [SeasonInline, CrewCreditInline]
    # No `ordering`: the list starts in Meta.ordering (title) all the same, and a clicked
    # column is not followed by "title" (Django appends an admin `ordering` to every
    # sort), so "updated" reads the (updated_at, id) index and stops after a page.
    # An exact count of every show costs a scan of the table on each filtered page.
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["title", "slug", "network", "is_published", "status", "version"]}),
        ("About", {"fields": ["synopsis", "genres", "country", "original_language"]}),
        ("Poster", {"fields": ["image", "image_alt", "image_credit"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id", "tvmaze_id"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]


class AnnouncementInline(Inline):
    model = Announcement
    fields = [
        "version",
        "decision",
        "announced_date",
        "source_name",
        "source_url",
        "summary",
    ]


class CastCreditInline(Inline):
    model = CastCredit
    autocomplete_fields = ["person"]


class CriticScoreInline(Inline):
    model = CriticScore
    exclude = ["retrieved_precision"]


def deleted_announcements(season_id=None, limit=10):
    """The latest deletions of announcements not restored since, newest first."""
    records = Announcement.history.filter(history_type="-", season__isnull=False)
    if season_id is not None:
        records = records.filter(season_id=season_id)
    return (
        records.exclude(id__in=Announcement.objects.values("pk"))
        .select_related("season__show", "history_user")
        .order_by("-history_date")[:limit]
    )


class CurrentDecisionFilter(admin.SimpleListFilter):
    """Filter by the decision the list shows, "made" included (`with_current_decision`)."""

    title = "decision"
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return Decision.choices

    def queryset(self, request, queryset):
        if self.value() in Decision.values:
            return queryset.with_current_decision(self.value(), timezone.localdate())
        return queryset


@admin.register(Season)
class SeasonAdmin(SeasonWorkbench, CurrentDecisionColumn, BulkDataAdmin, EditorAdmin):
    list_display = [
        "show",
        "number",
        "current_decision",
        "release",
        "premiere_display",
        "episode_count",
    ]
    list_display_links = ["show", "number"]
    list_filter = [CurrentDecisionFilter, "show__network", "show__is_published"]
    list_select_related = ["show"]
    search_fields = ["show__title", "title"]
    autocomplete_fields = ["show"]
    show_full_result_count = False
    readonly_fields = ["current_decision", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["show", "number", "title", "current_decision", "version"]}),
        (
            "Dates",
            {
                "fields": [
                    ("premiere_date", "finale_date"),
                    "episode_count",
                ]
            },
        ),
        (
            "Poster (optional; the show's is used without one)",
            {"fields": ["image", "image_alt", "image_credit"]},
        ),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [AnnouncementInline, CastCreditInline, CriticScoreInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_siblings()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Below the announcements: this season's deleted ones, to see and restore."""
        extra_context = {
            **(extra_context or {}),
            "deleted_announcements": deleted_announcements(season_id=object_id),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="release")
    def release(self, season):
        return season.release_state(timezone.localdate()).label

    @admin.display(description="premiere", ordering="premiere_date")
    def premiere_display(self, season):
        return str(season.premiere) if season.premiere else "—"


@admin.register(Announcement)
class AnnouncementAdmin(BulkDataAdmin, EditorAdmin):
    list_display = [
        "season",
        "decision_display",
        "announced_display",
        "source_name",
        "created_at",
    ]
    list_filter = ["decision", exists_filter("season__show__network")]
    list_select_related = ["season__show"]
    search_fields = ["season__show__title", "source_name", "summary"]
    autocomplete_fields = ["season"]
    date_hierarchy = "announced_date"
    show_full_result_count = False
    exclude = ["announced_precision"]
    # Named, so the import and export buttons keep the deleted announcements below the list.
    change_list_template = "admin/series/announcement/change_list.html"

    def get_queryset(self, request):
        # The date hierarchy's links from index probes, not a scan (series/changelists.py).
        return with_indexed_dates(super().get_queryset(request))

    def changelist_view(self, request, extra_context=None):
        """List recently deleted announcements, each with a link to see and restore it."""
        extra_context = {
            **(extra_context or {}),
            "deleted_announcements": deleted_announcements(),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="decision", ordering="decision")
    def decision_display(self, announcement):
        return announcement.decision_label()

    @admin.display(description="announced", ordering="announced_date")
    def announced_display(self, announcement):
        return str(announcement.announced)


@admin.register(CastCredit)
class CastCreditAdmin(BulkDataAdmin, EditorAdmin):
    list_display = ["person", "character_name", "season", "billing_order", "role"]
    list_filter = ["role"]
    list_select_related = ["person", "season__show"]
    # Newest first, along the primary key. In show-title order a filtered list sorted
    # every match: 900,000 credits at 50,000 shows, 160 ms of SQL for the role filter.
    ordering = ["-pk"]
    show_full_result_count = False
    search_fields = ["person__name", "character_name", "season__show__title"]
    autocomplete_fields = ["season", "person"]


@admin.register(CrewCredit)
class CrewCreditAdmin(BulkDataAdmin, EditorAdmin):
    list_display = ["person", "job", "show"]
    list_filter = ["job"]
    list_select_related = ["person", "show"]
    show_full_result_count = False
    search_fields = ["person__name", "show__title"]
    autocomplete_fields = ["show", "person"]


@admin.register(CriticScore)
class CriticScoreAdmin(BulkDataAdmin, EditorAdmin):
    list_display = [
        "season",
        "aggregator",
        "score",
        "average_rating",
        "review_count",
        "retrieved_date",
    ]
    list_filter = ["aggregator"]
    list_select_related = ["season__show"]
    # Newest first, along the primary key. In show-title order a filtered list sorted
    # every match: 480,000 scores at 50,000 shows, 65 ms of SQL for one aggregator.
    ordering = ["-pk"]
    show_full_result_count = False
    search_fields = ["season__show__title"]
    autocomplete_fields = ["season"]
    exclude = ["retrieved_precision"]
