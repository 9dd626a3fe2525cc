"""The classification raises the doorlaatverbod: rood about a minor at once (not
after the second screener), any colour the screener marks as exploitation too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from classification.models_doorlaatverbod import DoorlaatverbodAlert
from classification.services import dossier_classify
from notifications.models import Notification
from tests.classification.risk_helpers import dossier_about
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def test_rood_about_a_minor_alerts_before_the_second_screener(
    screener, police_officer, om_officer, ketenregisseur
):
    dossier, _person = dossier_about(screener, age=16)
    proposal = dossier_classify(
        dossier=dossier, actor=screener, colour="rood", rationale="Bedreigend."
    )
    assert proposal.status == "pending"
    assert DoorlaatverbodAlert.objects.filter(dossier=dossier).count() == 1
    alerted = {
        n.recipient
        for n in Notification.objects.filter(kind=Notification.Kind.DOORLAATVERBOD)
    }
    assert {police_officer, om_officer, ketenregisseur} <= alerted
    page = reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    for user in (police_officer, om_officer, ketenregisseur):
        assert verified_client(user).get(page).status_code == 200


def test_a_marked_exploitation_alerts_at_any_colour(screener):
    dossier, _person = dossier_about(screener, age=13)
    dossier_classify(
        dossier=dossier,
        actor=screener,
        colour="groen",
        rationale="Nog geen loverboy in beeld, wel dreigende uitbuiting.",
        exploitation=True,
    )
    assert DoorlaatverbodAlert.objects.filter(dossier=dossier).exists()


def test_oranje_unmarked_or_an_adult_raises_nothing(screener):
    minor, _p = dossier_about(screener, age=15)
    dossier_classify(dossier=minor, actor=screener, colour="oranje", rationale="Sterk.")
    adult, _q = dossier_about(screener, age=20, name="Iris Bedacht")
    dossier_classify(dossier=adult, actor=screener, colour="rood", rationale="Ernstig.")
    assert not DoorlaatverbodAlert.objects.exists()
