"""Routes of the casusoverleg: meetings and the meeting itself."""

from django.urls import URLPattern, path

from casusoverleg import views_meeting as views

urlpatterns: list[URLPattern] = [
    path("", views.meeting_list_view, name="list"),
    path("nieuw/", views.meeting_schedule_view, name="schedule"),
    path("<uuid:uuid>/", views.meeting_detail_view, name="detail"),
    path("<uuid:uuid>/wijzigen/", views.meeting_edit_view, name="edit"),
    path(
        "<uuid:uuid>/aanwezigheid/",
        views.attendance_add_view,
        name="attendance-add",
    ),
    path(
        "<uuid:uuid>/aanwezigheid/<int:attendance_id>/verwijderen/",
        views.attendance_remove_view,
        name="attendance-remove",
    ),
    path(
        "<uuid:uuid>/aanwezigheid/<int:attendance_id>/geheimhouding/",
        views.attendance_acknowledge_view,
        name="attendance-acknowledge",
    ),
    path("<uuid:uuid>/starten/", views.meeting_start_view, name="start"),
    path("<uuid:uuid>/sluiten/", views.meeting_close_view, name="close"),
    path("<uuid:uuid>/correctie/", views.correction_view, name="correction"),
    path("<uuid:uuid>/vergadering/", views.meeting_run_view, name="meeting"),
    path(
        "<uuid:uuid>/vergadering/<int:item_id>/besluit/",
        views.decision_view,
        name="decision",
    ),
    path(
        "<uuid:uuid>/vergadering/<int:item_id>/inbreng/",
        views.contribution_view,
        name="contribution",
    ),
    path(
        "<uuid:uuid>/vergadering/<int:item_id>/interventie/",
        views.intervention_view,
        name="intervention",
    ),
    path(
        "<uuid:uuid>/vergadering/<int:item_id>/om/",
        views.prosecution_view,
        name="prosecution",
    ),
]
