"""What needs an editor: the "Needs attention" worklist.

Each kind of case is one QuerySet built with subqueries, so a page costs the same
number of queries whatever the size of the catalogue, and each row knows the admin
form that fixes it. The fact checks (`series.consistency`) read everything, so the
worklist shows the findings kept from their latest run (the worklist's button, or
`manage.py check_facts`) instead of running them per page; two of them it lists live.

The worklist is a queue: every link on it carries the worklist's own address (its kind,
page, network and search) as `next`, and the admin returns there after the fix is saved
(`base.EditorAdmin`), so the editor goes on from the same place.
"""

import contextlib
import datetime
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.db.models import OuterRef, Q, Subquery, Value
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from series import search
from series.consistency import (
    AIRING_WEEKS,
    airing_past_expected_end,
    announced_in_future,
    cancelled_after_airing,
)
from series.derive import facts_changed, facts_changing
from series.freshness import UNREACHABLE as CACHE_UNREACHABLE
from series.fuzzy import arrived_by
from series.models import (
    Announcement,
    Network,
    OutlookTally,
    Season,
    Show,
    made_by_a_later_season,
)
from series.outlook.model import MIN_TIMING_SAMPLE
from series.status import DISAGREE_DAYS, Decision, decision_label

QUIET_DAYS = 30  # after a finale, how long before "no word on the next season" is a case
UNSCHEDULED_DAYS = 183  # after a renewal, how long before "no premiere date" is a case
COUNT_CAP = 1000  # cases counted per kind, and listed on a kind's own pages


def overdue_condition(today):
    """A Q for seasons whose finale was longer ago than half of their network's decisions
    took (the outlook's `overdue`: later than its network's median delay), or None when
    no network has timing; a network with too few dated decisions has none, so none of
    its seasons is overdue. One read of the networks' stored delays (`OutlookTally`)."""
    tallies = OutlookTally.objects.filter(
        network__isnull=False, group=OutlookTally.EVERY_GROUP, band=OutlookTally.EVERY_BAND
    )
    overdue = Q()
    for network, delays in tallies.order_by().values_list("network_id", "delays"):
        if len(delays) >= MIN_TIMING_SAMPLE:
            # Later than half: more than delays[n // 2] days since the finale's last day.
            wholly_over = today - datetime.timedelta(days=delays[len(delays) // 2] + 1)
            overdue |= Q(show__network_id=network) & arrived_by(
                "finale_date", "finale_precision", wholly_over
            )
    return overdue or None


class OverdueFirst:
    """Quiet cases as listed: the overdue ones first, then the others, each latest finale
    first. Two walks down the finale index, each stopping at the rows wanted: one sort of
    every case by an overdue CASE took 163 ms at 50,000 shows on PostgreSQL.

    Sliced as a QuerySet is (lazily, by the worklist's preview and by Paginator), counted
    with `count()`; each case carries `overdue` (0 or 1) as the single query did.
    """

    def __init__(self, overdue, others, start=0, stop=None):
        self.overdue, self.others = overdue, others  # each in the listed order
        self.start, self.stop = start, stop
        self._cases = None

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1]._fetch()[0]
        if key.step is not None or (key.start or 0) < 0 or (key.stop or 0) < 0:
            raise ValueError("Only forward slices of the worklist's cases are supported.")
        start = self.start + (key.start or 0)
        stop = None if key.stop is None else self.start + key.stop
        if self.stop is not None:
            stop = self.stop if stop is None else min(stop, self.stop)
        return OverdueFirst(self.overdue, self.others, start, stop)

    def __iter__(self):
        return iter(self._fetch())

    def __len__(self):
        return len(self._fetch()) if self._cases is not None else self.count()

    def count(self):
        overdue = self.overdue[: self.stop].count()
        others = self.others[: None if self.stop is None else self.stop - overdue].count()
        return max(overdue + others - self.start, 0)

    def _fetch(self):
        if self._cases is None:
            wanted = None if self.stop is None else self.stop - self.start
            cases = list(self.overdue[self.start : self.stop])
            if wanted is None or len(cases) < wanted:
                # The overdue cases ran out before this view's end; the others start
                # after those of them that come before this view.
                overdue_before = self.start if cases else self.overdue[: self.start].count()
                offset = self.start - overdue_before
                end = None if wanted is None else offset + wanted - len(cases)
                cases += list(self.others[offset:end])
            self._cases = cases
        return self._cases


def finished_without_word(today):
    """Seasons over for more than QUIET_DAYS, not the last, and nothing said about the next."""
    cutoff = today - datetime.timedelta(days=QUIET_DAYS)
    following = Season.objects.filter(show=OuterRef("show"), number=OuterRef("number") + 1)
    return (
        Season.objects.filter(arrived_by("finale_date", "finale_precision", cutoff))
        .exclude(decision__in=[Decision.FINAL, Decision.CANCELLED])
        .exclude(made_by_a_later_season())  # a later season has a decision or a date
        .annotate(next_season_id=Subquery(following.values("pk")[:1]))
        .select_related("show")
        # Latest finale first, walking the finale index back from the cutoff: recent
        # finales are mostly cases, where the oldest are mostly answered (0.6 s to find
        # ten at 50,000 shows that way, 3 ms this way).
        .order_by("-finale_date", "-pk")
    )


def overdue_first(cases, today):
    """The quiet `cases` as listed: those overdue by their network's own timing first
    (`overdue_condition`), then the latest finale first. Counts skip this (and its read)."""
    overdue = overdue_condition(today)
    if overdue is None:
        return cases.annotate(overdue=Value(1)).order_by("-finale_date", "-pk")
    order = ("-finale_date", "-pk")
    return OverdueFirst(
        cases.filter(overdue).annotate(overdue=Value(0)).order_by(*order),
        cases.exclude(overdue).annotate(overdue=Value(1)).order_by(*order),
    )


def renewed_without_premiere(today):
    """Seasons renewed more than UNSCHEDULED_DAYS ago that still have no premiere date."""
    cutoff = today - datetime.timedelta(days=UNSCHEDULED_DAYS)
    latest = Announcement.objects.filter(season=OuterRef("pk")).order_by("-announced_date")
    return (
        Season.objects.filter(
            decision__in=[Decision.RENEWED, Decision.FINAL], premiere_date__isnull=True
        )
        .annotate(decided_date=Subquery(latest.values("announced_date")[:1]))
        .filter(decided_date__lte=cutoff)
        # Shows by a second query for the page's rows: joined, PostgreSQL merged every
        # show into the sort (0.14 s at 50,000 shows, against 0.05 s this way).
        .prefetch_related("show")
        .order_by("decided_date", "pk")
    )


def unlinked_sources(today):
    """Announcements that name a source but give no URL to check it."""
    return (
        Announcement.objects.filter(source_url="")
        .select_related("season__show")
        .order_by("-pk")  # newest entries first, reading the table in its own order
    )


def disagreeing_sources(today):
    """Seasons with two different decisions reported within DISAGREE_DAYS of each other.

    Kept on the season as its announcements change (`Season.sources_disagree`), so this
    reads a small partial index instead of comparing every pair of announcements.
    """
    return (
        Season.objects.filter(sources_disagree=True)
        .select_related("show")
        # The partial index's order: by show title would scan every show to avoid a sort.
        .order_by("show_id", "number")
    )


def change_url(obj):
    return record_change_url(obj._meta.app_label, obj._meta.model_name, obj.pk)


def record_change_url(app_label, model_name, pk):
    return reverse(f"admin:{app_label}_{model_name}_change", args=[pk])


def decision_url(season_id):
    return reverse("admin:series_season_record_decision", args=[season_id])


def returning(url, back, fragment=""):
    """`url` with `next=back` added to its query, so the admin comes `back` after the fix."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{urlencode({'next': back})}{fragment}"


@dataclass(frozen=True)
class Row:
    subject: str
    subject_url: str  # the record itself
    detail: str
    fix_label: str
    fix_url: str

    def returning_to(self, back):
        """The same row, its links coming `back` to the worklist after the save."""
        subject, _, subject_fragment = self.subject_url.partition("#")
        fix, _, fix_fragment = self.fix_url.partition("#")
        return Row(
            self.subject,
            returning(subject, back, "#" + subject_fragment if subject_fragment else ""),
            self.detail,
            self.fix_label,
            returning(fix, back, "#" + fix_fragment if fix_fragment else ""),
        )


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    explanation: str
    cases: object  # today -> QuerySet
    row: object  # object -> Row
    show_path: str = "show"  # from a case to its show, for the network and title filters
    ordered: object = None  # (cases, today) -> the cases in the order they are listed

    def queryset(self, today, network=None, title=""):
        return narrowed(self.cases(today), self.show_path, network, title)

    def listed(self, today, network=None, title=""):
        """The cases as an editor reads them (counting needs no order)."""
        cases = self.queryset(today, network, title)
        return self.ordered(cases, today) if self.ordered else cases


def narrowed(cases, show_path, network=None, title=""):
    """`cases` of one network and/or whose show's title contains `title`.

    Both narrow the shows first, as one subquery: the database then starts from that
    network's or title's shows and their seasons (an index on the season's show) instead
    of walking every case in the kind's order and joining each to its show (a capped
    count of one network's quiet seasons: 99.5 ms joined, at 5,000 shows on SQLite).
    The title is read from the search index (`series.search.contains`), as the admin's
    own show search is, not from a scan of every title.
    """
    if network is None and not title:
        return cases
    shows = Show.objects.all()
    if network is not None:
        shows = shows.filter(network=network)
    if title:
        shows = shows.filter(search.contains(Show, title, ["title"]))
    return cases.filter(**{f"{show_path}__in": shows.values("pk")})


def _quiet_row(season):
    detail = f"Finale {season.finale}; no decision or premiere for season {season.number + 1}."
    if getattr(season, "overdue", 1) == 0:
        detail += " Overdue: later than half of its network's decisions came."
    if season.next_season_id:
        return Row(
            str(season),
            change_url(season),
            detail,
            "Record a decision",
            decision_url(season.next_season_id),
        )
    add = reverse("admin:series_season_add")
    # Saved with a `next`, a new season goes on to its decision form (SeasonWorkbench).
    return Row(
        str(season),
        change_url(season),
        detail,
        f"Add season {season.number + 1}",
        f"{add}?show={season.show_id}&number={season.number + 1}",
    )


def _unscheduled_row(season):
    return Row(
        str(season),
        change_url(season),
        f"{decision_label(season.decision, season.number)} since {season.decided_date:%B %Y}; "
        "no premiere date.",
        "Add the premiere",
        change_url(season),
    )


def _unlinked_row(announcement):
    return Row(
        str(announcement.season),
        change_url(announcement.season),
        f"{announcement.decision_label()}: {announcement.source_name}, "
        f"{announcement.announced}; no source URL.",
        "Add the URL",
        change_url(announcement),
    )


def _disagreeing_row(season):
    return Row(
        str(season),
        change_url(season),
        f"Currently {decision_label(season.decision, season.number)}; sources report "
        f"different decisions within {DISAGREE_DAYS} days.",
        "Review the announcements",
        change_url(season) + "#announcements-group",
    )


def _airing_row(season):
    return Row(
        str(season),
        change_url(season),
        f"Premiered {season.premiere}, more than {AIRING_WEEKS} weeks ago, and no finale "
        'date: it still reads "Airing now".',
        "Add the finale",
        change_url(season),
    )


def _future_row(announcement):
    return Row(
        str(announcement.season),
        change_url(announcement.season),
        f"{announcement.decision_label()}: {announcement.source_name}, dated "
        f"{announcement.announced}, after today.",
        "Correct the date",
        change_url(announcement),
    )


def _misplaced_row(season):
    following = season.number + 1
    return Row(
        str(season),
        change_url(season),
        f"Premiered {season.premiere}, yet recorded as cancelled: the cancellation belongs "
        f"to season {following}, the one that will not be made.",
        f"Move it to season {following}",
        change_url(season) + "#cancellation-fix",
    )


KINDS = [
    Kind(
        "quiet",
        "Finished, no word on the next season",
        f"Seasons whose finale was more than {QUIET_DAYS} days ago, with no decision or "
        "premiere for a later season; those overdue by their network's own timing (later "
        "than half of its decisions) first, then the latest finale first.",
        finished_without_word,
        _quiet_row,
        ordered=overdue_first,
    ),
    Kind(
        "unscheduled",
        "Renewed, no premiere date",
        f"Seasons renewed more than {UNSCHEDULED_DAYS // 30} months ago that still have "
        "no premiere date.",
        renewed_without_premiere,
        _unscheduled_row,
    ),
    Kind(
        "unlinked",
        "Decisions without a source URL",
        "Announcements that name a source but give no link to it.",
        unlinked_sources,
        _unlinked_row,
        show_path="season__show",
    ),
    Kind(
        "disagree",
        "Sources disagree",
        f"Seasons with different decisions reported within {DISAGREE_DAYS} days of each other.",
        disagreeing_sources,
        _disagreeing_row,
    ),
    Kind(
        "airing",
        "Airing past its expected end",
        f"Seasons that premiered more than {AIRING_WEEKS} weeks ago (longer than a "
        "September-to-May broadcast season) and have no finale date; the latest premiere "
        "first.",
        airing_past_expected_end,
        _airing_row,
    ),
    Kind(
        "future",
        "Announcements dated in the future",
        "Announcements dated after today, usually a mistyped year; the nearest first.",
        announced_in_future,
        _future_row,
        show_path="season__show",
    ),
    Kind(
        "misplaced",
        "Cancelled after airing",
        "Seasons that premiered and are recorded as cancelled; a cancellation belongs to "
        "the next season, the one that will not be made.",
        cancelled_after_airing,
        _misplaced_row,
    ),
]
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}


# The counts are kept until the facts their cases read change, or the day does; at most
# this long, as a net under a change no event announces (QuerySet.update(), raw SQL).
COUNTS_TIMEOUT = 5 * 60
COUNTS_GENERATION_KEY = "worklist:counts-generation"


def counts(today=None):
    """{kind slug: number of cases, counted up to COUNT_CAP + 1}, one COUNT query per kind.

    Past COUNT_CAP a kind reads "1,000+" (`count_label`): counting 14,000 quiet seasons
    exactly took 0.3 s at 50,000 shows, and an editor works from the top of the list.
    Kept between visits (the four counts took 31 ms at 50,000 shows on SQLite, more than
    the rest of the admin index), so the index does not count on each visit.
    """
    today = today or timezone.localdate()
    try:
        generation = cache.get(COUNTS_GENERATION_KEY, 0)
        key = f"worklist:counts:{generation}:{today.isoformat()}"
        found = cache.get(key)
    except CACHE_UNREACHABLE:  # the cache is a speed-up: count on each visit meanwhile
        return _count(today)
    if found is None:
        found = _count(today)
        with contextlib.suppress(CACHE_UNREACHABLE):  # kept next time, then
            cache.set(key, found, timeout=COUNTS_TIMEOUT)
    return found


def _count(today, network=None, title=""):
    return {
        kind.slug: kind.queryset(today, network, title)[: COUNT_CAP + 1].count() for kind in KINDS
    }


def narrowed_counts(today, network=None, title=""):
    """`counts()`, of the cases of one network and/or show title: counted on each visit
    (a narrowed count is cheaper, and a cache per filter would be mostly misses)."""
    if network is None and not title:
        return counts(today)
    return _count(today, network, title)


def forget_counts():
    """Count afresh on the next visit."""
    # Unreachable, the cache serves no counts; back from an older snapshot, its counts
    # are at most COUNTS_TIMEOUT old, the net every unannounced change already has.
    with contextlib.suppress(CACHE_UNREACHABLE):
        cache.set(COUNTS_GENERATION_KEY, time.time_ns(), timeout=None)


@receiver(facts_changing, dispatch_uid="worklist_facts_changing")
@receiver(facts_changed, dispatch_uid="worklist_facts_changed")
def cases_changed(sender, changes, everything=False, **kwargs):
    """A change to a season or an announcement, the records every case is read from, makes
    the counts stale: at once (this process sees its own change) and again after the
    commit (a count another request made from the rows before it is not kept)."""
    if everything or any(isinstance(c.record, (Season, Announcement)) for c in changes):
        forget_counts()


def reached_cap(count):
    """Whether a count from `counts()` stopped at COUNT_CAP (there are more cases)."""
    return count > COUNT_CAP


def count_label(count, more=False):
    """ "12"; "1,000+" for a kind's count that stopped at the cap; "2,345+" for a sum of
    counts (`more`: one of them stopped)."""
    if more:
        return f"{count:,}+"
    return f"{COUNT_CAP:,}+" if reached_cap(count) else f"{count:,}"


class NarrowForm(forms.Form):
    """The worklist's filters: one network, and the show's title (any part of it)."""

    network = forms.ModelChoiceField(
        Network.objects.order_by("name"), required=False, empty_label="All networks"
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        strip=True,
        label="Show title",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def narrowing(self):
        """(network or None, title or ""): no narrowing for a value that is not valid."""
        if not self.is_valid():
            return None, ""
        return self.cleaned_data["network"], self.cleaned_data["title"]


def finding_rows(findings, back=""):
    """Kept check_facts findings (`series.consistency.latest_findings`) as rows of
    (heading, text, URL of the record's admin form or ""), the form returning `back`."""
    return [
        (heading, text, _returning_if(record_change_url(*record), back) if record else "")
        for heading, text, record in findings
    ]


def _returning_if(url, back):
    return returning(url, back) if back else url
