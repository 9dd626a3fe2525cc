from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("beheer/", views.organisation_list_view, name="beheer-organisations"),
    path(
        "beheer/nieuw/",
        views.organisation_create_view,
        name="beheer-organisation-create",
    ),
    path(
        "beheer/<int:pk>/",
        views.organisation_edit_view,
        name="beheer-organisation-edit",
    ),
    path("beheer/gebruikers/", views.user_list_view, name="beheer-users"),
    path(
        "beheer/gebruikers/nieuw/",
        views.user_create_view,
        name="beheer-user-create",
    ),
    path(
        "beheer/gebruikers/<int:pk>/",
        views.user_edit_view,
        name="beheer-user-edit",
    ),
    path(
        "beheer/rolvoorstellen/",
        views.role_proposal_list_view,
        name="beheer-role-proposals",
    ),
    path(
        "beheer/rolvoorstellen/<int:pk>/",
        views.role_proposal_decide_view,
        name="beheer-role-proposal-decide",
    ),
    path("beheer/convenanten/", views.convenant_list_view, name="beheer-convenants"),
    path(
        "beheer/convenanten/nieuw/",
        views.convenant_create_view,
        name="beheer-convenant-create",
    ),
    path(
        "beheer/convenanten/<int:pk>/",
        views.convenant_edit_view,
        name="beheer-convenant-edit",
    ),
]
