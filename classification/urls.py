from django.urls import path

from classification import views, views_perpetrator

app_name = "classification"
urlpatterns = [
    path("screening/", views.worklist_view, name="worklist"),
    path("screening/<uuid:uuid>/", views.screening_view, name="screening"),
    path("screening/<uuid:uuid>/oppakken/", views.take_view, name="take"),
    path("screening/<uuid:uuid>/stap/", views.step_view, name="step"),
    path("screening/<uuid:uuid>/overslaan/", views.skip_view, name="skip"),
    path("screening/<uuid:uuid>/vaststellen/", views.classify_view, name="classify"),
    path("screening/<uuid:uuid>/kleur/", views.recolour_view, name="recolour"),
    path("screening/<uuid:uuid>/terugkoppelen/", views.feedback_view, name="feedback"),
    path(
        "screening/<uuid:uuid>/dadermelding/",
        views_perpetrator.perpetrator_decide_view,
        name="perpetrator-decide",
    ),
    path(
        "screening/voorstel/<int:classification_id>/bevestigen/",
        views.decide_view,
        {"decision": "bevestigen"},
        name="confirm",
    ),
    path(
        "screening/voorstel/<int:classification_id>/afwijzen/",
        views.decide_view,
        {"decision": "afwijzen"},
        name="decline",
    ),
    path("overdrachten/", views.hand_offs_view, name="hand-offs"),
    path(
        "overdrachten/<int:hand_off_id>/ontvangen/",
        views.hand_off_acknowledge_view,
        name="hand-off-acknowledge",
    ),
    path(
        "overdrachten/<int:hand_off_id>/toetsing/",
        views_perpetrator.perpetrator_test_view,
        name="test-273f",
    ),
]
