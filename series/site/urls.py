from django.urls import path, register_converter

from . import bubble, feed_pages, feeds, ical, outlook_pages, scorecard, views


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
    path("shows/", views.ShowListView.as_view(), name="show-list"),
    path("shows/<slug:slug>/", views.ShowDetailView.as_view(), name="show-detail"),
    path("shows/<slug:slug>/feed/", feeds.ShowAnnouncementFeed(), name="show-feed"),
    path(
        "shows/<slug:slug>/announcements/",
        feed_pages.ShowAnnouncementFeedPage.as_view(),
        name="show-announcements",
    ),
    path("shows/<slug:slug>/calendar.ics", ical.show_premieres_calendar, name="show-calendar"),
    path(
        "shows/<slug:slug>/season/<season:number>/",
        views.SeasonDetailView.as_view(),
        name="season-detail",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("networks/", views.NetworkListView.as_view(), name="network-list"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("scorecard/", scorecard.ScorecardView.as_view(), name="scorecard"),
    path("scorecard/bubble/", bubble.BubbleView.as_view(), name="scorecard-bubble"),
    path("outlook/", outlook_pages.OutlookMethodView.as_view(), name="outlook-method"),
    path(
        "outlook/track-record/",
        outlook_pages.OutlookRecordView.as_view(),
        name="outlook-record",
    ),
    path("announcements/", feed_pages.AnnouncementFeedPage.as_view(), name="announcements"),
    path("feeds/announcements/", feeds.AnnouncementFeed(), name="announcement-feed"),
    path("calendar.ics", ical.premieres_calendar, name="calendar"),
    path("robots.txt", views.robots_txt, name="robots"),
]
