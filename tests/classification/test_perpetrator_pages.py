"""The perpetrator decision on the screening page, the OM's or RCMP's answer
reached from their hand-off page, and the dossier's Dadermelding section."""

from __future__ import annotations

import pytest

from classification.constants import HandOffKind, PerpetratorOutcome
from classification.models import HandOff, PerpetratorDecision
from signals.models import Signal
from tests.classification.test_perpetrator import to_vaststellen
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def page(signal: Signal) -> str:
    return f"/screening/{signal.uuid}/"


def decide(client, signal: Signal, outcome: str, rationale: str):
    return client.post(
        f"{page(signal)}dadermelding/",
        {"dader-outcome": outcome, "dader-rationale": rationale},
    )


def test_the_screener_decides_a_perpetrator_melding_on_its_page(
    dader, screener, region
):
    to_vaststellen(dader, screener, region)
    client = verified_client(screener)
    html = client.get(page(dader)).content.decode()
    # No colour for a perpetrator melding: its own decision instead.
    assert "Vaststellen: melding over een mogelijke dader" in html
    assert 'name="vaststellen-colour"' not in html
    assert "Thuissituatie benaderd" not in html
    response = decide(client, dader, "", "")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Er is een probleem" in body and "<title>Fout:" in body
    assert not PerpetratorDecision.objects.exists()
    response = decide(
        client, dader, PerpetratorOutcome.STRONG_SUSPICION, "Sterk vermoeden."
    )
    assert response.status_code == 302
    html = client.get(page(dader)).content.decode()
    assert 'data-testid="perpetrator-decision"' in html
    assert "Wacht op het antwoord van OM of RCMP" in html
    # Decided once: the form is gone and a second post is refused.
    assert 'name="dader-outcome"' not in html
    response = decide(client, dader, PerpetratorOutcome.INSUFFICIENT, "Nog eens.")
    assert response.status_code == 400
    assert PerpetratorDecision.objects.count() == 1


def test_the_om_answers_from_its_hand_off_and_the_dossier_shows_the_route(
    dader,
    screener,
    region,
    routing,
    om_officer,
    police_officer,
    riec_worker,
    rcmp_worker,
):
    to_vaststellen(dader, screener, region)
    decide(
        verified_client(screener),
        dader,
        PerpetratorOutcome.STRONG_SUSPICION,
        "Sterk vermoeden.",
    )
    decision = PerpetratorDecision.objects.get()
    om_hand_off = HandOff.objects.get(
        kind=HandOffKind.TEST_273F, to_organisation=region.om
    )
    riec_hand_off = HandOff.objects.get(
        kind=HandOffKind.TEST_273F, to_organisation__kind="riec"
    )
    om = verified_client(om_officer)
    listing = om.get("/overdrachten/").content.decode()
    form_url = f"/overdrachten/{om_hand_off.pk}/toetsing/"
    assert form_url in listing
    # The RIEC advises but does not answer; the police has no such hand-off;
    # the OM cannot reach the RIEC's hand-off. All 404.
    riec_client = verified_client(riec_worker)
    assert (
        f"/overdrachten/{riec_hand_off.pk}/toetsing/"
        not in riec_client.get("/overdrachten/").content.decode()
    )
    assert (
        riec_client.get(f"/overdrachten/{riec_hand_off.pk}/toetsing/").status_code
        == 404
    )
    assert verified_client(police_officer).get(form_url).status_code == 404
    assert verified_client(screener).get(form_url).status_code == 404
    assert om.get(f"/overdrachten/{riec_hand_off.pk}/toetsing/").status_code == 404

    assert om.get(form_url).status_code == 200
    response = om.post(form_url, {"toetsing-result": ""})
    assert response.status_code == 400
    assert "Er is een probleem" in response.content.decode()
    response = om.post(
        form_url,
        {"toetsing-result": "prosecution_possible", "toetsing-note": "Zaak loopt."},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.test_result == "prosecution_possible"
    # The dossier: the section, the criminal route leading, the timeline entry.
    dossier_page = om.get(f"/dossiers/{decision.dossier.uuid}/").content.decode()
    assert 'id="dadermelding"' in dossier_page
    assert 'data-testid="criminal-route"' in dossier_page
    assert "Strafrechtelijke route leidend" in dossier_page
    assert "Zaak loopt." in dossier_page  # the OM reads its own note
    assert "Toetsing art. 273f Sr" in dossier_page
    # The RCMP reads the dossier and the outcome, not the OM's note.
    rcmp_page = verified_client(rcmp_worker).get(f"/dossiers/{decision.dossier.uuid}/")
    assert rcmp_page.status_code == 200
    assert "Strafrechtelijke route leidend" in rcmp_page.content.decode()
    assert "Zaak loopt." not in rcmp_page.content.decode()
    # Answered once: the form is gone.
    again = om.get(form_url).content.decode()
    assert 'name="toetsing-result"' not in again
    assert om.post(form_url, {"toetsing-result": "no_prosecution"}).status_code == 400
