"""The home page's "Latest announcements": one entry per event, its sources folded in.

Several sources report one decision, each at its own precision and a day or two apart
("Variety" on 3 February 2020, the network's press office "February 2020"). An event is
the reports of **the same season and the same decision whose periods lie within
`EVENT_GAP` of one another** (chained: a report joins an event when its period comes
within the gap of any report already in it). The gap is measured between periods, so a
month-precise report contains every day-precise one inside that month. A different
decision on the same season, or the same decision weeks later, is a new event. A coarse
report that could belong to two events ("March" beside reports on the 10th and the 30th)
joins the newer one.
"""

import datetime
from dataclasses import dataclass

from django.utils.functional import cached_property

from series.models import carry_namesakes, has_namesake

# "The same day or so": sources that repeat a decision do so within days.
EVENT_GAP = datetime.timedelta(days=3)

# Rows read per event wanted: the demo decisions have one to three sources (1.75 on average).
ROWS_PER_EVENT = 3


def _timeline_key(report):
    """The timeline order (`Announcement.Meta.ordering`) from the stored columns: the
    period's first day, the finer precision first (precisions sort so as strings)."""
    return (report.announced_date, report.announced_precision, report.pk)


@dataclass
class Event:
    """One decision about one season, as one or more sources reported it."""

    reports: list  # newest first, as read
    start: datetime.date
    end: datetime.date

    @classmethod
    def of(cls, report, period):
        return cls([report], *period)

    @property
    def lead(self):
        """The report the entry is dated and worded by: the most precise, then the
        earliest (the first to say it)."""
        return min(
            self.reports,
            key=lambda a: (a.announced_precision, a.announced_date, a.pk),
        )

    @property
    def season(self):
        return self.reports[0].season

    @property
    def decision(self):
        return self.reports[0].decision

    def takes(self, report, period):
        start, end = period
        return (
            report.season_id == self.reports[0].season_id
            and report.decision == self.decision
            and start <= self.end + EVENT_GAP
            and end >= self.start - EVENT_GAP
        )

    def add(self, report, period):
        self.reports.append(report)
        self.start, self.end = min(self.start, period[0]), max(self.end, period[1])

    @cached_property
    def sources(self):
        """Every report, in the timeline order (earliest first)."""
        return sorted(self.reports, key=_timeline_key)


def fold(reports):
    """Events from `reports` read newest first, in the order of their newest report."""
    events = []
    for report in reports:
        announced = report.announced
        period = (announced.start, announced.end)
        for event in events:
            if event.takes(report, period):
                event.add(report, period)
                break
        else:
            events.append(Event.of(report, period))
    return events


def latest_events(announcements, count, fields):
    """The `count` newest events among `announcements` (published, any filter), in one
    query whatever their number: every report of the seasons named by the newest rows,
    so an event is never cut off at the edge of what was read. `fields` limits the
    columns (`only()`)."""
    rows = announcements.select_related("season__show").only(*fields).newest_first()
    limit = count * ROWS_PER_EVENT
    while True:
        newest = announcements.newest_first().values("season_id")[:limit]
        every = list(
            rows.filter(season__in=newest).annotate(
                show_has_namesake=has_namesake("season__show_id", "season__show__title")
            )
        )
        # The newest rows are the first `limit` of these: every other row read is an
        # older report of the same seasons.
        wanted = {report.pk for report in every[:limit]}
        events = [e for e in fold(every) if any(r.pk in wanted for r in e.reports)][:count]
        # Fewer events than asked from a full read: the next rows may hold more.
        if len(events) == count or len(wanted) < limit:
            break
        limit *= 4
    for event in events:
        carry_namesakes(event.reports, lambda announcement: announcement.season.show)
    return events
