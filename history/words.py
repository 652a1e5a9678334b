"""What a record is, in an editor's words, read from one of its history rows.

The recycle bin, the revert page and the History page name records the same way:
"announcement: Renewed, Variety, 3 February 2020", never "Announcement object (12)".
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format

from series.models import Announcement, CastCredit, CrewCredit, CriticScore, Season, Show
from series.status import decision_label

# What a description reads beyond its history row: pass to `select_related` when
# reading many rows, so naming them costs no query each.
RELATED = {Announcement: ["season"], CastCredit: ["person"], CrewCredit: ["person"]}


def _season_number(record):
    """A row's season number: given by its reader, from the live season or, once it
    is gone, from its history."""
    if hasattr(record, "season_number"):
        return record.season_number
    try:
        season = record.season
    except ObjectDoesNotExist:
        season = None
    if season is None:
        season = Season.history.filter(id=record.season_id).order_by("-history_date").first()
    return season.number if season else 0


def _person(record):
    return record.person.name if record.person else "?"


DESCRIPTIONS = {
    Show: lambda r: r.title,
    Season: lambda r: f"season {r.number}" + (f" “{r.title}”" if r.title else ""),
    Announcement: lambda r: (
        f"{decision_label(r.decision, _season_number(r))}, {r.source_name}, "
        f"{Announcement.announced.__get__(r)}"
    ),
    CastCredit: lambda r: f"{_person(r)} as {r.character_name}",
    CrewCredit: lambda r: f"{_person(r)}, {r.get_job_display()}",
    CriticScore: lambda r: f"{r.get_aggregator_display()} {r.score}",
}


def described(record):
    """The record a history row keeps, without its kind: "Renewed, Variety, 3 February 2020"."""
    describe = DESCRIPTIONS.get(record.instance_type)
    return describe(record) if describe else str(record.history_object)


def in_words(record):
    """Kind and description: "announcement: Renewed, Variety, 3 February 2020"."""
    return f"{record.instance_type._meta.verbose_name}: {described(record)}"


def when(moment):
    """A history time to the minute, in the site's time zone: "7 Dec 2026, 11:42"."""
    return date_format(timezone.localtime(moment), "j M Y, H:i")
