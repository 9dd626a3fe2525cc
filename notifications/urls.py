from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list_view, name="inbox"),
    path("aantal/", views.notification_count_view, name="count"),
    path("alles-gelezen/", views.notification_mark_all_read_view, name="mark-all-read"),
    path("<int:pk>/openen/", views.notification_open_view, name="open"),
]
