"""Webhooks are registered here; the worker's delivery logs are read-only and for whoever
runs the site (superusers): editors keep the facts and have none of this app's permissions."""

from django.contrib import admin

from .forms import WebhookEndpointForm
from .models import (
    Change,
    Digest,
    EmailDelivery,
    Subscription,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log: written by the worker only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "show", "confirmed_at", "created_at"]
    list_filter = ["confirmed_at"]
    list_select_related = ["show"]
    search_fields = ["email", "show__title"]
    autocomplete_fields = ["show"]
    readonly_fields = ["created_at"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "show", "is_active", "created_at"]
    list_filter = ["is_active"]
    list_select_related = ["show"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["show"]


class ChangeInline(admin.TabularInline):
    model = Change
    fields = ["season", "kind", "before", "after", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["show", "status", "created_at", "due_at"]
    list_filter = ["status"]
    list_select_related = ["show"]
    fields = ["show", "status", "created_at", "due_at"]
    readonly_fields = fields
    inlines = [ChangeInline]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "digest",
        "follower",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status"]
    list_select_related = ["digest__show"]
    # The follower by number only: editors read this log, and addresses are not theirs to see.
    fields = [
        "digest",
        "follower",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "finished_at",
        "last_error",
    ]
    readonly_fields = fields

    @admin.display(description="follower")
    def follower(self, obj):
        return f"#{obj.subscription_id}" if obj.subscription_id else "unsubscribed"


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["attempted_at", "status_code", "error", "duration_ms"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "endpoint",
        "change",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "endpoint"]
    list_select_related = ["endpoint", "change__season__show"]
    fields = [
        "endpoint",
        "change",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "finished_at",
        "last_error",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyAdmin):
    list_display = ["attempted_at", "delivery", "status_code", "error", "duration_ms"]
    list_select_related = ["delivery__endpoint"]
    fields = ["delivery", "attempted_at", "status_code", "error", "duration_ms"]
    readonly_fields = fields
