"""Atom feeds of announcements, site-wide and per show; only published shows appear."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator

from pagecache.decorators import cache_tags
from series.models import Announcement, Show, carry_namesakes, has_namesake

FEED_LENGTH = 50


class StyledAtom1Feed(Atom1Feed):
    """Atom that a browser shows as a page: `xml-stylesheet` instructions before the root
    element (Django writes a feed's `stylesheets` for RSS only). Feed readers ignore
    them; the document stays plain Atom.

    Sent as application/xml: Chromium shows application/atom+xml as plain text and never
    applies its stylesheet (Chromium 156, tests/browser/test_news_and_follow.py). Readers
    know Atom by its root element, and the pages' `<link rel="alternate">` still name
    the Atom type.
    """

    content_type = "application/xml; charset=utf-8"

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


class AnnouncementFeed(Feed):
    """Every published announcement, newest first."""

    feed_type = StyledAtom1Feed
    title = "showtracker: renewals and cancellations"
    subtitle = "Every announced renewal, final season and cancellation, with its source."

    def stylesheets(self):
        # The XSLT turns the feed into a page; it reads the CSS's (hashed) address from
        # the second instruction.
        return [
            Stylesheet(static("feeds/atom.xsl"), mimetype="text/xsl"),
            Stylesheet(static("css/site.css"), mimetype="text/css"),
        ]

    def link(self):
        return reverse("series:home")

    def feed_url(self):
        return reverse("series:announcement-feed")

    def announcements(self):
        return (
            Announcement.objects.published()
            .select_related("season__show__network")
            .annotate(show_has_namesake=has_namesake("season__show_id", "season__show__title"))
            .newest_first()
        )

    def items(self):
        return with_dated_titles(self.announcements()[:FEED_LENGTH])

    def item_title(self, item):
        season = item.season
        return f"{season.show.dated_title} Season {season.number}: {item.decision_label()}"

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
        return get_object_or_404(Show.objects.published().with_namesakes(), slug=slug)

    def title(self, show):
        return f"{show.dated_title}: renewals and cancellations · showtracker"

    def subtitle(self, show):
        return f"Every announcement about {show.title}, with its source."

    def link(self, show):
        return show.get_absolute_url()

    def feed_url(self, show):
        return reverse("series:show-feed", kwargs={"slug": show.slug})

    def items(self, show):
        return with_dated_titles(self.announcements().filter(season__show=show)[:FEED_LENGTH])


def with_dated_titles(announcements):
    """The announcements, each show knowing whether a namesake needs its year."""
    return carry_namesakes(list(announcements), lambda announcement: announcement.season.show)
