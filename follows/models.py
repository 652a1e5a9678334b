"""Following a show: who follows what, what changed, and every delivery of it.

A follow keeps an email address, the show and when it was confirmed: nothing else
about the person. Changes are recorded after the editor's transaction commits and
sent by the background worker; each mail and each webhook call is a delivery row
with a unique constraint, claimed before it is sent, so no job run twice sends twice.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from series.fuzzy import FuzzyDateAttribute, Precision
from series.models import HttpURLField, Season, Show


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    """One address following one show; confirmed once its owner clicked the mailed link."""

    email = models.EmailField("email address", max_length=254)
    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="subscriptions", verbose_name="show"
    )
    created_at = models.DateTimeField("asked on", auto_now_add=True)
    confirmed_at = models.DateTimeField(
        "confirmed on", null=True, blank=True, help_text="Empty until the link was followed."
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["show_id", "email"]
        verbose_name = "follower"
        verbose_name_plural = "followers"
        constraints = [
            models.UniqueConstraint(
                fields=["email", "show"],
                name="subscription_unique_email_show",
                violation_error_message="This address already follows this show.",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="subscription_email_lowercase",
                violation_error_message="Addresses are stored in lower case.",
            ),
        ]

    def __str__(self):
        return f"{self.email} follows {self.show}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class SeasonState(models.Model):
    """A season as followers were last told about it; changes are measured against it."""

    season = models.OneToOneField(
        Season, on_delete=models.CASCADE, related_name="follow_state", verbose_name="season"
    )
    decision = models.CharField("decision", max_length=20)
    premiere_date = models.DateField("premiere", null=True, blank=True)
    premiere_precision = models.CharField(
        "premiere precision", max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    premiered = models.BooleanField("premiered", default=False)

    premiere = FuzzyDateAttribute("premiere_date", "premiere_precision")

    class Meta:
        ordering = ["season_id"]
        verbose_name = "season as last announced"
        verbose_name_plural = "seasons as last announced"

    def __str__(self):
        return str(self.season_id)


class ChangeKind(models.TextChoices):
    DECISION = "decision", "Decision changed"
    PREMIERE_ANNOUNCED = "premiere_announced", "Premiere date announced"
    PREMIERE_MOVED = "premiere_moved", "Premiere date moved"
    PREMIERED = "premiered", "Premiered"


class Digest(models.Model):
    """The changes to one show within the digest window: one mail per follower."""

    class Status(models.TextChoices):
        OPEN = "open", "Collecting changes"
        SENT = "sent", "Handed to the mail workers"

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="digests", verbose_name="show"
    )
    created_at = models.DateTimeField("opened", auto_now_add=True)
    due_at = models.DateTimeField("due", help_text="When the window closes and mail goes out.")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-due_at", "-id"]
        verbose_name = "digest"
        verbose_name_plural = "digests"
        constraints = [
            models.UniqueConstraint(
                fields=["show"],
                condition=Q(status="open"),
                name="digest_one_open_per_show",
            ),
        ]

    def __str__(self):
        return f"{self.show} ({self.due_at:%Y-%m-%d %H:%M})"


class Change(models.Model):
    """One thing followers are told: a decision, a premiere date, a premiere."""

    Kind = ChangeKind

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="follow_changes", verbose_name="season"
    )
    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="changes", verbose_name="digest"
    )
    kind = models.CharField("kind", max_length=30, choices=ChangeKind.choices)
    before = models.CharField("before", max_length=100, blank=True)
    after = models.CharField("after", max_length=100, blank=True)
    created_at = models.DateTimeField("recorded", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "change"
        verbose_name_plural = "changes"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="change_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.season}: {self.line}"

    @property
    def line(self):
        """One line for the mail: "Decision changed: Awaiting decision → Renewed"."""
        if self.before and self.after:
            return f"{self.get_kind_display()}: {self.before} → {self.after}"
        if self.after:
            return f"{self.get_kind_display()}: {self.after}"
        return self.get_kind_display()


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    INTERRUPTED = "interrupted", "Interrupted (not resent)"
    WITHDRAWN = "withdrawn", "Withdrawn (show unpublished)"


class DeliveryQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)


class Delivery(models.Model):
    """Fields every delivery shares: a claim before the send, the outcome after it."""

    Status = DeliveryStatus

    status = models.CharField(
        "status", max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("attempts", default=0)
    next_attempt_at = models.DateTimeField("next attempt", db_index=True)
    claimed_at = models.DateTimeField("claimed", null=True, blank=True)
    finished_at = models.DateTimeField("finished", null=True, blank=True)
    last_error = models.CharField("last error", max_length=500, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        abstract = True


class EmailDelivery(Delivery):
    """One digest mailed to one follower, at most once."""

    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="deliveries", verbose_name="digest"
    )
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
        verbose_name="follower",
        help_text="Empty once the follower has unsubscribed.",
    )

    class Meta:
        ordering = ["-next_attempt_at", "-id"]
        verbose_name = "email delivery"
        verbose_name_plural = "email deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscription"], name="emaildelivery_once_per_follower"
            ),
        ]

    def __str__(self):
        return f"Digest {self.digest_id} to follower {self.subscription_id}"

    @property
    def message_id(self):
        return f"<digest-{self.digest_id}.delivery-{self.pk}@showtracker>"


class ConfirmationMail(Delivery):
    """A follow request's mail (the confirmation link, or a reminder to a follower).

    A row, like every other mail, so that a worker killed while sending it leaves
    something `deliver_follows` resends; deleted once sent or given up, so the address
    is kept no longer than the request needs it. Not in the admin: it holds addresses.
    """

    email = models.EmailField("email address", max_length=254)
    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="follow_requests", verbose_name="show"
    )
    created_at = models.DateTimeField("asked on", auto_now_add=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]
        verbose_name = "confirmation mail"
        verbose_name_plural = "confirmation mails"
        constraints = [
            # A second request while the first mail waits would only send the same link.
            models.UniqueConstraint(
                fields=["email", "show"],
                condition=Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
                name="confirmationmail_one_waiting_per_address",
            ),
        ]

    def __str__(self):
        return f"Confirmation mail {self.pk} for {self.show}"


def new_secret():
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """An app's URL that receives a signed JSON POST for every change."""

    name = models.CharField("name", max_length=100, help_text="Whose app this is.")
    url = HttpURLField("URL", max_length=500, help_text="Receives a POST per change.")
    secret = models.CharField(
        "signing secret",
        max_length=100,
        default=new_secret,
        help_text="Shared with the app; it checks each request's signature with it.",
    )
    show = models.ForeignKey(
        Show,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
        verbose_name="show",
        help_text="Leave empty for changes to every published show.",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("created", auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "webhook"
        verbose_name_plural = "webhooks"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:follows_webhookendpoint_change", args=[self.pk])


class WebhookDelivery(Delivery):
    """One change posted to one webhook, retried with backoff until it is accepted."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="webhook",
    )
    change = models.ForeignKey(
        Change, on_delete=models.CASCADE, related_name="webhook_deliveries", verbose_name="change"
    )

    class Meta:
        ordering = ["-next_attempt_at", "-id"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "change"], name="webhookdelivery_once_per_endpoint"
            ),
        ]

    def __str__(self):
        return f"Change {self.change_id} to {self.endpoint}"


class WebhookAttempt(models.Model):
    """Every POST made for a webhook delivery, with what came back."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.CASCADE,
        related_name="attempts_made",
        verbose_name="delivery",
    )
    attempted_at = models.DateTimeField("attempted", auto_now_add=True)
    status_code = models.PositiveSmallIntegerField("HTTP status", null=True, blank=True)
    error = models.CharField("error", max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField("duration (ms)", default=0)

    class Meta:
        ordering = ["-attempted_at", "-id"]
        verbose_name = "webhook attempt"
        verbose_name_plural = "webhook attempts"

    def __str__(self):
        return f"{self.delivery}: {self.status_code or self.error}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
