"""Announcements gone from the API since a timestamp, so a mirror never keeps a retracted
decision or a show taken off the site.

Read from the history app's records: of deletions (django-simple-history writes one,
`history_type` "-", for every deletion, including those cascading from a season or
show), and of shows, whose `is_published` each change records. Listed only for
announcements a client could have seen: their show is published now or was in any
recorded version. One deleted and restored (or unpublished and published again) since
then is not listed: it is back in `results`.
"""

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from series.models import Announcement, Season, Show, show_is_published


def tombstones_since(since):
    """Every announcement deleted or unpublished from `since` on, oldest first."""
    gone = deleted_since(since) + unpublished_since(since)
    return sorted(gone, key=lambda tombstone: (tombstone["deleted_at"], tombstone["id"]))


def deleted_since(since):
    """The tombstones from `since` on, oldest first, one per announcement (its last deletion)."""
    records = Announcement.history.model.objects
    season_history = Season.history.model.objects
    show_history = Show.history.model.objects
    show_id = Coalesce(
        Subquery(Season.objects.filter(pk=OuterRef("season_id")).values("show_id")[:1]),
        Subquery(
            season_history.filter(id=OuterRef("season_id"))
            .order_by("-history_date")
            .values("show_id")[:1]
        ),
    )
    tombstones = (
        records.filter(history_type="-", history_date__gte=since)
        .exclude(id__in=Announcement.objects.values("pk"))
        .annotate(show_ref=show_id)
        .filter(
            Exists(Show.objects.published().filter(pk=OuterRef("show_ref")))
            | Exists(show_history.filter(show_is_published(), id=OuterRef("show_ref")))
        )
        .order_by("history_date", "history_id")
        .values("id", "history_date", "season_id")
    )
    latest = {}
    for tombstone in tombstones:
        latest.pop(tombstone["id"], None)  # keep each id once, at its last deletion
        latest[tombstone["id"]] = tombstone
    seasons = (
        Season.objects.published()
        .with_siblings()
        .in_bulk({t["season_id"] for t in latest.values()})
    )
    return [
        {
            "id": t["id"],
            "deleted_at": t["history_date"],
            "reason": "deleted",
            "season": seasons.get(t["season_id"]),
        }
        for t in latest.values()
    ]


def unpublished_since(since):
    """The announcements of shows unpublished from `since` on and drafts still, each at
    the first change since `since` that recorded its show as a draft. Their seasons are
    not shown: a draft's are not public.

    Read from the shows changed since (the history_date index), not from every draft:
    a show that was never published is not listed, nor one published again since.
    """
    show_history = Show.history.model.objects
    draft_since = show_history.filter(is_published=False, history_date__gte=since)
    shows = Show.objects.filter(is_published=False, pk__in=draft_since.values("id")).filter(
        Exists(show_history.filter(is_published=True, id=OuterRef("pk")))
    )
    unpublished_at = Subquery(
        draft_since.filter(id=OuterRef("season__show_id"))
        .order_by("history_date")
        .values("history_date")[:1]
    )
    rows = (
        Announcement.objects.filter(season__show__in=shows.values("pk"))
        .annotate(unpublished_at=unpublished_at)
        .values("id", "unpublished_at")
    )
    return [
        {
            "id": row["id"],
            "deleted_at": row["unpublished_at"],
            "reason": "unpublished",
            "season": None,
        }
        for row in rows
    ]
