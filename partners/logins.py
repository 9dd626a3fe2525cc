"""Reads about whether a user can log in, for the login itself and the beheer pages.

Below ``accounts`` in the layers, so that the functioneel beheerder's user pages
(here in partners) and the login (accounts) answer from the same rule.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import User


def user_has_authenticator(*, user: User) -> bool:
    """A confirmed TOTP device: the user logs in with it; else they need a link."""
    # django-otp ships no types: its querysets are Any to mypy.
    confirmed: bool = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return confirmed


# Lockout. django-axes stores one row of failures per username, address and browser;
# a failure counts while its row's last attempt lies within the cool-off. Axes itself
# locks a username at one address (AXES_FAILURE_LIMIT); accounts.lockout adds the
# lock of the account across all addresses (ACCOUNT_LOCKOUT_LIMIT).


def _recent_attempts() -> QuerySet[AccessAttempt]:
    threshold = timezone.now() - settings.AXES_COOLOFF_TIME
    # django-axes ships no types: its querysets are Any to mypy.
    recent: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
        attempt_time__gte=threshold
    )
    return recent


def account_failures(*, username: str) -> int:
    """Failed passwords and codes for ``username`` from all addresses together."""
    total = (
        _recent_attempts()
        .filter(username=username)
        .aggregate(total=Sum("failures_since_start"))["total"]
    )
    return total or 0


def locked_out_q() -> Q:
    """Users locked out now: their account, or their username at some address."""
    by_account = (
        _recent_attempts()
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.ACCOUNT_LOCKOUT_LIMIT)
        .values("username")
    )
    by_address = (
        _recent_attempts()
        .values("username", "ip_address")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.AXES_FAILURE_LIMIT)
        .values("username")
    )
    return Q(username__in=by_account) | Q(username__in=by_address)


def user_is_locked_out(*, user: User) -> bool:
    return User.objects.filter(locked_out_q(), pk=user.pk).exists()


def with_lockout(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate ``is_locked_out`` (beheer list: "geblokkeerd", not "actief")."""
    return users.annotate(
        is_locked_out=ExpressionWrapper(locked_out_q(), output_field=BooleanField())
    )


def locked_out_users(*, limit: int) -> list[User]:
    """Users locked out now, by name, at most ``limit`` (the beheerder's start page,
    which links to the user list for the rest)."""
    return list(
        User.objects.filter(locked_out_q())
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")[:limit]
    )
