"""Root URLconf: the admin, the health check, the JSON API and the public site."""

from django.contrib import admin
from django.urls import include, path

from series.api import api
from series.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("", include("series.urls")),
]
