from django.urls import path

from classification import views_risk as views

app_name = "risk"

urlpatterns = [
    path("instrument/", views.instrument_list_view, name="instrument_list"),
    path("instrument/concept/", views.instrument_draft_view, name="instrument_draft"),
    path(
        "instrument/<int:number>/",
        views.instrument_version_view,
        name="instrument_version",
    ),
    path(
        "instrument/<int:number>/publiceren/",
        views.instrument_publish_view,
        name="instrument_publish",
    ),
    path(
        "dossier/<uuid:uuid>/risicotaxatie/",
        views.assessment_create_view,
        name="assessment_create",
    ),
    path("risicotaxatie/<int:pk>/", views.assessment_detail_view, name="assessment"),
    path("doorlaatverbod/<int:pk>/", views.doorlaatverbod_view, name="doorlaatverbod"),
    path(
        "dossier/<uuid:uuid>/comensha/",
        views.comensha_create_view,
        name="comensha_create",
    ),
    path("comensha/<uuid:uuid>/", views.comensha_detail_view, name="comensha_detail"),
    path("comensha/<uuid:uuid>/pdf/", views.comensha_pdf_view, name="comensha_pdf"),
    path(
        "comensha/<uuid:uuid>/pdf/opnieuw/",
        views.comensha_pdf_retry_view,
        name="comensha_pdf_retry",
    ),
    path("comensha/<uuid:uuid>/json/", views.comensha_json_view, name="comensha_json"),
]
