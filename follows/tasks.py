"""Background tasks (Django's tasks API; the django-tasks backport on Django 5.2).

Tasks carry no state of their own: the rows in follows.models are the truth, and each
task just runs the due work. Running one twice, or one left behind by a killed worker
and then another, sends no digest mail twice (see follows.delivery).
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from series.models import Show

from .delivery import run_due, send_confirmations
from .models import ConfirmationMail


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
        if key in ("changes", "digests", "confirmations", "mails", "webhooks")
    }


@task()
def deliver_confirmations():
    """Send the follow requests' mails now; a failed one waits for the full pass."""
    sent, retries = send_confirmations()
    for when in retries:
        wake_at(when)
    return {"confirmations": sent}


@task()
def send_follow_request(email, show_id, attempt=1):
    """Tasks queued before follow request mails became rows: each becomes its row."""
    show = Show.objects.filter(pk=show_id).first()
    if show is not None:
        request_follow(email, show)
    return "queued"


def request_follow(email, show):
    """Queue the confirmation mail as a row now; wake the worker once the request commits.

    One waiting mail per address and show: a repeated request adds nothing.
    """
    mail = ConfirmationMail(email=email, show=show, next_attempt_at=timezone.now())
    ConfirmationMail.objects.bulk_create([mail], ignore_conflicts=True)
    transaction.on_commit(deliver_confirmations.enqueue)
