"""The doorlaatverbod: a minor in (imminent) exploitation alerts police, OM and the
ketenregisseur at once, in the app and by e-mail, each can open what the alert links
to, and the dossier shows a banner until the intervention is recorded."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from classification.models_doorlaatverbod import DoorlaatverbodAlert
from classification.services_doorlaatverbod import (
    doorlaatverbod_raise,
    doorlaatverbod_resolve,
)
from notifications.models import Notification
from notifications.tasks import sweep_pending_notification_emails
from tests.classification.risk_helpers import VICTIM, dossier_about
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _alerts() -> list[Notification]:
    return list(
        Notification.objects.filter(kind=Notification.Kind.DOORLAATVERBOD).order_by(
            "recipient_id"
        )
    )


def test_a_minor_alerts_police_om_and_the_ketenregisseur_who_can_open_it(
    screener,
    police_officer,
    om_officer,
    ketenregisseur,
    school_worker,
    django_capture_on_commit_callbacks,
):
    dossier, _person = dossier_about(screener, age=15)
    page = reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    # Before the alert the police is no participant of this dossier.
    assert verified_client(police_officer).get(page).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        alert = doorlaatverbod_raise(dossier=dossier, actor=screener)
    assert alert is not None and alert.is_open

    notifications = _alerts()
    recipients = {n.recipient for n in notifications}
    assert {police_officer, om_officer, ketenregisseur} <= recipients
    assert school_worker not in recipients
    for notification in notifications:
        assert VICTIM not in notification.title
        response = verified_client(notification.recipient).get(notification.link)
        assert response.status_code == 200, notification.recipient
        assert "Doorlaatverbod" in response.content.decode()

    # Delivered by the Celery task (eager in tests), without personal data.
    sent = {m.to[0] for m in mail.outbox}
    assert {police_officer.email, om_officer.email, ketenregisseur.email} <= sent
    for message in mail.outbox:
        assert VICTIM not in message.body and VICTIM not in message.subject
    assert all(n.email_status == Notification.EmailStatus.SENT for n in _alerts())


def test_an_undelivered_alert_is_swept_again(
    screener, police_officer, settings, django_capture_on_commit_callbacks
):
    dossier, _person = dossier_about(screener, age=15)
    settings.EMAIL_BACKEND = "tests.classification.test_doorlaatverbod.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        doorlaatverbod_raise(dossier=dossier, actor=screener)
    pending = [
        n for n in _alerts() if n.email_status == Notification.EmailStatus.PENDING
    ]
    assert pending, "a failed mail stays pending for the sweep"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
        created_at=pending[0].created_at.replace(year=2020)
    )
    sweep_pending_notification_emails()
    assert all(n.email_status == Notification.EmailStatus.SENT for n in _alerts())


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")


def test_an_adult_raises_no_alert(screener, police_officer):
    dossier, _person = dossier_about(screener, age=19)
    assert doorlaatverbod_raise(dossier=dossier, actor=screener) is None
    assert not DoorlaatverbodAlert.objects.exists()
    assert not _alerts()


def test_an_open_alert_is_not_raised_twice(screener, police_officer):
    dossier, _person = dossier_about(screener, age=15)
    first = doorlaatverbod_raise(dossier=dossier, actor=screener)
    count = len(_alerts())
    assert doorlaatverbod_raise(dossier=dossier, actor=screener) == first
    assert len(_alerts()) == count


def test_the_banner_stays_until_the_intervention_is_recorded(
    screener, police_officer, school_worker, outsider, region
):
    from signals.services import dossier_invite

    dossier, _person = dossier_about(screener, age=15)
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    alert = doorlaatverbod_raise(dossier=dossier, actor=screener)
    assert alert is not None
    page = reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    alert_page = reverse("risk:doorlaatverbod", kwargs={"pk": alert.pk})
    for user in (screener, police_officer, school_worker):
        body = verified_client(user).get(page).content.decode()
        assert 'data-testid="dossier-banner-error"' in body
        assert alert_page in body
    # The school reads it but does not record the intervention; outsiders see nothing.
    assert (
        verified_client(school_worker)
        .post(alert_page, {"intervention": "x"})
        .status_code
        == 403
    )
    assert verified_client(outsider).get(alert_page).status_code == 404

    police = verified_client(police_officer)
    empty = police.post(alert_page, {"intervention": ""})
    assert empty.status_code == 200
    assert "Er is een probleem" in empty.content.decode()
    done = police.post(
        alert_page, {"intervention": "Meisje met jeugdbescherming in veilige opvang."}
    )
    assert done.status_code == 302
    alert.refresh_from_db()
    assert alert.resolved_by == police_officer and alert.resolved_at is not None
    assert (
        'data-testid="dossier-banner-error"'
        not in verified_client(screener).get(page).content.decode()
    )


def test_only_a_recipient_records_the_intervention(screener, school_worker, region):
    from signals.services import dossier_invite

    dossier, _person = dossier_about(screener, age=15)
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    alert = doorlaatverbod_raise(dossier=dossier, actor=screener)
    assert alert is not None
    with pytest.raises(PermissionDenied):
        doorlaatverbod_resolve(alert=alert, actor=school_worker, intervention="x")
