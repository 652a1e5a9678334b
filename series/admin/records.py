"""The editors' admin: every fact editable where an editor expects to find it."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

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
from series.status import Decision, decision_label

from .article_admin import ReadArticleAdmin
from .base import (
    EditorAdmin,
    Inline,
    VersionedForm,
    VersionedInlineForm,
    exists_filter,
)
from .cancellation import CancellationFixes
from .changelists import with_indexed_dates
from .forms import FutureDateConfirmation
from .imports import BulkDataAdmin
from .people import (
    BillingInRowOrderForm,
    BillingInRowOrderFormSet,
    MergePeopleAction,
    NewPersonCreditAdmin,
    NewPersonInline,
)
from .undo import UndoAdmin, deleted_here
from .workbench import SeasonWorkbench, ShowWorkbench, record_decision_link


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
class PersonAdmin(MergePeopleAction, EditorAdmin):
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


class CrewCreditInline(NewPersonInline, Inline):
    model = CrewCredit
    autocomplete_fields = ["person"]


@admin.register(Show)
class ShowAdmin(ReadArticleAdmin, UndoAdmin, ShowWorkbench, BulkDataAdmin, EditorAdmin):
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
    # The model's help text names an internal field; editors read what the status follows.
    help_texts = {
        "status": "Worked out from the seasons and their announcements, and updated on its "
        "own on the day a premiere or finale passes.",
    }

    def get_form(self, request, obj=None, **kwargs):
        # A read-only field takes its help from the form's help_texts before the model's.
        kwargs.setdefault("help_texts", self.help_texts)
        return super().get_form(request, obj, **kwargs)


class AnnouncementForm(FutureDateConfirmation, VersionedForm):
    """An announcement dated after today needs the editor's confirmation."""


class AnnouncementInlineForm(FutureDateConfirmation, VersionedInlineForm):
    pass


class AnnouncementInline(Inline):
    model = Announcement
    form = AnnouncementInlineForm
    fields = [
        "version",
        "decision",
        "announced_date",
        "future_on_purpose",
        "source_name",
        "source_url",
        "summary",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        """The decisions to pick from, named for this season ("Ordered" for a first one)."""
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("decision")
        if obj is not None and field is not None:
            field.choices = [
                (value, decision_label(value, obj.number) if value else label)
                for value, label in field.choices
            ]
        return formset


class CastCreditInline(NewPersonInline, Inline):
    model = CastCredit
    form = BillingInRowOrderForm
    formset = BillingInRowOrderFormSet
    autocomplete_fields = ["person"]


class CriticScoreInline(Inline):
    model = CriticScore
    exclude = ["retrieved_precision"]


class CurrentDecisionFilter(admin.SimpleListFilter):
    """Filter by the decision the list shows, "made" included (`with_current_decision`)."""

    title = "decision"
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        # Rows name a made season "Ordered" or "Renewed" (`decision_label`), never "Made".
        made = "Ordered or renewed (no announcement)"
        return [(v, made if v == Decision.MADE else label) for v, label in Decision.choices]

    def queryset(self, request, queryset):
        if self.value() in Decision.values:
            return queryset.with_current_decision(self.value(), timezone.localdate())
        return queryset


@admin.register(Season)
class SeasonAdmin(
    UndoAdmin,
    CancellationFixes,
    SeasonWorkbench,
    CurrentDecisionColumn,
    BulkDataAdmin,
    EditorAdmin,
):
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
        """Below the announcements: this season's deleted ones, each with Restore."""
        extra_context = {
            **(extra_context or {}),
            # Read when the page renders: a save that redirects never reads it.
            "deleted_announcements": SimpleLazyObject(
                lambda: deleted_here(request.user, Announcement, season_id=object_id)
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="release")
    def release(self, season):
        return season.release_state(timezone.localdate()).label

    @admin.display(description="premiere", ordering="premiere_date")
    def premiere_display(self, season):
        return str(season.premiere) if season.premiere else "—"


@admin.register(Announcement)
class AnnouncementAdmin(UndoAdmin, BulkDataAdmin, EditorAdmin):
    form = AnnouncementForm
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
        # The date hierarchy's links from index probes, not a scan (series/admin/changelists.py).
        return with_indexed_dates(super().get_queryset(request))

    def changelist_view(self, request, extra_context=None):
        """Below the list: recently deleted announcements, each with Restore."""
        extra_context = {
            **(extra_context or {}),
            "deleted_announcements": deleted_here(request.user, Announcement),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="decision", ordering="decision")
    def decision_display(self, announcement):
        return announcement.decision_label()

    @admin.display(description="announced", ordering="announced_date")
    def announced_display(self, announcement):
        return str(announcement.announced)


@admin.register(CastCredit)
class CastCreditAdmin(UndoAdmin, NewPersonCreditAdmin, BulkDataAdmin, EditorAdmin):
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
class CrewCreditAdmin(UndoAdmin, NewPersonCreditAdmin, BulkDataAdmin, EditorAdmin):
    list_display = ["person", "job", "show"]
    list_filter = ["job"]
    list_select_related = ["person", "show"]
    show_full_result_count = False
    search_fields = ["person__name", "show__title"]
    autocomplete_fields = ["show", "person"]


@admin.register(CriticScore)
class CriticScoreAdmin(UndoAdmin, BulkDataAdmin, EditorAdmin):
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
