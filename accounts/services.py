"""Login with a second factor, and the sessions that result from it."""

from __future__ import annotations

import secrets
import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import login, logout, user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.constants import Action
from audit.http import client_ip
from audit.services import audit_record
from partners.models import User, UserSession

PENDING_KEY = "accounts_pending_2fa"
# Between the password step and the code step; long enough to open an authenticator.
PENDING_MAX_AGE = 5 * 60
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"


def pending_start(request: HttpRequest, user: User) -> None:
    """Remember that ``user`` passed the password step; nobody is logged in yet."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"user_id": user.pk, "since": time.time()}


def pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_MAX_AGE:
        request.session.pop(PENDING_KEY, None)
        return None
    return (
        User.objects.filter(pk=pending["user_id"], is_active=True)
        .select_related("organisation")
        .first()
    )


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


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


@transaction.atomic
def enrolment_confirm(
    *, user: User, device: TOTPDevice, token: str
) -> list[str] | None:
    """Confirm the new TOTP device with one code; returns fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token("".join(token.split())):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
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
def second_factor_reset(*, user: User, actor: Any) -> None:
    """Functioneel beheer: a lost phone. The user enrols again at the next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    UserSession.end_all_for(user)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=user,
        changed_fields=["tweede_factor_gereset"],
    )


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
