"""Lockout of the account itself, across addresses, on top of axes' per-address one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from notifications.models import Notification
from tests.accounts.test_login import password_step

pytestmark = pytest.mark.django_db


def from_address(number: int) -> Client:
    return Client(REMOTE_ADDR=f"198.51.100.{number}")


def test_failures_spread_over_many_addresses_lock_the_account(
    police_officer, settings, django_capture_on_commit_callbacks
):
    # Fewer than the per-address limit from each address: axes alone locks nothing.
    per_address = settings.AXES_FAILURE_LIMIT - 1
    address = 0
    with django_capture_on_commit_callbacks(execute=True):
        failures = 0
        while failures < settings.ACCOUNT_LOCKOUT_LIMIT:
            address += 1
            client = from_address(address)
            for _ in range(min(per_address, settings.ACCOUNT_LOCKOUT_LIMIT - failures)):
                password_step(client, "pieter.agent", "fout-wachtwoord")
                failures += 1
    assert address > 1
    # The right password from yet another address is refused now.
    response = password_step(from_address(200), "pieter.agent")
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()

    notifications = Notification.objects.filter(recipient=police_officer)
    assert notifications.count() == 1
    notification = notifications.get()
    assert "geblokkeerd" in notification.title
    assert "Pieter" not in notification.title
    assert notification.link == "/account/sessies/"
    assert [m.to for m in mail.outbox] == [[police_officer.email]]
    assert "Pieter" not in mail.outbox[0].body


def test_the_account_limit_does_not_lock_another_account(
    police_officer, om_officer, settings
):
    for number in range(settings.ACCOUNT_LOCKOUT_LIMIT):
        password_step(from_address(number), "pieter.agent", "fout-wachtwoord")
    assert password_step(from_address(250), "olga.officier").status_code == 302
    assert not Notification.objects.filter(recipient=om_officer).exists()


def test_further_failures_during_the_lock_notify_nobody_again(police_officer, settings):
    for number in range(settings.ACCOUNT_LOCKOUT_LIMIT + 3):
        password_step(from_address(number), "pieter.agent", "fout-wachtwoord")
    assert Notification.objects.filter(recipient=police_officer).count() == 1
