"""Followers hear of a season's changes once the transaction that made them commits.

One subscription to `series.derive.facts_changed`, sent after the commit with the
seasons' stored decisions already re-derived: each touched season is compared with
how followers last heard of it, then the worker is woken. After a bulk writer's
change (`everything`), the seasons it loaded start from how they are now.
"""

from django.dispatch import receiver

from series.derive import facts_changed
from series.models import Announcement, Season

from .changes import record_changes, start_missing_states
from .tasks import wake_worker


def touched_seasons(changes):
    seasons = set()
    for change in changes:
        record = change.record
        if isinstance(record, Announcement):
            seasons |= {record.season_id, change.moved("season_id")} - {None}
        elif isinstance(record, Season) and not change.deleted:
            seasons.add(record.pk)
    return seasons


@receiver(facts_changed, dispatch_uid="follows_facts_changed")
def compare_seasons(sender, changes, everything=False, **kwargs):
    if everything:
        start_missing_states()
    seasons = touched_seasons(changes)
    if seasons:
        recorded = record_changes(seasons)
        if recorded:
            wake_worker(recorded)
