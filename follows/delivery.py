"""The worker's one job: send whatever is due, each delivery at most once.

Every mail and webhook call is a row, created before anything is sent, with a unique
constraint (one per digest and follower, one per change and webhook). Sending claims
the row first (`pending` → `sending`, committed), sends, then records the outcome, so
a job that runs twice, or two workers at once, never send the same row twice.

A worker killed between the send and the record leaves its row `sending`. After the
lease, a mail in that state is marked `interrupted` and never resent: the SMTP server
may already have accepted it, and a follower never gets the same news twice (at most
once). A webhook call in that state is made again (at least once): apps receive the
change's `id` and drop one they already have, as the README asks them to.
"""

import datetime
import logging
import smtplib

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from series.models import sibling_seasons

from .changes import changed_season_ids, record_changes
from .mail import digest_mail, season_news
from .models import Delivery, Digest, EmailDelivery, Subscription, WebhookDelivery
from .webhooks import post_change

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=6)
# A delivery still `sending` this long after its claim was abandoned by a dead worker
# (longer than any SMTP or HTTP timeout the send itself can take).
LEASE = datetime.timedelta(minutes=5)


def backoff(attempts):
    """The wait before attempt `attempts + 1`: 1, 2, 4, ... minutes, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def claim(model, pk, now):
    """Take a pending delivery for this worker; False if another worker took it first."""
    return bool(
        model.objects.filter(pk=pk, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def record(delivery, now, error=None, permanent=False):
    """Store the outcome of the claimed `delivery`: sent, retried later, or failed."""
    attempts = type(delivery).objects.values_list("attempts", flat=True).get(pk=delivery.pk)
    if error is None:
        values = {"status": Delivery.Status.SENT, "finished_at": now, "last_error": ""}
    elif permanent or attempts >= MAX_ATTEMPTS:
        values = {"status": Delivery.Status.FAILED, "finished_at": now, "last_error": error}
    else:
        values = {
            "status": Delivery.Status.PENDING,
            "next_attempt_at": now + backoff(attempts),
            "last_error": error,
        }
    type(delivery).objects.filter(pk=delivery.pk).update(**values)
    return values.get("next_attempt_at")


def release_abandoned(now):
    """Deliveries a dead worker left `sending`: mails are marked, webhook calls retried."""
    stale = {"status": Delivery.Status.SENDING, "claimed_at__lt": now - LEASE}
    EmailDelivery.objects.filter(**stale).update(
        status=Delivery.Status.INTERRUPTED,
        finished_at=now,
        last_error="The worker stopped after claiming this mail; it may have been sent.",
    )
    WebhookDelivery.objects.filter(**stale).update(
        status=Delivery.Status.PENDING, next_attempt_at=now
    )


def close_due_digests(now):
    """Close each digest whose window has passed: one pending mail per confirmed follower."""
    closed = 0
    for pk in Digest.objects.filter(status=Digest.Status.OPEN, due_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            digest = (
                Digest.objects.select_for_update()
                .filter(pk=pk, status=Digest.Status.OPEN)
                .select_related("show")
                .first()
            )
            if digest is None:
                continue
            digest.status = Digest.Status.SENT
            digest.save(update_fields=["status"])
            if digest.show.is_published:
                followers = Subscription.objects.confirmed().filter(show=digest.show)
                EmailDelivery.objects.bulk_create(
                    [
                        EmailDelivery(digest=digest, subscription=s, next_attempt_at=now)
                        for s in followers
                    ],
                    ignore_conflicts=True,
                )
            closed += 1
    return closed


def is_permanent(error):
    """5xx SMTP answers (no such mailbox, refused) will not change on a retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def send_due_mail(now):
    """Send every due mail over one SMTP connection; returns (sent, retry times)."""
    sent, retries, news = 0, [], {}
    due = EmailDelivery.objects.due(now).select_related("digest__show", "subscription__show")
    due = list(due.order_by("next_attempt_at", "pk"))
    if not due:
        return sent, retries
    connection = get_connection()
    try:
        for delivery in due:
            if not claim(EmailDelivery, delivery.pk, now):
                continue
            if delivery.subscription is None:
                record(delivery, now, "The follower unsubscribed before it was sent.", True)
                continue
            if delivery.digest_id not in news:
                news[delivery.digest_id] = season_news(delivery.digest)
            try:
                connection.open()  # once; again after a failure closed it
                connection.send_messages([digest_mail(delivery, news[delivery.digest_id])])
            except (smtplib.SMTPException, OSError) as error:
                connection.close()
                logger.warning("Mail delivery %s failed: %s", delivery.pk, error)
                retry = record(delivery, now, str(error)[:500], is_permanent(error))
                if retry:
                    retries.append(retry)
            else:
                record(delivery, now)
                sent += 1
    finally:
        connection.close()
    return sent, retries


def send_due_webhooks(now):
    sent, retries = 0, []
    # The payload reads each season's answer and current decision: its show's seasons
    # and its announcements, loaded here once for every due call.
    due = (
        WebhookDelivery.objects.due(now)
        .select_related("endpoint", "change__season__show__network")
        .prefetch_related(
            sibling_seasons("change__season__show__seasons"), "change__season__announcements"
        )
    )
    for delivery in due.order_by("next_attempt_at", "pk"):
        if not claim(WebhookDelivery, delivery.pk, now):
            continue
        error = post_change(delivery)
        retry = record(delivery, now, error)
        if error is None:
            sent += 1
        elif retry:
            retries.append(retry)
    return sent, retries


def run_due(now=None):
    """One pass of the worker: notice missed changes, close digests, send what is due.

    Returns what it did and the times it wants to run again (retries).
    """
    now = now or timezone.now()
    release_abandoned(now)
    recorded = record_changes(changed_season_ids(timezone.localdate(now)), now)
    closed = close_due_digests(now)
    mails, mail_retries = send_due_mail(now)
    calls, call_retries = send_due_webhooks(now)
    return {
        "changes": len(recorded),
        "digests": closed,
        "mails": mails,
        "webhooks": calls,
        "retry_at": sorted(set(mail_retries + call_retries)),
        "recorded": recorded,
    }
