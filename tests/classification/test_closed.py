"""When a melding reads ``closed`` (docs/api-contract.md): its screening has
ended and nothing more follows from it — an insufficient perpetrator decision, or
every dossier holding it afgesloten. The meldpunt reads only the status and the
feedback, never the colour, the decision or the dossier."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from classification.constants import PerpetratorOutcome
from classification.models import Screening
from classification.services import (
    screening_classify,
    screening_feedback,
    screening_skip_phase,
)
from classification.services_perpetrator import perpetrator_decide
from partners.services import api_client_issue
from signals.constants import DossierStatus, Status
from signals.models import Signal
from signals.services import dossier_set_status
from signals.services.signal import signal_withdraw
from tests.classification.test_perpetrator import to_vaststellen

pytestmark = pytest.mark.django_db


def post(
    meldpunt: tuple[Client, dict[str, str]], role: str, external_id: str
) -> Signal:
    api, auth = meldpunt
    created = api.post(
        "/api/v1/signals/",
        data=json.dumps(
            {
                "external_id": external_id,
                "observed_at": "2026-11-20T14:03:00+01:00",
                "subject_role": role,
                "kind": "regular",
                "source": "bystander",
                "description": "Oudere jongen haalt meisjes op bij school (fictief).",
            }
        ),
        content_type="application/json",
        headers=auth,
    ).json()
    return Signal.objects.get(uuid=created["id"])


@pytest.fixture
def meldpunt(region):
    _client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    return Client(), {"Authorization": f"Token {token}"}


def read(meldpunt, signal: Signal) -> dict[str, object]:
    api, auth = meldpunt
    response = api.get(f"/api/v1/signals/{signal.uuid}/", headers=auth)
    raw = response.content.decode().lower()
    for word in ("oranje", "dossier", "colour", "kleur", "273f", "vermoeden"):
        assert word not in raw, word
    data: dict[str, object] = response.json()
    return data


def test_an_insufficient_perpetrator_melding_closes_after_terugkoppelen(
    meldpunt, screener, region, routing
):
    signal = post(meldpunt, "perpetrator", "MP-D1")
    screening = to_vaststellen(signal, screener, region)
    perpetrator_decide(
        screening=screening,
        actor=screener,
        outcome=PerpetratorOutcome.INSUFFICIENT,
        rationale="Onvoldoende aanwijzingen; vastgelegd voor dossiervorming.",
    )
    assert read(meldpunt, signal)["status"] == "classified"
    screening_feedback(
        screening=screening,
        actor=screener,
        feedback="Dank u, wij hebben het vastgelegd.",
    )
    data = read(meldpunt, signal)
    assert data["status"] == "closed"
    assert data["feedback"] == "Dank u, wij hebben het vastgelegd."
    assert not {"colour", "dossier", "decision", "outcome"} & set(data)


def test_a_strong_suspicion_stays_classified(meldpunt, screener, region, routing):
    signal = post(meldpunt, "perpetrator", "MP-D2")
    screening = to_vaststellen(signal, screener, region)
    perpetrator_decide(
        screening=screening,
        actor=screener,
        outcome=PerpetratorOutcome.STRONG_SUSPICION,
        rationale="Sterk vermoeden.",
    )
    # Terugkoppelen skipped (the reporter cannot be reached): still not closed.
    screening_skip_phase(screening=screening, actor=screener, reason="Anoniem.")
    assert Screening.objects.get(signal=signal).phase == "afgerond"
    assert read(meldpunt, signal)["status"] == "classified"


def test_a_victim_melding_closes_with_its_dossier_and_reopens(
    meldpunt, screener, region, routing
):
    signal = post(meldpunt, "victim", "MP-V1")
    screening = to_vaststellen(signal, screener, region)
    classification = screening_classify(
        screening=screening, actor=screener, colour="oranje", rationale="Vermoeden."
    )
    dossier = classification.dossier
    # The dossier closes before the terugkoppeling: the melding waits for it.
    dossier_set_status(dossier=dossier, status=DossierStatus.AFGESLOTEN, actor=screener)
    assert read(meldpunt, signal)["status"] == "classified"
    screening_feedback(screening=screening, actor=screener, feedback="Opgepakt.")
    assert read(meldpunt, signal)["status"] == "closed"
    # Reopened: the melding is classified again.
    dossier_set_status(dossier=dossier, status=DossierStatus.UITVOERING, actor=screener)
    assert read(meldpunt, signal)["status"] == "classified"
    dossier_set_status(dossier=dossier, status=DossierStatus.AFGESLOTEN, actor=screener)
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED


def test_a_withdrawn_melding_stays_closed(school_worker, screener, region, routing):
    from tests.classification.conftest import make_signal

    signal = make_signal(school_worker)
    screening = to_vaststellen(signal, screener, region)
    classification = screening_classify(
        screening=screening, actor=screener, colour="groen", rationale="Zorgen."
    )
    # Withdrawn before the terugkoppeling: giving it keeps the melding closed.
    signal_withdraw(signal=signal, actor=school_worker, reason="Verkeerde leerling.")
    screening_feedback(screening=screening, actor=screener, feedback="Opgepakt.")
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED
    dossier_set_status(
        dossier=classification.dossier, status=DossierStatus.UITVOERING, actor=screener
    )
    signal.refresh_from_db()
    assert signal.status == Status.CLOSED
