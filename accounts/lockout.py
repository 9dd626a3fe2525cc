"""Lockout per account on top of django-axes' lockout per username and address.

Axes counts failures per username *and* address, so a locked-out attacker carries on
from the next address. ``AccountLockoutHandler`` also locks the account itself once
its failures from all addresses together, within the same cool-off, reach
``ACCOUNT_LOCKOUT_LIMIT`` (a higher limit: anybody who knows a username can lock its
account). The user hears of it through the listeners that apps above us register
(notifications), since accounts cannot import them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.http import HttpRequest

from partners.logins import account_failures
from partners.models import User

logger = logging.getLogger(__name__)

AccountLockedListener = Callable[..., object]
_listeners: list[AccountLockedListener] = []


def account_locked_listen(listener: AccountLockedListener) -> None:
    """Call ``listener(user=…)`` in the failing request when an account locks."""
    if listener not in _listeners:
        _listeners.append(listener)


def _account_locked(username: str) -> None:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        return  # failures for a name nobody has lock nobody and notify nobody
    logger.warning("event=account_locked user_id=%s", user.pk)
    for listener in _listeners:
        listener(user=user)


# django-axes ships no type information, so its handler is Any to mypy.
class AccountLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def is_locked(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> bool:
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        return bool(username) and (
            account_failures(username=username) >= settings.ACCOUNT_LOCKOUT_LIMIT
        )

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        username = get_client_username(request, credentials)
        if not username:
            return
        failures = account_failures(username=username)
        if failures >= settings.ACCOUNT_LOCKOUT_LIMIT:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            if failures == settings.ACCOUNT_LOCKOUT_LIMIT:
                # The failure that locked it; later ones within the cool-off only
                # extend the lock and notify nobody again.
                _account_locked(username)
