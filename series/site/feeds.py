"""Atom feeds of announcements, site-wide and per show; only published shows appear."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed

from pagecache.decorators import cache_tags
from series.models import Announcement, Show

FEED_LENGTH = 50


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


class AnnouncementFeed(Feed):
    """Every published announcement, newest first."""

    feed_type = Atom1Feed
    title = "showtracker: renewals and cancellations"
    subtitle = "Every announced renewal, final season and cancellation, with its source."

    def link(self):
        return reverse("series:home")

    def feed_url(self):
        return reverse("series:announcement-feed")

    def announcements(self):
        return (
            Announcement.objects.published().select_related("season__show__network").newest_first()
        )

    def items(self):
        return self.announcements()[:FEED_LENGTH]

    def item_title(self, item):
        season = item.season
        return f"{season.show.title} Season {season.number}: {item.decision_label()}"

    def item_description(self, item):
        summary = f"{item.summary} " if item.summary else ""
        return f"{summary}Announced {item.announced.phrase()}. Source: {item.source_name}."

    def item_link(self, item):
        return f"{item.season.get_absolute_url()}#announcement-{item.pk}"

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
        return get_object_or_404(Show.objects.published(), slug=slug)

    def title(self, show):
        return f"{show.title}: renewals and cancellations · showtracker"

    def subtitle(self, show):
        return f"Every announcement about {show.title}, with its source."

    def link(self, show):
        return show.get_absolute_url()

    def feed_url(self, show):
        return reverse("series:show-feed", kwargs={"slug": show.slug})

    def items(self, show):
        return self.announcements().filter(season__show=show)[:FEED_LENGTH]
