"""One re-derivation per transaction, and one change event after it commits.

A season's stored decision and a show's stored status, active years and season count
are derived from other rows. Every save and delete of the facts (the admin, the ORM,
`loaddata`, imports, restores from history) is noted by signal receivers
(`series.signals`) in the transaction's *batch*, together with the row as it was
stored before the batch first touched it (one read per record). When the batch ends,
still inside its transaction, each touched season is re-derived once, then each
touched show once; after the transaction commits, `facts_changed` is sent once with
every changed record and its previous state. The page cache and follows subscribe to
that one event, so no receiver depends on import or app order.

`changing()` opens a batch around a block (an admin save with its inlines, an import,
a fixture load); a save outside any batch is a batch of its own.
"""

import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from .fuzzy import FuzzyDate
from .models import (
    SEASON_STATE_FIELDS,
    Announcement,
    CriticScore,
    Season,
    Show,
    open_batch,
    set_open_batch,
    sibling_seasons,
)
from .outlook.tallies import recount_everything, recount_shows
from .status import (
    Report,
    active_years,
    latest_decision,
    made_seasons,
    reports_disagree,
    show_status,
    status_changes_on,
)

logger = logging.getLogger(__name__)

# Sent once after a transaction that changed the facts commits, with `changes` (a list of
# `Change`), `everything` (True when a bulk writer changed more than it lists) and `using`.
facts_changed = Signal()
# Sent with the same arguments when the batch ends, before the commit: for state local
# to this process that must see the change at once (the page cache's own versions). Work
# that others see (purges, mail) waits for facts_changed.
facts_changing = Signal()

SHOW_FIELDS = ("status", "status_changes_on", "active_years", "season_count")
# The fields the outlook's tallies read (`series.outlook.records`), by model: a change
# of any other field (a title, a synopsis) leaves them as they are.
OUTLOOK_FIELDS = {
    Season: ("show_id", *SEASON_STATE_FIELDS),
    Announcement: ("season_id", "decision", "announced_date", "announced_precision"),
    CriticScore: ("season_id", "aggregator", "score", "retrieved_date"),
    Show: ("network_id", "is_published"),
}
CHUNK = 2000


@dataclass
class Change:
    """A record a batch saved or deleted, with its stored values before the batch."""

    record: models.Model
    previous: dict | None  # field attnames to values; None for a new record
    deleted: bool = False
    # Many-to-many changes: {related model: primary keys added or removed}.
    related: dict = field(default_factory=dict)

    def touches(self, attnames):
        """Whether the change is a new or deleted record, or moved any of `attnames`."""
        if self.previous is None or self.deleted:
            return True
        return any(self.previous.get(name) != getattr(self.record, name) for name in attnames)

    def moved(self, attname):
        """The value `attname` had before, if the batch changed it (else None)."""
        if self.previous is None or attname not in self.previous:
            return None
        before = self.previous[attname]
        return before if before != getattr(self.record, attname, before) else None


class Batch:
    """What one transaction changed: the records, their stored state, what to derive."""

    def __init__(self, using):
        self.using = using
        self.stored = {}  # (model, pk) -> the row's values before the batch, or None
        self.changes = {}  # (model, pk) -> Change
        self.seasons = set()  # seasons whose decision to derive
        self.announced = set()  # ... of those, whose announcements an editor changed
        self.shows = set()  # shows whose status, years and count to derive
        self.republished = set()  # drafts published again, whose announcements to re-stamp
        # Whose outlook questions to count again: shows, seasons to find shows by, and
        # networks that shows left (their tallies are summed again).
        self.outlook_networks, self.outlook_shows, self.outlook_seasons = set(), set(), set()
        self.everything = False

    # --- Noting ---------------------------------------------------------------------

    def stored_values(self, instance):
        """The row of `instance` as stored before this batch (read once), or None."""
        key = (type(instance), instance.pk)
        if key not in self.stored:
            self.stored[key] = read_stored(instance, self.using)
        return self.stored[key]

    def note(self, instance, deleted=False, raw=False, related=None):
        instance.__dict__.pop("_loaded", None)  # saved: no longer as loaded
        key = (type(instance), instance.pk)
        previous = self.stored.get(key)
        change = self.changes.get(key)
        if change is None:
            change = self.changes[key] = Change(instance, previous)
        change.record, change.deleted = instance, deleted
        if related is not None:  # a many-to-many change derives nothing
            for model, pks in related.items():
                change.related.setdefault(model, set()).update(pks)
            return
        self.plan(change, raw)
        self.plan_outlook(change)

    def plan(self, change, raw):
        """Which seasons and shows the change makes stale."""
        record = change.record
        if isinstance(record, Announcement):
            seasons = {record.season_id, change.moved("season_id")} - {None}
            self.seasons |= seasons
            if not raw:  # a fixture leaves `updated_at` as loaded
                self.announced |= seasons
        elif isinstance(record, Season):
            if not change.deleted:
                # A fixture or a restored version may carry a stale decision.
                self.seasons.add(record.pk)
            self.shows |= {record.show_id, change.moved("show_id")} - {None}
        elif isinstance(record, Show) and not change.deleted:
            self.shows.add(record.pk)
            if change.moved("is_published") is False and not raw:
                self.republished.add(record.pk)

    def plan_outlook(self, change):
        """Whose outlook question rows the change makes stale, if any."""
        record = change.record
        fields = OUTLOOK_FIELDS.get(type(record))
        if fields is None or not change.touches(fields):
            return
        if isinstance(record, Show):
            if change.previous is not None:  # a new show has no decision yet
                self.outlook_shows.add(record.pk)
                self.outlook_networks |= {record.network_id, change.moved("network_id")}
        elif isinstance(record, Season):
            self.outlook_shows |= {record.show_id, change.moved("show_id")}
        else:  # an announcement or a critic score
            self.outlook_seasons |= {record.season_id, change.moved("season_id")}

    def outlook_shows_and_networks(self):
        """The shows whose question rows to replace, and the networks to sum again: the
        ones they are on (one read) and the ones they left."""
        shows, networks = self.outlook_shows - {None}, set(self.outlook_networks)
        seasons = self.outlook_seasons - {None}
        if shows or seasons:
            of_seasons = Season.objects.using(self.using).filter(pk__in=seasons)
            found = Show.objects.using(self.using).filter(
                Q(pk__in=shows) | Q(pk__in=of_seasons.values("show_id"))
            )
            for show, network in found.order_by().values_list("pk", "network_id"):
                shows.add(show)
                networks.add(network)
        return shows, networks - {None}

    # --- Deriving -------------------------------------------------------------------

    def derive(self, today=None):
        """Re-derive every touched season, then every touched show, once each, then the
        outlook's question rows of the shows whose decisions' inputs changed, and their
        networks' tallies."""
        today = today or timezone.localdate()
        shows = refresh_seasons(self.seasons, self.announced, self.using)
        restamp_announcements(self.republished, self.using)
        previous = refresh_shows(self.shows | shows, today, self.using)
        for show, before in previous.items():
            key = (Show, show.pk)
            if key not in self.changes:
                self.changes[key] = Change(show, before)
        shows, networks = self.outlook_shows_and_networks()
        if shows or networks:
            recount_shows(shows, networks, today, self.using)

    def send(self, signal=facts_changed):
        if not (self.changes or self.everything):
            return
        results = signal.send_robust(
            sender=Batch,
            changes=list(self.changes.values()),
            everything=self.everything,
            using=self.using,
        )
        for receiver, result in results:
            if isinstance(result, Exception):
                logger.error("%s failed on a change of the facts", receiver, exc_info=result)


def announce_bulk_change(using=DEFAULT_DB_ALIAS, today=None):
    """For writers that bypass the models (bulk inserts, raw deletes): the outlook's
    tallies are counted afresh, and once their transaction commits, every page may be
    stale."""
    batch = Batch(using)
    batch.everything = True
    recount_everything(today or timezone.localdate(), using)
    batch.send(facts_changing)
    transaction.on_commit(batch.send, using=using)


def current(using=DEFAULT_DB_ALIAS):
    """The batch open on `using` in this thread, or None."""
    return open_batch(using)


@contextlib.contextmanager
def changing(using=DEFAULT_DB_ALIAS, savepoint=True):
    """Within the block, changes are noted; at its end each season and show is derived
    once, and `facts_changed` is sent once after the transaction commits. Nested
    blocks join the outermost one. `savepoint=False` when the caller's own atomic block
    already undoes the whole on failure (a save's batch of one)."""
    batch = current(using)
    if batch is not None:
        yield batch
        return
    batch = Batch(using)
    set_open_batch(using, batch)
    try:
        with transaction.atomic(using=using, savepoint=savepoint):
            yield batch
            batch.derive()
            batch.send(facts_changing)
            transaction.on_commit(batch.send, using=using)
    finally:
        set_open_batch(using, None)


def read_stored(instance, using):
    """The row's field values as stored now (attnames), or None if there is no row.

    A record loaded whole from the database and saved through its version claim is
    stored as it was loaded (every write of its fields moves the version), so no read.
    """
    if instance.pk is None:
        return None
    loaded = getattr(instance, "loaded_values", None)
    if loaded is not None and not instance._state.adding:
        values = loaded()
        if values is not None:
            return values
    rows = type(instance)._base_manager.using(using).filter(pk=instance.pk)
    return rows.values(*(f.attname for f in instance._meta.concrete_fields)).first()


# --- The derivations -------------------------------------------------------------------


def refresh_seasons(season_ids, announced=(), using=DEFAULT_DB_ALIAS):
    """Store each season's decision (its latest announcement's) and whether its sources
    disagree; return the ids of the shows of those seasons.

    `updated_at` moves when the decision changes for seasons in `announced` (an editor
    changed their announcements); a fixture or a restored season keeps its own, so
    loading the same fixture twice leaves every row exactly as it was.
    """
    if not season_ids:
        return set()
    reports = defaultdict(list)
    rows = Announcement.objects.using(using).filter(season_id__in=season_ids)
    for season_id, decision, day, precision, pk in rows.values_list(
        "season_id", "decision", "announced_date", "announced_precision", "pk"
    ).order_by():
        reports[season_id].append(Report(decision, FuzzyDate(day, precision), pk))
    seasons = Season.objects.using(using).filter(pk__in=season_ids).order_by()
    show_ids = set()
    now = timezone.now()
    for pk, show_id, stored, disagreed in seasons.values_list(
        "pk", "show_id", "decision", "sources_disagree"
    ):
        show_ids.add(show_id)
        decision = latest_decision(reports[pk])
        disagree = reports_disagree(reports[pk])
        if (decision, disagree) == (stored, disagreed):
            continue
        values = {"decision": decision, "sources_disagree": disagree}
        if decision != stored and pk in announced:
            values["updated_at"] = now
        Season.objects.using(using).filter(pk=pk).update(**values)
    return show_ids


def restamp_announcements(show_ids, using=DEFAULT_DB_ALIAS):
    """Move `updated_at` of the shows' announcements to now: a show published again
    shows them to API sync clients again, who were told they were gone when it was
    unpublished, and sync from their cursor on."""
    if show_ids:
        announcements = Announcement.objects.using(using).filter(season__show_id__in=show_ids)
        announcements.update(updated_at=timezone.now())


def derived_show_fields(states, announced, today):
    """A show's derived fields from its seasons' states and its announcement dates."""
    premiered = [state.premiere.date for state in states if state.premiere]
    return {
        "status": show_status(states, today),
        "status_changes_on": status_changes_on(states, today),
        "active_years": active_years(premiered + list(announced)),
        # Made seasons only: a season cancelled before it aired is not one of the show's.
        "season_count": len(made_seasons(states, today)),
    }


def refresh_shows(show_ids, today=None, using=DEFAULT_DB_ALIAS):
    """Store each show's derived fields as of `today`, a few queries per 2,000 shows.

    Returns {show: its previous derived values} for the shows whose values changed
    (each show carrying its new values).
    """
    today = today or timezone.localdate()
    changed = {}
    ids = sorted(show_ids)
    # The seasons from the same database as the shows: a prefetch would ask the router,
    # which sends reads outside a transaction (the daily refresh) to a lagging replica.
    seasons = sibling_seasons("seasons")
    seasons.queryset = seasons.queryset.using(using)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        shows = (
            Show.objects.using(using)
            .filter(pk__in=chunk)
            .only(*SHOW_FIELDS)
            .order_by()
            .prefetch_related(seasons)
        )
        announced = defaultdict(list)
        dates = Announcement.objects.using(using).filter(season__show_id__in=chunk)
        for show_id, day in dates.values_list("season__show_id", "announced_date").order_by():
            announced[show_id].append(day)
        stale = []
        for show in shows:
            derived = derived_show_fields(show.season_states(), announced[show.pk], today)
            before = {name: getattr(show, name) for name in SHOW_FIELDS}
            if derived != before:
                for name, value in derived.items():
                    setattr(show, name, value)
                changed[show] = before
                stale.append(show)
        Show.objects.using(using).bulk_update(stale, SHOW_FIELDS)
    return changed


def refresh_expired_statuses(today, using=DEFAULT_DB_ALIAS):
    """Re-derive the shows whose stored status the calendar changed by `today`.

    `status_changes_on` marks the day a premiere or finale passes, so on a normal day
    this is one indexed read that finds nothing. The outlook counts those shows'
    questions again, as a passing premiere answers the question before it.
    Pages are cached per day, so no event is sent.
    """
    expired = Show.objects.using(using).filter(status_changes_on__lte=today)
    rows = list(expired.values_list("pk", "network_id"))
    changed = refresh_shows([pk for pk, _ in rows], today, using)
    # A premiere that passed answers the question before it.
    if rows:
        recount_shows([pk for pk, _ in rows], {network for _, network in rows}, today, using)
    return sum(1 for show, before in changed.items() if show.status != before["status"])
