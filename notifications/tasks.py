"""Notification e-mail: sent by a worker, re-swept by beat until done.

Only ids travel through Redis. The row's ``email_status`` is the source of truth:
a task sends only while it holds the row locked and the row is still pending, so a
task delivered twice (acks late, a sweep racing a slow queue) mails once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.models import Notification

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
# Younger rows still have their own task on the way; older ones were lost or failed.
SWEEP_AFTER = timedelta(minutes=2)
SWEEP_BATCH = 1000
# The row stays locked while the mail server answers; do not wait for it forever.
SMTP_TIMEOUT_SECONDS = 30


@shared_task
def send_notification_email(notification_id: int) -> str:
    """Mail "er staat iets voor u klaar" with the link; return the resulting status.

    An SMTP or network error counts an attempt and leaves the row pending for the
    sweep; the fifth failed attempt marks it failed.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            logger.info("event=notification_email_skipped id=%s", notification_id)
            return "missing"
        if notification.email_status != Notification.EmailStatus.PENDING:
            return notification.email_status
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            notification.email_status = Notification.EmailStatus.NOT_NEEDED
            notification.save(update_fields=["email_status"])
            logger.info("event=notification_email_not_needed id=%s", notification.pk)
            return notification.email_status

        with override(settings.LANGUAGE_CODE):
            subject = _("Er staat iets voor u klaar – Ketenaanpak")
            body = render_to_string(
                "notifications/email/notification.txt",
                {
                    "title": notification.title,
                    "url": f"{settings.SITE_URL}{notification.link}",
                },
            )
        connection = get_connection(
            timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT_SECONDS
        )
        try:
            send_mail(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
                connection=connection,
            )
        except OSError as exc:  # smtplib.SMTPException is an OSError too
            notification.email_attempts += 1
            if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
                notification.email_status = Notification.EmailStatus.FAILED
            notification.save(update_fields=["email_attempts", "email_status"])
            logger.warning(
                "event=notification_email_error id=%s attempts=%d status=%s error=%s",
                notification.pk,
                notification.email_attempts,
                notification.email_status,
                type(exc).__name__,
            )
            return notification.email_status

        notification.email_status = Notification.EmailStatus.SENT
        notification.email_attempts += 1
        notification.emailed_at = timezone.now()
        notification.save(
            update_fields=["email_status", "email_attempts", "emailed_at"]
        )
    logger.info("event=notification_email_sent id=%s", notification.pk)
    return notification.email_status


@shared_task
def sweep_pending_notification_emails() -> int:
    """Beat, every few minutes: queue again every e-mail that is still pending."""
    cutoff = timezone.now() - SWEEP_AFTER
    ids = list(
        Notification.objects.filter(
            email_status=Notification.EmailStatus.PENDING, created_at__lt=cutoff
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for notification_id in ids:
        send_notification_email.delay(notification_id)
    if ids:
        logger.info("event=notification_email_swept count=%d", len(ids))
    return len(ids)
