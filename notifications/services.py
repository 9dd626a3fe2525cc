"""Writes for notifications: create them (and queue their e-mail), mark them read.

Apps above this one call ``notify`` from inside their own service transaction, e.g.
when an urgent signal arrives::

    notify(
        recipients=recipients_with_roles(roles=[Role.KETENREGISSEUR]),
        kind=Notification.Kind.URGENT_SIGNAL,
        title=f"Urgent signaal {signal.reference} ontvangen",
        link=reverse("signals:detail", kwargs={"uuid": signal.uuid}),
    )

The title must say *that* something is waiting, never about whom.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.models import Notification
from notifications.selectors import recipients_with_roles as recipients_with_roles
from notifications.tasks import send_notification_email
from partners.models import User

logger = logging.getLogger(__name__)


def _enqueue_email(notification_id: int) -> None:
    def enqueue() -> None:
        send_notification_email.delay(notification_id)

    # Robust: if Redis is down at commit, the row stays pending and the sweep
    # sends it later; the caller's committed work must not turn into an error.
    transaction.on_commit(enqueue, robust=True)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: Notification.Kind | str,
    title: str,
    link: str,
    email: bool = True,
) -> list[Notification]:
    """Create one notification per active recipient, in the caller's transaction.

    Each e-mail is queued only when that transaction commits (ids only), so a
    rolled-back request notifies nobody. Recipients without an e-mail address
    get the notification in the app only.
    """
    now = timezone.now()
    seen: set[int] = set()
    notifications: list[Notification] = []
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        wants_email = email and bool(user.email)
        notification = Notification(
            recipient=user,
            kind=kind,
            title=title,
            link=link,
            created_at=now,
            email_status=(
                Notification.EmailStatus.PENDING
                if wants_email
                else Notification.EmailStatus.NOT_NEEDED
            ),
        )
        notification.full_clean()
        notifications.append(notification)
    Notification.objects.bulk_create(notifications)
    for notification in notifications:
        if notification.email_status == Notification.EmailStatus.PENDING:
            _enqueue_email(notification.pk)
    logger.info(
        "event=notifications_created kind=%s count=%d", kind, len(notifications)
    )
    return notifications


@transaction.atomic
def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark the user's own notification read; reading it again keeps the first time."""
    if notification.recipient_id != user.pk:
        # Callers look notifications up through the selector; this is the backstop.
        raise Notification.DoesNotExist
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_email_retry(*, notification: Notification) -> bool:
    """Give a failed e-mail another five attempts (functioneel beheer, after a fix)."""
    updated = Notification.objects.filter(
        pk=notification.pk, email_status=Notification.EmailStatus.FAILED
    ).update(email_status=Notification.EmailStatus.PENDING, email_attempts=0)
    if updated:
        _enqueue_email(notification.pk)
    return bool(updated)


@transaction.atomic
def account_locked_notify(*, user: User) -> list[Notification]:
    """Tell a user that their account was locked after too many failed logins.

    Called by accounts.lockout in the failing request (accounts cannot import us).
    The title names nobody; the link is the user's own account page, where they
    change their password once they are back in.
    """
    with override(settings.LANGUAGE_CODE):
        title = _(
            "Uw account is tijdelijk geblokkeerd na te veel mislukte inlogpogingen. "
            "Was u dat niet? Wijzig dan uw wachtwoord."
        )
    return notify(
        recipients=[user],
        kind=Notification.Kind.GENERAL,
        title=title,
        link=reverse("accounts:sessions"),
    )
