"""The fact checks: facts that disagree with each other, found by reading them all.

The signal handlers keep derived values true on every save, but raw SQL, a restored
backup or a bug can still leave the database inconsistent. `find_inconsistencies` reads
every fact once; nothing runs it on a schedule (DEPLOYMENT.md, "No daily job"): the
`check_facts` command (run it after imports or bulk changes) and the editors' worklist
button both run it and keep its findings (`keep_findings`), which the worklist shows
until the next run.

Three of its checks are also QuerySets the worklist lists as they happen, without a run:
`airing_past_expected_end`, `announced_in_future` and `cancelled_after_airing`.
"""

import datetime
import logging
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from .freshness import UNREACHABLE as CACHE_UNREACHABLE
from .freshness import ensure_current_statuses
from .fuzzy import FuzzyDate, arrived_by
from .models import Announcement, CriticScore, Person, Season, Show, premiered_by
from .status import Decision, cancellation_misplaced, latest_decision, made_seasons

logger = logging.getLogger(__name__)

FINDINGS_KEY = "check-facts:latest"

# How long after its premiere a season with no finale date still reads "Airing now" before
# it is flagged. The longest usual season, a broadcast one running September to May with
# its breaks, is over within 39 weeks of its premiere; a streaming season within weeks.
# Past that, the finale (or the season's end) happened and nobody entered it.
AIRING_WEEKS = 39


def airing_past_expected_end(today):
    """Seasons whose premiere is wholly over by more than AIRING_WEEKS, with no finale
    date: they would read "Airing now" for ever. The latest premiere first."""
    cutoff = today - datetime.timedelta(weeks=AIRING_WEEKS)
    return (
        Season.objects.filter(finale_date__isnull=True)
        .filter(arrived_by("premiere_date", "premiere_precision", cutoff))
        .select_related("show")
        .order_by("-premiere_date", "-pk")
    )


def announced_in_future(today):
    """Announcements dated after today (their period starts after it): a typo in the year,
    usually, that would make a decision look newer than every real one. The nearest first,
    along the announcement timeline index."""
    return (
        Announcement.objects.filter(announced_date__gt=today)
        .select_related("season__show")
        .order_by("announced_date", "pk")
    )


def cancelled_after_airing(today):
    """Seasons cancelled though they have aired: the SQL twin of
    `status.cancellation_misplaced`. The cancellation belongs to the next season, the one
    that will not be made. Read from the decision index, in show order."""
    return (
        Season.objects.filter(decision=Decision.CANCELLED)
        .filter(premiered_by(today))
        .select_related("show")
        .order_by("show_id", "number")
    )


@dataclass(frozen=True)
class Finding:
    """One line of the report, and the record it is about (to link to its fix)."""

    text: str
    record: models.Model | None = None

    def __str__(self):
        return self.text


def name_key(name):
    """How a person's name reads regardless of case, accents, dots and spacing."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.replace(".", " ").replace("-", " ").split())


def not_normalized(label, date, precision):
    if date is None:
        return None
    period = FuzzyDate(date, precision)
    if period.start != date:
        # The period as editors write it: a precision's value ("segment") is not a word.
        return f"{label} {date.isoformat()} is not the first day of {period} ({period.start})"
    return None


def find_inconsistencies(today):
    """{heading: [Finding]} for every inconsistency in the facts; empty if there is none."""
    # What the calendar changed today is re-derived first, as any request would.
    ensure_current_statuses(today)
    findings = defaultdict(list)
    shows = Show.objects.select_related("network").prefetch_related(
        Prefetch(
            "seasons",
            queryset=Season.objects.prefetch_related("announcements").order_by("number"),
        )
    )
    for show in shows.order_by("slug").iterator(chunk_size=500):
        seasons = list(show.seasons.all())
        derived = show.derive_status(today)
        if derived != show.status:
            findings["Show status differs from its seasons"].append(
                Finding(f"{show.slug}: stored '{show.status}', derived '{derived}'", show)
            )
        counted = len(made_seasons(show.season_states(), today))
        if counted != show.season_count:
            findings["Show season count differs from its seasons"].append(
                Finding(f"{show.slug}: stored {show.season_count}, made seasons {counted}", show)
            )
        numbers = [season.number for season in seasons]
        missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
        if show.is_published and missing:
            findings["Published show with missing seasons"].append(
                Finding(f"{show.slug}: no season {', '.join(map(str, missing))}", show)
            )
        previous = None
        airing_cutoff = today - datetime.timedelta(weeks=AIRING_WEEKS)
        for season in seasons:
            _check_season(season, findings)
            if cancellation_misplaced(season.decision, season.premiere, today):
                findings["Cancellation on a season that has aired"].append(
                    Finding(
                        f"{season.natural_key()}: premiered {season.premiere}; the "
                        f"cancellation belongs to season {season.number + 1}",
                        season,
                    )
                )
            if (
                season.finale_date is None
                and season.premiere
                and season.premiere.has_arrived(airing_cutoff)
            ):
                findings["Season airing past its expected end"].append(
                    Finding(
                        f"{season.natural_key()}: premiered {season.premiere}, no finale date",
                        season,
                    )
                )
            if (
                previous is not None
                and previous.premiere
                and season.premiere
                and season.premiere.start < previous.premiere.start
            ):
                findings["Season premieres before the season it follows"].append(
                    Finding(
                        f"{season.natural_key()}: {season.premiere} is before season "
                        f"{previous.number}'s {previous.premiere}",
                        season,
                    )
                )
            previous = season
    _check_announcements(today, findings)
    for score in CriticScore.objects.select_related("season__show"):
        issue = not_normalized("retrieved", score.retrieved_date, score.retrieved_precision)
        if issue:
            findings["Coarse date not stored as its period's first day"].append(
                Finding(f"critic score {score.natural_key()}: {issue}", score)
            )
    people = defaultdict(list)
    for person in Person.objects.only("name", "slug").order_by("slug"):
        people[name_key(person.name)].append(person)
    for group in people.values():
        if len(group) > 1:
            findings["People who look like duplicates"].append(
                Finding(", ".join(f"{p.slug} ({p.name})" for p in group), group[-1])
            )
    return dict(findings)


def _check_season(season, findings):
    key = season.natural_key()
    derived = latest_decision(season.reports())
    if derived != season.decision:
        findings["Season decision differs from its announcements"].append(
            Finding(
                f"{key}: stored '{season.decision}', latest announcement says '{derived}'",
                season,
            )
        )
    if season.finale_date and not season.premiere_date:
        findings["Finale without a premiere"].append(Finding(f"{key}", season))
    elif season.finale_date and season.finale_date < season.premiere_date:
        findings["Finale before premiere"].append(
            Finding(
                f"{key}: finale {season.finale_date} < premiere {season.premiere_date}",
                season,
            )
        )
    for label, date, precision in [
        ("premiere", season.premiere_date, season.premiere_precision),
        ("finale", season.finale_date, season.finale_precision),
    ]:
        issue = not_normalized(label, date, precision)
        if issue:
            findings["Coarse date not stored as its period's first day"].append(
                Finding(f"season {key}: {issue}", season)
            )


def _check_announcements(today, findings):
    for announcement in Announcement.objects.select_related("season__show"):
        key = announcement.natural_key()
        issue = not_normalized(
            "announced", announcement.announced_date, announcement.announced_precision
        )
        if issue:
            findings["Coarse date not stored as its period's first day"].append(
                Finding(f"announcement {key}: {issue}", announcement)
            )
        if not announcement.source_name.strip():
            findings["Announcement without a source"].append(Finding(str(key), announcement))
        if announcement.announced.start > today:
            findings["Announcement dated in the future"].append(
                Finding(f"{key}: announced {announcement.announced}", announcement)
            )


def total(findings):
    """How many inconsistencies `find_inconsistencies` found, under every heading."""
    return sum(len(lines) for lines in findings.values())


# The latest run's findings, for the worklist.


def keep_findings(findings, when=None):
    """Keep a run's findings as the latest: each (heading, text, record), the record
    named by (app label, model name, primary key) or None."""
    rows = [
        (heading, finding.text, _reference(finding.record))
        for heading, lines in findings.items()
        for finding in lines
    ]
    try:
        cache.set(FINDINGS_KEY, {"when": when or timezone.now(), "findings": rows}, timeout=None)
    except CACHE_UNREACHABLE:  # the run's own answer still stands; only the keeping fails
        logger.warning("The cache is unreachable: these findings were not kept.")


def latest_findings():
    """The latest run as {"when", "findings": [(heading, text, record)]}, or None if no
    run was kept (or the cache holding it is unreachable)."""
    try:
        return cache.get(FINDINGS_KEY)
    except CACHE_UNREACHABLE:
        return None


def _reference(record):
    if record is None:
        return None
    return (record._meta.app_label, record._meta.model_name, record.pk)
