"""The Atom feeds as pages a person reads: the same entries, newest first, and how to
subscribe (the feed's address for a reader, the calendar, the email form for a show).

Every link a person clicks to follow announcements leads here, never to the Atom itself,
which a browser shows as raw XML. Each page names its feed in `<link rel="alternate">`,
so a reader given the page's address finds the feed. The feed and its page read the
same query (`feeds.py`): one for the site-wide page, two for a show's.
"""

from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView

from pagecache.decorators import cache_tags
from series import links

from .feeds import (
    FEED_LENGTH,
    feed_announcements,
    feed_entries,
    show_feed_announcements,
    show_feed_object,
)


def subscribe_context(request, page_url, feed_url, calendar_url):
    """What a feed page's follow place needs: the feed's absolute address to copy into a
    reader, which has no page around it to resolve a path against."""
    absolute = request.build_absolute_uri
    return {
        "feed_length": FEED_LENGTH,
        "canonical_url": absolute(page_url),
        "feed_url": feed_url,
        "feed_address": absolute(feed_url),
        "calendar_url": calendar_url,
    }


class AnnouncementFeedPage(TemplateView):
    """Every published show's renewals and cancellations, as the site-wide feed lists them.
    A listing for the page cache (it declares nothing): any change can add an entry."""

    template_name = "series/announcement_feed.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_url = links.reverse("series:announcements")
        context.update(
            announcements=feed_entries(feed_announcements()),
            breadcrumbs=[{"label": "Renewals and cancellations", "url": page_url}],
            **subscribe_context(
                self.request,
                page_url,
                links.reverse("series:announcement-feed"),
                links.reverse("series:calendar"),
            ),
        )
        return context


@method_decorator(cache_tags(records=True), name="dispatch")
class ShowAnnouncementFeedPage(DetailView):
    """One published show's renewals and cancellations, as its feed lists them; an unknown
    or draft show is a 404, as for the feed (staff preview drafts on the show's page)."""

    template_name = "series/announcement_feed.html"
    context_object_name = "show"

    def get_object(self, queryset=None):
        return show_feed_object(self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.object
        slug = {"slug": show.slug}
        page_url = links.reverse("series:show-announcements", **slug)
        context.update(
            announcements=feed_entries(show_feed_announcements(show)),
            breadcrumbs=[
                {"label": "Shows", "url": links.reverse("series:show-list")},
                {"label": show.dated_title, "url": show.get_absolute_url()},
                {"label": "Renewals and cancellations", "url": page_url},
            ],
            **subscribe_context(
                self.request,
                page_url,
                links.reverse("series:show-feed", **slug),
                links.reverse("series:show-calendar", **slug),
            ),
        )
        return context
