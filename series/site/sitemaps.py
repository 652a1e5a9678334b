"""The sitemap: every published show and season, with when it last changed, and the
index pages of networks and people.

`/sitemap.xml` is an index of one sitemap per section (paginated by Django at
the protocol's 50,000 URLs), so the site stays within the protocol however
many shows it holds.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest

from series import links
from series.models import Season, Show


class ShowSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Show.objects.published().order_by("pk")

    def lastmod(self, show):
        return show.updated_at

    def get_latest_lastmod(self):
        # One aggregate, not a pass over every item as the default does.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class SeasonSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return Season.objects.published().select_related("show").order_by("pk")

    def lastmod(self, season):
        return max(season.updated_at, season.show.updated_at)

    def get_latest_lastmod(self):
        latest = Greatest(Max("updated_at"), Max("show__updated_at"))
        return Season.objects.published().aggregate(latest=latest)["latest"]


class IndexSitemap(Sitemap):
    """The index pages that lead to every network and person page."""

    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["series:network-list", "series:person-list"]

    def location(self, name):
        return links.reverse(name)

    def lastmod(self, name):
        return self.get_latest_lastmod()

    def get_latest_lastmod(self):
        # Both list what published shows hold: they change when a published show does.
        if not hasattr(self, "_latest"):
            self._latest = Show.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return self._latest


sitemaps = {"shows": ShowSitemap, "seasons": SeasonSitemap, "indexes": IndexSitemap}
