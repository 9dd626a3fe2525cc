"""The screening pages, the hand-offs page, what the reporter and the meldpunt
read of a screened melding, and who reaches the pages."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from classification.constants import ClassificationStatus, Colour, Phase
from classification.models import Classification, HandOff, Screening
from classification.services import screening_take
from partners.services import api_client_issue
from signals.models import Signal
from tests.classification.conftest import make_signal
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def page(signal: Signal) -> str:
    return f"/screening/{signal.uuid}/"


def walk_to_vaststellen(client, signal: Signal, region) -> None:
    assert client.post(f"{page(signal)}oppakken/").status_code == 302
    response = client.post(
        f"{page(signal)}stap/",
        {"stap-partners_asked": [region.politie.pk], "stap-note": "Politie bevraagd."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # Skipping verifiëren without a reason: the error summary, nothing skipped.
    response = client.post(f"{page(signal)}overslaan/", {"overslaan-reason": ""})
    assert response.status_code == 400
    assert "Er is een probleem" in response.content.decode()
    assert Screening.objects.get(signal=signal).phase == Phase.VERIFIEREN
    response = client.post(
        f"{page(signal)}overslaan/", {"overslaan-reason": "Melder is anoniem."}
    )
    assert response.status_code == 302


def test_the_screener_walks_a_melding_through_the_pages(
    melding, screener, school_worker, region, routing
):
    client = verified_client(screener)
    response = client.get("/screening/")
    assert response.status_code == 200
    assert melding.reference in response.content.decode()
    walk_to_vaststellen(client, melding, region)
    # The rationale is mandatory.
    response = client.post(
        f"{page(melding)}vaststellen/",
        {"vaststellen-colour": "oranje", "vaststellen-rationale": ""},
    )
    assert response.status_code == 400
    assert not Classification.objects.exists()
    response = client.post(
        f"{page(melding)}vaststellen/",
        {"vaststellen-colour": "oranje", "vaststellen-rationale": "Sterk vermoeden."},
    )
    assert response.status_code == 302
    body = client.get(page(melding)).content.decode()
    assert "Oranje" in body and "Terugkoppelen" in body
    # Classified: no longer in the werkvoorraad.
    assert melding.reference not in client.get("/screening/").content.decode()
    response = client.post(
        f"{page(melding)}terugkoppelen/",
        {"terugkoppelen-feedback": "Dank voor uw melding; er wordt actie ondernomen."},
    )
    assert response.status_code == 302
    # The school that entered it reads status and feedback, never the colour.
    own = verified_client(school_worker).get(f"/signalen/{melding.uuid}/")
    text = own.content.decode()
    assert own.status_code == 200
    assert "Geclassificeerd" in text
    assert "er wordt actie ondernomen" in text
    assert "Oranje" not in text and "oranje" not in text


def test_four_eyes_on_the_page(melding, screener, second_screener, region, routing):
    client = verified_client(screener)
    walk_to_vaststellen(client, melding, region)
    client.post(
        f"{page(melding)}vaststellen/",
        {"vaststellen-colour": "rood", "vaststellen-rationale": "Zeer bedreigend."},
    )
    proposal = Classification.objects.get()
    assert proposal.status == ClassificationStatus.PENDING
    assert "Kleurvoorstel wacht" in client.get(page(melding)).content.decode()
    # The proposer's confirmation changes nothing.
    client.post(f"/screening/voorstel/{proposal.pk}/bevestigen/")
    proposal.refresh_from_db()
    assert proposal.status == ClassificationStatus.PENDING
    second = verified_client(second_screener)
    assert (
        second.post(f"/screening/voorstel/{proposal.pk}/bevestigen/").status_code == 302
    )
    proposal.refresh_from_db()
    assert proposal.status == ClassificationStatus.CONFIRMED
    assert "Rood" in second.get(page(melding)).content.decode()


def test_only_the_screening_team_reaches_the_screening_pages(
    melding, police_officer, school_worker, outsider, ketenregisseur
):
    for user in (police_officer, school_worker, outsider, ketenregisseur):
        client = verified_client(user)
        assert client.get("/screening/").status_code == 403
        assert client.get(page(melding)).status_code == 403
        assert client.post(f"{page(melding)}oppakken/").status_code == 403
    assert not Screening.objects.exists()


def test_the_worklist_takes_constant_queries(screener, school_worker, routing):
    client = verified_client(screener)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/screening/").status_code == 200
        return len(queries)

    for _ in range(2):
        screening_take(signal=make_signal(school_worker), actor=screener)
    count()  # warm the per-process caches (permission ids, session)
    few = count()
    for _ in range(6):
        signal = make_signal(school_worker, kind="urgent")
        screening_take(signal=signal, actor=screener)
    assert count() == few


def test_the_worklist_orders_urgent_first_and_filters(screener, school_worker):
    old = make_signal(school_worker)
    urgent = make_signal(school_worker, kind="urgent")
    client = verified_client(screener)
    body = client.get("/screening/").content.decode()
    assert body.index(urgent.reference) < body.index(old.reference)
    screening_take(signal=old, actor=screener)
    taken = client.get("/screening/").content.decode()
    assert "Sam Screener" in taken
    only_new = client.get("/screening/?fase=nieuw").content.decode()
    assert urgent.reference in only_new and old.reference not in only_new
    regular = client.get("/screening/?soort=regular").content.decode()
    assert old.reference in regular and urgent.reference not in regular


def test_hand_offs_are_seen_and_acknowledged_by_their_organisation(
    melding, screener, region, cjg_worker, vh_worker
):
    client = verified_client(screener)
    walk_to_vaststellen(client, melding, region)
    client.post(
        f"{page(melding)}vaststellen/",
        {"vaststellen-colour": "groen", "vaststellen-rationale": "Zorgen."},
    )
    hand_off = HandOff.objects.get()
    cjg = verified_client(cjg_worker)
    assert "Ontvangst bevestigen" in cjg.get("/overdrachten/").content.decode()
    vh = verified_client(vh_worker)
    assert "data-hand-off" not in vh.get("/overdrachten/").content.decode()
    assert vh.post(f"/overdrachten/{hand_off.pk}/ontvangen/").status_code == 404
    hand_off.refresh_from_db()
    assert hand_off.acknowledged_at is None
    assert cjg.post(f"/overdrachten/{hand_off.pk}/ontvangen/").status_code == 302
    hand_off.refresh_from_db()
    assert hand_off.acknowledged_by == cjg_worker


def test_the_meldpunt_reads_status_and_feedback_but_never_the_colour(
    region, routing, screener
):
    _client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    auth = {"Authorization": f"Token {token}"}
    api = Client()
    created = api.post(
        "/api/v1/signals/",
        data=json.dumps(
            {
                "external_id": "MP-77",
                "observed_at": "2026-11-20T14:03:00+01:00",
                "subject_role": "victim",
                "kind": "regular",
                "source": "bystander",
                "description": "Meisje stapt telkens in een dure auto (fictief).",
            }
        ),
        content_type="application/json",
        headers=auth,
    ).json()
    assert created["status"] == "received"
    signal = Signal.objects.get(uuid=created["id"])
    client = verified_client(screener)
    walk_to_vaststellen(client, signal, region)
    assert api.get(f"/api/v1/signals/{signal.uuid}/", headers=auth).json()[
        "status"
    ] == ("in_screening")
    client.post(
        f"{page(signal)}vaststellen/",
        {"vaststellen-colour": "oranje", "vaststellen-rationale": "Sterk vermoeden."},
    )
    client.post(
        f"{page(signal)}terugkoppelen/",
        {"terugkoppelen-feedback": "Uw melding is in behandeling genomen."},
    )
    assert Classification.objects.get().colour == Colour.ORANJE
    response = api.get(f"/api/v1/signals/{signal.uuid}/", headers=auth)
    data = response.json()
    assert data["status"] == "classified"
    assert data["feedback"] == "Uw melding is in behandeling genomen."
    assert not {"colour", "classification", "dossier"} & set(data)
    raw = response.content.decode().lower()
    assert "oranje" not in raw and "dossier" not in raw
