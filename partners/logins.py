"""Reads about whether a user can log in, for the login itself and the beheer pages.

Below ``accounts`` in the layers, so that the functioneel beheerder's user pages
(here in partners) and the login (accounts) answer from the same rule.
"""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import User


def user_has_authenticator(*, user: User) -> bool:
    """A confirmed TOTP device: the user logs in with it; else they need a link."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
