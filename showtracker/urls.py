"""Root URLconf: the admin, the health check, the sitemap and the public site."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from series.sitemaps import sitemaps
from series.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("", include("series.urls")),
]
