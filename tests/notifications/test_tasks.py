"""The notification e-mail: generic, sent once, retried by the sweep until done."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from notifications import tasks
from notifications.models import Notification
from notifications.tasks import (
    MAX_EMAIL_ATTEMPTS,
    send_notification_email,
    sweep_pending_notification_emails,
)

pytestmark = pytest.mark.django_db

SITE_URL = "https://ketenaanpak.demostad.example"
LINK = "/signalen/0b6c1f7e-3a52-4f7e-9a1e-2c4d5e6f7a8b/"
TITLE = "Urgent signaal SIG-2026-000123 ontvangen"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


def pending(user, *, minutes_ago: int = 0, **fields) -> Notification:
    """A row as notify() leaves it, without queueing anything."""
    return Notification.objects.create(
        recipient=user,
        kind=fields.pop("kind", Notification.Kind.URGENT_SIGNAL),
        title=fields.pop("title", TITLE),
        link=fields.pop("link", LINK),
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **fields,
    )


@pytest.fixture
def smtp_down(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(tasks, "send_mail", refuse)
    return attempts


def test_the_mail_is_generic_and_links_into_the_app(ketenregisseur):
    notification = pending(ketenregisseur)
    assert send_notification_email(notification.pk) == "sent"

    [message] = mail.outbox
    assert message.to == [ketenregisseur.email]
    assert message.subject == "Er staat iets voor u klaar – Ketenaanpak"
    assert "Er staat iets voor u klaar in de ketenaanpak" in message.body
    assert f"{SITE_URL}{LINK}" in message.body
    assert TITLE in message.body
    # The subject does not even carry the reference; neither part names anyone.
    assert "SIG-2026" not in message.subject
    for personal in (
        ketenregisseur.first_name,
        ketenregisseur.last_name,
        ketenregisseur.username,
        ketenregisseur.email,
        ketenregisseur.organisation.name,
    ):
        assert personal not in message.subject
        assert personal not in message.body
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives == []  # plain text only

    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_attempts == 1
    assert notification.emailed_at is not None


def test_a_second_run_sends_nothing(ketenregisseur):
    notification = pending(ketenregisseur)
    send_notification_email(notification.pk)
    assert send_notification_email(notification.pk) == "sent"
    send_notification_email.apply(args=(notification.pk,))
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 1


def test_rows_that_need_no_mail_get_none(ketenregisseur):
    not_needed = pending(
        ketenregisseur, email_status=Notification.EmailStatus.NOT_NEEDED
    )
    assert send_notification_email(not_needed.pk) == "not_needed"
    assert send_notification_email(987654321) == "missing"
    assert mail.outbox == []


def test_a_deactivated_recipient_is_not_mailed(ketenregisseur):
    notification = pending(ketenregisseur)
    ketenregisseur.is_active = False
    ketenregisseur.save()
    assert send_notification_email(notification.pk) == "not_needed"
    assert mail.outbox == []


def test_an_smtp_failure_leaves_the_row_for_the_sweep(
    ketenregisseur, smtp_down, monkeypatch
):
    notification = pending(ketenregisseur, minutes_ago=3)
    assert send_notification_email(notification.pk) == "pending"
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert notification.email_attempts == 1
    assert mail.outbox == []

    # The mail server is back; beat's sweep sends it.
    monkeypatch.undo()
    assert sweep_pending_notification_emails() == 1
    assert [m.to for m in mail.outbox] == [[ketenregisseur.email]]
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_attempts == 2


def test_a_network_error_counts_as_a_failed_attempt(ketenregisseur, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(tasks, "send_mail", unreachable)
    notification = pending(ketenregisseur)
    assert send_notification_email(notification.pk) == "pending"
    notification.refresh_from_db()
    assert notification.email_attempts == 1


def test_the_sweep_requeues_a_lost_task(ketenregisseur):
    # Committed, but its task never ran: the worker died or Redis restarted.
    lost = pending(ketenregisseur, minutes_ago=3)
    assert sweep_pending_notification_emails() == 1
    lost.refresh_from_db()
    assert lost.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_young_and_finished_rows_alone(ketenregisseur, monkeypatch):
    queued = []

    class RecordingTask:
        def delay(self, *args):
            queued.append(args)

    monkeypatch.setattr(tasks, "send_notification_email", RecordingTask())
    pending(ketenregisseur, minutes_ago=1)  # its own task is still on the way
    pending(
        ketenregisseur,
        minutes_ago=10,
        email_status=Notification.EmailStatus.SENT,
        emailed_at=timezone.now(),
    )
    pending(
        ketenregisseur, minutes_ago=10, email_status=Notification.EmailStatus.FAILED
    )
    pending(
        ketenregisseur, minutes_ago=10, email_status=Notification.EmailStatus.NOT_NEEDED
    )
    old = pending(ketenregisseur, minutes_ago=3)
    assert sweep_pending_notification_emails() == 1
    assert queued == [(old.pk,)]


def test_after_five_failures_the_row_is_failed(ketenregisseur, smtp_down):
    notification = pending(ketenregisseur, minutes_ago=3)
    for _ in range(MAX_EMAIL_ATTEMPTS - 1):
        assert sweep_pending_notification_emails() == 1
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert notification.email_attempts == MAX_EMAIL_ATTEMPTS - 1

    assert sweep_pending_notification_emails() == 1
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.FAILED
    assert notification.email_attempts == MAX_EMAIL_ATTEMPTS
    assert len(smtp_down) == MAX_EMAIL_ATTEMPTS

    # A failed row is left for a person to look at; the sweep stops trying.
    assert sweep_pending_notification_emails() == 0
    assert len(smtp_down) == MAX_EMAIL_ATTEMPTS
    assert mail.outbox == []


def test_the_beat_schedule_runs_the_sweep_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-pending-notification-emails"]
    assert entry["task"] == "notifications.tasks.sweep_pending_notification_emails"
    assert entry["schedule"].minute == set(range(0, 60, 5))
    assert datetime.timedelta(minutes=2) == tasks.SWEEP_AFTER
