"""A school worker enters a signal in a real Chromium; the police does not get to see it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from signals.models import Signal
from tests.browser.conftest import axe_violations
from tests.browser.test_login import current_code
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user, path: str) -> None:
    """Through the real login: password, then the authenticator code."""
    page.goto(f"{live_server.url}{path}")
    page.wait_for_url("**/inloggen/**")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/inloggen/code/")
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Verificatiecode").fill(current_code(device))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**{path}")


def test_the_school_worker_enters_a_signal_the_police_does_not_see(
    live_server, page, school_worker, police_officer
):
    log_in(page, live_server, school_worker, "/signalen/")
    page.get_by_role("link", name="Nieuw signaal").click()
    page.wait_for_url("**/signalen/nieuw/")
    assert axe_violations(page) == []

    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    page.get_by_label("Waargenomen op").fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Gebeurtenis").fill(
        "Leerling wordt na school opgehaald door een oudere man.\nZe schrok toen."
    )
    page.get_by_label("Over wie gaat het signaal?").select_option(
        label="Mogelijk slachtoffer"
    )
    page.get_by_label("Urgent", exact=True).check()
    page.get_by_label("Bron", exact=True).select_option(
        label="Onderwijs (zorgteam, leerplicht, school)"
    )
    page.get_by_label("Steekwoorden").fill("scooter, oudere man")
    # The indicator groups are disclosures: one opened and ticked by mouse, one
    # by keyboard.
    page.locator("summary", has_text="Uiterlijke en fysieke gesteldheid").click()
    page.get_by_label("Ziet er plotseling uitdagend en sexy uit").click()
    page.locator(
        "summary", has_text="Gedrag en houding ten opzichte van anderen"
    ).focus()
    page.keyboard.press("Enter")
    page.get_by_label("Wordt gehaald en gebracht met scooter/auto").focus()
    page.keyboard.press("Space")
    person = page.locator('[data-person="0"]')
    person.get_by_label("Rol").select_option(label="Mogelijk slachtoffer")
    person.get_by_label(re.compile(r"^Naam")).fill("Fictief Meisje")
    person.get_by_label("Geschatte leeftijd").fill("15")
    page.get_by_role("button", name="Signaal opslaan").click()

    page.wait_for_url(re.compile(r".*/signalen/[0-9a-f-]{36}/$"))
    signal = Signal.objects.get()
    assert signal.organisation.slug == "school"
    assert {i.code for i in signal.indicators.all()} == {
        "uiterlijk.uitdagend",
        "gedrag.opgehaald_gebracht",
    }
    assert list(signal.persons.values_list("name", flat=True)) == ["Fictief Meisje"]
    assert page.get_by_role("status").get_by_text(signal.reference).is_visible()
    assert page.get_by_role(
        "heading", name=f"Signaal {signal.reference}", level=1
    ).is_visible()
    assert page.get_by_text("Fictief Meisje").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/inloggen/")
    log_in(page, live_server, police_officer, "/signalen/")
    assert page.get_by_role("heading", name="Signalen", level=1).is_visible()
    assert page.get_by_text(signal.reference).count() == 0
