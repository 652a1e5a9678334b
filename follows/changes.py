"""What changed for followers: each season compared with how they last heard of it.

`SeasonState` holds every season as followers last heard of it. After a transaction
that touched a season commits, the season is compared with its state: a new decision,
a premiere date announced or moved, or a premiere that has arrived becomes a `Change`
in the show's open `Digest` (one per show, closing `FOLLOW_DIGEST_MINUTES` after its
first change) and a `WebhookDelivery` per matching endpoint. Nothing is sent here: the
background worker is woken after the commit. A season with no state is new (every
season that existed got one by migration) and is compared with "pending, no date".
Seasons a bulk writer loaded (`derive.announce_bulk_change`) get their state as they
are instead: a catalogue loaded at once is nobody's news, and the first mail after it
would otherwise list each of its seasons as new.
"""

import datetime
import itertools
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from series.fuzzy import arrived_by
from series.models import Season
from series.status import Decision, decision_label

from .models import Change, Digest, SeasonState, Subscription, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)


def digest_window():
    return datetime.timedelta(minutes=settings.FOLLOW_DIGEST_MINUTES)


def state_values(season, today):
    premiere = season.premiere
    return {
        "decision": season.decision,
        "premiere_date": season.premiere_date,
        "premiere_precision": season.premiere_precision,
        "premiered": premiere is not None and premiere.has_arrived(today),
    }


def differences(state, season, today):
    """The changes from `state` (None for a new season) to `season`, as (kind, before, after)."""
    old_decision = state.decision if state else Decision.PENDING
    old_premiere = state.premiere if state else None
    old_premiered = state.premiered if state else False
    new = state_values(season, today)
    premiere = season.premiere
    found = []
    if new["decision"] != old_decision:
        found.append(
            (
                Change.Kind.DECISION,
                decision_label(old_decision, season.number),
                decision_label(new["decision"], season.number),
            )
        )
    if old_premiere is None and premiere is not None:
        found.append((Change.Kind.PREMIERE_ANNOUNCED, "", str(premiere)))
    elif old_premiere is not None and premiere != old_premiere:
        after = str(premiere) if premiere is not None else "no date"
        found.append((Change.Kind.PREMIERE_MOVED, str(old_premiere), after))
    elif new["premiered"] and not old_premiered:
        # Only a known date arriving: a premiere typed in after the fact is the line above.
        found.append((Change.Kind.PREMIERED, "", str(premiere)))
    return found


def audience_exists(show):
    """Whether anyone would hear of a change to `show`: confirmed followers or webhooks."""
    if not show.is_published:
        return False
    return (
        Subscription.objects.confirmed().filter(show=show).exists()
        or WebhookEndpoint.objects.filter(
            Q(show=show) | Q(show__isnull=True), is_active=True
        ).exists()
    )


def open_digest(show, now):
    """The show's digest still collecting changes, locked; opened if there is none."""
    digest = Digest.objects.select_for_update().filter(show=show, status=Digest.Status.OPEN)
    found = digest.first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Digest.objects.create(show=show, due_at=now + digest_window())
    except IntegrityError:  # another process opened it a moment ago
        return digest.get()


def record_changes(season_ids, now=None):
    """Compare the seasons with their states; record and return what followers must hear.

    Runs in its own transaction; the states move on even when nobody follows, so a
    follower who arrives later is told only what happens after.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    recorded, new_states = [], []
    with transaction.atomic():
        seasons = Season.objects.filter(pk__in=season_ids).select_related("show", "follow_state")
        for season in seasons.select_for_update(of=("self",)):
            state = getattr(season, "follow_state", None)
            found = differences(state, season, today)
            values = state_values(season, today)
            if state is None:
                new_states.append(SeasonState(season=season, **values))
            elif found or values["premiered"] != state.premiered:
                SeasonState.objects.filter(pk=state.pk).update(**values)
            if not found or not audience_exists(season.show):
                continue
            digest = open_digest(season.show, now)
            for kind, before, after in found:
                change = Change.objects.create(
                    season=season, digest=digest, kind=kind, before=before, after=after
                )
                recorded.append(change)
                endpoints = WebhookEndpoint.objects.filter(
                    Q(show=season.show) | Q(show__isnull=True), is_active=True
                )
                WebhookDelivery.objects.bulk_create(
                    [
                        WebhookDelivery(endpoint=endpoint, change=change, next_attempt_at=now)
                        for endpoint in endpoints
                    ]
                )
        # Seasons created without signals (bulk loads) arrive here in thousands at once.
        SeasonState.objects.bulk_create(new_states, batch_size=1000, ignore_conflicts=True)
    return recorded


def start_missing_states(now=None):
    """Give every season without a state its state as it is now, recording no change."""
    today = timezone.localdate(now or timezone.now())
    stateless = Season.objects.filter(follow_state__isnull=True).only(
        "decision", "premiere_date", "premiere_precision"
    )
    states = (
        SeasonState(season_id=season.pk, **state_values(season, today))
        for season in stateless.iterator(chunk_size=2000)
    )
    while batch := list(itertools.islice(states, 2000)):
        SeasonState.objects.bulk_create(batch, ignore_conflicts=True)


def changed_season_ids(today):
    """Seasons whose facts differ from their state: writes that sent no signal, missed runs,
    and premieres whose whole period is over by `today`, as `state_values` judges them: "Fall
    2026" is found on 30 November, not on every pass from 1 September."""
    premiered = arrived_by("premiere_date", "premiere_precision", today)
    differing = Season.objects.filter(
        Q(follow_state__isnull=True)
        | ~Q(decision=F("follow_state__decision"))
        | ~Q(premiere_precision=F("follow_state__premiere_precision"))
        | Q(premiere_date__isnull=True, follow_state__premiere_date__isnull=False)
        | Q(premiere_date__isnull=False, follow_state__premiere_date__isnull=True)
        | ~Q(premiere_date=F("follow_state__premiere_date"))
        | Q(follow_state__premiered=False) & premiered
    )
    return list(differing.values_list("pk", flat=True))
