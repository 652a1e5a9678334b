"""The editors' admin: every fact editable where an editor expects to find it."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

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


class ParentAwareForm(forms.ModelForm):
    """Validates the constraints that include an inline's parent key.

    Django leaves an inline's parent key out of constraint validation, so a
    duplicate row (say, a second credit for the same person and character)
    would reach the database as an IntegrityError instead of a form error.
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


class Inline(admin.TabularInline):
    form = ParentAwareForm
    formset = ParentAwareFormSet
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website", "show_count"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(show_count=Count("shows"))

    @admin.display(description="shows", ordering="show_count")
    def show_count(self, network):
        return network.show_count


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "imdb_id", "tmdb_id", "tvmaze_id"]
    search_fields = ["name", "imdb_id", "tmdb_id", "tvmaze_id"]
    prepopulated_fields = {"slug": ["name"]}


class SeasonInline(Inline):
    model = Season
    fields = [
        "number",
        "title",
        "premiere_date",
        "premiere_precision",
        "finale_date",
        "finale_precision",
        "episode_count",
        "decision",
    ]
    readonly_fields = ["decision"]
    show_change_link = True


class CrewCreditInline(Inline):
    model = CrewCredit
    autocomplete_fields = ["person"]


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "status", "season_count", "is_published", "updated_at"]
    list_filter = ["status", "is_published", "network", "genres"]
    list_select_related = ["network"]
    search_fields = ["title", "imdb_id", "tmdb_id", "tvmaze_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["network"]
    filter_horizontal = ["genres"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [SeasonInline, CrewCreditInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "network", "is_published", "status"]}),
        ("About", {"fields": ["synopsis", "genres", "country", "original_language"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id", "tvmaze_id"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(season_count=Count("seasons"))

    @admin.display(description="seasons", ordering="season_count")
    def season_count(self, show):
        return show.season_count


class AnnouncementInline(Inline):
    model = Announcement
    fields = [
        "decision",
        "announced_date",
        "announced_precision",
        "source_name",
        "source_url",
        "summary",
    ]


class CastCreditInline(Inline):
    model = CastCredit
    autocomplete_fields = ["person"]


class CriticScoreInline(Inline):
    model = CriticScore


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = [
        "show",
        "number",
        "decision",
        "release",
        "premiere_display",
        "episode_count",
    ]
    list_display_links = ["show", "number"]
    list_filter = ["decision", "show__network", "show__is_published"]
    list_select_related = ["show"]
    search_fields = ["show__title", "title"]
    autocomplete_fields = ["show"]
    readonly_fields = ["decision", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["show", "number", "title", "decision"]}),
        (
            "Dates",
            {
                "fields": [
                    ("premiere_date", "premiere_precision"),
                    ("finale_date", "finale_precision"),
                    "episode_count",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [AnnouncementInline, CastCreditInline, CriticScoreInline]

    @admin.display(description="release")
    def release(self, season):
        return season.release_state(timezone.localdate()).label

    @admin.display(description="premiere", ordering="premiere_date")
    def premiere_display(self, season):
        return str(season.premiere) if season.premiere else "—"


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = [
        "season",
        "decision",
        "announced_display",
        "source_name",
        "created_at",
    ]
    list_filter = ["decision", "season__show__network"]
    list_select_related = ["season__show"]
    search_fields = ["season__show__title", "source_name", "summary"]
    autocomplete_fields = ["season"]
    date_hierarchy = "announced_date"

    @admin.display(description="announced", ordering="announced_date")
    def announced_display(self, announcement):
        return str(announcement.announced)


@admin.register(CastCredit)
class CastCreditAdmin(admin.ModelAdmin):
    list_display = ["person", "character_name", "season", "billing_order", "role"]
    list_filter = ["role"]
    list_select_related = ["person", "season__show"]
    search_fields = ["person__name", "character_name", "season__show__title"]
    autocomplete_fields = ["season", "person"]


@admin.register(CrewCredit)
class CrewCreditAdmin(admin.ModelAdmin):
    list_display = ["person", "job", "show"]
    list_filter = ["job"]
    list_select_related = ["person", "show"]
    search_fields = ["person__name", "show__title"]
    autocomplete_fields = ["show", "person"]


@admin.register(CriticScore)
class CriticScoreAdmin(admin.ModelAdmin):
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
    search_fields = ["season__show__title"]
    autocomplete_fields = ["season"]
