from __future__ import annotations

import logging
import secrets

from celery import Task, shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import EnrolmentLink
from partners.models import User, UserSession

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_password_reset_mail(self: Task[[int], bool], user_id: int) -> bool:
    """Mail a reset link. Safe to run twice: a second link is as valid as the first.

    The subject says nothing about the person (docs/threat-model.md); the body is a link.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        logger.info("event=password_reset_skipped user_id=%s", user_id)
        return False
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "accounts/email/password_reset.txt",
            {
                "user": user,
                "url": f"{settings.SITE_URL}{path}",
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
        )
        subject = _("Wachtwoord opnieuw instellen – Ketenaanpak")
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    logger.info("event=password_reset_sent user_id=%s", user_id)
    return True


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_enrolment_mail(self: Task[[int], bool], link_id: int) -> bool:
    """Make the link's token, store its hash and mail the link, all or nothing.

    Only the id travels through the queue. The row stays locked while the mail
    goes out; a link already mailed (a task delivered twice), replaced, used or
    expired is not mailed again. The mail holds the link and nothing about the
    person (docs/threat-model.md).
    """
    with transaction.atomic():
        link = (
            EnrolmentLink.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=link_id)
            .first()
        )
        if link is None or link.token_hash or not link.is_open:
            logger.info("event=enrolment_mail_skipped link_id=%s", link_id)
            return False
        user = link.user
        if not user.is_active or not user.email:
            logger.info("event=enrolment_mail_skipped link_id=%s", link_id)
            return False
        token = secrets.token_urlsafe(32)
        link.token_hash = EnrolmentLink.hash_token(token)
        link.save(update_fields=["token_hash"])
        path = reverse("accounts:enrolment-link", kwargs={"token": token})
        invitation = link.purpose == EnrolmentLink.Purpose.INVITATION
        with override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "accounts/email/enrolment_link.txt",
                {
                    "invitation": invitation,
                    "url": f"{settings.SITE_URL}{path}",
                    "hours": settings.ENROLMENT_LINK_TIMEOUT // 3600,
                },
            )
            subject = (
                _("Uitnodiging voor de ketenaanpak")
                if invitation
                else _("Tweestapsverificatie opnieuw instellen – Ketenaanpak")
            )
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except OSError as exc:
            # The hash rolls back with the transaction; the retry makes a new token.
            raise self.retry(exc=exc) from exc
    logger.info("event=enrolment_mail_sent link_id=%s", link_id)
    return True


@shared_task
def clear_expired_sessions() -> int:
    """Nightly: drop expired sessions and the session list entries that pointed to them."""
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    orphans = UserSession.objects.exclude(
        session_key__in=Session.objects.values("session_key")
    )
    count, _ = orphans.delete()
    return count
