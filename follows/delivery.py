"""The worker's one job: send whatever is due, each delivery at most once.

Every mail and webhook call is a row, created before anything is sent, with a unique
constraint (one per digest and follower, one per change and webhook). Sending claims
the row first (`pending` → `sending`, committed), sends, then records the outcome, so
a job that runs twice, or two workers at once, never send the same row twice.

A worker killed between the send and the record leaves its row `sending`. After the
lease, a mail in that state is marked `interrupted` and never resent: the SMTP server
may already have accepted it, and a follower never gets the same news twice (at most
once). A webhook call in that state is made again (at least once): apps receive the
change's `id` and drop one they already have, as the README asks them to. So is a
confirmation mail: a second mail with the same kind of link confirms nothing twice,
while a lost one leaves the visitor waiting for a link that never comes.

A delivery whose show was unpublished before it went out is `withdrawn`, not sent; a
mail that cannot be built (a header Django refuses) fails on its own, with the reason,
and the others go out. Errors are stored without addresses: editors read them.
"""

import datetime
import logging
import smtplib
from functools import partial

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from series.models import Show, sibling_seasons

from .changes import changed_season_ids, record_changes
from .mail import digest_mail, follow_request, redact, season_news
from .models import (
    ConfirmationMail,
    Delivery,
    Digest,
    EmailDelivery,
    Subscription,
    WebhookDelivery,
)
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


def withdraw(delivery, now):
    """The show went back to draft after this delivery was queued: send nothing."""
    type(delivery).objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.WITHDRAWN,
        finished_at=now,
        last_error="The show was unpublished before this was sent; nothing was sent.",
    )


def still_published(show_id):
    """Read now, not when the due rows were loaded: a slow pass takes a while."""
    return Show.objects.published().filter(pk=show_id).exists()


def release_abandoned(now):
    """Deliveries a dead worker left `sending`: digest mails are marked, webhook calls
    and confirmation mails sent again."""
    stale = {"status": Delivery.Status.SENDING, "claimed_at__lt": now - LEASE}
    EmailDelivery.objects.filter(**stale).update(
        status=Delivery.Status.INTERRUPTED,
        finished_at=now,
        last_error="The worker stopped after claiming this mail; it may have been sent.",
    )
    for model in (WebhookDelivery, ConfirmationMail):
        model.objects.filter(**stale).update(status=Delivery.Status.PENDING, next_attempt_at=now)


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


def send_one(connection, delivery, now, build):
    """Build and send the claimed `delivery`'s mail; record the outcome.

    Returns (sent, retry time or None).
    """
    try:
        message = build()
        message.message()  # where Django checks the headers: fail this mail, not the pass
    except ValueError as error:  # BadHeaderError and undecodable text among them
        logger.warning("Mail delivery %s could not be built: %s", delivery.pk, redact(str(error)))
        reason = redact(f"The mail could not be built: {error}")[:500]
        record(delivery, now, reason, permanent=True)
        return False, None
    try:
        connection.open()  # once; again after a failure closed it
        connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        connection.close()
        logger.warning("Mail delivery %s failed: %s", delivery.pk, redact(str(error)))
        return False, record(delivery, now, redact(str(error))[:500], is_permanent(error))
    record(delivery, now)
    return True, None


def send_due_confirmations(connection, now):
    """Send every due follow request's mail; returns (sent, retry times)."""
    sent, retries = 0, []
    due = ConfirmationMail.objects.due(now).select_related("show")
    for mail in due.order_by("next_attempt_at", "pk"):
        if not claim(ConfirmationMail, mail.pk, now):
            continue
        if not still_published(mail.show_id):
            withdraw(mail, now)
            continue
        subscription = (
            Subscription.objects.filter(email=mail.email, show=mail.show_id)
            .select_related("show")
            .first()
        )
        build = partial(follow_request, mail.email, mail.show, subscription)
        done, retry = send_one(connection, mail, now, build)
        sent += done
        retries += [retry] if retry else []
    # Sent, given up or withdrawn: the address is kept no longer than its request needs.
    ConfirmationMail.objects.exclude(
        status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    ).delete()
    return sent, retries


def send_confirmations(now=None):
    """Only the follow requests' mails: what a follow request wakes the worker for, so a
    visitor's click does not cost a pass over every season."""
    now = now or timezone.now()
    connection = get_connection()
    try:
        return send_due_confirmations(connection, now)
    finally:
        connection.close()


def send_due_digests(connection, now):
    """Send every due digest mail; returns (sent, retry times)."""
    sent, retries, news = 0, [], {}
    due = EmailDelivery.objects.due(now).select_related("digest__show", "subscription__show")
    for delivery in due.order_by("next_attempt_at", "pk"):
        if not claim(EmailDelivery, delivery.pk, now):
            continue
        if delivery.subscription is None:
            record(delivery, now, "The follower unsubscribed before it was sent.", True)
            continue
        if not still_published(delivery.digest.show_id):
            withdraw(delivery, now)
            continue
        if delivery.digest_id not in news:
            news[delivery.digest_id] = season_news(delivery.digest)
        build = partial(digest_mail, delivery, news[delivery.digest_id])
        done, retry = send_one(connection, delivery, now, build)
        sent += done
        retries += [retry] if retry else []
    return sent, retries


def send_due_mail(now):
    """Send every due mail over one SMTP connection, opened only if one is due.

    Returns (confirmations sent, digest mails sent, retry times).
    """
    connection = get_connection()
    try:
        confirmations, confirmation_retries = send_due_confirmations(connection, now)
        digests, digest_retries = send_due_digests(connection, now)
    finally:
        connection.close()
    return confirmations, digests, confirmation_retries + digest_retries


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
        if not still_published(delivery.change.season.show_id):
            withdraw(delivery, now)
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
    confirmations, mails, mail_retries = send_due_mail(now)
    calls, call_retries = send_due_webhooks(now)
    return {
        "changes": len(recorded),
        "digests": closed,
        "confirmations": confirmations,
        "mails": mails,
        "webhooks": calls,
        "retry_at": sorted(set(mail_retries + call_retries)),
        "recorded": recorded,
    }
