from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("follow/<slug:slug>/", views.follow, name="follow"),
    path("follow/<slug:slug>/requested/", views.requested, name="requested"),
]
