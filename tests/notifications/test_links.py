"""Nobody is sent a link they cannot open: every kind of notification is made by the
service that makes it in real work, and each recipient opens its link (200)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.services import account_locked_notify
from partners.constants import Role
from partners.services import organisation_update, user_update
from signals.constants import Sharing
from signals.models import Signal
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    enrichment_ask,
    signal_create,
)
from tests.conftest import verified_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _enter(user, kind: str, **extra) -> Signal:
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(minutes=30),
            description="Fictieve melding",
            subject_role="unknown" if kind == "trend" else "victim",
            kind=kind,
            source="youth_care",
            persons=[]
            if kind == "trend"
            else [PersonInput(role="victim", name="Fictieve Cliënt", estimated_age=16)],
            **extra,
        ),
    )


def _police_action_due(dossier, *, owner, screener) -> None:
    from casusoverleg.constants import ItemStatus
    from casusoverleg.models import AgendaItem, Intervention, Meeting
    from casusoverleg.services.actions import intervention_reminders_send
    from signals.services import dossier_invite
    from tests.factories import UserFactory as Users

    dossier_invite(dossier=dossier, organisation=owner.organisation, actor=screener)
    regisseur = Users.create(
        username="kim.regisseur.links",
        organisation=owner.organisation,
        roles=[Role.KETENREGISSEUR],
    )
    meeting = Meeting.objects.create(
        starts_at=timezone.now() - datetime.timedelta(days=7),
        chair=regisseur,
        created_by=regisseur,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )
    Intervention.objects.create(
        dossier=dossier,
        item=item,
        kind="opsporing",
        description="Tegenhoudgesprek voeren",
        responsible=owner.organisation,
        owner=owner,
        deadline=timezone.localdate() + datetime.timedelta(days=1),
        created_by=regisseur,
    )
    assert intervention_reminders_send() == 1


def _opens(notification: Notification) -> int:
    client = verified_client(notification.recipient)
    return client.get(notification.link).status_code


def test_the_ketenregisseurs_urgent_alert_opens_the_signal(
    region, screener, ketenregisseur, police_officer
):
    """Youth care's urgent signal, shared inside a dossier with the police only,
    alerts the screening team and the ketenregisseur; both open it."""
    youth_worker = UserFactory.create(
        organisation=region.jeugdzorg, roles=[Role.PARTNERMEDEWERKER]
    )
    _enter(youth_worker, "urgent", sharing=Sharing.SELECTED, shared_with=["politie"])
    alerts = Notification.objects.filter(kind=Notification.Kind.URGENT_SIGNAL)
    assert {n.recipient.username for n in alerts} == {"sam.screener", "kim.regisseur"}
    for alert in alerts:
        assert _opens(alert) == 200, alert.recipient.username


def test_every_kind_of_notification_opens_for_its_recipient(
    region,
    screener,
    ketenregisseur,
    police_officer,
    police_contact,
    beheerder,
    school_worker,
):
    youth_worker = UserFactory.create(
        organisation=region.jeugdzorg, roles=[Role.PARTNERMEDEWERKER]
    )
    second_beheerder = UserFactory.create(
        organisation=region.gemeente, roles=[Role.FUNCTIONEEL_BEHEERDER]
    )
    # urgent and trend
    _enter(youth_worker, "urgent", sharing=Sharing.SELECTED, shared_with=["politie"])
    _enter(school_worker, "trend")
    # A question to the police (a vaste contactpersoon) and to welfare, whose
    # recorded contact person is the screener, who holds no contactpersoon role
    # and so could not open the question.
    welzijn = organisation_update(
        organisation=region.welzijn, actor=None, contact_person=screener
    )
    assert welzijn.contact_person == screener
    welfare_contact = UserFactory.create(
        organisation=region.welzijn, roles=[Role.CONTACTPERSOON]
    )
    signal = _enter(police_officer, "regular")
    dossier = dossier_create(actor=screener, signals=[signal])
    enrichment_ask(
        dossier=dossier,
        organisations=[region.politie, welzijn],
        reason="Fictieve reden.",
        question="Is deze persoon bekend?",
        actor=screener,
    )
    # A role that reads personal data proposed for a police officer: its vaste
    # contactpersoon hears of it.
    user_update(
        user=police_officer,
        actor=beheerder,
        roles=[Role.PARTNERMEDEWERKER, Role.SCREENER],
    )
    assert second_beheerder.pk  # a second beheerder exists, so it is a proposal
    account_locked_notify(user=school_worker)
    # A minor in (imminent) exploitation: the doorlaatverbod alert (classification).
    from classification.services_doorlaatverbod import doorlaatverbod_raise
    from tests.classification.risk_helpers import dossier_about

    minor_dossier, _child = dossier_about(screener, age=15)
    assert doorlaatverbod_raise(dossier=minor_dossier, actor=screener) is not None
    # Oranje: the kernteam joins and each organisation gets a hand-off; the
    # police's vaste contactpersoon hears of it and opens /overdrachten/.
    from classification.services import dossier_classify

    dossier_classify(
        dossier=dossier,
        actor=screener,
        colour="oranje",
        rationale="Sterk vermoeden (fictief).",
    )
    # An action of the police nears its deadline: its vaste contactpersoon and
    # the owner are reminded (casusoverleg).
    _police_action_due(dossier, owner=police_officer, screener=screener)

    notifications = list(Notification.objects.select_related("recipient"))
    assert {n.kind for n in notifications} == set(Notification.Kind.values)
    questions = [
        n for n in notifications if n.kind == Notification.Kind.ENRICHMENT_REQUEST
    ]
    assert {n.recipient for n in questions} == {police_contact, welfare_contact}
    hand_offs = [n for n in notifications if n.kind == Notification.Kind.HAND_OFF]
    assert [(n.recipient, n.link) for n in hand_offs] == [
        (police_contact, "/overdrachten/")
    ]
    for notification in notifications:
        assert _opens(notification) == 200, (
            notification.kind,
            notification.recipient.username,
            notification.link,
        )
