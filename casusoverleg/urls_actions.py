"""Routes of the casusoverleg: actions (my organisation's interventions and the
ketenregisseur's voortgangscontrole)."""

from django.urls import URLPattern, path

from casusoverleg import views_actions

urlpatterns: list[URLPattern] = [
    path("acties/", views_actions.actions_list_view, name="actions"),
    path("acties/<uuid:uuid>/", views_actions.action_detail_view, name="action"),
    path(
        "acties/<uuid:uuid>/voortgang/",
        views_actions.action_progress_view,
        name="action-progress",
    ),
]
