from django.urls import path, register_converter

from . import views


class SeasonNumberConverter:
    """1 to 999, so "0", "-1" or a number too big for the database answers 404, not 500."""

    regex = "[1-9][0-9]{0,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(SeasonNumberConverter, "season")

app_name = "series"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("shows/<slug:slug>/", views.ShowDetailView.as_view(), name="show-detail"),
    path(
        "shows/<slug:slug>/season/<season:number>/",
        views.SeasonDetailView.as_view(),
        name="season-detail",
    ),
]
