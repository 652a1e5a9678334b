"""Background tasks (Django's tasks API; the django-tasks backport on Django 5.2).

Tasks carry no state of their own: the rows in follows.models are the truth, and each
task just runs the due work. Running one twice, or one left behind by a killed worker
and then another, sends nothing twice (see follows.delivery).
"""

import logging
import smtplib

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from series.models import Show

from .delivery import backoff, run_due
from .mail import follow_request
from .models import Subscription

logger = logging.getLogger(__name__)

FOLLOW_REQUEST_ATTEMPTS = 5


def wake_at(when=None):
    """Have a worker run the due work at `when` (now if None)."""
    task_ = deliver_due if when is None else deliver_due.using(run_after=when)
    task_.enqueue()


def wake_worker(changes):
    """After changes were recorded: webhooks now, each digest when its window closes."""
    wake_at()
    for due in sorted({change.digest.due_at for change in changes}):
        if due > timezone.now():
            wake_at(due)


@task()
def deliver_due():
    """Close due digests and send every due mail and webhook call; schedule retries."""
    done = run_due()
    for when in done["retry_at"]:
        wake_at(when)
    if done["recorded"]:
        wake_worker(done["recorded"])
    return {
        key: value
        for key, value in done.items()
        if key in ("changes", "digests", "mails", "webhooks")
    }


@task()
def send_follow_request(email, show_id, attempt=1):
    """The confirmation mail (or, to a follower, a reminder), retried on SMTP failure."""
    show = Show.objects.published().filter(pk=show_id).first()
    if show is None:
        return "show gone"
    subscription = (
        Subscription.objects.filter(email=email, show=show).select_related("show").first()
    )
    try:
        follow_request(email, show, subscription).send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= FOLLOW_REQUEST_ATTEMPTS:
            raise
        logger.warning("Follow request mail failed (attempt %s): %s", attempt, error)
        when = timezone.now() + backoff(attempt)
        send_follow_request.using(run_after=when).enqueue(email, show_id, attempt + 1)
        return "retrying"
    return "sent"


def request_follow(email, show):
    """Queue the confirmation mail once the request's transaction commits."""
    transaction.on_commit(lambda: send_follow_request.enqueue(email, show.pk))
