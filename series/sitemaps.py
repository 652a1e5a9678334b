"""The sitemap: every published show and season, with when it last changed."""

from django.contrib.sitemaps import Sitemap

from .models import Season, Show


class ShowSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Show.objects.published().order_by("pk")

    def lastmod(self, show):
        return show.updated_at


class SeasonSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return Season.objects.published().select_related("show").order_by("pk")

    def lastmod(self, season):
        return max(season.updated_at, season.show.updated_at)


sitemaps = {"shows": ShowSitemap, "seasons": SeasonSitemap}
