"""A person logs in with password and authenticator code in a real Chromium."""

from __future__ import annotations

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import axe_violations
from tests.factories import TEST_PASSWORD, UserFactory
from tests.matching import first_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def test_ketenregisseur_logs_in_with_two_factors_and_sees_the_rings(
    live_server, page, ketenregisseur
):
    page.goto(f"{live_server.url}/organisaties/")
    assert "/inloggen/" in page.url
    assert page.get_by_text("Fictieve demo-omgeving").is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Gebruikersnaam").fill("kim.regisseur")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/inloggen/code/")
    device = TOTPDevice.objects.get(user=ketenregisseur)
    page.get_by_label("Verificatiecode").fill(current_code(device))
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/organisaties/")
    assert page.get_by_role("heading", name="Kernteam").is_visible()
    assert page.get_by_role("heading", name="Flexibele schil").is_visible()
    assert page.get_by_text("Politie Eenheid Demoland").first.is_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/inloggen/")
    page.goto(f"{live_server.url}/organisaties/")
    assert "/inloggen/" in page.url


def test_a_new_user_enrols_by_keyboard_only(live_server, page, region, beheerder):
    from accounts.services import enrolment_invite

    user = UserFactory.create(
        username="nina.nieuw", organisation=region.school, totp=False, password=None
    )
    enrolment_invite(user=user, actor=beheerder)
    path = first_group(r"https?://[^/]+(/\S+/)", mail.outbox[-1].body)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_url("**/inloggen/activeren/")
    assert axe_violations(page) == []
    page.keyboard.type(TEST_PASSWORD)  # the first password field has focus on load
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/inloggen/instellen/")
    assert page.locator(".app-qr svg").is_visible()
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Verificatiecode").fill(current_code(device))
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/herstelcodes/")
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
