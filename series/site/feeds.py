"""Atom feeds of announcements, site-wide and per show; only published shows appear.

A browser is sent the feed's page instead (`feed_pages.py`): every place a person clicks
links there, and the page names this feed's address for a reader. The feeds go out as
`application/atom+xml`, the type readers and the pages' `<link rel="alternate">` expect.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed

from pagecache.decorators import cache_tags
from series.models import Announcement, Show, carry_namesakes, has_namesake

FEED_LENGTH = 50


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def feed_announcements():
    """Every published announcement with its season, show and network, newest first,
    each row knowing whether its show has a namesake (`with_dated_titles`)."""
    return (
        Announcement.objects.published()
        .select_related("season__show__network")
        .annotate(show_has_namesake=has_namesake("season__show_id", "season__show__title"))
        .newest_first()
    )


def show_feed_announcements(show):
    """`show`'s announcements, as `feed_announcements` reads them."""
    return feed_announcements().filter(season__show=show)


def feed_entries(announcements):
    """The entries a feed and its page list: the newest `FEED_LENGTH`, each show knowing
    whether a namesake needs its year."""
    return carry_namesakes(
        list(announcements[:FEED_LENGTH]), lambda announcement: announcement.season.show
    )


def entry_title(announcement):
    """An entry's title, "Spinning Out Season 2: Cancelled" (its page writes the same words
    around a status badge; tests/site/test_feed_pages.py holds the two alike)."""
    season = announcement.season
    return f"{season.show.dated_title} Season {season.number}: {announcement.decision_label()}"


def entry_link(announcement):
    return f"{announcement.season.get_absolute_url()}#announcement-{announcement.pk}"


def show_feed_object(slug):
    """The published show a per-show feed or feed page is about; a 404 for any other."""
    return get_object_or_404(Show.objects.published().with_namesakes(), slug=slug)


class AnnouncementFeed(Feed):
    """Every published announcement, newest first."""

    feed_type = Atom1Feed
    title = "showtracker: renewals and cancellations"
    subtitle = "Every announced renewal, final season and cancellation, with its source."

    def link(self):
        # The feed's page: the same entries for a person, with how to subscribe.
        return reverse("series:announcements")

    def feed_url(self):
        return reverse("series:announcement-feed")

    def items(self):
        return feed_entries(feed_announcements())

    def item_title(self, item):
        return entry_title(item)

    def item_description(self, item):
        summary = f"{item.summary} " if item.summary else ""
        return f"{summary}Announced {item.announced.phrase()}. Source: {item.source_name}."

    def item_link(self, item):
        return entry_link(item)

    def item_pubdate(self, item):
        # Announcements are dated to a day at best; midnight UTC of the period's first day.
        return _midnight(item.announced.start)

    def item_updateddate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.source_name

    def item_author_link(self, item):
        return item.source_url or None

    def item_categories(self, item):
        return [item.decision_label(), item.season.show.network.name]


@method_decorator(cache_tags(records=True), name="__call__")
class ShowAnnouncementFeed(AnnouncementFeed):
    """One published show's announcements."""

    def get_object(self, request, slug):
        return show_feed_object(slug)

    def title(self, show):
        return f"{show.dated_title}: renewals and cancellations · showtracker"

    def subtitle(self, show):
        return f"Every announcement about {show.title}, with its source."

    def link(self, show):
        return reverse("series:show-announcements", kwargs={"slug": show.slug})

    def feed_url(self, show):
        return reverse("series:show-feed", kwargs={"slug": show.slug})

    def items(self, show):
        return feed_entries(show_feed_announcements(show))
