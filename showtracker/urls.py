"""Root URLconf: the admin, the health check, the JSON API, the sitemap, the public site and,
in development, uploaded pictures."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve

from series.api import api
from series.api.index import api_index
from series.site.sitemaps import sitemaps
from series.site.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", api_index, name="api-index"),
    path("api/v1/", api_index, name="api-v1-index"),
    path("api/v1/", api.urls),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("", include("follows.urls")),
    path("", include("series.site.urls")),
]


def media(request, path):
    """Uploaded pictures from MEDIA_ROOT, for `make run` and the browser tests (SERVE_MEDIA);
    production serves them from object storage or the web server (DEPLOYMENT.md)."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media files are not served by the application.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.MEDIA_URL.startswith("/"):
    urlpatterns.insert(0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", media))
