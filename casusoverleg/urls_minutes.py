"""Routes of the casusoverleg: minutes (verslag per organisation)."""

from django.urls import URLPattern, path

from casusoverleg import views_minutes

urlpatterns: list[URLPattern] = [
    path("<uuid:uuid>/verslag/", views_minutes.minutes_view, name="minutes"),
    path(
        "<uuid:uuid>/verslag/aanvragen/",
        views_minutes.minutes_request_view,
        name="minutes-request",
    ),
    path(
        "<uuid:uuid>/verslag/<int:pk>/pdf/",
        views_minutes.minutes_download_view,
        name="minutes-download",
    ),
]
