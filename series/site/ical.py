"""iCalendar feeds of upcoming premieres, written with the `icalendar` library.

A premiere known to the day is an all-day event on that day (DTSTART;VALUE=DATE).
A coarser one ("Fall 2027", "March 2027", "2027") is an all-day event spanning its
whole period, with "(date not final: Fall 2027)" in its summary, so no calendar
ever shows it as if it were set for the period's first day.
"""

import datetime

import icalendar
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pagecache.decorators import cache_tags
from series.fuzzy import Precision
from series.models import Season, Show

PRODID = "-//showtracker//Upcoming premieres//EN"


def one_line(text):
    """Editor text as one line: a line break in a title must never start a new property."""
    return " ".join(text.split())


def premiere_event(season, absolute, stamp):
    show = season.show
    premiere = season.premiere
    summary = f"{show.title} Season {season.number} premiere"
    if premiere.precision != Precision.DAY:
        summary += f" (date not final: {premiere})"
    url = absolute(season.get_absolute_url())
    event = icalendar.Event()
    event.add("uid", f"premiere-{show.slug}-season-{season.number}@showtracker")
    event.add("dtstamp", stamp)
    event.add("summary", one_line(summary))
    event.add("dtstart", premiere.start)
    event.add("dtend", premiere.end + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("description", one_line(f"On {show.network.name}. {url}"))
    event.add("url", url)
    event.add("last-modified", season.updated_at)
    return event


def calendar_response(request, seasons, name):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", one_line(name))
    stamp = timezone.now().replace(microsecond=0)
    for season in seasons:
        cal.add_component(premiere_event(season, request.build_absolute_uri, stamp))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="premieres.ics"'
    return response


def upcoming(today):
    return (
        Season.objects.published()
        .upcoming(today)
        .select_related("show__network")
        .order_by("premiere_date", "show__title", "number")
    )


def premieres_calendar(request):
    """Every published show's premieres still to come."""
    return calendar_response(
        request, upcoming(timezone.localdate()), "showtracker: upcoming premieres"
    )


@cache_tags(records=True)
def show_premieres_calendar(request, slug):
    show = get_object_or_404(Show.objects.published(), slug=slug)
    seasons = upcoming(timezone.localdate()).filter(show=show)
    return calendar_response(request, seasons, f"{show.title}: upcoming premieres")
