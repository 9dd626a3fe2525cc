"""Vaststellen on the screening page: the instrument's suggestion next to the
decision, a deviation that must say why, and the exploitation mark that raises
the doorlaatverbod."""

from __future__ import annotations

import pytest

from classification.models import Classification
from classification.models_doorlaatverbod import DoorlaatverbodAlert
from classification.models_instrument import InstrumentVersion
from classification.services_instrument import assessment_create
from tests.classification.risk_helpers import dossier_about
from tests.classification.test_pages import page, walk_to_vaststellen
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def test_the_suggestion_is_shown_and_a_deviation_must_say_why(
    screener, region, routing
):
    dossier, _person = dossier_about(screener, age=15)
    signal = dossier.signals.get()
    version = InstrumentVersion.objects.get(number=1)
    ticked = version.items.filter(source_code__startswith="checklist.")[:3]
    assessment = assessment_create(
        dossier=dossier, actor=screener, item_ids=[i.pk for i in ticked]
    )
    assert assessment.suggested_colour == "groen"
    client = verified_client(screener)
    walk_to_vaststellen(client, signal, region)
    body = client.get(page(signal)).content.decode()
    assert 'data-testid="suggestion"' in body
    assert "Suggestie van het risicotaxatie-instrument: Groen" in body
    assert "Uitbuiting of dreigende uitbuiting" in body

    # Oranje differs from the suggested groen: without a reason, a field error.
    response = client.post(
        f"{page(signal)}vaststellen/",
        {"vaststellen-colour": "oranje", "vaststellen-rationale": "Sterk vermoeden."},
    )
    assert response.status_code == 400
    assert "wijkt af van de suggestie" in response.content.decode()
    assert not Classification.objects.exists()

    response = client.post(
        f"{page(signal)}vaststellen/",
        {
            "vaststellen-colour": "oranje",
            "vaststellen-rationale": "Sterk vermoeden.",
            "vaststellen-deviation_reason": "De melder zag geld overhandigen.",
            "vaststellen-exploitation": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    classification = Classification.objects.get(dossier=dossier)
    assert classification.colour == "oranje"
    assert "De melder zag geld overhandigen." in classification.rationale
    # Marked as (imminent) exploitation of a minor: the doorlaatverbod, at oranje.
    assert DoorlaatverbodAlert.objects.filter(dossier=dossier).exists()


def test_following_the_suggestion_needs_no_reason_and_no_mark_no_alert(
    screener, region, routing
):
    dossier, _person = dossier_about(screener, age=15)
    signal = dossier.signals.get()
    version = InstrumentVersion.objects.get(number=1)
    ticked = version.items.filter(source_code__startswith="checklist.")[:3]
    assessment_create(dossier=dossier, actor=screener, item_ids=[i.pk for i in ticked])
    client = verified_client(screener)
    walk_to_vaststellen(client, signal, region)
    response = client.post(
        f"{page(signal)}vaststellen/",
        {"vaststellen-colour": "groen", "vaststellen-rationale": "Zorgen thuis."},
    )
    assert response.status_code == 302
    assert Classification.objects.get(dossier=dossier).colour == "groen"
    assert not DoorlaatverbodAlert.objects.exists()
