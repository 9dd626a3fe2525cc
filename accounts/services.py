"""Login with a second factor, and the sessions that result from it."""

from __future__ import annotations

import datetime
import secrets
import time
from functools import partial

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import (
    login,
    logout,
    update_session_auth_hash,
    user_login_failed,
)
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentLink
from accounts.tasks import send_enrolment_mail
from audit.constants import Action
from audit.http import client_ip
from audit.services import audit_record
from partners.logins import user_has_authenticator
from partners.models import User, UserSession

PENDING_KEY = "accounts_pending_2fa"
# Between the password step and the code step; long enough to open an authenticator.
PENDING_MAX_AGE = 5 * 60
# After the password step on an enrolment link: time to install an app and scan.
ENROLMENT_PENDING_MAX_AGE = 15 * 60
# The enrolment link that was opened in this session, before its password step.
LINK_KEY = "accounts_enrolment_link"
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"


def pending_start(
    request: HttpRequest, user: User, *, link: EnrolmentLink | None = None
) -> None:
    """Remember that ``user`` passed the password step; nobody is logged in yet.

    Only a password step taken on an open enrolment ``link`` may lead to enrolment.
    """
    request.session.cycle_key()
    request.session.pop(LINK_KEY, None)
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "since": time.time(),
        "link_id": link.pk if link is not None else None,
    }


def pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_KEY)
    max_age = ENROLMENT_PENDING_MAX_AGE if pending_link_id(request) else PENDING_MAX_AGE
    if not pending or time.time() - pending["since"] > max_age:
        request.session.pop(PENDING_KEY, None)
        return None
    return (
        User.objects.filter(pk=pending["user_id"], is_active=True)
        .select_related("organisation")
        .first()
    )


def pending_link_id(request: HttpRequest) -> int | None:
    """The enrolment link on which the pending user passed the password step."""
    pending = request.session.get(PENDING_KEY) or {}
    link_id = pending.get("link_id")
    return link_id if isinstance(link_id, int) else None


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def has_confirmed_totp(user: User) -> bool:
    return user_has_authenticator(user=user)


def credentials_for(user: User) -> dict[str, str]:
    field: str = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    return {field: user.get_username()}


def is_locked_out(request: HttpRequest, user: User) -> bool:
    return bool(AxesProxyHandler.is_locked(request, credentials_for(user)))


def second_factor_failed(request: HttpRequest, user: User) -> None:
    """A wrong code counts towards the same lockout as a wrong password."""
    user_login_failed.send(
        sender=__name__, credentials=credentials_for(user), request=request
    )
    with transaction.atomic():
        audit_record(
            actor=user, action=Action.LOGIN_FAILED, reason="onjuiste verificatiecode"
        )


def totp_device_for_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed device shown as a QR code until the user confirms one code."""
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=False
        )
    return device


def verify_code(user: User, token: str) -> Device | None:
    """Check ``token`` against the user's confirmed TOTP device, then recovery codes."""
    token = "".join(token.split())
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(
            user=user, confirmed=True
        ).select_for_update():
            if device.verify_is_allowed()[0] and device.verify_token(token):
                return device
        for static in StaticDevice.objects.filter(
            user=user, confirmed=True
        ).select_for_update():
            if static.verify_token(token):  # a recovery code works once
                return static
    return None


# --- enrolment links --------------------------------------------------------------


class EnrolmentLinkInvalid(Exception):
    """The link cannot (or can no longer) be used; ``reason`` says why."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REPLACED = "replaced"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _enrolment_link_check(link: EnrolmentLink | None) -> EnrolmentLink:
    if link is None or not link.user.is_active:
        raise EnrolmentLinkInvalid(EnrolmentLinkInvalid.UNKNOWN)
    if link.used_at is not None:
        raise EnrolmentLinkInvalid(EnrolmentLinkInvalid.USED)
    if link.revoked_at is not None:
        raise EnrolmentLinkInvalid(EnrolmentLinkInvalid.REPLACED)
    if timezone.now() >= link.expires_at:
        raise EnrolmentLinkInvalid(EnrolmentLinkInvalid.EXPIRED)
    return link


def enrolment_link_for_token(token: str) -> EnrolmentLink:
    """The open link with this token; raises ``EnrolmentLinkInvalid`` otherwise."""
    link = (
        EnrolmentLink.objects.select_related("user")
        .filter(token_hash=EnrolmentLink.hash_token(token))
        .first()
    )
    return _enrolment_link_check(link)


def enrolment_link_get(*, link_id: int, user: User | None = None) -> EnrolmentLink:
    """The open link ``link_id`` (of ``user``); raises ``EnrolmentLinkInvalid``."""
    links = EnrolmentLink.objects.select_related("user").filter(pk=link_id)
    if user is not None:
        links = links.filter(user=user)
    return _enrolment_link_check(links.first())


def _enrolment_link_issue(*, user: User, purpose: str) -> EnrolmentLink:
    """Replace the user's open link by a new one and mail it once this commits.

    The caller holds the user's row locked. The token is made, hashed and mailed
    by the task, so it never travels through the queue or rests in the database.
    """
    now = timezone.now()
    EnrolmentLink.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    link = EnrolmentLink(
        user=user,
        purpose=purpose,
        created_at=now,
        expires_at=now + datetime.timedelta(seconds=settings.ENROLMENT_LINK_TIMEOUT),
    )
    link.full_clean()
    link.save()
    transaction.on_commit(partial(send_enrolment_mail.delay, link.pk))
    return link


@transaction.atomic
def enrolment_invite(*, user: User, actor: User | None) -> EnrolmentLink:
    """Functioneel beheer: mail a new user the link to set up their authenticator."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("Deze gebruiker is niet actief."))
    if not user.email:
        raise ValidationError(
            _("Deze gebruiker heeft geen e-mailadres. Vul dat eerst in.")
        )
    if has_confirmed_totp(user):
        raise ValidationError(
            _(
                "Deze gebruiker heeft al een authenticator-app. Gebruik "
                "'Tweestapsverificatie opnieuw instellen' als die kwijt is."
            )
        )
    link = _enrolment_link_issue(user=user, purpose=EnrolmentLink.Purpose.INVITATION)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=user,
        changed_fields=["uitnodiging_verstuurd"],
    )
    return link


@transaction.atomic
def enrolment_password_set(*, user: User, password: str, link: EnrolmentLink) -> None:
    """A new account chooses its password on its invitation link."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _enrolment_link_check(
        EnrolmentLink.objects.select_related("user").filter(pk=link.pk).first()
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user, action=Action.UPDATE, obj=user, changed_fields=["wachtwoord"]
    )


@transaction.atomic
def enrolment_confirm(
    *, user: User, device: TOTPDevice, token: str, link_id: int
) -> list[str] | None:
    """Confirm the new TOTP device with one code; returns fresh recovery codes.

    The enrolment link is spent here, so it enrols one device once; a link that
    was replaced, expired or used meanwhile raises ``EnrolmentLinkInvalid``.
    """
    link = _enrolment_link_check(
        EnrolmentLink.objects.select_for_update()
        .select_related("user")
        .filter(pk=link_id, user=user)
        .first()
    )
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token("".join(token.split())):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = recovery_codes_regenerate(user=user)
    audit_record(
        actor=user, action=Action.UPDATE, obj=user, changed_fields=["tweede_factor"]
    )
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(
        user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
    )
    codes = [
        f"{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}"
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=static, token=code) for code in codes
    )
    return codes


@transaction.atomic
def second_factor_reset(*, user: User, actor: User | None) -> EnrolmentLink | None:
    """Functioneel beheer: a lost phone. The old devices and sessions end at once;
    the user enrols again through the link mailed to them (None: no address)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    UserSession.end_all_for(user)
    link = None
    if user.is_active and user.email:
        link = _enrolment_link_issue(user=user, purpose=EnrolmentLink.Purpose.RESET)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=user,
        changed_fields=["tweede_factor_gereset"],
    )
    return link


@transaction.atomic
def user_unlock(*, user: User, actor: User | None) -> int:
    """Functioneel beheer: lift the lockout of an account (every address)."""
    count: int = AxesProxyHandler.reset_attempts(username=user.get_username())
    audit_record(
        actor=actor, action=Action.UPDATE, obj=user, changed_fields=["ontgrendeld"]
    )
    return count


def password_wrong(request: HttpRequest, user: User) -> None:
    """A wrong current password on "Mijn account" counts as a failed login: a
    stolen session cannot guess the password without running into the lockout."""
    user_login_failed.send(
        sender=__name__, credentials=credentials_for(user), request=request
    )
    with transaction.atomic():
        audit_record(
            actor=user, action=Action.LOGIN_FAILED, reason="onjuist huidig wachtwoord"
        )


@transaction.atomic
def password_change(request: HttpRequest, *, user: User, password: str) -> int:
    """Set a new password; this session stays, every other one ends."""
    user.set_password(password)
    user.save(update_fields=["password"])
    old_key = request.session.session_key
    ended = UserSession.end_all_for(user, keep=old_key)
    update_session_auth_hash(request, user)  # gives this session a new key
    UserSession.objects.filter(session_key=old_key).update(
        session_key=request.session.session_key or ""
    )
    audit_record(
        actor=user, action=Action.UPDATE, obj=user, changed_fields=["wachtwoord"]
    )
    return ended


def login_complete(request: HttpRequest, user: User, device: Device) -> None:
    """Both factors passed: log in, bind the device, record the session."""
    pending_clear(request)
    login(request, user, backend="accounts.backends.OrganisationModelBackend")
    otp_login(request, device)
    with transaction.atomic():
        UserSession.objects.update_or_create(
            session_key=request.session.session_key or "",
            defaults={
                "user": user,
                "ip_address": client_ip(request) or None,
                "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            },
        )
        audit_record(actor=user, action=Action.LOGIN, reason=type(device).__name__)


def logout_complete(request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        with transaction.atomic():
            UserSession.objects.filter(session_key=request.session.session_key).delete()
            audit_record(actor=user, action=Action.LOGOUT)
    logout(request)
