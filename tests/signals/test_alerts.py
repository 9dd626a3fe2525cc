"""Urgent and trend signals and enrichment questions reach the right people at once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from signals.models import Signal
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    enrichment_ask,
    signal_create,
)

pytestmark = pytest.mark.django_db


def enter(user, kind: str, persons=()) -> Signal:
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(minutes=30),
            description="Fictieve melding",
            subject_role="victim" if persons else "unknown",
            kind=kind,
            source="youth_care",
            persons=list(persons),
        ),
    )


def recipients(kind: str) -> set[str]:
    return set(
        Notification.objects.filter(kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


def test_an_urgent_signal_alerts_screeners_and_ketenregisseur_by_mail_too(
    school_worker,
    screener,
    ketenregisseur,
    police_officer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        signal = enter(
            school_worker, "urgent", [PersonInput(role="victim", estimated_age=15)]
        )
    assert signal.bilateral
    assert recipients("urgent_signal") == {"sam.screener", "kim.regisseur"}
    note = Notification.objects.filter(kind="urgent_signal").first()
    assert note is not None
    assert signal.reference in note.title and str(signal.uuid) in note.link
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [screener.email, ketenregisseur.email]
    )
    assert all("klaar" in m.subject for m in mail.outbox)


def test_a_trend_signal_goes_to_the_ketenregisseurs_list(
    school_worker, ketenregisseur, screener
):
    enter(school_worker, "trend")
    assert recipients("trend_signal") == {"kim.regisseur"}


def test_a_regular_signal_alerts_nobody(school_worker, screener, ketenregisseur):
    enter(school_worker, "regular", [PersonInput(role="victim")])
    assert not Notification.objects.exists()


def test_an_enrichment_question_reaches_the_asked_organisations_contactpersoon(
    school_worker, screener, region, police_contact, youth_care_contact
):
    signal = enter(school_worker, "regular", [PersonInput(role="victim")])
    dossier = dossier_create(actor=screener, signals=[signal])
    enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="r",
        question="q",
        actor=screener,
    )
    assert recipients("enrichment_request") == {"paula.contact"}
    assert (
        dossier.reference in Notification.objects.get(kind="enrichment_request").title
    )
