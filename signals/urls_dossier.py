"""Dossiers, veredelen, stapelen and search. Mounted at the root, so every path
carries its own prefix."""

from django.urls import path

from signals.views import dossier, enrichment, search, stacking

app_name = "dossiers"
urlpatterns = [
    path("dossiers/", dossier.dossier_list_view, name="list"),
    path("dossiers/nieuw/", dossier.dossier_create_view, name="create"),
    path(
        "dossiers/signaal-toevoegen/",
        dossier.dossier_add_signal_view,
        name="add-signal",
    ),
    path("dossiers/<uuid:uuid>/", dossier.dossier_detail_view, name="detail"),
    path("dossiers/<uuid:uuid>/status/", dossier.dossier_status_view, name="status"),
    path(
        "dossiers/<uuid:uuid>/casemanager/",
        dossier.dossier_casemanager_view,
        name="casemanager",
    ),
    path(
        "dossiers/<uuid:uuid>/uitnodigen/", dossier.dossier_invite_view, name="invite"
    ),
    path(
        "dossiers/<uuid:uuid>/uitnodiging-intrekken/",
        dossier.dossier_withdraw_view,
        name="withdraw",
    ),
    path("dossiers/<uuid:uuid>/vraag/", dossier.dossier_ask_view, name="ask"),
    path("veredelen/", enrichment.enrichment_inbox_view, name="enrichment-inbox"),
    path(
        "veredelen/<int:pk>/",
        enrichment.enrichment_answer_view,
        name="enrichment-answer",
    ),
    path(
        "signalen/<uuid:uuid>/personen/",
        stacking.signal_persons_view,
        name="signal-persons",
    ),
    path(
        "signalen/<uuid:uuid>/personen/koppelen/",
        stacking.signal_person_link_view,
        name="signal-person-link",
    ),
    path("zoeken/", search.search_view, name="search"),
]
