"""The dossier page's Casusoverleg section in one real Chromium, for the
ketenregisseur and for a school taking part: axe-clean and no wider than 320 px
(screenshots in /tmp when DSECTION_SHOTS is set)."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import axe_violations, signed_in_context
from tests.casusoverleg import test_dossier_section
from tests.casusoverleg.test_dossier_section import OPSPORING

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The section tests' world: a case on two meetings' agendas with three interventions.
world = test_dossier_section.world


@pytest.mark.parametrize("persona", ["ketenregisseur", "school_worker"])
def test_the_section_reads_at_1280_and_320(
    browser,
    live_server,
    world,
    persona,
    request,
):
    user = request.getfixturevalue(persona)
    context = signed_in_context(browser, live_server, user)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dossiers/{world.dossier_a.uuid}/#casusoverleg")
    section = page.locator("section#casusoverleg")
    section.wait_for()
    assert (OPSPORING in section.inner_text()) == (persona == "ketenregisseur")
    assert axe_violations(page) == []
    shots = os.environ.get("DSECTION_SHOTS")
    if shots:
        section.screenshot(path=f"{shots}/{persona}-1280.png")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    if shots:
        section.screenshot(path=f"{shots}/{persona}-320.png")
    context.close()
