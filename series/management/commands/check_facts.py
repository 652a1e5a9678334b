"""Find facts that disagree with each other, print them, and fail if there are any.

The signal handlers keep derived values true on every save, but raw SQL, a
restored backup or a bug can still leave the database inconsistent. Run this
after imports and from cron; it exits 1 when it finds anything.
"""

import unicodedata
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch
from django.utils import timezone

from series.admin.worklist import change_url, store_findings
from series.freshness import ensure_current_statuses
from series.fuzzy import FuzzyDate
from series.models import Announcement, CriticScore, Person, Season, Show
from series.status import latest_decision


class Finding(str):
    """One line of the report, carrying the record it is about (for the worklist's links)."""

    def __new__(cls, text, obj=None):
        finding = super().__new__(cls, text)
        finding.obj = obj
        return finding


def name_key(name):
    """How a person's name reads regardless of case, accents, dots and spacing."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.replace(".", " ").replace("-", " ").split())


def not_normalized(label, date, precision):
    if date is None:
        return None
    start = FuzzyDate(date, precision).start
    if start != date:
        return f"{label} {date.isoformat()} is not the first day of its {precision} ({start})"
    return None


class Command(BaseCommand):
    help = (
        "List every inconsistency in the facts (stale decisions and statuses, impossible "
        "dates, missing seasons, duplicate-looking people); exit 1 if there is any."
    )

    def handle(self, *args, **options):
        problems = self.collect(timezone.localdate())
        store_findings(self.findings(problems))
        return self.report(problems)

    def findings(self, problems):
        """[(heading, text, admin URL of the record to fix)] for the worklist."""
        return [
            (heading, str(line), change_url(line.obj) if line.obj else "")
            for heading, lines in problems.items()
            for line in lines
        ]

    def collect(self, today):
        """{heading: [Finding]} for every inconsistency in the facts."""
        # What the calendar changed today is re-derived first, as any request would.
        ensure_current_statuses(today)
        problems = defaultdict(list)
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
                problems["Show status differs from its seasons"].append(
                    Finding(f"{show.slug}: stored '{show.status}', derived '{derived}'", show)
                )
            numbers = [season.number for season in seasons]
            missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
            if show.is_published and missing:
                problems["Published show with missing seasons"].append(
                    Finding(f"{show.slug}: no season {', '.join(map(str, missing))}", show)
                )
            previous = None
            for season in seasons:
                self.check_season(season, problems)
                if (
                    previous is not None
                    and previous.premiere
                    and season.premiere
                    and season.premiere.start < previous.premiere.start
                ):
                    problems["Season premieres before the season it follows"].append(
                        Finding(
                            f"{season.natural_key()}: {season.premiere} is before season "
                            f"{previous.number}'s {previous.premiere}",
                            season,
                        )
                    )
                previous = season
        self.check_announcements(today, problems)
        for score in CriticScore.objects.select_related("season__show"):
            issue = not_normalized("retrieved", score.retrieved_date, score.retrieved_precision)
            if issue:
                problems["Coarse date not stored as its period's first day"].append(
                    Finding(f"critic score {score.natural_key()}: {issue}", score)
                )
        people = defaultdict(list)
        for person in Person.objects.only("name", "slug").order_by("slug"):
            people[name_key(person.name)].append(person)
        for group in people.values():
            if len(group) > 1:
                problems["People who look like duplicates"].append(
                    Finding(", ".join(f"{p.slug} ({p.name})" for p in group), group[-1])
                )
        return problems

    def check_season(self, season, problems):
        key = season.natural_key()
        derived = latest_decision(season.reports())
        if derived != season.decision:
            problems["Season decision differs from its announcements"].append(
                Finding(
                    f"{key}: stored '{season.decision}', latest announcement says '{derived}'",
                    season,
                )
            )
        if season.finale_date and not season.premiere_date:
            problems["Finale without a premiere"].append(Finding(f"{key}", season))
        elif season.finale_date and season.finale_date < season.premiere_date:
            problems["Finale before premiere"].append(
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
                problems["Coarse date not stored as its period's first day"].append(
                    Finding(f"season {key}: {issue}", season)
                )

    def check_announcements(self, today, problems):
        for announcement in Announcement.objects.select_related("season__show"):
            key = announcement.natural_key()
            issue = not_normalized(
                "announced", announcement.announced_date, announcement.announced_precision
            )
            if issue:
                problems["Coarse date not stored as its period's first day"].append(
                    Finding(f"announcement {key}: {issue}", announcement)
                )
            if not announcement.source_name.strip():
                problems["Announcement without a source"].append(Finding(str(key), announcement))
            if announcement.announced.start > today:
                problems["Announcement dated in the future"].append(
                    Finding(f"{key}: announced {announcement.announced}", announcement)
                )

    def report(self, problems):
        if not problems:
            self.stdout.write("No inconsistencies found.")
            return
        total = sum(len(lines) for lines in problems.values())
        for heading, lines in problems.items():
            self.stdout.write(f"{heading} ({len(lines)}):")
            for line in lines:
                self.stdout.write(f"  - {line}")
        raise CommandError(f"{total} inconsistenc{'y' if total == 1 else 'ies'} found.")
